/* vigil-checkin: the person on duty records that they are at their post,
 * or acknowledges an incident, as their own Unix user (the roster's user
 * column). The check-in is a file in the spool folder, written atomically;
 * the vigil_duty plugin reads who wrote it and when, not what it says. */
#include "vigil_config.h"

#include "common/vg_roster.h"
#include "common/vg_root.h"
#include "atomic_file.h"
#include "timeutil.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct {
  const char *roster;
  const char *person;
  const char *file;
  const char *spool;
  const char *timezone;
  const char *ack; /* an incident to acknowledge, or NULL */
  const char *ack_dir;
} options_t;

static void usage(FILE *fp)
{
  fprintf(fp, "Usage: vigil-checkin --roster NAME --person ID [--roster-file CSV]\n"
              "                     [--spool DIR] [--timezone TZ]\n"
              "       vigil-checkin --ack INCIDENT --person ID [--ack-dir DIR]\n"
              "                     [--roster NAME [--roster-file CSV]]\n"
              "\n"
              "Records that PERSON, on duty now in roster NAME, is at their post; or\n"
              "that PERSON acknowledged an incident (its ID from collectd's log).\n"
              "Only PERSON's own user (the roster's user column) may do either.\n"
              "\n"
              "  -r, --roster NAME       the roster (its name in the CSV's roster column)\n"
              "  -p, --person ID         your person_id in the roster\n"
              "  -f, --roster-file CSV   default /etc/vigil/rosters.csv\n"
              "  -s, --spool DIR         default /var/spool/vigil/checkins\n"
              "  -z, --timezone TZ       for roster times without an offset\n"
              "                          (default Asia/Ho_Chi_Minh)\n"
              "  -a, --ack INCIDENT      acknowledge an incident of vigil_incident\n"
              "  -d, --ack-dir DIR       default /var/spool/vigil/acks\n"
              "\n"
              "Exit status: 0 recorded; 1 not on duty now, or an error (said why).\n");
}

static int parse_args(int argc, char **argv, options_t *o)
{
  static const struct option longopts[] = {
      {"roster", required_argument, NULL, 'r'},      {"person", required_argument, NULL, 'p'},
      {"roster-file", required_argument, NULL, 'f'}, {"spool", required_argument, NULL, 's'},
      {"timezone", required_argument, NULL, 'z'},    {"ack", required_argument, NULL, 'a'},
      {"ack-dir", required_argument, NULL, 'd'},     {"help", no_argument, NULL, 'h'},
      {"version", no_argument, NULL, 'V'},           {NULL, 0, NULL, 0}};
  int ch;

  o->file = "/etc/vigil/rosters.csv";
  o->spool = "/var/spool/vigil/checkins";
  o->timezone = "Asia/Ho_Chi_Minh";
  o->ack_dir = "/var/spool/vigil/acks";
  while ((ch = getopt_long(argc, argv, "r:p:f:s:z:a:d:hV", longopts, NULL)) != -1) {
    switch (ch) {
    case 'r':
      o->roster = optarg;
      break;
    case 'p':
      o->person = optarg;
      break;
    case 'f':
      o->file = optarg;
      break;
    case 's':
      o->spool = optarg;
      break;
    case 'z':
      o->timezone = optarg;
      break;
    case 'a':
      o->ack = optarg;
      break;
    case 'd':
      o->ack_dir = optarg;
      break;
    case 'h':
      usage(stdout);
      exit(0);
    case 'V':
      printf("vigil-checkin %s\n", PACKAGE_VERSION);
      exit(0);
    default:
      usage(stderr);
      return -1;
    }
  }
  if ((o->roster == NULL && o->ack == NULL) || o->person == NULL || optind < argc) {
    fprintf(stderr, "vigil-checkin: --person and --roster (or --ack) are required\n");
    usage(stderr);
    return -1;
  }
  return 0;
}

typedef struct {
  const char *person;
  int found;
  char user[256]; /* the person's Unix user, from the roster */
  char others[1024];
} duty_t;

static void note_shift(const vg_shift_t *s, void *arg)
{
  duty_t *d = arg;
  size_t used = strlen(d->others);

  if (strcmp(s->person_id, d->person) == 0) {
    d->found = 1;
    snprintf(d->user, sizeof(d->user), "%s", s->user);
  } else if (used + strlen(s->person_id) + 3 < sizeof(d->others))
    snprintf(d->others + used, sizeof(d->others) - used, "%s%s", used ? ", " : "", s->person_id);
}

/* Writes "epoch\n" to spool/roster/person atomically. */
static int record(const options_t *o, time_t now)
{
  char dir[4096], path[4096], err[1024];
  vg_atomic_file_t *f;

  if (vg_checkin_path(o->spool, o->roster, o->person, path, sizeof(path)) != 0) {
    fprintf(stderr, "vigil-checkin: the roster and person names may not hold '/'\n");
    return -1;
  }
  snprintf(dir, sizeof(dir), "%s/%s", o->spool, o->roster);
  if (mkdir(dir, 0700) == 0) {
    /* the roster's folder takes the spool's mode (3770: the duty group may
     * write, each member only remove their own), whatever the umask, so
     * that every member of the group can check in after the first */
    struct stat spool;
    if (stat(o->spool, &spool) != 0 || chmod(dir, spool.st_mode & 07777) != 0) {
      fprintf(stderr, "vigil-checkin: %s: %s\n", dir, strerror(errno));
      return -1;
    }
  } else if (errno != EEXIST) {
    fprintf(stderr, "vigil-checkin: %s: %s\n", dir, strerror(errno));
    return -1;
  }
  f = vg_atomic_open(path, err, sizeof(err));
  if (f == NULL) {
    fprintf(stderr, "vigil-checkin: %s\n", err);
    return -1;
  }
  vg_atomic_chmod(f, 0640); /* who checked in is for the duty group, not everyone */
  fprintf(vg_atomic_stream(f), "%lld\n", (long long)now);
  if (vg_atomic_commit(f, err, sizeof(err)) != 0) {
    fprintf(stderr, "vigil-checkin: %s\n", err);
    return -1;
  }
  return 0;
}

/* Writes "epoch person" to ack_dir/INCIDENT atomically. */
static int acknowledge(const options_t *o, time_t now)
{
  char path[4096], err[1024];
  vg_atomic_file_t *f;

  if (o->ack[0] == '\0' || strchr(o->ack, '/') != NULL || o->ack[0] == '.') {
    fprintf(stderr, "vigil-checkin: '%s' is not an incident id\n", o->ack);
    return -1;
  }
  if (o->person[0] == '\0' || strpbrk(o->person, " \t\r\n") != NULL) {
    fprintf(stderr,
            "vigil-checkin: --person '%s': a person id is one word, without spaces (the id in "
            "the roster, e.g. nva)\n",
            o->person);
    return -1;
  }
  snprintf(path, sizeof(path), "%s/%s", o->ack_dir, o->ack);
  f = vg_atomic_open(path, err, sizeof(err));
  if (f == NULL) {
    fprintf(stderr, "vigil-checkin: %s\n", err);
    return -1;
  }
  vg_atomic_chmod(f, 0640);
  fprintf(vg_atomic_stream(f), "%lld %s\n", (long long)now, o->person);
  if (vg_atomic_commit(f, err, sizeof(err)) != 0) {
    fprintf(stderr, "vigil-checkin: %s\n", err);
    return -1;
  }
  printf("vigil-checkin: %s acknowledged incident %s\n", o->person, o->ack);
  return 0;
}

/* Checks that o->person is on duty in o->roster now and that the caller is
 * that person's user. Returns 0, or -1 after saying why not. */
static int on_duty_as_me(const options_t *o, time_t now)
{
  vg_roster_t roster;
  duty_t duty;
  char err[1024], me[256];
  int offset;

  if (vt_parse_zone(o->timezone, &offset) != 0) {
    fprintf(stderr, "vigil-checkin: --timezone '%s' is not UTC, +HH:MM or a zone vigil knows\n",
            o->timezone);
    return -1;
  }
  if (vg_roster_load(o->file, o->roster, offset, &roster, err, sizeof(err)) != 0) {
    fprintf(stderr, "vigil-checkin: %s\n", err);
    return -1;
  }
  memset(&duty, 0, sizeof(duty));
  duty.person = o->person;
  vg_roster_at(&roster, now, note_shift, &duty);
  vg_roster_free(&roster);
  if (!duty.found) {
    fprintf(stderr, "vigil-checkin: %s is not on duty in roster %s now; on duty: %s\n", o->person,
            o->roster, duty.others[0] ? duty.others : "nobody (a gap in the roster)");
    return -1;
  }
  vg_user_name(getuid(), me, sizeof(me));
  if (strcmp(me, duty.user) != 0) {
    fprintf(stderr,
            "vigil-checkin: you are %s, and %s's user in roster %s is %s: only %s can do this "
            "for %s\n",
            me, o->person, o->roster, duty.user, duty.user, o->person);
    return -1;
  }
  return 0;
}

int main(int argc, char **argv)
{
  options_t o;
  time_t now = time(NULL);

  memset(&o, 0, sizeof(o));
  if (parse_args(argc, argv, &o) != 0)
    return 1;
  if (o.roster != NULL && on_duty_as_me(&o, now) != 0)
    return 1;
  if (o.ack != NULL)
    return acknowledge(&o, now) == 0 ? 0 : 1;
  if (record(&o, now) != 0)
    return 1;
  printf("vigil-checkin: %s checked in for roster %s\n", o.person, o.roster);
  return 0;
}

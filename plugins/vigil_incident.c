/* vigil_incident: incidents opened by collectd's FAILURE notifications and
 * closed by OKAY, journalled to disk so they survive a restart (directive
 * items "respond to incidents" and "handle incidents promptly").
 *
 * <Plugin vigil_incident>
 *   Team "soc"                                  # plugin instance; default "default"
 *   Journal "/var/lib/vigil/incidents.journal"  # appended and fsync'd
 *   AckDir "/var/spool/vigil/acks"              # where vigil-checkin --ack writes
 *   IgnoreReceived true                         # notifications from the network plugin
 * </Plugin>
 *
 * An OKAY dated before the incident it would close opened is ignored (a
 * replayed or long-delayed notification cannot close a newer outage), and
 * counted in derive-stale_okay. With IgnoreReceived, notifications the
 * network plugin received (meta network:received) are not recorded: they
 * carry no sender that could be checked, so on a central collector the
 * incidents come from its own threshold plugin, judging values whose
 * sender vigil_transport checked. Counted in derive-ignored_received.
 *
 * An incident is about one subject, host/plugin-instance (a service, an
 * endpoint, a backup location), and the series of it that failed
 * (type-instance): a FAILURE opens one unless its subject has one open, to
 * which the series then joins; an OKAY takes its series out, and closes the
 * incident when no failed series is left. So one outage is one incident,
 * however many of the subject's thresholds it breaks. A person acknowledges
 * one with `vigil-checkin --ack ID`; the plugin journals the acknowledgement
 * at its next read, as made by the file's owner at the time it read it (what
 * the file says is not taken), and removes the file; one written before the
 * incident opened (left from an earlier incident of that id) is refused. Journal lines
 * (tab-separated): "open ID TIME KEY MESSAGE", "join ID TIME KEY MESSAGE", "leave ID TIME KEY",
 * "ack ID TIME PERSON", "close ID TIME", KEY being the series host/plugin-instance/type-instance.
 * At start the journal is replayed: incidents still open stay open; a torn last line (a crash
 * mid-write) is cut off. Dispatches vigil_incident/<team> count-open and duration-oldest_open_age
 * (0 while none is open), every interval.
 */
#include "collectd/core/daemon/collectd.h"

#include "collectd/core/daemon/plugin.h"
#include "collectd/core/utils/common/common.h"

#include "common/vg_plugin.h"
#include "common/vg_root.h"
#include "common/vg_roster.h"
#include "textscan.h"

#include <dirent.h>
#include <pthread.h>
#include <pwd.h>

#define INC_MAX_OPEN 4096
#define INC_MAX_SERIES 16 /* failed series of one incident */

typedef struct {
  char id[32];
  char key[6 * DATA_MAX_NAME_LEN]; /* the series that opened it */
  size_t subject_len;              /* key's host/plugin-instance: up to its last '/' */
  time_t opened;
  bool acked;
  bool stale_logged; /* an OKAY older than the opening was logged */
  size_t n_series;
  uint64_t series[INC_MAX_SERIES]; /* the failed series, by the hash of their type-instance */
} inc_open_t;

static char *inc_team;
static char *inc_journal;
static char *inc_ackdir;
static char *inc_roster;       /* who may acknowledge: on duty in this roster, or NULL */
static char *inc_roster_file;  /* its CSV */
static int inc_offset = 25200; /* for roster times without an offset */
static bool inc_ignore_received;
static uint64_t inc_stale_okay, inc_ignored_received;
static c_complain_t inc_received_complaint = C_COMPLAIN_INIT_STATIC;
static inc_open_t inc_open[INC_MAX_OPEN];
static size_t inc_n_open;
static unsigned long inc_seq;
static derive_t inc_untracked; /* FAILUREs refused because the table was full */
static c_complain_t inc_full_complaint = C_COMPLAIN_INIT_STATIC;
static pthread_mutex_t inc_lock = PTHREAD_MUTEX_INITIALIZER;

/* ---- journal ---- */

/* Appends one line and syncs it. Returns 0, or -1 (logged). */
static int inc_append(const char *line)
{
  int fd = open(inc_journal, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0640);
  size_t len = strlen(line);
  int rc = 0;

  if (fd < 0 || write(fd, line, len) != (ssize_t)len || fsync(fd) != 0) {
    ERROR("vigil_incident plugin: cannot write the journal %s: %s", inc_journal, STRERRNO);
    rc = -1;
  }
  if (fd >= 0)
    close(fd);
  return rc;
}

/* The length of a series key's subject (host/plugin-instance), and the
 * hash of the rest (its type-instance): FNV-1a. */
static size_t inc_subject_len(const char *key)
{
  const char *slash = strrchr(key, '/');

  return slash != NULL ? (size_t)(slash - key) : strlen(key);
}

static uint64_t inc_series_hash(const char *key)
{
  uint64_t h = 14695981039346656037ULL;

  for (const char *p = key + inc_subject_len(key); *p; p++)
    h = (h ^ (unsigned char)*p) * 1099511628211ULL;
  return h;
}

static inc_open_t *inc_find_id(const char *id)
{
  for (size_t i = 0; i < inc_n_open; i++)
    if (strcmp(inc_open[i].id, id) == 0)
      return &inc_open[i];
  return NULL;
}

/* The open incident about the subject of a series key. */
static inc_open_t *inc_find_subject(const char *key)
{
  size_t len = inc_subject_len(key);

  for (size_t i = 0; i < inc_n_open; i++)
    if (inc_open[i].subject_len == len && strncmp(inc_open[i].key, key, len) == 0)
      return &inc_open[i];
  return NULL;
}

/* The index of a series among an incident's failed ones, or -1. */
static int inc_series_at(const inc_open_t *inc, uint64_t h)
{
  for (size_t i = 0; i < inc->n_series; i++)
    if (inc->series[i] == h)
      return (int)i;
  return -1;
}

static void inc_series_add(inc_open_t *inc, uint64_t h)
{
  if (inc_series_at(inc, h) < 0 && inc->n_series < INC_MAX_SERIES)
    inc->series[inc->n_series++] = h;
}

static void inc_series_drop(inc_open_t *inc, uint64_t h)
{
  int i = inc_series_at(inc, h);

  if (i >= 0)
    inc->series[i] = inc->series[--inc->n_series];
}

static void inc_start(inc_open_t *inc, const char *id, const char *key, time_t opened)
{
  memset(inc, 0, sizeof(*inc));
  sstrncpy(inc->id, id, sizeof(inc->id));
  sstrncpy(inc->key, key, sizeof(inc->key));
  inc->subject_len = inc_subject_len(inc->key);
  inc->opened = opened;
  inc_series_add(inc, inc_series_hash(inc->key));
}

static void inc_remove(inc_open_t *inc)
{
  *inc = inc_open[--inc_n_open];
}

/* Applies one journal line to the open set. */
static void inc_apply(char *line)
{
  char *f[5], *end;
  size_t nf = vs_split_fields(line, '\t', f, 5);
  inc_open_t *inc;
  unsigned long seq;

  if (nf < 3)
    return;
  if (f[1][0] == 'I') {
    errno = 0;
    seq = strtoul(f[1] + 1, &end, 10);
    if (errno == 0 && end != f[1] + 1 && *end == '\0' && seq > inc_seq)
      inc_seq = seq;
  }
  inc = inc_find_id(f[1]);
  if (strcmp(f[0], "open") == 0 && nf >= 4 && inc == NULL && inc_n_open < INC_MAX_OPEN) {
    inc_start(&inc_open[inc_n_open++], f[1], f[3], (time_t)strtoll(f[2], NULL, 10));
  } else if (strcmp(f[0], "join") == 0 && nf >= 4 && inc != NULL) {
    inc_series_add(inc, inc_series_hash(f[3]));
  } else if (strcmp(f[0], "leave") == 0 && nf >= 4 && inc != NULL) {
    inc_series_drop(inc, inc_series_hash(f[3]));
  } else if (strcmp(f[0], "ack") == 0 && inc != NULL) {
    inc->acked = true;
  } else if (strcmp(f[0], "close") == 0 && inc != NULL) {
    inc_remove(inc);
  }
}

/* Replays the journal; cuts a torn last line. */
static int inc_replay(void)
{
  char line[4096], why[128];
  FILE *fp = vg_open_regular(inc_journal, 0, 0, NULL, why, sizeof(why));
  long good = 0;

  if (fp == NULL && errno == ENOENT)
    return 0;
  if (fp == NULL) {
    ERROR("vigil_incident plugin: cannot read the journal %s: %s.", inc_journal, why);
    return -1;
  }
  while (fgets(line, sizeof(line), fp) != NULL) {
    if (strchr(line, '\n') == NULL)
      break; /* torn: written partly when collectd died */
    good = ftell(fp);
    line[strcspn(line, "\n")] = '\0';
    inc_apply(line);
  }
  fseek(fp, 0, SEEK_END);
  if (ftell(fp) != good) {
    WARNING("vigil_incident plugin: %s: a torn last line (from a crash) was cut off.", inc_journal);
    if (truncate(inc_journal, good) != 0)
      ERROR("vigil_incident plugin: cannot cut %s: %s", inc_journal, STRERRNO);
  }
  fclose(fp);
  return 0;
}

/* ---- notifications ---- */

/* The key of a notification, its names escaped: whatever another host
 * puts in them, a journal line stays one line of its own fields. */
static void inc_key(const notification_t *n, char *key, size_t len)
{
  char raw[6 * DATA_MAX_NAME_LEN];

  snprintf(raw, sizeof(raw), "%s/%s%s%s/%s%s%s", n->host, n->plugin,
           n->plugin_instance[0] ? "-" : "", n->plugin_instance, n->type,
           n->type_instance[0] ? "-" : "", n->type_instance);
  vg_escape_name(raw, key, len);
}

/* True when the network plugin received n. */
static bool inc_received(const notification_t *n)
{
  for (const notification_meta_t *m = n->meta; m != NULL; m = m->next)
    if (strcmp(m->name, "network:received") == 0)
      return true;
  return false;
}

static int inc_notify(const notification_t *n, user_data_t *ud)
{
  char key[6 * DATA_MAX_NAME_LEN], line[4096], msg[NOTIF_MAX_MSG_LEN];
  time_t now = CDTIME_T_TO_TIME_T(n->time ? n->time : cdtime());
  inc_open_t *inc;
  uint64_t series;

  (void)ud;
  if (n->severity != NOTIF_FAILURE && n->severity != NOTIF_OKAY)
    return 0;
  if (inc_ignore_received && inc_received(n)) {
    pthread_mutex_lock(&inc_lock);
    inc_ignored_received++;
    pthread_mutex_unlock(&inc_lock);
    c_complain_once(LOG_NOTICE, &inc_received_complaint,
                    "vigil_incident plugin: a notification the network plugin received (%s/%s) "
                    "is not recorded (IgnoreReceived); later ones are counted in "
                    "derive-ignored_received.",
                    n->host, n->plugin);
    return 0;
  }
  inc_key(n, key, sizeof(key));
  series = inc_series_hash(key);
  vg_escape_name(n->message, msg, sizeof(msg));
  pthread_mutex_lock(&inc_lock);
  inc = inc_find_subject(key);
  if (n->severity == NOTIF_OKAY && inc != NULL && now < inc->opened) {
    inc_stale_okay++;
    if (!inc->stale_logged)
      WARNING("vigil_incident plugin: an OKAY for %s dated %lld s before incident %s opened is "
              "ignored (replayed or delayed); counted in derive-stale_okay.",
              key, (long long)(inc->opened - now), inc->id);
    inc->stale_logged = true;
  } else if (n->severity == NOTIF_FAILURE && inc != NULL) {
    if (inc_series_at(inc, series) < 0 && inc->n_series < INC_MAX_SERIES) {
      snprintf(line, sizeof(line), "join\t%.31s\t%lld\t%.768s\t%.1024s\n", inc->id, (long long)now,
               key, msg);
      if (inc_append(line) == 0) {
        inc_series_add(inc, series);
        INFO("vigil_incident plugin: incident %s: %s (%s) too.", inc->id, key, msg);
      }
    }
  } else if (n->severity == NOTIF_FAILURE && inc_n_open >= INC_MAX_OPEN) {
    inc_untracked++;
    c_complain(LOG_ERR, &inc_full_complaint,
               "vigil_incident plugin: %d incidents are open, no more can be tracked: %s (%s) "
               "is not journalled; counted in derive-untracked.",
               INC_MAX_OPEN, key, msg);
  } else if (n->severity == NOTIF_FAILURE) {
    char id[32];
    inc = &inc_open[inc_n_open];
    snprintf(id, sizeof(id), "I%lu", ++inc_seq);
    inc_start(inc, id, key, now);
    snprintf(line, sizeof(line), "open\t%.31s\t%lld\t%.768s\t%.1024s\n", inc->id, (long long)now,
             key, msg);
    if (inc_append(line) == 0) {
      inc_n_open++;
      INFO("vigil_incident plugin: incident %s opened: %s (%s).", inc->id, key, msg);
    }
  } else if (n->severity == NOTIF_OKAY && inc != NULL && inc_series_at(inc, series) >= 0 &&
             inc->n_series > 1) {
    snprintf(line, sizeof(line), "leave\t%.31s\t%lld\t%.768s\n", inc->id, (long long)now, key);
    if (inc_append(line) == 0) {
      inc_series_drop(inc, series);
      INFO("vigil_incident plugin: incident %s: %s is OKAY; %zu series still failed.", inc->id, key,
           inc->n_series);
    }
  } else if (n->severity == NOTIF_OKAY && inc != NULL && inc_series_at(inc, series) >= 0) {
    snprintf(line, sizeof(line), "close\t%.31s\t%lld\n", inc->id, (long long)now);
    if (inc_append(line) == 0) {
      INFO("vigil_incident plugin: incident %s closed after %lld s.", inc->id,
           (long long)(now - inc->opened));
      inc_remove(inc);
      c_release(LOG_INFO, &inc_full_complaint,
                "vigil_incident plugin: below %d open incidents again; new ones are tracked.",
                INC_MAX_OPEN);
    }
  }
  pthread_mutex_unlock(&inc_lock);
  return 0;
}

/* ---- acknowledgements ---- */

/* AckDir/<id> into path. */
static void inc_ack_path(const char *id, char *path, size_t len)
{
  snprintf(path, len, "%.3900s/%.31s", inc_ackdir, id);
}

/* One acknowledgement file read: the incident, who wrote the file (its
 * owner, never what it says) and when the plugin read it; or why it is
 * refused. */
typedef struct {
  char id[32];
  long long time;
  char person[128];  /* the owner's user name, escaped */
  char claimed[128]; /* the person the file names, escaped */
  time_t written;    /* the file's status change time (the kernel's) */
  bool refused;
  char why[256];
} inc_ack_t;

/* Reads AckDir/<id>, "time person", written by vigil-checkin --ack (the
 * duty group): a FIFO, a link or an outsized file is not read. Returns 0
 * when a file was there (ack->refused tells whether it counts), -1 when
 * there is none to read. */
static int inc_read_ack_file(const char *id, time_t now, inc_ack_t *ack)
{
  char path[PATH_MAX], buf[256], why[128], pwbuf[256];
  struct stat st;
  size_t n;
  FILE *fp;

  memset(ack, 0, sizeof(*ack));
  memset(&st, 0, sizeof(st));
  inc_ack_path(id, path, sizeof(path));
  if ((fp = vg_open_regular(path, VG_OPEN_NOFOLLOW, sizeof(buf), &st, why, sizeof(why))) == NULL) {
    if (errno == ENOENT)
      return -1;
    ack->refused = true;
    snprintf(ack->why, sizeof(ack->why), "%s", why);
  }
  sstrncpy(ack->id, id, sizeof(ack->id));
  ack->time = (long long)now;
  ack->written = st.st_ctim.tv_sec; /* set by the kernel, not by the writer */
  if (fp != NULL) {
    if (fgets(buf, sizeof(buf), fp) == NULL)
      buf[0] = '\0';
    fclose(fp);
    char *p = buf + strcspn(buf, " \t\r\n"); /* the time the file claims: not used */
    p += strspn(p, " \t");
    n = strcspn(p, " \t\r\n");
    p[n] = '\0';
    vg_escape_name(p, ack->claimed, sizeof(ack->claimed));
  }
  vg_escape_name(vg_user_name(st.st_uid, pwbuf, sizeof(pwbuf)), ack->person, sizeof(ack->person));
  return 0;
}

/* Whether user is the user of someone on duty now in the Roster; the
 * reason in why when not. Without a Roster anyone in the folder's group
 * may acknowledge. */
static bool inc_on_duty(const char *user, time_t now, char *why, size_t len)
{
  vg_roster_t roster;
  char err[512];
  struct {
    const char *user;
    bool found;
    char others[256];
  } scan = {.user = user};

  if (inc_roster == NULL)
    return true;
  if (vg_roster_load(inc_roster_file, inc_roster, inc_offset, &roster, err, sizeof(err)) != 0) {
    snprintf(why, len, "the roster cannot be read (%.200s)", err);
    return false;
  }
  for (size_t i = 0; i < roster.n; i++) {
    const vg_shift_t *s = &roster.shifts[i];
    size_t used = strlen(scan.others);
    if (s->start > now || now >= s->end)
      continue;
    if (strcmp(s->user, user) == 0)
      scan.found = true;
    else if (used + strlen(s->user) + 3 < sizeof(scan.others))
      snprintf(scan.others + used, sizeof(scan.others) - used, "%s%s", used ? ", " : "", s->user);
  }
  vg_roster_free(&roster);
  if (!scan.found)
    snprintf(why, len, "%s is not on duty in roster %s now (on duty: %s)", user, inc_roster,
             scan.others[0] ? scan.others : "nobody");
  return scan.found;
}

/* True when name is an incident id, I<digits>: vigil-checkin's files in
 * the making (I1.tmp.XXXXXX) and anything else are left alone. */
static bool inc_is_id(const char *name)
{
  size_t n = strlen(name);

  return n >= 2 && n < 32 && name[0] == 'I' && strspn(name + 1, "0123456789") == n - 1;
}

/* Journals acknowledgements of open incidents, each consumed once read;
 * one of an incident that is not open, or was acknowledged already, or by
 * someone not on duty, is refused with the reason and removed. The files
 * are read without inc_lock, so that nothing in the ack folder can hold up
 * notifications. */
static void inc_read_acks(void)
{
  static char ids[INC_MAX_OPEN][32];
  static inc_ack_t acks[INC_MAX_OPEN];
  size_t n_acks = 0;
  time_t now = time(NULL);
  DIR *dir = opendir(inc_ackdir);
  struct dirent *de;

  if (dir == NULL)
    return;
  while (n_acks < INC_MAX_OPEN && (de = readdir(dir)) != NULL)
    if (inc_is_id(de->d_name) && inc_read_ack_file(de->d_name, now, &acks[n_acks]) == 0)
      sstrncpy(ids[n_acks++], de->d_name, sizeof(ids[0]));
  closedir(dir);
  for (size_t i = 0; i < n_acks; i++)
    if (!acks[i].refused && !inc_on_duty(acks[i].person, now, acks[i].why, sizeof(acks[i].why)))
      acks[i].refused = true;
  pthread_mutex_lock(&inc_lock);
  for (size_t i = 0; i < n_acks; i++) {
    inc_ack_t *ack = &acks[i];
    inc_open_t *inc = inc_find_id(ack->id);
    char line[512], path[PATH_MAX];
    if (!ack->refused && (inc == NULL || inc->acked)) {
      snprintf(ack->why, sizeof(ack->why), "%s",
               inc == NULL ? "no incident of that id is open" : "it was acknowledged already");
      ack->refused = true;
    }
    if (!ack->refused && ack->written < inc->opened) {
      snprintf(ack->why, sizeof(ack->why),
               "it was written %lld s before the incident opened (an acknowledgement of an "
               "earlier incident of that id)",
               (long long)(inc->opened - ack->written));
      ack->refused = true;
    }
    if (ack->refused) {
      WARNING("vigil_incident plugin: acknowledgement %s/%s by %s refused: %s; removed.",
              inc_ackdir, ack->id, ack->person, ack->why);
    } else {
      snprintf(line, sizeof(line), "ack\t%.31s\t%lld\t%.127s\n", inc->id, ack->time, ack->person);
      if (inc_append(line) != 0)
        continue; /* the file stays for the next read */
      inc->acked = true;
      INFO("vigil_incident plugin: incident %s acknowledged by %s after %lld s.", inc->id,
           ack->person, ack->time - (long long)inc->opened);
      if (ack->claimed[0] != '\0' && strcmp(ack->claimed, ack->person) != 0)
        NOTICE("vigil_incident plugin: the acknowledgement of %s names \"%s\"; it is recorded "
               "as written by its owner, %s.",
               inc->id, ack->claimed, ack->person);
    }
    inc_ack_path(ack->id, path, sizeof(path));
    if (unlink(path) != 0 && errno != ENOENT)
      ERROR("vigil_incident plugin: cannot remove %s: %s", path, STRERRNO);
  }
  pthread_mutex_unlock(&inc_lock);
}

static int inc_read(void)
{
  time_t now = time(NULL), oldest = 0;
  size_t open;
  derive_t untracked, stale, ignored;

  inc_read_acks();
  pthread_mutex_lock(&inc_lock);
  open = inc_n_open;
  untracked = inc_untracked;
  stale = (derive_t)inc_stale_okay;
  ignored = (derive_t)inc_ignored_received;
  for (size_t i = 0; i < inc_n_open; i++)
    if (oldest == 0 || inc_open[i].opened < oldest)
      oldest = inc_open[i].opened;
  pthread_mutex_unlock(&inc_lock);
  vg_submit("vigil_incident", inc_team, "count", "open", (gauge_t)open);
  vg_submit_derive("vigil_incident", inc_team, "untracked", untracked);
  vg_submit_derive("vigil_incident", inc_team, "stale_okay", stale);
  vg_submit_derive("vigil_incident", inc_team, "ignored_received", ignored);
  /* 0 while nothing is open: a team with no incident has evidence too */
  vg_submit("vigil_incident", inc_team, "duration", "oldest_open_age",
            open > 0 && difftime(now, oldest) > 0 ? difftime(now, oldest) : 0);
  return 0;
}

/* ---- configuration ---- */

static int inc_config_path(const vg_cf_t *cx, oconfig_item_t *c, char **dest)
{
  if (vg_cf_string(cx, c, dest) != 0)
    return -1;
  if ((*dest)[0] != '/') {
    vg_cf_error(cx, c, "needs an absolute path, not \"%s\"", *dest);
    return -1;
  }
  return 0;
}

static int inc_config(oconfig_item_t *ci)
{
  static const vg_cf_t cx = {.plugin = "vigil_incident"};
  int errors = 0;

  for (int i = 0; i < ci->children_num; i++) {
    oconfig_item_t *c = ci->children + i;
    int rc;
    if (strcasecmp(c->key, "Team") == 0) {
      rc = vg_cf_string(&cx, c, &inc_team);
      if (rc == 0 && (inc_team[0] == '\0' || strchr(inc_team, '/') != NULL)) {
        vg_cf_error(&cx, c, "needs a name, not empty, without '/'");
        rc = -1;
      }
    } else if (strcasecmp(c->key, "Journal") == 0) {
      rc = inc_config_path(&cx, c, &inc_journal);
    } else if (strcasecmp(c->key, "AckDir") == 0) {
      rc = inc_config_path(&cx, c, &inc_ackdir);
    } else if (strcasecmp(c->key, "Roster") == 0) {
      rc = vg_cf_string(&cx, c, &inc_roster);
    } else if (strcasecmp(c->key, "RosterFile") == 0) {
      rc = inc_config_path(&cx, c, &inc_roster_file);
    } else if (strcasecmp(c->key, "TimeZone") == 0) {
      rc = vg_cf_timezone(&cx, c, &inc_offset);
    } else if (strcasecmp(c->key, "IgnoreReceived") == 0) {
      rc = vg_cf_bool(&cx, c, &inc_ignore_received);
    } else {
      ERROR("vigil_incident plugin: Unknown option `%s'.", c->key);
      rc = -1;
    }
    errors += rc != 0;
  }
  return errors ? -1 : 0;
}

static int inc_init(void)
{
  if (inc_team == NULL)
    inc_team = sstrdup("default");
  if (inc_journal == NULL)
    inc_journal = sstrdup("/var/lib/vigil/incidents.journal");
  if (inc_ackdir == NULL)
    inc_ackdir = sstrdup("/var/spool/vigil/acks");
  if (inc_roster != NULL && inc_roster_file == NULL)
    inc_roster_file = sstrdup("/etc/vigil/rosters.csv");
  if (inc_replay() != 0)
    return -1;
  if (inc_n_open > 0)
    INFO("vigil_incident plugin: %zu incident(s) still open from the journal.", inc_n_open);
  return 0;
}

static int inc_shutdown(void)
{
  sfree(inc_team);
  sfree(inc_journal);
  sfree(inc_ackdir);
  sfree(inc_roster);
  sfree(inc_roster_file);
  inc_offset = 25200;
  inc_ignore_received = false;
  inc_stale_okay = inc_ignored_received = 0;
  inc_received_complaint = (c_complain_t)C_COMPLAIN_INIT_STATIC;
  inc_n_open = 0;
  inc_seq = 0;
  inc_untracked = 0;
  return 0;
}

void module_register(void)
{
  plugin_register_complex_config("vigil_incident", inc_config);
  plugin_register_init("vigil_incident", inc_init);
  plugin_register_read("vigil_incident", inc_read);
  plugin_register_notification("vigil_incident", inc_notify, NULL);
  plugin_register_shutdown("vigil_incident", inc_shutdown);
}

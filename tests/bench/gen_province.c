/* gen_province: writes a synthetic province for the benchmarks: N hosts,
 * each with the 20 RRD files collectd would write for a state agency's
 * vigil plugins (a value every 60 s, or every --step seconds, over the
 * 4-day window of the catalogue and 3 days before), with gaps and failures,
 * through librrd; and an inventory.
 *
 *   gen_province [--layout default|deployment] [--step S] DIR HOSTS [END_EPOCH [DAEMON]]
 *
 * With DAEMON (e.g. unix:/run/rrdcached.sock) the files are created here, as
 * collectd's rrdcached plugin does, and the values go through rrdcached,
 * flushed at the end. Prints the files written, the values written and the
 * rate. */
#include <errno.h>
#include <rrd.h>
#include <rrd_client.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define SPAN (7 * 86400)
#define CHUNK 512

enum kind { K_STATE, K_AGE, K_COUNT0, K_COUNT, K_TLSVER, K_UPTIME, K_DERIVE };

static const struct {
  const char *dir, *file, *ds, *dst;
  enum kind kind;
} files[20] = {
    {"uptime", "uptime", "value", "GAUGE", K_UPTIME},
    {"vigil_backup-db", "duration-newest_age", "seconds", "GAUGE", K_AGE},
    {"vigil_backup-db", "files-matching", "value", "GAUGE", K_COUNT},
    {"vigil_duty-it", "vigil_state-covered", "value", "GAUGE", K_STATE},
    {"vigil_posture-antivirus", "duration-signature_age", "seconds", "GAUGE", K_AGE},
    {"vigil_posture-antivirus", "vigil_state-running", "value", "GAUGE", K_STATE},
    {"vigil_posture-firewall", "vigil_state-active", "value", "GAUGE", K_STATE},
    {"vigil_posture-ids", "vigil_state-running", "value", "GAUGE", K_STATE},
    {"vigil_posture-net", "count-cleartext_listeners", "value", "GAUGE", K_COUNT0},
    {"vigil_posture-net", "count-exposed_db_listeners", "value", "GAUGE", K_COUNT0},
    {"vigil_posture-os", "count-pending_security_updates", "value", "GAUGE", K_COUNT0},
    {"vigil_posture-os", "vigil_state-reboot_required", "value", "GAUGE", K_COUNT0},
    {"vigil_accounts-system", "users-uid0", "value", "GAUGE", K_COUNT0},
    {"vigil_accounts-system", "users-empty_password", "value", "GAUGE", K_COUNT0},
    {"vigil_accounts-sshd", "vigil_state-root_login_disabled", "value", "GAUGE", K_STATE},
    {"vigil_accounts-sshd", "vigil_state-password_auth_disabled", "value", "GAUGE", K_STATE},
    {"vigil_maillog-gov", "derive-social_registrations", "value", "DERIVE", K_DERIVE},
    {"vigil_tls-portal", "vigil_state-handshake_ok", "value", "GAUGE", K_STATE},
    {"vigil_tls-portal", "timeleft-cert_expiry", "value", "GAUGE", K_AGE},
    {"vigil_tls-portal", "gauge-protocol_version", "value", "GAUGE", K_TLSVER},
};

static long STEP = 60; /* seconds between values (--step) */
static const char *daemon_addr;
static int default_layout; /* collectd's own RRAs at 10 s instead of 60 s rows */
static char **written;
static size_t n_written;

static uint64_t rng = 88172645463325252ULL;

static uint64_t next_rand(void)
{
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

/* The value of a file of kind k at row r of a host that fails (bad). */
static double value_at(enum kind k, long r, int bad)
{
  switch (k) {
  case K_STATE:
    return bad && r % 1440 > 1200 ? 0 : 1;
  case K_AGE:
    return (double)((r % (86400 / STEP)) * STEP + 600);
  case K_COUNT0:
    return bad ? 2 : 0;
  case K_COUNT:
    return bad ? 0 : 3;
  case K_TLSVER:
    return bad ? 1.0 : 1.3;
  case K_UPTIME:
    return (double)(r * STEP);
  case K_DERIVE:
    return bad ? (double)(r / 90) : 0;
  }
  return 0;
}

/* Creates and fills one file; returns the values written, or -1. */
static long write_file(const char *path, const char *ds, const char *dst, enum kind k, time_t end,
                       long gap_from, long gap_len, int bad)
{
  char dsdef[128], *argv[CHUNK];
  static char bufs[CHUNK][64];
  const char *deployment[] = {dsdef, "RRA:AVERAGE:0.5:1:10080", "RRA:MIN:0.5:1:10080",
                              "RRA:MAX:0.5:1:10080"};
  const char *collectd[] = {dsdef,
                            "RRA:AVERAGE:0.1:1:1200",
                            "RRA:MIN:0.1:1:1200",
                            "RRA:MAX:0.1:1:1200",
                            "RRA:AVERAGE:0.1:7:1235",
                            "RRA:MIN:0.1:7:1235",
                            "RRA:MAX:0.1:7:1235",
                            "RRA:AVERAGE:0.1:50:1210",
                            "RRA:MIN:0.1:50:1210",
                            "RRA:MAX:0.1:50:1210",
                            "RRA:AVERAGE:0.1:223:1201",
                            "RRA:MIN:0.1:223:1201",
                            "RRA:MAX:0.1:223:1201",
                            "RRA:AVERAGE:0.1:2635:1201",
                            "RRA:MIN:0.1:2635:1201",
                            "RRA:MAX:0.1:2635:1201"};
  long rows = SPAN / STEP, written = 0;
  time_t start = end - SPAN;
  int rc;

  snprintf(dsdef, sizeof(dsdef), "DS:%s:%s:%ld:0:U", ds, dst, 2 * STEP);
  rrd_clear_error();
  if (default_layout)
    rc = rrd_create_r2(path, 10, start, 0, NULL, NULL, 16, collectd);
  else
    rc = rrd_create_r2(path, STEP, start, 0, NULL, NULL, 4, deployment);
  if (rc != 0) {
    fprintf(stderr, "gen_province: %s: %s\n", path, rrd_get_error());
    return -1;
  }
  /* rrdcached takes a command line of at most 4 KiB */
  int chunk = daemon_addr != NULL ? 100 : CHUNK;
  for (long r = 1; r <= rows;) {
    int n = 0;
    for (; n < chunk && r <= rows; r++) {
      if (r >= gap_from && r < gap_from + gap_len)
        continue;
      snprintf(bufs[n], sizeof(bufs[n]), "%ld:%g", (long)(start + r * STEP), value_at(k, r, bad));
      argv[n] = bufs[n];
      n++;
    }
    if (n == 0)
      continue;
    rrd_clear_error();
    if (daemon_addr != NULL ? rrdc_update(path, n, (const char **)argv) != 0
                            : rrd_updatex_r(path, NULL, 0, n, (const char **)argv) != 0) {
      fprintf(stderr, "gen_province: %s: %s\n", path, rrd_get_error());
      return -1;
    }
    written += n;
  }
  return written;
}

static int mkdir_p(const char *path)
{
  return mkdir(path, 0755) == 0 || errno == EEXIST ? 0 : -1;
}

int main(int argc, char **argv)
{
  char path[4096];
  struct timespec t0, t1;
  long hosts, values = 0;
  time_t end;
  FILE *inv;

  while (argc > 2 && strncmp(argv[1], "--", 2) == 0) {
    if (strcmp(argv[1], "--layout") == 0 && strcmp(argv[2], "default") != 0 &&
        strcmp(argv[2], "deployment") != 0) {
      fprintf(stderr, "gen_province: --layout takes default or deployment\n");
      return 1;
    }
    if (strcmp(argv[1], "--layout") == 0) {
      default_layout = strcmp(argv[2], "default") == 0;
    } else if (strcmp(argv[1], "--step") == 0) {
      STEP = strtol(argv[2], NULL, 10);
      if (STEP < 10 || STEP > 3600 || 86400 % STEP != 0) {
        fprintf(stderr, "gen_province: --step takes seconds from 10 to 3600 that divide a day\n");
        return 1;
      }
    } else {
      fprintf(stderr, "gen_province: unknown option %s\n", argv[1]);
      return 1;
    }
    argv += 2;
    argc -= 2;
  }
  if (argc < 3) {
    fprintf(stderr, "usage: gen_province [--layout deployment|default] [--step S] DIR HOSTS "
                    "[END_EPOCH]\n");
    return 1;
  }
  hosts = strtol(argv[2], NULL, 10);
  end = argc > 3 ? (time_t)strtol(argv[3], NULL, 10) : (time_t)1588525200; /* 2020-05-04T00:00+07 */
  if (argc > 4) {
    daemon_addr = argv[4];
    if (rrdc_connect(daemon_addr) != 0) {
      fprintf(stderr, "gen_province: %s: %s\n", daemon_addr, rrd_get_error());
      return 1;
    }
  }
  if (mkdir_p(argv[1]) != 0) {
    perror(argv[1]);
    return 1;
  }
  snprintf(path, sizeof(path), "%s/agencies.xml", argv[1]);
  inv = fopen(path, "w");
  if (inv == NULL) {
    perror(path);
    return 1;
  }
  fprintf(inv, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<inventory xmlns=\"urn:vigil:inventory:1\" id=\"synthetic\">\n"
               "  <province xml:lang=\"vi\">T\u1EC9nh m\u1EABu</province>\n"
               "  <province xml:lang=\"en\">Synthetic province</province>\n");
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long h = 0; h < hosts; h++) {
    int bad = (int)(next_rand() % 10) == 0; /* one host in ten fails something */
    long gap_from = (long)(next_rand() % (SPAN / STEP));
    long gap_len = next_rand() % 4 == 0 ? (long)(next_rand() % 240) : 0; /* up to 4 h */

    fprintf(inv,
            "  <agency id=\"a%05ld\" categories=\"state-agency\">\n"
            "    <name xml:lang=\"vi\">Co quan %ld</name>\n"
            "    <name xml:lang=\"en\">Agency %ld</name>\n"
            "    <host>host%05ld</host>\n  </agency>\n",
            h, h, h, h);
    snprintf(path, sizeof(path), "%s/data/", argv[1]);
    mkdir_p(path);
    snprintf(path, sizeof(path), "%s/data/host%05ld", argv[1], h);
    mkdir_p(path);
    for (int f = 0; f < 20; f++) {
      snprintf(path, sizeof(path), "%s/data/host%05ld/%s", argv[1], h, files[f].dir);
      mkdir_p(path);
      snprintf(path, sizeof(path), "%s/data/host%05ld/%s/%s.rrd", argv[1], h, files[f].dir,
               files[f].file);
      if (daemon_addr != NULL) {
        char **grown = realloc(written, (n_written + 1) * sizeof(*written));
        if (grown == NULL || (grown[n_written] = strdup(path)) == NULL)
          return 1;
        written = grown;
        n_written++;
      }
      long n = write_file(path, files[f].ds, files[f].dst, files[f].kind, end, gap_from, gap_len,
                          bad && f % 5 == h % 5);
      if (n < 0)
        return 1;
      values += n;
    }
  }
  fprintf(inv, "</inventory>\n");
  if (fclose(inv) != 0) {
    perror("agencies.xml");
    return 1;
  }
  for (size_t i = 0; i < n_written; i++) {
    if (rrdc_flush(written[i]) != 0) {
      fprintf(stderr, "gen_province: flushing %s: %s\n", written[i], rrd_get_error());
      return 1;
    }
    free(written[i]);
  }
  free(written);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  printf("generated %ld hosts, %ld files, %ld values in %.1f s (%.0f values/s through %s)\n", hosts,
         hosts * 20, values, secs, (double)values / secs, daemon_addr ? "rrdcached" : "librrd");
  return 0;
}

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

enum kind {
  K_STATE,
  K_AGE,
  K_COUNT0,
  K_COUNT,
  K_TLSVER,
  K_UPTIME,
  K_DERIVE,
  K_TIMELEFT, /* seconds to a certificate's end, 90 days at the window's start */
  K_RESPONSE, /* a probe's response time, seconds */
  K_PING,     /* milliseconds */
  K_MARGIN    /* staff or vehicles beyond what is required */
};

typedef struct {
  const char *dir, *file, *ds, *dst;
  enum kind kind;
} file_t;

static const file_t files[20] = {
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
    {"vigil_tls-portal", "timeleft-cert_expiry", "value", "GAUGE", K_TIMELEFT},
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
  case K_TIMELEFT:
    return (double)(93 * 86400 - r * STEP);
  case K_RESPONSE:
    return 0.12 + 0.02 * (double)(r % 7);
  case K_PING:
    return 11.0 + (double)(r % 5);
  case K_MARGIN:
    return 2;
  }
  return 0;
}

/* ---- --sample: a small province of every category, with a holiday's events ---- */

/* what each category's hosts run beyond the state agency's files */
static const file_t it_files[] = {
    {"vigil_probe-mail", "vigil_state-up", "value", "GAUGE", K_STATE},
    {"vigil_probe-mail", "response_time", "value", "GAUGE", K_RESPONSE},
    {"vigil_probe-portal", "vigil_state-up", "value", "GAUGE", K_STATE},
    {"vigil_probe-portal", "response_time", "value", "GAUGE", K_RESPONSE},
    {"vigil_probe-onestop", "vigil_state-up", "value", "GAUGE", K_STATE},
    {"vigil_probe-onestop", "response_time", "value", "GAUGE", K_RESPONSE},
    {"vigil_probe-datacentre", "vigil_state-up", "value", "GAUGE", K_STATE},
    {"vigil_probe-datacentre", "response_time", "value", "GAUGE", K_RESPONSE},
    {NULL, NULL, NULL, NULL, K_STATE}};
static const file_t team_files[] = {
    {"uptime", "uptime", "value", "GAUGE", K_UPTIME},
    {"vigil_backup-db", "duration-newest_age", "seconds", "GAUGE", K_AGE},
    {"vigil_backup-db", "files-matching", "value", "GAUGE", K_COUNT},
    {"vigil_duty-csirt", "vigil_state-covered", "value", "GAUGE", K_STATE},
    {"vigil_maillog-gov", "derive-social_registrations", "value", "DERIVE", K_DERIVE},
    {"vigil_incident-csirt", "count-open", "value", "GAUGE", K_COUNT0},
    {"vigil_incident-csirt", "duration-oldest_open_age", "seconds", "GAUGE", K_COUNT0},
    {NULL, NULL, NULL, NULL, K_STATE}};
static const file_t telecom_files[] = {
    {"uptime", "uptime", "value", "GAUGE", K_UPTIME},
    {"vigil_duty-noc", "vigil_state-covered", "value", "GAUGE", K_STATE},
    {"vigil_incident-noc", "count-open", "value", "GAUGE", K_COUNT0},
    {"vigil_incident-noc", "duration-oldest_open_age", "seconds", "GAUGE", K_COUNT0},
    {"vigil_probe-dns", "vigil_state-up", "value", "GAUGE", K_STATE},
    {"vigil_probe-dns", "response_time", "value", "GAUGE", K_RESPONSE},
    {"vigil_probe-web", "vigil_state-up", "value", "GAUGE", K_STATE},
    {"vigil_probe-web", "response_time", "value", "GAUGE", K_RESPONSE},
    {"ping", "ping-gateway", "value", "GAUGE", K_PING},
    {"ping", "ping_droprate-gateway", "value", "GAUGE", K_COUNT0},
    {NULL, NULL, NULL, NULL, K_STATE}};
static const file_t postal_files[] = {
    {"uptime", "uptime", "value", "GAUGE", K_UPTIME},
    {"vigil_duty-shift", "vigil_state-covered", "value", "GAUGE", K_STATE},
    {"vigil_schedule-office", "vigil_state-as_scheduled", "value", "GAUGE", K_STATE},
    {"vigil_schedule-office", "gauge-resources_margin", "value", "GAUGE", K_MARGIN},
    {NULL, NULL, NULL, NULL, K_STATE}};

enum group { G_STATE, G_IT, G_TEAM, G_TELECOM, G_POSTAL };
static const struct {
  const char *id, *categories, *vi, *en;
  enum group group;
} sample[] = {
    {"so-tttt", "state-agency", "Sở Thông tin và Truyền thông",
     "Department of Information and Communications", G_STATE},
    {"so-tai-chinh", "state-agency", "Sở Tài chính", "Department of Finance", G_STATE},
    {"so-y-te", "state-agency", "Sở Y tế", "Department of Health", G_STATE},
    {"so-giao-duc", "state-agency", "Sở Giáo dục và Đào tạo",
     "Department of Education and Training", G_STATE},
    {"so-ke-hoach", "state-agency", "Sở Kế hoạch và Đầu tư",
     "Department of Planning and Investment", G_STATE},
    {"so-tai-nguyen", "state-agency", "Sở Tài nguyên và Môi trường",
     "Department of Natural Resources and Environment", G_STATE},
    {"so-noi-vu", "state-agency", "Sở Nội vụ", "Department of Home Affairs", G_STATE},
    {"so-tu-phap", "state-agency", "Sở Tư pháp", "Department of Justice", G_STATE},
    {"so-xay-dung", "state-agency", "Sở Xây dựng", "Department of Construction", G_STATE},
    {"so-gtvt", "state-agency", "Sở Giao thông vận tải", "Department of Transport", G_STATE},
    {"ubnd-binh-son", "state-agency", "UBND huyện Bình Sơn", "Bình Sơn District People's Committee",
     G_STATE},
    {"ubnd-son-tinh", "state-agency", "UBND huyện Sơn Tịnh", "Sơn Tịnh District People's Committee",
     G_STATE},
    {"ubnd-tu-nghia", "state-agency", "UBND huyện Tư Nghĩa", "Tư Nghĩa District People's Committee",
     G_STATE},
    {"ubnd-mo-duc", "state-agency", "UBND huyện Mộ Đức", "Mộ Đức District People's Committee",
     G_STATE},
    {"ubnd-duc-pho", "state-agency", "UBND thị xã Đức Phổ", "Đức Phổ Town People's Committee",
     G_STATE},
    {"ubnd-tp", "state-agency", "UBND thành phố Quảng Ngãi", "Quảng Ngãi City People's Committee",
     G_STATE},
    {"tt-cntt", "it-centre", "Trung tâm Công nghệ thông tin và Truyền thông",
     "ICT Centre of the DIC", G_IT},
    {"tt-cong-bao", "it-centre", "Trung tâm Công báo – Tin học", "Gazette and Informatics Centre",
     G_IT},
    {"ucsc-stttt", "incident-team", "Đội ứng cứu sự cố – Sở TT&amp;TT",
     "Incident response team (DIC)", G_TEAM},
    {"ucsc-cong-an", "incident-team", "Đội ứng cứu sự cố – Công an tỉnh",
     "Incident response team (police)", G_TEAM},
    {"ucsc-quan-su", "incident-team", "Đội ứng cứu sự cố – Bộ Chỉ huy Quân sự tỉnh",
     "Incident response team (military command)", G_TEAM},
    {"vnpt", "telecom", "VNPT Quảng Ngãi", "VNPT Quảng Ngãi", G_TELECOM},
    {"viettel", "telecom", "Viettel Quảng Ngãi", "Viettel Quảng Ngãi", G_TELECOM},
    {"mobifone", "telecom", "MobiFone Quảng Ngãi", "MobiFone Quảng Ngãi", G_TELECOM},
    {"fpt", "telecom", "FPT Telecom Quảng Ngãi", "FPT Telecom Quảng Ngãi", G_TELECOM},
    {"buu-dien-tinh", "postal", "Bưu điện tỉnh Quảng Ngãi", "Quảng Ngãi Provincial Post", G_POSTAL},
    {"buu-dien-binh-son", "postal", "Bưu điện huyện Bình Sơn", "Bình Sơn District Post Office",
     G_POSTAL},
    {"buu-dien-duc-pho", "postal", "Bưu điện thị xã Đức Phổ", "Đức Phổ Town Post Office", G_POSTAL},
    {"viettel-post", "postal", "Viettel Post Quảng Ngãi", "Viettel Post Quảng Ngãi", G_POSTAL},
    {"ems", "postal", "EMS Quảng Ngãi", "EMS Quảng Ngãi", G_POSTAL},
};
enum { N_SAMPLE = sizeof(sample) / sizeof(sample[0]) };

/* What happened over the holiday: from..to, in hours from the window's
 * start, to the files of an agency whose "dir/file" contains match (every
 * file when NULL): a value, nothing at all (gap), or a time since from
 * plus value (ramp). */
enum effect { E_VALUE, E_GAP, E_RAMP };
static const struct {
  const char *agency, *match;
  double from, to;
  enum effect effect;
  double value;
} events[] = {
    /* the last backup before the holiday was made 3 days before it */
    {"so-y-te", "newest_age", -72, 96, E_RAMP, 0},
    /* nobody on duty from 22:00 on 1/5 to 03:00 on 2/5 */
    {"ubnd-mo-duc", "vigil_duty", 46, 51, E_VALUE, 0},
    /* the portal down for 90 minutes on the first morning */
    {"tt-cntt", "vigil_probe-portal/vigil_state-up", 10, 11.5, E_VALUE, 0},
    /* the mail server migrated during approved maintenance */
    {"tt-cong-bao", "vigil_probe-mail/vigil_state-up", 49, 53, E_VALUE, 0},
    /* a network incident left open for 12 hours */
    {"viettel", "count-open", 56, 68, E_VALUE, 1},
    {"viettel", "oldest_open_age", 56, 68, E_RAMP, 0},
    /* an incident handled within 6 hours */
    {"ucsc-stttt", "count-open", 20, 26, E_VALUE, 1},
    {"ucsc-stttt", "oldest_open_age", 20, 26, E_RAMP, 0},
    /* a slow web front while it was upgraded (waived) */
    {"mobifone", "vigil_probe-web/response_time", 0, 96, E_VALUE, 3.2},
    /* a post office shut for 3 hours of its published hours */
    {"buu-dien-duc-pho", "as_scheduled", 57, 60, E_VALUE, 0},
    /* a delivery round one vehicle short */
    {"ems", "resources_margin", 30, 34, E_VALUE, -1},
    /* a district's server silent for 5 hours */
    {"ubnd-son-tinh", NULL, 30, 35, E_GAP, 0},
    /* an old TLS version on a portal */
    {"so-xay-dung", "protocol_version", -72, 96, E_VALUE, 1.0},
    /* the firewall switched off every night */
    {"so-gtvt", "firewall", 18, 24, E_VALUE, 0},
    {"so-gtvt", "firewall", 42, 48, E_VALUE, 0},
    /* packet loss towards the gateway */
    {"fpt", "ping_droprate", 60, 70, E_VALUE, 0.2},
};

static time_t window_start;
static const char *current_agency, *current_file;

/* The value of the current file at t after the events, in *v; 0 when there
 * is none (a gap). */
static int apply_events(time_t t, double *v)
{
  for (size_t i = 0; current_agency != NULL && i < sizeof(events) / sizeof(events[0]); i++) {
    time_t from = window_start + (time_t)(events[i].from * 3600);
    time_t to = window_start + (time_t)(events[i].to * 3600);
    if (strcmp(events[i].agency, current_agency) != 0 || t <= from || t > to ||
        (events[i].match != NULL && strstr(current_file, events[i].match) == NULL))
      continue;
    if (events[i].effect == E_GAP)
      return 0;
    *v = events[i].effect == E_RAMP ? (double)(t - from) + events[i].value : events[i].value;
  }
  return 1;
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

  snprintf(dsdef, sizeof(dsdef), "DS:%s:%s:%ld:%s:U", ds, dst, 2 * STEP, k == K_MARGIN ? "U" : "0");
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
      double v = value_at(k, r, bad);
      if ((r >= gap_from && r < gap_from + gap_len) || !apply_events(start + r * STEP, &v))
        continue;
      snprintf(bufs[n], sizeof(bufs[n]), "%ld:%g", (long)(start + r * STEP), v);
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

static void iso(time_t t, char *buf, size_t len)
{
  t += 7 * 3600; /* the province's offset */
  strftime(buf, len, "%Y-%m-%dT%H:%M:%S+07:00", gmtime(&t));
}

/* Writes the files fs (n of them, or up to a NULL dir) of host under dir.
 * Returns the values written, or -1. */
static long sample_files(const char *dir, const char *host, const file_t *fs, size_t n, time_t end)
{
  char path[4096], rel[256];
  long values = 0;

  for (size_t f = 0; f < n && fs[f].dir != NULL; f++) {
    snprintf(path, sizeof(path), "%s/data/%s/%s", dir, host, fs[f].dir);
    mkdir_p(path);
    snprintf(path, sizeof(path), "%s/data/%s/%s/%s.rrd", dir, host, fs[f].dir, fs[f].file);
    snprintf(rel, sizeof(rel), "%s/%s", fs[f].dir, fs[f].file);
    current_file = rel;
    long v = write_file(path, fs[f].ds, fs[f].dst, fs[f].kind, end, 0, 0, 0);
    if (v < 0)
      return -1;
    values += v;
  }
  return values;
}

/* The officers' attestations of I.3 (one agency has none, one a failing
 * one), a waiver and the maintenance of the events above. */
static int sample_attestations(const char *dir)
{
  char path[4096], from[64], to[64];
  FILE *fp;

  snprintf(path, sizeof(path), "%s/attestations.xml", dir);
  fp = fopen(path, "w");
  if (fp == NULL)
    return -1;
  fprintf(fp,
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<attestations xmlns=\"urn:vigil:attestation:1\" directive=\"qng-415-stttt-2020\">\n");
  for (size_t i = 0; i < N_SAMPLE; i++) {
    if (sample[i].group > G_TEAM || strcmp(sample[i].id, "ubnd-duc-pho") == 0)
      continue;
    fprintf(
        fp,
        "  <attestation agency=\"%s\" check=\"I.3.briefing\" result=\"pass\" date=\"2020-04-28\">\n"
        "    <officer>Trưởng phòng Hành chính</officer><evidence>Biên bản phổ biến ngày "
        "28/4/2020</evidence>\n"
        "  </attestation>\n"
        "  <attestation agency=\"%s\" check=\"I.3.password-reuse\" result=\"%s\" "
        "date=\"2020-04-29\">\n"
        "    <officer>Cán bộ phụ trách CNTT</officer><evidence>%s</evidence>\n"
        "  </attestation>\n",
        sample[i].id, sample[i].id, strcmp(sample[i].id, "so-noi-vu") == 0 ? "fail" : "pass",
        strcmp(sample[i].id, "so-noi-vu") == 0
            ? "3 tài khoản dùng chung mật khẩu thư công vụ, chưa đổi"
            : "Đã rà soát: không tài khoản nào dùng lại mật khẩu thư công vụ");
  }
  iso(window_start + 49 * 3600, from, sizeof(from));
  iso(window_start + 53 * 3600, to, sizeof(to));
  fprintf(fp,
          "  <waiver agency=\"mobifone\" check=\"II.2.response-time\" "
          "expires=\"2020-05-15T00:00:00+07:00\">\n"
          "    <approver>Phó Giám đốc Sở</approver><reason>Nâng cấp cổng web trong dịp lễ, đã báo "
          "trước</reason>\n"
          "  </waiver>\n"
          "  <maintenance hosts=\"tt-cong-bao-srv\" instances=\"mail\" from=\"%s\" to=\"%s\">\n"
          "    <approver>Giám đốc Trung tâm Công báo – Tin học</approver><reason>Chuyển máy chủ "
          "thư điện tử</reason>\n"
          "  </maintenance>\n"
          "</attestations>\n",
          from, to);
  return fclose(fp) == 0 ? 0 : -1;
}

/* --sample: the province, its inventory and its attestations under dir.
 * Returns the values written, or -1. */
static long write_sample(const char *dir, time_t end)
{
  char path[4096], host[96];
  long values = 0;
  FILE *inv;

  window_start = end - 4 * 86400;
  snprintf(path, sizeof(path), "%s/data", dir);
  if (mkdir_p(dir) != 0 || mkdir_p(path) != 0)
    return -1;
  snprintf(path, sizeof(path), "%s/agencies.xml", dir);
  inv = fopen(path, "w");
  if (inv == NULL)
    return -1;
  fprintf(inv, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<inventory xmlns=\"urn:vigil:inventory:1\" id=\"qng-sample\">\n"
               "  <province xml:lang=\"vi\">Quảng Ngãi (số liệu mẫu)</province>\n"
               "  <province xml:lang=\"en\">Quảng Ngãi (sample data)</province>\n");
  for (size_t i = 0; i < N_SAMPLE && values >= 0; i++) {
    long v = 0;
    snprintf(host, sizeof(host), "%s-srv", sample[i].id);
    fprintf(inv,
            "  <agency id=\"%s\" categories=\"%s\">\n    <name xml:lang=\"vi\">%s</name>\n"
            "    <name xml:lang=\"en\">%s</name>\n    <host>%s</host>\n  </agency>\n",
            sample[i].id, sample[i].categories, sample[i].vi, sample[i].en, host);
    snprintf(path, sizeof(path), "%s/data/%s", dir, host);
    mkdir_p(path);
    current_agency = sample[i].id;
    switch (sample[i].group) {
    case G_IT: /* the provincial systems' probes, and a state agency's files */
      v = sample_files(dir, host, it_files, SIZE_MAX, end);
      v = v < 0 ? v : v + sample_files(dir, host, files, 20, end);
      break;
    case G_STATE:
      v = sample_files(dir, host, files, 20, end);
      break;
    case G_TEAM:
      v = sample_files(dir, host, team_files, SIZE_MAX, end);
      break;
    case G_TELECOM:
      v = sample_files(dir, host, telecom_files, SIZE_MAX, end);
      break;
    case G_POSTAL:
      v = sample_files(dir, host, postal_files, SIZE_MAX, end);
      break;
    }
    values = v < 0 ? -1 : values + v;
  }
  current_agency = NULL;
  fprintf(inv, "</inventory>\n");
  if (fclose(inv) != 0 || sample_attestations(dir) != 0)
    return -1;
  return values;
}

int main(int argc, char **argv)
{
  char path[4096];
  struct timespec t0, t1;
  long hosts, values = 0;
  time_t end;
  FILE *inv;

  while (argc > 2 && strncmp(argv[1], "--", 2) == 0) {
    /* --sample DIR [END_EPOCH] stands alone */
    if (strcmp(argv[1], "--layout") == 0 && strcmp(argv[2], "default") != 0 &&
        strcmp(argv[2], "deployment") != 0) {
      fprintf(stderr, "gen_province: --layout takes default or deployment\n");
      return 1;
    }
    if (strcmp(argv[1], "--layout") == 0) {
      default_layout = strcmp(argv[2], "default") == 0;
    } else if (strcmp(argv[1], "--sample") == 0) {
      long n = write_sample(argv[2], argc > 3 ? (time_t)strtol(argv[3], NULL, 10) : 1588525200);
      if (n < 0) {
        fprintf(stderr, "gen_province: %s: cannot write the sample province\n", argv[2]);
        return 1;
      }
      printf("%s: %d agencies of every category, %ld values, with a holiday's events\n", argv[2],
             (int)N_SAMPLE, n);
      return 0;
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
                    "[END_EPOCH]\n"
                    "       gen_province [--layout ...] --sample DIR [END_EPOCH]\n");
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

/* Unit tests of the vigil_incident plugin: FAILURE opens, OKAY closes, the
 * journal survives a restart (a torn last line cut off), and
 * acknowledgements are journalled with their person. */
#include "collectd_stub.h"

#include "vigil_incident.c"

#include "testutil.h"

#include <check.h>
#include <pwd.h>
#include <utime.h>

static char dir[1024], journal[2048];

static void setup(void)
{
  tu_mkdtemp(dir, sizeof(dir));
  snprintf(journal, sizeof(journal), "%s/incidents.journal", dir);
  stub_reset_records();
}

static void teardown(void)
{
  inc_shutdown();
  tu_rm_rf(dir);
}

/* Starts the plugin; with roster_csv, only people on duty in its roster
 * "soc" may acknowledge. */
static void start_with_roster(const char *roster_csv)
{
  oconfig_item_t *ci = stub_block("Plugin", "vigil_incident");
  char acks[2048], path[2048];

  snprintf(acks, sizeof(acks), "%s/acks", dir);
  stub_add_string(ci, "Team", "soc");
  stub_add_string(ci, "Journal", journal);
  stub_add_string(ci, "AckDir", acks);
  if (roster_csv != NULL) {
    tu_write_text(dir, "rosters.csv", roster_csv, path, sizeof(path));
    stub_add_string(ci, "Roster", "soc");
    stub_add_string(ci, "RosterFile", path);
  }
  module_register();
  ck_assert_int_eq(stub_config_cb(ci), 0);
  ck_assert_int_eq(stub_init_cb(), 0);
  stub_free_config(ci);
}

static void start(void)
{
  start_with_roster(NULL);
}

static void notify_series(int severity, const char *host, const char *plugin, const char *pinst,
                          const char *type, const char *tinst, time_t when)
{
  notification_t n;

  memset(&n, 0, sizeof(n));
  n.severity = severity;
  n.time = TIME_T_TO_CDTIME_T(when);
  sstrncpy(n.host, host, sizeof(n.host));
  sstrncpy(n.plugin, plugin, sizeof(n.plugin));
  sstrncpy(n.plugin_instance, pinst, sizeof(n.plugin_instance));
  sstrncpy(n.type, type, sizeof(n.type));
  sstrncpy(n.type_instance, tinst, sizeof(n.type_instance));
  sstrncpy(n.message, "portal\tdown", sizeof(n.message));
  ck_assert_int_eq(stub_notification_cb(&n, NULL), 0);
}

static void notify(int severity, const char *host, const char *plugin, const char *pinst,
                   time_t when)
{
  notify_series(severity, host, plugin, pinst, "vigil_state", "up", when);
}

static double value(const char *type, const char *tinst)
{
  const stub_value_t *v;

  stub_values_num = 0; /* keep the log lines */
  ck_assert_int_eq(stub_simple_read_cb(), 0);
  v = stub_find("soc", type, tinst);
  return v ? v->value : -1;
}

START_TEST(test_open_close)
{
  time_t now = time(NULL);

  start();
  ck_assert_double_eq(value("count", "open"), 0);
  ck_assert_double_eq(value("duration", "oldest_open_age"), 0); /* sent while none is open */
  notify(NOTIF_FAILURE, "dc-portal01", "vigil_probe", "portal", now - 300);
  notify(NOTIF_FAILURE, "dc-portal01", "vigil_probe", "portal", now - 200); /* the same key */
  notify(NOTIF_WARNING, "dc-mail01", "vigil_probe", "mail", now - 100);     /* not an incident */
  notify(NOTIF_FAILURE, "dc-mail01", "vigil_probe", "mail", now - 100);
  ck_assert_double_eq(value("count", "open"), 2);
  ck_assert_double_ge(value("duration", "oldest_open_age"), 300);
  notify(NOTIF_OKAY, "dc-portal01", "vigil_probe", "portal", now);
  ck_assert_double_eq(value("count", "open"), 1);
  ck_assert_double_lt(value("duration", "oldest_open_age"), 200);
  ck_assert(stub_log_contains("incident I1 closed after 300 s."));
  notify(NOTIF_OKAY, "dc-mail01", "vigil_probe", "mail", now);
  ck_assert_double_eq(value("count", "open"), 0);
  ck_assert_double_eq(value("duration", "oldest_open_age"), 0); /* nothing open: 0 again */
}
END_TEST

/* The journal's lines as "kind id," each. */
static void journal_kinds(char *out, size_t len)
{
  char line[4096];
  size_t used = 0;
  FILE *fp = fopen(journal, "r");

  ck_assert_ptr_nonnull(fp);
  out[0] = '\0';
  while (fgets(line, sizeof(line), fp) != NULL && used < len) {
    char *tab = strchr(line, '\t'), *tab2 = tab ? strchr(tab + 1, '\t') : NULL;
    ck_assert_ptr_nonnull(tab2);
    used += (size_t)snprintf(out + used, len - used, "%.*s %.*s,", (int)(tab - line), line,
                             (int)(tab2 - tab - 1), tab + 1);
  }
  fclose(fp);
}

/* A replayed or long-delayed OKAY, dated before the incident opened, does
 * not close it; a newer one does. */
START_TEST(test_stale_okay_ignored)
{
  time_t now = time(NULL);
  char kinds[4096];

  start();
  notify(NOTIF_FAILURE, "dc-portal01", "vigil_probe", "portal", now - 100);
  notify(NOTIF_OKAY, "dc-portal01", "vigil_probe", "portal", now - 3600);
  notify(NOTIF_OKAY, "dc-portal01", "vigil_probe", "portal", now - 3000);
  ck_assert_double_eq(value("count", "open"), 1);
  ck_assert_double_eq(value("derive", "stale_okay"), 2);
  ck_assert(stub_log_contains("vigil_incident plugin: an OKAY for "
                              "dc-portal01/vigil_probe-portal/vigil_state-up dated 3500 s before "
                              "incident I1 opened is ignored (replayed or delayed); counted in "
                              "derive-stale_okay."));
  notify(NOTIF_OKAY, "dc-portal01", "vigil_probe", "portal", now);
  ck_assert_double_eq(value("count", "open"), 0);
  journal_kinds(kinds, sizeof(kinds));
  ck_assert_str_eq(kinds, "open I1,close I1,");
}
END_TEST

/* With IgnoreReceived, what the network plugin received is not recorded. */
START_TEST(test_ignore_received)
{
  oconfig_item_t *ci = stub_block("Plugin", "vigil_incident");
  char acks[2048];
  notification_t n;
  notification_meta_t received = {.name = "network:received", .type = NM_TYPE_BOOLEAN};

  snprintf(acks, sizeof(acks), "%s/acks", dir);
  stub_add_string(ci, "Journal", journal);
  stub_add_string(ci, "AckDir", acks);
  stub_add_string(ci, "Team", "soc");
  stub_add_boolean(ci, "IgnoreReceived", 1);
  module_register();
  ck_assert_int_eq(stub_config_cb(ci), 0);
  ck_assert_int_eq(stub_init_cb(), 0);
  stub_free_config(ci);
  memset(&n, 0, sizeof(n));
  n.severity = NOTIF_FAILURE;
  n.time = cdtime();
  sstrncpy(n.host, "dc-portal01", sizeof(n.host));
  sstrncpy(n.plugin, "vigil_probe", sizeof(n.plugin));
  sstrncpy(n.message, "down", sizeof(n.message));
  received.nm_value.nm_boolean = true;
  n.meta = &received;
  ck_assert_int_eq(stub_notification_cb(&n, NULL), 0);
  ck_assert_int_eq(stub_notification_cb(&n, NULL), 0);
  ck_assert_double_eq(value("count", "open"), 0);
  ck_assert_double_eq(value("derive", "ignored_received"), 2);
  ck_assert(stub_log_contains("vigil_incident plugin: a notification the network plugin received "
                              "(dc-portal01/vigil_probe) is not recorded (IgnoreReceived)"));
  n.meta = NULL; /* this host's own, e.g. its threshold plugin's */
  ck_assert_int_eq(stub_notification_cb(&n, NULL), 0);
  ck_assert_double_eq(value("count", "open"), 1);
}
END_TEST

/* An outage that breaks two thresholds of one service (it is down, and its
 * response time is too long) is one incident; it closes when both are OKAY,
 * also across a restart. */
START_TEST(test_one_incident_per_subject)
{
  time_t now = time(NULL);
  char text[4096];

  start();
  notify_series(NOTIF_FAILURE, "h1", "vigil_tls", "portal", "vigil_state", "handshake_ok",
                now - 90);
  notify_series(NOTIF_FAILURE, "h1", "vigil_tls", "portal", "timeleft", "cert_expiry", now - 89);
  notify_series(NOTIF_FAILURE, "h1", "vigil_tls", "portal", "timeleft", "cert_expiry", now - 88);
  notify_series(NOTIF_FAILURE, "h1", "vigil_tls", "mail", "timeleft", "cert_expiry", now - 87);
  ck_assert_double_eq(value("count", "open"), 2); /* portal's and mail's */
  ck_assert(stub_log_contains(
      "incident I1: h1/vigil_tls-portal/timeleft-cert_expiry (portal\\tdown) too."));
  /* an OKAY of a series the incident does not hold changes nothing */
  notify_series(NOTIF_OKAY, "h1", "vigil_tls", "portal", "gauge", "protocol_version", now - 80);
  notify_series(NOTIF_OKAY, "h1", "vigil_tls", "portal", "vigil_state", "handshake_ok", now - 70);
  ck_assert_double_eq(value("count", "open"), 2);
  ck_assert(stub_log_contains(
      "incident I1: h1/vigil_tls-portal/vigil_state-handshake_ok is OKAY; 1 series still failed."));
  inc_shutdown();
  start(); /* the journal knows cert_expiry is still failed */
  ck_assert_double_eq(value("count", "open"), 2);
  notify_series(NOTIF_OKAY, "h1", "vigil_tls", "portal", "timeleft", "cert_expiry", now - 60);
  ck_assert_double_eq(value("count", "open"), 1);
  ck_assert(stub_log_contains("incident I1 closed after 30 s."));
  journal_kinds(text, sizeof(text));
  ck_assert_str_eq(text, "open I1,join I1,open I2,leave I1,close I1,");
}
END_TEST

START_TEST(test_restart_and_torn_line)
{
  time_t now = time(NULL);
  FILE *fp;
  char text[256];

  start();
  notify(NOTIF_FAILURE, "h1", "vigil_probe", "portal", now - 50);
  notify(NOTIF_FAILURE, "h2", "vigil_probe", "mail", now - 40);
  notify(NOTIF_OKAY, "h2", "vigil_probe", "mail", now - 30);
  inc_shutdown(); /* collectd stops... and dies while writing a line */
  fp = fopen(journal, "a");
  fputs("open\tI9\t12345\th3/x/y", fp);
  fclose(fp);
  start();
  ck_assert_double_eq(value("count", "open"), 1); /* h1's, from the journal */
  ck_assert(stub_log_contains("a torn last line (from a crash) was cut off."));
  notify(NOTIF_FAILURE, "h4", "vigil_probe", "dns", now);
  fp = fopen(journal, "r");
  while (fgets(text, sizeof(text), fp) != NULL)
    ; /* the last line: the new incident, numbered after the journal's */
  fclose(fp);
  ck_assert_msg(strncmp(text, "open\tI3\t", 8) == 0, "%s", text);
}
END_TEST

static int journal_lines(const char *prefix, int *matching);

/* An acknowledgement is who wrote the file (its owner) when the plugin
 * read it, whatever the file says; the file is consumed. */
/* Counts the journal's lines, and those starting with prefix. */
static int journal_lines(const char *prefix, int *matching)
{
  char line[8192];
  int n = 0;
  FILE *fp = fopen(journal, "r");

  *matching = 0;
  ck_assert_ptr_nonnull(fp);
  while (fgets(line, sizeof(line), fp) != NULL) {
    n++;
    *matching += strncmp(line, prefix, strlen(prefix)) == 0;
  }
  fclose(fp);
  return n;
}

START_TEST(test_acknowledgement)
{
  time_t now = time(NULL);
  char text[256], line[256], want[512], path[2048], me[128];
  struct passwd *pw = getpwuid(geteuid());
  FILE *fp;

  ck_assert_ptr_nonnull(pw);
  snprintf(me, sizeof(me), "%s", pw->pw_name);
  start();
  notify(NOTIF_FAILURE, "h1", "vigil_probe", "portal", now - 600);
  snprintf(text, sizeof(text), "%lld nva\n", (long long)(now - 540)); /* claims 60 s, and nva */
  tu_write_text(dir, "acks/I1", text, path, sizeof(path));
  value("count", "open");
  /* the time it was read, not the one it claims: 600 s (601 across a second) */
  char alt[512];
  snprintf(want, sizeof(want), "incident I1 acknowledged by %s after 600 s.", me);
  snprintf(alt, sizeof(alt), "incident I1 acknowledged by %s after 601 s.", me);
  ck_assert_msg(stub_log_contains(want) || stub_log_contains(alt), "no log line \"%s\"", want);
  snprintf(want, sizeof(want),
           "the acknowledgement of I1 names \"nva\"; it is recorded as written "
           "by its owner, %s.",
           me);
  ck_assert(stub_log_contains(want));
  ck_assert_int_eq(access(path, F_OK), -1); /* consumed */
  fp = fopen(journal, "r");
  int acks = 0;
  snprintf(want, sizeof(want), "\t%s\n", me);
  while (fgets(line, sizeof(line), fp) != NULL)
    acks += strncmp(line, "ack\tI1\t", 7) == 0 && strstr(line, want) != NULL;
  fclose(fp);
  value("count", "open"); /* journalled once */
  ck_assert_int_eq(acks, 1);
}
END_TEST

/* A file left from an earlier incident of the same id (written before this
 * one opened) acknowledges nothing; it is removed with the reason. */
START_TEST(test_stale_acknowledgement)
{
  time_t now = time(NULL);
  char path[2048];
  struct utimbuf later = {.actime = now + 3600, .modtime = now + 3600};
  int acks;

  start();
  /* written before the incident opens, then dated an hour later by hand:
   * the kernel's change time says when it was written */
  tu_write_text(dir, "acks/I1", "0 nva\n", path, sizeof(path));
  ck_assert_int_eq(utime(path, &later), 0);
  notify(NOTIF_FAILURE, "h1", "vigil_probe", "portal", now + 100);
  value("count", "open");
  ck_assert(stub_log_contains("acknowledgement "));
  ck_assert(stub_log_contains("/acks/I1 by "));
  ck_assert_msg(stub_log_contains(" s before the incident opened (an "
                                  "acknowledgement of an earlier incident of that id); removed."),
                "no refusal");
  ck_assert_int_eq(access(path, F_OK), -1);
  ck_assert_int_eq(journal_lines("ack", &acks), 1);
  ck_assert_int_eq(acks, 0);
}
END_TEST

/* An acknowledgement is of an open incident, once: one of an id that is
 * not open, or of an incident acknowledged already, is refused with the
 * reason and removed; a file vigil-checkin is still writing is left. */
START_TEST(test_ack_only_open_once)
{
  time_t now = time(NULL);
  char path[2048], again[2048], tmp[2048];
  int acks;

  start();
  notify(NOTIF_FAILURE, "h1", "vigil_probe", "portal", now - 60);
  tu_write_text(dir, "acks/I9", "0 nva\n", path, sizeof(path));
  tu_write_text(dir, "acks/I1.tmp.Ab12Cd", "0 nva\n", tmp, sizeof(tmp));
  value("count", "open");
  ck_assert(stub_log_contains("/acks/I9 by "));
  ck_assert(stub_log_contains(" refused: no incident of that id is open; removed."));
  ck_assert_int_eq(access(path, F_OK), -1);
  ck_assert_int_eq(access(tmp, F_OK), 0);
  unlink(tmp);
  tu_write_text(dir, "acks/I1", "0 nva\n", path, sizeof(path));
  value("count", "open");
  ck_assert_int_eq(access(path, F_OK), -1);
  tu_write_text(dir, "acks/I1", "0 ttb\n", again, sizeof(again));
  value("count", "open");
  ck_assert(stub_log_contains(" refused: it was acknowledged already; removed."));
  ck_assert_int_eq(access(again, F_OK), -1);
  ck_assert_int_eq(journal_lines("ack", &acks), 2);
  ck_assert_int_eq(acks, 1);
}
END_TEST

/* With a Roster, only the user of someone on duty now may acknowledge. */
START_TEST(test_ack_by_someone_on_duty)
{
  time_t now = time(NULL);
  char csv[1024], a[32], b[32], me[256], path[2048], want[512];
  struct tm tm;
  int acks;
  time_t from = now - 3600, to = now + 3600;

  vg_user_name(getuid(), me, sizeof(me));
  gmtime_r(&from, &tm);
  strftime(a, sizeof(a), "%Y-%m-%dT%H:%M:%SZ", &tm);
  gmtime_r(&to, &tm);
  strftime(b, sizeof(b), "%Y-%m-%dT%H:%M:%SZ", &tm);
  snprintf(csv, sizeof(csv),
           "roster,start,end,person_id,person_name,user\nsoc,%s,%s,ttb,B,vigil-someone-else\n", a,
           b);
  start_with_roster(csv);
  notify(NOTIF_FAILURE, "h1", "vigil_probe", "portal", now - 60);
  tu_write_text(dir, "acks/I1", "0 ttb\n", path, sizeof(path));
  value("count", "open");
  snprintf(want, sizeof(want),
           " refused: %s is not on duty in roster soc now (on duty: vigil-someone-else); removed.",
           me);
  ck_assert_msg(stub_log_contains(want), "no refusal: %s", want);
  ck_assert_int_eq(access(path, F_OK), -1);
  ck_assert_int_eq(journal_lines("ack", &acks), 1);
  ck_assert_int_eq(acks, 0);
  /* the roster now has this user on duty */
  inc_shutdown();
  snprintf(csv, sizeof(csv), "roster,start,end,person_id,person_name,user\nsoc,%s,%s,nva,A,%s\n", a,
           b, me);
  start_with_roster(csv);
  tu_write_text(dir, "acks/I1", "0 nva\n", path, sizeof(path));
  value("count", "open");
  ck_assert_int_eq(journal_lines("ack", &acks), 2);
  ck_assert_int_eq(acks, 1);
}
END_TEST

/* Newlines and tabs in every name of a notification from another host
 * cannot write lines of their own into the journal; after a restart the
 * incidents are the ones that were opened. */
START_TEST(test_names_cannot_write_the_journal)
{
  static const char forged[] = "up\nclose\tI2\t1\nack\tI2\t1\tdirector";
  time_t now = time(NULL);
  notification_t n;
  int closes;

  start();
  notify(NOTIF_FAILURE, "h1", "vigil_probe", "portal", now - 60);
  memset(&n, 0, sizeof(n));
  n.severity = NOTIF_FAILURE;
  n.time = TIME_T_TO_CDTIME_T(now);
  sstrncpy(n.host, forged, sizeof(n.host));
  sstrncpy(n.plugin, forged, sizeof(n.plugin));
  sstrncpy(n.plugin_instance, forged, sizeof(n.plugin_instance));
  sstrncpy(n.type, forged, sizeof(n.type));
  sstrncpy(n.type_instance, forged, sizeof(n.type_instance));
  sstrncpy(n.message, forged, sizeof(n.message));
  ck_assert_int_eq(stub_notification_cb(&n, NULL), 0);
  ck_assert_int_eq(journal_lines("open\t", &closes), 2);
  ck_assert_int_eq(closes, 2);
  ck_assert_int_eq(journal_lines("close", &closes), 2);
  ck_assert_int_eq(closes, 0);
  inc_shutdown();
  start();
  ck_assert_double_eq(value("count", "open"), 2);
  /* the same names close their own incident, and only it */
  n.severity = NOTIF_OKAY;
  ck_assert_int_eq(stub_notification_cb(&n, NULL), 0);
  ck_assert_double_eq(value("count", "open"), 1);
}
END_TEST

/* A FIFO (and a link) planted as an acknowledgement is ignored at once: the
 * read returns, and a notification does not wait for it. */
START_TEST(test_ack_fifo_does_not_block)
{
  char path[2048];
  time_t now = time(NULL);

  start();
  notify(NOTIF_FAILURE, "h1", "vigil_probe", "portal", now - 60);
  notify(NOTIF_FAILURE, "h2", "vigil_probe", "mail", now - 60);
  snprintf(path, sizeof(path), "%s/acks", dir);
  ck_assert_int_eq(mkdir(path, 0755), 0);
  snprintf(path, sizeof(path), "%s/acks/I1", dir);
  ck_assert_int_eq(mkfifo(path, 0644), 0);
  snprintf(path, sizeof(path), "%s/acks/I2", dir);
  ck_assert_int_eq(symlink("/etc/hostname", path), 0);
  ck_assert_double_eq(value("count", "open"), 2); /* returns: the test has a time limit */
  notify(NOTIF_OKAY, "h1", "vigil_probe", "portal", now);
  ck_assert_double_eq(value("count", "open"), 1);
  ck_assert(!stub_log_contains("acknowledged"));
}
END_TEST

/* A full table is logged and counted; the oldest open age stays true. */
START_TEST(test_full_table)
{
  time_t now = time(NULL);
  char pinst[32];

  start();
  for (int i = 0; i < INC_MAX_OPEN + 3; i++) {
    if (i == INC_MAX_OPEN)
      stub_reset_records(); /* only the log lines of the refused ones */
    snprintf(pinst, sizeof(pinst), "s%d", i);
    notify(NOTIF_FAILURE, "h", "vigil_probe", pinst, i == 0 ? now - 3600 : now);
  }
  ck_assert_double_eq(value("count", "open"), INC_MAX_OPEN);
  ck_assert_double_eq(value("derive", "untracked"), 3);
  ck_assert_double_ge(value("duration", "oldest_open_age"), 3600);
  ck_assert(stub_log_contains("vigil_incident plugin: 4096 incidents are open, no more can be "
                              "tracked: h/vigil_probe-s4096/vigil_state-up"));
}
END_TEST

/* A journal that is not a regular file, or not an absolute path, is
 * refused with the reason. */
START_TEST(test_journal_refused)
{
  oconfig_item_t *ci = stub_block("Plugin", "vigil_incident");

  stub_add_string(ci, "Journal", "");
  module_register();
  ck_assert_int_eq(stub_config_cb(ci), -1);
  ck_assert(stub_log_contains("vigil_incident plugin: The `Journal' option needs an absolute "
                              "path, not \"\"."));
  stub_free_config(ci);
  snprintf(journal, sizeof(journal), "%s", dir); /* a folder */
  ci = stub_block("Plugin", "vigil_incident");
  stub_add_string(ci, "Journal", journal);
  ck_assert_int_eq(stub_config_cb(ci), 0);
  ck_assert_int_eq(stub_init_cb(), -1);
  ck_assert(stub_log_contains(": not a regular file."));
  stub_free_config(ci);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("vigil_incident");
  TCase *tc = tcase_create("core");

  tcase_add_checked_fixture(tc, setup, teardown);
  /* test_full_table syncs 4,096 journal lines: seconds on a busy disk */
  tcase_set_timeout(tc, 30);
  tcase_add_test(tc, test_open_close);
  tcase_add_test(tc, test_stale_okay_ignored);
  tcase_add_test(tc, test_ignore_received);
  tcase_add_test(tc, test_one_incident_per_subject);
  tcase_add_test(tc, test_restart_and_torn_line);
  tcase_add_test(tc, test_acknowledgement);
  tcase_add_test(tc, test_stale_acknowledgement);
  tcase_add_test(tc, test_ack_only_open_once);
  tcase_add_test(tc, test_ack_by_someone_on_duty);
  tcase_add_test(tc, test_names_cannot_write_the_journal);
  tcase_add_test(tc, test_ack_fifo_does_not_block);
  tcase_add_test(tc, test_full_table);
  tcase_add_test(tc, test_journal_refused);
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

/* Unit tests of the vigil_incident plugin: FAILURE opens, OKAY closes, the
 * journal survives a restart (a torn last line cut off), and
 * acknowledgements are journalled with their person. */
#include "collectd_stub.h"

#include "vigil_incident.c"

#include "testutil.h"

#include <check.h>

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

static void start(void)
{
  oconfig_item_t *ci = stub_block("Plugin", "vigil_incident");
  char acks[2048];

  snprintf(acks, sizeof(acks), "%s/acks", dir);
  stub_add_string(ci, "Team", "soc");
  stub_add_string(ci, "Journal", journal);
  stub_add_string(ci, "AckDir", acks);
  module_register();
  ck_assert_int_eq(stub_config_cb(ci), 0);
  ck_assert_int_eq(stub_init_cb(), 0);
  stub_free_config(ci);
}

static void notify(int severity, const char *host, const char *plugin, const char *pinst,
                   time_t when)
{
  notification_t n;

  memset(&n, 0, sizeof(n));
  n.severity = severity;
  n.time = TIME_T_TO_CDTIME_T(when);
  sstrncpy(n.host, host, sizeof(n.host));
  sstrncpy(n.plugin, plugin, sizeof(n.plugin));
  sstrncpy(n.plugin_instance, pinst, sizeof(n.plugin_instance));
  sstrncpy(n.type, "vigil_state", sizeof(n.type));
  sstrncpy(n.type_instance, "up", sizeof(n.type_instance));
  sstrncpy(n.message, "portal\tdown", sizeof(n.message));
  ck_assert_int_eq(stub_notification_cb(&n, NULL), 0);
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
  ck_assert_ptr_null(stub_find("soc", "duration", "oldest_open_age"));
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

START_TEST(test_acknowledgement)
{
  time_t now = time(NULL);
  char text[256], line[256];
  FILE *fp;

  start();
  notify(NOTIF_FAILURE, "h1", "vigil_probe", "portal", now - 600);
  snprintf(text, sizeof(text), "%lld nva\n", (long long)(now - 540));
  tu_write_text(dir, "acks/I1", text, NULL, 0);
  value("count", "open");
  ck_assert(stub_log_contains("incident I1 acknowledged by nva after 60 s."));
  fp = fopen(journal, "r");
  int acks = 0;
  while (fgets(line, sizeof(line), fp) != NULL)
    acks += strncmp(line, "ack\tI1\t", 7) == 0 && strstr(line, "\tnva\n") != NULL;
  fclose(fp);
  value("count", "open"); /* journalled once */
  ck_assert_int_eq(acks, 1);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("vigil_incident");
  TCase *tc = tcase_create("core");

  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_open_close);
  tcase_add_test(tc, test_restart_and_torn_line);
  tcase_add_test(tc, test_acknowledgement);
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

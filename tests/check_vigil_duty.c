/* Unit tests of the vigil_duty plugin: coverage from the roster and the
 * check-ins, gaps, stale check-ins, and a roster edited while it runs. */
#include "collectd_stub.h"

#include "vigil_duty.c"

#include "testutil.h"

#include <check.h>

static char dir[1024], csv[2048];

static void setup(void)
{
  tu_mkdtemp(dir, sizeof(dir));
  stub_reset_records();
}

static void teardown(void)
{
  stub_shutdown();
  duty_shutdown();
  tu_rm_rf(dir);
}

/* A roster "soc" whose shifts are relative to now. */
static void write_roster(const char *rows)
{
  char text[4096];

  snprintf(text, sizeof(text), "roster,start,end,person_id,person_name\n%s", rows);
  tu_write_text(dir, "rosters.csv", text, csv, sizeof(csv));
}

static char *at(long delta, char *buf)
{
  time_t t = time(NULL) + delta;
  struct tm tm;

  gmtime_r(&t, &tm);
  strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

static void configure(void)
{
  oconfig_item_t *ci = stub_block("Plugin", "vigil_duty");
  oconfig_item_t *r;
  char spool[2048];

  snprintf(spool, sizeof(spool), "%s/spool", dir);
  stub_add_string(ci, "CheckinDir", spool);
  r = stub_add_block(ci, "Roster", "soc");
  stub_add_string(r, "File", csv);
  stub_add_number(r, "MaxCheckinAge", 600);
  module_register();
  ck_assert_int_eq(stub_config_cb(ci), 0);
  stub_free_config(ci);
}

static void checkin(const char *person, long ago)
{
  char name[64], text[32];

  snprintf(name, sizeof(name), "spool/soc/%s", person);
  snprintf(text, sizeof(text), "%lld\n", (long long)(time(NULL) - ago));
  tu_write_text(dir, name, text, NULL, 0);
}

static double read_covered(void)
{
  stub_reset_records();
  ck_assert_int_eq(stub_reads[0].cb(&stub_reads[0].ud), 0);
  ck_assert_ptr_nonnull(stub_find("soc", "vigil_state", "covered"));
  return stub_find("soc", "vigil_state", "covered")->value;
}

START_TEST(test_coverage)
{
  char a[32], b[32], c[32];
  char rows[1024];

  snprintf(rows, sizeof(rows), "soc,%s,%s,nva,A\n", at(-3600, a), at(3600, b));
  write_roster(rows);
  configure();
  ck_assert_double_eq(read_covered(), 0); /* on the roster, not checked in */
  ck_assert_ptr_null(stub_find("soc", "duration", "checkin_age"));
  checkin("nva", 60);
  ck_assert_double_eq(read_covered(), 1);
  ck_assert_double_ge(stub_find("soc", "duration", "checkin_age")->value, 60);
  checkin("nva", 1200); /* older than MaxCheckinAge */
  ck_assert_double_eq(read_covered(), 0);
  ck_assert_double_ge(stub_find("soc", "duration", "checkin_age")->value, 1200);
  /* the roster is edited: the shift moves to the future, a gap now */
  usleep(10000);
  snprintf(rows, sizeof(rows), "soc,%s,%s,nva,A\n", at(3600, a), at(7200, c));
  write_roster(rows);
  ck_assert_double_eq(read_covered(), 0);
  ck_assert(stub_log_contains("Roster \"soc\": 1 shifts loaded"));
}
END_TEST

START_TEST(test_bad_edit_keeps_last_good)
{
  char a[32], b[32], rows[1024];

  snprintf(rows, sizeof(rows), "soc,%s,%s,nva,A\n", at(-3600, a), at(3600, b));
  write_roster(rows);
  configure();
  checkin("nva", 10);
  ck_assert_double_eq(read_covered(), 1);
  write_roster("soc,tomorrow,later,nva,A\n");
  ck_assert_double_eq(read_covered(), 1); /* the last good roster */
  ck_assert(
      stub_log_contains("rosters.csv:2: start \"tomorrow\" or end \"later\" is not a date and "
                        "time; the last good roster stays in use."));
  stub_reset_records();
  stub_reads[0].cb(&stub_reads[0].ud);
  ck_assert_int_eq(stub_logs_num, 0); /* logged once, not at every interval */
}
END_TEST

START_TEST(test_config_refused)
{
  oconfig_item_t *ci = stub_block("Plugin", "vigil_duty");
  oconfig_item_t *r = stub_add_block(ci, "Roster", "soc");

  stub_add_string(r, "TimeZone", "Europe/Paris");
  module_register();
  ck_assert_int_eq(stub_config_cb(ci), -1);
  ck_assert(stub_log_contains("`TimeZone' \"Europe/Paris\" is neither UTC"));
  stub_free_config(ci);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("vigil_duty");
  TCase *tc = tcase_create("core");

  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_coverage);
  tcase_add_test(tc, test_bad_edit_keeps_last_good);
  tcase_add_test(tc, test_config_refused);
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

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

/* A roster "soc" whose shifts are relative to now; rows without a user
 * column get this process's user, who writes the check-ins here. */
static void write_roster(const char *rows)
{
  char text[4096], me[256], line[1024];
  size_t used;

  vg_user_name(getuid(), me, sizeof(me));
  used = (size_t)snprintf(text, sizeof(text), "roster,start,end,person_id,person_name,user\n");
  for (const char *p = rows; *p != '\0' && used < sizeof(text);) {
    size_t n = strcspn(p, "\n");
    int commas = 0;
    for (size_t i = 0; i < n; i++)
      commas += p[i] == ',';
    snprintf(line, sizeof(line), "%.*s%s", (int)n, p, commas == 4 ? "," : "");
    used +=
        (size_t)snprintf(text + used, sizeof(text) - used, "%s%s\n", line, commas == 4 ? me : "");
    p += n + (p[n] == '\n');
  }
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

static void configure_max_age(double max_age)
{
  oconfig_item_t *ci = stub_block("Plugin", "vigil_duty");
  oconfig_item_t *r;
  char spool[2048];

  snprintf(spool, sizeof(spool), "%s/spool", dir);
  stub_add_string(ci, "CheckinDir", spool);
  r = stub_add_block(ci, "Roster", "soc");
  stub_add_string(r, "File", csv);
  stub_add_number(r, "MaxCheckinAge", max_age);
  module_register();
  ck_assert_int_eq(stub_config_cb(ci), 0);
  stub_free_config(ci);
}

static void configure(void)
{
  configure_max_age(600);
}

/* Writes person's check-in now; the time in it (claimed seconds ago) is
 * what a forger would write, and is never read. */
static void checkin(const char *person, long claimed)
{
  char name[64], text[32];

  snprintf(name, sizeof(name), "spool/soc/%s", person);
  snprintf(text, sizeof(text), "%lld\n", (long long)(time(NULL) - claimed));
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
  checkin("nva", 1200); /* claims 20 min ago: written now all the same */
  ck_assert_double_eq(read_covered(), 1);
  ck_assert_double_le(stub_find("soc", "duration", "checkin_age")->value, 2);
  /* the roster is edited: the shift moves to the future, a gap now */
  usleep(10000);
  snprintf(rows, sizeof(rows), "soc,%s,%s,nva,A\n", at(3600, a), at(7200, c));
  write_roster(rows);
  ck_assert_double_eq(read_covered(), 0);
  ck_assert(stub_log_contains("Roster \"soc\": 1 shifts loaded"));
}
END_TEST

/* A check-in grows old by the clock, whatever it says. */
START_TEST(test_stale_checkin)
{
  char a[32], b[32], rows[1024];
  int covered = 1;

  snprintf(rows, sizeof(rows), "soc,%s,%s,nva,A\n", at(-3600, a), at(3600, b));
  write_roster(rows);
  configure_max_age(1);
  checkin("nva", -86400); /* claims tomorrow */
  ck_assert_double_eq(read_covered(), 1);
  for (int i = 0; i < 40 && covered; i++) { /* older than MaxCheckinAge within 2 s */
    usleep(100000);
    covered = read_covered() != 0;
  }
  ck_assert_int_eq(covered, 0);
  ck_assert_double_gt(stub_find("soc", "duration", "checkin_age")->value, 1);
}
END_TEST

/* A check-in of a person written by another user counts for nobody. */
START_TEST(test_checkin_by_another_user)
{
  char a[32], b[32], rows[1024], want[2048];

  snprintf(rows, sizeof(rows), "soc,%s,%s,nva,A,vigil-nobody-else\n", at(-3600, a), at(3600, b));
  write_roster(rows);
  configure();
  checkin("nva", 0);
  ck_assert_double_eq(read_covered(), 0);
  ck_assert_ptr_null(stub_find("soc", "duration", "checkin_age"));
  snprintf(want, sizeof(want),
           "/spool/soc/nva was written by %s, not by nva's user vigil-nobody-else: not counted",
           vg_user_name(getuid(), a, sizeof(a)));
  ck_assert_msg(stub_log_contains(want), "no warning: %s", want);
  stub_reset_records();
  stub_reads[0].cb(&stub_reads[0].ud);
  ck_assert_int_eq(stub_logs_num, 0); /* said once */
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
  ck_assert(stub_log_contains("vigil_duty plugin: Roster \"soc\": The `TimeZone' option needs UTC, "
                              "+HH:MM or a zone without summer time that vigil knows "
                              "(Asia/Ho_Chi_Minh, ...), not \"Europe/Paris\"."));
  stub_free_config(ci);
}
END_TEST

/* Two blocks of one name: the second is refused at configuration time,
 * naming plugin, block and name, and the first is registered once. */
START_TEST(test_duplicate_name)
{
  oconfig_item_t *plugin = stub_block("Plugin", "vigil_duty");

  for (int i = 0; i < 2; i++) {
    oconfig_item_t *b = stub_add_block(plugin, "Roster", "a");
    stub_add_string(b, "File", "/nonexistent/rosters.csv");
  }
  module_register();
  ck_assert_int_eq(stub_config_cb(plugin), -1);
  ck_assert(stub_log_contains(
      "vigil_duty plugin: Roster \"a\" is defined twice; the second one is ignored."));
  ck_assert_int_eq(stub_reads_num, 1);
  ck_assert_str_eq(stub_reads[0].name, "vigil_duty/a");
  stub_free_config(plugin);
}
END_TEST

/* A read name collectd refuses: collectd frees the instance, and nothing
 * touches it afterwards (the sanitizers and valgrind watch this test). */
START_TEST(test_registration_refused)
{
  oconfig_item_t *plugin = stub_block("Plugin", "vigil_duty");
  oconfig_item_t *b = stub_add_block(plugin, "Roster", "a");

  stub_add_string(b, "File", "/nonexistent/rosters.csv");
  stub_take_read_name("vigil_duty/a");
  module_register();
  ck_assert_int_eq(stub_config_cb(plugin), -1);
  ck_assert(
      stub_log_contains("vigil_duty plugin: cannot register the read callback \"vigil_duty/a\""));
  ck_assert_int_eq(stub_reads_num, 1);
  stub_free_config(plugin);
}
END_TEST

/* A name that could never match a folder of check-ins is refused. */
START_TEST(test_roster_name_refused)
{
  static const char *const names[] = {"", "a/b", "..", "."};

  for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
    oconfig_item_t *ci = stub_block("Plugin", "vigil_duty");
    stub_add_string(stub_add_block(ci, "Roster", names[i]), "File", "/x.csv");
    stub_reset_records();
    module_register();
    ck_assert_int_eq(stub_config_cb(ci), -1);
    ck_assert_msg(stub_log_contains("vigil_duty plugin: The `Roster' block needs exactly one "
                                    "string argument: a name"),
                  "name \"%s\" accepted", names[i]);
    stub_free_config(ci);
  }
}
END_TEST

int main(void)
{
  Suite *s = suite_create("vigil_duty");
  TCase *tc = tcase_create("core");

  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 20); /* test_stale_checkin waits up to 4 s for a check-in to age */
  tcase_add_test(tc, test_duplicate_name);
  tcase_add_test(tc, test_registration_refused);
  tcase_add_test(tc, test_roster_name_refused);
  tcase_add_test(tc, test_coverage);
  tcase_add_test(tc, test_bad_edit_keeps_last_good);
  tcase_add_test(tc, test_stale_checkin);
  tcase_add_test(tc, test_checkin_by_another_user);
  tcase_add_test(tc, test_config_refused);
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

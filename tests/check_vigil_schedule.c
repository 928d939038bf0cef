/* Unit tests of the vigil_schedule plugin: published hours at their
 * boundaries, dated exceptions for the holidays, state files (fresh, stale,
 * missing), and what a read sends. */
#include "collectd_stub.h"

#include "vigil_schedule.c"

#include "testutil.h"

#include <check.h>

static char dir[1024];

static void setup(void)
{
  tu_mkdtemp(dir, sizeof(dir));
  stub_reset_records();
}

static void teardown(void)
{
  stub_shutdown();
  sc_shutdown();
  tu_rm_rf(dir);
}

/* 2020-04-27 was a Monday; times are +07:00. */
static time_t local(int day_of_april_may, int hh, int mm)
{
  struct tm tm = {.tm_year = 120,
                  .tm_mon = day_of_april_may > 30 ? 4 : 3,
                  .tm_mday = day_of_april_may > 30 ? day_of_april_may - 30 : day_of_april_may,
                  .tm_hour = hh,
                  .tm_min = mm};

  return timegm(&tm) - 25200;
}

static sc_office_t *office(void)
{
  static sc_office_t o;

  memset(&o, 0, sizeof(o));
  o.offset = 25200;
  ck_assert_int_eq(sc_parse_weekly("Mon-Fri 07:00-17:00", &o.weekly[o.n_weekly++]), 0);
  ck_assert_int_eq(sc_parse_weekly("Sat 07:00-11:30", &o.weekly[o.n_weekly++]), 0);
  ck_assert_int_eq(sc_parse_dated("2020-04-30", true, &o.dated[o.n_dated++]), 0);
  ck_assert_int_eq(sc_parse_dated("2020-05-02 08:00-10:00", false, &o.dated[o.n_dated++]), 0);
  return &o;
}

static const struct {
  int day, hh, mm;
  bool want;
} hours[] = {
    {.day = 27, .hh = 6, .mm = 59},
    {.day = 27, .hh = 7, .mm = 0, .want = true},
    {.day = 27, .hh = 16, .mm = 59, .want = true},
    {.day = 27, .hh = 17},                        /* Monday */
    {.day = 29, .hh = 12, .mm = 0, .want = true}, /* Wednesday */
    {.day = 30, .hh = 12},                        /* holiday */
    {.day = 32, .hh = 7, .mm = 30},
    {.day = 32, .hh = 8, .mm = 0, .want = true},
    {.day = 32, .hh = 10}, /* Sat 2 May: dated hours */
    {.day = 25, .hh = 11, .mm = 29, .want = true},
    {.day = 25, .hh = 11, .mm = 30}, /* an ordinary Saturday */
    {.day = 26, .hh = 12},           /* Sunday */
};

START_TEST(test_hours)
{
  ck_assert_msg(sc_scheduled_open(office(), local(hours[_i].day, hours[_i].hh, hours[_i].mm)) ==
                    hours[_i].want,
                "day %d %02d:%02d", hours[_i].day, hours[_i].hh, hours[_i].mm);
}
END_TEST

START_TEST(test_bad_rules)
{
  sc_weekly_t w;
  sc_dated_t d;

  ck_assert_int_eq(sc_parse_weekly("Mon-Fri 17:00-07:00", &w), -1);
  ck_assert_int_eq(sc_parse_weekly("Monday 07:00-17:00", &w), -1);
  ck_assert_int_eq(sc_parse_weekly("Fri-Mon 07:00-17:00", &w), -1);
  ck_assert_int_eq(sc_parse_weekly("Sat,Sun 08:00-11:00", &w), 0);
  ck_assert_int_eq(w.days, (1u << 5) | (1u << 6));
  ck_assert_int_eq(sc_parse_dated("2020-13-01", true, &d), -1);
  ck_assert_int_eq(sc_parse_dated("2020-05-02 10:00", false, &d), -1);
  ck_assert_int_eq(sc_parse_weekly("Mon,,Fri 08:00-11:00", &w), -1);
  ck_assert_int_eq(sc_parse_weekly("Mon, 08:00-11:00", &w), -1);
  ck_assert_int_eq(sc_parse_weekly("Mon 8:00-11:00", &w), -1);
  ck_assert_int_eq(sc_parse_weekly("Mon 08:00-11:00 ", &w), -1);
  ck_assert_int_eq(sc_parse_weekly("Mon 24:00-24:00", &w), -1);
  ck_assert_int_eq(sc_parse_weekly("Mon 23:00-24:01", &w), -1);
  ck_assert_int_eq(sc_parse_weekly("Mon,Wed-Fri 22:00-24:00", &w), 0);
  ck_assert_int_eq(w.days, 1u | (1u << 2) | (1u << 3) | (1u << 4));
  ck_assert_int_eq(w.from, 22 * 60);
  ck_assert_int_eq(w.to, 24 * 60);
  ck_assert_int_eq(sc_parse_dated("2021-02-29", true, &d), -1); /* not a leap year */
  ck_assert_int_eq(sc_parse_dated("2020-04-31", true, &d), -1);
  ck_assert_int_eq(sc_parse_dated("2020-04-30", true, &d), 0);
  ck_assert_int_eq(d.day, 18382);
  ck_assert_int_eq(sc_parse_dated("2020-04-30x", true, &d), -1);
}
END_TEST

START_TEST(test_state_files)
{
  char path[2048];
  int open;
  double staff, vehicles;
  time_t now = time(NULL);

  tu_write_text(dir, "bd1", "# written by the counter system\nopen=1\nstaff = 4\nbogus\n", path,
                sizeof(path));
  ck_assert_int_eq(sc_read_state(path, now, 900, &open, &staff, &vehicles), 0);
  ck_assert_int_eq(open, 1);
  ck_assert_double_eq(staff, 4);
  ck_assert_double_eq(vehicles, -1);
  ck_assert_int_eq(sc_read_state(path, now + 901, 900, &open, &staff, &vehicles), -1); /* stale */
  ck_assert_int_eq(sc_read_state("/nonexistent", now, 900, &open, &staff, &vehicles), -1);
}
END_TEST

START_TEST(test_read)
{
  oconfig_item_t *ci = stub_block("Plugin", "vigil_schedule");
  oconfig_item_t *o;
  char state[2048];

  snprintf(state, sizeof(state), "%s", dir);
  stub_add_string(ci, "StateDir", state);
  o = stub_add_block(ci, "Office", "bd1");
  stub_add_string(o, "Hours", "Mon-Sun 00:00-24:00"); /* always open */
  stub_add_number(o, "RequiredStaff", 3);
  stub_add_number(o, "RequiredVehicles", 2);
  module_register();
  ck_assert_int_eq(stub_config_cb(ci), 0);
  ck_assert_int_eq(stub_reads[0].cb(&stub_reads[0].ud), 0);
  ck_assert_int_eq(stub_values_num, 0); /* no state file: nothing believed */
  tu_write_text(dir, "bd1", "open=0\nstaff=4\nvehicles=1\n", NULL, 0);
  ck_assert_int_eq(stub_reads[0].cb(&stub_reads[0].ud), 0);
  ck_assert_double_eq(stub_find("bd1", "vigil_state", "as_scheduled")->value, 0);
  ck_assert_double_eq(stub_find("bd1", "gauge", "resources_margin")->value,
                      -1); /* a vehicle short */
  stub_free_config(ci);
}
END_TEST

/* Two blocks of one name: the second is refused at configuration time,
 * naming plugin, block and name, and the first is registered once. */
START_TEST(test_duplicate_name)
{
  oconfig_item_t *plugin = stub_block("Plugin", "vigil_schedule");

  for (int i = 0; i < 2; i++) {
    oconfig_item_t *b = stub_add_block(plugin, "Office", "a");
    stub_add_string(b, "Hours", "Mon-Fri 07:00-17:00");
  }
  module_register();
  ck_assert_int_eq(stub_config_cb(plugin), -1);
  ck_assert(stub_log_contains(
      "vigil_schedule plugin: Office \"a\" is defined twice; the second one is ignored."));
  ck_assert_int_eq(stub_reads_num, 1);
  ck_assert_str_eq(stub_reads[0].name, "vigil_schedule/a");
  stub_free_config(plugin);
}
END_TEST

/* A read name collectd refuses: collectd frees the instance, and nothing
 * touches it afterwards (the sanitizers and valgrind watch this test). */
START_TEST(test_registration_refused)
{
  oconfig_item_t *plugin = stub_block("Plugin", "vigil_schedule");
  oconfig_item_t *b = stub_add_block(plugin, "Office", "a");

  stub_add_string(b, "Hours", "Mon-Fri 07:00-17:00");
  stub_take_read_name("vigil_schedule/a");
  module_register();
  ck_assert_int_eq(stub_config_cb(plugin), -1);
  ck_assert(stub_log_contains(
      "vigil_schedule plugin: cannot register the read callback \"vigil_schedule/a\""));
  ck_assert_int_eq(stub_reads_num, 1);
  stub_free_config(plugin);
}
END_TEST

/* Values out of range are refused with a message naming the option. */
START_TEST(test_config_ranges)
{
  oconfig_item_t *ci = stub_block("Plugin", "vigil_schedule");
  oconfig_item_t *o, *hours;

  stub_add_number(ci, "MaxStateAge", -1);
  o = stub_add_block(ci, "Office", "bd");
  stub_add_string(o, "Hours", "Mon 07:00-08:00");
  hours = o->children + o->children_num - 1;
  for (int i = 0; i < 32; i++)
    stub_append_string(hours, "Tue 07:00-08:00");
  module_register();
  ck_assert_int_eq(stub_config_cb(ci), -1);
  ck_assert(stub_log_contains("vigil_schedule plugin: The `MaxStateAge' option needs a number of "
                              "seconds above 0"));
  ck_assert(stub_log_contains("vigil_schedule plugin: Office \"bd\": The `Hours' option takes at "
                              "most 32 rules."));
  stub_free_config(ci);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("vigil_schedule");
  TCase *tc = tcase_create("core");

  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_duplicate_name);
  tcase_add_test(tc, test_registration_refused);
  tcase_add_test(tc, test_config_ranges);
  tcase_add_loop_test(tc, test_hours, 0, sizeof(hours) / sizeof(hours[0]));
  tcase_add_test(tc, test_bad_rules);
  tcase_add_test(tc, test_state_files);
  tcase_add_test(tc, test_read);
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

/* Unit tests of timeutil: ISO 8601 date-times, durations, and the periods
 * checks read relative to the window. */
#include "catalogue.h"
#include "timeutil.h"

#include "testutil.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

static const struct {
  const char *in;
  int want_ok;
  long long want_t;
  int want_offset;
} time_cases[] = {
    {.in = "2020-04-30T00:00:00+07:00", .want_ok = 1, .want_t = 1588179600LL, .want_offset = 25200},
    {.in = "2020-04-29T17:00:00Z", .want_ok = 1, .want_t = 1588179600LL},
    {.in = "2020-04-30T00:00+07:00", .want_ok = 1, .want_t = 1588179600LL, .want_offset = 25200},
    {.in = "2020-04-30 00:00:00+0700", .want_ok = 1, .want_t = 1588179600LL, .want_offset = 25200},
    {.in = "2020-04-30T00:00:00.250+07:00",
     .want_ok = 1,
     .want_t = 1588179600LL,
     .want_offset = 25200},
    {.in = "2020-04-29T12:30:00-04:30",
     .want_ok = 1,
     .want_t = 1588179600LL,
     .want_offset = -16200},
    {.in = "2020-02-29T00:00:00Z", .want_ok = 1, .want_t = 1582934400LL},
    {.in = "1970-01-01T00:00:00Z", .want_ok = 1},
    {.in = "2020-04-30T00:00:00", .want_ok = 0},  /* no offset: ambiguous */
    {.in = "2019-02-29T00:00:00Z", .want_ok = 0}, /* not a leap year */
    {.in = "2020-13-01T00:00:00Z", .want_ok = 0},
    {.in = "2020-04-30T24:00:00Z", .want_ok = 0},
    {.in = "2020-04-30", .want_ok = 0},
    {.in = "2020-04-30T00:00:00+07:00junk", .want_ok = 0},
    {.in = "", .want_ok = 0},
};

START_TEST(test_parse_time)
{
  time_t t = 42;
  int off = 99;
  int rc = vt_parse_time(time_cases[_i].in, &t, &off);

  ck_assert_msg((rc == 0) == time_cases[_i].want_ok, "%s: rc %d", time_cases[_i].in, rc);
  if (time_cases[_i].want_ok) {
    ck_assert_int_eq((long long)t, time_cases[_i].want_t);
    ck_assert_int_eq(off, time_cases[_i].want_offset);
  } else {
    ck_assert_int_eq((long long)t, 42); /* nothing stored on error */
  }
}
END_TEST

static const struct {
  const char *in;
  int want_ok;
  long want;
} duration_cases[] = {
    {.in = "PT0S", .want_ok = 1},
    {.in = "PT48H", .want_ok = 1, .want = 172800},
    {.in = "-PT1H", .want_ok = 1, .want = -3600},
    {.in = "P1D", .want_ok = 1, .want = 86400},
    {.in = "P1DT2H3M4S", .want_ok = 1, .want = 93784},
    {.in = "P2W", .want_ok = 1, .want = 1209600},
    {.in = "PT90M", .want_ok = 1, .want = 5400},
    {.in = "P1M", .want_ok = 0}, /* months vary in length */
    {.in = "P1Y", .want_ok = 0},
    {.in = "PT", .want_ok = 0},
    {.in = "P", .want_ok = 0},
    {.in = "1H", .want_ok = 0},
    {.in = "PT1H2", .want_ok = 0},
    {.in = "PT1D", .want_ok = 0},
    {.in = "P1H", .want_ok = 0},
};

START_TEST(test_parse_duration)
{
  long v = 7;
  int rc = vt_parse_duration(duration_cases[_i].in, &v);

  ck_assert_msg((rc == 0) == duration_cases[_i].want_ok, "%s", duration_cases[_i].in);
  ck_assert_int_eq(v, duration_cases[_i].want_ok ? duration_cases[_i].want : 7);
}
END_TEST

START_TEST(test_format_roundtrip)
{
  char buf[64];
  time_t t;
  int off;

  ck_assert_str_eq(vt_format_time(1588179600, 25200, buf, sizeof(buf)),
                   "2020-04-30T00:00:00+07:00");
  ck_assert_str_eq(vt_format_time(1588179600, 0, buf, sizeof(buf)), "2020-04-29T17:00:00Z");
  ck_assert_str_eq(vt_format_time(1588179600, -16200, buf, sizeof(buf)),
                   "2020-04-29T12:30:00-04:30");
  ck_assert_int_eq(vt_parse_time(buf, &t, &off), 0);
  ck_assert_int_eq((long long)t, 1588179600LL);
  ck_assert_ptr_null(vt_format_time(0, 0, buf, 10));
  ck_assert_str_eq(vt_format_duration(93784, buf, sizeof(buf)), "PT26H3M4S");
  ck_assert_str_eq(vt_format_duration(0, buf, sizeof(buf)), "PT0S");
  ck_assert_str_eq(vt_format_duration(-3600, buf, sizeof(buf)), "-PT1H");
}
END_TEST

/* Periods relative to the window, as the catalogue states them. */
static const struct {
  vg_anchor_t anchor;
  long from_off, to_off;
  long long want_from, want_to;
} period_cases[] = {
    {.anchor = VG_ANCHOR_WINDOW,
     .from_off = 0,
     .to_off = 0,
     .want_from = 1000000,
     .want_to = 1345600}, /* the window itself */
    {.anchor = VG_ANCHOR_START,
     .from_off = -172800,
     .to_off = 0,
     .want_from = 827200,
     .want_to = 1000000}, /* 48 h before it starts */
    {.anchor = VG_ANCHOR_START,
     .from_off = -3600,
     .to_off = 0,
     .want_from = 996400,
     .want_to = 1000000}, /* at window start */
    {.anchor = VG_ANCHOR_END,
     .from_off = -3600,
     .to_off = 0,
     .want_from = 1342000,
     .want_to = 1345600}, /* at window end */
    {.anchor = VG_ANCHOR_WINDOW,
     .from_off = 3600,
     .to_off = -3600,
     .want_from = 1003600,
     .want_to = 1342000}, /* the window, shrunk */
};

/* Time zones as rosters and check-in folders state them. */
static const struct {
  const char *text;
  int rc, offset;
} zone_cases[] = {
    {.text = "Asia/Ho_Chi_Minh", .rc = 0, .offset = 25200},
    {.text = "asia/saigon", .rc = 0, .offset = 25200},
    {.text = "UTC", .rc = 0, .offset = 0},
    {.text = "Z", .rc = 0, .offset = 0},
    {.text = "+07:00", .rc = 0, .offset = 25200},
    {.text = "-05:30", .rc = 0, .offset = -19800},
    {.text = "-0530", .rc = 0, .offset = -19800},
    {.text = "+07", .rc = 0, .offset = 25200},
    {.text = "Europe/Paris", .rc = -1}, /* summer time: not supported */
    {.text = "+25:00", .rc = -1},
    {.text = "+07:60", .rc = -1},
    {.text = "+7", .rc = -1},
    {.text = "", .rc = -1},
};

START_TEST(test_parse_zone)
{
  int off = 12345;

  ck_assert_int_eq(vt_parse_zone(zone_cases[_i].text, &off), zone_cases[_i].rc);
  ck_assert_int_eq(off, zone_cases[_i].rc == 0 ? zone_cases[_i].offset : 12345);
}
END_TEST

/* A roster's times: the stated zone when there is one, else the default. */
static const struct {
  const char *text;
  int rc;
  time_t t;
} local_cases[] = {
    {.text = "2020-04-30 08:00", .rc = 0, .t = 1588208400},    /* 08:00 at +07:00 */
    {.text = "2020-04-30T08:00:30", .rc = 0, .t = 1588208430}, /* seconds */
    {.text = "2020-04-30 01:00Z", .rc = 0, .t = 1588208400},   /* its own offset wins */
    {.text = "2020-04-30 03:00+02:00", .rc = 0, .t = 1588208400},
    {.text = "2020-02-30 08:00", .rc = -1}, /* no such day */
    {.text = "2020-04-30 24:00", .rc = -1},
    {.text = "2020-04-30", .rc = -1},
    {.text = "30/04/2020 08:00", .rc = -1},
    {.text = "2020-04-30 08:00 nonsense", .rc = -1},
};

START_TEST(test_parse_local_time)
{
  time_t t = 7;

  ck_assert_int_eq(vt_parse_local_time(local_cases[_i].text, 25200, &t), local_cases[_i].rc);
  ck_assert_int_eq(t, local_cases[_i].rc == 0 ? local_cases[_i].t : 7);
}
END_TEST

START_TEST(test_parse_date)
{
  const char *p = "2020-04-30 07:00-11:00";
  long day = 0;

  ck_assert_int_eq(vt_parse_date(&p, &day), 0);
  ck_assert_int_eq(day, 18382); /* 2020-04-30 */
  ck_assert_str_eq(p, " 07:00-11:00");
  p = "2021-02-29";
  ck_assert_int_eq(vt_parse_date(&p, &day), -1);
  ck_assert_str_eq(p, "2021-02-29");
  p = "2024-02-29";
  ck_assert_int_eq(vt_parse_date(&p, &day), 0);
  ck_assert_int_eq(day, 19782);
  p = "1969-12-31";
  ck_assert_int_eq(vt_parse_date(&p, &day), 0);
  ck_assert_int_eq(day, -1);
}
END_TEST

START_TEST(test_period)
{
  vg_check_t chk;
  time_t a, b;

  memset(&chk, 0, sizeof(chk));
  chk.anchor = period_cases[_i].anchor;
  chk.from_offset = period_cases[_i].from_off;
  chk.to_offset = period_cases[_i].to_off;
  vg_check_period(&chk, 1000000, 1345600, &a, &b);
  ck_assert_int_eq((long long)a, period_cases[_i].want_from);
  ck_assert_int_eq((long long)b, period_cases[_i].want_to);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("timeutil");
  TCase *tc = tcase_create("core");

  tcase_add_loop_test(tc, test_parse_time, 0, sizeof(time_cases) / sizeof(time_cases[0]));
  tcase_add_loop_test(tc, test_parse_duration, 0,
                      sizeof(duration_cases) / sizeof(duration_cases[0]));
  tcase_add_test(tc, test_format_roundtrip);
  tcase_add_loop_test(tc, test_parse_zone, 0, sizeof(zone_cases) / sizeof(zone_cases[0]));
  tcase_add_loop_test(tc, test_parse_local_time, 0, sizeof(local_cases) / sizeof(local_cases[0]));
  tcase_add_test(tc, test_parse_date);
  tcase_add_loop_test(tc, test_period, 0, sizeof(period_cases) / sizeof(period_cases[0]));
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

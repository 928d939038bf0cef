/* Unit tests of the error budgets: a share of time over a 96-hour window
 * (I.6's 99.5 % allows 28 min 48 s of outage), a longest run, approved
 * maintenance, unknown time, a window just started and one that has
 * ended, with exact figures. */
#include "budget.h"

#include "testutil.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>

#define STEP 60
#define WINDOW (96 * 3600) /* [0, WINDOW) */
#define ROWS (WINDOW / STEP)

static double avg[ROWS];
static vg_series_t s;
static vg_span_t maintenance[4];

/* A probe that is up (1) everywhere, read at one-minute steps. */
static void setup(void)
{
  for (size_t i = 0; i < ROWS; i++)
    avg[i] = 1;
  s = (vg_series_t){.start = 0, .step = STEP, .rows = ROWS, .avg = avg};
}

/* Sets the rows of [from, to) to v. */
static void set(time_t from, time_t to, double v)
{
  for (time_t t = from; t < to; t += STEP)
    avg[t / STEP] = v;
}

/* I.6.availability: the share of time the probe was up, at least 99.5 %. */
static const vg_agg_spec_t up_share = {VG_AGG_TIME_SHARE, {VG_OP_GE, 1}, 1};
static const vg_cond_t at_least_995 = {VG_OP_GE, 0.995};
/* I.6.longest-outage: the longest time it was down, at most 30 min. */
static const vg_agg_spec_t down_run = {VG_AGG_LONGEST_RUN, {VG_OP_GE, 1}, 0};
static const vg_cond_t at_most_30min = {VG_OP_LE, 1800};

static vg_budget_t share_at(time_t now)
{
  vg_budget_t b;

  ck_assert_int_eq(vg_budget_compute(&s, 0, now, WINDOW, &up_share, &at_least_995, 3600, &b), 0);
  return b;
}

/* Ten hours in, a 10-minute outage long ago: 600 s of 1,728 spent, nothing
 * burning now. */
START_TEST(test_share_spent_and_left)
{
  vg_budget_t b;

  set(6000, 6600, 0);
  b = share_at(36000);
  ck_assert_int_eq(b.kind, VG_BUDGET_SHARE);
  ck_assert_double_eq_tol(b.allowed, 1728, 1e-6);
  ck_assert_double_eq_tol(b.spent, 600, 1e-6);
  ck_assert_double_eq_tol(b.left, 1128, 1e-6);
  ck_assert_double_eq(b.rate, 0);
  ck_assert_int_eq(b.burn_from, 32400);
  ck_assert_int_eq(b.exhausted, 0);
  ck_assert_int_eq(b.open, 1);
  ck_assert_int_eq(b.spent_out, 0);
  ck_assert_int_eq(b.at_risk, 0);
}
END_TEST

/* Down for the last 20 minutes: a third of the last hour; the 528 s left
 * run out 1,584 s from now, long before the window ends. */
START_TEST(test_share_at_risk)
{
  vg_budget_t b;

  set(34800, 36000, 0);
  b = share_at(36000);
  ck_assert_double_eq_tol(b.spent, 1200, 1e-6);
  ck_assert_double_eq_tol(b.left, 528, 1e-6);
  ck_assert_double_eq_tol(b.rate, 1.0 / 3, 1e-9);
  ck_assert_int_eq(b.exhausted, 36000 + 1584);
  ck_assert_int_eq(b.at_risk, 1);
  ck_assert_int_eq(b.spent_out, 0);
}
END_TEST

/* A slow burn that runs out only after the window ends is not at risk. */
START_TEST(test_share_slow_burn)
{
  vg_budget_t b;

  set(35940, 36000, 0); /* one minute of the last hour */
  b = share_at(36000);
  ck_assert_double_eq_tol(b.rate, 60.0 / 3600, 1e-9);
  /* 1,668 s left at 1/60: 100,080 s from now, before the end (345,600) */
  ck_assert_int_eq(b.exhausted, 36000 + 100080);
  ck_assert_int_eq(b.at_risk, 1);
  b = share_at(300000); /* the same minute long ago, and nothing since */
  ck_assert_int_eq(b.exhausted, 0);
  ck_assert_int_eq(b.at_risk, 0);
  set(299940, 300000, 0); /* a second minute, in the last hour of a late now */
  b = share_at(300000);
  /* 1,608 s left at 1/60: 96,480 s, after the window's end */
  ck_assert_int_eq(b.exhausted, 0);
  ck_assert_int_eq(b.at_risk, 0);
}
END_TEST

/* Thirty minutes down: more than the whole window allows; final. */
START_TEST(test_share_spent_out)
{
  vg_budget_t b;

  set(7200, 9000, 0);
  b = share_at(36000);
  ck_assert_double_eq_tol(b.spent, 1800, 1e-6);
  ck_assert_double_eq_tol(b.left, -72, 1e-6);
  ck_assert_int_eq(b.spent_out, 1);
  ck_assert_int_eq(b.at_risk, 0);
  ck_assert_int_eq(b.exhausted, 0);
}
END_TEST

/* Approved maintenance is neither spent nor allowed, and burns nothing
 * when it lies ahead. */
START_TEST(test_share_maintenance)
{
  vg_budget_t b;

  maintenance[0] = (vg_span_t){3600, 7200};   /* down during it: planned */
  maintenance[1] = (vg_span_t){36600, 40200}; /* an hour, ten minutes from now */
  s.exclude = maintenance;
  s.n_exclude = 2;
  set(3600, 7200, 0);
  set(34800, 36000, 0); /* and down for the last 20 minutes */
  b = share_at(36000);
  ck_assert_double_eq_tol(b.allowed, 0.005 * (WINDOW - 7200), 1e-6); /* 1,692 */
  ck_assert_double_eq_tol(b.spent, 1200, 1e-6);
  ck_assert_double_eq_tol(b.rate, 1.0 / 3, 1e-9);
  /* 492 s left: 200 s burnt in the 600 s before the maintenance, the
   * other 292 at a third after it ends */
  ck_assert_int_eq(b.exhausted, 40200 + 876);
  ck_assert_int_eq(b.at_risk, 1);
}
END_TEST

/* Time without data is not spent by a share of the known time; it is what
 * a coverage rule spends. */
START_TEST(test_unknown_time)
{
  static const vg_agg_spec_t coverage = {VG_AGG_COVERAGE, {VG_OP_GE, 0}, 0};
  static const vg_cond_t at_least_95 = {VG_OP_GE, 0.95};
  vg_budget_t b;

  set(7200, 10800, NAN);
  set(33600, 36000, NAN); /* the last 40 minutes */
  b = share_at(36000);
  ck_assert_double_eq(b.spent, 0);
  ck_assert_double_eq(b.rate, 0);
  ck_assert_int_eq(b.at_risk, 0);
  ck_assert_int_eq(vg_budget_compute(&s, 0, 36000, WINDOW, &coverage, &at_least_95, 3600, &b), 0);
  ck_assert_double_eq_tol(b.allowed, 0.05 * WINDOW, 1e-6); /* 17,280 */
  ck_assert_double_eq_tol(b.spent, 6000, 1e-6);
  ck_assert_double_eq_tol(b.rate, 2400.0 / 3600, 1e-9);
  ck_assert_int_eq(b.exhausted, 36000 + 16920); /* 11,280 s left at 2/3 */
  ck_assert_int_eq(b.at_risk, 1);
}
END_TEST

/* One minute into the window, down for it: the rate is that minute's. */
START_TEST(test_window_just_started)
{
  vg_budget_t b;

  set(0, 60, 0);
  b = share_at(60);
  ck_assert_int_eq(b.burn_from, 0);
  ck_assert_double_eq_tol(b.spent, 60, 1e-6);
  ck_assert_double_eq_tol(b.rate, 1, 1e-9);
  ck_assert_int_eq(b.exhausted, 60 + 1668);
  ck_assert_int_eq(b.at_risk, 1);
}
END_TEST

/* Once the window has ended the figures are spent against allowed: no
 * rate, nothing at risk. */
START_TEST(test_window_ended)
{
  vg_budget_t b;

  set(WINDOW - 1200, WINDOW, 0);
  b = share_at(WINDOW + 7200);
  ck_assert_int_eq(b.open, 0);
  ck_assert_double_eq_tol(b.spent, 1200, 1e-6);
  ck_assert_double_eq_tol(b.left, 528, 1e-6);
  ck_assert_double_eq(b.rate, 0);
  ck_assert_int_eq(b.exhausted, 0);
  ck_assert_int_eq(b.at_risk, 0);
  ck_assert_int_eq(b.spent_out, 0);
  set(WINDOW - 1800, WINDOW, 0);
  b = share_at(WINDOW);
  ck_assert_int_eq(b.spent_out, 1);
}
END_TEST

/* A share with an upper bound spends the time its condition held. */
START_TEST(test_share_upper_bound)
{
  static const vg_agg_spec_t down_share = {VG_AGG_TIME_SHARE, {VG_OP_LT, 1}, 1};
  static const vg_cond_t at_most_1pc = {VG_OP_LE, 0.01};
  vg_budget_t b;

  set(6000, 6600, 0);
  ck_assert_int_eq(vg_budget_compute(&s, 0, 36000, WINDOW, &down_share, &at_most_1pc, 3600, &b), 0);
  ck_assert_double_eq_tol(b.allowed, 3456, 1e-6);
  ck_assert_double_eq_tol(b.spent, 600, 1e-6);
  ck_assert_int_eq(b.spent_out, 0);
}
END_TEST

/* A strict bound is broken by spending exactly what it allows: 30 minutes
 * of a 100-hour period. */
START_TEST(test_share_strict_bound)
{
  static const vg_cond_t more_than_995 = {VG_OP_GT, 0.995};
  vg_budget_t b;

  set(6000, 7800, 0);
  ck_assert_int_eq(vg_budget_compute(&s, 0, 36000, 360000, &up_share, &more_than_995, 3600, &b), 0);
  ck_assert_double_eq_tol(b.allowed, 1800, 1e-6);
  ck_assert_double_eq_tol(b.spent, 1800, 1e-6);
  ck_assert_int_eq(b.spent_out, 1);
  ck_assert_int_eq(vg_budget_compute(&s, 0, 36000, 360000, &up_share, &at_least_995, 3600, &b), 0);
  ck_assert_int_eq(b.spent_out, 0); /* at least 99.5 %: exactly met */
}
END_TEST

/* The longest outage: 10 minutes long ago, and one in progress for 15
 * minutes that breaks 30 minutes in a quarter of an hour. */
START_TEST(test_run_in_progress)
{
  vg_budget_t b;

  set(6000, 6600, 0);
  set(35100, 36000, 0);
  ck_assert_int_eq(vg_budget_compute(&s, 0, 36000, WINDOW, &down_run, &at_most_30min, 3600, &b), 0);
  ck_assert_int_eq(b.kind, VG_BUDGET_RUN);
  ck_assert_double_eq(b.allowed, 1800);
  ck_assert_double_eq_tol(b.spent, 900, 1e-6);
  ck_assert_double_eq_tol(b.current, 900, 1e-6);
  ck_assert_double_eq_tol(b.left, 900, 1e-6);
  ck_assert_int_eq(b.exhausted, 35100 + 1800);
  ck_assert_int_eq(b.at_risk, 1);
  ck_assert_int_eq(b.spent_out, 0);
  /* rows not arrived yet do not end it: the data ends where it ends */
  set(35940, 36000, NAN);
  ck_assert_int_eq(vg_budget_compute(&s, 0, 36000, WINDOW, &down_run, &at_most_30min, 3600, &b), 0);
  ck_assert_double_eq_tol(b.current, 840, 1e-6);
  ck_assert_int_eq(b.exhausted, 35100 + 1800);
  /* a window that ends before the run could reach 30 minutes */
  ck_assert_int_eq(vg_budget_compute(&s, 0, 36000, 36600, &down_run, &at_most_30min, 3600, &b), 0);
  ck_assert_int_eq(b.at_risk, 0);
  ck_assert_int_eq(b.exhausted, 0);
  /* maintenance starting before then ends the run first */
  maintenance[0] = (vg_span_t){36300, 39900};
  s.exclude = maintenance;
  s.n_exclude = 1;
  ck_assert_int_eq(vg_budget_compute(&s, 0, 36000, WINDOW, &down_run, &at_most_30min, 3600, &b), 0);
  ck_assert_int_eq(b.at_risk, 0);
}
END_TEST

/* A run that came back up is not in progress; one longer than allowed is
 * final. */
START_TEST(test_run_over_and_done)
{
  vg_budget_t b;

  set(6000, 6600, 0);
  ck_assert_int_eq(vg_budget_compute(&s, 0, 36000, WINDOW, &down_run, &at_most_30min, 3600, &b), 0);
  ck_assert_double_eq(b.current, 0);
  ck_assert_double_eq(b.left, 1800);
  ck_assert_int_eq(b.at_risk, 0);
  set(7200, 9600, 0);
  ck_assert_int_eq(vg_budget_compute(&s, 0, 36000, WINDOW, &down_run, &at_most_30min, 3600, &b), 0);
  ck_assert_double_eq_tol(b.spent, 2400, 1e-6);
  ck_assert_int_eq(b.spent_out, 1);
  ck_assert_int_eq(b.at_risk, 0);
}
END_TEST

/* Rules without a budget, and malformed calls. */
START_TEST(test_no_budget)
{
  static const vg_agg_spec_t avg_spec = {VG_AGG_AVG, {VG_OP_GE, 0}, 0};
  static const vg_agg_spec_t held_run = {VG_AGG_LONGEST_RUN, {VG_OP_GE, 1}, 1};
  static const vg_cond_t eq1 = {VG_OP_EQ, 1};
  static const vg_cond_t at_least_1h = {VG_OP_GE, 3600};
  vg_budget_t b;

  ck_assert_int_eq(vg_budget_kind(&avg_spec, &at_least_995), VG_BUDGET_NONE);
  ck_assert_int_eq(vg_budget_kind(&up_share, &eq1), VG_BUDGET_NONE);
  ck_assert_int_eq(vg_budget_kind(&held_run, &at_least_1h), VG_BUDGET_NONE);
  ck_assert_int_eq(vg_budget_compute(&s, 0, 36000, WINDOW, &avg_spec, &at_least_995, 3600, &b), -1);
  ck_assert_int_eq(b.kind, VG_BUDGET_NONE);
  ck_assert_int_eq(vg_budget_compute(&s, 0, 0, WINDOW, &up_share, &at_least_995, 3600, &b), -1);
  ck_assert_int_eq(vg_budget_compute(&s, 0, 36000, WINDOW, &up_share, &at_least_995, 0, &b), -1);
}
END_TEST

int main(void)
{
  Suite *su = suite_create("budget");
  TCase *tc = tcase_create("core");

  tcase_add_checked_fixture(tc, setup, NULL);
  tcase_add_test(tc, test_share_spent_and_left);
  tcase_add_test(tc, test_share_at_risk);
  tcase_add_test(tc, test_share_slow_burn);
  tcase_add_test(tc, test_share_spent_out);
  tcase_add_test(tc, test_share_maintenance);
  tcase_add_test(tc, test_unknown_time);
  tcase_add_test(tc, test_window_just_started);
  tcase_add_test(tc, test_window_ended);
  tcase_add_test(tc, test_share_upper_bound);
  tcase_add_test(tc, test_share_strict_bound);
  tcase_add_test(tc, test_run_in_progress);
  tcase_add_test(tc, test_run_over_and_done);
  tcase_add_test(tc, test_no_budget);
  suite_add_tcase(su, tc);
  return tu_run_suite(su);
}

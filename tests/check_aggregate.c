/* Unit tests of the aggregates over series with unknown steps (NaN), partial
 * rows at the period's edges, and the bounds of mixed rows. */
#include "aggregate.h"

#include "testutil.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>

#define N NAN
#define MAXROWS 12

typedef struct {
  const char *name;
  time_t start;
  unsigned long step;
  size_t rows;
  double avg[MAXROWS];
  int has_minmax;
  double min[MAXROWS];
  double max[MAXROWS];
  time_t from, to;
  vg_agg_fn_t fn;
  vg_op_t op;
  double thr;
  int run_held;
  double want_value, want_lower, want_upper, want_coverage;
  int want_exact;
  long long want_at;
} agg_case_t;

static const agg_case_t cases[] = {
    {.name = "avg skips unknown rows",
     .start = 0,
     .step = 10,
     .rows = 4,
     .avg = {1, 2, N, 3},
     .has_minmax = 0,
     .min = {0},
     .max = {0},
     .from = 0,
     .to = 40,
     .fn = VG_AGG_AVG,
     .op = 0,
     .thr = 0,
     .run_held = 0,
     .want_value = 2.0,
     .want_lower = 2.0,
     .want_upper = 2.0,
     .want_coverage = 0.75,
     .want_exact = 1},
    {.name = "avg weights partial rows",
     .start = 0,
     .step = 10,
     .rows = 4,
     .avg = {1, 2, 3, 4},
     .has_minmax = 0,
     .min = {0},
     .max = {0},
     .from = 5,
     .to = 35,
     .fn = VG_AGG_AVG,
     .op = 0,
     .thr = 0,
     .run_held = 0,
     .want_value = (1 * 5 + 2 * 10 + 3 * 10 + 4 * 5) / 30.0,
     .want_lower = (1 * 5 + 2 * 10 + 3 * 10 + 4 * 5) / 30.0,
     .want_upper = (1 * 5 + 2 * 10 + 3 * 10 + 4 * 5) / 30.0,
     .want_coverage = 1.0,
     .want_exact = 1},
    {.name = "min uses the MIN consolidation",
     .start = 0,
     .step = 10,
     .rows = 3,
     .avg = {5, 6, 7},
     .has_minmax = 1,
     .min = {4, 1, 6},
     .max = {6, 9, 8},
     .from = 0,
     .to = 30,
     .fn = VG_AGG_MIN,
     .op = 0,
     .thr = 0,
     .run_held = 0,
     .want_value = 1,
     .want_lower = 1,
     .want_upper = 1,
     .want_coverage = 1.0,
     .want_exact = 1,
     .want_at = 20},
    {.name = "max uses the MAX consolidation",
     .start = 0,
     .step = 10,
     .rows = 3,
     .avg = {5, 6, 7},
     .has_minmax = 1,
     .min = {4, 1, 6},
     .max = {6, 9, 8},
     .from = 0,
     .to = 30,
     .fn = VG_AGG_MAX,
     .op = 0,
     .thr = 0,
     .run_held = 0,
     .want_value = 9,
     .want_lower = 9,
     .want_upper = 9,
     .want_coverage = 1.0,
     .want_exact = 1,
     .want_at = 20},
    {.name = "last is the last known value",
     .start = 0,
     .step = 10,
     .rows = 4,
     .avg = {1, 2, 3, N},
     .has_minmax = 0,
     .min = {0},
     .max = {0},
     .from = 0,
     .to = 40,
     .fn = VG_AGG_LAST,
     .op = 0,
     .thr = 0,
     .run_held = 0,
     .want_value = 3,
     .want_lower = 3,
     .want_upper = 3,
     .want_coverage = 0.75,
     .want_exact = 1,
     .want_at = 30},
    {.name = "no known value is NaN",
     .start = 0,
     .step = 10,
     .rows = 3,
     .avg = {N, N, N},
     .has_minmax = 0,
     .min = {0},
     .max = {0},
     .from = 0,
     .to = 30,
     .fn = VG_AGG_LAST,
     .op = 0,
     .thr = 0,
     .run_held = 0,
     .want_value = N,
     .want_lower = N,
     .want_upper = N,
     .want_coverage = 0.0,
     .want_exact = 1},
    {.name = "total integrates a rate over known time",
     .start = 0,
     .step = 10,
     .rows = 4,
     .avg = {1, 2, N, 3},
     .has_minmax = 0,
     .min = {0},
     .max = {0},
     .from = 0,
     .to = 40,
     .fn = VG_AGG_TOTAL,
     .op = 0,
     .thr = 0,
     .run_held = 0,
     .want_value = 60,
     .want_lower = 60,
     .want_upper = 60,
     .want_coverage = 0.75,
     .want_exact = 1},
    {.name = "coverage counts unknown as missing",
     .start = 0,
     .step = 10,
     .rows = 4,
     .avg = {1, N, N, 1},
     .has_minmax = 0,
     .min = {0},
     .max = {0},
     .from = 0,
     .to = 40,
     .fn = VG_AGG_COVERAGE,
     .op = 0,
     .thr = 0,
     .run_held = 0,
     .want_value = 0.5,
     .want_lower = 0.5,
     .want_upper = 0.5,
     .want_coverage = 0.5,
     .want_exact = 1},
    {.name = "coverage outside the series",
     .start = 100,
     .step = 10,
     .rows = 10,
     .avg = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
     .has_minmax = 0,
     .min = {0},
     .max = {0},
     .from = 0,
     .to = 200,
     .fn = VG_AGG_COVERAGE,
     .op = 0,
     .thr = 0,
     .run_held = 0,
     .want_value = 0.5,
     .want_lower = 0.5,
     .want_upper = 0.5,
     .want_coverage = 0.5,
     .want_exact = 1},
    {.name = "time_share of a two-level state is exact",
     .start = 0,
     .step = 10,
     .rows = 3,
     .avg = {0.5, 0, 1},
     .has_minmax = 1,
     .min = {0, 0, 1},
     .max = {1, 0, 1},
     .from = 0,
     .to = 30,
     .fn = VG_AGG_TIME_SHARE,
     .op = VG_OP_GE,
     .thr = 1,
     .run_held = 0,
     .want_value = 0.5,
     .want_lower = 0.5,
     .want_upper = 0.5,
     .want_coverage = 1.0,
     .want_exact = 1},
    {.name = "time_share over known time only",
     .start = 0,
     .step = 10,
     .rows = 4,
     .avg = {1, N, 0, 1},
     .has_minmax = 0,
     .min = {0},
     .max = {0},
     .from = 0,
     .to = 40,
     .fn = VG_AGG_TIME_SHARE,
     .op = VG_OP_GE,
     .thr = 1,
     .run_held = 0,
     .want_value = 2.0 / 3,
     .want_lower = 2.0 / 3,
     .want_upper = 2.0 / 3,
     .want_coverage = 0.75,
     .want_exact = 1},
    {.name = "time_share of a mixed row is bounded",
     .start = 0,
     .step = 10,
     .rows = 2,
     .avg = {0.5, 1},
     .has_minmax = 1,
     .min = {0.2, 1},
     .max = {0.9, 1},
     .from = 0,
     .to = 20,
     .fn = VG_AGG_TIME_SHARE,
     .op = VG_OP_GE,
     .thr = 0.5,
     .run_held = 0,
     .want_value = (10 + 10 * (0.3 / 0.7)) / 20,
     .want_lower = 0.5,
     .want_upper = 1.0,
     .want_coverage = 1.0},
    {.name = "longest outage, all known",
     .start = 0,
     .step = 60,
     .rows = 8,
     .avg = {1, 0, 0, 0, 1, 1, 0, 1},
     .has_minmax = 0,
     .min = {0},
     .max = {0},
     .from = 0,
     .to = 480,
     .fn = VG_AGG_LONGEST_RUN,
     .op = VG_OP_GE,
     .thr = 1,
     .run_held = 0,
     .want_value = 180,
     .want_lower = 180,
     .want_upper = 180,
     .want_coverage = 1.0,
     .want_exact = 1},
    {.name = "longest uptime, all known",
     .start = 0,
     .step = 60,
     .rows = 8,
     .avg = {1, 0, 0, 0, 1, 1, 0, 1},
     .has_minmax = 0,
     .min = {0},
     .max = {0},
     .from = 0,
     .to = 480,
     .fn = VG_AGG_LONGEST_RUN,
     .op = VG_OP_GE,
     .thr = 1,
     .run_held = 1,
     .want_value = 120,
     .want_lower = 120,
     .want_upper = 120,
     .want_coverage = 1.0,
     .want_exact = 1},
    {.name = "unknown time may belong to an outage",
     .start = 0,
     .step = 60,
     .rows = 5,
     .avg = {1, 0, N, 0, 1},
     .has_minmax = 0,
     .min = {0},
     .max = {0},
     .from = 0,
     .to = 300,
     .fn = VG_AGG_LONGEST_RUN,
     .op = VG_OP_GE,
     .thr = 1,
     .run_held = 0,
     .want_value = 60,
     .want_lower = 60,
     .want_upper = 180,
     .want_coverage = 0.8},
    {.name = "mixed rows flank an outage",
     .start = 0,
     .step = 10,
     .rows = 6,
     .avg = {1, 0.5, 0, 0, 0.25, 1},
     .has_minmax = 1,
     .min = {1, 0, 0, 0, 0, 1},
     .max = {1, 1, 0, 0, 1, 1},
     .from = 0,
     .to = 60,
     .fn = VG_AGG_LONGEST_RUN,
     .op = VG_OP_GE,
     .thr = 1,
     .run_held = 0,
     .want_value = 32.5,
     .want_lower = 20,
     .want_upper = 32.5,
     .want_coverage = 1.0},
    {.name = "time before the series is unknown",
     .start = 120,
     .step = 60,
     .rows = 2,
     .avg = {0, 1},
     .has_minmax = 0,
     .min = {0},
     .max = {0},
     .from = 0,
     .to = 240,
     .fn = VG_AGG_LONGEST_RUN,
     .op = VG_OP_GE,
     .thr = 1,
     .run_held = 0,
     .want_value = 60,
     .want_lower = 60,
     .want_upper = 180,
     .want_coverage = 0.5},
};

static void assert_close(const char *name, const char *what, double got, double want)
{
  if (isnan(want)) {
    ck_assert_msg(isnan(got), "%s: %s: want NaN, got %g", name, what, got);
    return;
  }
  ck_assert_msg(fabs(got - want) < 1e-9, "%s: %s: want %.12g, got %.12g", name, what, want, got);
}

START_TEST(test_aggregate)
{
  const agg_case_t *c = &cases[_i];
  vg_series_t s = {c->start,
                   c->step,
                   c->rows,
                   c->avg,
                   c->has_minmax ? c->min : NULL,
                   c->has_minmax ? c->max : NULL,
                   NULL,
                   0};
  vg_agg_spec_t spec = {c->fn, {c->op, c->thr}, c->run_held};
  vg_agg_result_t r;

  ck_assert_int_eq(vg_aggregate(&s, c->from, c->to, &spec, &r), 0);
  assert_close(c->name, "value", r.value, c->want_value);
  assert_close(c->name, "lower", r.lower, c->want_lower);
  assert_close(c->name, "upper", r.upper, c->want_upper);
  assert_close(c->name, "coverage", r.coverage, c->want_coverage);
  ck_assert_msg(r.exact == c->want_exact, "%s: exact %d", c->name, r.exact);
  ck_assert_msg((long long)r.at == c->want_at, "%s: at %lld", c->name, (long long)r.at);
}
END_TEST

START_TEST(test_bad_arguments)
{
  double v[1] = {1};
  vg_series_t s = {0, 10, 1, v, NULL, NULL, NULL, 0};
  vg_agg_spec_t spec = {VG_AGG_AVG, {VG_OP_GE, 0}, 0};
  vg_agg_result_t r;

  ck_assert_int_eq(vg_aggregate(&s, 10, 10, &spec, &r), -1); /* empty period */
  ck_assert(isnan(r.value));
  s.step = 0;
  ck_assert_int_eq(vg_aggregate(&s, 0, 10, &spec, &r), -1);
}
END_TEST

/* Approved maintenance is neither data nor outage, and it splits runs. */
START_TEST(test_excluded_spans)
{
  double up[6] = {1, 1, 0, 0, 0, 1};
  vg_span_t maint[1] = {{20, 40}};
  vg_series_t s = {0, 10, 6, up, NULL, NULL, maint, 1};
  vg_agg_spec_t share = {VG_AGG_TIME_SHARE, {VG_OP_GE, 1}, 0};
  vg_agg_spec_t outage = {VG_AGG_LONGEST_RUN, {VG_OP_GE, 1}, 0};
  vg_agg_result_t r;

  ck_assert_int_eq(vg_aggregate(&s, 0, 60, &share, &r), 0);
  ck_assert_double_eq_tol(r.value, 3.0 / 4, 1e-12); /* 30 s up of 40 s outside maintenance */
  ck_assert_double_eq_tol(r.known, 40, 1e-12);
  ck_assert_double_eq_tol(r.coverage, 1, 1e-12); /* maintenance asks for no data */
  ck_assert_int_eq(vg_aggregate(&s, 0, 60, &outage, &r), 0);
  ck_assert_double_eq_tol(r.value, 10, 1e-12); /* only row 4 is down outside maintenance */
  maint[0] = (vg_span_t){20, 30};
  ck_assert_int_eq(vg_aggregate(&s, 0, 60, &outage, &r), 0);
  ck_assert_double_eq_tol(r.value, 20, 1e-12); /* rows 3-4; row 2 is planned */
  ck_assert_int_eq(r.exact, 1);
}
END_TEST

/* Coverage is a share of the time outside maintenance: a gap during it is
 * no missing data, one outside it is; all maintenance is coverage 0. */
START_TEST(test_coverage_outside_maintenance)
{
  double up[6] = {1, NAN, NAN, 1, NAN, 1};
  vg_span_t maint[1] = {{10, 30}};
  vg_series_t s = {0, 10, 6, up, NULL, NULL, maint, 1};
  vg_agg_spec_t share = {VG_AGG_TIME_SHARE, {VG_OP_GE, 1}, 0};
  vg_agg_result_t r;

  ck_assert_int_eq(vg_aggregate(&s, 0, 60, &share, &r), 0);
  ck_assert_double_eq_tol(r.known, 30, 1e-12);
  ck_assert_double_eq_tol(r.coverage, 30.0 / 40, 1e-12); /* row 4 is a gap */
  maint[0] = (vg_span_t){0, 60};
  ck_assert_int_eq(vg_aggregate(&s, 0, 60, &share, &r), 0);
  ck_assert_double_eq_tol(r.coverage, 0, 1e-12);
}
END_TEST

/* Outages and gaps listed with their times, adjacent rows merged. */
START_TEST(test_find_spans)
{
  double up[6] = {1, 0, 0, NAN, 1, 0};
  vg_series_t s = {100, 10, 6, up, NULL, NULL, NULL, 0};
  vg_cond_t cond = {VG_OP_GE, 1};
  vg_span_t out[4];

  ck_assert_int_eq(vg_find_spans(&s, 100, 160, &cond, VG_SPANS_FAILED, out, 4), 2);
  ck_assert_int_eq(out[0].from, 110);
  ck_assert_int_eq(out[0].to, 130);
  ck_assert_int_eq(out[1].from, 150);
  ck_assert_int_eq(out[1].to, 160);
  /* no data: row 3, and the time before and after the series */
  ck_assert_int_eq(vg_find_spans(&s, 80, 180, &cond, VG_SPANS_UNKNOWN, out, 4), 3);
  ck_assert_int_eq(out[0].from, 80);
  ck_assert_int_eq(out[0].to, 100);
  ck_assert_int_eq(out[1].from, 130);
  ck_assert_int_eq(out[1].to, 140);
  ck_assert_int_eq(out[2].from, 160);
  ck_assert_int_eq(out[2].to, 180);
  /* more spans than room: the count says so */
  ck_assert_int_eq(vg_find_spans(&s, 80, 180, &cond, VG_SPANS_UNKNOWN, out, 1), 3);
  ck_assert_int_eq(out[0].to, 100);
}
END_TEST

START_TEST(test_names)
{
  vg_op_t op;
  vg_agg_fn_t fn;

  ck_assert_int_eq(vg_op_parse("le", &op), 0);
  ck_assert_int_eq(op, VG_OP_LE);
  ck_assert_str_eq(vg_op_symbol(op), "<=");
  ck_assert_int_eq(vg_op_parse("<=", &op), -1);
  ck_assert_int_eq(vg_agg_fn_parse("longest_run", &fn), 0);
  ck_assert_int_eq(fn, VG_AGG_LONGEST_RUN);
  ck_assert_str_eq(vg_agg_fn_name(VG_AGG_TIME_SHARE), "time_share");
  ck_assert_int_eq(vg_agg_fn_parse("median", &fn), -1);
}
END_TEST

START_TEST(test_cond_nan_never_holds)
{
  vg_cond_t c = {VG_OP_NE, 1};

  ck_assert_int_eq(vg_cond_holds(&c, NAN), 0);
  ck_assert_int_eq(vg_cond_holds(&c, 0), 1);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("aggregate");
  TCase *tc = tcase_create("core");

  tcase_add_loop_test(tc, test_aggregate, 0, sizeof(cases) / sizeof(cases[0]));
  tcase_add_test(tc, test_bad_arguments);
  tcase_add_test(tc, test_excluded_spans);
  tcase_add_test(tc, test_coverage_outside_maintenance);
  tcase_add_test(tc, test_find_spans);
  tcase_add_test(tc, test_names);
  tcase_add_test(tc, test_cond_nan_never_holds);
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

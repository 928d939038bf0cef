/* budget: what a check's rule allows over its whole period, what is spent
 * and left, and when it runs out at the recent rate. */
#include "vigil_config.h"

#include "budget.h"

#include <math.h>
#include <string.h>

/* Float noise of the aggregates, in seconds: less is no time at all. */
#define EPSILON 1e-6

static int upper_bound(const vg_cond_t *expect)
{
  return expect->op == VG_OP_LE || expect->op == VG_OP_LT;
}

static int lower_bound(const vg_cond_t *expect)
{
  return expect->op == VG_OP_GE || expect->op == VG_OP_GT;
}

vg_budget_kind_t vg_budget_kind(const vg_agg_spec_t *spec, const vg_cond_t *expect)
{
  switch (spec->fn) {
  case VG_AGG_TIME_SHARE:
    return lower_bound(expect) || upper_bound(expect) ? VG_BUDGET_SHARE : VG_BUDGET_NONE;
  case VG_AGG_COVERAGE:
    return lower_bound(expect) ? VG_BUDGET_SHARE : VG_BUDGET_NONE;
  case VG_AGG_LONGEST_RUN:
    return upper_bound(expect) ? VG_BUDGET_RUN : VG_BUDGET_NONE;
  default:
    return VG_BUDGET_NONE;
  }
}

/* The bad seconds of [a, b): unknown time for coverage; for time_share the
 * known time the condition failed (a lower bound on the share) or held (an
 * upper one). */
static double bad_time(const vg_series_t *s, time_t a, time_t b, const vg_agg_spec_t *spec,
                       const vg_cond_t *expect)
{
  vg_agg_result_t r;
  double bad;

  if (a >= b || vg_aggregate(s, a, b, spec, &r) != 0)
    return 0;
  if (spec->fn == VG_AGG_COVERAGE)
    bad = vg_measured_time(s, a, b) - r.known;
  else if (r.known <= 0 || isnan(r.value))
    bad = 0;
  else
    bad = upper_bound(expect) ? r.known * r.value : r.known * (1.0 - r.value);
  return bad > EPSILON ? bad : 0;
}

/* When left seconds are spent at rate from now on, excluded time burning
 * nothing; 0 when never. */
static time_t share_exhausted(const vg_series_t *s, time_t now, double left, double rate)
{
  double t = (double)now;

  if (!(rate > 0))
    return 0;
  for (size_t k = 0; k < s->n_exclude; k++) {
    const vg_span_t *x = &s->exclude[k];
    if (x->to <= (time_t)t)
      continue;
    if ((double)x->from > t) {
      double burnable = (double)x->from - t;
      if (rate * burnable >= left)
        break;
      left -= rate * burnable;
    }
    t = (double)x->to;
  }
  return (time_t)ceil(t + left / rate - EPSILON);
}

static void share_budget(const vg_series_t *s, time_t from, time_t now, time_t end,
                         const vg_agg_spec_t *spec, const vg_cond_t *expect, long burn,
                         vg_budget_t *b)
{
  double whole = vg_measured_time(s, from, end);
  double t = expect->threshold < 0 ? 0 : expect->threshold > 1 ? 1 : expect->threshold;

  b->allowed = (upper_bound(expect) ? t : 1.0 - t) * whole;
  b->spent = bad_time(s, from, now, spec, expect);
  b->left = b->allowed - b->spent;
  /* the share's final figure has at most this much time for its
   * denominator, so an overspent budget stays overspent */
  if (expect->op == VG_OP_GE || expect->op == VG_OP_LE)
    b->spent_out = b->spent > b->allowed + EPSILON;
  else
    b->spent_out = b->spent >= b->allowed - EPSILON;
  if (!b->open)
    return;
  b->burn_from = now - burn > from ? now - burn : from;
  double span = vg_measured_time(s, b->burn_from, now);
  if (span > 0)
    b->rate = bad_time(s, b->burn_from, now, spec, expect) / span;
  if (b->spent_out)
    return;
  b->exhausted = share_exhausted(s, now, b->left, b->rate);
  if (b->exhausted >= end)
    b->exhausted = 0;
  b->at_risk = b->exhausted != 0;
}

/* Row i of s is excluded in part. */
static int row_excluded(const vg_series_t *s, time_t r0, time_t r1)
{
  for (size_t k = 0; k < s->n_exclude; k++)
    if (s->exclude[k].from < r1 && s->exclude[k].to > r0)
      return 1;
  return 0;
}

/* The run in progress where the known data of [from, now) ends: rows in
 * the run's state (the condition held, or failed, for part of the row)
 * back from the last known row, to a row out of it, a gap or excluded
 * time. Sets *run_from and returns its length, 0 when none. */
static double current_run(const vg_series_t *s, time_t from, time_t now, const vg_agg_spec_t *spec,
                          time_t *run_from)
{
  time_t data_end = 0;

  *run_from = 0;
  if (s->rows == 0 || now <= s->start)
    return 0;
  size_t last = (size_t)((now - 1 - s->start) / (time_t)s->step);
  if (last >= s->rows)
    last = s->rows - 1;
  for (size_t i = last + 1; i-- > 0;) {
    time_t r0 = s->start + (time_t)(i * s->step), r1 = r0 + (time_t)s->step;
    double v[3] = {s->avg[i], s->min ? s->min[i] : NAN, s->max ? s->max[i] : NAN};
    int in_state = 0;
    if (r1 <= from)
      break;
    if (isnan(v[0])) {
      if (data_end == 0)
        continue; /* not arrived yet: the data ends before it */
      break;
    }
    if (row_excluded(s, r0 < from ? from : r0, r1 > now ? now : r1))
      break;
    for (int k = 0; k < 3; k++)
      if (!isnan(v[k]) && vg_cond_holds(&spec->cond, v[k]) == spec->run_held)
        in_state = 1;
    if (!in_state)
      break;
    if (data_end == 0)
      data_end = r1 > now ? now : r1;
    *run_from = r0 < from ? from : r0;
  }
  return *run_from != 0 ? (double)(data_end - *run_from) : 0;
}

static void run_budget(const vg_series_t *s, time_t from, time_t now, time_t end,
                       const vg_agg_spec_t *spec, const vg_cond_t *expect, vg_budget_t *b)
{
  vg_agg_result_t r;
  time_t run_from;

  b->allowed = expect->threshold;
  if (vg_aggregate(s, from, now, spec, &r) == 0 && !isnan(r.value)) {
    b->spent = r.value;
    b->spent_out = expect->op == VG_OP_LE ? r.lower > b->allowed : r.lower >= b->allowed;
  }
  b->current = current_run(s, from, now, spec, &run_from);
  b->left = b->allowed - b->current;
  if (!b->open || b->spent_out || b->current <= 0)
    return;
  b->exhausted = run_from + (time_t)ceil(b->allowed);
  /* excluded time ahead ends the run before it gets there */
  for (size_t k = 0; k < s->n_exclude; k++)
    if (s->exclude[k].from >= now && s->exclude[k].from < b->exhausted)
      b->exhausted = 0;
  if (b->exhausted >= end)
    b->exhausted = 0;
  b->at_risk = b->exhausted != 0;
}

int vg_budget_compute(const vg_series_t *s, time_t from, time_t now, time_t end,
                      const vg_agg_spec_t *spec, const vg_cond_t *expect, long burn, vg_budget_t *b)
{
  memset(b, 0, sizeof(*b));
  b->kind = vg_budget_kind(spec, expect);
  if (b->kind == VG_BUDGET_NONE || s == NULL || s->step == 0 || from >= end || now <= from ||
      burn <= 0) {
    b->kind = VG_BUDGET_NONE;
    return -1;
  }
  b->open = now < end;
  if (!b->open)
    now = end;
  if (b->kind == VG_BUDGET_SHARE)
    share_budget(s, from, now, end, spec, expect, burn, b);
  else
    run_budget(s, from, now, end, spec, expect, b);
  return 0;
}

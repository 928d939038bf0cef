/* budget: what a check's rule allows over its whole period (a share of
 * time, or the length of one run), how much of it is spent at a time
 * inside the period, what is left, and when it runs out at the rate of the
 * recent past. */
#ifndef VIGIL_BUDGET_H
#define VIGIL_BUDGET_H

#include "aggregate.h"

#include <time.h>

typedef enum {
  VG_BUDGET_NONE,  /* the rule has no budget (min, max, avg, ...) */
  VG_BUDGET_SHARE, /* time_share or coverage, against a lower or upper bound */
  VG_BUDGET_RUN,   /* longest_run, against an upper bound */
} vg_budget_kind_t;

typedef struct {
  vg_budget_kind_t kind;
  double allowed;   /* seconds: the bad time the whole period allows (share),
                       or the length one run may reach (run) */
  double spent;     /* share: bad seconds so far; run: the longest run so far */
  double left;      /* share: allowed - spent (negative once overspent);
                       run: how much longer the run in progress may last
                       (allowed when none is in progress) */
  double current;   /* run: the run in progress when the data ends, seconds */
  double rate;      /* share: bad seconds per second over the last burn
                       seconds (0..1) */
  time_t burn_from; /* the start of that interval */
  time_t exhausted; /* when it runs out as things go (at the rate, or as the
                       run goes on); 0 when not before the period ends */
  int open;         /* the period has not ended */
  int spent_out;    /* the rule can no longer be met: final */
  int at_risk;      /* not spent out, but exhausted before the period ends */
} vg_budget_t;

/* The kind of budget of an aggregate judged against expect: shares judged
 * against a lower bound (ge, gt: the bad time is the rest) or, for
 * time_share, an upper bound (le, lt: the bad time is when the condition
 * held); runs against an upper bound. */
vg_budget_kind_t vg_budget_kind(const vg_agg_spec_t *spec, const vg_cond_t *expect);

/* Computes the budget of spec judged against expect over the period
 * [from, end), at time now (from < now; now >= end reads the whole
 * period). Excluded spans of s (approved maintenance) are neither spent
 * nor allowed; unknown time is not spent, except by a coverage rule,
 * whose bad time it is. The rate is that of [now - burn, now) (from the
 * period's start when it is shorter). Returns 0 and fills b, or -1 when
 * the rule has no budget or the arguments are malformed (b->kind is then
 * VG_BUDGET_NONE). */
int vg_budget_compute(const vg_series_t *s, time_t from, time_t now, time_t end,
                      const vg_agg_spec_t *spec, const vg_cond_t *expect, long burn,
                      vg_budget_t *b);

#endif

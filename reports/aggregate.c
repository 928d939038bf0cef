/* aggregate: figures over a time series with unknown steps, with the bounds
 * the resolution allows. */
#include "vigil_config.h"

#include "aggregate.h"

#include <math.h>
#include <string.h>

typedef enum { ROW_UNKNOWN, ROW_HELD, ROW_FAILED, ROW_MIXED } row_class_t;

/* One row of the series as seen by the aggregates. */
typedef struct {
  double w;   /* seconds of the row inside the period, less excluded time */
  int cut;    /* part of the row is excluded: runs break here */
  double avg; /* NaN when unknown */
  double lo;
  double hi;
  time_t end; /* end of the row, clipped to the period */
} row_t;

static const char *const op_names[] = {"lt", "le", "gt", "ge", "eq", "ne"};
static const char *const op_symbols[] = {"<", "<=", ">", ">=", "=", "!="};
static const char *const fn_names[] = {"min",      "max",        "avg",         "last",
                                       "coverage", "time_share", "longest_run", "total"};

int vg_op_parse(const char *name, vg_op_t *op)
{
  for (size_t i = 0; i < sizeof(op_names) / sizeof(op_names[0]); i++) {
    if (strcmp(name, op_names[i]) == 0) {
      *op = (vg_op_t)i;
      return 0;
    }
  }
  return -1;
}

const char *vg_op_name(vg_op_t op)
{
  return op_names[op];
}
const char *vg_op_symbol(vg_op_t op)
{
  return op_symbols[op];
}

int vg_agg_fn_parse(const char *name, vg_agg_fn_t *fn)
{
  for (size_t i = 0; i < sizeof(fn_names) / sizeof(fn_names[0]); i++) {
    if (strcmp(name, fn_names[i]) == 0) {
      *fn = (vg_agg_fn_t)i;
      return 0;
    }
  }
  return -1;
}

const char *vg_agg_fn_name(vg_agg_fn_t fn)
{
  return fn_names[fn];
}

/* The comparison itself, inlined into the per-row loops. */
static inline int cond_holds(const vg_cond_t *c, double v)
{
  if (isnan(v))
    return 0;
  switch (c->op) {
  case VG_OP_LT:
    return v < c->threshold;
  case VG_OP_LE:
    return v <= c->threshold;
  case VG_OP_GT:
    return v > c->threshold;
  case VG_OP_GE:
    return v >= c->threshold;
  case VG_OP_EQ:
    return v == c->threshold;
  case VG_OP_NE:
    return v != c->threshold;
  }
  return 0;
}

int vg_cond_holds(const vg_cond_t *c, double v)
{
  return cond_holds(c, v);
}

/* Reads row i of s clipped to [from, to); returns 0 when the row lies
 * outside the period. */
static inline __attribute__((always_inline)) int get_row(const vg_series_t *s, size_t i,
                                                         time_t from, time_t to, row_t *r)
{
  time_t r0 = s->start + (time_t)(i * s->step);
  time_t r1 = r0 + (time_t)s->step;
  time_t a = r0 > from ? r0 : from;
  time_t b = r1 < to ? r1 : to;

  if (b <= a)
    return 0;
  r->w = (double)(b - a);
  r->cut = 0;
  r->end = b;
  r->avg = s->avg[i];
  if (s->n_exclude == 0 && s->min == NULL && s->max == NULL) {
    r->lo = r->hi = r->avg; /* rows of one data point: NaN stays NaN */
    return 1;
  }
  for (size_t k = 0; k < s->n_exclude; k++) {
    time_t xa = s->exclude[k].from > a ? s->exclude[k].from : a;
    time_t xb = s->exclude[k].to < b ? s->exclude[k].to : b;
    if (xb > xa) {
      r->w -= (double)(xb - xa);
      r->cut = 1;
    }
  }
  r->lo = (s->min != NULL && !isnan(s->min[i])) ? s->min[i] : r->avg;
  r->hi = (s->max != NULL && !isnan(s->max[i])) ? s->max[i] : r->avg;
  if (isnan(r->avg)) {
    r->lo = NAN;
    r->hi = NAN;
  }
  return 1;
}

/* The seconds of [from, to) that are not excluded: what coverage is a
 * share of (approved maintenance asks for no data). */
double vg_measured_time(const vg_series_t *s, time_t from, time_t to)
{
  double t = (double)(to - from);

  for (size_t k = 0; k < s->n_exclude; k++) {
    time_t xa = s->exclude[k].from > from ? s->exclude[k].from : from;
    time_t xb = s->exclude[k].to < to ? s->exclude[k].to : to;
    if (xb > xa)
      t -= (double)(xb - xa);
  }
  return t;
}

/* True when every row of s is one data point (no MIN/MAX) and nothing is
 * excluded: a row is then its value and its clipped width alone. */
static inline int is_plain(const vg_series_t *s)
{
  return s->min == NULL && s->max == NULL && s->n_exclude == 0;
}

/* The rows of s that meet [from, to): i0 <= i < i1 (none when i0 >= i1).
 * Rows outside never count, so every loop runs over these alone. */
static inline void row_range(const vg_series_t *s, time_t from, time_t to, size_t *i0, size_t *i1)
{
  time_t step = (time_t)s->step;
  size_t a = 0, b = 0;

  if (from > s->start)
    a = (size_t)((from - s->start) / step);
  if (to > s->start)
    b = (size_t)((to - s->start + step - 1) / step);
  if (b > s->rows)
    b = s->rows;
  *i0 = a < b ? a : b;
  *i1 = b;
}

/* The seconds of row i of a plain series inside [from, to) (0 outside),
 * and the end of that part, as get_row computes them. Whole seconds: sums
 * of them are exact in integers as in doubles, and cheaper. */
static inline __attribute__((always_inline)) time_t plain_width(const vg_series_t *s, size_t i,
                                                                time_t from, time_t to, time_t *end)
{
  time_t r0 = s->start + (time_t)(i * s->step);
  time_t r1 = r0 + (time_t)s->step;
  time_t a = r0 > from ? r0 : from;
  time_t b = r1 < to ? r1 : to;

  *end = b;
  return b > a ? b - a : 0;
}

/* Classifies a known row against c; *frac gets the estimated share of the
 * row's time during which c held (exact for two-level data). */
static inline __attribute__((always_inline)) row_class_t classify(const vg_cond_t *c,
                                                                  const row_t *r, double *frac)
{
  int h_lo = cond_holds(c, r->lo), h_hi = cond_holds(c, r->hi);
  double f_hi;

  if (isnan(r->avg))
    return ROW_UNKNOWN;
  if (r->lo == r->hi || ((c->op == VG_OP_EQ || c->op == VG_OP_NE) &&
                         (c->threshold < r->lo || c->threshold > r->hi))) {
    *frac = h_lo ? 1.0 : 0.0;
    return h_lo ? ROW_HELD : ROW_FAILED;
  }
  if (c->op != VG_OP_EQ && c->op != VG_OP_NE && h_lo == h_hi) {
    *frac = h_lo ? 1.0 : 0.0;
    return h_lo ? ROW_HELD : ROW_FAILED;
  }
  f_hi = (r->avg - r->lo) / (r->hi - r->lo);
  if (f_hi < 0.0)
    f_hi = 0.0;
  if (f_hi > 1.0)
    f_hi = 1.0;
  *frac = (h_hi ? f_hi : 0.0) + (h_lo ? 1.0 - f_hi : 0.0);
  return ROW_MIXED;
}

/* True when every known row's low and high take at most two distinct
 * values over the period: then a row's AVERAGE gives the exact share of
 * time at each level. */
static int is_two_level(const vg_series_t *s, time_t from, time_t to)
{
  double lv[2];
  int n = 0;
  size_t i0, i1;
  row_t r;

  row_range(s, from, to, &i0, &i1);
  for (size_t i = i0; i < i1; i++) {
    if (!get_row(s, i, from, to, &r) || isnan(r.avg) || r.w <= 0)
      continue;
    double v[2] = {r.lo, r.hi};
    for (int k = 0; k < 2; k++) {
      int seen = 0;
      for (int j = 0; j < n; j++)
        seen |= lv[j] == v[k];
      if (seen)
        continue;
      if (n == 2)
        return 0;
      lv[n++] = v[k];
    }
  }
  return 1;
}

static void set_exact(vg_agg_result_t *res, double v)
{
  res->value = v;
  res->lower = v;
  res->upper = v;
  res->exact = 1;
}

/* The known rows of a plain series in [i0, i1) (its rows meeting [from,
 * to)) and their seconds inside the period: only the first and the last
 * can be cut by a bound, every other one is a whole step. */
static time_t plain_known(const vg_series_t *s, time_t from, time_t to, size_t i0, size_t i1)
{
  size_t whole = 0;
  time_t t = 0, end;

  if (i0 >= i1)
    return 0;
  if (!isnan(s->avg[i0]))
    t += plain_width(s, i0, from, to, &end);
  if (i1 - 1 > i0 && !isnan(s->avg[i1 - 1]))
    t += plain_width(s, i1 - 1, from, to, &end);
  for (size_t i = i0 + 1; i + 1 < i1; i++)
    whole += !isnan(s->avg[i]);
  return t + (time_t)whole * (time_t)s->step;
}

/* The row of a plain series in [i0, i1) picked by min, max or last: the
 * first lowest, the first highest, the last known; rows when none. */
static size_t plain_pick(const vg_series_t *s, vg_agg_fn_t fn, size_t i0, size_t i1)
{
  size_t at = i0;

  if (fn == VG_AGG_LAST) {
    for (size_t i = i1; i > i0; i--)
      if (!isnan(s->avg[i - 1]))
        return i - 1;
    return s->rows;
  }
  while (at < i1 && isnan(s->avg[at]))
    at++;
  if (at == i1)
    return s->rows;
  double best = s->avg[at];
  /* a NaN compares false either way: unknown rows are passed over */
  if (fn == VG_AGG_MIN) {
    for (size_t i = at + 1; i < i1; i++)
      if (s->avg[i] < best) {
        best = s->avg[i];
        at = i;
      }
  } else {
    for (size_t i = at + 1; i < i1; i++)
      if (s->avg[i] > best) {
        best = s->avg[i];
        at = i;
      }
  }
  return at;
}

/* The rows of a plain series, known and inside [from, to) (rows i0 to
 * i1, from row_range): their time
 * into res->known, the integral into *sum (avg and total alone), and for
 * min, max and last the value picked (returned; NaN when none) and the end
 * of its row. A row's bounds are its value. */
static double plain_pass(const vg_series_t *s, time_t from, time_t to, size_t i0, size_t i1,
                         vg_agg_fn_t fn, vg_agg_result_t *res, double *sum)
{
  double acc = NAN, integral = 0.0;
  time_t end;

  res->known += (double)plain_known(s, from, to, i0, i1);
  if (fn == VG_AGG_MIN || fn == VG_AGG_MAX || fn == VG_AGG_LAST) {
    size_t at = plain_pick(s, fn, i0, i1);
    if (at < s->rows) {
      acc = s->avg[at];
      (void)plain_width(s, at, from, to, &end);
      res->at = end;
    }
  } else if (fn == VG_AGG_AVG || fn == VG_AGG_TOTAL) {
    /* summed row after row, in order, as the figures have always been */
    for (size_t i = i0; i < i1; i++) {
      double v = s->avg[i];
      if (!isnan(v))
        integral += v * (double)plain_width(s, i, from, to, &end);
    }
  }
  *sum += integral;
  return acc;
}

/* min, max, avg, last and coverage: one pass over the known rows. */
static void simple_aggregate(const vg_series_t *s, time_t from, time_t to, vg_agg_fn_t fn,
                             vg_agg_result_t *res)
{
  double acc = NAN, sum = 0.0;
  size_t i0, i1;
  row_t r;

  row_range(s, from, to, &i0, &i1);
  if (is_plain(s))
    acc = plain_pass(s, from, to, i0, i1, fn, res, &sum);
  for (size_t i = i0; !is_plain(s) && i < i1; i++) {
    if (!get_row(s, i, from, to, &r) || isnan(r.avg) || r.w <= 0)
      continue;
    res->known += r.w;
    sum += r.avg * r.w;
    if ((fn == VG_AGG_MIN && (isnan(acc) || r.lo < acc)) ||
        (fn == VG_AGG_MAX && (isnan(acc) || r.hi > acc)) || fn == VG_AGG_LAST) {
      acc = fn == VG_AGG_MIN ? r.lo : fn == VG_AGG_MAX ? r.hi : r.avg;
      res->at = r.end;
    }
  }
  if (fn == VG_AGG_TOTAL)
    acc = res->known > 0 ? sum : NAN;
  if (fn == VG_AGG_AVG)
    acc = res->known > 0 ? sum / res->known : NAN;
  if (fn == VG_AGG_COVERAGE) {
    acc = res->known / (double)(to - from);
    res->at = 0;
  }
  set_exact(res, acc);
}

static void time_share(const vg_series_t *s, time_t from, time_t to, const vg_cond_t *c,
                       vg_agg_result_t *res)
{
  double held = 0.0, mixed = 0.0, est = 0.0, f = 0.0;
  size_t i0, i1;
  row_t r;

  row_range(s, from, to, &i0, &i1);

  if (is_plain(s)) {
    /* every row held or failed: no mixed rows, exact; one loop per
     * operator, so that none is chosen row by row */
    double t = c->threshold;
    time_t held_s = 0, end;
    size_t whole = 0;
    /* the first and last rows may be cut by a bound; the others are whole
     * steps, counted */
    if (i0 < i1 && cond_holds(c, s->avg[i0]))
      held_s += plain_width(s, i0, from, to, &end);
    if (i0 + 1 < i1 && cond_holds(c, s->avg[i1 - 1]))
      held_s += plain_width(s, i1 - 1, from, to, &end);
#define PLAIN_SHARE(held_when)                                                                     \
  for (size_t i = i0 + 1; i + 1 < i1; i++) {                                                       \
    double v = s->avg[i];                                                                          \
    whole += (size_t)(!isnan(v) & (held_when));                                                    \
  }
    switch (c->op) {
    case VG_OP_LT:
      PLAIN_SHARE(v < t);
      break;
    case VG_OP_LE:
      PLAIN_SHARE(v <= t);
      break;
    case VG_OP_GT:
      PLAIN_SHARE(v > t);
      break;
    case VG_OP_GE:
      PLAIN_SHARE(v >= t);
      break;
    case VG_OP_EQ:
      PLAIN_SHARE(v == t);
      break;
    case VG_OP_NE:
      PLAIN_SHARE(v != t);
      break;
    }
#undef PLAIN_SHARE
    time_t known = plain_known(s, from, to, i0, i1);
    held_s += (time_t)whole * (time_t)s->step;
    res->known = (double)known;
    held = (double)held_s;
    if (res->known <= 0) {
      set_exact(res, NAN);
      return;
    }
    res->value = (held + est) / res->known;
    res->exact = 1;
    res->lower = res->upper = res->value;
    return;
  }
  for (size_t i = i0; i < i1; i++) {
    if (!get_row(s, i, from, to, &r) || r.w <= 0)
      continue;
    row_class_t k = classify(c, &r, &f);
    if (k == ROW_UNKNOWN)
      continue;
    res->known += r.w;
    if (k == ROW_HELD)
      held += r.w;
    if (k == ROW_MIXED) {
      mixed += r.w;
      est += f * r.w;
    }
  }
  if (res->known <= 0) {
    set_exact(res, NAN);
    return;
  }
  res->value = (held + est) / res->known;
  res->exact = mixed == 0.0 || is_two_level(s, from, to);
  res->lower = res->exact ? res->value : held / res->known;
  res->upper = res->exact ? res->value : (held + mixed) / res->known;
}

/* State of the longest_run scan: current and best run lengths for the
 * lower bound (certain rows only), the estimate, and the upper bound
 * (unknown time may belong to the run). */
typedef struct {
  double low_cur, low_best;
  double est_cur, est_best;
  double up_cur, up_best;
} run_state_t;

static double maxd(double a, double b)
{
  return a > b ? a : b;
}

static void run_step(run_state_t *st, row_class_t k, double w, double f, int two_level)
{
  switch (k) {
  case ROW_HELD: /* "held" here means: in the wanted state */
    st->low_cur += w;
    st->est_cur += w;
    st->up_cur += w;
    break;
  case ROW_UNKNOWN:
    st->low_cur = 0;
    st->est_cur = 0;
    st->up_cur += w;
    break;
  case ROW_FAILED:
    st->low_cur = st->est_cur = st->up_cur = 0;
    break;
  case ROW_MIXED: {
    double u = two_level ? f * w : w;
    st->est_best = maxd(st->est_best, st->est_cur + f * w);
    st->up_best = maxd(st->up_best, st->up_cur + u);
    st->low_cur = 0;
    st->est_cur = f * w;
    st->up_cur = u;
    break;
  }
  }
  st->low_best = maxd(st->low_best, st->low_cur);
  st->est_best = maxd(st->est_best, st->est_cur);
  st->up_best = maxd(st->up_best, st->up_cur);
}

/* longest_run over a plain series: no row is mixed or cut, so the estimate
 * is the lower bound, and every length is whole seconds. */
static void plain_longest_run(const vg_series_t *s, time_t from, time_t to,
                              const vg_agg_spec_t *spec, vg_agg_result_t *res)
{
  time_t covered_from = s->start, covered_to = s->start + (time_t)(s->rows * s->step);
  time_t low = 0, low_best = 0, up = 0, up_best = 0, known = 0, end;
  size_t i0, i1;

  row_range(s, from, to, &i0, &i1);
  if (covered_from > from)
    up_best = up = (covered_from < to ? covered_from : to) - from;
  for (size_t i = i0; i < i1; i++) {
    double v = s->avg[i];
    time_t w = plain_width(s, i, from, to, &end);
    if (isnan(v)) {
      low = 0;
      up += w;
    } else {
      known += w;
      if (cond_holds(&spec->cond, v) == !!spec->run_held) {
        low += w;
        up += w;
      } else {
        low = up = 0;
      }
    }
    low_best = low > low_best ? low : low_best;
    up_best = up > up_best ? up : up_best;
  }
  if (covered_to < to) {
    up += to - (covered_to > from ? covered_to : from);
    up_best = up > up_best ? up : up_best;
  }
  res->known = (double)known;
  if (known <= 0) {
    set_exact(res, NAN);
    return;
  }
  res->lower = res->value = (double)low_best;
  res->upper = (double)up_best;
  res->exact = low_best == up_best;
}

static void longest_run(const vg_series_t *s, time_t from, time_t to, const vg_agg_spec_t *spec,
                        vg_agg_result_t *res)
{
  run_state_t st;
  /* a plain series has no mixed rows, where alone this matters */
  int two_level = is_plain(s) || is_two_level(s, from, to);
  time_t covered_from = s->start, covered_to = s->start + (time_t)(s->rows * s->step);
  double f = 0.0;
  size_t i0, i1;
  row_t r;

  if (is_plain(s)) {
    plain_longest_run(s, from, to, spec, res);
    return;
  }
  row_range(s, from, to, &i0, &i1);
  memset(&st, 0, sizeof(st));
  if (covered_from > from)
    run_step(&st, ROW_UNKNOWN, (double)((covered_from < to ? covered_from : to) - from), 0,
             two_level);
  for (size_t i = i0; i < i1; i++) {
    if (!get_row(s, i, from, to, &r))
      continue;
    row_class_t k = classify(&spec->cond, &r, &f);
    if (k != ROW_UNKNOWN)
      res->known += r.w;
    if (!spec->run_held && (k == ROW_HELD || k == ROW_FAILED)) {
      k = k == ROW_HELD ? ROW_FAILED : ROW_HELD;
    }
    if (!spec->run_held)
      f = 1.0 - f;
    run_step(&st, k, r.w, f, two_level);
    if (r.cut) /* excluded time ends every run */
      run_step(&st, ROW_FAILED, 0, 0, two_level);
  }
  if (covered_to < to)
    run_step(&st, ROW_UNKNOWN, (double)(to - (covered_to > from ? covered_to : from)), 0,
             two_level);
  if (res->known <= 0) {
    set_exact(res, NAN);
    return;
  }
  res->lower = st.low_best;
  res->upper = st.up_best;
  res->value = st.est_best < st.low_best ? st.low_best : st.est_best;
  if (res->value > res->upper)
    res->value = res->upper;
  res->exact = res->lower == res->upper;
}

int vg_aggregate(const vg_series_t *s, time_t from, time_t to, const vg_agg_spec_t *spec,
                 vg_agg_result_t *res)
{
  memset(res, 0, sizeof(*res));
  set_exact(res, NAN);
  res->exact = 0;
  if (from >= to || s == NULL || s->step == 0 || (s->avg == NULL && s->rows > 0))
    return -1;
  switch (spec->fn) {
  case VG_AGG_TIME_SHARE:
    time_share(s, from, to, &spec->cond, res);
    break;
  case VG_AGG_LONGEST_RUN:
    longest_run(s, from, to, spec, res);
    break;
  default:
    simple_aggregate(s, from, to, spec->fn, res);
    break;
  }
  res->coverage =
      vg_measured_time(s, from, to) > 0 ? res->known / vg_measured_time(s, from, to) : 0;
  return 0;
}

/* Spans being found: the current one, and the first max found. */
typedef struct {
  vg_span_t *out;
  size_t max, n;
  int open;
  vg_span_t cur;
} spans_t;

/* Adds [r0, end) to sp: joined to the current span when it touches it. */
static void spans_add(spans_t *sp, time_t r0, time_t end)
{
  if (sp->open && sp->cur.to >= r0) {
    sp->cur.to = end;
    return;
  }
  if (sp->open && sp->n++ < sp->max)
    sp->out[sp->n - 1] = sp->cur;
  sp->cur = (vg_span_t){r0, end};
  sp->open = 1;
}

/* Closes sp; returns how many spans there are in all. */
static size_t spans_end(spans_t *sp)
{
  if (sp->open && sp->n++ < sp->max)
    sp->out[sp->n - 1] = sp->cur;
  return sp->n;
}

/* Unknown time before the series starts opens the first gap. */
static void gaps_before(const vg_series_t *s, time_t from, time_t to, spans_t *sp)
{
  if (s->start > from) {
    sp->cur = (vg_span_t){from, s->start < to ? s->start : to};
    sp->open = 1;
  }
}

/* Unknown time after the series ends closes the last gap. */
static void gaps_after(const vg_series_t *s, time_t from, time_t to, spans_t *sp)
{
  time_t covered_to = s->start + (time_t)(s->rows * s->step);
  time_t a = covered_to > from ? covered_to : from;

  if (covered_to >= to)
    return;
  if (sp->open && sp->cur.to >= a)
    sp->cur.to = to;
  else
    spans_add(sp, a, to);
}

/* One pass over s for gaps (gp, or NULL) and failing spans (fp, or NULL). */
static void scan_spans(const vg_series_t *s, time_t from, time_t to, const vg_cond_t *cond,
                       spans_t *gp, spans_t *fp)
{
  /* rows of one data point and nothing excluded: a row is a hit by its
   * value alone, so the rows that are not are passed over quickly */
  int plain = is_plain(s);
  double f;
  size_t i0, i1;
  row_t r;

  row_range(s, from, to, &i0, &i1);
  if (gp != NULL)
    gaps_before(s, from, to, gp);
  for (size_t i = i0; i < i1; i++) {
    if (plain) {
      double v = s->avg[i];
      if (isnan(v) ? gp == NULL : fp == NULL || cond_holds(cond, v))
        continue;
    }
    if (!get_row(s, i, from, to, &r))
      continue;
    time_t r0 = r.end - (time_t)s->step < from ? from : r.end - (time_t)s->step;
    if (gp != NULL && r.w > 0 && isnan(r.avg))
      spans_add(gp, r0, r.end);
    if (fp != NULL) {
      row_class_t k = r.w > 0 ? classify(cond, &r, &f) : ROW_HELD;
      if ((k == ROW_FAILED || k == ROW_MIXED) && !r.cut)
        spans_add(fp, r0, r.end);
    }
  }
  if (gp != NULL)
    gaps_after(s, from, to, gp);
}

size_t vg_find_spans(const vg_series_t *s, time_t from, time_t to, const vg_cond_t *cond,
                     vg_spans_kind_t kind, vg_span_t *out, size_t max)
{
  spans_t sp = {.out = out, .max = max};

  if (kind == VG_SPANS_UNKNOWN)
    scan_spans(s, from, to, cond, &sp, NULL);
  else
    scan_spans(s, from, to, cond, NULL, &sp);
  return spans_end(&sp);
}

void vg_find_gaps_and_failures(const vg_series_t *s, time_t from, time_t to, const vg_cond_t *cond,
                               vg_span_t *gaps, size_t *n_gaps, vg_span_t *failed, size_t *n_failed,
                               size_t max)
{
  spans_t gp = {.out = gaps, .max = max}, fp = {.out = failed, .max = max};

  scan_spans(s, from, to, cond, &gp, &fp);
  *n_gaps = spans_end(&gp);
  *n_failed = spans_end(&fp);
}

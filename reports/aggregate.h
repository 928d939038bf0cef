/* aggregate: figures over a time series with unknown steps (min, max, avg,
 * last, coverage, time_share, longest_run), with the bounds the resolution
 * allows. */
#ifndef VIGIL_AGGREGATE_H
#define VIGIL_AGGREGATE_H

#include <stddef.h>
#include <time.h>

/* A span of time [from, to). */
typedef struct {
  time_t from;
  time_t to;
} vg_span_t;

/* One consolidated series as read from an RRD. Row i covers the interval
 * (start + i*step, start + (i+1)*step]. avg is required; min and max are the
 * MIN/MAX consolidations of the same rows, or NULL when there are none.
 * Unknown values are NaN. exclude lists spans (sorted, not overlapping)
 * that count as neither data nor gap, e.g. approved maintenance: they are
 * left out of every figure and break runs. The series owns nothing. */
typedef struct {
  time_t start;
  unsigned long step;
  size_t rows;
  const double *avg;
  const double *min;
  const double *max;
  const vg_span_t *exclude;
  size_t n_exclude;
} vg_series_t;

typedef enum {
  VG_AGG_MIN,
  VG_AGG_MAX,
  VG_AGG_AVG,
  VG_AGG_LAST,
  VG_AGG_COVERAGE,
  VG_AGG_TIME_SHARE,
  VG_AGG_LONGEST_RUN,
  VG_AGG_TOTAL, /* the integral over known time: a counter's rate summed up */
} vg_agg_fn_t;

typedef enum { VG_OP_LT, VG_OP_LE, VG_OP_GT, VG_OP_GE, VG_OP_EQ, VG_OP_NE } vg_op_t;

/* A condition on a value: value <op> threshold. */
typedef struct {
  vg_op_t op;
  double threshold;
} vg_cond_t;

typedef struct {
  vg_agg_fn_t fn;
  vg_cond_t cond; /* time_share and longest_run only */
  int run_held;   /* longest_run: 1 = longest time cond held, 0 = failed */
} vg_agg_spec_t;

/* The figure of one aggregate over one period.
 * value is the best estimate (NaN when there is no known data); lower and
 * upper bound it (equal to value when it is exact at this resolution).
 * coverage is the share of the period (less excluded time) with known
 * data (0..1, 0 when all of it is excluded); known is
 * that time in seconds; at is the end of the row a min/max/last value was
 * read from (0 otherwise). */
typedef struct {
  double value;
  double lower;
  double upper;
  double coverage;
  double known;
  time_t at;
  int exact;
} vg_agg_result_t;

/* Computes spec over the part of s that falls in [from, to). Rows that
 * straddle a bound count with the share of their time inside it. Unknown
 * rows never count as data. Returns 0, or -1 when from >= to or the series
 * is malformed (step 0, avg NULL); *res is set either way. */
int vg_aggregate(const vg_series_t *s, time_t from, time_t to, const vg_agg_spec_t *spec,
                 vg_agg_result_t *res);

/* The seconds of [from, to) that s does not exclude. */
double vg_measured_time(const vg_series_t *s, time_t from, time_t to);

typedef enum { VG_SPANS_UNKNOWN, VG_SPANS_FAILED } vg_spans_kind_t;

/* Lists the spans of [from, to) where s has no data (VG_SPANS_UNKNOWN), or
 * where cond failed for at least part of a row (VG_SPANS_FAILED), adjacent
 * rows merged, at the series' resolution. The first max spans go to out;
 * returns how many there are in all. Excluded spans are neither. */
size_t vg_find_spans(const vg_series_t *s, time_t from, time_t to, const vg_cond_t *cond,
                     vg_spans_kind_t kind, vg_span_t *out, size_t max);

/* Both kinds of vg_find_spans in one pass: the gaps into gaps (*n_gaps
 * in all) and the spans where cond failed into failed (*n_failed). */
void vg_find_gaps_and_failures(const vg_series_t *s, time_t from, time_t to, const vg_cond_t *cond,
                               vg_span_t *gaps, size_t *n_gaps, vg_span_t *failed, size_t *n_failed,
                               size_t max);

/* Returns 1 when value <op> threshold holds, 0 when it does not or value is
 * NaN. */
int vg_cond_holds(const vg_cond_t *c, double value);

/* Maps "lt", "le", "gt", "ge", "eq", "ne" to an operator; -1 if unknown. */
int vg_op_parse(const char *name, vg_op_t *op);
const char *vg_op_name(vg_op_t op);
const char *vg_op_symbol(vg_op_t op);

/* Maps "min", "max", "avg", "last", "coverage", "time_share", "longest_run",
 * "total"
 * to a function; -1 if unknown. */
int vg_agg_fn_parse(const char *name, vg_agg_fn_t *fn);
const char *vg_agg_fn_name(vg_agg_fn_t fn);

#endif

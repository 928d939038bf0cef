/* series: the RRD series one agency's checks read. Each file is opened
 * once and each of its archives read once, over the union of the periods
 * that need it; every series is then served from memory. */
#include "vigil_config.h"

#include "series.h"

#include "rrd_source.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One registered period of one data source. */
typedef struct {
  char *ds;
  time_t from, to;
  time_t eff_from; /* from, or later when the file is younger than the period */
  int ds_idx;
  int nb;            /* archive that tells whether the file is younger, or -1 */
  int avg, min, max; /* indexes into the file's archives, or -1 */
  char *error;       /* why this period cannot be read, or NULL */
} want_t;

/* One archive of a file: what is needed of it and what was read. */
typedef struct {
  int rra;
  unsigned long step;
  time_t need_start, need_end; /* aligned; equal when nothing is needed */
  time_t start;                /* what was read: rows from start */
  size_t rows;
  double *data; /* rows x ds_cnt values, or NULL */
  char *error;  /* the archive could not be read */
} arch_t;

typedef struct {
  char *path;
  want_t *wants;
  size_t n_wants;
  char *error; /* the file could not be opened */
  size_t ds_cnt;
  unsigned long pdp_step;
  time_t last_update;
  arch_t *arch;
  size_t n_arch;
} file_t;

struct vg_store {
  file_t *files; /* sorted by path */
  size_t n, cap;
  vg_store_stats_t stats;
};

vg_store_t *vg_store_new(void)
{
  return calloc(1, sizeof(vg_store_t));
}

static void file_free(file_t *f)
{
  for (size_t i = 0; i < f->n_wants; i++) {
    free(f->wants[i].ds);
    free(f->wants[i].error);
  }
  for (size_t i = 0; i < f->n_arch; i++) {
    free(f->arch[i].data);
    free(f->arch[i].error);
  }
  free(f->wants);
  free(f->arch);
  free(f->error);
  free(f->path);
}

void vg_store_free(vg_store_t *st)
{
  if (st == NULL)
    return;
  for (size_t i = 0; i < st->n; i++)
    file_free(&st->files[i]);
  free(st->files);
  free(st);
}

/* The index of path in st's files, or where it would go (*found 0). */
static size_t find_file(const vg_store_t *st, const char *path, int *found)
{
  size_t lo = 0, hi = st->n;

  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(st->files[mid].path, path);
    if (c == 0) {
      *found = 1;
      return mid;
    }
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  *found = 0;
  return lo;
}

/* The file entry of path, added when new; NULL out of memory. */
static file_t *file_entry(vg_store_t *st, const char *path)
{
  int found;
  size_t i = find_file(st, path, &found);
  char *copy;

  if (found)
    return &st->files[i];
  if (st->n == st->cap) {
    size_t cap = st->cap ? 2 * st->cap : 16;
    file_t *grown = realloc(st->files, cap * sizeof(*grown));
    if (grown == NULL)
      return NULL;
    st->files = grown;
    st->cap = cap;
  }
  copy = strdup(path);
  if (copy == NULL)
    return NULL;
  memmove(&st->files[i + 1], &st->files[i], (st->n - i) * sizeof(*st->files));
  memset(&st->files[i], 0, sizeof(*st->files));
  st->files[i].path = copy;
  st->n++;
  st->stats.files++;
  return &st->files[i];
}

static const want_t *find_want(const file_t *f, const char *ds, time_t from, time_t to)
{
  for (size_t i = 0; i < f->n_wants; i++)
    if (f->wants[i].from == from && f->wants[i].to == to && strcmp(f->wants[i].ds, ds) == 0)
      return &f->wants[i];
  return NULL;
}

int vg_store_want(vg_store_t *st, const char *path, const char *ds, time_t from, time_t to)
{
  file_t *f = file_entry(st, path);
  want_t *grown, *w;

  if (f == NULL)
    return -1;
  if (find_want(f, ds, from, to) != NULL)
    return 0;
  grown = realloc(f->wants, (f->n_wants + 1) * sizeof(*grown));
  if (grown == NULL)
    return -1;
  f->wants = grown;
  w = &f->wants[f->n_wants];
  memset(w, 0, sizeof(*w));
  w->ds = strdup(ds);
  if (w->ds == NULL)
    return -1;
  w->from = from;
  w->to = to;
  f->n_wants++;
  return 0;
}

/* The rows rrd_fetch_r returns for [from, to) at step: from the aligned
 * start to the step after to. */
static void align(unsigned long step, time_t from, time_t to, time_t *start, size_t *rows)
{
  time_t s = from - from % (time_t)step, e = to + ((time_t)step - to % (time_t)step);

  *start = s;
  *rows = (size_t)((e - s) / (time_t)step);
}

/* Records that archive rra of f is needed over [from, to). Returns the
 * archive's index in f->arch, or -1 out of memory. */
static int need(file_t *f, vg_rrd_t *h, int rra, time_t from, time_t to)
{
  size_t i = 0, rows;
  time_t s;
  arch_t *a;

  while (i < f->n_arch && f->arch[i].rra != rra)
    i++;
  if (i == f->n_arch) {
    arch_t *grown = realloc(f->arch, (f->n_arch + 1) * sizeof(*grown));
    if (grown == NULL)
      return -1;
    f->arch = grown;
    a = &f->arch[f->n_arch++];
    memset(a, 0, sizeof(*a));
    a->rra = rra;
    a->step = vg_rrd_step(h, rra);
  }
  a = &f->arch[i];
  align(a->step, from, to, &s, &rows);
  if (a->need_end == a->need_start) {
    a->need_start = s;
    a->need_end = s + (time_t)(rows * a->step);
  } else {
    if (s < a->need_start)
      a->need_start = s;
    if (s + (time_t)(rows * a->step) > a->need_end)
      a->need_end = s + (time_t)(rows * a->step);
  }
  return (int)i;
}

/* Reads every archive of f whose need is not yet covered by what was read,
 * over the union of both. Returns 0, or -1 out of memory. */
static int read_needed(vg_store_t *st, file_t *f, vg_rrd_t *h)
{
  char err[1024];

  for (size_t i = 0; i < f->n_arch; i++) {
    arch_t *a = &f->arch[i];
    time_t s = a->need_start, e = a->need_end;
    if (e == s || a->error != NULL)
      continue;
    if (a->data != NULL) {
      time_t have_end = a->start + (time_t)(a->rows * a->step);
      if (a->start <= s && e <= have_end)
        continue;
      if (a->start < s)
        s = a->start;
      if (have_end > e)
        e = have_end;
    }
    size_t rows = (size_t)((e - s) / (time_t)a->step);
    double *data = malloc((rows ? rows : 1) * f->ds_cnt * sizeof(double));
    if (data == NULL)
      return -1;
    st->stats.archive_reads++;
    st->stats.rows += rows;
    if (vg_rrd_read(h, a->rra, s, rows, data, err, sizeof(err)) != 0) {
      free(data);
      a->error = strdup(err);
      if (a->error == NULL)
        return -1;
      continue;
    }
    free(a->data);
    a->data = data;
    a->start = s;
    a->rows = rows;
  }
  return 0;
}

/* A pointer to the value of data source d of archive a for the row that
 * ends at start + (k+1)*step of a read that starts at start. */
static const double *row_of(const file_t *f, const arch_t *a, time_t start, size_t k, int d)
{
  size_t offset = (size_t)((start - a->start) / (time_t)a->step);

  return &a->data[(offset + k) * f->ds_cnt + (size_t)d];
}

/* True when [from, until) holds no known value of w's data source in the
 * archive that was read to tell. */
static int nothing_before(const file_t *f, const want_t *w, time_t until)
{
  const arch_t *a = &f->arch[w->nb];
  time_t s;
  size_t rows;

  if (a->data == NULL || w->ds_idx < 0)
    return 0;
  align(a->step, w->from, until, &s, &rows);
  for (size_t k = 0; k < rows; k++)
    if (!isnan(*row_of(f, a, s, k, w->ds_idx)))
      return 0;
  return 1;
}

static int set_error(char **dst, const char *fmt, const char *a, const char *b, const char *c)
{
  char buf[2048];

  snprintf(buf, sizeof(buf), fmt, a, b, c);
  *dst = strdup(buf);
  return *dst ? 0 : -1;
}

/* The archives of w for its effective period: AVERAGE, and MIN/MAX when
 * they describe the same rows of more than one primary data point each.
 * Returns 0, or -1 out of memory. */
static int plan_want(file_t *f, vg_rrd_t *h, want_t *w)
{
  int rra = vg_rrd_choose(h, "AVERAGE", w->eff_from, w->to);
  unsigned long step;
  const char *cfs[2] = {"MIN", "MAX"};
  int *slots[2] = {&w->min, &w->max};

  if (rra < 0)
    return set_error(&w->error, "%s: the RRD does not contain an RRA matching the chosen CF%s%s",
                     f->path, "", "");
  if (w->ds_idx < 0)
    return set_error(&w->error, "%s: has no data source '%s' (it has '%s')", f->path, w->ds,
                     vg_rrd_ds_name(h, 0));
  w->avg = need(f, h, rra, w->eff_from, w->to);
  if (w->avg < 0)
    return -1;
  step = vg_rrd_step(h, rra);
  if (step == f->pdp_step)
    return 0; /* one primary data point a row: MIN and MAX are the average */
  for (int k = 0; k < 2; k++) {
    int other = vg_rrd_choose(h, cfs[k], w->eff_from, w->to);
    if (other < 0 || vg_rrd_step(h, other) != step)
      continue;
    *slots[k] = need(f, h, other, w->eff_from, w->to);
    if (*slots[k] < 0)
      return -1;
  }
  return 0;
}

/* Reads what f's periods need from the open file h. Returns 0, or -1 out
 * of memory. */
static int load_file(vg_store_t *st, file_t *f, vg_rrd_t *h)
{
  time_t first = 0;
  int has_first = vg_rrd_finest(h, &first) == 0;

  f->ds_cnt = vg_rrd_ds_count(h);
  f->pdp_step = vg_rrd_pdp_step(h);
  f->last_update = vg_rrd_last_update(h);
  /* librrd reads the archive that covers the start of a period. When the
   * period begins before the finest archive's span but the file holds
   * nothing there (it is younger than that), the finest archive alone says
   * everything: the time before it counts as unknown. Telling needs the
   * coarser archive over [from, first); it is registered over [from, to),
   * which is what it is read for when the file is older. */
  for (size_t i = 0; i < f->n_wants; i++) {
    want_t *w = &f->wants[i];
    w->ds_idx = vg_rrd_ds_index(h, w->ds);
    w->eff_from = w->from;
    w->nb = w->avg = w->min = w->max = -1;
    if (has_first && w->from < first && first < w->to) {
      int rra = vg_rrd_choose(h, "AVERAGE", w->from, first);
      if (rra >= 0 && (w->nb = need(f, h, rra, w->from, w->to)) < 0)
        return -1;
    } else {
      /* the AVERAGE archive of a period that starts where it says, so
       * that it is read once with the archive telling the others */
      int rra = vg_rrd_choose(h, "AVERAGE", w->from, w->to);
      if (rra >= 0 && need(f, h, rra, w->from, w->to) < 0)
        return -1;
    }
  }
  if (read_needed(st, f, h) != 0)
    return -1;
  for (size_t i = 0; i < f->n_wants; i++) {
    want_t *w = &f->wants[i];
    if (w->nb >= 0 && nothing_before(f, w, first))
      w->eff_from = first;
    if (plan_want(f, h, w) != 0)
      return -1;
  }
  return read_needed(st, f, h);
}

int vg_store_load(vg_store_t *st)
{
  char err[2048];

  for (size_t i = 0; i < st->n; i++) {
    file_t *f = &st->files[i];
    vg_rrd_t *h;
    int rc;

    if (f->error != NULL || f->ds_cnt > 0)
      continue; /* already loaded */
    st->stats.opens++;
    h = vg_rrd_open(f->path, err, sizeof(err));
    if (h == NULL) {
      f->error = strdup(err);
      if (f->error == NULL)
        return -1;
      continue;
    }
    rc = load_file(st, f, h);
    vg_rrd_close(h);
    if (rc != 0)
      return -1;
  }
  return 0;
}

/* Data source d of archive a over [start, start + rows*step): the
 * archive's own rows when it has one data source (*borrowed set), else a
 * new array; NULL out of memory. */
static double *column(const file_t *f, const arch_t *a, time_t start, size_t rows, int d,
                      int *borrowed)
{
  double *col;

  if (f->ds_cnt == 1) {
    *borrowed = 1;
    return (double *)row_of(f, a, start, 0, d);
  }
  col = malloc((rows ? rows : 1) * sizeof(double));

  for (size_t k = 0; col != NULL && k < rows; k++)
    col[k] = *row_of(f, a, start, k, d);
  return col;
}

int vg_store_fetch(const vg_store_t *st, const char *path, const char *ds, time_t from, time_t to,
                   vg_fetch_t *out, char *err, size_t errlen)
{
  int found;
  size_t i = find_file(st, path, &found);
  const file_t *f = found ? &st->files[i] : NULL;
  const want_t *w = f ? find_want(f, ds, from, to) : NULL;
  const arch_t *a;
  time_t start;
  size_t rows;

  memset(out, 0, sizeof(*out));
  if (w == NULL) {
    snprintf(err, errlen, "%s: not read", path);
    return -1;
  }
  if (f->error != NULL || w->error != NULL) {
    snprintf(err, errlen, "%s", f->error ? f->error : w->error);
    return -1;
  }
  a = &f->arch[w->avg];
  if (a->data == NULL) {
    snprintf(err, errlen, "%s", a->error ? a->error : "not read");
    return -1;
  }
  align(a->step, w->eff_from, to, &start, &rows);
  out->avg = column(f, a, start, rows, w->ds_idx, &out->borrowed);
  if (w->min >= 0 && f->arch[w->min].data != NULL)
    out->min = column(f, &f->arch[w->min], start, rows, w->ds_idx, &out->borrowed);
  if (w->max >= 0 && f->arch[w->max].data != NULL)
    out->max = column(f, &f->arch[w->max], start, rows, w->ds_idx, &out->borrowed);
  if (out->avg == NULL || (w->min >= 0 && f->arch[w->min].data && !out->min) ||
      (w->max >= 0 && f->arch[w->max].data && !out->max)) {
    vg_fetch_free(out);
    snprintf(err, errlen, "%s: out of memory", path);
    return -1;
  }
  out->s.start = start;
  out->s.step = a->step;
  out->s.rows = rows;
  out->s.avg = out->avg;
  out->s.min = out->min;
  out->s.max = out->max;
  return 0;
}

time_t vg_store_last_update(const vg_store_t *st, const char *path)
{
  int found;
  size_t i = find_file(st, path, &found);

  return found ? st->files[i].last_update : 0;
}

void vg_store_freshness(const vg_store_t *st, time_t *newest, unsigned long *slowest_step)
{
  *newest = 0;
  *slowest_step = 0;
  for (size_t i = 0; i < st->n; i++) {
    if (st->files[i].last_update > *newest)
      *newest = st->files[i].last_update;
    if (st->files[i].last_update > 0 && st->files[i].pdp_step > *slowest_step)
      *slowest_step = st->files[i].pdp_step;
  }
}

void vg_store_stats(const vg_store_t *st, vg_store_stats_t *stats)
{
  stats->files += st->stats.files;
  stats->opens += st->stats.opens;
  stats->archive_reads += st->stats.archive_reads;
  stats->rows += st->stats.rows;
}

void vg_fetch_free(vg_fetch_t *f)
{
  if (f == NULL)
    return;
  if (!f->borrowed) {
    free(f->avg);
    free(f->min);
    free(f->max);
  }
  memset(f, 0, sizeof(*f));
}

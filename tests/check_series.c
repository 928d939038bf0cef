/* Unit tests of the series store against librrd's own rrd_fetch_r: every
 * period of every file gives the same rows, start, step and values
 * (AVERAGE, MIN, MAX), each file is opened once and each archive read once,
 * and a file that cannot be read says why. */
#include "series.h"
#include "testutil.h"

#include <check.h>
#include <math.h>
#include <rrd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define END 1588525200L /* the last update of the files made here */

static char dir[1024];

/* Creates dir/name with step 10 and the given archives, and stores a
 * varying value every 10 s over [END - span, END], leaving a gap. */
static void make_file(const char *name, int n_rra, const char *const *rra, long span, int two_ds)
{
  char path[2048], upd[128];
  const char *create[20];
  const char *update[1] = {upd};
  int n = 0;

  snprintf(path, sizeof(path), "%s/%s", dir, name);
  create[n++] = "DS:value:GAUGE:20:U:U";
  if (two_ds)
    create[n++] = "DS:other:GAUGE:20:U:U";
  for (int i = 0; i < n_rra; i++)
    create[n++] = rra[i];
  rrd_clear_error();
  ck_assert_msg(rrd_create_r(path, 10, END - span - 10, n, create) == 0, "%s", rrd_get_error());
  for (long t = END - span; t <= END; t += 10) {
    if (t > END - span / 2 && t < END - span / 2 + 900)
      continue; /* a 15-minute gap */
    if (two_ds)
      snprintf(upd, sizeof(upd), "%ld:%ld:%ld", t, (t / 10) % 17, (t / 10) % 5);
    else
      snprintf(upd, sizeof(upd), "%ld:%ld", t, (t / 10) % 17);
    ck_assert_msg(rrd_update_r(path, NULL, 1, update) == 0, "%s", rrd_get_error());
  }
}

static const char *const collectd_like[] = {
    "RRA:AVERAGE:0.1:1:120", "RRA:MIN:0.1:1:120", "RRA:MAX:0.1:1:120",
    "RRA:AVERAGE:0.1:7:100", "RRA:MIN:0.1:7:100", "RRA:MAX:0.1:7:100",
    "RRA:AVERAGE:0.1:50:60", "RRA:MIN:0.1:50:60", "RRA:MAX:0.1:50:60"};
static const char *const one_point[] = {"RRA:AVERAGE:0.5:1:2000", "RRA:MIN:0.5:1:2000",
                                        "RRA:MAX:0.5:1:2000"};
static const char *const average_only[] = {"RRA:AVERAGE:0.5:1:100", "RRA:AVERAGE:0.5:30:100"};

static void setup(void)
{
  tu_mkdtemp(dir, sizeof(dir));
  make_file("old.rrd", 9, collectd_like, 3000 * 10, 0);    /* older than every archive */
  make_file("young.rrd", 9, collectd_like, 600, 0);        /* younger than the finest */
  make_file("flat.rrd", 3, one_point, 5000, 1);            /* one point a row, two DS */
  make_file("avgonly.rrd", 2, average_only, 2000 * 10, 0); /* no MIN/MAX at all */
}

static void teardown(void)
{
  tu_rm_rf(dir);
}

/* True when a and b hold the same n values, NaN (of any bits) equal to NaN. */
static int same_values(const double *a, const double *b, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (!(isnan(a[i]) && isnan(b[i])) && a[i] != b[i])
      return 0;
  return 1;
}

/* One rrd_fetch_r call; returns 0 and the column of ds, or -1. */
static int ref_cf(const char *path, const char *cf, const char *ds, time_t from, time_t to,
                  time_t *start, unsigned long *step, size_t *rows, double **col)
{
  time_t s = from, e = to;
  unsigned long st = 1, cnt = 0;
  char **names = NULL;
  rrd_value_t *data = NULL;
  int idx = -1;

  rrd_clear_error();
  if (rrd_fetch_r(path, cf, &s, &e, &st, &cnt, &names, &data) != 0) {
    rrd_clear_error();
    return -1;
  }
  for (unsigned long i = 0; i < cnt; i++)
    if (strcmp(names[i], ds) == 0)
      idx = (int)i;
  *rows = (size_t)((e - s) / (time_t)st);
  *col = NULL;
  if (idx >= 0) {
    *col = malloc((*rows + 1) * sizeof(double));
    for (size_t r = 0; r < *rows; r++)
      (*col)[r] = data[r * cnt + (size_t)idx];
  }
  *start = s;
  *step = st;
  for (unsigned long i = 0; i < cnt; i++)
    rrd_freemem(names[i]);
  rrd_freemem(names);
  rrd_freemem(data);
  return idx >= 0 ? 0 : -1;
}

/* The finest AVERAGE archive's first instant and the file's step, from
 * rrd_info_r. */
static void ref_finest(const char *path, time_t *first, unsigned long *pdp)
{
  rrd_info_t *info = rrd_info_r(path);
  unsigned long last = 0, best = 0, st[64] = {0}, rows[64] = {0};
  int avg[64] = {0};

  for (rrd_info_t *p = info; p != NULL; p = p->next) {
    int i;
    char field[32];
    if (strcmp(p->key, "step") == 0)
      *pdp = p->value.u_cnt;
    else if (strcmp(p->key, "last_update") == 0)
      last = p->value.u_cnt;
    else if (sscanf(p->key, "rra[%d].%31s", &i, field) == 2 && i >= 0 && i < 64) {
      if (strcmp(field, "cf") == 0)
        avg[i] = strcmp(p->value.u_str, "AVERAGE") == 0;
      else if (strcmp(field, "rows") == 0)
        rows[i] = p->value.u_cnt;
      else if (strcmp(field, "pdp_per_row") == 0)
        st[i] = p->value.u_cnt;
    }
  }
  rrd_info_free(info);
  *first = 0;
  for (int i = 0; i < 64; i++) {
    unsigned long s = st[i] * *pdp;
    if (!avg[i] || s == 0 || rows[i] == 0 || (best != 0 && s >= best))
      continue;
    best = s;
    *first = (time_t)(last - last % s) - (time_t)(s * rows[i]) + (time_t)s;
  }
}

/* Asserts that got holds what librrd's rrd_fetch_r gives for the period:
 * the AVERAGE rows (from the finest archive alone when the file holds
 * nothing before it), and MIN/MAX of the same rows where a row holds more
 * than one point. */
static void assert_same(const char *path, const char *ds, time_t from, time_t to,
                        const vg_fetch_t *got)
{
  time_t first, start, s2;
  unsigned long pdp = 0, step, st2;
  size_t rows, r2;
  double *avg = NULL, *col = NULL;

  ref_finest(path, &first, &pdp);
  if (first > from && first < to &&
      ref_cf(path, "AVERAGE", ds, from, first, &start, &step, &rows, &col) == 0) {
    int empty = 1;
    for (size_t i = 0; i < rows; i++)
      empty = empty && isnan(col[i]);
    if (empty)
      from = first;
    free(col);
    col = NULL;
  }
  ck_assert_int_eq(ref_cf(path, "AVERAGE", ds, from, to, &start, &step, &rows, &avg), 0);
  ck_assert_int_eq(got->s.start, start);
  ck_assert_uint_eq(got->s.step, step);
  ck_assert_uint_eq(got->s.rows, rows);
  ck_assert(same_values(got->avg, avg, rows));
  free(avg);
  const char *cfs[2] = {"MIN", "MAX"};
  const double *have[2] = {got->min, got->max};
  for (int k = 0; k < 2; k++) {
    col = NULL;
    int same = step != pdp && ref_cf(path, cfs[k], ds, from, to, &s2, &st2, &r2, &col) == 0 &&
               s2 == start && st2 == step && r2 == rows;
    ck_assert_msg((have[k] != NULL) == same, "%s %s over [%ld, %ld): %s expected %s", path, cfs[k],
                  (long)from, (long)to, have[k] ? "read" : "not read", same ? "read" : "not read");
    if (same)
      ck_assert(same_values(have[k], col, rows));
    if (col != NULL)
      free(col);
    col = NULL;
  }
}

static uint64_t rng = 88172645463325252ULL;

static long rand_below(long n)
{
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (long)(rng % (uint64_t)n);
}

enum { N_PERIODS = 150 };

/* Many periods of each file, registered together, as rrd_fetch_r reads
 * them one by one. */
START_TEST(test_same_as_librrd)
{
  static const struct {
    const char *file, *ds;
    long span;
  } cases[] = {{.file = "old.rrd", .ds = "value", .span = 40000},
               {.file = "young.rrd", .ds = "value", .span = 4000},
               {.file = "flat.rrd", .ds = "other", .span = 8000},
               {.file = "avgonly.rrd", .ds = "value", .span = 30000}};
  time_t from[N_PERIODS], to[N_PERIODS];
  char path[2048];
  vg_store_t *st = vg_store_new();

  for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
    snprintf(path, sizeof(path), "%s/%s", dir, cases[c].file);
    for (int i = 0; i < N_PERIODS; i++) {
      from[i] = END - rand_below(cases[c].span);
      to[i] = from[i] + 1 + rand_below(cases[c].span / 2);
      ck_assert_int_eq(vg_store_want(st, path, cases[c].ds, from[i], to[i]), 0);
    }
  }
  ck_assert_int_eq(vg_store_load(st), 0);
  rng = 88172645463325252ULL;
  for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
    snprintf(path, sizeof(path), "%s/%s", dir, cases[c].file);
    for (int i = 0; i < N_PERIODS; i++) {
      vg_fetch_t f;
      char err[512];
      time_t a = END - rand_below(cases[c].span);
      time_t b = a + 1 + rand_below(cases[c].span / 2);
      ck_assert_msg(vg_store_fetch(st, path, cases[c].ds, a, b, &f, err, sizeof(err)) == 0, "%s",
                    err);
      assert_same(path, cases[c].ds, a, b, &f);
      vg_fetch_free(&f);
    }
  }
  vg_store_free(st);
}
END_TEST

/* The periods of the catalogue's checks (the window, the 48 hours before
 * it, its start) read from one file: one open, each archive read once. */
START_TEST(test_one_open_per_file)
{
  static const struct {
    long from, to;
  } periods[] = {{.from = -20000, .to = -4000},
                 {.from = -24000, .to = -20000},
                 {.from = -20000, .to = -19990},
                 {.from = -8000, .to = -100}};
  char path[2048];
  vg_store_t *st = vg_store_new();
  vg_store_stats_t stats = {0};

  snprintf(path, sizeof(path), "%s/old.rrd", dir);
  for (size_t i = 0; i < sizeof(periods) / sizeof(periods[0]); i++)
    ck_assert_int_eq(vg_store_want(st, path, "value", END + periods[i].from, END + periods[i].to),
                     0);
  ck_assert_int_eq(vg_store_want(st, path, "value", END - 20000, END - 4000), 0); /* again */
  ck_assert_int_eq(vg_store_load(st), 0);
  vg_store_stats(st, &stats);
  ck_assert_uint_eq(stats.files, 1);
  ck_assert_uint_eq(stats.opens, 1);
  /* every period starts beyond the 1-day archive: AVERAGE, MIN and MAX of
   * the coarsest, once each */
  ck_assert_uint_eq(stats.archive_reads, 3);
  ck_assert_int_eq(vg_store_last_update(st, path), END);
  vg_store_free(st);
}
END_TEST

START_TEST(test_errors_name_the_file)
{
  char path[2048], missing[2048], err[512];
  vg_store_t *st = vg_store_new();
  vg_fetch_t f;

  snprintf(path, sizeof(path), "%s/old.rrd", dir);
  snprintf(missing, sizeof(missing), "%s/missing.rrd", dir);
  ck_assert_int_eq(vg_store_want(st, path, "nosuch", END - 100, END), 0);
  ck_assert_int_eq(vg_store_want(st, missing, "value", END - 100, END), 0);
  ck_assert_int_eq(vg_store_load(st), 0);
  ck_assert_int_eq(vg_store_fetch(st, path, "nosuch", END - 100, END, &f, err, sizeof(err)), -1);
  ck_assert_msg(strstr(err, "has no data source 'nosuch' (it has 'value')") != NULL, "%s", err);
  ck_assert_ptr_null(f.avg);
  ck_assert_int_eq(vg_store_fetch(st, missing, "value", END - 100, END, &f, err, sizeof(err)), -1);
  ck_assert_msg(strstr(err, missing) != NULL, "%s", err);
  /* a period that was not registered is never read behind the caller's back */
  ck_assert_int_eq(vg_store_fetch(st, path, "value", END - 50, END, &f, err, sizeof(err)), -1);
  ck_assert_msg(strstr(err, "not read") != NULL, "%s", err);
  vg_store_free(st);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("series");
  TCase *tc = tcase_create("store");

  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, test_same_as_librrd);
  tcase_add_test(tc, test_one_open_per_file);
  tcase_add_test(tc, test_errors_name_the_file);
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

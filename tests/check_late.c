/* Unit tests of late evidence: how much of an agency's window reached the
 * central only after the window ended, from the arrival delays of its
 * hosts (vigil_transport's duration-arrival_delay), with transit delays
 * not counted, a delay reaching before the window clamped to its start,
 * agencies without the series not listed, and nothing for an open window. */
#include "late.h"
#include "rrd_source.h"
#include "testutil.h"

#include <check.h>
#include <math.h>
#include <rrd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SCHEMAS TOP_SRCDIR "/schemas"
#define T0 1924992000L /* 2031-01-01T00:00:00Z */
#define T1 (T0 + 4 * 3600L)
#define STEP 60

static char dir[1024];

/* DataDir/host's delay file: one value a step from T0 to T1 + 600, each
 * d(t) (NaN: unknown), dated on the step grid as vigil_transport dates
 * them. */
static void delays(const char *host, double (*d)(long t))
{
  char rel[512], path[2048], upd[64];
  const char *create[] = {"DS:seconds:GAUGE:180:0:U", "RRA:AVERAGE:0.1:1:1000",
                          "RRA:MAX:0.1:1:1000"};
  const char *update[] = {upd};

  snprintf(rel, sizeof(rel), "rrd/%s/vigil_transport/duration-arrival_delay.rrd", host);
  tu_write_text(dir, rel, "", path, sizeof(path));
  unlink(path);
  ck_assert_msg(rrd_create_r(path, STEP, T0 - STEP, 3, create) == 0, "%s", rrd_get_error());
  for (long t = T0; t <= T1 + 600; t += STEP) {
    double v = d(t);
    if (isnan(v))
      snprintf(upd, sizeof(upd), "%ld:U", t);
    else
      snprintf(upd, sizeof(upd), "%ld:%.3f", t, v);
    ck_assert_msg(rrd_update_r(path, NULL, 1, update) == 0, "%s", rrd_get_error());
  }
}

/* Agency a's link was down from T1 - 300 to T1 + 120: what it measured
 * then arrived at T1 + 120 (420 s late) and T1 + 180 (60 s, transit). */
static double queued(long t)
{
  return t == T1 + 120 ? 420 : t == T1 + 180 ? 60 : t > T1 - 300 && t < T1 + 120 ? NAN : 1;
}

/* Agency c only ever had transit delays, under the slack (3 steps). */
static double transit(long t)
{
  (void)t;
  return 170;
}

/* Agency d sent, after the window, a value dated a day before it. */
static double backdated(long t)
{
  return t == T1 + 300 ? 86400 + 300 + 3600 : 1;
}

/* DataDir/host's future_dropped counter: 0 until T0 + 600, then `n` more
 * by T0 + 1200, flat after. */
static void dropped(const char *host, int n)
{
  char rel[512], path[2048], upd[64];
  const char *create[] = {"DS:value:DERIVE:180:0:U", "RRA:AVERAGE:0.1:1:1000"};
  const char *update[] = {upd};

  snprintf(rel, sizeof(rel), "rrd/%s/vigil_transport/derive-future_dropped.rrd", host);
  tu_write_text(dir, rel, "", path, sizeof(path));
  unlink(path);
  ck_assert_msg(rrd_create_r(path, STEP, T0 - STEP, 2, create) == 0, "%s", rrd_get_error());
  for (long t = T0; t <= T1 + 600; t += STEP) {
    snprintf(upd, sizeof(upd), "%ld:%d", t,
             t < T0 + 600    ? 0
             : t < T0 + 1200 ? (int)((t - T0 - 600) / STEP) * n / 10
                             : n);
    ck_assert_msg(rrd_update_r(path, NULL, 1, update) == 0, "%s", rrd_get_error());
  }
}

START_TEST(test_late_evidence)
{
  char path[2048], err[1024], datadir[2048];
  vg_inventory_t *inv;
  vg_late_t *late;
  size_t n;

  tu_mkdtemp(dir, sizeof(dir));
  tu_write_text(dir, "agencies.xml",
                "<inventory xmlns=\"urn:vigil:inventory:1\" id=\"t\">"
                "<province xml:lang=\"en\">T</province>"
                "<agency id=\"a\" categories=\"x\"><name xml:lang=\"en\">A</name>"
                "<host>a1</host><host>a2</host></agency>"
                "<agency id=\"b\" categories=\"x\"><name xml:lang=\"en\">B</name><host>b1</host>"
                "</agency>"
                "<agency id=\"c\" categories=\"x\"><name xml:lang=\"en\">C</name><host>c1</host>"
                "</agency>"
                "<agency id=\"d\" categories=\"x\"><name xml:lang=\"en\">D</name><host>d1</host>"
                "</agency></inventory>",
                path, sizeof(path));
  inv = vg_inventory_load(path, SCHEMAS, NULL, err, sizeof(err));
  ck_assert_msg(inv != NULL, "%s", err);
  delays("a2", queued);
  delays("c1", transit);
  delays("d1", backdated);
  snprintf(datadir, sizeof(datadir), "%s/rrd", dir);
  vg_report_meta_t m = {
      .inv = inv, .datadir = datadir, .from = T0, .to = T1, .generated = T1 + 3600};
  vg_rrd_set_report_time(m.generated);
  ck_assert_int_eq(vg_late_find(&m, &late, &n), 0);
  ck_assert_uint_eq(n, 2);
  /* a: measured from T1 - 300 on (arrived at T1 + 120, 420 s late) */
  ck_assert_uint_eq(late[0].agency, 0);
  ck_assert_double_eq(late[0].seconds, 300);
  ck_assert_int_eq(late[0].measured_from, T1 - 300);
  ck_assert_int_eq(late[0].arrived_until, T1 + 120);
  ck_assert_double_eq(late[0].longest, 420);
  /* d: a value from before the window counts from the window's start */
  ck_assert_uint_eq(late[1].agency, 3);
  ck_assert_double_eq(late[1].seconds, T1 - T0);
  ck_assert_int_eq(late[1].measured_from, T0);
  ck_assert_int_eq(late[1].arrived_until, T1 + 300);
  free(late);

  /* clocks: c1 dropped 7 values dated ahead, d1 none */
  vg_clock_t *clock;
  dropped("c1", 7);
  dropped("d1", 0);
  ck_assert_int_eq(vg_clock_find(&m, &clock, &n), 0);
  ck_assert_uint_eq(n, 1);
  ck_assert_uint_eq(clock[0].agency, 2);
  ck_assert_double_eq(clock[0].dropped, 7);
  ck_assert_str_eq(clock[0].host, "c1");
  free(clock);

  /* the window still open: nothing can have arrived after it */
  m.provisional = 1;
  ck_assert_int_eq(vg_late_find(&m, &late, &n), 0);
  ck_assert_uint_eq(n, 0);
  ck_assert_ptr_null(late);
  vg_inventory_free(inv);
  tu_rm_rf(dir);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("late");
  TCase *tc = tcase_create("core");

  tcase_add_test(tc, test_late_evidence);
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

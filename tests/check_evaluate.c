/* Unit tests of evaluation against real RRD files made with librrd in
 * collectd's DataDir layout: pass, fail, nodata and error, each with its
 * evidence, and one broken file never spoils another agency. */
#include "evaluate.h"
#include "rrd_source.h"
#include "testutil.h"

#include <check.h>
#include <math.h>
#include <rrd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SCHEMAS TOP_SRCDIR "/schemas"
#define T0 1000000000L /* window start, a multiple of the step */
#define STEP 10
#define WINDOW 3000

static char datadir[1024];
static vg_catalogue_t *cat;
static vg_inventory_t *inv;

/* Creates datadir/rel as collectd would (one DS, AVERAGE/MIN/MAX at the
 * step) and stores value(t) every step over [T0 - 600, T0 + until). */
static void make_rrd(const char *rel, const char *ds, long until, double (*value)(long t))
{
  char path[4096], dsdef[128], upd[64];
  const char *create[4];
  const char *update[1] = {upd};

  snprintf(path, sizeof(path), "%s/%s", datadir, rel);
  tu_write_text(datadir, rel, "", NULL, 0); /* makes the folders */
  unlink(path);
  snprintf(dsdef, sizeof(dsdef), "DS:%s:GAUGE:%d:U:U", ds, 2 * STEP);
  create[0] = dsdef;
  create[1] = "RRA:AVERAGE:0.5:1:2000";
  create[2] = "RRA:MIN:0.5:1:2000";
  create[3] = "RRA:MAX:0.5:1:2000";
  rrd_clear_error();
  ck_assert_msg(rrd_create_r(path, STEP, T0 - 700, 4, create) == 0, "%s", rrd_get_error());
  for (long t = T0 - 600; t < T0 + until; t += STEP) {
    snprintf(upd, sizeof(upd), "%ld:%.6f", t, value(t));
    ck_assert_msg(rrd_update_r(path, NULL, 1, update) == 0, "%s", rrd_get_error());
  }
}

static double fresh_age(long t)
{
  return 100 + (t - T0) % 600;
} /* a backup every 10 min */
static double stale_age(long t)
{
  return 5000 + (t - (T0 - 600));
}
static double one(long t)
{
  (void)t;
  return 1;
}

static void setup(void)
{
  char err[4096], invpath[4096];

  tu_mkdtemp(datadir, sizeof(datadir));
  cat =
      vg_catalogue_load(TOP_SRCDIR "/tests/fixtures/test-directive.xml", SCHEMAS, err, sizeof(err));
  ck_assert_msg(cat != NULL, "%s", err);
  make_rrd("h-fresh/vigil_backup-db/duration-newest_age.rrd", "seconds", WINDOW, fresh_age);
  make_rrd("h-fresh/uptime/uptime.rrd", "value", WINDOW / 2 + STEP, one); /* half the window */
  make_rrd("h-stale/vigil_backup-db/duration-newest_age.rrd", "seconds", WINDOW, stale_age);
  make_rrd("h-wrongds/vigil_backup-db/duration-newest_age.rrd", "value", WINDOW, fresh_age);
  tu_write_text(datadir, "h-corrupt/vigil_backup-db/duration-newest_age.rrd",
                "this is not an RRD file", NULL, 0);
  make_rrd("h-multi/vigil_backup-db/duration-newest_age.rrd", "seconds", WINDOW, fresh_age);
  make_rrd("h-multi/vigil_backup-etc/duration-newest_age.rrd", "seconds", WINDOW, stale_age);
  make_rrd("h-office/uptime/uptime.rrd", "value", WINDOW / 4 + STEP, one);
  tu_write_text(datadir, "agencies.xml",
                "<inventory xmlns=\"urn:vigil:inventory:1\" id=\"t\">"
                "<province xml:lang=\"en\">Test</province>"
                "<agency id=\"fresh\" categories=\"lab\"><name "
                "xml:lang=\"en\">F</name><host>h-fresh</host></agency>"
                "<agency id=\"stale\" categories=\"lab\"><name "
                "xml:lang=\"en\">S</name><host>h-stale</host></agency>"
                "<agency id=\"none\" categories=\"lab\"><name "
                "xml:lang=\"en\">N</name><host>h-none</host></agency>"
                "<agency id=\"corrupt\" categories=\"lab\"><name "
                "xml:lang=\"en\">C</name><host>h-corrupt</host></agency>"
                "<agency id=\"wrongds\" categories=\"lab\"><name "
                "xml:lang=\"en\">W</name><host>h-wrongds</host></agency>"
                "<agency id=\"multi\" categories=\"lab\"><name "
                "xml:lang=\"en\">M</name><host>h-multi</host></agency>"
                "<agency id=\"office\" categories=\"office\"><name "
                "xml:lang=\"en\">O</name><host>h-office</host></agency>"
                "</inventory>",
                invpath, sizeof(invpath));
  inv = vg_inventory_load(invpath, SCHEMAS, cat, err, sizeof(err));
  ck_assert_msg(inv != NULL, "%s", err);
}

static void teardown(void)
{
  vg_inventory_free(inv);
  vg_catalogue_free(cat);
  tu_rm_rf(datadir);
}

static const vg_agency_t *agency(const char *id)
{
  for (size_t i = 0; i < inv->n_agencies; i++)
    if (strcmp(inv->agencies[i].id, id) == 0)
      return &inv->agencies[i];
  ck_abort_msg("no agency %s", id);
  return NULL;
}

static void evaluate(const char *id, vg_agency_result_t *r)
{
  vg_eval_ctx_t ctx = {.cat = cat, .datadir = datadir, .from = T0, .to = T0 + WINDOW};

  ck_assert_int_eq(vg_evaluate_agency(&ctx, agency(id), r), 0);
  ck_assert_int_eq(r->n_items, 3);
}

static const struct {
  const char *agency;
  int item;
  vg_status_t want_item;
  vg_status_t want_check;
  double want_value; /* NaN: none */
  const char *want_reason;
} cases[] = {
    {.agency = "fresh",
     .item = 0,
     .want_item = VG_ST_PASS,
     .want_check = VG_ST_PASS,
     .want_value = 690},
    {.agency = "stale",
     .item = 0,
     .want_item = VG_ST_FAIL,
     .want_check = VG_ST_FAIL,
     .want_value = 5000 + 600 + WINDOW - STEP},
    {.agency = "none",
     .item = 0,
     .want_item = VG_ST_NODATA,
     .want_check = VG_ST_NODATA,
     .want_value = NAN,
     .want_reason = "no RRD file of the agency's hosts matches "
                    "vigil_backup-*/duration-newest_age"},
    {.agency = "corrupt",
     .item = 0,
     .want_item = VG_ST_ERROR,
     .want_check = VG_ST_ERROR,
     .want_value = NAN,
     .want_reason = "duration-newest_age.rrd: "},
    {.agency = "wrongds",
     .item = 0,
     .want_item = VG_ST_ERROR,
     .want_check = VG_ST_ERROR,
     .want_value = NAN,
     .want_reason = "has no data source 'seconds' (it has 'value')"},
    {.agency = "multi",
     .item = 0,
     .want_item = VG_ST_FAIL,
     .want_check = VG_ST_FAIL,
     .want_value = 690}, /* one location of two is stale */
    {.agency = "fresh",
     .item = 1,
     .want_item = VG_ST_PASS,
     .want_check = VG_ST_PASS,
     .want_value = 0.5},
    {.agency = "office",
     .item = 1,
     .want_item = VG_ST_FAIL,
     .want_check = VG_ST_FAIL,
     .want_value = 0.25},
    {.agency = "none",
     .item = 1,
     .want_item = VG_ST_NODATA,
     .want_check = VG_ST_NODATA,
     .want_value = NAN,
     .want_reason = "no RRD file"},
    {.agency = "office",
     .item = 0,
     .want_item = VG_ST_NOT_APPLICABLE,
     .want_check = VG_ST_NOT_APPLICABLE,
     .want_value = NAN},
    {.agency = "office",
     .item = 2,
     .want_item = VG_ST_NODATA,
     .want_check = VG_ST_NODATA,
     .want_value = NAN,
     .want_reason = "manual check: no attestation was given"},
    {.agency = "fresh",
     .item = 2,
     .want_item = VG_ST_NOT_APPLICABLE,
     .want_check = VG_ST_NOT_APPLICABLE,
     .want_value = NAN},
};

START_TEST(test_statuses)
{
  vg_agency_result_t r;
  const vg_check_result_t *cr;
  const char *reason;

  evaluate(cases[_i].agency, &r);
  cr = &r.items[cases[_i].item].checks[0];
  ck_assert_msg(r.items[cases[_i].item].status == cases[_i].want_item, "%s/%d: item %s",
                cases[_i].agency, cases[_i].item, vg_status_name(r.items[cases[_i].item].status));
  ck_assert_msg(cr->status == cases[_i].want_check, "%s/%d: check %s", cases[_i].agency,
                cases[_i].item, vg_status_name(cr->status));
  if (!isnan(cases[_i].want_value)) {
    ck_assert_int_ge(cr->n_evidence, 1);
    ck_assert_msg(fabs(cr->evidence[0].agg.value - cases[_i].want_value) < 1e-6, "%s: value %g",
                  cases[_i].agency, cr->evidence[0].agg.value);
    ck_assert_int_eq(cr->evidence[0].step, STEP);
    /* rows of one data point each: MIN and MAX are the AVERAGE, not read */
    ck_assert_int_eq(cr->evidence[0].min_max, 0);
  }
  if (cases[_i].want_reason != NULL) {
    reason = cr->reason ? cr->reason : cr->n_evidence ? cr->evidence[0].reason : NULL;
    ck_assert_ptr_nonnull(reason);
    ck_assert_msg(strstr(reason, cases[_i].want_reason) != NULL, "%s: reason %s", cases[_i].agency,
                  reason);
  }
  vg_agency_result_free(&r);
}
END_TEST

START_TEST(test_multi_location_evidence)
{
  vg_agency_result_t r;
  const vg_check_result_t *cr;

  evaluate("multi", &r);
  cr = &r.items[0].checks[0];
  ck_assert_int_eq(cr->n_evidence, 2);
  ck_assert_str_eq(cr->evidence[0].plugin_instance, "db");
  ck_assert_int_eq(cr->evidence[0].status, VG_ST_PASS);
  ck_assert_str_eq(cr->evidence[1].plugin_instance, "etc");
  ck_assert_int_eq(cr->evidence[1].status, VG_ST_FAIL);
  ck_assert_str_eq(cr->evidence[1].file, "h-multi/vigil_backup-etc/duration-newest_age.rrd");
  vg_agency_result_free(&r);
}
END_TEST

START_TEST(test_judge_inconclusive)
{
  vg_cond_t le = {VG_OP_LE, 1800};
  vg_agg_result_t r = {.value = 1700, .lower = 1500, .upper = 2100};

  ck_assert_int_eq(vg_judge(&le, &r), VG_ST_NODATA);
  r.upper = 1800;
  ck_assert_int_eq(vg_judge(&le, &r), VG_ST_PASS);
  r = (vg_agg_result_t){.value = 2000, .lower = 1900, .upper = 2100};
  ck_assert_int_eq(vg_judge(&le, &r), VG_ST_FAIL);
  r.value = NAN;
  ck_assert_int_eq(vg_judge(&le, &r), VG_ST_NODATA);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("evaluate");
  TCase *tc = tcase_create("core");

  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 60);
  tcase_add_loop_test(tc, test_statuses, 0, sizeof(cases) / sizeof(cases[0]));
  tcase_add_test(tc, test_multi_location_evidence);
  tcase_add_test(tc, test_judge_inconclusive);
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

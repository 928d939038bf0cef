/* Unit tests of the ministry export: made from a report's summary, valid against
 * export.xsd, its digest verified and a tampered copy refused; merged with
 * another province (counts added), and refused for a different window or
 * the same province twice. */
#include "export.h"
#include "summary.h"
#include "testutil.h"
#include "xmlload.h"

#include <check.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CATALOGUE TOP_SRCDIR "/tests/fixtures/test-directive.xml"
#define SCHEMAS TOP_SRCDIR "/schemas"
#define REPORT_SHA "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static char dir[1024];
static vg_catalogue_t *cat;
static vg_inventory_t *inv;

static void setup(void)
{
  char path[2048], err[2048];

  tu_mkdtemp(dir, sizeof(dir));
  cat = vg_catalogue_load(CATALOGUE, SCHEMAS, err, sizeof(err));
  ck_assert_msg(cat != NULL, "%s", err);
  tu_write_text(dir, "agencies.xml",
                "<inventory xmlns=\"urn:vigil:inventory:1\" id=\"test\">"
                "<province xml:lang=\"vi\">Nowhere &amp; \"elsewhere\"</province>"
                "<province xml:lang=\"en\">Nowhere &amp; \"elsewhere\"</province>"
                "<agency id=\"lab-1\" categories=\"lab\"><name xml:lang=\"en\">L1</name>"
                "<host>lab-1</host></agency>"
                "<agency id=\"lab-2\" categories=\"lab\"><name xml:lang=\"en\">L2</name>"
                "<host>lab-2</host></agency>"
                "<agency id=\"office\" categories=\"office\"><name xml:lang=\"en\">O</name>"
                "<host>office</host></agency>"
                "</inventory>",
                path, sizeof(path));
  inv = vg_inventory_load(path, SCHEMAS, cat, err, sizeof(err));
  ck_assert_msg(inv != NULL, "%s", err);
}

static void teardown(void)
{
  vg_inventory_free(inv);
  vg_catalogue_free(cat);
  tu_rm_rf(dir);
}

/* The results of the three agencies, one check per item: lab-2 fails A.1
 * (its newest copy 2 h old) and A.2 (heartbeat 34 %). */
static const struct {
  vg_status_t st[3];
  double figure[3];
} results[] = {
    {.st = {VG_ST_PASS, VG_ST_PASS, VG_ST_NOT_APPLICABLE}, .figure = {1260, 1, 0}},
    {.st = {VG_ST_FAIL, VG_ST_FAIL, VG_ST_NOT_APPLICABLE}, .figure = {7200, 0.34375, 0}},
    {.st = {VG_ST_NOT_APPLICABLE, VG_ST_NODATA, VG_ST_NODATA}, .figure = {0, 0, 0}},
};

/* A.2 judged as a time share (availability): seconds of maintenance,
 * planned and unplanned outage of each agency. */
static const double outage[3][3] = {{3600, 600, 0}, {0, 0, 1800.4}, {0, 0, 0}};
static vg_check_t share_check;

/* Sums up the results above for province inventory id, window end to. */
static int offset; /* of the times written, seconds east of UTC */

static vg_summary_t *summary_of(vg_report_meta_t *m, const char *id, time_t to)
{
  vg_summary_t *sum;

  memset(m, 0, sizeof(*m));
  free(inv->id);
  inv->id = strdup(id);
  m->cat = cat;
  m->inv = inv;
  m->datadir = dir;
  m->from = cat->window_from;
  m->to = to ? to : cat->window_to;
  m->generated = 1925164800;
  m->offset = offset;
  sum = vg_summary_new(m);
  ck_assert_ptr_nonnull(sum);
  share_check = cat->sections[0].items[1].checks[0];
  share_check.agg.fn = VG_AGG_TIME_SHARE;
  for (size_t a = 0; a < inv->n_agencies; a++) {
    vg_item_result_t items[3];
    vg_check_result_t checks[3];
    vg_evidence_t ev[3];
    vg_agency_result_t r = {.agency = &inv->agencies[a], .items = items, .n_items = 3};
    char *buf;
    size_t len;
    memset(items, 0, sizeof(items));
    memset(checks, 0, sizeof(checks));
    memset(ev, 0, sizeof(ev));
    for (int i = 0; i < 3; i++) {
      items[i] = (vg_item_result_t){.item = &cat->sections[0].items[i],
                                    .status = results[a].st[i],
                                    .checks = &checks[i],
                                    .n_checks = 1};
      ev[i].status = results[a].st[i];
      ev[i].agg.value = results[a].figure[i];
      if (i == 1) {
        ev[i].maintenance = outage[a][0];
        ev[i].planned_outage = outage[a][1];
        ev[i].unplanned_outage = outage[a][2];
      }
      checks[i] =
          (vg_check_result_t){.check = i == 1 ? &share_check : &cat->sections[0].items[i].checks[0],
                              .status = results[a].st[i],
                              .evidence = &ev[i],
                              .n_evidence = 1};
    }
    ck_assert_int_eq(vg_digest_pack(m, a, &r, &buf, &len), 0);
    ck_assert_int_eq(vg_summary_add(sum, buf, len), 0);
    free(buf);
  }
  return sum;
}

static char *query(const char *path, const char *expr)
{
  xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
  xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
  xmlXPathObjectPtr res;
  xmlChar *s;
  char *copy;

  xmlXPathRegisterNs(ctx, BAD_CAST "e", BAD_CAST "urn:vigil:export:1");
  res = xmlXPathEvalExpression(BAD_CAST expr, ctx);
  s = xmlXPathCastToString(res);
  copy = strdup((const char *)s);
  xmlFree(s);
  xmlXPathFreeObject(res);
  xmlXPathFreeContext(ctx);
  xmlFreeDoc(doc);
  return copy;
}

static void assert_query(const char *path, const char *expr, const char *want)
{
  char *got = query(path, expr);

  ck_assert_msg(strcmp(got, want) == 0, "%s: got \"%s\", want \"%s\"", expr, got, want);
  free(got);
}

/* Writes the export of province id (window ending at to, 0: the
 * catalogue's) to dir/name. */
static void make_export(const char *id, time_t to, const char *name, char *out, size_t len)
{
  char err[2048];
  vg_report_meta_t m;
  vg_summary_t *sum = summary_of(&m, id, to);

  snprintf(out, len, "%s/%s", dir, name);
  ck_assert_msg(vg_export_write(sum, REPORT_SHA, NULL, out, NULL, err, sizeof(err)) == 0, "%s",
                err);
  vg_summary_free(sum);
}

START_TEST(test_export_content)
{
  char out[2048], err[2048];

  make_export("test", 0, "export.xml", out, sizeof(out));
  ck_assert_msg(vg_export_verify(out, SCHEMAS, err, sizeof(err)) == 0, "%s", err);
  assert_query(out, "string(//e:province/@report-sha256)", REPORT_SHA);
  assert_query(out, "string(//e:province/@id)", "test");
  assert_query(out, "string(//e:province/@agencies)", "3");
  assert_query(out, "string(//e:item[@id='A.1']/e:category[@id='lab']/@pass)", "1");
  assert_query(out, "string(//e:item[@id='A.1']/e:category[@id='lab']/@fail)", "1");
  assert_query(out, "string(//e:item[@id='A.2']/e:category[@id='office']/@nodata)", "1");
  assert_query(out, "string(//e:item[@id='A.3']/e:category[@id='lab']/@not-applicable)", "2");
  assert_query(out, "count(//e:failing)", "2");
  assert_query(out, "string(//e:item[@id='A.1']/e:failing/@agency)", "lab-2");
  assert_query(out, "string(//e:item[@id='A.1']/e:failing/@check)", "A.1.copy-age");
  assert_query(out, "string(//e:item[@id='A.1']/e:failing/@figure)", "2 h 00 min");
  assert_query(out, "string(//e:item[@id='A.1']/e:failing/@expect)", "<= 1 h 00 min");
  /* planned and unplanned time of a time-share check, per category */
  assert_query(out, "count(//e:outage)", "2");
  assert_query(out, "count(//e:item[@id='A.1']/e:outage)", "0");
  assert_query(out, "string(//e:outage[@category='lab']/@check)", "A.2.heartbeat");
  assert_query(out, "string(//e:outage[@category='lab']/@agencies)", "2");
  assert_query(out, "string(//e:outage[@category='lab']/@maintenance-seconds)", "3600");
  assert_query(out, "string(//e:outage[@category='lab']/@planned-outage-seconds)", "600");
  assert_query(out, "string(//e:outage[@category='lab']/@unplanned-outage-seconds)", "1800");
  assert_query(out, "string(//e:outage[@category='office']/@agencies)", "1");
  assert_query(out, "string(//e:outage[@category='office']/@unplanned-outage-seconds)", "0");
}
END_TEST

static const struct {
  const char *from, *to, *want;
} tampering[] = {
    {.from = "fail=\"1\"", .to = "fail=\"0\"", .want = "the content does not match its digest"},
    {.from = "agency=\"lab-2\"",
     .to = "agency=\"lab-1\"",
     .want = "the content does not match its digest"},
    {.from = "<content>", .to = "<content><!-- a comment changes nothing -->"},
    {.from = "algorithm=\"sha256\"",
     .to = "algorithm=\"md5\"",
     .want = "does not match the fixed value constraint"},
};

START_TEST(test_tampered_export_refused)
{
  char out[2048], err[2048], path[2048], *text;
  FILE *fp;
  long n;

  make_export("test", 0, "export.xml", out, sizeof(out));
  fp = fopen(out, "r");
  fseek(fp, 0, SEEK_END);
  n = ftell(fp);
  rewind(fp);
  text = calloc(1, (size_t)n + 1);
  ck_assert_int_eq(fread(text, 1, (size_t)n, fp), n);
  fclose(fp);
  char *hit = strstr(text, tampering[_i].from);
  ck_assert_ptr_nonnull(hit);
  char *changed = calloc(1, (size_t)n + strlen(tampering[_i].to) + 1);
  memcpy(changed, text, (size_t)(hit - text));
  strcat(changed, tampering[_i].to);
  strcat(changed, hit + strlen(tampering[_i].from));
  tu_write_text(dir, "changed.xml", changed, path, sizeof(path));
  if (tampering[_i].want == NULL) {
    ck_assert_msg(vg_export_verify(path, SCHEMAS, err, sizeof(err)) == 0, "%s", err);
  } else {
    ck_assert_int_eq(vg_export_verify(path, SCHEMAS, err, sizeof(err)), -1);
    ck_assert_msg(strstr(err, tampering[_i].want) != NULL, "%s", err);
  }
  free(text);
  free(changed);
}
END_TEST

START_TEST(test_merge_provinces)
{
  char e1[2048], e2[2048], nat[2048], err[2048];
  const char *inputs[2];

  make_export("test", 0, "a.xml", e1, sizeof(e1));
  make_export("test-b", 0, "b.xml", e2, sizeof(e2));
  inputs[0] = e1;
  inputs[1] = e2;
  snprintf(nat, sizeof(nat), "%s/national.xml", dir);
  ck_assert_msg(vg_export_merge(inputs, 2, SCHEMAS, NULL, NULL, nat, err, sizeof(err)) == 0, "%s",
                err);
  ck_assert_msg(vg_export_verify(nat, SCHEMAS, err, sizeof(err)) == 0, "%s", err);
  assert_query(nat, "count(//e:province)", "2");
  assert_query(nat, "string(//e:item[@id='A.1']/e:category[@id='lab']/@pass)", "2");
  assert_query(nat, "string(//e:item[@id='A.1']/e:category[@id='lab']/@fail)", "2");
  assert_query(nat, "count(//e:item[@id='A.1']/e:failing)", "2");
  assert_query(nat, "string(//e:item[@id='A.1']/e:failing[2]/@province)", "test-b");
  assert_query(nat, "count(//e:outage)", "2");
  assert_query(nat, "string(//e:outage[@category='lab']/@agencies)", "4");
  assert_query(nat, "string(//e:outage[@category='lab']/@maintenance-seconds)", "7200");
  assert_query(nat, "string(//e:outage[@category='lab']/@planned-outage-seconds)", "1200");
  assert_query(nat, "string(//e:outage[@category='lab']/@unplanned-outage-seconds)", "3600");
  /* the national export merges again */
  inputs[0] = nat;
  ck_assert_int_eq(vg_export_merge(inputs, 2, SCHEMAS, NULL, NULL, nat, err, sizeof(err)), -1);
  ck_assert_msg(strstr(err, "b.xml: province 'test-b' is already in the merge") != NULL, "%s", err);
}
END_TEST

/* The same window written in another offset is the same window. */
START_TEST(test_merge_compares_instants)
{
  char e1[2048], e2[2048], nat[2048], err[2048];
  const char *inputs[2];

  make_export("test", 0, "a.xml", e1, sizeof(e1));
  offset = 7 * 3600;
  make_export("test-b", 0, "b.xml", e2, sizeof(e2));
  offset = 0;
  assert_query(e2, "string(//e:window/@from)", "2031-01-03T07:00:00+07:00");
  inputs[0] = e1;
  inputs[1] = e2;
  snprintf(nat, sizeof(nat), "%s/national.xml", dir);
  ck_assert_msg(vg_export_merge(inputs, 2, SCHEMAS, NULL, NULL, nat, err, sizeof(err)) == 0, "%s",
                err);
  assert_query(nat, "count(//e:province)", "2");
}
END_TEST

START_TEST(test_merge_refuses_other_window)
{
  char e1[2048], e2[2048], nat[2048], err[2048];
  const char *inputs[2];

  make_export("test", 0, "a.xml", e1, sizeof(e1));
  make_export("test-c", cat->window_to + 86400, "c.xml", e2, sizeof(e2));
  inputs[0] = e1;
  inputs[1] = e2;
  snprintf(nat, sizeof(nat), "%s/national.xml", dir);
  ck_assert_int_eq(vg_export_merge(inputs, 2, SCHEMAS, NULL, NULL, nat, err, sizeof(err)), -1);
  ck_assert_msg(strstr(err, "cannot be merged: window/@to differs (2031-01-05T00:00:00Z, "
                            "2031-01-06T00:00:00Z)") != NULL,
                "%s", err);
  ck_assert_int_eq(access(nat, F_OK), -1); /* nothing written */
}
END_TEST

int main(void)
{
  Suite *s = suite_create("export");
  TCase *tc = tcase_create("core");

  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_export_content);
  tcase_add_loop_test(tc, test_tampered_export_refused, 0,
                      sizeof(tampering) / sizeof(tampering[0]));
  tcase_add_test(tc, test_merge_provinces);
  tcase_add_test(tc, test_merge_compares_instants);
  tcase_add_test(tc, test_merge_refuses_other_window);
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

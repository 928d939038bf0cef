/* Unit tests of the report.xml writer: a report of real evaluation results
 * validates against report.xsd, counts its summary right, and is written
 * atomically: an aborted or failed report leaves nothing behind and an
 * earlier report untouched. */
#include "report_xml.h"
#include "testutil.h"
#include "xmlload.h"

#include <check.h>
#include <dirent.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SCHEMAS TOP_SRCDIR "/schemas"

static char dir[1024];
static vg_catalogue_t *cat;
static vg_inventory_t *inv;
static vg_summary_t *sum;
static vg_report_meta_t meta;

static void setup(void)
{
  char err[2048], path[2048];

  tu_mkdtemp(dir, sizeof(dir));
  cat =
      vg_catalogue_load(TOP_SRCDIR "/tests/fixtures/test-directive.xml", SCHEMAS, err, sizeof(err));
  ck_assert_msg(cat != NULL, "%s", err);
  tu_write_text(dir, "agencies.xml",
                "<inventory xmlns=\"urn:vigil:inventory:1\" id=\"t\">"
                "<province xml:lang=\"en\">T &amp; U</province>"
                "<agency id=\"lab\" categories=\"lab\"><name xml:lang=\"en\">L "
                "&lt;1&gt;</name><host>h</host></agency>"
                "<agency id=\"office\" categories=\"office\"><name "
                "xml:lang=\"en\">O</name><host>o</host></agency>"
                "</inventory>",
                path, sizeof(path));
  inv = vg_inventory_load(path, SCHEMAS, cat, err, sizeof(err));
  ck_assert_msg(inv != NULL, "%s", err);
  memset(&meta, 0, sizeof(meta));
  meta.cat = cat;
  meta.inv = inv;
  meta.datadir = dir;
  meta.from = cat->window_from;
  meta.to = cat->window_to;
  meta.generated = 1925164800;
}

static void teardown(void)
{
  vg_summary_free(sum);
  sum = NULL;
  vg_inventory_free(inv);
  vg_catalogue_free(cat);
  tu_rm_rf(dir);
}

/* Writes every agency's (no data) results to w, and sums them up. */
static void write_agencies(vg_xml_report_t *w)
{
  vg_eval_ctx_t ctx = {.cat = cat, .datadir = dir, .from = meta.from, .to = meta.to};

  vg_summary_free(sum);
  sum = vg_summary_new(&meta);
  ck_assert_ptr_nonnull(sum);
  for (size_t i = 0; i < inv->n_agencies; i++) {
    vg_agency_result_t r;
    char *buf;
    size_t len;
    ck_assert_int_eq(vg_evaluate_agency(&ctx, &inv->agencies[i], &r), 0);
    ck_assert_int_eq(vg_xml_report_agency(w, &r), 0);
    ck_assert_int_eq(vg_digest_pack(&meta, i, &r, &buf, &len), 0);
    ck_assert_int_eq(vg_summary_add(sum, buf, len), 0);
    free(buf);
    vg_agency_result_free(&r);
  }
}

/* Finishes w with the summary and publishes it. Returns 0 or -1. */
static int commit(vg_xml_report_t *w, char *err, size_t errlen)
{
  vg_atomic_file_t *f = vg_xml_report_finish(w, sum, err, errlen);

  return f != NULL ? vg_atomic_commit(f, err, errlen) : -1;
}

static int files_in_dir(void)
{
  DIR *d = opendir(dir);
  struct dirent *e;
  int n = 0;

  while ((e = readdir(d)) != NULL)
    n += e->d_name[0] != '.';
  closedir(d);
  return n;
}

/* Writes and publishes the report of every agency at dir/report.xml, into
 * path; returns it read back, validated. */
static xmlDocPtr write_report(char *path, size_t len)
{
  char err[2048];
  vg_xml_report_t *w;
  xmlDocPtr doc;

  snprintf(path, len, "%s/report.xml", dir);
  w = vg_xml_report_open(path, &meta, err, sizeof(err));
  ck_assert_msg(w != NULL, "%s", err);
  write_agencies(w);
  ck_assert_msg(commit(w, err, sizeof(err)) == 0, "%s", err);
  doc = vg_xml_load(path, SCHEMAS "/report.xsd", err, sizeof(err));
  ck_assert_msg(doc != NULL, "%s", err);
  return doc;
}

START_TEST(test_valid_report)
{
  char path[2048];

  xmlFreeDoc(write_report(path, sizeof(path)));
  ck_assert_int_eq(files_in_dir(), 2); /* agencies.xml and report.xml, no temporary */
}
END_TEST

/* The string value of expr over doc. */
static char *query(xmlDocPtr doc, const char *expr)
{
  xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
  xmlXPathObjectPtr res;
  xmlChar *s;
  char *copy;

  xmlXPathRegisterNs(ctx, BAD_CAST "r", BAD_CAST "urn:vigil:report:1");
  res = xmlXPathEvalExpression(BAD_CAST expr, ctx);
  s = xmlXPathCastToString(res);
  copy = strdup((const char *)s);
  xmlFree(s);
  xmlXPathFreeObject(res);
  xmlXPathFreeContext(ctx);
  return copy;
}

static void assert_query(xmlDocPtr doc, const char *expr, const char *want)
{
  char *got = query(doc, expr);

  ck_assert_msg(strcmp(got, want) == 0, "%s: got \"%s\", want \"%s\"", expr, got, want);
  free(got);
}

/* Why a check has no data comes as a code with its figures, beside the
 * English sentence. */
START_TEST(test_reasons_coded)
{
  static const struct {
    const char *expr, *want;
  } cases[] = {
      {.expr = "string(//r:agency[@id='lab']//r:check[@id='A.1.copy-age']/r:reason/@code)",
       .want = "no-file"},
      {.expr = "string(//r:agency[@id='lab']//r:check[@id='A.1.copy-age']/r:reason/@metric)",
       .want = "vigil_backup-*/duration-newest_age"},
      {.expr = "starts-with(//r:agency[@id='lab']//r:check[@id='A.1.copy-age']/r:reason, "
               "'no RRD file of the agency')",
       .want = "true"},
      {.expr = "string(//r:agency[@id='office']//r:check[@id='A.3.book']/r:reason/@code)",
       .want = "no-attestation"},
      {.expr = "string(//r:agency[@id='office']//r:check[@id='A.3.book']/r:reason)",
       .want = "manual check: no attestation was given"},
  };
  char path[2048];
  xmlDocPtr doc = write_report(path, sizeof(path));

  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    assert_query(doc, cases[i].expr, cases[i].want);
  xmlFreeDoc(doc);
}
END_TEST

/* The report without its agencies: what comes before and after them, as
 * in report.xml. */
START_TEST(test_frame)
{
  char path[2048], *xml;
  size_t len;
  xmlDocPtr doc = write_report(path, sizeof(path)), frame;

  ck_assert_int_eq(vg_xml_report_frame(&meta, sum, &xml, &len), 0);
  frame = xmlReadMemory(xml, (int)len, "frame.xml", "UTF-8", XML_PARSE_NONET);
  ck_assert_ptr_nonnull(frame);
  assert_query(frame, "count(/r:report/r:agency)", "0");
  assert_query(frame, "count(/r:report/*)", "6"); /* directive .. catalogue, summary */
  assert_query(frame, "string(/r:report/r:summary/r:item[@id='A.1']/@nodata)", "1");
  {
    char *a = query(doc, "string(/r:report/r:summary)"),
         *b = query(frame, "string(/r:report/r:summary)");
    ck_assert_str_eq(a, b);
    free(a);
    free(b);
  }
  xmlFreeDoc(doc);
  xmlFreeDoc(frame);
  free(xml);
}
END_TEST

START_TEST(test_abort_leaves_nothing)
{
  char path[2048], err[2048], text[64];
  vg_xml_report_t *w;
  FILE *fp;

  tu_write_text(dir, "report.xml", "the previous report\n", path, sizeof(path));
  w = vg_xml_report_open(path, &meta, err, sizeof(err));
  ck_assert_ptr_nonnull(w);
  write_agencies(w);
  vg_xml_report_abort(w);
  ck_assert_int_eq(files_in_dir(), 2);
  fp = fopen(path, "r");
  ck_assert_ptr_nonnull(fgets(text, sizeof(text), fp));
  fclose(fp);
  ck_assert_str_eq(text, "the previous report\n");
}
END_TEST

START_TEST(test_unwritable_folder)
{
  char path[2048], err[2048];

  snprintf(path, sizeof(path), "%s/missing/report.xml", dir);
  ck_assert_ptr_null(vg_xml_report_open(path, &meta, err, sizeof(err)));
  ck_assert_ptr_nonnull(strstr(err, "missing/report.xml: cannot create a file in its folder"));
}
END_TEST

int main(void)
{
  Suite *s = suite_create("report_xml");
  TCase *tc = tcase_create("core");

  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_valid_report);
  tcase_add_test(tc, test_abort_leaves_nothing);
  tcase_add_test(tc, test_unwritable_folder);
  tcase_add_test(tc, test_reasons_coded);
  tcase_add_test(tc, test_frame);
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

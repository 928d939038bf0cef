/* Unit tests of the ministry export: made from a report, valid against
 * export.xsd, its digest verified and a tampered copy refused; merged with
 * another province (counts added), and refused for a different window or
 * the same province twice. */
#include "export.h"
#include "testutil.h"
#include "xmlload.h"

#include <check.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FIXTURE TOP_SRCDIR "/tests/fixtures/report-hostile.xml"
#define SCHEMAS TOP_SRCDIR "/schemas"

static char dir[1024];

static void setup(void)
{
  tu_mkdtemp(dir, sizeof(dir));
}
static void teardown(void)
{
  tu_rm_rf(dir);
}

/* Copies the fixture to dir/name with every from replaced by to. */
static void fixture_variant(const char *name, const char *from, const char *to, char *path,
                            size_t len)
{
  FILE *in = fopen(FIXTURE, "r");
  char *text = NULL, *out, *p;
  size_t n = 0, cap = 0, used = 0;
  ssize_t got;

  ck_assert_ptr_nonnull(in);
  while ((got = getline(&text, &cap, in)) > 0)
    n += (size_t)got;
  fclose(in);
  free(text);
  in = fopen(FIXTURE, "r");
  text = calloc(1, n + 1);
  ck_assert_int_eq(fread(text, 1, n, in), n);
  fclose(in);
  out = calloc(1, 2 * n + 1);
  for (p = text; *p;) {
    if (from != NULL && strncmp(p, from, strlen(from)) == 0) {
      memcpy(out + used, to, strlen(to));
      used += strlen(to);
      p += strlen(from);
    } else {
      out[used++] = *p++;
    }
  }
  tu_write_text(dir, name, out, path, len);
  free(text);
  free(out);
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

static void make_export(const char *report, const char *name, char *out, size_t len)
{
  char err[2048];

  snprintf(out, len, "%s/%s", dir, name);
  ck_assert_msg(vg_export_write(report, out, err, sizeof(err)) == 0, "%s", err);
}

START_TEST(test_export_content)
{
  char out[2048], err[2048], sha[65];

  make_export(FIXTURE, "export.xml", out, sizeof(out));
  ck_assert_msg(vg_export_verify(out, SCHEMAS, err, sizeof(err)) == 0, "%s", err);
  ck_assert_int_eq(vg_sha256_file(FIXTURE, sha), 0);
  assert_query(out, "string(//e:province/@report-sha256)", sha);
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
}
END_TEST

static const struct {
  const char *from, *to, *want;
} tampering[] = {
    {"fail=\"1\"", "fail=\"0\"", "the content does not match its digest"},
    {"agency=\"lab-2\"", "agency=\"lab-1\"", "the content does not match its digest"},
    {"<content>", "<content><!-- a comment changes nothing -->", NULL},
    {"algorithm=\"sha256\"", "algorithm=\"md5\"", "does not match the fixed value constraint"},
};

START_TEST(test_tampered_export_refused)
{
  char out[2048], err[2048], path[2048], *text;
  FILE *fp;
  long n;

  make_export(FIXTURE, "export.xml", out, sizeof(out));
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
  char r2[2048], e1[2048], e2[2048], nat[2048], err[2048];
  const char *inputs[2];

  fixture_variant("report-b.xml", "<province id=\"test\">", "<province id=\"test-b\">", r2,
                  sizeof(r2));
  make_export(FIXTURE, "a.xml", e1, sizeof(e1));
  make_export(r2, "b.xml", e2, sizeof(e2));
  inputs[0] = e1;
  inputs[1] = e2;
  snprintf(nat, sizeof(nat), "%s/national.xml", dir);
  ck_assert_msg(vg_export_merge(inputs, 2, SCHEMAS, nat, err, sizeof(err)) == 0, "%s", err);
  ck_assert_msg(vg_export_verify(nat, SCHEMAS, err, sizeof(err)) == 0, "%s", err);
  assert_query(nat, "count(//e:province)", "2");
  assert_query(nat, "string(//e:item[@id='A.1']/e:category[@id='lab']/@pass)", "2");
  assert_query(nat, "string(//e:item[@id='A.1']/e:category[@id='lab']/@fail)", "2");
  assert_query(nat, "count(//e:item[@id='A.1']/e:failing)", "2");
  assert_query(nat, "string(//e:item[@id='A.1']/e:failing[2]/@province)", "test-b");
  /* the national export merges again */
  inputs[0] = nat;
  ck_assert_int_eq(vg_export_merge(inputs, 2, SCHEMAS, nat, err, sizeof(err)), -1);
  ck_assert_msg(strstr(err, "b.xml: province 'test-b' is already in the merge") != NULL, "%s", err);
}
END_TEST

START_TEST(test_merge_refuses_other_window)
{
  char r2[2048], e1[2048], e2[2048], nat[2048], err[2048];
  const char *inputs[2];

  fixture_variant("report-c.xml", "<province id=\"test\">", "<province id=\"test-c\">", r2,
                  sizeof(r2));
  fixture_variant("report-c.xml", "to=\"2031-01-05T00:00:00Z\"", "to=\"2031-01-06T00:00:00Z\"", r2,
                  sizeof(r2));
  make_export(FIXTURE, "a.xml", e1, sizeof(e1));
  make_export(r2, "c.xml", e2, sizeof(e2));
  inputs[0] = e1;
  inputs[1] = e2;
  snprintf(nat, sizeof(nat), "%s/national.xml", dir);
  ck_assert_int_eq(vg_export_merge(inputs, 2, SCHEMAS, nat, err, sizeof(err)), -1);
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
  tcase_add_test(tc, test_merge_refuses_other_window);
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

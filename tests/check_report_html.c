/* Unit tests of the HTML writer: a report with hostile agency names,
 * failures and missing data renders to one self-contained page whose
 * statuses match report.xml, with every data string escaped and no
 * reassuring banner where data is missing; agencies that pass are one short
 * section; a site has an index and a page per agency. */
#include "report_html.h"
#include "testutil.h"

#include <check.h>
#include <dirent.h>
#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FIXTURE TOP_SRCDIR "/tests/fixtures/report-hostile.xml"
#define XSL TOP_SRCDIR "/schemas/report-html.xsl"

static char dir[1024], out[2048];
static htmlDocPtr page;

/* The writer's options: the fixture's graphs are in it already (no RRD
 * file is read), every item in full or not, two worker processes. */
static vg_html_opts_t opts(const char *lang, int full)
{
  return (vg_html_opts_t){
      .xsl = XSL, .lang = lang, .graphs = {.which = VG_GRAPHS_NONE}, .full = full, .jobs = 2};
}

/* Renders xml to out and publishes the page. Returns 0 or -1. */
static int render_full(const char *xml, const char *lang, int full, const char *to, char *err,
                       size_t errlen)
{
  vg_html_opts_t o = opts(lang, full);
  vg_html_frame_t *frame = vg_html_frame_read(xml, err, errlen);
  vg_atomic_file_t *f;
  int rc;

  if (frame == NULL)
    return -1;
  rc = vg_html_render(&o, frame, to, &f, err, errlen);
  vg_html_frame_free(frame);
  if (rc != 0)
    return -1;
  return vg_atomic_commit(f, err, errlen);
}

static int render_to(const char *xml, const char *lang, const char *to, char *err, size_t errlen)
{
  return render_full(xml, lang, 1, to, err, errlen);
}

static void load(const char *path)
{
  xmlFreeDoc(page);
  page = htmlReadFile(path, "UTF-8", HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
  ck_assert_ptr_nonnull(page);
}

static void render_as(const char *xml, const char *lang, int full)
{
  char err[1024];

  tu_mkdtemp(dir, sizeof(dir));
  snprintf(out, sizeof(out), "%s/report.html", dir);
  ck_assert_msg(render_full(xml, lang, full, out, err, sizeof(err)) == 0, "%s", err);
  load(out);
}

static void render(const char *xml, const char *lang)
{
  render_as(xml, lang, 1);
}

static void teardown(void)
{
  xmlFreeDoc(page);
  page = NULL;
  tu_rm_rf(dir);
}

/* The string value of an XPath expression over the page. */
static char *query(const char *expr)
{
  xmlXPathContextPtr ctx = xmlXPathNewContext(page);
  xmlXPathObjectPtr res = xmlXPathEvalExpression(BAD_CAST expr, ctx);
  xmlChar *s = xmlXPathCastToString(res);
  char *copy = strdup((const char *)s);

  xmlFree(s);
  xmlXPathFreeObject(res);
  xmlXPathFreeContext(ctx);
  return copy;
}

static void assert_query(const char *expr, const char *want)
{
  char *got = query(expr);

  ck_assert_msg(strcmp(got, want) == 0, "%s: got \"%s\", want \"%s\"", expr, got, want);
  free(got);
}

START_TEST(test_hostile_names_are_text)
{
  render(FIXTURE, "en");
  /* the only script is the page's own filter script */
  assert_query("count(//script)", "1");
  assert_query("count(//b)", "0");
  assert_query("count(//*[@onmouseover])", "0");
  assert_query("string(//section[@id='ag-lab-1']/h2/text()[1])", "<script>alert(1)</script>");
  assert_query("string(//a[@href='#ag-lab-2'])", "Lab 2 ' onmouseover='alert(2)");
}
END_TEST

START_TEST(test_vietnamese_labels)
{
  render(FIXTURE, "vi");
  assert_query("string(/html/@lang)", "vi");
  assert_query("string(//section[@id='ag-lab-1']/h2/text()[1])", "Phòng <b>thí nghiệm</b> & \"1\"");
  assert_query("string(//section[@id='summary']/h2)", "Tổng hợp");
  /* dd/mm/yyyy, 24 h, the offset shown */
  assert_query("string(//dl[@class='meta']/dd[3])",
               "03/01/2031 00:00 (UTC) → 05/01/2031 00:00 (UTC)");
  /* the score's formula names the severities in Vietnamese */
  assert_query("contains(//section[@id='summary']/p[@class='small'], "
               "'thấp=1 trung bình=2 cao=3 nghiêm trọng=5.')",
               "true");
  /* a stock plugin without instances is named as collectd names its file */
  assert_query("string(//section[@id='ag-lab-1']//tr[@class='evidence']/td/code[starts-with(., "
               "'lab-1 / uptime')])",
               "lab-1 / uptime / uptime");
}
END_TEST

/* Every matrix cell carries the status report.xml gives that agency and
 * item. */
START_TEST(test_matrix_matches_report)
{
  static const struct {
    const char *agency, *item, *want;
  } cells[] = {{.agency = "lab-1", .item = "A.1", .want = "pass"},
               {.agency = "lab-1", .item = "A.2", .want = "pass"},
               {.agency = "lab-1", .item = "A.3", .want = "not-applicable"},
               {.agency = "lab-2", .item = "A.1", .want = "fail"},
               {.agency = "lab-2", .item = "A.2", .want = "fail"},
               {.agency = "office", .item = "A.2", .want = "nodata"},
               {.agency = "office", .item = "A.3", .want = "nodata"}};
  char expr[256];

  render(FIXTURE, "en");
  for (size_t i = 0; i < sizeof(cells) / sizeof(cells[0]); i++) {
    snprintf(expr, sizeof(expr),
             "string(//table[@class='matrix']//td[a/@href='#ag-%s-%s']/@data-status)",
             cells[i].agency, cells[i].item);
    assert_query(expr, cells[i].want);
  }
  assert_query("count(//table[@class='matrix']/tbody/tr[@data-statuses])", "3");
}
END_TEST

START_TEST(test_honest_summary)
{
  render(FIXTURE, "en");
  assert_query("count(//p[contains(@class, 'banner') and contains(@class, 'ok')])", "0");
  assert_query("normalize-space(//p[@class='banner fail'])", "2 agency × item results fail.");
  char *text = query("string(//p[@class='banner nodata'])");
  ck_assert_ptr_nonnull(strstr(text, "have no data"));
  free(text);
  assert_query("count(//span[@id='score'])", "1");
  text = query("string(//section[@id='summary'])");
  ck_assert_ptr_nonnull(strstr(text, "low=1 medium=2 high=3 critical=5"));
  free(text);
}
END_TEST

START_TEST(test_graphs_inline)
{
  char *src;

  render(FIXTURE, "en");
  assert_query("count(//img)", "2");
  assert_query("count(//img[not(starts-with(@src, 'data:image/png;base64,iVBORw0KGgo'))])", "0");
  /* nothing is fetched from elsewhere */
  assert_query("count(//*[@src and not(starts-with(@src, 'data:'))])", "0");
  assert_query("count(//link)", "0");
  src = query("string(//img[1]/@src)");
  ck_assert_int_gt(strlen(src), 1000);
  free(src);
}
END_TEST

/* A report in which nothing could be evaluated never reads as good news. */
START_TEST(test_nothing_evaluated)
{
  char dir2[1024], path[2048];
  FILE *in = fopen(FIXTURE, "r"), *o;
  char line[65536];

  tu_mkdtemp(dir2, sizeof(dir2));
  snprintf(path, sizeof(path), "%s/empty.xml", dir2);
  o = fopen(path, "w");
  ck_assert_ptr_nonnull(in);
  /* keep the header and an empty summary only */
  while (fgets(line, sizeof(line), in) != NULL) {
    if (strstr(line, "<agency ") != NULL)
      break;
    fputs(line, o);
  }
  fputs(" <summary agencies=\"0\" weights=\"low=1\"><item id=\"A.1\" pass=\"0\" fail=\"0\" "
        "nodata=\"0\" error=\"0\" manual-pass=\"0\" manual-fail=\"0\" not-applicable=\"0\" "
        "waived=\"0\"/></summary>\n</report>\n",
        o);
  fclose(o);
  fclose(in);
  render(path, "en");
  assert_query("count(//p[contains(@class, 'ok')])", "0");
  assert_query("count(//span[@id='score'])", "0");
  assert_query("normalize-space(//section[@id='summary']/p/strong)",
               "No score: no check could be evaluated.");
  tu_rm_rf(dir2);
}
END_TEST

/* By default an agency that passes everything is one short section with
 * its items on one line; one that does not shows those items in full. */
START_TEST(test_passing_agencies_compact)
{
  render_as(FIXTURE, "en", 0);
  assert_query("string(//section[@id='ag-lab-1']/@class)", "agency compact");
  assert_query("count(//section[@id='ag-lab-1']//table)", "0");
  assert_query("normalize-space(//section[@id='ag-lab-1']/div[@class='passing'])",
               "Items that pass: A.1 Keep a copy · A.2 Stay up");
  /* the matrix still links to each item */
  assert_query("count(//*[@id='ag-lab-1-A.1'])", "1");
  assert_query("string(//section[@id='ag-lab-2']/@class)", "agency full");
  assert_query("count(//section[@id='ag-lab-2']/div[@class='item'])", "2");
  assert_query("count(//section[@id='ag-office']/div[@class='item'])", "2");
  /* the failing evidence keeps its graph; the passing agency has none */
  assert_query("count(//section[@id='ag-lab-2']//img)", "2");
}
END_TEST

/* The matrix's rows come under their category's heading, in the
 * inventory's order, each category once. */
START_TEST(test_matrix_groups)
{
  render_as(FIXTURE, "en", 0);
  assert_query("count(//table[@class='matrix']//tr[@class='group'])", "2");
  assert_query("string(//tr[@class='group'][1]/following-sibling::tr[1]/td[1]/a/@href)",
               "#ag-lab-1");
  assert_query("string(//tr[@class='group'][1]/following-sibling::tr[2]/td[1]/a/@href)",
               "#ag-lab-2");
  assert_query("string(//tr[@class='group'][2]/following-sibling::tr[1]/td[1]/a/@href)",
               "#ag-office");
  /* the summary's counts come from report.xml's summary */
  assert_query("normalize-space(//p[@class='banner fail'])", "2 agency × item results fail.");
}
END_TEST

/* The number of entries in folder d, but . and .. */
static int entries(const char *d)
{
  DIR *dp = opendir(d);
  struct dirent *e;
  int n = 0;

  ck_assert_ptr_nonnull(dp);
  while ((e = readdir(dp)) != NULL)
    n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
  closedir(dp);
  return n;
}

/* --html-dir: an index whose matrix links to one page per agency, each in
 * full and linking back; written again over itself; never over a folder
 * that holds something else. */
START_TEST(test_site)
{
  char err[1024], site[2048], path[2400];
  vg_html_opts_t o = opts("vi", 0);
  vg_html_site_t *s;
  vg_html_frame_t *frame = vg_html_frame_read(FIXTURE, err, sizeof(err));

  tu_mkdtemp(dir, sizeof(dir));
  snprintf(site, sizeof(site), "%s/site", dir);
  for (int round = 0; round < 2; round++) {
    ck_assert_msg(vg_html_render_site(&o, frame, site, &s, err, sizeof(err)) == 0, "%s", err);
    ck_assert_int_eq(vg_html_site_publish(s, err, sizeof(err)), 0);
    vg_html_site_free(s);
  }
  snprintf(path, sizeof(path), "%s/index.html", site);
  load(path);
  assert_query("count(//table[@class='matrix']/tbody/tr[@data-statuses])", "3");
  assert_query("string(//table[@class='matrix']//td[1]/a/@href)", "agencies/lab-1.html#ag-lab-1");
  assert_query("count(//td[a/@href='agencies/lab-2.html#ag-lab-2-A.1'])", "1");
  assert_query("count(//section[contains(@class, 'agency')])", "0");
  assert_query("count(//p[@class='back'])", "0");
  snprintf(path, sizeof(path), "%s/agencies/lab-1.html", site);
  load(path);
  assert_query("string(//section[@id='ag-lab-1']/@class)", "agency full");
  assert_query("count(//section[@id='ag-lab-1']//tr[@class='evidence'])", "2");
  assert_query("string(//p[@class='back']/a/@href)", "../index.html");
  assert_query("string(//section[@id='summary'])", "");
  /* nothing is left beside the site */
  ck_assert_int_eq(entries(dir), 1);
  /* a folder with other files is refused, and left as it was */
  tu_write_text(dir, "notes.txt", "mine", path, sizeof(path));
  ck_assert_int_eq(vg_html_render_site(&o, frame, dir, &s, err, sizeof(err)), -1);
  ck_assert_ptr_nonnull(strstr(err, "holds other files than a report's site"));
  ck_assert_int_eq(access(path, R_OK), 0);
  vg_html_frame_free(frame);
}
END_TEST

START_TEST(test_unwritable_output)
{
  char err[1024];

  ck_assert_int_eq(render_to(FIXTURE, "en", "/nonexistent/dir/r.html", err, sizeof(err)), -1);
  ck_assert_ptr_nonnull(strstr(err, "/nonexistent/dir/r.html: cannot create a file in its folder"));
  ck_assert_int_eq(render_to("/nonexistent/r.xml", "en", "/tmp/x.html", err, sizeof(err)), -1);
  ck_assert_str_eq(err, "/nonexistent/r.xml: cannot read the report: No such file or directory");
}
END_TEST

int main(void)
{
  Suite *s = suite_create("report_html");
  TCase *tc = tcase_create("core");

  tcase_add_checked_fixture(tc, NULL, teardown);
  tcase_add_test(tc, test_hostile_names_are_text);
  tcase_add_test(tc, test_vietnamese_labels);
  tcase_add_test(tc, test_matrix_matches_report);
  tcase_add_test(tc, test_honest_summary);
  tcase_add_test(tc, test_graphs_inline);
  tcase_add_test(tc, test_nothing_evaluated);
  tcase_add_test(tc, test_unwritable_output);
  tcase_add_test(tc, test_passing_agencies_compact);
  tcase_add_test(tc, test_matrix_groups);
  tcase_add_test(tc, test_site);
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

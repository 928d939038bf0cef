/* Unit tests of attestations and waivers: loading with per-entry
 * warnings, refusal of a file for another directive or against the schema,
 * and their effect on evaluation (manual results, waived and expired). */
#include "attestation.h"
#include "evaluate.h"
#include "testutil.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCHEMAS TOP_SRCDIR "/schemas"

static char dir[1024];
static vg_catalogue_t *cat;
static vg_inventory_t *inv;

static void setup(void)
{
  char err[2048], path[2048];

  tu_mkdtemp(dir, sizeof(dir));
  cat =
      vg_catalogue_load(TOP_SRCDIR "/tests/fixtures/test-directive.xml", SCHEMAS, err, sizeof(err));
  ck_assert_msg(cat != NULL, "%s", err);
  tu_write_text(dir, "agencies.xml",
                "<inventory xmlns=\"urn:vigil:inventory:1\" id=\"t\">"
                "<province xml:lang=\"en\">T</province>"
                "<agency id=\"lab\" categories=\"lab\"><name "
                "xml:lang=\"en\">L</name><host>h-lab</host></agency>"
                "<agency id=\"office\" categories=\"office\"><name "
                "xml:lang=\"en\">O</name><host>h-office</host></agency>"
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

#define HEAD "<attestations xmlns=\"urn:vigil:attestation:1\" directive=\"test-weekend-2031\">\n"
#define BOOK_PASS                                                                                  \
  "<attestation agency=\"office\" check=\"A.3.book\" result=\"pass\" date=\"2031-01-02\">"         \
  "<officer>Trần Thị B</officer><evidence>Book signed, page 12</evidence></attestation>\n"
#define WAIVE_COPY(expires)                                                                        \
  "<waiver agency=\"lab\" check=\"A.1.copy-age\" expires=\"" expires "\">"                         \
  "<approver>Director</approver><reason>Disk replaced during the weekend</reason></waiver>\n"

static vg_attestations_t *load(const char *xml, char *err, size_t len)
{
  char path[2048];

  tu_write_text(dir, "att.xml", xml, path, sizeof(path));
  return vg_attestations_load(path, SCHEMAS, cat, inv, err, len);
}

START_TEST(test_load)
{
  char err[2048];
  vg_attestations_t *a = load(HEAD BOOK_PASS WAIVE_COPY("2031-02-01T00:00:00Z")
                              /* left out: unknown agency, and a measured check */
                              "<attestation agency=\"zoo\" check=\"A.3.book\" result=\"pass\" "
                              "date=\"2031-01-02\"><officer>X</officer><evidence>Y</evidence>"
                              "</attestation>\n"
                              "<attestation agency=\"lab\" check=\"A.1.copy-age\" result=\"pass\" "
                              "date=\"2031-01-02\"><officer>X</officer><evidence>Y</evidence>"
                              "</attestation>\n"
                              "</attestations>\n",
                              err, sizeof(err));
  const vg_attestation_t *t;
  const vg_waiver_t *w;

  ck_assert_msg(a != NULL, "%s", err);
  ck_assert_int_eq(a->n_attestations, 1);
  ck_assert_int_eq(a->n_waivers, 1);
  t = vg_attestation_find(a, "office", "A.3.book");
  ck_assert_ptr_nonnull(t);
  ck_assert_int_eq(t->pass, 1);
  ck_assert_str_eq(t->officer, "Trần Thị B");
  ck_assert_ptr_null(vg_attestation_find(a, "lab", "A.1.copy-age"));
  w = vg_waiver_find(a, "lab", "A.1.copy-age");
  ck_assert_ptr_nonnull(w);
  ck_assert_int_eq((long long)w->expires, 1927670400LL); /* 2031-02-01T00:00:00Z */
  vg_attestations_free(a);
}
END_TEST

/* Maintenance that covers nothing is named with its line: a host in no
 * agency, a host with no series of the instances named; one that matches
 * a series says nothing. */
START_TEST(test_maintenance_covering_nothing)
{
  char err[2048], data[2048];
  vg_attestations_t *a = load(HEAD "<maintenance hosts=\"h-lab\" instances=\"portal web-*\" "
                                   "from=\"2031-01-04T00:00:00Z\" to=\"2031-01-04T12:00:00Z\">"
                                   "<approver>D</approver><reason>r</reason></maintenance>\n"
                                   "<maintenance hosts=\"h-lab h-gone\" instances=\"mail\" "
                                   "from=\"2031-01-04T00:00:00Z\" to=\"2031-01-04T12:00:00Z\">"
                                   "<approver>D</approver><reason>r</reason></maintenance>\n"
                                   "<maintenance hosts=\"h-office\" "
                                   "from=\"2031-01-04T00:00:00Z\" to=\"2031-01-04T12:00:00Z\">"
                                   "<approver>D</approver><reason>r</reason></maintenance>\n"
                                   "</attestations>\n",
                              err, sizeof(err));
  char *text;
  size_t warned;

  ck_assert_msg(a != NULL, "%s", err);
  snprintf(data, sizeof(data), "%s/data", dir);
  tu_write_file(data, "h-lab/vigil_probe-web-1/vigil_state-up.rrd", 10, 0);
  tu_stderr_begin(dir, "stderr");
  warned = vg_maintenance_check(a, inv, data);
  text = tu_stderr_end();
  ck_assert_msg(warned == 2, "%zu warnings: %s", warned, text);
  ck_assert_msg(strstr(text, "att.xml:3: maintenance: no series of host 'h-lab' in ") != NULL &&
                    strstr(text, " has a plugin instance like 'mail'; it covers nothing\n"),
                "%s", text);
  ck_assert_msg(strstr(text, "att.xml:3: maintenance: host 'h-gone' is in no agency of the "
                             "inventory; it covers nothing\n") != NULL,
                "%s", text);
  ck_assert_msg(strstr(text, "att.xml:2") == NULL && strstr(text, "att.xml:4") == NULL, "%s", text);
  free(text);
  vg_attestations_free(a);
}
END_TEST

static const struct {
  const char *xml, *want;
} bad[] = {
    {.xml = "<attestations xmlns=\"urn:vigil:attestation:1\" directive=\"qng-415-stttt-2020\"/>\n",
     .want = "att.xml:1: these attestations are for directive 'qng-415-stttt-2020', not "
             "'test-weekend-2031'"},
    {.xml = HEAD
     "<attestation agency=\"office\" check=\"A.3.book\" result=\"pass\" date=\"2031-01-02\">"
     "<officer> </officer><evidence>x</evidence></attestation></attestations>",
     .want = "att.xml:2: Element '{urn:vigil:attestation:1}officer'"},
    {.xml = HEAD "<waiver agency=\"lab\" check=\"A.1.copy-age\" expires=\"2031-02-01\">"
                 "<approver>D</approver><reason>r</reason></waiver></attestations>",
     .want = "att.xml:2: Element '{urn:vigil:attestation:1}waiver', attribute 'expires'"},
};

START_TEST(test_refused)
{
  char err[2048];

  ck_assert_ptr_null(load(bad[_i].xml, err, sizeof(err)));
  ck_assert_msg(strstr(err, bad[_i].want) != NULL, "%s", err);
}
END_TEST

/* Evaluation: no RRD exists, so lab's A.1 is nodata when measured. */
static vg_check_result_t *result_at(vg_agency_result_t *r, const char *agency, size_t item,
                                    const vg_attestations_t *a, time_t to, time_t generated)
{
  vg_eval_ctx_t ctx = {
      .cat = cat, .datadir = dir, .from = to - 172800, .to = to, .att = a, .generated = generated};
  const vg_agency_t *ag = strcmp(agency, "lab") == 0 ? &inv->agencies[0] : &inv->agencies[1];

  ck_assert_int_eq(vg_evaluate_agency(&ctx, ag, r), 0);
  return &r->items[item].checks[0];
}

static vg_check_result_t *result(vg_agency_result_t *r, const char *agency, size_t item,
                                 const vg_attestations_t *a, time_t to)
{
  return result_at(r, agency, item, a, to, to + 86400);
}

START_TEST(test_effects)
{
  char err[2048];
  vg_attestations_t *a =
      load(HEAD BOOK_PASS WAIVE_COPY("2031-01-05T00:00:00Z") "</attestations>", err, sizeof(err));
  vg_agency_result_t r;
  vg_check_result_t *cr;
  time_t end = 1925337600; /* 2031-01-05T00:00:00Z */

  ck_assert_msg(a != NULL, "%s", err);
  cr = result(&r, "office", 2, a, end);
  ck_assert_int_eq(cr->status, VG_ST_MANUAL_PASS);
  ck_assert_int_eq(r.items[2].status, VG_ST_MANUAL_PASS); /* it rests on the attestation */
  ck_assert_str_eq(cr->dated, "before-window");           /* 2031-01-02, the window from 01-03 */
  vg_agency_result_free(&r);
  cr = result(&r, "office", 2, a, end - 2 * 86400); /* a window over 2031-01-01..02 */
  ck_assert_ptr_null(cr->dated);
  vg_agency_result_free(&r);
  cr = result(&r, "office", 2, a, end - 3 * 86400); /* a window over 2030-12-31..2031-01-01 */
  ck_assert_str_eq(cr->dated, "after-window");
  vg_agency_result_free(&r);
  cr = result_at(&r, "office", 2, a, end - 2 * 86400, end - 4 * 86400); /* made 2031-01-01 */
  ck_assert_str_eq(cr->dated, "after-report");
  vg_agency_result_free(&r);

  cr = result(&r, "lab", 0, a, end); /* the waiver reaches the window's end */
  ck_assert_int_eq(cr->status, VG_ST_WAIVED);
  ck_assert_int_eq(cr->measured, VG_ST_NODATA);
  ck_assert_int_eq(r.items[0].status, VG_ST_WAIVED);
  vg_agency_result_free(&r);

  cr = result(&r, "lab", 0, a, end + 1); /* it expired a second before the end */
  ck_assert_int_eq(cr->status, VG_ST_NODATA);
  ck_assert_ptr_nonnull(cr->waiver);
  ck_assert_int_eq(cr->waiver_applies, 0);
  vg_agency_result_free(&r);

  cr = result(&r, "office", 2, NULL, end); /* no attestations at all */
  ck_assert_int_eq(cr->status, VG_ST_NODATA);
  ck_assert_str_eq(cr->reason, "manual check: no attestation was given");
  vg_agency_result_free(&r);
  vg_attestations_free(a);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("attestation");
  TCase *tc = tcase_create("core");

  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_load);
  tcase_add_test(tc, test_maintenance_covering_nothing);
  tcase_add_loop_test(tc, test_refused, 0, sizeof(bad) / sizeof(bad[0]));
  tcase_add_test(tc, test_effects);
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

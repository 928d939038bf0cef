/* Unit tests of the comparison with a previous report: what counts as
 * newly failing, fixed and still failing, and loading an earlier report. */
#include "previous.h"
#include "testutil.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCHEMAS TOP_SRCDIR "/schemas"
#define FIXTURE TOP_SRCDIR "/tests/fixtures/report-hostile.xml"

static const struct {
  const char *before, *now, *want;
} changes[] = {
    {.before = "pass", .now = "fail", .want = "newly-failing"},
    {.before = "nodata", .now = "fail", .want = "newly-failing"},
    {.before = "waived", .now = "fail", .want = "newly-failing"},
    {.before = "fail", .now = "fail", .want = "still-failing"},
    {.before = "manual-fail", .now = "fail", .want = "still-failing"},
    {.before = "fail", .now = "pass", .want = "fixed"},
    {.before = "fail", .now = "waived", .want = "fixed"},
    {.before = "fail", .now = "manual-pass", .want = "fixed"},
    {.before = "fail", .now = "nodata"}, /* no data is not a fix */
    {.before = "pass", .now = "pass"},
    {.before = NULL, .now = "fail"},
};

START_TEST(test_change)
{
  const char *got = vg_previous_change(changes[_i].before, changes[_i].now);

  if (changes[_i].want == NULL)
    ck_assert_msg(got == NULL, "%s -> %s: %s", changes[_i].before, changes[_i].now, got);
  else
    ck_assert_str_eq(got, changes[_i].want);
}
END_TEST

START_TEST(test_load)
{
  char err[1024];
  vg_previous_t *p = vg_previous_load(FIXTURE, SCHEMAS, "test-weekend-2031", err, sizeof(err));

  ck_assert_msg(p != NULL, "%s", err);
  ck_assert_str_eq(vg_previous_status(p, "lab-2", "A.1"), "fail");
  ck_assert_str_eq(vg_previous_status(p, "office", "A.3"), "nodata");
  ck_assert_ptr_null(vg_previous_status(p, "lab-9", "A.1"));
  ck_assert_ptr_null(vg_previous_status(p, "lab-2", "Z.9"));
  ck_assert_ptr_nonnull(vg_previous_generated(p));
  vg_previous_free(p);
  ck_assert_ptr_null(vg_previous_load(FIXTURE, SCHEMAS, "qng-415-stttt-2020", err, sizeof(err)));
  ck_assert_msg(strstr(err, "is for directive 'test-weekend-2031', not 'qng-415-stttt-2020'"), "%s",
                err);
  ck_assert_ptr_null(
      vg_previous_load(TOP_SRCDIR "/schemas/report.xsd", SCHEMAS, "x", err, sizeof(err)));
  ck_assert_msg(strstr(err, "not a readable vigil report") != NULL, "%s", err);
}
END_TEST

/* An earlier report with an entity bomb or a document that is not a
 * valid report is refused, with the file and line, before it costs
 * anything. */
START_TEST(test_hostile_previous_refused)
{
  char dir[1024], path[2048], err[2048], bomb[4096];
  size_t used = 0;

  tu_mkdtemp(dir, sizeof(dir));
  used += (size_t)snprintf(bomb + used, sizeof(bomb) - used,
                           "<?xml version=\"1.0\"?>\n<!DOCTYPE report [\n<!ENTITY a0 \"ha\">\n");
  for (int i = 1; i < 10; i++)
    used +=
        (size_t)snprintf(bomb + used, sizeof(bomb) - used,
                         "<!ENTITY a%d \"&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;\">\n",
                         i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
  snprintf(bomb + used, sizeof(bomb) - used,
           "]>\n<report xmlns=\"urn:vigil:report:1\" generator=\"x\" "
           "generated=\"2031-01-06T00:00:00Z\">&a9;</report>\n");
  tu_write_text(dir, "bomb.xml", bomb, path, sizeof(path));
  ck_assert_ptr_null(vg_previous_load(path, SCHEMAS, "test-weekend-2031", err, sizeof(err)));
  ck_assert_msg(strstr(err, "bomb.xml") != NULL, "%s", err);
  tu_write_text(dir, "other.xml",
                "<report xmlns=\"urn:vigil:report:1\" generator=\"x\" "
                "generated=\"2031-01-06T00:00:00Z\"><directive id=\"test-weekend-2031\"/>"
                "<agency id=\"a\"><item id=\"A.1\" status=\"pass\"/></agency></report>\n",
                path, sizeof(path));
  ck_assert_ptr_null(vg_previous_load(path, SCHEMAS, "test-weekend-2031", err, sizeof(err)));
  ck_assert_msg(strstr(err, "other.xml:1:") != NULL, "%s", err);
  tu_rm_rf(dir);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("previous");
  TCase *tc = tcase_create("core");

  tcase_add_loop_test(tc, test_change, 0, sizeof(changes) / sizeof(changes[0]));
  tcase_add_test(tc, test_load);
  tcase_add_test(tc, test_hostile_previous_refused);
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

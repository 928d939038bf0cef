/* Unit tests of the comparison with a previous report: what counts as
 * newly failing, fixed and still failing, and loading an earlier report. */
#include "previous.h"
#include "testutil.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#define FIXTURE TOP_SRCDIR "/tests/fixtures/report-hostile.xml"

static const struct {
  const char *before, *now, *want;
} changes[] = {
    {"pass", "fail", "newly-failing"},
    {"nodata", "fail", "newly-failing"},
    {"waived", "fail", "newly-failing"},
    {"fail", "fail", "still-failing"},
    {"manual-fail", "fail", "still-failing"},
    {"fail", "pass", "fixed"},
    {"fail", "waived", "fixed"},
    {"fail", "manual-pass", "fixed"},
    {"fail", "nodata", NULL}, /* no data is not a fix */
    {"pass", "pass", NULL},
    {NULL, "fail", NULL},
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
  vg_previous_t *p = vg_previous_load(FIXTURE, "test-weekend-2031", err, sizeof(err));

  ck_assert_msg(p != NULL, "%s", err);
  ck_assert_str_eq(vg_previous_status(p, "lab-2", "A.1"), "fail");
  ck_assert_str_eq(vg_previous_status(p, "office", "A.3"), "nodata");
  ck_assert_ptr_null(vg_previous_status(p, "lab-9", "A.1"));
  ck_assert_ptr_null(vg_previous_status(p, "lab-2", "Z.9"));
  ck_assert_ptr_nonnull(vg_previous_generated(p));
  vg_previous_free(p);
  ck_assert_ptr_null(vg_previous_load(FIXTURE, "qng-415-stttt-2020", err, sizeof(err)));
  ck_assert_msg(strstr(err, "is for directive 'test-weekend-2031', not 'qng-415-stttt-2020'"), "%s",
                err);
  ck_assert_ptr_null(vg_previous_load(TOP_SRCDIR "/schemas/report.xsd", "x", err, sizeof(err)));
  ck_assert_msg(strstr(err, "not a readable vigil report") != NULL, "%s", err);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("previous");
  TCase *tc = tcase_create("core");

  tcase_add_loop_test(tc, test_change, 0, sizeof(changes) / sizeof(changes[0]));
  tcase_add_test(tc, test_load);
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

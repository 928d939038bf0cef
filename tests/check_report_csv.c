/* Unit tests of the CSV writer's fields: RFC 4180 quoting, and no cell a
 * spreadsheet would run as a formula. */
#include "report_csv.h"
#include "testutil.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

static const struct {
  const char *in, *want;
} fields[] = {
    {.in = "lab-1", .want = "lab-1"},
    {.in = "Phòng thí nghiệm", .want = "Phòng thí nghiệm"},
    {.in = "a,b", .want = "\"a,b\""},
    {.in = "say \"hi\"", .want = "\"say \"\"hi\"\"\""},
    {.in = "two\nlines", .want = "\"two\nlines\""},
    {.in = "=HYPERLINK(\"http://x\")", .want = "\"'=HYPERLINK(\"\"http://x\"\")\""},
    {.in = "+1", .want = "'+1"},
    {.in = "-1", .want = "'-1"},
    {.in = "@SUM(A1)", .want = "'@SUM(A1)"},
    {.in = "", .want = ""},
};

START_TEST(test_field)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&buf, &len);

  vg_csv_field(fp, fields[_i].in);
  fclose(fp);
  ck_assert_str_eq(buf, fields[_i].want);
  free(buf);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("report_csv");
  TCase *tc = tcase_create("core");

  tcase_add_loop_test(tc, test_field, 0, sizeof(fields) / sizeof(fields[0]));
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

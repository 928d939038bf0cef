/* Unit tests of the threshold configuration made from a catalogue: which
 * checks become thresholds, and checks on one series merged strictest. */
#include "testutil.h"
#include "thresholds.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCHEMAS TOP_SRCDIR "/schemas"

static char *emit(const char *catalogue, int *n)
{
  char dir[1024], out[2048], err[1024];
  vg_catalogue_t *cat = vg_catalogue_load(catalogue, SCHEMAS, err, sizeof(err));
  char *text = calloc(1, 1 << 16);
  FILE *fp;

  ck_assert_msg(cat != NULL, "%s", err);
  tu_mkdtemp(dir, sizeof(dir));
  snprintf(out, sizeof(out), "%s/thresholds.conf", dir);
  *n = vg_thresholds_write(cat, out, err, sizeof(err));
  ck_assert_msg(*n >= 0, "%s", err);
  fp = fopen(out, "r");
  ck_assert_int_gt(fread(text, 1, (1 << 16) - 1, fp), 0);
  fclose(fp);
  tu_rm_rf(dir);
  vg_catalogue_free(cat);
  return text;
}

START_TEST(test_test_directive)
{
  int n;
  char *text = emit(TOP_SRCDIR "/tests/fixtures/test-directive.xml", &n);

  ck_assert_int_eq(n, 1); /* A.1 only: A.2 is a coverage, A.3 manual */
  ck_assert_ptr_nonnull(strstr(text, "  # A.1.copy-age\n  <Plugin \"vigil_backup\">\n"
                                     "    <Type \"duration\">\n      Instance \"newest_age\"\n"
                                     "      DataSource \"seconds\"\n      FailureMax 3600\n"));
  ck_assert_ptr_null(strstr(text, "uptime"));
  ck_assert_ptr_nonnull(strstr(text, "LoadPlugin threshold\n<Plugin threshold>\n"));
  free(text);
}
END_TEST

START_TEST(test_merged_strictest)
{
  int n;
  char *text = emit(TOP_SRCDIR "/directives/qng-415-stttt-2020.xml", &n);

  ck_assert_int_gt(n, 15);
  /* vigil_incident records the alarms: its own series are never watched */
  ck_assert_ptr_null(strstr(text, "<Plugin \"vigil_incident\">"));
  /* I.6 and II.2 watch one series: one threshold */
  ck_assert_ptr_nonnull(strstr(text, "# I.6.availability I.6.longest-outage II.2.availability\n"));
  /* "> 0 s left" with <alarm margin="1209600">: less than 14 days left alarms */
  ck_assert_ptr_nonnull(strstr(text, "Instance \"cert_expiry\"\n      DataSource \"value\"\n"
                                     "      # 1209600 above the catalogue's 0: its <alarm margin>\n"
                                     "      FailureMin 1209600\n"));
  /* a series that stops is not a second incident beside its value's */
  ck_assert_ptr_nonnull(strstr(text, "FailureMax 2\n      Interesting false\n"));
  /* a time_share check gives its condition: the service must be up */
  ck_assert_ptr_nonnull(
      strstr(text, "Instance \"up\"\n      DataSource \"value\"\n      FailureMin 1\n"));
  free(text);
}
END_TEST

/* Without a margin, "> 0 s left" alarms at 0 s left too: an expired
 * certificate, which vigil_tls sends as 0. */
START_TEST(test_strict_bound)
{
  char dir[1024], path[2048], *xml = calloc(1, 1 << 20), *at;
  FILE *fp = fopen(TOP_SRCDIR "/directives/qng-415-stttt-2020.xml", "r");
  size_t len = fread(xml, 1, (1 << 20) - 1, fp);
  int n;

  fclose(fp);
  ck_assert_int_gt(len, 0);
  at = strstr(xml, "<alarm margin=\"1209600\"/>");
  ck_assert_ptr_nonnull(at);
  memset(at, ' ', strlen("<alarm margin=\"1209600\"/>"));
  tu_mkdtemp(dir, sizeof(dir));
  tu_write_text(dir, "strict.xml", xml, path, sizeof(path));
  char *text = emit(path, &n);
  ck_assert_ptr_nonnull(strstr(text, "Instance \"cert_expiry\"\n      DataSource \"value\"\n"
                                     "      # more than 0: the next number above it\n"
                                     "      FailureMin 4.9406564584124654e-324\n"));
  free(text);
  free(xml);
  tu_rm_rf(dir);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("thresholds");
  TCase *tc = tcase_create("core");

  tcase_add_test(tc, test_test_directive);
  tcase_add_test(tc, test_merged_strictest);
  tcase_add_test(tc, test_strict_bound);
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

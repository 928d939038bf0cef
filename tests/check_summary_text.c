/* Unit tests for summary_text: the terminal table's layout, rows and legend. */
#include "summary_text.h"

#include "testutil.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* Ten items as the 415 catalogue has them: I.1 .. I.7, II.1 .. II.3. */
static char *ids[] = {"I.1", "I.2", "I.3", "I.4", "I.5", "I.6", "I.7", "II.1", "II.2", "II.3"};
static vg_item_t items[10];
static vg_section_t sections[2];
static vg_catalogue_t cat;
static vg_agency_t agency;
static vg_item_result_t results[10];
static vg_agency_result_t row;

static void setup(void)
{
  memset(&cat, 0, sizeof(cat));
  for (int i = 0; i < 10; i++) {
    memset(&items[i], 0, sizeof(items[i]));
    items[i].id = ids[i];
    memset(&results[i], 0, sizeof(results[i]));
    results[i].item = &items[i];
    results[i].status = i == 1 ? VG_ST_FAIL : i == 2 ? VG_ST_NODATA : VG_ST_PASS;
  }
  sections[0] = (vg_section_t){.id = "I", .items = items, .n_items = 7};
  sections[1] = (vg_section_t){.id = "II", .items = items + 7, .n_items = 3};
  cat.sections = sections;
  cat.n_sections = 2;
  memset(&agency, 0, sizeof(agency));
  agency.id = "so-thong-tin-va-truyen-thong-quang-ngai";
  row = (vg_agency_result_t){.agency = &agency, .items = results, .n_items = 10};
}

/* Prints the header, a row and the legend with l into a string. */
static char *table(const vg_table_layout_t *l)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&buf, &len);

  ck_assert_ptr_nonnull(fp);
  vg_table_header(fp, &cat, l);
  vg_table_row(fp, &row, l);
  vg_table_legend(fp, l);
  fclose(fp);
  return buf;
}

/* The longest line of s. */
static size_t longest(const char *s)
{
  size_t m = 0;
  while (*s) {
    size_t n = strcspn(s, "\n");
    if (n > m)
      m = n;
    s += n + (s[n] == '\n');
  }
  return m;
}

START_TEST(test_unlimited_is_full)
{
  vg_table_layout_t l = vg_table_layout(&cat, 0);
  char *t = table(&l);

  ck_assert_int_eq(l.compact, 0);
  ck_assert_ptr_nonnull(strstr(t, "agency                   I.1    I.2    I.3 "));
  ck_assert_ptr_nonnull(strstr(t, "so-thong-tin-va-truyen-t PASS   FAIL   NODATA PASS "));
  ck_assert_ptr_nonnull(strstr(t, "NODATA too little data;"));
  free(t);
}
END_TEST

START_TEST(test_wide_terminal_is_full)
{
  vg_table_layout_t l = vg_table_layout(&cat, 120);
  char *t = table(&l);

  ck_assert_int_eq(l.compact, 0);
  ck_assert_uint_le(longest(t), 120);
  free(t);
}
END_TEST

/* 80 columns: 24 + 10 x 7 does not fit; codes as wide as "II.1". */
START_TEST(test_80_columns_is_compact)
{
  vg_table_layout_t l = vg_table_layout(&cat, 80);
  char *t = table(&l);

  ck_assert_int_eq(l.compact, 1);
  ck_assert_int_eq(l.col_w, 5);
  ck_assert_int_eq(l.name_w, 24);
  ck_assert_uint_le(longest(t), 80);
  ck_assert_ptr_nonnull(strstr(t, "so-thong-tin-va-truyen-t P    F    ?    P    P"));
  ck_assert_ptr_nonnull(strstr(t, "P/F measured pass/fail;"));
  free(t);
}
END_TEST

/* 60 columns: the agency column gives way, to 10. */
START_TEST(test_narrow_terminal_shortens_names)
{
  vg_table_layout_t l = vg_table_layout(&cat, 60);
  char *t = table(&l);

  ck_assert_int_eq(l.name_w, 10);
  ck_assert_uint_le(longest(t), 60);
  ck_assert_ptr_nonnull(strstr(t, "\nso-thong-t P    F    ?"));
  free(t);
}
END_TEST

/* Too narrow for the items: names keep 8 characters, one line an agency. */
START_TEST(test_too_narrow_keeps_one_line)
{
  vg_table_layout_t l = vg_table_layout(&cat, 30);
  char *t = table(&l), *line = strstr(t, "\nso-thong");

  ck_assert_int_eq(l.name_w, 8);
  ck_assert_ptr_nonnull(line);
  ck_assert_uint_eq(strcspn(line + 1, "\n"), 8 + 10 * 5);
  free(t);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("summary_text");
  TCase *tc = tcase_create("table");

  tcase_add_checked_fixture(tc, setup, NULL);
  tcase_add_test(tc, test_unlimited_is_full);
  tcase_add_test(tc, test_wide_terminal_is_full);
  tcase_add_test(tc, test_80_columns_is_compact);
  tcase_add_test(tc, test_narrow_terminal_shortens_names);
  tcase_add_test(tc, test_too_narrow_keeps_one_line);
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

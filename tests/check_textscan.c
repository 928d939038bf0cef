/* Unit tests of textscan: words and numbers read the way the plugins read
 * /proc files, command output and configuration words. */
#include "textscan.h"

#include "testutil.h"

#include <check.h>
#include <limits.h>
#include <string.h>

START_TEST(test_words)
{
  const char *p = "  0: 0100007F:0019\t00000000:0000 0A\n";
  char w[16];

  ck_assert_int_eq(vs_next_word(&p, " \t\n", w, sizeof(w)), 2);
  ck_assert_str_eq(w, "0:");
  ck_assert_int_eq(vs_next_word(&p, " \t\n", w, sizeof(w)), 13);
  ck_assert_str_eq(w, "0100007F:0019");
  ck_assert_int_eq(vs_next_word(&p, " \t\n", w, sizeof(w)), 13);
  ck_assert_int_eq(vs_next_word(&p, " \t\n", w, sizeof(w)), 2);
  ck_assert_str_eq(w, "0A");
  ck_assert_int_eq(vs_next_word(&p, " \t\n", w, sizeof(w)), 0); /* only the newline left */
  ck_assert_str_eq(w, "");
  ck_assert_int_eq(vs_next_word(&p, " \t\n", w, sizeof(w)), 0);
}
END_TEST

/* A word longer than the buffer is skipped whole, never cut in two. */
START_TEST(test_long_word_skipped)
{
  const char *p = "sshd_config.d/*.conf  /etc/ssh/a-very-long-name.conf tail";
  char w[21];

  ck_assert_int_eq(vs_next_word(&p, " ", w, sizeof(w)), 20);
  ck_assert_str_eq(w, "sshd_config.d/*.conf");
  ck_assert_int_eq(vs_next_word(&p, " ", w, sizeof(w)), -1);
  ck_assert_str_eq(w, "");
  ck_assert_int_eq(vs_next_word(&p, " ", w, sizeof(w)), 4);
  ck_assert_str_eq(w, "tail");
}
END_TEST

static const struct {
  const char *text;
  int base, rc;
  unsigned long long value;
  const char *rest;
} number_cases[] = {
    {.text = "0019", .base = 16, .rc = 0, .value = 25, .rest = ""},
    {.text = "ffFF:", .base = 16, .rc = 0, .value = 65535, .rest = ":"},
    {.text = "1586867644 ", .base = 10, .rc = 0, .value = 1586867644ULL, .rest = " "},
    {.text = "18446744073709551615", .base = 10, .rc = 0, .value = ULLONG_MAX, .rest = ""},
    {.text = "18446744073709551616", .base = 10, .rc = -1}, /* does not fit */
    {.text = "10000000000000000", .base = 16, .rc = -1},
    {.text = "-1", .base = 10, .rc = -1},
    {.text = " 1", .base = 10, .rc = -1},
    {.text = "a1", .base = 10, .rc = -1},
    {.text = "", .base = 10, .rc = -1},
    {.text = "12", .base = 8, .rc = -1}, /* bases 10 and 16 only */
};

START_TEST(test_numbers)
{
  const char *p = number_cases[_i].text;
  unsigned long long v = 99;

  ck_assert_int_eq(vs_read_ull(&p, number_cases[_i].base, &v), number_cases[_i].rc);
  if (number_cases[_i].rc == 0) {
    ck_assert_uint_eq(v, number_cases[_i].value);
    ck_assert_str_eq(p, number_cases[_i].rest);
  } else {
    ck_assert_uint_eq(v, 99);
    ck_assert_ptr_eq(p, number_cases[_i].text);
  }
}
END_TEST

START_TEST(test_prefix)
{
  const char *p = "counter packets 12 bytes 960 drop";
  unsigned long long n;

  ck_assert_int_eq(vs_skip_prefix(&p, "counter bytes "), 0);
  ck_assert_int_eq(vs_skip_prefix(&p, "counter packets "), 1);
  ck_assert_int_eq(vs_read_ull(&p, 10, &n), 0);
  ck_assert_uint_eq(n, 12);
  ck_assert_int_eq(vs_skip_prefix(&p, " bytes "), 1);
  ck_assert_str_eq(p, "960 drop");
}
END_TEST

/* Fields split at tabs: the last keeps the rest, an empty field stays. */
START_TEST(test_split_fields)
{
  char line[] = "open\tI3\t\tweb/x\tdown\tand out", one[] = "close";
  char *f[5];

  ck_assert_uint_eq(vs_split_fields(line, '\t', f, 5), 5);
  ck_assert_str_eq(f[0], "open");
  ck_assert_str_eq(f[1], "I3");
  ck_assert_str_eq(f[2], "");
  ck_assert_str_eq(f[3], "web/x");
  ck_assert_str_eq(f[4], "down\tand out");
  ck_assert_uint_eq(vs_split_fields(one, '\t', f, 5), 1);
  ck_assert_str_eq(f[0], "close");
}
END_TEST

int main(void)
{
  Suite *s = suite_create("textscan");
  TCase *tc = tcase_create("core");

  tcase_add_test(tc, test_words);
  tcase_add_test(tc, test_long_word_skipped);
  tcase_add_loop_test(tc, test_numbers, 0, sizeof(number_cases) / sizeof(number_cases[0]));
  tcase_add_test(tc, test_prefix);
  tcase_add_test(tc, test_split_fields);
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

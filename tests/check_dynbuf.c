/* Unit tests of dynbuf: a buffer that grows to its cap and no further. */
#include "dynbuf.h"

#include "testutil.h"

#include <check.h>
#include <string.h>

START_TEST(test_grows_to_cap)
{
  vg_dynbuf_t b;

  vg_dynbuf_init(&b, 10);
  ck_assert_str_eq(vg_dynbuf_str(&b), "");
  ck_assert_int_eq(vg_dynbuf_add(&b, "hello", 5), 0);
  ck_assert_int_eq(vg_dynbuf_add(&b, " you", 4), 0);
  ck_assert_str_eq(vg_dynbuf_str(&b), "hello you");
  ck_assert(!vg_dynbuf_full(&b));
  ck_assert_int_eq(vg_dynbuf_add(&b, "!!", 2), VG_DYNBUF_FULL); /* 11 > 10: nothing added */
  ck_assert_str_eq(vg_dynbuf_str(&b), "hello you");
  ck_assert_uint_eq(b.len, 9);
  ck_assert_int_eq(vg_dynbuf_add(&b, "!", 1), 0);
  ck_assert_uint_eq(b.len, 10);
  ck_assert(vg_dynbuf_full(&b));
  vg_dynbuf_free(&b);
  ck_assert_str_eq(vg_dynbuf_str(&b), "");
  ck_assert_uint_eq(b.max, 10);
}
END_TEST

/* add_some keeps what fits: a response body cut at its cap. */
START_TEST(test_add_some)
{
  vg_dynbuf_t b;
  char big[5000];

  memset(big, 'x', sizeof(big));
  vg_dynbuf_init(&b, 8192);
  ck_assert_int_eq(vg_dynbuf_add_some(&b, big, sizeof(big)), 5000);
  ck_assert_int_eq(vg_dynbuf_add_some(&b, big, sizeof(big)), 3192);
  ck_assert(vg_dynbuf_full(&b));
  ck_assert_int_eq(vg_dynbuf_add_some(&b, big, sizeof(big)), 0);
  ck_assert_uint_eq(strlen(vg_dynbuf_str(&b)), 8192);
  vg_dynbuf_free(&b);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("dynbuf");
  TCase *tc = tcase_create("core");

  tcase_add_test(tc, test_grows_to_cap);
  tcase_add_test(tc, test_add_some);
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

/* Unit tests of vg_spawn: a program run with an argv, a clean environment,
 * a time limit and a bound on the output it keeps. */
#include "common/vg_spawn.h"
#include "testutil.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Output is kept whole, however it arrives, and the exit status is the
 * program's. */
START_TEST(test_output_and_status)
{
  char *echo[] = {"/bin/echo", "ok", NULL};
  char *fail[] = {"/bin/sh", "-c", "printf partial; exit 3", NULL};
  vg_spawn_result_t res;

  ck_assert_int_eq(vg_spawn(echo, 5.0, 4096, &res), 0);
  ck_assert_int_eq(res.status, 0);
  ck_assert_str_eq(vg_dynbuf_str(&res.out), "ok\n");
  ck_assert_int_eq(res.truncated, 0);
  vg_spawn_result_free(&res);
  ck_assert_int_eq(vg_spawn(fail, 5.0, 4096, &res), 0);
  ck_assert_int_eq(res.status, 3);
  ck_assert_str_eq(vg_dynbuf_str(&res.out), "partial");
  vg_spawn_result_free(&res);
  vg_spawn_result_free(&res); /* freeing twice is harmless */
}
END_TEST

/* A silent program leaves an empty text, not a NULL one. */
START_TEST(test_no_output)
{
  char *argv[] = {"/bin/true", NULL};
  vg_spawn_result_t res;

  ck_assert_int_eq(vg_spawn(argv, 5.0, 4096, &res), 0);
  ck_assert_int_eq(res.status, 0);
  ck_assert_str_eq(vg_dynbuf_str(&res.out), "");
  vg_spawn_result_free(&res);
}
END_TEST

/* The buffer grows with the output up to the bound; beyond it the rest is
 * read (the program is not blocked on a full pipe) and dropped, and the
 * result says so. */
START_TEST(test_output_bound)
{
  char *argv[] = {"/usr/bin/head", "-c", "300000", "/dev/zero", NULL};
  vg_spawn_result_t res;

  ck_assert_int_eq(vg_spawn(argv, 10.0, 1 << 20, &res), 0);
  ck_assert_int_eq(res.status, 0);
  ck_assert_uint_eq(res.out.len, 300000);
  ck_assert_int_eq(res.truncated, 0);
  vg_spawn_result_free(&res);
  ck_assert_int_eq(vg_spawn(argv, 10.0, 4096, &res), 0);
  ck_assert_int_eq(res.status, 0); /* it could write everything */
  ck_assert_uint_eq(res.out.len, 4096);
  ck_assert_int_eq(res.truncated, 1);
  vg_spawn_result_free(&res);
}
END_TEST

/* A program that outlives its time is killed and reported as such. */
START_TEST(test_time_limit)
{
  char *argv[] = {"/bin/sleep", "30", NULL};
  vg_spawn_result_t res;

  ck_assert_int_eq(vg_spawn(argv, 0.3, 4096, &res), 0);
  ck_assert_int_eq(res.timed_out, 1);
  ck_assert_int_eq(res.status, -1);
  vg_spawn_result_free(&res);
}
END_TEST

/* A program that does not exist: -1 with the reason in errno. */
START_TEST(test_missing_program)
{
  char *argv[] = {"/nonexistent/sshd", "-T", NULL};
  vg_spawn_result_t res;

  errno = 0;
  ck_assert_int_eq(vg_spawn(argv, 5.0, 4096, &res), -1);
  ck_assert_int_eq(errno, ENOENT);
  vg_spawn_result_free(&res);
}
END_TEST

/* Programs get a clean environment: nothing of collectd's reaches them. */
START_TEST(test_clean_environment)
{
  char *argv[] = {"/usr/bin/env", NULL};
  vg_spawn_result_t res;

  setenv("LD_PRELOAD_TEST_MARKER", "leak", 1);
  setenv("PATH", "/tmp/evil:/usr/bin", 1);
  ck_assert_int_eq(vg_spawn(argv, 5.0, 4096, &res), 0);
  ck_assert_int_eq(res.status, 0);
  ck_assert_str_eq(vg_dynbuf_str(&res.out),
                   "PATH=/usr/sbin:/usr/bin:/sbin:/bin\nLC_ALL=C\nLANG=C\n");
  vg_spawn_result_free(&res);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("vg_spawn");
  TCase *tc = tcase_create("core");

  tcase_add_test(tc, test_output_and_status);
  tcase_add_test(tc, test_no_output);
  tcase_add_test(tc, test_output_bound);
  tcase_add_test(tc, test_time_limit);
  tcase_add_test(tc, test_missing_program);
  tcase_add_test(tc, test_clean_environment);
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

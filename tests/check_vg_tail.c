/* Unit tests of vg_tail: following a log across rotation and truncation
 * without losing or double-counting lines, within a byte bound. */
#include "common/vg_tail.h"
#include "testutil.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[1024], path[2048];
static int lines;
static char last[256];

static void count(const char *line, size_t len, void *arg)
{
  (void)arg;
  lines++;
  snprintf(last, sizeof(last), "%.*s", (int)len, line);
}

static void append(const char *text)
{
  FILE *fp = fopen(path, "a");

  fputs(text, fp);
  fclose(fp);
}

static void setup(void)
{
  tu_mkdtemp(dir, sizeof(dir));
  snprintf(path, sizeof(path), "%s/auth.log", dir);
  lines = 0;
  last[0] = '\0';
}

static void teardown(void)
{
  tu_rm_rf(dir);
}

START_TEST(test_starts_at_end)
{
  vg_tail_t t;

  append("old 1\nold 2\n");
  ck_assert_int_eq(vg_tail_init(&t, path), 0);
  ck_assert_int_eq(vg_tail_read(&t, 1 << 20, count, NULL), 0);
  ck_assert_int_eq(lines, 0);
  append("new 1\nnew 2\npart");
  vg_tail_read(&t, 1 << 20, count, NULL);
  ck_assert_int_eq(lines, 2);
  ck_assert_str_eq(last, "new 2");
  append("ial\n");
  vg_tail_read(&t, 1 << 20, count, NULL);
  ck_assert_int_eq(lines, 3);
  ck_assert_str_eq(last, "partial");
  vg_tail_destroy(&t);
}
END_TEST

START_TEST(test_rotation_reads_old_then_new)
{
  vg_tail_t t;
  char rotated[2100];

  append("x\n");
  vg_tail_init(&t, path);
  vg_tail_read(&t, 1 << 20, count, NULL);
  append("a\nb\n");
  snprintf(rotated, sizeof(rotated), "%s.1", path);
  ck_assert_int_eq(rename(path, rotated), 0);
  append("late old\n"); /* goes to the new file: path was renamed */
  FILE *old = fopen(rotated, "a");
  fputs("c\n", old); /* a writer still holding the old file */
  fclose(old);
  vg_tail_read(&t, 1 << 20, count, NULL);
  ck_assert_int_eq(lines, 4); /* a, b, c from the old file, then the new one's line */
  ck_assert_str_eq(last, "late old");
  vg_tail_read(&t, 1 << 20, count, NULL);
  ck_assert_int_eq(lines, 4); /* nothing twice */
  vg_tail_destroy(&t);
}
END_TEST

START_TEST(test_truncation_restarts)
{
  vg_tail_t t;

  append("x\n");
  vg_tail_init(&t, path);
  vg_tail_read(&t, 1 << 20, count, NULL);
  append("a\nb\n");
  vg_tail_read(&t, 1 << 20, count, NULL);
  ck_assert_int_eq(lines, 2);
  ck_assert_int_eq(truncate(path, 0), 0);
  append("c\n");
  vg_tail_read(&t, 1 << 20, count, NULL);
  ck_assert_int_eq(lines, 3);
  ck_assert_str_eq(last, "c");
  vg_tail_destroy(&t);
}
END_TEST

START_TEST(test_bounded_reads)
{
  vg_tail_t t;
  char line[101];

  append("x\n");
  vg_tail_init(&t, path);
  vg_tail_read(&t, 1 << 20, count, NULL);
  memset(line, 'y', 99);
  line[99] = '\n';
  line[100] = '\0';
  for (int i = 0; i < 100; i++)
    append(line); /* 10000 bytes */
  ck_assert_int_eq(vg_tail_read(&t, 4096, count, NULL), 4096);
  ck_assert_int_eq(lines, 40);
  for (int i = 0; i < 3; i++)
    vg_tail_read(&t, 4096, count, NULL);
  ck_assert_int_eq(lines, 100);
  vg_tail_destroy(&t);
}
END_TEST

/* Binary garbage and a line far longer than any log line: cut, no crash. */
START_TEST(test_garbage_and_long_lines)
{
  vg_tail_t t;
  FILE *fp;

  append("x\n");
  vg_tail_init(&t, path);
  vg_tail_read(&t, 1 << 20, count, NULL);
  fp = fopen(path, "a");
  for (int i = 0; i < 200000; i++)
    fputc('A' + i % 26, fp);
  fputc('\n', fp);
  for (int i = 0; i < 4096; i++)
    fputc(i % 256 == '\n' ? 0 : i % 256, fp);
  fputc('\n', fp);
  fclose(fp);
  while (vg_tail_read(&t, 65536, count, NULL) > 0)
    ;
  ck_assert_int_eq(lines, 2);
  vg_tail_destroy(&t);
}
END_TEST

/* A 1 GiB line (a sparse file: a hole, then a newline and a real line):
 * every call reads at most its bound, memory stays bounded, the huge line
 * comes out cut to VG_TAIL_MAX_LINE and the next line is whole. */
START_TEST(test_gigabyte_line)
{
  const off_t gib = (off_t)1 << 30;
  size_t calls = 0;
  ssize_t n;
  vg_tail_t t;
  FILE *fp;

  append("x\n");
  vg_tail_init(&t, path);
  vg_tail_read(&t, 1 << 20, count, NULL);
  fp = fopen(path, "r+");
  ck_assert_ptr_nonnull(fp);
  ck_assert_int_eq(ftruncate(fileno(fp), 2 + gib), 0);
  fseeko(fp, 0, SEEK_END);
  fputs("\nMay  1 02:11:09 web sshd[811]: Failed password for root\n", fp);
  fclose(fp);
  while ((n = vg_tail_read(&t, 64 << 20, count, NULL)) > 0) {
    ck_assert_int_le(n, 64 << 20);
    calls++;
    ck_assert_uint_le(t.partial_len, VG_TAIL_MAX_LINE); /* memory: at most one cut line */
  }
  ck_assert_uint_ge(calls, 16); /* 1 GiB at 64 MiB a call */
  ck_assert_int_eq(lines, 2);
  ck_assert_str_eq(last, "May  1 02:11:09 web sshd[811]: Failed password for root");
  vg_tail_destroy(&t);
}
END_TEST

START_TEST(test_missing_file)
{
  vg_tail_t t;

  vg_tail_init(&t, "/nonexistent/auth.log");
  ck_assert_int_eq(vg_tail_read(&t, 4096, count, NULL), -1);
  vg_tail_destroy(&t);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("vg_tail");
  TCase *tc = tcase_create("core");

  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_starts_at_end);
  tcase_add_test(tc, test_rotation_reads_old_then_new);
  tcase_add_test(tc, test_truncation_restarts);
  tcase_add_test(tc, test_bounded_reads);
  tcase_add_test(tc, test_garbage_and_long_lines);
  tcase_add_test(tc, test_gigabyte_line);
  tcase_add_test(tc, test_missing_file);
  tcase_set_timeout(tc, 60); /* reading a 1 GiB file under the sanitizers */
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

/* Unit tests for pool: results come back in task order from worker
 * processes, bounded in number, and a failing or dying worker stops the run
 * with the reason. */
#include "pool.h"
#include "testutil.h"

#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct {
  size_t fail_at;  /* produce fails on this task (or SIZE_MAX) */
  size_t crash_at; /* the worker dies on this task (or SIZE_MAX) */
  size_t next;     /* the next task consume expects */
  size_t bytes;    /* total bytes consumed */
  int out_of_order;
  int other_pid; /* a result made in another process was seen */
  size_t max_ahead;
} ctx_t;

/* The result: "task=<n> pid=<pid>", padded to n % 7 * 1000 bytes. */
static int produce(size_t task, void *arg, char **out, size_t *len)
{
  ctx_t *c = arg;
  size_t pad = task % 7 * 1000;

  if (task == c->fail_at)
    return -1;
  if (task == c->crash_at)
    raise(SIGKILL);
  *out = malloc(64 + pad);
  if (*out == NULL)
    return -1;
  *len = (size_t)snprintf(*out, 64, "task=%zu pid=%ld;", task, (long)getpid());
  memset(*out + *len, 'x', pad);
  *len += pad;
  return 0;
}

static int consume(size_t task, const char *data, size_t len, void *arg)
{
  ctx_t *c = arg;
  char head[64] = "";
  size_t t = 0;
  long pid = 0;

  memcpy(head, data, len < sizeof(head) - 1 ? len : sizeof(head) - 1);
  if (strchr(head, ';') != NULL)
    *strchr(head, ';') = '\0';
  if (task != c->next || sscanf(head, "task=%zu pid=%ld", &t, &pid) != 2 || t != task ||
      len != strlen(head) + 1 + task % 7 * 1000)
    c->out_of_order = 1;
  if (pid != (long)getpid())
    c->other_pid = 1;
  c->next++;
  c->bytes += len;
  return 0;
}

static ctx_t fresh(void)
{
  ctx_t c;

  memset(&c, 0, sizeof(c));
  c.fail_at = (size_t)-1;
  c.crash_at = (size_t)-1;
  return c;
}

/* Every task consumed once, in order, for any number of workers. */
START_TEST(test_order)
{
  static const int jobs[] = {1, 2, 3, 8};
  ctx_t c = fresh();
  char err[256] = "";

  ck_assert_int_eq(vg_pool_run(500, jobs[_i], produce, consume, &c, err, sizeof(err)), 0);
  ck_assert_uint_eq(c.next, 500);
  ck_assert_int_eq(c.out_of_order, 0);
  ck_assert_int_eq(c.other_pid, jobs[_i] > 1);
  ck_assert_str_eq(err, "");
}
END_TEST

START_TEST(test_no_tasks)
{
  ctx_t c = fresh();
  char err[256];

  ck_assert_int_eq(vg_pool_run(0, 4, produce, consume, &c, err, sizeof(err)), 0);
  ck_assert_uint_eq(c.next, 0);
}
END_TEST

START_TEST(test_produce_fails)
{
  ctx_t c = fresh();
  char err[256] = "";

  c.fail_at = 37;
  ck_assert_int_eq(vg_pool_run(100, 2, produce, consume, &c, err, sizeof(err)), -1);
  ck_assert_str_eq(err, "task 37 failed");
  ck_assert_uint_le(c.next, 37); /* nothing after the failed task is consumed */
  /* every worker was reaped: no child is left */
  ck_assert_int_eq(waitpid(-1, NULL, WNOHANG), -1);
}
END_TEST

START_TEST(test_worker_dies)
{
  ctx_t c = fresh();
  char err[256] = "";

  c.crash_at = 11;
  ck_assert_int_eq(vg_pool_run(100, 2, produce, consume, &c, err, sizeof(err)), -1);
  ck_assert_msg(strstr(err, "worker process") != NULL && strstr(err, "died") != NULL, "%s", err);
  ck_assert_uint_le(c.next, 11);
  ck_assert_int_eq(waitpid(-1, NULL, WNOHANG), -1);
}
END_TEST

static int consume_fails(size_t task, const char *data, size_t len, void *arg)
{
  (void)data;
  (void)len;
  (void)arg;
  return task == 5 ? -1 : 0;
}

START_TEST(test_consume_fails)
{
  ctx_t c = fresh();
  char err[256] = "";

  ck_assert_int_eq(vg_pool_run(100, 2, produce, consume_fails, &c, err, sizeof(err)), -1);
  ck_assert_str_eq(err, "task 5 failed");
  ck_assert_int_eq(waitpid(-1, NULL, WNOHANG), -1);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("pool");
  TCase *tc = tcase_create("core");

  tcase_add_loop_test(tc, test_order, 0, 4);
  tcase_add_test(tc, test_no_tasks);
  tcase_add_test(tc, test_produce_fails);
  tcase_add_test(tc, test_worker_dies);
  tcase_add_test(tc, test_consume_fails);
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

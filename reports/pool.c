/* pool: run numbered tasks in worker processes and hand their results to
 * the caller in task order, holding a bounded number of results. */
#include "vigil_config.h"

#include "pool.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_JOBS 256

/* What a worker sends back for a task. */
typedef struct {
  uint64_t task;
  uint64_t len;
  int32_t status;
} msg_head_t;

typedef struct {
  pid_t pid;
  int task_fd;   /* parent writes task numbers here */
  int result_fd; /* and reads results here */
  int busy;
} worker_t;

typedef struct {
  char *data;
  size_t len;
  int ready;
} slot_t;

/* Reads exactly len bytes; returns 0, or -1 on EOF or error. */
static int read_full(int fd, void *buf, size_t len)
{
  char *p = buf;

  while (len > 0) {
    ssize_t n = read(fd, p, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return -1;
    p += n;
    len -= (size_t)n;
  }
  return 0;
}

static int write_full(int fd, const void *buf, size_t len)
{
  const char *p = buf;

  while (len > 0) {
    ssize_t n = write(fd, p, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return -1;
    p += n;
    len -= (size_t)n;
  }
  return 0;
}

/* The worker's loop: a task number in, its result out, until EOF. */
static void worker_main(int task_fd, int result_fd, vg_pool_produce_fn produce, void *ctx)
{
  uint64_t task;

  while (read_full(task_fd, &task, sizeof(task)) == 0) {
    char *out = NULL;
    size_t len = 0;
    msg_head_t h;
    memset(&h, 0, sizeof(h));
    h.task = task;
    h.status = produce((size_t)task, ctx, &out, &len) == 0 ? 0 : -1;
    h.len = h.status == 0 ? len : 0;
    if (write_full(result_fd, &h, sizeof(h)) != 0 ||
        (h.len > 0 && write_full(result_fd, out, h.len) != 0))
      _exit(1);
    free(out);
  }
  _exit(0);
}

/* Starts worker k; the others' descriptors are closed in the child.
 * Returns 0 or -1. */
static int start_worker(worker_t *w, int k, vg_pool_produce_fn produce, void *ctx)
{
  int tp[2], rp[2];

  if (pipe(tp) != 0)
    return -1;
  if (pipe(rp) != 0) {
    close(tp[0]);
    close(tp[1]);
    return -1;
  }
  fflush(NULL);
  w[k].pid = fork();
  if (w[k].pid == 0) {
    for (int j = 0; j < k; j++) {
      close(w[j].task_fd);
      close(w[j].result_fd);
    }
    close(tp[1]);
    close(rp[0]);
    worker_main(tp[0], rp[1], produce, ctx);
  }
  close(tp[0]);
  close(rp[1]);
  if (w[k].pid < 0) {
    close(tp[1]);
    close(rp[0]);
    return -1;
  }
  w[k].task_fd = tp[1];
  w[k].result_fd = rp[0];
  w[k].busy = 0;
  return 0;
}

/* Closes the workers' pipes, stops them (kill when asked) and reaps them.
 * Returns 0 when every worker exited with status 0. */
static int stop_workers(worker_t *w, int n, int kill_them)
{
  int rc = 0, st;

  for (int k = 0; k < n; k++) {
    close(w[k].task_fd);
    if (kill_them)
      kill(w[k].pid, SIGKILL);
  }
  for (int k = 0; k < n; k++) {
    close(w[k].result_fd);
    while (waitpid(w[k].pid, &st, 0) < 0 && errno == EINTR)
      ;
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
      rc = -1;
  }
  return rc;
}

/* In this process, one task after the other. */
static int run_inline(size_t n_tasks, vg_pool_produce_fn produce, vg_pool_consume_fn consume,
                      void *ctx, char *err, size_t errlen)
{
  for (size_t t = 0; t < n_tasks; t++) {
    char *out = NULL;
    size_t len = 0;
    int rc = produce(t, ctx, &out, &len);
    if (rc == 0)
      rc = consume(t, out, len, ctx);
    free(out);
    if (rc != 0) {
      snprintf(err, errlen, "task %zu failed", t);
      return -1;
    }
  }
  return 0;
}

/* Reads one result from worker w into its slot. Returns 0 or -1. */
static int collect(worker_t *w, slot_t *slots, size_t window, size_t next_consume, char *err,
                   size_t errlen)
{
  msg_head_t h;
  slot_t *s;

  w->busy = 0;
  if (read_full(w->result_fd, &h, sizeof(h)) != 0) {
    snprintf(err, errlen, "worker process %ld died", (long)w->pid);
    return -1;
  }
  if (h.status != 0 || h.task < next_consume || h.task >= next_consume + window) {
    snprintf(err, errlen, "task %llu failed", (unsigned long long)h.task);
    return -1;
  }
  s = &slots[h.task % window];
  s->len = (size_t)h.len;
  s->data = malloc(s->len ? s->len : 1);
  if (s->data == NULL || (s->len > 0 && read_full(w->result_fd, s->data, s->len) != 0)) {
    snprintf(err, errlen, "worker process %ld: result lost", (long)w->pid);
    return -1;
  }
  s->ready = 1;
  return 0;
}

/* Hands out tasks and consumes results in order. Returns 0 or -1. */
static int dispatch(worker_t *w, int jobs, slot_t *slots, size_t window, size_t n_tasks,
                    vg_pool_consume_fn consume, void *ctx, char *err, size_t errlen)
{
  size_t next_task = 0, next_consume = 0;
  struct pollfd pfd[MAX_JOBS];

  for (;;) {
    while (slots[next_consume % window].ready) {
      slot_t *s = &slots[next_consume % window];
      int rc = consume(next_consume, s->data, s->len, ctx);
      free(s->data);
      memset(s, 0, sizeof(*s));
      if (rc != 0) {
        snprintf(err, errlen, "task %zu failed", next_consume);
        return -1;
      }
      next_consume++;
    }
    if (next_consume >= n_tasks)
      break;
    for (int k = 0; k < jobs && next_task < n_tasks && next_task < next_consume + window; k++) {
      if (w[k].busy)
        continue;
      uint64_t t = next_task;
      if (write_full(w[k].task_fd, &t, sizeof(t)) != 0) {
        snprintf(err, errlen, "worker process %ld died", (long)w[k].pid);
        return -1;
      }
      w[k].busy = 1;
      next_task++;
    }
    for (int k = 0; k < jobs; k++)
      pfd[k] = (struct pollfd){w[k].busy ? w[k].result_fd : -1, POLLIN, 0};
    if (poll(pfd, (nfds_t)jobs, -1) < 0 && errno != EINTR) {
      snprintf(err, errlen, "poll: %s", strerror(errno));
      return -1;
    }
    for (int k = 0; k < jobs; k++)
      if (pfd[k].revents != 0 && collect(&w[k], slots, window, next_consume, err, errlen) != 0)
        return -1;
  }
  return 0;
}

int vg_pool_run(size_t n_tasks, int jobs, vg_pool_produce_fn produce, vg_pool_consume_fn consume,
                void *ctx, char *err, size_t errlen)
{
  worker_t w[MAX_JOBS];
  slot_t *slots;
  size_t window;
  int started = 0, rc = -1;
  struct sigaction ign, old;

  if (jobs > MAX_JOBS)
    jobs = MAX_JOBS;
  if ((size_t)jobs > n_tasks)
    jobs = (int)n_tasks;
  if (jobs <= 1)
    return run_inline(n_tasks, produce, consume, ctx, err, errlen);
  window = 4 * (size_t)jobs;
  slots = calloc(window, sizeof(*slots));
  if (slots == NULL) {
    snprintf(err, errlen, "out of memory");
    return -1;
  }
  memset(&ign, 0, sizeof(ign));
  ign.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ign, &old); /* a dead worker is an error, not a signal */
  for (; started < jobs; started++)
    if (start_worker(w, started, produce, ctx) != 0) {
      snprintf(err, errlen, "cannot start a worker process: %s", strerror(errno));
      goto out;
    }
  rc = dispatch(w, jobs, slots, window, n_tasks, consume, ctx, err, errlen);
out:
  if (stop_workers(w, started, rc != 0) != 0 && rc == 0) {
    snprintf(err, errlen, "a worker process failed");
    rc = -1;
  }
  for (size_t i = 0; i < window; i++)
    free(slots[i].data);
  free(slots);
  sigaction(SIGPIPE, &old, NULL);
  return rc;
}

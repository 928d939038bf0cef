/* vg_spawn: run a program with an argv, a time limit and an output bound. */
#define _GNU_SOURCE
#include "vg_spawn.h"

#include "vg_deadline.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Reads the child's output until EOF or the deadline. Returns 0 at EOF,
 * -1 at the deadline. */
static int collect(int fd, const vg_deadline_t *d, vg_spawn_result_t *res)
{
  char buf[8192];

  for (;;) {
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int left = vg_deadline_ms_left(d);
    if (left == 0 || poll(&p, 1, left) == 0)
      return -1;
    ssize_t n = read(fd, buf, sizeof(buf));
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
      continue;
    if (n <= 0)
      return 0;
    long kept = vg_dynbuf_add_some(&res->out, buf, (size_t)n);
    if (kept != n)
      res->truncated = 1; /* past the bound, or out of memory: the rest is read and dropped */
  }
}

/* Commands run with this environment only: nothing of collectd's own
 * (LD_PRELOAD, a user's PATH) reaches them, and their output is in the C
 * locale the parsers read. */
static char *const clean_env[] = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C", "LANG=C", NULL};

int vg_spawn(char *const argv[], double timeout, size_t max_out, vg_spawn_result_t *res)
{
  posix_spawn_file_actions_t fa;
  vg_deadline_t d;
  int pipefd[2], wstatus = 0, rc;
  pid_t pid;

  memset(res, 0, sizeof(*res));
  res->status = -1;
  vg_dynbuf_init(&res->out, max_out);
  if (pipe2(pipefd, O_CLOEXEC) != 0) {
    vg_spawn_result_free(res);
    return -1;
  }
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, clean_env);
  posix_spawn_file_actions_destroy(&fa);
  close(pipefd[1]);
  if (rc != 0) {
    close(pipefd[0]);
    vg_spawn_result_free(res);
    errno = rc;
    return -1;
  }
  vg_deadline_set(&d, timeout);
  if (collect(pipefd[0], &d, res) != 0) {
    res->timed_out = 1;
    kill(pid, SIGKILL);
  }
  close(pipefd[0]);
  while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
    ;
  if (!res->timed_out && WIFEXITED(wstatus))
    res->status = WEXITSTATUS(wstatus);
  return 0;
}

void vg_spawn_result_free(vg_spawn_result_t *res)
{
  vg_dynbuf_free(&res->out);
}

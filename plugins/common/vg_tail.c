/* vg_tail: follow a log file across rotation and truncation. */
#define _GNU_SOURCE
#include "vg_tail.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int vg_tail_init(vg_tail_t *t, const char *path)
{
  memset(t, 0, sizeof(*t));
  t->fd = -1;
  t->path = strdup(path);
  t->partial = malloc(VG_TAIL_MAX_LINE);
  if (t->path == NULL || t->partial == NULL) {
    vg_tail_destroy(t);
    return -1;
  }
  return 0;
}

void vg_tail_destroy(vg_tail_t *t)
{
  if (t->fd >= 0)
    close(t->fd);
  t->fd = -1;
  free(t->path);
  free(t->partial);
  t->path = NULL;
  t->partial = NULL;
}

/* Opens the file now at t->path; at the very first open, seeks to its end. */
static int open_current(vg_tail_t *t)
{
  struct stat st;
  int fd = open(t->path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

  if (fd < 0)
    return -1;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    errno = EINVAL;
    return -1;
  }
  t->fd = fd;
  t->dev = st.st_dev;
  t->ino = st.st_ino;
  t->offset = t->started ? 0 : st.st_size;
  t->started = 1;
  t->partial_len = 0;
  return 0;
}

/* Splits buf into lines, joining the partial line kept from before. */
static void emit_lines(vg_tail_t *t, const char *buf, size_t n, vg_tail_line_fn fn, void *arg)
{
  for (size_t i = 0; i < n; i++) {
    if (buf[i] == '\n') {
      fn(t->partial, t->partial_len, arg);
      t->partial_len = 0;
    } else if (t->partial_len < VG_TAIL_MAX_LINE - 1) {
      t->partial[t->partial_len++] = buf[i];
      t->partial[t->partial_len] = '\0';
    }
  }
}

/* Reads from the open file up to budget bytes. Returns bytes read. */
static size_t drain(vg_tail_t *t, size_t budget, vg_tail_line_fn fn, void *arg)
{
  char buf[65536];
  size_t total = 0;

  while (total < budget) {
    size_t want = budget - total < sizeof(buf) ? budget - total : sizeof(buf);
    ssize_t n = pread(t->fd, buf, want, t->offset);
    if (n <= 0)
      break;
    t->offset += n;
    total += (size_t)n;
    emit_lines(t, buf, (size_t)n, fn, arg);
  }
  return total;
}

ssize_t vg_tail_read(vg_tail_t *t, size_t max_bytes, vg_tail_line_fn fn, void *arg)
{
  struct stat now, cur;
  size_t total = 0;

  if (t->fd < 0 && open_current(t) != 0)
    return -1;
  if (fstat(t->fd, &cur) == 0 && cur.st_size < t->offset) {
    t->offset = 0; /* truncated in place */
    t->partial_len = 0;
  }
  total += drain(t, max_bytes, fn, arg);
  if (total >= max_bytes)
    return (ssize_t)total;
  /* read all of the old file: has the name moved on to a new file? */
  if (stat(t->path, &now) == 0 && (now.st_dev != t->dev || now.st_ino != t->ino)) {
    if (t->partial_len > 0) {
      fn(t->partial, t->partial_len, arg); /* the old file's unterminated end */
      t->partial_len = 0;
    }
    close(t->fd);
    t->fd = -1;
    if (open_current(t) == 0)
      total += drain(t, max_bytes - total, fn, arg);
  }
  return (ssize_t)total;
}

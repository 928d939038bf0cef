/* vg_tail: follow a log file across rotation (a new inode) and truncation,
 * handing out whole lines, never reading more than a bound per call. */
#ifndef VIGIL_VG_TAIL_H
#define VIGIL_VG_TAIL_H

#include <stddef.h>
#include <sys/types.h>

typedef struct {
  char *path;
  int fd; /* the file being read, or -1 */
  dev_t dev;
  ino_t ino;
  off_t offset;  /* bytes of fd consumed */
  char *partial; /* an incomplete last line kept for the next call */
  size_t partial_len;
  int started; /* 0 until the first open (which starts at the end) */
} vg_tail_t;

/* Called for each complete line (without the newline); lines longer than
 * VG_TAIL_MAX_LINE are cut to that length. */
typedef void (*vg_tail_line_fn)(const char *line, size_t len, void *arg);

#define VG_TAIL_MAX_LINE 8192

/* The range of a plugin's MaxReadBytes option, and its default. */
#define VG_TAIL_READ_MIN 4096
#define VG_TAIL_READ_MAX 1000000000
#define VG_TAIL_READ_DEFAULT 1048576

/* Prepares t for path; nothing is opened yet. Returns 0, or -1 (ENOMEM). */
int vg_tail_init(vg_tail_t *t, const char *path);

/* Reads at most max_bytes of new lines and calls fn for each. The first
 * call starts at the end of the file (history is not counted). When the
 * file was rotated, the rest of the old file is read before the new one,
 * which is read from its start; when it was truncated, reading restarts
 * at its start. Returns the bytes read, or -1 with errno when the file
 * cannot be opened (it may reappear: later calls try again). */
ssize_t vg_tail_read(vg_tail_t *t, size_t max_bytes, vg_tail_line_fn fn, void *arg);

/* Closes and frees t's resources. */
void vg_tail_destroy(vg_tail_t *t);

#endif

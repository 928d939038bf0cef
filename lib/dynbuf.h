/* dynbuf: a growable buffer with a hard cap, for every list or text that
 * grows from input (a response body, a roster's shifts, a list of
 * patterns): it never grows past its cap and says so when asked to. Owned
 * by its user; not thread-safe. */
#ifndef VIGIL_DYNBUF_H
#define VIGIL_DYNBUF_H

#include <stddef.h>

#define VG_DYNBUF_FULL (-2) /* the cap would be passed: nothing was added */

typedef struct {
  char *p;    /* the bytes, NUL-terminated (NULL while empty) */
  size_t len; /* bytes held, without the NUL */
  size_t cap; /* bytes allocated */
  size_t max; /* len never exceeds this */
} vg_dynbuf_t;

/* An empty buffer that will hold at most max bytes. */
void vg_dynbuf_init(vg_dynbuf_t *b, size_t max);

/* Appends n bytes. Returns 0; VG_DYNBUF_FULL when len + n would pass the
 * cap (nothing is added); -1 when memory runs out (nothing is added). */
int vg_dynbuf_add(vg_dynbuf_t *b, const void *data, size_t n);

/* Appends as much of data as the cap leaves room for. Returns the number of
 * bytes added (fewer than n once full), or -1 when memory runs out. */
long vg_dynbuf_add_some(vg_dynbuf_t *b, const void *data, size_t n);

/* The text held: "" while empty. */
const char *vg_dynbuf_str(const vg_dynbuf_t *b);

/* True once the cap has been reached. */
int vg_dynbuf_full(const vg_dynbuf_t *b);

/* Frees the bytes; b is empty again (same cap). */
void vg_dynbuf_free(vg_dynbuf_t *b);

#endif

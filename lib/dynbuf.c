/* dynbuf: a growable buffer with a hard cap. */
#include "dynbuf.h"

#include <stdlib.h>
#include <string.h>

void vg_dynbuf_init(vg_dynbuf_t *b, size_t max)
{
  b->p = NULL;
  b->len = b->cap = 0;
  b->max = max;
}

/* Makes room for need bytes plus the NUL; doubles, within the cap. */
static int dynbuf_reserve(vg_dynbuf_t *b, size_t need)
{
  size_t cap = b->cap ? b->cap : 64;
  char *p;

  if (need + 1 <= b->cap)
    return 0;
  while (cap < need + 1)
    cap = cap > b->max / 2 ? b->max + 1 : cap * 2;
  if ((p = realloc(b->p, cap)) == NULL)
    return -1;
  b->p = p;
  b->cap = cap;
  return 0;
}

int vg_dynbuf_add(vg_dynbuf_t *b, const void *data, size_t n)
{
  if (n > b->max - b->len)
    return VG_DYNBUF_FULL;
  if (n == 0)
    return 0;
  if (dynbuf_reserve(b, b->len + n) != 0)
    return -1;
  memcpy(b->p + b->len, data, n);
  b->len += n;
  b->p[b->len] = '\0';
  return 0;
}

long vg_dynbuf_add_some(vg_dynbuf_t *b, const void *data, size_t n)
{
  size_t take = n > b->max - b->len ? b->max - b->len : n;

  if (vg_dynbuf_add(b, data, take) != 0)
    return -1;
  return (long)take;
}

const char *vg_dynbuf_str(const vg_dynbuf_t *b)
{
  return b->p != NULL ? b->p : "";
}

int vg_dynbuf_full(const vg_dynbuf_t *b)
{
  return b->len >= b->max;
}

void vg_dynbuf_free(vg_dynbuf_t *b)
{
  free(b->p);
  b->p = NULL;
  b->len = b->cap = 0;
}

/* vg_spawn: run a program with an argv (no shell), a time limit and a
 * bound on the output kept. */
#ifndef VIGIL_VG_SPAWN_H
#define VIGIL_VG_SPAWN_H

#include "dynbuf.h"

#include <stddef.h>

typedef struct {
  vg_dynbuf_t out; /* standard output (vg_dynbuf_str), grown as it comes */
  int truncated;   /* output beyond the bound was dropped */
  int status;      /* exit status, or -1 when it did not exit by itself */
  int timed_out;   /* killed at the time limit */
} vg_spawn_result_t;

/* Runs argv[0] (a path) with argv, stdin from /dev/null, stderr dropped,
 * for at most timeout seconds (then it is killed with SIGKILL), keeping at
 * most max_out bytes of its output. Returns 0 when it ran (see res), or -1
 * with errno when it could not be started. */
int vg_spawn(char *const argv[], double timeout, size_t max_out, vg_spawn_result_t *res);

/* Frees the output; res may be freed again. */
void vg_spawn_result_free(vg_spawn_result_t *res);

#endif

/* vg_deadline: points in time on the monotonic clock, for time limits. */
#ifndef VIGIL_VG_DEADLINE_H
#define VIGIL_VG_DEADLINE_H

#include <stdbool.h>
#include <time.h>

typedef struct {
  struct timespec at; /* CLOCK_MONOTONIC */
} vg_deadline_t;

/* Sets d to now + seconds. */
void vg_deadline_set(vg_deadline_t *d, double seconds);

/* True once d has passed. */
bool vg_deadline_passed(const vg_deadline_t *d);

/* Milliseconds left until d (0 when passed). */
int vg_deadline_ms_left(const vg_deadline_t *d);

/* Seconds elapsed since a CLOCK_MONOTONIC instant. */
double vg_elapsed_since(const struct timespec *start);

#endif

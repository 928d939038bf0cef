/* vg_deadline: points in time on the monotonic clock, for time limits. */
#include "vg_deadline.h"

void vg_deadline_set(vg_deadline_t *d, double seconds)
{
  clock_gettime(CLOCK_MONOTONIC, &d->at);
  d->at.tv_sec += (time_t)seconds;
  d->at.tv_nsec += (long)((seconds - (double)(time_t)seconds) * 1e9);
  if (d->at.tv_nsec >= 1000000000L) {
    d->at.tv_sec++;
    d->at.tv_nsec -= 1000000000L;
  }
}

bool vg_deadline_passed(const vg_deadline_t *d)
{
  struct timespec now;

  clock_gettime(CLOCK_MONOTONIC, &now);
  return now.tv_sec > d->at.tv_sec || (now.tv_sec == d->at.tv_sec && now.tv_nsec > d->at.tv_nsec);
}

int vg_deadline_ms_left(const vg_deadline_t *d)
{
  struct timespec now;
  long long ms;

  clock_gettime(CLOCK_MONOTONIC, &now);
  ms = (long long)(d->at.tv_sec - now.tv_sec) * 1000 + (d->at.tv_nsec - now.tv_nsec) / 1000000;
  return ms > 0 ? (int)ms : 0;
}

double vg_elapsed_since(const struct timespec *start)
{
  struct timespec now;

  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

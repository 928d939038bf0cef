/* late: what the central collector's vigil_transport match recorded about
 * each agency's transport: how much of its window evidence reached the
 * central only after the window had ended (<host>/vigil_transport/
 * duration-arrival_delay: values delivered late by a store-and-forward
 * queue, or sent backdated), and how many of its values were dropped as
 * dated ahead of the central's clock (derive-future_dropped: its clock is
 * off). Owns the lists it returns. */
#ifndef VIGIL_LATE_H
#define VIGIL_LATE_H

#include "summary.h"

#include <stddef.h>
#include <time.h>

/* One agency whose evidence for the window arrived after it ended. */
struct vg_late {
  size_t agency;        /* index in the inventory */
  double seconds;       /* of the window, from the oldest such value to its end */
  time_t measured_from; /* the time the oldest such value carries */
  time_t arrived_until; /* the end of the last interval in which such a value arrived */
  double longest;       /* the longest arrival delay among them, seconds */
};

/* An agency some of whose values were dropped as dated ahead. */
struct vg_clock {
  size_t agency;  /* index in the inventory */
  double dropped; /* values, from the window's start to the report time */
  char host[256]; /* the host that dropped most */
};

/* A delay of up to this many steps of the delay series is transit, not
 * lateness (a value measured just before the window's end that arrives
 * just after it). */
#define VG_LATE_SLACK_STEPS 3

/* Reads the arrival delays of every agency's hosts from the window's end
 * to the report time (meta->generated; nothing for a provisional report)
 * and lists the agencies with window evidence that arrived after the end,
 * in inventory order, as *out (free with free()) and *n. A host without
 * the series is not listed (its transport recorded no delays); one whose
 * file cannot be read is said on stderr. Returns 0, or -1 out of memory. */
int vg_late_find(const vg_report_meta_t *meta, vg_late_t **out, size_t *n);

/* Lists the agencies whose hosts had values dropped as dated ahead from
 * the window's start to the report time (summed from each host's
 * derive-future_dropped), in inventory order, as *out and *n. Returns 0, or
 * -1 out of memory. */
int vg_clock_find(const vg_report_meta_t *meta, vg_clock_t **out, size_t *n);

#endif

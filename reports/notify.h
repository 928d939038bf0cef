/* notify: tell collectd, through its unixsock plugin (PUTNOTIF), what a
 * --watch refresh found that collectd's thresholds cannot see: agencies
 * gone silent and checks whose budget is spent (FAILURE: vigil_incident
 * opens an incident), checks at risk (WARNING), and an OKAY for each of
 * them that has cleared since the last refresh. */
#ifndef VIGIL_NOTIFY_H
#define VIGIL_NOTIFY_H

#include "summary.h"

#include <stddef.h>

typedef struct vg_notifier vg_notifier_t;

/* A notifier for the unixsock socket at address (unix:PATH or PATH).
 * Returns NULL with the reason in err. Nothing is connected yet. */
vg_notifier_t *vg_notifier_new(const char *address, char *err, size_t errlen);

/* Sends what changed since the last call (the first call: every alarm of
 * s), each notification dated now, over one connection that waits at
 * most 5 s for each answer. What could not be sent is sent again next
 * time. Returns the number sent, or -1 with the reason in err. */
int vg_notifier_send(vg_notifier_t *n, const vg_summary_t *s, time_t now, char *err, size_t errlen);

/* Frees n; NULL-safe. */
void vg_notifier_free(vg_notifier_t *n);

#endif

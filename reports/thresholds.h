/* thresholds: a collectd threshold plugin configuration made from a
 * catalogue, so that a breach during the window raises a notification at
 * once (which vigil_incident records): the catalogue is the one source of
 * the live alarms and of the report. */
#ifndef VIGIL_THRESHOLDS_H
#define VIGIL_THRESHOLDS_H

#include "catalogue.h"

#include <stddef.h>

/* Writes the configuration for every check that can be judged on a single
 * value (min, max, avg, last against a threshold; time_share and
 * longest_run by their condition) whose selector names plain instances or
 * "*". Checks on the same series are merged into the strictest bounds.
 * The file is written atomically. Returns the number of thresholds, or -1
 * with the reason in err. */
int vg_thresholds_write(const vg_catalogue_t *cat, const char *out, char *err, size_t errlen);

#endif

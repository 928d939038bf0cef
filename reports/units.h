/* units: render figures in SI base units for people (durations, shares,
 * counts, bytes). */
#ifndef VIGIL_UNITS_H
#define VIGIL_UNITS_H

#include <stddef.h>

/* Writes value in unit ("s", "B", "ratio", "count", "bool", "ms", "per-s",
 * "version") for display: "2 h 05 min", "99.52 %", "3", "1.5 MiB". NaN is
 * written as "no data". Returns buf. */
char *vg_units_format(double value, const char *unit, char *buf, size_t len);

#endif

/* units: render figures in SI base units for people. */
#include "vigil_config.h"

#include "units.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void format_duration(double v, char *buf, size_t len)
{
  double a = fabs(v);
  const char *sign = v < 0 ? "-" : "";
  long s = (long)(a + 0.5);

  if (a < 60)
    snprintf(buf, len, "%s%.0f s", sign, a);
  else if (a < 3600)
    snprintf(buf, len, "%s%ld min %02ld s", sign, s / 60, s % 60);
  else if (a < 172800)
    snprintf(buf, len, "%s%ld h %02ld min", sign, s / 3600, (s % 3600) / 60);
  else
    snprintf(buf, len, "%s%ld d %02ld h", sign, s / 86400, (s % 86400) / 3600);
}

static void format_bytes(double v, char *buf, size_t len)
{
  static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;

  while (fabs(v) >= 1024 && u < 4) {
    v /= 1024;
    u++;
  }
  snprintf(buf, len, u ? "%.1f %s" : "%.0f %s", v, units[u]);
}

char *vg_units_format(double v, const char *unit, char *buf, size_t len)
{
  if (isnan(v)) {
    snprintf(buf, len, "no data");
    return buf;
  }
  if (unit == NULL)
    unit = "";
  if (strcmp(unit, "s") == 0)
    format_duration(v, buf, len);
  else if (strcmp(unit, "B") == 0)
    format_bytes(v, buf, len);
  else if (strcmp(unit, "ratio") == 0)
    snprintf(buf, len, "%.2f %%", 100.0 * v);
  else if (strcmp(unit, "ms") == 0)
    snprintf(buf, len, "%.1f ms", v);
  else if (strcmp(unit, "per-s") == 0)
    snprintf(buf, len, "%.3g /s", v);
  else if (strcmp(unit, "bool") == 0)
    snprintf(buf, len, "%s", v >= 0.5 ? "yes" : "no");
  else
    snprintf(buf, len, "%.10g", v);
  return buf;
}

/* Fuzz target: ISO 8601 date-times, dates, zones and durations, and the
 * bounded word and number readers. */
#include "textscan.h"
#include "timeutil.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *s = malloc(size + 1), buf[64];
  time_t t;
  long d;
  int off;

  if (s == NULL)
    return 0;
  memcpy(s, data, size);
  s[size] = '\0';
  if (vt_parse_time(s, &t, &off) == 0)
    vt_format_time(t, off, buf, sizeof(buf));
  if (vt_parse_duration(s, &d) == 0)
    vt_format_duration(d, buf, sizeof(buf));
  if (vt_parse_local_time(s, 25200, &t) == 0)
    vt_format_time(t, 25200, buf, sizeof(buf));
  vt_parse_zone(s, &off);
  const char *p = s;
  vt_parse_date(&p, &d);
  unsigned long long n;
  for (p = s; vs_next_word(&p, " \t:", buf, 8) != 0;) {
    const char *q = buf;
    vs_read_ull(&q, 16, &n);
  }
  free(s);
  return 0;
}

/* Fuzz target: ISO 8601 date-times and durations. */
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
  free(s);
  return 0;
}

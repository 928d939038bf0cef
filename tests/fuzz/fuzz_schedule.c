/* Fuzz target: opening-hours rules and state files of vigil_schedule. */
#include "collectd_stub.h"

#include "vigil_schedule.c"

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *s = fuzz_string(data, size);
  sc_office_t o;
  int open;
  double staff, vehicles;

  memset(&o, 0, sizeof(o));
  if (sc_parse_weekly(s, &o.weekly[0]) == 0)
    o.n_weekly = 1;
  if (sc_parse_dated(s, false, &o.dated[0]) == 0)
    o.n_dated = 1;
  sc_scheduled_open(&o, 1588230000);
  sc_read_state(fuzz_file(data, size), time(NULL), 900, &open, &staff, &vehicles);
  free(s);
  return 0;
}

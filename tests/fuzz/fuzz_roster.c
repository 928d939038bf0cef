/* Fuzz target: duty roster CSV. */
#include "common/vg_roster.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char err[1024];
  vg_roster_t r;

  if (vg_roster_load(fuzz_file(data, size), "soc", 25200, &r, err, sizeof(err)) == 0) {
    vg_roster_at(&r, 1588230000, NULL, NULL);
    vg_roster_free(&r);
  }
  return 0;
}

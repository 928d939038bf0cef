/* Fuzz target: verifying a ministry export (schema and digest). */
#include "export.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char err[4096];

  vg_export_verify(fuzz_file(data, size), VIGIL_SCHEMADIR, err, sizeof(err));
  return 0;
}

/* Fuzz target: loading a directive catalogue (XML, schema, semantics). */
#include "catalogue.h"
#include "fuzz_common.h"

#include <libxml/parser.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char err[4096];
  vg_catalogue_t *c = vg_catalogue_load(fuzz_file(data, size), VIGIL_SCHEMADIR, err, sizeof(err));

  vg_catalogue_free(c);
  return 0;
}

/* Fuzz target: loading an inventory (streamed XML, schema, categories
 * checked against the 415 catalogue). */
#include "catalogue.h"
#include "fuzz_common.h"
#include "inventory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static vg_catalogue_t *cat;
  char err[4096];

  if (cat == NULL)
    cat = vg_catalogue_load(VIGIL_TOP_SRCDIR "/directives/qng-415-stttt-2020.xml", VIGIL_SCHEMADIR,
                            err, sizeof(err));
  if (cat == NULL)
    abort();
  vg_inventory_free(vg_inventory_load(fuzz_file(data, size), VIGIL_SCHEMADIR, cat, err, sizeof(err)));
  return 0;
}

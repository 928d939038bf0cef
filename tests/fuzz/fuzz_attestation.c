/* Fuzz target: loading officers' attestations and waivers against the 415
 * catalogue and the example inventory. */
#include "attestation.h"
#include "catalogue.h"
#include "fuzz_common.h"
#include "inventory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static vg_catalogue_t *cat;
  static vg_inventory_t *inv;
  char err[4096];

  if (cat == NULL)
    cat = vg_catalogue_load(VIGIL_TOP_SRCDIR "/directives/qng-415-stttt-2020.xml", VIGIL_SCHEMADIR,
                            err, sizeof(err));
  if (cat != NULL && inv == NULL)
    inv = vg_inventory_load(VIGIL_TOP_SRCDIR "/examples/agencies.xml", VIGIL_SCHEMADIR, cat, err,
                            sizeof(err));
  if (cat == NULL || inv == NULL)
    abort();
  vg_attestations_free(
      vg_attestations_load(fuzz_file(data, size), VIGIL_SCHEMADIR, cat, inv, err, sizeof(err)));
  return 0;
}

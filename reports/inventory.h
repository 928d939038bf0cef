/* inventory: load the agencies of a province (schemas/inventory.xsd), their
 * categories and the collectd host names that report for each. */
#ifndef VIGIL_INVENTORY_H
#define VIGIL_INVENTORY_H

#include "catalogue.h"

typedef struct {
  char *id;
  vg_text_t name;
  vg_idlist_t categories;
  vg_idlist_t hosts;
  int line;
  /* Set when this agency cannot be evaluated (e.g. a category the
   * catalogue does not know): "file:line: message". Its items are then
   * reported as errors, and the other agencies go on. */
  char *error;
} vg_agency_t;

typedef struct {
  char *path;
  char sha256[65];
  char *id;
  vg_text_t province;
  vg_agency_t *agencies;
  size_t n_agencies;
} vg_inventory_t;

/* Loads and validates the inventory at path against schemadir's
 * inventory.xsd; categories are checked against cat (unless NULL). Returns the inventory
 * (free with vg_inventory_free), or NULL with "file:line: message" in err
 * when the file as a whole is unusable. */
vg_inventory_t *vg_inventory_load(const char *path, const char *schemadir,
                                  const vg_catalogue_t *cat, char *err, size_t errlen);

/* Frees inv and everything it owns; NULL is allowed. */
void vg_inventory_free(vg_inventory_t *inv);

#endif

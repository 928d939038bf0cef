/* attestation: load officers' attestations for manual checks and waivers
 * (schemas/attestation.xsd), checked against the catalogue and inventory. */
#ifndef VIGIL_ATTESTATION_H
#define VIGIL_ATTESTATION_H

#include "catalogue.h"
#include "inventory.h"

#include <stddef.h>
#include <time.h>

typedef struct {
  char *agency;
  char *check;
  int pass; /* 1 pass, 0 fail */
  char *date;
  char *officer;
  char *evidence;
} vg_attestation_t;

typedef struct {
  char *agency;
  char *check;
  time_t expires;
  char *expires_text;
  char *approver;
  char *reason;
} vg_waiver_t;

typedef struct {
  vg_idlist_t hosts;
  vg_idlist_t instances; /* glob patterns; empty: every instance */
  time_t from;
  time_t to;
  char *approver;
  char *reason;
  long line; /* in the attestation file */
} vg_maintenance_t;

typedef struct {
  char *path;
  char sha256[65];
  vg_maintenance_t *maintenance;
  size_t n_maintenance;
  vg_attestation_t *attestations;
  size_t n_attestations;
  vg_waiver_t *waivers;
  size_t n_waivers;
} vg_attestations_t;

/* Loads and validates path against schemadir's attestation.xsd. Entries
 * that name an agency or check the inventory or catalogue lacks, or attest
 * a check that is measured rather than manual, are left out with a warning
 * ("file:line: ...") on stderr; the rest load. Returns the set (free with
 * vg_attestations_free), or NULL with the reason in err when the file as a
 * whole is unusable (unreadable, invalid, for another directive). */
vg_attestations_t *vg_attestations_load(const char *path, const char *schemadir,
                                        const vg_catalogue_t *cat, const vg_inventory_t *inv,
                                        char *err, size_t errlen);

void vg_attestations_free(vg_attestations_t *a);

/* Warns ("file:line: maintenance: ...", on stderr) of each maintenance
 * entry that covers nothing: a host that is in no agency of inv, or a host
 * none of whose series in datadir has a plugin instance its instances
 * match. Returns the number of warnings. */
size_t vg_maintenance_check(const vg_attestations_t *a, const vg_inventory_t *inv,
                            const char *datadir);

/* The attestation or waiver for agency and check, or NULL. a may be NULL. */
const vg_attestation_t *vg_attestation_find(const vg_attestations_t *a, const char *agency,
                                            const char *check);
const vg_waiver_t *vg_waiver_find(const vg_attestations_t *a, const char *agency,
                                  const char *check);

/* Fills spans (room for max) with the maintenance of host and plugin
 * instance that falls in [from, to), sorted and merged. Returns the count. */
size_t vg_maintenance_spans(const vg_attestations_t *a, const char *host, const char *instance,
                            time_t from, time_t to, vg_span_t *spans, size_t max);

#endif

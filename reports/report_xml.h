/* report_xml: stream report.xml (schemas/report.xsd) agency by agency and
 * commit it atomically. */
#ifndef VIGIL_REPORT_XML_H
#define VIGIL_REPORT_XML_H

#include "attestation.h"
#include "catalogue.h"
#include "evaluate.h"
#include "inventory.h"
#include "previous.h"

#include <stddef.h>
#include <time.h>

typedef struct {
  const vg_catalogue_t *cat;
  const vg_inventory_t *inv;
  const vg_attestations_t *att;  /* or NULL */
  const vg_previous_t *previous; /* an earlier report to compare with, or NULL */
  const char *datadir;
  time_t from;
  time_t to;
  int offset; /* seconds east of UTC for every time written */
  time_t generated;
  int provisional;   /* the window is still open: to is now */
  time_t planned_to; /* with provisional: where the window will end */
} vg_report_meta_t;

typedef struct vg_xml_report vg_xml_report_t;

/* Starts a report that will replace path when committed; nothing appears
 * at path before vg_xml_report_commit. Returns the writer, or NULL with the
 * reason in err. */
vg_xml_report_t *vg_xml_report_open(const char *path, const vg_report_meta_t *meta, char *err,
                                    size_t errlen);

/* Writes one agency's results. Returns 0, or -1 on a write error (the
 * report must then be aborted). */
int vg_xml_report_agency(vg_xml_report_t *w, const vg_agency_result_t *r);

/* Writes the summary, flushes, fsyncs and renames the file into place, and
 * frees w. Returns 0, or -1 with the reason in err (nothing is left at the
 * temporary path, and path is untouched). */
int vg_xml_report_commit(vg_xml_report_t *w, char *err, size_t errlen);

/* Discards the report: removes the temporary file and frees w. NULL-safe. */
void vg_xml_report_abort(vg_xml_report_t *w);

#endif

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

/* Writes r's agency element into *xml (malloc'd, *xml_len bytes) and its
 * summary figures into *tally (malloc'd, *tally_len bytes), for a report of
 * meta; the two go to vg_xml_report_add, possibly in another process of the
 * same program. Returns 0, or -1 with nothing allocated. */
int vg_xml_agency_fragment(const vg_report_meta_t *meta, const vg_agency_result_t *r, char **xml,
                           size_t *xml_len, char **tally, size_t *tally_len);

/* Appends an agency element made by vg_xml_agency_fragment and adds its
 * figures to the summary. Returns 0, or -1 on a write error or a tally that
 * does not fit this report. */
int vg_xml_report_add(vg_xml_report_t *w, const char *xml, size_t xml_len, const char *tally,
                      size_t tally_len);

/* Writes the summary, flushes, fsyncs and renames the file into place, and
 * frees w. Returns 0, or -1 with the reason in err (nothing is left at the
 * temporary path, and path is untouched). */
int vg_xml_report_commit(vg_xml_report_t *w, char *err, size_t errlen);

/* Discards the report: removes the temporary file and frees w. NULL-safe. */
void vg_xml_report_abort(vg_xml_report_t *w);

#endif

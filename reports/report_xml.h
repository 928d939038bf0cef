/* report_xml: stream report.xml (schemas/report.xsd) agency by agency and
 * commit it atomically. */
#ifndef VIGIL_REPORT_XML_H
#define VIGIL_REPORT_XML_H

#include "attestation.h"
#include "catalogue.h"
#include "evaluate.h"
#include "inventory.h"
#include "previous.h"
#include "summary.h"
#include "atomic_file.h"

#include <stddef.h>
#include <time.h>

typedef struct vg_xml_report vg_xml_report_t;

/* Starts a report that will replace path when published; nothing appears
 * at path before that. Returns the writer, or NULL with the
 * reason in err. */
vg_xml_report_t *vg_xml_report_open(const char *path, const vg_report_meta_t *meta, char *err,
                                    size_t errlen);

/* Writes one agency's results. Returns 0, or -1 on a write error (the
 * report must then be aborted). */
int vg_xml_report_agency(vg_xml_report_t *w, const vg_agency_result_t *r);

/* Writes r's agency element into *xml (malloc'd, *xml_len bytes), for a
 * report of meta, to go to vg_xml_report_add, possibly in another process
 * of the same program. Returns 0, or -1 with nothing allocated. */
int vg_xml_agency_fragment(const vg_report_meta_t *meta, const vg_agency_result_t *r, char **xml,
                           size_t *xml_len);

/* Writes the report of meta and summary s without its agencies (what
 * comes before and after them) into *xml (malloc'd, *xml_len bytes).
 * Returns 0, or -1 with nothing allocated. */
int vg_xml_report_frame(const vg_report_meta_t *meta, const vg_summary_t *s, char **xml,
                        size_t *xml_len);

/* Appends an agency element made by vg_xml_agency_fragment. Returns 0, or
 * -1 on a write error. */
int vg_xml_report_add(vg_xml_report_t *w, const char *xml, size_t xml_len);

/* Writes the summary s, ends the document, and flushes and fsyncs it under
 * its temporary name; frees w. Returns the file, ready to publish
 * (vg_atomic_publish) or abort, or NULL with the reason in err (nothing is
 * left at the temporary path, and the destination is untouched). */
vg_atomic_file_t *vg_xml_report_finish(vg_xml_report_t *w, const vg_summary_t *s, char *err,
                                       size_t errlen);

/* Discards the report: removes the temporary file and frees w. NULL-safe. */
void vg_xml_report_abort(vg_xml_report_t *w);

#endif

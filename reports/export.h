/* export: the ministry's export (schemas/export.xsd) made from the
 * report's summary, its integrity digest, verification, and the merge of
 * provinces. */
#ifndef VIGIL_EXPORT_H
#define VIGIL_EXPORT_H

#include "atomic_file.h"
#include "signature.h"
#include "summary.h"

#include <libxml/tree.h>
#include <stddef.h>

/* Writes beside out the export of the report summed up in s, whose
 * report.xml has the SHA-256 report_sha: per item and primary agency
 * category the counts of each status, the failing agencies with their key
 * figure, and the digest; signed by signer unless it is NULL. Returns 0
 * with *prepared ready to publish (vg_atomic_publish) or abort, or -1 with
 * the reason in err (nothing left). */
int vg_export_write(const vg_summary_t *s, const char *report_sha, const vg_signer_t *signer,
                    const char *out, vg_atomic_file_t **prepared, char *err, size_t errlen);

/* Loads an export, validated against schemadir's export.xsd, whose content
 * matches its digest. Returns the document, or NULL with the reason in err. */
xmlDocPtr vg_export_load(const char *path, const char *schemadir, char *err, size_t errlen);

/* Checks the export at path: valid against schemadir's export.xsd and its
 * content digest matches. Returns 0, or -1 with the reason in err. */
int vg_export_verify(const char *path, const char *schemadir, char *err, size_t errlen);

/* Merges exports of one directive and window into out: provinces listed
 * together, counts added, failing agencies listed together. Every input
 * must be intact and, with trust (a CA certificate, PEM), signed by a
 * certificate that chains to it: each province then records who signed
 * it. With signer, out is signed. Returns 0, or -1 with the reason (naming
 * the file) in err; nothing is written then. */
int vg_export_merge(const char *const *paths, size_t n, const char *schemadir, const char *trust,
                    const vg_signer_t *signer, const char *out, char *err, size_t errlen);

#endif

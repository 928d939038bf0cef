/* export: the ministry's export (schemas/export.xsd) made from report.xml,
 * its integrity digest, verification, and the merge of provinces. */
#ifndef VIGIL_EXPORT_H
#define VIGIL_EXPORT_H

#include <stddef.h>

/* Writes to out (atomically) the export of the report at report_path:
 * per item and primary agency category the counts of each status, the
 * failing agencies with their key figure, and the digests. Returns 0, or
 * -1 with the reason in err. */
int vg_export_write(const char *report_path, const char *out, char *err, size_t errlen);

/* Checks the export at path: valid against schemadir's export.xsd and its
 * content digest matches. Returns 0, or -1 with the reason in err. */
int vg_export_verify(const char *path, const char *schemadir, char *err, size_t errlen);

/* Merges verified exports of one directive and window into out: provinces
 * listed together, counts added, failing agencies listed together.
 * Returns 0, or -1 with the reason (naming the file) in err. */
int vg_export_merge(const char *const *paths, size_t n, const char *schemadir, const char *out,
                    char *err, size_t errlen);

#endif

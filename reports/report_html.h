/* report_html: render report.xml as one self-contained HTML page with the
 * stylesheet schemas/report-html.xsl (libxslt), written atomically. */
#ifndef VIGIL_REPORT_HTML_H
#define VIGIL_REPORT_HTML_H

#include "atomic_file.h"

#include <stddef.h>

/* Transforms the report at xml_path with the stylesheet xsl_path for
 * readers of lang ("vi" or "en") and writes the page beside out, under a
 * temporary name. The stylesheet may read files but never write them or
 * use the network. Returns 0 with *page ready to publish
 * (vg_atomic_publish) or abort, or -1 with the reason in err (out is then
 * untouched, nothing left). */
int vg_html_render(const char *xml_path, const char *xsl_path, const char *lang, const char *out,
                   vg_atomic_file_t **page, char *err, size_t errlen);

#endif

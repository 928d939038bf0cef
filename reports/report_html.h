/* report_html: render report.xml as one self-contained HTML page with the
 * stylesheet schemas/report-html.xsl (libxslt), written atomically. */
#ifndef VIGIL_REPORT_HTML_H
#define VIGIL_REPORT_HTML_H

#include <stddef.h>

/* Transforms the report at xml_path with the stylesheet xsl_path for
 * readers of lang ("vi" or "en") and writes the page to out. The
 * stylesheet may read files but never write them or use the network.
 * Returns 0, or -1 with the reason in err (out is then untouched). */
int vg_html_render(const char *xml_path, const char *xsl_path, const char *lang, const char *out,
                   char *err, size_t errlen);

#endif

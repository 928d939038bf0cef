/* report_html: write report.xml as HTML with the stylesheet
 * schemas/report-html.xsl (libxslt), one agency at a time: one page (the
 * province's overview, then every agency) or a site (index.html and a page
 * per agency), in memory that does not grow with the number of agencies. */
#ifndef VIGIL_REPORT_HTML_H
#define VIGIL_REPORT_HTML_H

#include "atomic_file.h"
#include "graphs.h"
#include "html_frame.h"

#include <stddef.h>

typedef struct {
  const char *xsl;        /* the stylesheet */
  const char *lang;       /* the readers' language: "vi" or "en" */
  vg_graph_opts_t graphs; /* which graphs, drawn from the RRD files (full is set here) */
  int full;               /* the page shows every item in full, not only those that did not pass */
  int jobs;               /* worker processes drawing and transforming agencies */
  long refresh;           /* seconds after which the page reloads itself; 0: never */
} vg_html_opts_t;

/* Writes the page of the report read into frame beside out, under a temporary
 * name: the overview (header, summary, the agencies x items matrix), then
 * each agency: in full, with graphs, where an item did not pass (every
 * item with o->full), else one line of the items that pass. The stylesheet may read files but never
 * write them or use the network. Returns 0 with *page ready to publish (vg_atomic_publish) or
 * abort, or -1 with the reason in err (nothing is left behind). frame is used, not changed, and
 * stays the caller's. */
int vg_html_render(const vg_html_opts_t *o, vg_html_frame_t *frame, const char *out,
                   vg_atomic_file_t **page, char *err, size_t errlen);

/* 0 when a site may be written to dir: it is missing, empty, or holds
 * only index.html and agencies/ (a site written before); -1 with the
 * reason in err otherwise. */
int vg_html_site_check(const char *dir, char *err, size_t errlen);

/* A site made under a temporary folder beside its destination. */
typedef struct vg_html_site vg_html_site_t;

/* Writes the site of the report read into frame for the folder dir: index.html
 * (the overview, whose matrix links to the agencies' pages) and
 * agencies/ID.html (each agency in full, with the graphs of
 * o->graphs.which), under a temporary folder beside dir. dir must be
 * missing, empty, or a site written before. Returns 0 with *site ready to
 * publish, or -1 with the reason in err (nothing is left behind). */
int vg_html_render_site(const vg_html_opts_t *o, vg_html_frame_t *frame, const char *dir,
                        vg_html_site_t **site, char *err, size_t errlen);

/* Puts the site in place of its folder (an earlier site is kept aside
 * until vg_html_site_free). Returns 0, or -1 with the reason in err. */
int vg_html_site_publish(vg_html_site_t *s, char *err, size_t errlen);

/* Puts back what vg_html_site_publish replaced. */
void vg_html_site_revert(vg_html_site_t *s);

/* Removes what is not published (the new site, or the one it replaced)
 * and frees s; NULL-safe. */
void vg_html_site_free(vg_html_site_t *s);

#endif

/* html_frame: read report.xml once for the HTML writer: the frame (the
 * report without its agencies) in memory, each agency's element kept in a
 * temporary file to be read back one at a time. */
#ifndef VIGIL_HTML_FRAME_H
#define VIGIL_HTML_FRAME_H

#include <libxml/tree.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/* Where an agency's element is kept, and its matrix group. */
typedef struct {
  off_t off;
  size_t len;
  size_t group; /* 1 + the index of its first category in the catalogue; 0: none */
  char id[72];
} vg_html_agency_t;

typedef struct {
  /* the report's root and every child of it but the agencies; each
   * catalogue <category> carries members="N" (the agencies whose first
   * category it is), each summary <late-evidence> and <clock-ahead> the
   * <name>s of its agency */
  xmlDocPtr doc;
  size_t n_groups; /* categories + 1 */
  vg_html_agency_t *agencies;
  size_t n_agencies;
  FILE *store; /* the agencies' elements, one after the other */
} vg_html_frame_t;

/* Reads the report at path (a vigil report.xml, already valid). Returns
 * the frame (free with vg_html_frame_free), or NULL with the reason,
 * naming path, in err. */
vg_html_frame_t *vg_html_frame_read(const char *path, char *err, size_t errlen);

/* Parses agency i's element into a document of its own, under a
 * <report> root that declares its namespace (vg_html_frame_element finds
 * it). Returns it (free with xmlFreeDoc), or NULL when it cannot be read
 * back (out of memory or a failing disk). */
xmlDocPtr vg_html_frame_agency(const vg_html_frame_t *f, size_t i);

/* The <agency> of a document vg_html_frame_agency made. */
xmlNodePtr vg_html_frame_element(xmlDocPtr doc);

/* Frees f and removes its temporary file; NULL-safe. */
void vg_html_frame_free(vg_html_frame_t *f);

#endif

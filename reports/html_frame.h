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
  char category[72];
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

/* Reads the report at path (a vigil report.xml, already valid) into a
 * frame. Returns it (free with vg_html_frame_free), or NULL with the
 * reason, naming path, in err. */
vg_html_frame_t *vg_html_frame_read(const char *path, char *err, size_t errlen);

/* The same, from a run that has each agency's element in hand: a frame
 * with no document yet. Returns it, or NULL with the reason in err. */
vg_html_frame_t *vg_html_frame_new(char *err, size_t errlen);

/* Keeps aside the element xml (len bytes, an <agency> without namespace
 * declarations, as report.xml holds it) of agency id, whose first
 * category is category (or NULL). Returns 0, or -1 out of memory or on a
 * write error. */
int vg_html_frame_add(vg_html_frame_t *f, const char *id, const char *category, const char *xml,
                      size_t len);

/* Completes f with the report without its agencies (xml, len bytes) and
 * the attributes of the root of the report at report (its signature).
 * Returns 0, or -1 with the reason in err. */
int vg_html_frame_finish(vg_html_frame_t *f, const char *xml, size_t len, const char *report,
                         char *err, size_t errlen);

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

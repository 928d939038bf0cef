/* catalogue: load a directive catalogue (schemas/directive.xsd) into
 * memory: its sections, numbered items and the checks that evidence them. */
#ifndef VIGIL_CATALOGUE_H
#define VIGIL_CATALOGUE_H

#include "aggregate.h"

#include <stddef.h>
#include <time.h>

/* A text in Vietnamese and English; either may be "" but never NULL. */
typedef struct {
  char *vi;
  char *en;
} vg_text_t;

/* A space-separated list of identifiers, split. */
typedef struct {
  char **ids;
  size_t n;
} vg_idlist_t;

typedef enum { VG_ANCHOR_WINDOW, VG_ANCHOR_START, VG_ANCHOR_END } vg_anchor_t;

/* Which series a check reads: glob patterns over collectd's identifier. */
typedef struct {
  char *host;
  char *plugin;
  char *plugin_instance; /* "*" when the catalogue gives none */
  char *type;
  char *type_instance; /* "*" when the catalogue gives none */
  char *ds;
} vg_selector_t;

typedef struct {
  char *id;
  char *severity;
  vg_text_t title;
  vg_text_t rationale;
  vg_text_t remediation;
  int line; /* line in the catalogue file */
  int manual;
  vg_idlist_t applies_to; /* n == 0: the item's categories */
  vg_selector_t metric;
  vg_anchor_t anchor;
  long from_offset; /* seconds added to the anchor's start */
  long to_offset;   /* seconds added to the anchor's end */
  vg_agg_spec_t agg;
  vg_cond_t expect;
  char *unit;
  double alarm_margin; /* <alarm margin>: how much sooner the live threshold breaks; 0 */
  double min_coverage;
  int combine_any;
  char *breakdown;   /* type-instance pattern of the parts to list, or NULL */
  int breakdown_top; /* how many */
} vg_check_t;

typedef struct {
  char *id;
  vg_text_t title;
  vg_text_t text;
  vg_idlist_t applies_to;
  vg_check_t *checks;
  size_t n_checks;
} vg_item_t;

typedef struct {
  char *id;
  vg_text_t title;
  vg_item_t *items;
  size_t n_items;
} vg_section_t;

typedef struct {
  char *id;
  vg_text_t label;
} vg_category_t;

typedef struct {
  char *path;
  char sha256[65];
  char *id;
  char *number;
  char *date;
  vg_text_t issuer;
  vg_text_t title;
  time_t window_from;
  time_t window_to;
  int window_offset; /* the offset the window was written with, seconds */
  long silent_after; /* seconds without an update after which an agency is silent */
  vg_category_t *categories;
  size_t n_categories;
  vg_section_t *sections;
  size_t n_sections;
} vg_catalogue_t;

/* Loads and validates the catalogue at path against schemadir's
 * directive.xsd. Returns the catalogue (free with vg_catalogue_free), or
 * NULL with "file:line: message" in err. */
vg_catalogue_t *vg_catalogue_load(const char *path, const char *schemadir, char *err,
                                  size_t errlen);

/* Frees c and everything it owns; NULL is allowed. */
void vg_catalogue_free(vg_catalogue_t *c);

/* Returns 1 when the catalogue declares category id. */
int vg_catalogue_has_category(const vg_catalogue_t *c, const char *id);

/* The period a check reads, for the window [from, to). */
/* Writes sel as collectd names its files, "plugin-instance/type-instance"
 * (the patterns as given), into buf. */
void vg_selector_format(const vg_selector_t *sel, char *buf, size_t len);

void vg_check_period(const vg_check_t *chk, time_t from, time_t to, time_t *p_from, time_t *p_to);

/* Returns 1 when list contains id. */
int vg_idlist_has(const vg_idlist_t *list, const char *id);

/* Frees the strings of t / list; NULL-safe members. */
void vg_text_free(vg_text_t *t);
void vg_idlist_free(vg_idlist_t *list);

/* Splits a space-separated list into l. Returns 0, or -1 out of memory. */
int vg_idlist_split(const char *s, vg_idlist_t *l);

#endif

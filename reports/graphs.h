/* graphs: draw the graphs an HTML page shows of an agency's evidence, from
 * the RRD files the evidence names, into the agency's report.xml element. */
#ifndef VIGIL_GRAPHS_H
#define VIGIL_GRAPHS_H

#include "attestation.h"
#include "catalogue.h"

#include <libxml/tree.h>

typedef enum { VG_GRAPHS_NONE, VG_GRAPHS_PROBLEMS, VG_GRAPHS_ALL } vg_graphs_t;

/* What to draw and how. */
typedef struct {
  const vg_catalogue_t *cat;    /* the checks' rules (the graphs' lines) */
  const vg_attestations_t *att; /* approved maintenance, shaded; or NULL */
  const char *datadir;          /* the evidence's files are relative to it */
  int offset;                   /* of the time axis, seconds east of UTC */
  vg_graphs_t which;            /* every evidence, or those that did not pass */
  int full;                     /* 0: only the items that did not pass are shown */
} vg_graph_opts_t;

/* Reads, once, the series of each evidence of agency (report.xml's
 * <agency> element) that o wants drawn and that is shown, and adds its
 * graph as a <graph type="image/png"> child (base64). A graph that cannot
 * be drawn is left out, with a line on stderr; the figures stand without
 * it. Returns the number of graphs added, or -1 out of memory. */
int vg_graphs_add(const vg_graph_opts_t *o, xmlNodePtr agency);

#endif

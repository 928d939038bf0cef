/* graphs: draw the PNG of each evidence series a report shows, from the
 * series read for the evaluation (no file is read again). */
#ifndef VIGIL_GRAPHS_H
#define VIGIL_GRAPHS_H

#include "evaluate.h"

/* Draws a graph for each evidence of r that ctx->graphs asks for (all, or
 * those that did not pass) and whose series was read, into the evidence's
 * png. A graph that cannot be drawn is left out, with a line on stderr;
 * the figures stand without it. Returns 0, or -1 out of memory. */
int vg_graphs_draw(const vg_eval_ctx_t *ctx, const vg_agency_data_t *d, vg_agency_result_t *r);

#endif

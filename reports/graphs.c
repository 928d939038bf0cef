/* graphs: draw the PNG of each evidence series a report shows, from the
 * series read for the evaluation (no file is read again). */
#include "vigil_config.h"

#include "graphs.h"

#include "rrd_source.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum { MAX_SPANS = 64 };

/* Draws ev's graph for check result cr from the series in store, with the
 * approved maintenance of its host and plugin instance shaded. */
static void draw(const vg_eval_ctx_t *ctx, const vg_store_t *store, const vg_check_result_t *cr,
                 vg_evidence_t *ev)
{
  const vg_check_t *chk = cr->check;
  vg_span_t spans[MAX_SPANS];
  char err[1024];
  double rule = NAN;
  int en = ctx->lang != NULL && strcmp(ctx->lang, "en") == 0;
  vg_graph_look_t look = {
      ctx->offset, en ? "value" : "giá trị", en ? "no data" : "không có dữ liệu",
      en ? "approved maintenance" : "bảo trì được duyệt", en ? "threshold" : "ngưỡng"};
  vg_fetch_t f;

  if (chk->agg.fn == VG_AGG_TIME_SHARE || chk->agg.fn == VG_AGG_LONGEST_RUN) {
    rule = chk->agg.cond.threshold;
    look.rule = en ? "condition" : "điều kiện";
  } else if (chk->agg.fn != VG_AGG_COVERAGE) {
    rule = chk->expect.threshold;
  }
  if (vg_store_fetch(store, ev->path, chk->metric.ds, cr->from, cr->to, &f, err, sizeof(err)) != 0)
    return;
  f.s.n_exclude = vg_maintenance_spans(ctx->att, ev->host, ev->plugin_instance, cr->from, cr->to,
                                       spans, MAX_SPANS);
  f.s.exclude = spans;
  if (vg_rrd_graph(&f.s, ev->file, cr->from, cr->to, rule, &look, &ev->png, &ev->png_len, err,
                   sizeof(err)) != 0)
    fprintf(stderr, "vigil-report: %s\n", err);
  vg_fetch_free(&f);
}

int vg_graphs_draw(const vg_eval_ctx_t *ctx, const vg_agency_data_t *d, vg_agency_result_t *r)
{
  if (ctx->graphs == VG_GRAPHS_NONE)
    return 0;
  for (size_t i = 0; i < r->n_items; i++) {
    for (size_t j = 0; j < r->items[i].n_checks; j++) {
      vg_check_result_t *cr = &r->items[i].checks[j];
      for (size_t k = 0; k < cr->n_evidence; k++) {
        vg_evidence_t *ev = &cr->evidence[k];
        if (ev->step == 0 || (ctx->graphs == VG_GRAPHS_PROBLEMS && ev->status == VG_ST_PASS))
          continue;
        draw(ctx, vg_agency_data_store(d), cr, ev);
      }
    }
  }
  return 0;
}

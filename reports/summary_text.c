/* summary_text: a short terminal summary of a report. */
#include "vigil_config.h"

#include "summary_text.h"

#include "timeutil.h"

#include "units.h"

#include <math.h>
#include <string.h>

/* The check that explains an item's status: the first whose status equals
 * the item's, else the first. */
static const vg_check_result_t *key_check(const vg_item_result_t *ir)
{
  for (size_t i = 0; i < ir->n_checks; i++)
    if (ir->checks[i].status == ir->status)
      return &ir->checks[i];
  return ir->n_checks ? &ir->checks[0] : NULL;
}

/* The evidence that explains a check's status, or NULL. */
static const vg_evidence_t *key_evidence(const vg_check_result_t *cr)
{
  for (size_t i = 0; i < cr->n_evidence; i++)
    if (cr->evidence[i].status == cr->status)
      return &cr->evidence[i];
  return cr->n_evidence ? &cr->evidence[0] : NULL;
}

static void key_figure(const vg_check_result_t *cr, char *buf, size_t len)
{
  const vg_evidence_t *ev = key_evidence(cr);
  const vg_check_t *c = cr->check;
  char v[64], t[64];

  if (cr->status == VG_ST_NOT_APPLICABLE) {
    snprintf(buf, len, "-");
    return;
  }
  if (cr->status == VG_ST_WAIVED) {
    snprintf(buf, len, "%s: waived by %s until %s (measured: %s)", c->id, cr->waiver->approver,
             cr->waiver->expires_text, vg_status_name(cr->measured));
    return;
  }
  if (cr->attestation != NULL) {
    const char *when = cr->dated == NULL                         ? ""
                       : strcmp(cr->dated, "before-window") == 0 ? ", before the window"
                       : strcmp(cr->dated, "after-window") == 0  ? ", after the window"
                                                                 : ", after this report was made";
    snprintf(buf, len, "%s: attested %s by %s on %s%s", c->id,
             cr->attestation->pass ? "pass" : "fail", cr->attestation->officer,
             cr->attestation->date, when);
    return;
  }
  if (ev == NULL || isnan(ev->agg.value)) {
    const char *why = ev && ev->reason ? ev->reason : cr->reason ? cr->reason : "no data";
    snprintf(buf, len, "%s: %s", c->id, why);
    return;
  }
  vg_units_format(ev->agg.value, c->unit, v, sizeof(v));
  vg_units_format(c->expect.threshold, c->unit, t, sizeof(t));
  int n = snprintf(buf, len, "%s: %s%s%s (%s %s; %s)", c->id, v, ev->plugin_instance[0] ? " @" : "",
                   ev->plugin_instance, vg_op_symbol(c->expect.op), t,
                   ev->reason ? ev->reason : vg_status_name(ev->status));
  /* the journal's longest incident, when it alone breaks the limit */
  if (ev->n_incidents > 0 && ev->incidents[0].over && n > 0 && (size_t)n < len) {
    char age[64], opened[40];
    vg_units_format(ev->incidents[0].age, "s", age, sizeof(age));
    vt_format_time(ev->incidents[0].inc->opened, 0, opened, sizeof(opened));
    snprintf(buf + n, len - (size_t)n, "; incident %s opened %s, open %s", ev->incidents[0].inc->id,
             opened, age);
  }
}

void vg_summary_agency(FILE *fp, const vg_agency_result_t *r)
{
  char fig[1024];

  fprintf(fp, "%s (%s)\n", r->agency->id, r->agency->name.en);
  for (size_t i = 0; i < r->n_items; i++) {
    const vg_item_result_t *ir = &r->items[i];
    const vg_check_result_t *cr = key_check(ir);
    if (cr != NULL)
      key_figure(cr, fig, sizeof(fig));
    else
      snprintf(fig, sizeof(fig), "-");
    fprintf(fp, "  %-6s %-15s %s\n", ir->item->id, vg_status_name(ir->status), fig);
  }
}

/* Status codes for the table: in full, 6 wide, or compact, 2 wide. */
static const char *short_status(vg_status_t s, int compact)
{
  static const char *const codes[] = {"PASS",  "FAIL", "NODATA", "ERROR", "pass*",
                                      "fail*", "-",    "WAIVED", "RISK"};
  static const char *const tiny[] = {"P", "F", "?", "E", "p*", "f*", "-", "W", "R"};
  return compact ? tiny[s] : codes[s];
}

enum { FULL_NAME_W = 24, FULL_COL_W = 7, MIN_NAME_W = 8 };

vg_table_layout_t vg_table_layout(const vg_catalogue_t *cat, int width)
{
  vg_table_layout_t l = {FULL_NAME_W, FULL_COL_W, 0, width > 0 ? width : 0};
  size_t n = 0, id_w = 2;

  for (size_t s = 0; s < cat->n_sections; s++)
    for (size_t i = 0; i < cat->sections[s].n_items; i++) {
      size_t w = strlen(cat->sections[s].items[i].id);
      if (w > id_w)
        id_w = w;
      n++;
    }
  if (id_w + 1 > FULL_COL_W)
    l.col_w = (int)id_w + 1;
  if (width <= 0 || FULL_NAME_W + (size_t)l.col_w * n <= (size_t)width)
    return l;
  l.compact = 1;
  l.col_w = (int)id_w + 1;
  long left = (long)width - (long)((size_t)l.col_w * n);
  l.name_w = left > FULL_NAME_W ? FULL_NAME_W : left < MIN_NAME_W ? MIN_NAME_W : (int)left;
  return l;
}

void vg_table_header(FILE *fp, const vg_catalogue_t *cat, const vg_table_layout_t *l)
{
  fprintf(fp, "%-*.*s", l->name_w, l->name_w, "agency");
  for (size_t s = 0; s < cat->n_sections; s++)
    for (size_t i = 0; i < cat->sections[s].n_items; i++)
      fprintf(fp, " %-*s", l->col_w - 1, cat->sections[s].items[i].id);
  fputc('\n', fp);
}

void vg_table_row(FILE *fp, const vg_agency_result_t *r, const vg_table_layout_t *l)
{
  fprintf(fp, "%-*.*s", l->name_w, l->name_w, r->agency->id);
  for (size_t i = 0; i < r->n_items; i++)
    fprintf(fp, " %-*s", l->col_w - 1, short_status(r->items[i].status, l->compact));
  fputc('\n', fp);
}

void vg_table_legend(FILE *fp, const vg_table_layout_t *l)
{
  static const char *const full[] = {
      "PASS/FAIL measured;",     "pass*/fail* attested by an officer;",
      "NODATA too little data;", "ERROR unreadable data;",
      "WAIVED exempted;",        "RISK budget runs out before the end;",
      "- not applicable.",       NULL};
  static const char *const tiny[] = {"P/F measured pass/fail;",
                                     "p*/f* attested by an officer;",
                                     "? too little data;",
                                     "E unreadable data;",
                                     "W waived;",
                                     "R at risk;",
                                     "- not applicable.",
                                     NULL};
  const char *const *parts = l->compact ? tiny : full;
  size_t width = l->width > 0 ? (size_t)l->width : 80, used = 0;

  /* the parts in lines no wider than the table's */
  for (size_t i = 0; parts[i] != NULL; i++) {
    size_t n = strlen(parts[i]);
    if (used > 0 && used + 1 + n > width) {
      fputc('\n', fp);
      used = 0;
    }
    if (used > 0) {
      fputc(' ', fp);
      used++;
    }
    fputs(parts[i], fp);
    used += n;
  }
  fputc('\n', fp);
}

void vg_summary_watch_text(FILE *fp, const vg_summary_t *s)
{
  int off = s->meta->offset;
  char when[64], dur[64];

  for (size_t i = 0; i < s->n_silent; i++) {
    const vg_silent_t *q = &s->silent[i];
    fprintf(fp, "SILENT: %s: no update since %s (%s)\n", s->meta->inv->agencies[q->agency].id,
            vt_format_time(q->newest, off, when, sizeof(when)),
            vg_units_format(q->age, "s", dur, sizeof(dur)));
  }
  for (size_t i = 0; i < s->n_at_risk; i++) {
    const vg_at_risk_t *r = &s->at_risk[i];
    fprintf(fp, "AT RISK: %s %s: the budget runs out at %s (%s left)\n",
            s->meta->inv->agencies[r->agency].id, r->check->id,
            vt_format_time(r->exhausted, off, when, sizeof(when)),
            vg_units_format(r->left, "s", dur, sizeof(dur)));
  }
}

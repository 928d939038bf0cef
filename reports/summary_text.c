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

/* Short status codes for the table, 6 wide. */
static const char *short_status(vg_status_t s)
{
  static const char *const codes[] = {"PASS",  "FAIL",  "NODATA", "ERROR",
                                      "pass*", "fail*", "-",      "WAIVED"};
  return codes[s];
}

void vg_table_header(FILE *fp, const vg_catalogue_t *cat)
{
  fprintf(fp, "%-24s", "agency");
  for (size_t s = 0; s < cat->n_sections; s++)
    for (size_t i = 0; i < cat->sections[s].n_items; i++)
      fprintf(fp, " %-6s", cat->sections[s].items[i].id);
  fputc('\n', fp);
}

void vg_table_row(FILE *fp, const vg_agency_result_t *r)
{
  fprintf(fp, "%-24.24s", r->agency->id);
  for (size_t i = 0; i < r->n_items; i++)
    fprintf(fp, " %-6s", short_status(r->items[i].status));
  fputc('\n', fp);
}

void vg_table_legend(FILE *fp)
{
  fprintf(fp, "PASS/FAIL measured; pass*/fail* attested by an officer; NODATA too little data;\n"
              "ERROR unreadable data; WAIVED exempted; - not applicable.\n");
}

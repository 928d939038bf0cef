/* report_xml: stream report.xml (schemas/report.xsd) agency by agency and
 * commit it atomically. */
#include "vigil_config.h"

#include "report_xml.h"

#include "late.h"

#include "atomic_file.h"
#include "timeutil.h"
#include "units.h"

#include <libxml/xmlwriter.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REPORT_NS "urn:vigil:report:1"

struct vg_xml_report {
  vg_atomic_file_t *file;
  xmlTextWriterPtr xw;
  const vg_report_meta_t *meta;
  int failed;
};

/* The writer calls below record a failure in w->failed instead of
 * returning at each call: a report with any failed call is never
 * committed. */
static void chk(vg_xml_report_t *w, int rc)
{
  if (rc < 0)
    w->failed = 1;
}

static void start(vg_xml_report_t *w, const char *name)
{
  chk(w, xmlTextWriterStartElement(w->xw, BAD_CAST name));
}

static void end(vg_xml_report_t *w)
{
  chk(w, xmlTextWriterEndElement(w->xw));
}

static void attr(vg_xml_report_t *w, const char *name, const char *value)
{
  if (value != NULL)
    chk(w, xmlTextWriterWriteAttribute(w->xw, BAD_CAST name, BAD_CAST value));
}

/* Writes v in decimal into buf (room for 24); returns buf. snprintf's
 * "%lu", without its cost: most figures of a report are whole numbers. */
static char *fmt_uint(unsigned long long v, char *buf)
{
  char tmp[24];
  size_t n = 0, k = 0;

  do {
    tmp[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v > 0);
  while (n > 0)
    buf[k++] = tmp[--n];
  buf[k] = '\0';
  return buf;
}

static void attr_num(vg_xml_report_t *w, const char *name, double v)
{
  char buf[64];

  if (isnan(v) || isinf(v))
    return;
  if (v == floor(v) && fabs(v) < 1e10) {
    /* what "%.10g" writes for a whole number of at most 10 digits */
    buf[0] = '-';
    fmt_uint((unsigned long long)fabs(v), signbit(v) ? buf + 1 : buf);
  } else {
    snprintf(buf, sizeof(buf), "%.10g", v);
  }
  attr(w, name, buf);
}

static void attr_uint(vg_xml_report_t *w, const char *name, unsigned long v)
{
  char buf[32];

  attr(w, name, fmt_uint(v, buf));
}

static void attr_time(vg_xml_report_t *w, const char *name, time_t t)
{
  char buf[64];

  if (vt_format_time(t, w->meta->offset, buf, sizeof(buf)) != NULL)
    attr(w, name, buf);
}

static void element_text(vg_xml_report_t *w, const char *name, const char *lang, const char *text)
{
  if (text == NULL || text[0] == '\0')
    return;
  start(w, name);
  if (lang != NULL)
    chk(w, xmlTextWriterWriteAttribute(w->xw, BAD_CAST "xml:lang", BAD_CAST lang));
  chk(w, xmlTextWriterWriteString(w->xw, BAD_CAST text));
  end(w);
}

static void texts(vg_xml_report_t *w, const char *name, const vg_text_t *t)
{
  element_text(w, name, "vi", t->vi);
  element_text(w, name, "en", t->en);
}

/* The catalogue's categories, sections and items with their texts, so
 * that the report can be read (and rendered) on its own. */
static void write_outline(vg_xml_report_t *w)
{
  const vg_catalogue_t *cat = w->meta->cat;

  start(w, "catalogue");
  for (size_t i = 0; i < cat->n_categories; i++) {
    start(w, "category");
    attr(w, "id", cat->categories[i].id);
    texts(w, "label", &cat->categories[i].label);
    end(w);
  }
  for (size_t s = 0; s < cat->n_sections; s++) {
    const vg_section_t *sec = &cat->sections[s];
    start(w, "section");
    attr(w, "id", sec->id);
    texts(w, "title", &sec->title);
    for (size_t i = 0; i < sec->n_items; i++) {
      start(w, "item");
      attr(w, "id", sec->items[i].id);
      texts(w, "title", &sec->items[i].title);
      texts(w, "text", &sec->items[i].text);
      end(w);
    }
    end(w);
  }
  end(w);
}

static void write_header(vg_xml_report_t *w)
{
  const vg_report_meta_t *m = w->meta;

  chk(w, xmlTextWriterStartDocument(w->xw, NULL, "UTF-8", NULL));
  chk(w, xmlTextWriterSetIndent(w->xw, 1));
  chk(w, xmlTextWriterStartElementNS(w->xw, NULL, BAD_CAST "report", BAD_CAST REPORT_NS));
  attr(w, "generator", PACKAGE_NAME "-report " PACKAGE_VERSION);
  attr_time(w, "generated", m->generated);
  if (m->provisional)
    attr(w, "provisional", "true");
  start(w, "directive");
  attr(w, "id", m->cat->id);
  attr(w, "number", m->cat->number);
  attr(w, "date", m->cat->date);
  texts(w, "issuer", &m->cat->issuer);
  texts(w, "title", &m->cat->title);
  end(w);
  start(w, "window");
  attr_time(w, "from", m->from);
  attr_time(w, "to", m->to);
  if (m->provisional) {
    attr(w, "provisional", "true");
    attr_time(w, "planned-to", m->planned_to);
  }
  end(w);
  start(w, "sources");
  attr(w, "catalogue", m->cat->path);
  attr(w, "catalogue-sha256", m->cat->sha256);
  attr(w, "inventory", m->inv->path);
  attr(w, "inventory-sha256", m->inv->sha256);
  attr(w, "datadir", m->datadir);
  end(w);
  start(w, "province");
  attr(w, "id", m->inv->id);
  texts(w, "name", &m->inv->province);
  end(w);
  write_outline(w);
}

static void write_expect(vg_xml_report_t *w, const vg_check_t *c)
{
  char shown[96], v[64];

  start(w, "expect");
  attr(w, "op", vg_op_name(c->expect.op));
  attr_num(w, "value", c->expect.threshold);
  attr(w, "unit", c->unit);
  snprintf(shown, sizeof(shown), "%s %s", vg_op_symbol(c->expect.op),
           vg_units_format(c->expect.threshold, c->unit, v, sizeof(v)));
  attr(w, "shown", shown);
  end(w);
  start(w, "aggregate");
  attr(w, "function", vg_agg_fn_name(c->agg.fn));
  if (c->agg.fn == VG_AGG_TIME_SHARE || c->agg.fn == VG_AGG_LONGEST_RUN) {
    attr(w, "op", vg_op_name(c->agg.cond.op));
    attr_num(w, "value", c->agg.cond.threshold);
  }
  if (c->agg.fn == VG_AGG_LONGEST_RUN)
    attr(w, "state", c->agg.run_held ? "held" : "failed");
  end(w);
}

/* Lists spans as <name from to seconds/>, the first VG_MAX_LISTED. */
static void write_spans(vg_xml_report_t *w, const char *name, const vg_span_t *spans, size_t n)
{
  for (size_t i = 0; i < n && i < VG_MAX_LISTED; i++) {
    start(w, name);
    attr_time(w, "from", spans[i].from);
    attr_time(w, "to", spans[i].to);
    attr_uint(w, "seconds", (unsigned long)(spans[i].to - spans[i].from));
    end(w);
  }
}

/* <reason code="..." (its figures)>the English sentence</reason>, as
 * report.xsd lists the codes; nothing without text. */
static void write_reason(vg_xml_report_t *w, const vg_check_t *c, const vg_reason_t *why,
                         const char *text)
{
  char metric[1024];

  if (text == NULL)
    return;
  start(w, "reason");
  if (why->code != NULL) {
    attr(w, "code", why->code);
    if (strcmp(why->code, "low-coverage") == 0) {
      attr_num(w, "coverage", why->figures[0]);
      attr_num(w, "needed", why->figures[1]);
    } else if (strcmp(why->code, "inconclusive") == 0) {
      attr_num(w, "step", why->figures[0]);
      attr_num(w, "lower", why->figures[1]);
      attr_num(w, "upper", why->figures[2]);
      attr(w, "lower-shown", vg_units_format(why->figures[1], c->unit, metric, sizeof(metric)));
      attr(w, "upper-shown", vg_units_format(why->figures[2], c->unit, metric, sizeof(metric)));
    } else if (strcmp(why->code, "no-file") == 0) {
      vg_selector_format(&c->metric, metric, sizeof(metric));
      attr(w, "metric", metric);
    } else if (strcmp(why->code, "at-risk") == 0) {
      attr_num(w, "left", why->figures[0]);
      attr(w, "left-shown", vg_units_format(why->figures[0], "s", metric, sizeof(metric)));
      attr_time(w, "exhausted", (time_t)why->figures[1]);
      attr_num(w, "rate", why->figures[2]);
    }
  }
  chk(w, xmlTextWriterWriteString(w->xw, BAD_CAST text));
  end(w);
}

/* A duration in seconds as a number and in words. */
static void attr_seconds(vg_xml_report_t *w, const char *name, double v)
{
  char key[64], shown[64];

  snprintf(key, sizeof(key), "%s-seconds", name);
  attr_num(w, key, v);
  snprintf(key, sizeof(key), "%s-shown", name);
  attr(w, key, vg_units_format(v, "s", shown, sizeof(shown)));
}

/* <budget>: what the rule allows over the whole period, spent and left. */
static void write_budget(vg_xml_report_t *w, const vg_budget_t *b)
{
  if (b->kind == VG_BUDGET_NONE)
    return;
  start(w, "budget");
  attr(w, "kind", b->kind == VG_BUDGET_RUN ? "run" : "share");
  attr(w, "state", b->spent_out ? "spent" : b->at_risk ? "at-risk" : "ok");
  attr(w, "open", b->open ? "true" : "false");
  attr_seconds(w, "allowed", b->allowed);
  attr_seconds(w, "spent", b->spent);
  attr_seconds(w, "left", b->left);
  if (b->kind == VG_BUDGET_RUN)
    attr_seconds(w, "current", b->current);
  if (b->open && b->kind == VG_BUDGET_SHARE) {
    attr_num(w, "rate", b->rate);
    attr_time(w, "rate-from", b->burn_from);
  }
  if (b->exhausted != 0)
    attr_time(w, "exhausted", b->exhausted);
  end(w);
}

static void write_evidence(vg_xml_report_t *w, const vg_check_t *c, const vg_evidence_t *ev)
{
  start(w, "evidence");
  attr(w, "status", vg_status_name(ev->status));
  attr(w, "host", ev->host);
  attr(w, "plugin", c->metric.plugin);
  attr(w, "plugin-instance", ev->plugin_instance);
  attr(w, "type", c->metric.type);
  attr(w, "type-instance", ev->type_instance);
  attr(w, "ds", c->metric.ds);
  attr(w, "file", ev->file);
  attr_num(w, "value", ev->agg.value);
  if (!isnan(ev->agg.value)) {
    char shown[64];
    attr(w, "shown", vg_units_format(ev->agg.value, c->unit, shown, sizeof(shown)));
    attr_num(w, "lower", ev->agg.lower);
    attr_num(w, "upper", ev->agg.upper);
    attr(w, "exact", ev->agg.exact ? "true" : "false");
  }
  attr_num(w, "coverage", ev->agg.coverage);
  attr_num(w, "known-seconds", ev->agg.known);
  if (ev->step > 0) {
    attr_uint(w, "step", ev->step);
    attr(w, "consolidation", ev->min_max ? "AVERAGE MIN MAX" : "AVERAGE");
  }
  if (ev->agg.at > 0)
    attr_time(w, "at", ev->agg.at);
  if (c->agg.fn == VG_AGG_TIME_SHARE && !isnan(ev->agg.value))
    attr_num(w, "unplanned-outage-seconds", ev->unplanned_outage);
  if (ev->n_outages > 0)
    attr_uint(w, "outages", ev->n_outages);
  if (ev->n_gaps > 0)
    attr_uint(w, "gaps", ev->n_gaps);
  if (ev->incidents != NULL)
    attr_uint(w, "incidents", ev->all_incidents);
  if (ev->maintenance > 0) {
    attr_num(w, "maintenance-seconds", ev->maintenance);
    attr_num(w, "planned-outage-seconds", ev->planned_outage);
  }
  write_reason(w, c, &ev->why, ev->reason);
  for (size_t i = 0; i < ev->n_parts; i++) {
    char shown[64];
    start(w, "part");
    attr(w, "name", ev->parts[i].name);
    attr_num(w, "value", ev->parts[i].value);
    attr(w, "shown", vg_units_format(ev->parts[i].value, c->unit, shown, sizeof(shown)));
    end(w);
  }
  write_spans(w, "outage", ev->outages, ev->n_outages);
  write_spans(w, "gap", ev->gaps, ev->n_gaps);
  for (size_t i = 0; i < ev->n_incidents; i++) {
    const vg_incident_ref_t *r = &ev->incidents[i];
    char shown[64];
    start(w, "incident");
    attr(w, "id", r->inc->id);
    attr(w, "subject", r->inc->subject);
    attr_time(w, "opened", r->inc->opened);
    if (r->inc->closed != 0)
      attr_time(w, "closed", r->inc->closed);
    attr_num(w, "age-seconds", r->age);
    attr(w, "shown", vg_units_format(r->age, "s", shown, sizeof(shown)));
    if (r->inc->acked != 0) {
      attr_time(w, "acknowledged", r->inc->acked);
      attr(w, "acknowledged-by", r->inc->ack_by);
    }
    if (r->over)
      attr(w, "over", "true");
    chk(w, xmlTextWriterWriteString(w->xw, BAD_CAST r->inc->message));
    end(w);
  }
  write_budget(w, &ev->budget);
  end(w);
}

/* An officer's attestation and a waiver, as recorded, never as measured. */
static void write_attestation(vg_xml_report_t *w, const vg_check_result_t *cr)
{
  if (cr->attestation != NULL) {
    start(w, "attestation");
    attr(w, "result", cr->attestation->pass ? "pass" : "fail");
    attr(w, "date", cr->attestation->date);
    attr(w, "officer", cr->attestation->officer);
    if (cr->dated != NULL)
      attr(w, "dated", cr->dated);
    chk(w, xmlTextWriterWriteString(w->xw, BAD_CAST cr->attestation->evidence));
    end(w);
  }
  if (cr->waiver != NULL) {
    start(w, "waiver");
    attr(w, "applied", cr->waiver_applies ? "true" : "false");
    attr(w, "expires", cr->waiver->expires_text);
    attr(w, "approver", cr->waiver->approver);
    chk(w, xmlTextWriterWriteString(w->xw, BAD_CAST cr->waiver->reason));
    end(w);
  }
}

static void write_check(vg_xml_report_t *w, const vg_check_result_t *cr)
{
  const vg_check_t *c = cr->check;

  start(w, "check");
  attr(w, "id", c->id);
  attr(w, "status", vg_status_name(cr->status));
  attr(w, "severity", c->severity);
  attr(w, "kind", c->manual ? "manual" : "metric");
  if (cr->status == VG_ST_WAIVED)
    attr(w, "measured-status", vg_status_name(cr->measured));
  if (!c->manual && cr->status != VG_ST_NOT_APPLICABLE)
    attr_num(w, "min-coverage", c->min_coverage);
  texts(w, "title", &c->title);
  if (!c->manual && cr->status != VG_ST_NOT_APPLICABLE) {
    start(w, "period");
    attr_time(w, "from", cr->from);
    attr_time(w, "to", cr->to);
    end(w);
    write_expect(w, c);
  }
  write_reason(w, c, &cr->why, cr->reason);
  write_attestation(w, cr);
  if (cr->status == VG_ST_FAIL || cr->status == VG_ST_MANUAL_FAIL)
    texts(w, "remediation", &c->remediation);
  for (size_t i = 0; i < cr->n_evidence; i++)
    write_evidence(w, c, &cr->evidence[i]);
  end(w);
}

/* With a previous report: the item's earlier status and what changed. */
static void write_change(vg_xml_report_t *w, const char *agency, const vg_item_result_t *ir)
{
  const char *before = vg_previous_status(w->meta->previous, agency, ir->item->id);
  const char *change = vg_previous_change(before, vg_status_name(ir->status));

  if (before == NULL)
    return;
  attr(w, "previous", before);
  attr(w, "change", change);
}

/* Writes the agency element of r with w's writer. */
static void write_agency(vg_xml_report_t *w, const vg_agency_result_t *r)
{
  const vg_agency_t *a = r->agency;
  char cats[1024] = "";

  for (size_t i = 0; i < a->categories.n; i++) {
    size_t used = strlen(cats);
    snprintf(cats + used, sizeof(cats) - used, "%s%s", i ? " " : "", a->categories.ids[i]);
  }
  start(w, "agency");
  attr(w, "id", a->id);
  attr(w, "categories", cats);
  texts(w, "name", &a->name);
  for (size_t i = 0; i < a->hosts.n; i++)
    element_text(w, "host", NULL, a->hosts.ids[i]);
  element_text(w, "error", NULL, a->error);
  if (r->newest > 0) {
    vg_freshness_t f;
    vg_freshness(w->meta->cat, w->meta->to, r->newest, r->slowest_step, &f);
    start(w, "freshness");
    attr_time(w, "newest", r->newest);
    attr_seconds(w, "age", f.age);
    attr_num(w, "limit-seconds", f.limit);
    attr(w, "silent", f.silent ? "true" : "false");
    end(w);
  }
  for (size_t i = 0; i < r->n_items; i++) {
    const vg_item_result_t *ir = &r->items[i];
    start(w, "item");
    attr(w, "id", ir->item->id);
    attr(w, "status", vg_status_name(ir->status));
    write_change(w, a->id, ir);
    for (size_t j = 0; j < ir->n_checks; j++)
      write_check(w, &ir->checks[j]);
    end(w);
  }
  end(w);
}

int vg_xml_report_add(vg_xml_report_t *w, const char *xml, size_t xml_len)
{
  if (xml_len > INT_MAX)
    return -1;
  chk(w, xmlTextWriterWriteRawLen(w->xw, BAD_CAST xml, (int)xml_len));
  return w->failed ? -1 : 0;
}

int vg_xml_report_agency(vg_xml_report_t *w, const vg_agency_result_t *r)
{
  char *xml;
  size_t xml_len;
  int rc;

  if (vg_xml_agency_fragment(w->meta, r, &xml, &xml_len) != 0)
    return -1;
  rc = vg_xml_report_add(w, xml, xml_len);
  free(xml);
  return rc;
}

static void write_hosts(vg_xml_report_t *w, const vg_summary_t *s)
{
  for (size_t i = 0; i < s->n_stray; i++) {
    start(w, "stray-host");
    attr(w, "host", s->stray[i].host);
    attr_uint(w, "files", s->stray[i].files);
    if (s->stray[i].last_update > 0)
      attr_time(w, "last-update", s->stray[i].last_update);
    end(w);
  }
  for (size_t i = 0; i < s->n_missing; i++) {
    start(w, "missing-host");
    attr(w, "host", s->missing[i].host);
    attr(w, "agency", s->missing[i].agency);
    end(w);
  }
  for (size_t i = 0; i < s->n_late; i++) {
    const vg_late_t *l = &s->late[i];
    start(w, "late-evidence");
    attr(w, "agency", s->meta->inv->agencies[l->agency].id);
    attr_num(w, "seconds", l->seconds);
    attr_time(w, "measured-from", l->measured_from);
    attr_time(w, "arrived-until", l->arrived_until);
    attr_num(w, "longest-delay", l->longest);
    end(w);
  }
  for (size_t i = 0; i < s->n_clock; i++) {
    start(w, "clock-ahead");
    attr(w, "agency", s->meta->inv->agencies[s->clock[i].agency].id);
    attr(w, "host", s->clock[i].host);
    attr_num(w, "dropped", s->clock[i].dropped);
    end(w);
  }
  for (size_t i = 0, c = 0; i < s->n_items; i++)
    for (size_t j = 0; j < s->items[i]->n_checks; j++, c++) {
      const vg_check_t *chk = &s->items[i]->checks[j];
      char metric[1024];
      if (s->checks_applied[c] == 0 || s->checks_found[c] > 0)
        continue;
      vg_selector_format(&chk->metric, metric, sizeof(metric));
      start(w, "unmatched-check");
      attr(w, "check", chk->id);
      attr(w, "metric", metric);
      attr_uint(w, "agencies", s->checks_applied[c]);
      end(w);
    }
}

static void write_summary(vg_xml_report_t *w, const vg_summary_t *s)
{
  /* at-risk, the last status, exists only while the window is open */
  int counted = w->meta->provisional ? VG_ST_COUNT : VG_ST_AT_RISK;

  start(w, "summary");
  attr_uint(w, "agencies", w->meta->inv->n_agencies);
  attr_num(w, "score", vg_summary_score(s));
  attr_num(w, "score-after-waivers", vg_summary_score_after_waivers(s));
  attr(w, "weights", vg_summary_weights());
  if (w->meta->previous != NULL) {
    start(w, "changes");
    attr(w, "since", vg_previous_generated(w->meta->previous));
    attr_uint(w, "newly-failing", s->changes[0]);
    attr_uint(w, "fixed", s->changes[1]);
    attr_uint(w, "still-failing", s->changes[2]);
    end(w);
  }
  for (size_t i = 0; i < s->n_silent; i++) {
    start(w, "silent");
    attr(w, "agency", w->meta->inv->agencies[s->silent[i].agency].id);
    attr_time(w, "since", s->silent[i].newest);
    attr_seconds(w, "age", s->silent[i].age);
    attr_num(w, "limit-seconds", s->silent[i].limit);
    end(w);
  }
  for (size_t i = 0; i < s->n_at_risk; i++) {
    const vg_at_risk_t *r = &s->at_risk[i];
    start(w, "at-risk");
    attr(w, "agency", w->meta->inv->agencies[r->agency].id);
    attr(w, "item", s->items[r->item]->id);
    attr(w, "check", r->check->id);
    attr_time(w, "exhausted", r->exhausted);
    attr_seconds(w, "left", r->left);
    end(w);
  }
  for (size_t i = 0; i < s->n_items; i++) {
    start(w, "item");
    attr(w, "id", s->items[i]->id);
    for (int st = 0; st < counted; st++)
      attr_uint(w, vg_status_name((vg_status_t)st), s->counts[i][st]);
    for (size_t c = 0; c < s->n_cats[i]; c++) {
      start(w, "category");
      attr(w, "id", s->by_cat[i][c].category);
      for (int st = 0; st < counted; st++)
        attr_uint(w, vg_status_name((vg_status_t)st), s->by_cat[i][c].n[st]);
      end(w);
    }
    end(w);
  }
  write_hosts(w, s);
  end(w);
}

/* What a document written to memory holds: an agency, or the report
 * without its agencies. */
typedef struct {
  const vg_agency_result_t *agency;
  const vg_summary_t *summary;
} memory_body_t;

/* Writes body with a writer of its own into *xml (malloc'd, NUL-ended,
 * *xml_len bytes). Returns 0, or -1 with nothing allocated. */
static int write_to_memory(const vg_report_meta_t *meta, const memory_body_t *body, char **xml,
                           size_t *xml_len)
{
  vg_xml_report_t w;
  xmlBufferPtr buf = xmlBufferCreate();
  int rc = -1;

  *xml = NULL;
  memset(&w, 0, sizeof(w));
  w.meta = meta;
  if (buf == NULL || (w.xw = xmlNewTextWriterMemory(buf, 0)) == NULL)
    goto out;
  if (body->agency != NULL) {
    chk(&w, xmlTextWriterSetIndent(w.xw, 1));
    write_agency(&w, body->agency);
  } else {
    write_header(&w);
    write_summary(&w, body->summary);
    chk(&w, xmlTextWriterEndDocument(w.xw));
  }
  chk(&w, xmlTextWriterFlush(w.xw));
  xmlFreeTextWriter(w.xw);
  if (w.failed)
    goto out;
  *xml_len = (size_t)xmlBufferLength(buf);
  *xml = malloc(*xml_len + 1);
  if (*xml == NULL)
    goto out;
  memcpy(*xml, xmlBufferContent(buf), *xml_len + 1);
  rc = 0;
out:
  xmlBufferFree(buf);
  return rc;
}

int vg_xml_agency_fragment(const vg_report_meta_t *meta, const vg_agency_result_t *r, char **xml,
                           size_t *xml_len)
{
  memory_body_t body = {.agency = r};

  return write_to_memory(meta, &body, xml, xml_len);
}

int vg_xml_report_frame(const vg_report_meta_t *meta, const vg_summary_t *s, char **xml,
                        size_t *xml_len)
{
  memory_body_t body = {.summary = s};

  return write_to_memory(meta, &body, xml, xml_len);
}

vg_xml_report_t *vg_xml_report_open(const char *path, const vg_report_meta_t *meta, char *err,
                                    size_t errlen)
{
  vg_xml_report_t *w = calloc(1, sizeof(*w));
  xmlOutputBufferPtr out;

  if (w == NULL) {
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  w->meta = meta;
  w->file = vg_atomic_open(path, err, errlen);
  if (w->file == NULL)
    goto fail;
  out = xmlOutputBufferCreateFile(vg_atomic_stream(w->file), NULL);
  if (out == NULL || (w->xw = xmlNewTextWriter(out)) == NULL) {
    xmlOutputBufferClose(out);
    snprintf(err, errlen, "%s: cannot start the XML writer", path);
    goto fail;
  }
  write_header(w);
  if (w->failed) {
    snprintf(err, errlen, "%s: write error", path);
    goto fail;
  }
  return w;
fail:
  vg_xml_report_abort(w);
  return NULL;
}

vg_atomic_file_t *vg_xml_report_finish(vg_xml_report_t *w, const vg_summary_t *s, char *err,
                                       size_t errlen)
{
  vg_atomic_file_t *f = NULL;

  write_summary(w, s);
  chk(w, xmlTextWriterEndDocument(w->xw));
  chk(w, xmlTextWriterFlush(w->xw));
  xmlFreeTextWriter(w->xw);
  w->xw = NULL;
  if (w->failed)
    snprintf(err, errlen, "%s: write error", vg_atomic_path(w->file));
  else if (vg_atomic_prepare(w->file, err, errlen) == 0) {
    f = w->file;
    w->file = NULL;
  }
  vg_xml_report_abort(w);
  return f;
}

void vg_xml_report_abort(vg_xml_report_t *w)
{
  if (w == NULL)
    return;
  if (w->xw != NULL)
    xmlFreeTextWriter(w->xw);
  vg_atomic_abort(w->file);
  free(w);
}

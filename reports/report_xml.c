/* report_xml: stream report.xml (schemas/report.xsd) agency by agency and
 * commit it atomically. */
#include "vigil_config.h"

#include "report_xml.h"

#include "atomic_file.h"
#include "timeutil.h"

#include <libxml/xmlwriter.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REPORT_NS "urn:vigil:report:1"

struct vg_xml_report {
  vg_atomic_file_t *file;
  xmlTextWriterPtr xw;
  const vg_report_meta_t *meta;
  size_t n_items;
  unsigned (*counts)[VG_ST_COUNT]; /* per catalogue item, per status */
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

static void attr_num(vg_xml_report_t *w, const char *name, double v)
{
  char buf[64];

  if (isnan(v) || isinf(v))
    return;
  snprintf(buf, sizeof(buf), "%.10g", v);
  attr(w, name, buf);
}

static void attr_uint(vg_xml_report_t *w, const char *name, unsigned long v)
{
  char buf[32];

  snprintf(buf, sizeof(buf), "%lu", v);
  attr(w, name, buf);
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

static void write_header(vg_xml_report_t *w)
{
  const vg_report_meta_t *m = w->meta;

  chk(w, xmlTextWriterStartDocument(w->xw, NULL, "UTF-8", NULL));
  chk(w, xmlTextWriterSetIndent(w->xw, 1));
  chk(w, xmlTextWriterStartElementNS(w->xw, NULL, BAD_CAST "report", BAD_CAST REPORT_NS));
  attr(w, "generator", PACKAGE_NAME "-report " PACKAGE_VERSION);
  attr_time(w, "generated", m->generated);
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
  end(w);
  start(w, "sources");
  attr(w, "catalogue", m->cat->path);
  attr(w, "catalogue-sha256", m->cat->sha256);
  attr(w, "inventory", m->inv->path);
  attr(w, "inventory-sha256", m->inv->sha256);
  attr(w, "datadir", m->datadir);
  end(w);
}

static void write_expect(vg_xml_report_t *w, const vg_check_t *c)
{
  start(w, "expect");
  attr(w, "op", vg_op_name(c->expect.op));
  attr_num(w, "value", c->expect.threshold);
  attr(w, "unit", c->unit);
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
  element_text(w, "reason", NULL, ev->reason);
  end(w);
}

static void write_check(vg_xml_report_t *w, const vg_check_result_t *cr)
{
  const vg_check_t *c = cr->check;

  start(w, "check");
  attr(w, "id", c->id);
  attr(w, "status", vg_status_name(cr->status));
  attr(w, "severity", c->severity);
  attr(w, "kind", c->manual ? "manual" : "metric");
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
  element_text(w, "reason", NULL, cr->reason);
  for (size_t i = 0; i < cr->n_evidence; i++)
    write_evidence(w, c, &cr->evidence[i]);
  end(w);
}

int vg_xml_report_agency(vg_xml_report_t *w, const vg_agency_result_t *r)
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
  for (size_t i = 0; i < r->n_items && i < w->n_items; i++) {
    const vg_item_result_t *ir = &r->items[i];
    w->counts[i][ir->status]++;
    start(w, "item");
    attr(w, "id", ir->item->id);
    attr(w, "status", vg_status_name(ir->status));
    for (size_t j = 0; j < ir->n_checks; j++)
      write_check(w, &ir->checks[j]);
    end(w);
  }
  end(w);
  return w->failed ? -1 : 0;
}

static void write_summary(vg_xml_report_t *w)
{
  const vg_catalogue_t *cat = w->meta->cat;
  size_t k = 0;

  start(w, "summary");
  attr_uint(w, "agencies", w->meta->inv->n_agencies);
  for (size_t s = 0; s < cat->n_sections; s++) {
    for (size_t i = 0; i < cat->sections[s].n_items; i++, k++) {
      start(w, "item");
      attr(w, "id", cat->sections[s].items[i].id);
      for (int st = 0; st < VG_ST_COUNT; st++)
        attr_uint(w, vg_status_name((vg_status_t)st), w->counts[k][st]);
      end(w);
    }
  }
  end(w);
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
  for (size_t s = 0; s < meta->cat->n_sections; s++)
    w->n_items += meta->cat->sections[s].n_items;
  w->counts = calloc(w->n_items ? w->n_items : 1, sizeof(*w->counts));
  w->file = vg_atomic_open(path, err, errlen);
  if (w->counts == NULL || w->file == NULL)
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

int vg_xml_report_commit(vg_xml_report_t *w, char *err, size_t errlen)
{
  int rc;

  write_summary(w);
  chk(w, xmlTextWriterEndDocument(w->xw));
  chk(w, xmlTextWriterFlush(w->xw));
  xmlFreeTextWriter(w->xw);
  w->xw = NULL;
  if (w->failed) {
    snprintf(err, errlen, "%s: write error", vg_atomic_path(w->file));
    vg_xml_report_abort(w);
    return -1;
  }
  rc = vg_atomic_commit(w->file, err, errlen);
  w->file = NULL;
  vg_xml_report_abort(w);
  return rc;
}

void vg_xml_report_abort(vg_xml_report_t *w)
{
  if (w == NULL)
    return;
  if (w->xw != NULL)
    xmlFreeTextWriter(w->xw);
  vg_atomic_abort(w->file);
  free(w->counts);
  free(w);
}

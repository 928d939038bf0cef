/* catalogue: load a directive catalogue (schemas/directive.xsd) into
 * memory: its sections, numbered items and the checks that evidence them. */
#include "vigil_config.h"

#include "catalogue.h"

#include "timeutil.h"
#include "xmlload.h"

#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Loading state: the file name for messages and the first error. */
typedef struct {
  const char *path;
  char *err;
  size_t errlen;
  int failed;
} load_ctx_t;

static void load_error(load_ctx_t *lc, xmlNodePtr node, const char *fmt, const char *a,
                       const char *b)
{
  char msg[512];

  if (lc->failed++)
    return;
  snprintf(msg, sizeof(msg), fmt, a ? a : "", b ? b : "");
  snprintf(lc->err, lc->errlen, "%s:%ld: %s", lc->path, node ? (long)xmlGetLineNo(node) : 0L, msg);
}

void vg_text_free(vg_text_t *t)
{
  free(t->vi);
  free(t->en);
  t->vi = t->en = NULL;
}

void vg_idlist_free(vg_idlist_t *l)
{
  for (size_t i = 0; i < l->n; i++)
    free(l->ids[i]);
  free(l->ids);
  l->ids = NULL;
  l->n = 0;
}

int vg_idlist_split(const char *s, vg_idlist_t *l)
{
  const char *p = s;

  l->ids = NULL;
  l->n = 0;
  while (p != NULL && *p) {
    size_t len;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
      p++;
    len = strcspn(p, " \t\r\n");
    if (len == 0)
      break;
    char **grown = realloc(l->ids, (l->n + 1) * sizeof(*grown));
    if (grown == NULL)
      goto fail;
    l->ids = grown;
    l->ids[l->n] = strndup(p, len);
    if (l->ids[l->n] == NULL)
      goto fail;
    l->n++;
    p += len;
  }
  return 0;
fail:
  vg_idlist_free(l);
  return -1;
}

int vg_idlist_has(const vg_idlist_t *l, const char *id)
{
  for (size_t i = 0; i < l->n; i++)
    if (strcmp(l->ids[i], id) == 0)
      return 1;
  return 0;
}

int vg_text_read(xmlNodePtr parent, const char *name, vg_text_t *t)
{
  for (xmlNodePtr n = parent->children; n != NULL; n = n->next) {
    if (!vg_xml_is(n, name))
      continue;
    const char *lang = vg_xml_lang(n);
    char **slot = strncmp(lang, "vi", 2) == 0   ? &t->vi
                  : strncmp(lang, "en", 2) == 0 ? &t->en
                                                : NULL;
    if (slot != NULL && *slot == NULL && (*slot = vg_xml_text(n)) == NULL)
      return -1;
  }
  if (t->vi == NULL)
    t->vi = strdup("");
  if (t->en == NULL)
    t->en = strdup("");
  return t->vi && t->en ? 0 : -1;
}

static xmlNodePtr child(xmlNodePtr parent, const char *name)
{
  for (xmlNodePtr n = parent->children; n != NULL; n = n->next)
    if (vg_xml_is(n, name))
      return n;
  return NULL;
}

static size_t count_children(xmlNodePtr parent, const char *name)
{
  size_t k = 0;

  for (xmlNodePtr n = parent->children; n != NULL; n = n->next)
    k += vg_xml_is(n, name);
  return k;
}

/* Returns attribute name, or a copy of def when absent (NULL def: NULL). */
static char *attr_or(xmlNodePtr n, const char *name, const char *def)
{
  char *v = vg_xml_attr(n, name);

  if (v == NULL && def != NULL)
    v = strdup(def);
  return v;
}

static double attr_double(xmlNodePtr n, const char *name, double def)
{
  char *v = vg_xml_attr(n, name);
  double d = def;

  if (v != NULL)
    d = strtod(v, NULL);
  free(v);
  return d;
}

static int check_categories(load_ctx_t *lc, const vg_catalogue_t *c, xmlNodePtr node,
                            const vg_idlist_t *l)
{
  for (size_t i = 0; i < l->n; i++) {
    if (!vg_catalogue_has_category(c, l->ids[i])) {
      load_error(lc, node,
                 "applies-to names the category '%s', which <categories> does not declare%s",
                 l->ids[i], "");
      return -1;
    }
  }
  return 0;
}

static int read_metric(load_ctx_t *lc, xmlNodePtr chk_node, vg_check_t *chk)
{
  xmlNodePtr m = child(chk_node, "metric");
  xmlNodePtr p = child(chk_node, "period");
  xmlNodePtr a = child(chk_node, "aggregate");
  xmlNodePtr e = child(chk_node, "expect");
  char *s;

  chk->metric.host = attr_or(m, "host", "*");
  chk->metric.plugin = attr_or(m, "plugin", NULL);
  chk->metric.plugin_instance = attr_or(m, "plugin-instance", "*");
  chk->metric.type = attr_or(m, "type", NULL);
  chk->metric.type_instance = attr_or(m, "type-instance", "*");
  chk->metric.ds = attr_or(m, "ds", "value");
  chk->anchor = VG_ANCHOR_WINDOW;
  if (p != NULL) {
    s = vg_xml_attr(p, "anchor");
    chk->anchor = strcmp(s, "start") == 0 ? VG_ANCHOR_START
                  : strcmp(s, "end") == 0 ? VG_ANCHOR_END
                                          : VG_ANCHOR_WINDOW;
    free(s);
    s = attr_or(p, "from", "PT0S");
    int bad = vt_parse_duration(s, &chk->from_offset);
    free(s);
    s = attr_or(p, "to", "PT0S");
    bad |= vt_parse_duration(s, &chk->to_offset);
    free(s);
    if (bad) {
      load_error(lc, p, "period of check '%s': from/to is not an ISO 8601 duration%s", chk->id, "");
      return -1;
    }
    if (chk->anchor != VG_ANCHOR_WINDOW && chk->from_offset >= chk->to_offset) {
      load_error(lc, p, "period of check '%s' is empty: from must come before to%s", chk->id, "");
      return -1;
    }
  }
  s = vg_xml_attr(a, "function");
  vg_agg_fn_parse(s, &chk->agg.fn);
  free(s);
  if (chk->agg.fn == VG_AGG_TIME_SHARE || chk->agg.fn == VG_AGG_LONGEST_RUN) {
    s = vg_xml_attr(a, "op");
    char *v = vg_xml_attr(a, "value");
    int bad = s == NULL || v == NULL;
    if (!bad)
      vg_op_parse(s, &chk->agg.cond.op);
    free(s);
    free(v);
    if (bad) {
      load_error(lc, a, "check '%s': aggregate %s needs a condition (op and value)", chk->id,
                 vg_agg_fn_name(chk->agg.fn));
      return -1;
    }
    chk->agg.cond.threshold = attr_double(a, "value", 0);
    s = attr_or(a, "state", "held");
    chk->agg.run_held = strcmp(s, "held") == 0;
    free(s);
  }
  s = vg_xml_attr(e, "op");
  vg_op_parse(s, &chk->expect.op);
  free(s);
  chk->expect.threshold = attr_double(e, "value", 0);
  chk->unit = vg_xml_attr(e, "unit");
  xmlNodePtr al = child(chk_node, "alarm");
  if (al != NULL) {
    const vg_cond_t *cond = chk->agg.fn == VG_AGG_TIME_SHARE || chk->agg.fn == VG_AGG_LONGEST_RUN
                                ? &chk->agg.cond
                                : &chk->expect;
    chk->alarm_margin = attr_double(al, "margin", 0);
    if (chk->agg.fn == VG_AGG_COVERAGE || chk->agg.fn == VG_AGG_TOTAL || cond->op == VG_OP_EQ ||
        cond->op == VG_OP_NE) {
      load_error(lc, al,
                 "check '%s': <alarm> needs a bound that one value can break (%s against >, >=, "
                 "< or <=)",
                 chk->id, "min, max, avg, last, time_share or longest_run");
      return -1;
    }
  }
  xmlNodePtr b = child(chk_node, "breakdown");
  if (b != NULL) {
    chk->breakdown = vg_xml_attr(b, "type-instance");
    chk->breakdown_top = (int)attr_double(b, "top", 10);
  }
  return 0;
}

static int read_check(load_ctx_t *lc, vg_catalogue_t *c, xmlNodePtr n, double default_cov,
                      vg_check_t *chk)
{
  char *s;

  chk->line = (int)xmlGetLineNo(n);
  chk->id = vg_xml_attr(n, "id");
  chk->severity = vg_xml_attr(n, "severity");
  if (vg_text_read(n, "title", &chk->title) || vg_text_read(n, "rationale", &chk->rationale) ||
      vg_text_read(n, "remediation", &chk->remediation))
    return -1;
  s = vg_xml_attr(n, "applies-to");
  if (s != NULL && vg_idlist_split(s, &chk->applies_to) != 0) {
    free(s);
    return -1;
  }
  free(s);
  if (check_categories(lc, c, n, &chk->applies_to) != 0)
    return -1;
  chk->min_coverage = attr_double(n, "min-coverage", default_cov);
  s = attr_or(n, "combine", "all");
  chk->combine_any = strcmp(s, "any") == 0;
  free(s);
  if (child(n, "manual") != NULL) {
    chk->manual = 1;
    return 0;
  }
  return read_metric(lc, n, chk);
}

static int read_item(load_ctx_t *lc, vg_catalogue_t *c, xmlNodePtr n, double default_cov,
                     vg_item_t *it)
{
  char *s;
  size_t k = 0;

  it->id = vg_xml_attr(n, "id");
  if (vg_text_read(n, "title", &it->title) || vg_text_read(n, "text", &it->text))
    return -1;
  s = vg_xml_attr(n, "applies-to");
  if (vg_idlist_split(s, &it->applies_to) != 0) {
    free(s);
    return -1;
  }
  free(s);
  if (check_categories(lc, c, n, &it->applies_to) != 0)
    return -1;
  it->n_checks = count_children(n, "check");
  it->checks = calloc(it->n_checks, sizeof(*it->checks));
  if (it->checks == NULL)
    return -1;
  for (xmlNodePtr ch = n->children; ch != NULL; ch = ch->next) {
    if (vg_xml_is(ch, "check") && read_check(lc, c, ch, default_cov, &it->checks[k++]) != 0)
      return -1;
  }
  return 0;
}

static int read_section(load_ctx_t *lc, vg_catalogue_t *c, xmlNodePtr n, double default_cov,
                        vg_section_t *sec)
{
  size_t k = 0;

  sec->id = vg_xml_attr(n, "id");
  if (vg_text_read(n, "title", &sec->title))
    return -1;
  sec->n_items = count_children(n, "item");
  sec->items = calloc(sec->n_items, sizeof(*sec->items));
  if (sec->items == NULL)
    return -1;
  for (xmlNodePtr it = n->children; it != NULL; it = it->next) {
    if (vg_xml_is(it, "item") && read_item(lc, c, it, default_cov, &sec->items[k++]) != 0)
      return -1;
  }
  return 0;
}

static int read_categories(vg_catalogue_t *c, xmlNodePtr cats)
{
  size_t k = 0;

  c->n_categories = count_children(cats, "category");
  c->categories = calloc(c->n_categories, sizeof(*c->categories));
  if (c->categories == NULL)
    return -1;
  for (xmlNodePtr n = cats->children; n != NULL; n = n->next) {
    if (!vg_xml_is(n, "category"))
      continue;
    c->categories[k].id = vg_xml_attr(n, "id");
    if (vg_text_read(n, "label", &c->categories[k++].label))
      return -1;
  }
  return 0;
}

static int read_window(load_ctx_t *lc, vg_catalogue_t *c, xmlNodePtr w)
{
  char *from = vg_xml_attr(w, "from"), *to = vg_xml_attr(w, "to");
  int rc = 0;

  if (vt_parse_time(from, &c->window_from, &c->window_offset) != 0 ||
      vt_parse_time(to, &c->window_to, NULL) != 0) {
    load_error(lc, w, "window: '%s' / '%s' must be ISO 8601 date-times with an offset", from, to);
    rc = -1;
  } else if (c->window_from >= c->window_to) {
    load_error(lc, w, "window: 'from' (%s) must come before 'to' (%s)", from, to);
    rc = -1;
  }
  free(from);
  free(to);
  return rc;
}

static int read_directive(load_ctx_t *lc, vg_catalogue_t *c, xmlNodePtr root)
{
  double cov = attr_double(root, "min-coverage", 0.9);
  size_t k = 0;

  c->id = vg_xml_attr(root, "id");
  c->silent_after = (long)attr_double(root, "silent-after", 900);
  c->number = vg_xml_text(child(root, "number"));
  c->date = vg_xml_text(child(root, "date"));
  if (vg_text_read(root, "issuer", &c->issuer) || vg_text_read(root, "title", &c->title))
    return -1;
  if (read_window(lc, c, child(root, "window")) != 0)
    return -1;
  if (read_categories(c, child(root, "categories")) != 0)
    return -1;
  c->n_sections = count_children(root, "section");
  c->sections = calloc(c->n_sections, sizeof(*c->sections));
  if (c->sections == NULL)
    return -1;
  for (xmlNodePtr n = root->children; n != NULL; n = n->next) {
    if (vg_xml_is(n, "section") && read_section(lc, c, n, cov, &c->sections[k++]) != 0)
      return -1;
  }
  return 0;
}

vg_catalogue_t *vg_catalogue_load(const char *path, const char *schemadir, char *err, size_t errlen)
{
  char xsd[4096];
  load_ctx_t lc = {path, err, errlen, 0};
  vg_catalogue_t *c = NULL;
  xmlDocPtr doc;

  snprintf(xsd, sizeof(xsd), "%s/directive.xsd", schemadir);
  doc = vg_xml_load(path, xsd, err, errlen);
  if (doc == NULL)
    return NULL;
  c = calloc(1, sizeof(*c));
  if (c == NULL || (c->path = strdup(path)) == NULL || vg_sha256_file(path, c->sha256) != 0 ||
      read_directive(&lc, c, xmlDocGetRootElement(doc)) != 0) {
    if (!lc.failed)
      snprintf(err, errlen, "%s: out of memory or unreadable", path);
    vg_catalogue_free(c);
    c = NULL;
  }
  xmlFreeDoc(doc);
  return c;
}

static void check_free(vg_check_t *chk)
{
  free(chk->id);
  free(chk->severity);
  vg_text_free(&chk->title);
  vg_text_free(&chk->rationale);
  vg_text_free(&chk->remediation);
  vg_idlist_free(&chk->applies_to);
  free(chk->metric.host);
  free(chk->metric.plugin);
  free(chk->metric.plugin_instance);
  free(chk->metric.type);
  free(chk->metric.type_instance);
  free(chk->metric.ds);
  free(chk->unit);
  free(chk->breakdown);
}

static void section_free(vg_section_t *sec)
{
  for (size_t i = 0; i < sec->n_items; i++) {
    vg_item_t *it = &sec->items[i];
    for (size_t j = 0; j < it->n_checks; j++)
      check_free(&it->checks[j]);
    free(it->checks);
    free(it->id);
    vg_text_free(&it->title);
    vg_text_free(&it->text);
    vg_idlist_free(&it->applies_to);
  }
  free(sec->items);
  free(sec->id);
  vg_text_free(&sec->title);
}

void vg_selector_format(const vg_selector_t *sel, char *buf, size_t len)
{
  snprintf(buf, len, "%s-%s/%s-%s", sel->plugin, sel->plugin_instance, sel->type,
           sel->type_instance);
}

void vg_catalogue_free(vg_catalogue_t *c)
{
  if (c == NULL)
    return;
  for (size_t i = 0; i < c->n_sections; i++)
    section_free(&c->sections[i]);
  free(c->sections);
  for (size_t i = 0; i < c->n_categories; i++) {
    free(c->categories[i].id);
    vg_text_free(&c->categories[i].label);
  }
  free(c->categories);
  free(c->path);
  free(c->id);
  free(c->number);
  free(c->date);
  vg_text_free(&c->issuer);
  vg_text_free(&c->title);
  free(c);
}

int vg_catalogue_has_category(const vg_catalogue_t *c, const char *id)
{
  for (size_t i = 0; i < c->n_categories; i++)
    if (strcmp(c->categories[i].id, id) == 0)
      return 1;
  return 0;
}

void vg_check_period(const vg_check_t *chk, time_t from, time_t to, time_t *p_from, time_t *p_to)
{
  time_t a = from, b = to;

  if (chk->anchor == VG_ANCHOR_START)
    b = from;
  else if (chk->anchor == VG_ANCHOR_END)
    a = to;
  *p_from = a + chk->from_offset;
  *p_to = b + chk->to_offset;
}

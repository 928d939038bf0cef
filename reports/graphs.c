/* graphs: draw the graphs an HTML page shows of an agency's evidence, from
 * the RRD files the evidence names, into the agency's report.xml element. */
#include "vigil_config.h"

#include "graphs.h"

#include "rrd_source.h"
#include "series.h"
#include "timeutil.h"

#include <libxml/tree.h>
#include <limits.h>
#include <openssl/evp.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_SPANS = 64 };

/* One evidence element to draw, with what its graph is read from. */
typedef struct {
  xmlNodePtr node;
  const vg_check_t *check;
  char path[4096];
  char *ds, *host, *instance, *status;
  time_t from, to;
} job_t;

/* The catalogue's check with id, or NULL. */
static const vg_check_t *find_check(const vg_catalogue_t *cat, const char *id)
{
  for (size_t s = 0; s < cat->n_sections; s++)
    for (size_t i = 0; i < cat->sections[s].n_items; i++) {
      const vg_item_t *it = &cat->sections[s].items[i];
      for (size_t c = 0; c < it->n_checks; c++)
        if (strcmp(it->checks[c].id, id) == 0)
          return &it->checks[c];
    }
  return NULL;
}

static xmlNodePtr child(xmlNodePtr n, const char *name)
{
  for (xmlNodePtr c = n ? n->children : NULL; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0)
      return c;
  return NULL;
}

static char *prop(xmlNodePtr n, const char *name)
{
  return (char *)xmlGetProp(n, BAD_CAST name);
}

/* Whether an evidence of status ev_status (as report.xml names it) gets a
 * graph under which. */
static int wanted(vg_graphs_t which, const char *ev_status)
{
  if (which == VG_GRAPHS_ALL)
    return 1;
  return which == VG_GRAPHS_PROBLEMS && ev_status != NULL && strcmp(ev_status, "pass") != 0 &&
         strcmp(ev_status, "manual-pass") != 0 && strcmp(ev_status, "not-applicable") != 0;
}

static void job_free(job_t *j)
{
  xmlFree(j->ds);
  xmlFree(j->host);
  xmlFree(j->instance);
  xmlFree(j->status);
}

/* Fills j from evidence ev of check element chk; returns 0 when it can
 * and should be drawn, -1 otherwise (j is then freed). */
static int job_make(const vg_graph_opts_t *o, xmlNodePtr chk, xmlNodePtr ev, job_t *j)
{
  char *id = prop(chk, "id"), *from = NULL, *to = NULL, *file = prop(ev, "file"),
       *step = prop(ev, "step"), *coverage = prop(ev, "coverage");
  xmlNodePtr period = child(chk, "period");
  int rc = -1;

  memset(j, 0, sizeof(*j));
  j->node = ev;
  j->ds = prop(ev, "ds");
  j->host = prop(ev, "host");
  j->instance = prop(ev, "plugin-instance");
  j->status = prop(ev, "status");
  if (period != NULL) {
    from = prop(period, "from");
    to = prop(period, "to");
  }
  /* a series with no known value has nothing to draw: its figures say so */
  if (id == NULL || file == NULL || step == NULL || from == NULL || to == NULL || j->ds == NULL ||
      coverage == NULL || strtod((const char *)coverage, NULL) <= 0 || j->host == NULL ||
      !wanted(o->which, j->status) || (j->check = find_check(o->cat, id)) == NULL ||
      vt_parse_time(from, &j->from, NULL) != 0 || vt_parse_time(to, &j->to, NULL) != 0 ||
      file[0] == '/' || strstr(file, "..") != NULL)
    goto out;
  if ((size_t)snprintf(j->path, sizeof(j->path), "%s/%s", o->datadir, file) >= sizeof(j->path))
    goto out;
  rc = 0;
out:
  xmlFree(id);
  xmlFree(from);
  xmlFree(to);
  xmlFree(file);
  xmlFree(step);
  xmlFree(coverage);
  if (rc != 0)
    job_free(j);
  return rc;
}

/* Draws j's graph from store and adds it to j's evidence element. Returns
 * 1 when drawn, 0 when it could not be (said on stderr), -1 out of memory. */
static int draw(const vg_graph_opts_t *o, const vg_store_t *store, job_t *j)
{
  const vg_check_t *chk = j->check;
  vg_span_t spans[MAX_SPANS];
  char err[1024];
  double rule = NAN;
  unsigned char *png = NULL;
  size_t len = 0;
  vg_fetch_t f;
  xmlNodePtr g;
  int rc = 0;

  if (chk->agg.fn == VG_AGG_TIME_SHARE || chk->agg.fn == VG_AGG_LONGEST_RUN)
    rule = chk->agg.cond.threshold;
  else if (chk->agg.fn != VG_AGG_COVERAGE)
    rule = chk->expect.threshold;
  if (vg_store_fetch(store, j->path, j->ds, j->from, j->to, &f, err, sizeof(err)) != 0)
    return 0; /* the evidence already says why the file could not be read */
  f.s.n_exclude = vg_maintenance_spans(o->att, j->host, j->instance ? j->instance : "", j->from,
                                       j->to, spans, MAX_SPANS);
  f.s.exclude = spans;
  if (vg_rrd_graph(&f.s, j->path, j->from, j->to, rule,
                   strcmp(chk->metric.type, "vigil_state") == 0, o->offset, &png, &len, err,
                   sizeof(err)) != 0)
    fprintf(stderr, "vigil-report: %s\n", err);
  vg_fetch_free(&f);
  if (png == NULL)
    return 0;
  g = xmlNewChild(j->node, j->node->ns, BAD_CAST "graph", NULL);
  if (g == NULL || xmlNewProp(g, BAD_CAST "type", BAD_CAST "image/png") == NULL) {
    rc = -1;
  } else {
    /* base64 of the PNG, as report.xsd's <graph> holds it */
    unsigned char *text = len < INT_MAX / 2 ? malloc(4 * ((len + 2) / 3) + 1) : NULL;
    if (text == NULL) {
      rc = -1;
    } else {
      EVP_EncodeBlock(text, png, (int)len);
      xmlNodeAddContent(g, text);
      free(text);
      rc = 1;
    }
  }
  free(png);
  return rc;
}

/* Whether item (an agency's <item>) is shown in full under o. */
static int item_shown(const vg_graph_opts_t *o, xmlNodePtr item)
{
  char *st = prop(item, "status");
  int shown = o->full || (st != NULL && strcmp(st, "pass") != 0 && strcmp(st, "manual-pass") != 0 &&
                          strcmp(st, "not-applicable") != 0);

  xmlFree(st);
  return shown;
}

/* Collects the evidence of agency's checks that gets a graph, in the items
 * shown in full, into jobs (grown as needed). Returns the count, or -1 out
 * of memory. */
static long collect(const vg_graph_opts_t *o, xmlNodePtr agency, job_t **jobs)
{
  size_t n = 0, cap = 0;

  for (xmlNodePtr item = agency->children; item != NULL; item = item->next) {
    if (item->type != XML_ELEMENT_NODE || strcmp((const char *)item->name, "item") != 0 ||
        !item_shown(o, item))
      continue;
    for (xmlNodePtr chk = item->children; chk != NULL; chk = chk->next) {
      if (chk->type != XML_ELEMENT_NODE || strcmp((const char *)chk->name, "check") != 0)
        continue;
      for (xmlNodePtr ev = chk->children; ev != NULL; ev = ev->next) {
        if (ev->type != XML_ELEMENT_NODE || strcmp((const char *)ev->name, "evidence") != 0)
          continue;
        if (n == cap) {
          job_t *grown = realloc(*jobs, (cap ? 2 * cap : 16) * sizeof(**jobs));
          if (grown == NULL)
            return -1;
          *jobs = grown;
          cap = cap ? 2 * cap : 16;
        }
        if (job_make(o, chk, ev, &(*jobs)[n]) == 0)
          n++;
      }
    }
  }
  return (long)n;
}

int vg_graphs_add(const vg_graph_opts_t *o, xmlNodePtr agency)
{
  job_t *jobs = NULL;
  vg_store_t *store = NULL;
  long n;
  int drawn = 0;

  if (o->which == VG_GRAPHS_NONE)
    return 0;
  n = collect(o, agency, &jobs);
  if (n <= 0) {
    free(jobs);
    return n < 0 ? -1 : 0;
  }
  store = vg_store_new();
  for (long i = 0; store != NULL && i < n; i++)
    if (vg_store_want(store, jobs[i].path, jobs[i].ds, jobs[i].from, jobs[i].to) != 0)
      drawn = -1;
  if (store == NULL || drawn < 0 || vg_store_load(store) != 0)
    drawn = -1;
  for (long i = 0; drawn >= 0 && i < n; i++) {
    int rc = draw(o, store, &jobs[i]);
    drawn = rc < 0 ? -1 : drawn + rc;
  }
  for (long i = 0; i < n; i++)
    job_free(&jobs[i]);
  free(jobs);
  vg_store_free(store);
  return drawn;
}

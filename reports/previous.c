/* previous: the statuses of an earlier report, to say what changed since. */
#include "vigil_config.h"

#include "previous.h"

#include "xmlload.h"

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  char *key; /* "agency\titem" */
  char *status;
} entry_t;

struct vg_previous {
  entry_t *entries;
  size_t n;
  char *generated;
};

static int entry_cmp(const void *a, const void *b)
{
  return strcmp(((const entry_t *)a)->key, ((const entry_t *)b)->key);
}

static int add(vg_previous_t *p, const char *agency, const char *item, const char *status)
{
  entry_t *grown = realloc(p->entries, (p->n + 1) * sizeof(*grown));
  size_t len = strlen(agency) + strlen(item) + 2;

  if (grown == NULL)
    return -1;
  p->entries = grown;
  grown[p->n].key = malloc(len);
  grown[p->n].status = strdup(status);
  if (grown[p->n].key == NULL || grown[p->n].status == NULL) {
    free(grown[p->n].key);
    free(grown[p->n].status);
    return -1;
  }
  snprintf(grown[p->n].key, len, "%s\t%s", agency, item);
  p->n++;
  return 0;
}

static int read_agency(vg_previous_t *p, xmlNodePtr a)
{
  char *agency = vg_xml_attr(a, "id");
  int rc = agency ? 0 : -1;

  for (xmlNodePtr it = a->children; it != NULL && rc == 0; it = it->next) {
    if (!vg_xml_is(it, "item"))
      continue;
    char *id = vg_xml_attr(it, "id"), *st = vg_xml_attr(it, "status");
    rc = id && st ? add(p, agency, id, st) : -1;
    free(id);
    free(st);
  }
  free(agency);
  return rc;
}

/* The directive id of a report's root, or NULL. */
/* What the stream of an earlier report is read into. */
typedef struct {
  vg_previous_t *p;
  const char *path;
  const char *directive_id;
  int directive_seen;
  char *err; /* the reason the callback stopped, or "" */
  size_t errlen;
} load_t;

static int load_node(void *arg, xmlNodePtr node, int depth)
{
  load_t *l = arg;
  char *dir;
  int rc = 0;

  if (depth == 0) {
    l->p->generated = vg_xml_attr(node, "generated");
    return l->p->generated ? 0 : -1;
  }
  if (vg_xml_is(node, "directive")) {
    dir = vg_xml_attr(node, "id");
    l->directive_seen = 1;
    if (dir == NULL || strcmp(dir, l->directive_id) != 0) {
      snprintf(l->err, l->errlen, "%s: the previous report is for directive '%s', not '%s'",
               l->path, dir ? dir : "?", l->directive_id);
      rc = -1;
    }
    free(dir);
    return rc;
  }
  if (vg_xml_is(node, "agency") && read_agency(l->p, node) != 0) {
    snprintf(l->err, l->errlen, "%s: out of memory", l->path);
    return -1;
  }
  return 0;
}

vg_previous_t *vg_previous_load(const char *path, const char *schemadir, const char *directive_id,
                                char *err, size_t errlen)
{
  char xsd[4096], why[4096] = "";
  load_t l = {.path = path, .directive_id = directive_id, .err = why, .errlen = sizeof(why)};

  snprintf(xsd, sizeof(xsd), "%s/report.xsd", schemadir);
  l.p = calloc(1, sizeof(*l.p));
  if (l.p == NULL) {
    snprintf(err, errlen, "%s: out of memory", path);
    return NULL;
  }
  if (vg_xml_stream(path, xsd, load_node, &l, err, errlen) != 0 || !l.directive_seen) {
    if (why[0] != '\0')
      snprintf(err, errlen, "%s", why);
    else
      snprintf(err + strlen(err), errlen - strlen(err), "%s%s: not a readable vigil report",
               err[0] ? "\n" : "", path);
    vg_previous_free(l.p);
    return NULL;
  }
  qsort(l.p->entries, l.p->n, sizeof(*l.p->entries), entry_cmp);
  return l.p;
}

void vg_previous_free(vg_previous_t *p)
{
  if (p == NULL)
    return;
  for (size_t i = 0; i < p->n; i++) {
    free(p->entries[i].key);
    free(p->entries[i].status);
  }
  free(p->entries);
  free(p->generated);
  free(p);
}

const char *vg_previous_status(const vg_previous_t *p, const char *agency, const char *item)
{
  char key[512];
  entry_t probe = {key, NULL}, *hit;

  if (p == NULL)
    return NULL;
  snprintf(key, sizeof(key), "%s\t%s", agency, item);
  hit = bsearch(&probe, p->entries, p->n, sizeof(*p->entries), entry_cmp);
  return hit ? hit->status : NULL;
}

const char *vg_previous_generated(const vg_previous_t *p)
{
  return p ? p->generated : NULL;
}

static int failing(const char *s)
{
  return strcmp(s, "fail") == 0 || strcmp(s, "manual-fail") == 0;
}

const char *vg_previous_change(const char *before, const char *now)
{
  if (before == NULL || now == NULL)
    return NULL;
  if (failing(before) && failing(now))
    return "still-failing";
  if (failing(now))
    return "newly-failing";
  if (failing(before) &&
      (strcmp(now, "pass") == 0 || strcmp(now, "manual-pass") == 0 || strcmp(now, "waived") == 0))
    return "fixed";
  return NULL;
}

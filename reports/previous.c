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
static char *directive_of(xmlNodePtr root)
{
  for (xmlNodePtr n = root->children; n != NULL; n = n->next)
    if (vg_xml_is(n, "directive"))
      return vg_xml_attr(n, "id");
  return NULL;
}

vg_previous_t *vg_previous_load(const char *path, const char *directive_id, char *err,
                                size_t errlen)
{
  xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_HUGE | XML_PARSE_NOERROR);
  xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
  vg_previous_t *p = NULL;
  char *dir = NULL;

  if (root == NULL || !vg_xml_is(root, "report")) {
    snprintf(err, errlen, "%s: not a readable vigil report", path);
    goto out;
  }
  dir = directive_of(root);
  if (dir == NULL || strcmp(dir, directive_id) != 0) {
    snprintf(err, errlen, "%s: the previous report is for directive '%s', not '%s'", path,
             dir ? dir : "?", directive_id);
    goto out;
  }
  p = calloc(1, sizeof(*p));
  if (p == NULL || (p->generated = vg_xml_attr(root, "generated")) == NULL)
    goto fail;
  for (xmlNodePtr a = root->children; a != NULL; a = a->next)
    if (vg_xml_is(a, "agency") && read_agency(p, a) != 0)
      goto fail;
  qsort(p->entries, p->n, sizeof(*p->entries), entry_cmp);
  goto out;
fail:
  snprintf(err, errlen, "%s: out of memory or malformed", path);
  vg_previous_free(p);
  p = NULL;
out:
  free(dir);
  xmlFreeDoc(doc);
  return p;
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

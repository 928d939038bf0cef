/* inventory: load the agencies of a province (schemas/inventory.xsd), their
 * categories and the collectd host names that report for each. */
#include "vigil_config.h"

#include "inventory.h"

#include "xmlload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads a name in vi and en; a language that is missing takes the other's
 * text, so that every agency has a name to show in either language. */
static int read_names(xmlNodePtr parent, const char *name, vg_text_t *t)
{
  char **empty, *copy;

  if (vg_text_read(parent, name, t) != 0)
    return -1;
  if (t->vi[0] != '\0' && t->en[0] != '\0')
    return 0;
  empty = t->vi[0] == '\0' ? &t->vi : &t->en;
  copy = strdup(empty == &t->vi ? t->en : t->vi);
  if (copy == NULL)
    return -1;
  free(*empty);
  *empty = copy;
  return 0;
}

static int read_hosts(xmlNodePtr n, vg_idlist_t *hosts)
{
  for (xmlNodePtr h = n->children; h != NULL; h = h->next) {
    if (!vg_xml_is(h, "host"))
      continue;
    char **grown = realloc(hosts->ids, (hosts->n + 1) * sizeof(*grown));
    if (grown == NULL)
      return -1;
    hosts->ids = grown;
    if ((hosts->ids[hosts->n] = vg_xml_text(h)) == NULL)
      return -1;
    hosts->n++;
  }
  return 0;
}

/* Records why agency a cannot be evaluated; the first reason wins. */
static int agency_error(vg_agency_t *a, const char *path, const char *cat_id,
                        const vg_catalogue_t *cat)
{
  char buf[1024];
  size_t used;

  used = (size_t)snprintf(
      buf, sizeof(buf), "%s:%d: agency '%s': unknown category '%s' (the catalogue %s knows:", path,
      a->line, a->id, cat_id, cat->id);
  for (size_t i = 0; i < cat->n_categories && used < sizeof(buf); i++)
    used += (size_t)snprintf(buf + used, sizeof(buf) - used, " %s", cat->categories[i].id);
  if (used < sizeof(buf))
    snprintf(buf + used, sizeof(buf) - used, ")");
  a->error = strdup(buf);
  return a->error ? 0 : -1;
}

static int read_agency(const char *path, xmlNodePtr n, const vg_catalogue_t *cat, vg_agency_t *a)
{
  char *cats;

  a->line = (int)xmlGetLineNo(n);
  a->id = vg_xml_attr(n, "id");
  cats = vg_xml_attr(n, "categories");
  if (a->id == NULL || vg_idlist_split(cats, &a->categories) != 0) {
    free(cats);
    return -1;
  }
  free(cats);
  if (read_names(n, "name", &a->name) != 0 || read_hosts(n, &a->hosts) != 0)
    return -1;
  for (size_t i = 0; cat != NULL && i < a->categories.n; i++) {
    if (!vg_catalogue_has_category(cat, a->categories.ids[i]))
      return agency_error(a, path, a->categories.ids[i], cat);
  }
  return 0;
}

typedef struct {
  const char *path;
  const vg_catalogue_t *cat;
  vg_inventory_t *inv;
  size_t cap;
} load_t;

/* Takes the province's name from one <province> element. */
static int read_province(xmlNodePtr n, vg_text_t *t)
{
  const char *lang = vg_xml_lang(n);
  char **slot = strncmp(lang, "vi", 2) == 0 ? &t->vi : strncmp(lang, "en", 2) == 0 ? &t->en : NULL;

  if (slot == NULL || *slot != NULL)
    return 0;
  *slot = vg_xml_text(n);
  return *slot != NULL ? 0 : -1;
}

/* One element of the inventory as it is read: the root, a province name or
 * an agency. */
static int load_node(void *arg, xmlNodePtr n, int depth)
{
  load_t *l = arg;
  vg_inventory_t *inv = l->inv;

  if (depth == 0)
    return (inv->id = vg_xml_attr(n, "id")) != NULL ? 0 : -1;
  if (vg_xml_is(n, "province"))
    return read_province(n, &inv->province);
  if (!vg_xml_is(n, "agency"))
    return 0;
  if (inv->n_agencies == l->cap) {
    size_t cap = l->cap ? 2 * l->cap : 64;
    vg_agency_t *grown = realloc(inv->agencies, cap * sizeof(*grown));
    if (grown == NULL)
      return -1;
    inv->agencies = grown;
    l->cap = cap;
  }
  memset(&inv->agencies[inv->n_agencies], 0, sizeof(vg_agency_t));
  inv->n_agencies++;
  return read_agency(l->path, n, l->cat, &inv->agencies[inv->n_agencies - 1]);
}

vg_inventory_t *vg_inventory_load(const char *path, const char *schemadir,
                                  const vg_catalogue_t *cat, char *err, size_t errlen)
{
  char xsd[4096];
  load_t l = {path, cat, NULL, 0};

  snprintf(xsd, sizeof(xsd), "%s/inventory.xsd", schemadir);
  l.inv = calloc(1, sizeof(*l.inv));
  if (l.inv == NULL || (l.inv->path = strdup(path)) == NULL ||
      vg_sha256_file(path, l.inv->sha256) != 0) {
    snprintf(err, errlen, "%s: out of memory or unreadable", path);
    vg_inventory_free(l.inv);
    return NULL;
  }
  if (vg_xml_stream(path, xsd, load_node, &l, err, errlen) != 0) {
    if (err[0] == '\0')
      snprintf(err, errlen, "%s: out of memory or unreadable", path);
    vg_inventory_free(l.inv);
    return NULL;
  }
  /* a language that is missing takes the other's text */
  if (l.inv->province.vi == NULL && l.inv->province.en != NULL)
    l.inv->province.vi = strdup(l.inv->province.en);
  if (l.inv->province.en == NULL && l.inv->province.vi != NULL)
    l.inv->province.en = strdup(l.inv->province.vi);
  if (l.inv->province.vi == NULL)
    l.inv->province.vi = strdup("");
  if (l.inv->province.en == NULL)
    l.inv->province.en = strdup("");
  if (l.inv->province.vi == NULL || l.inv->province.en == NULL) {
    snprintf(err, errlen, "%s: out of memory", path);
    vg_inventory_free(l.inv);
    return NULL;
  }
  return l.inv;
}

void vg_inventory_free(vg_inventory_t *inv)
{
  if (inv == NULL)
    return;
  for (size_t i = 0; i < inv->n_agencies; i++) {
    vg_agency_t *a = &inv->agencies[i];
    free(a->id);
    free(a->error);
    vg_text_free(&a->name);
    vg_idlist_free(&a->categories);
    vg_idlist_free(&a->hosts);
  }
  free(inv->agencies);
  free(inv->path);
  free(inv->id);
  vg_text_free(&inv->province);
  free(inv);
}

/* attestation: load officers' attestations for manual checks and waivers. */
#include "vigil_config.h"

#include "attestation.h"

#include "rrd_source.h"
#include "timeutil.h"
#include "xmlload.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *child_text(xmlNodePtr n, const char *name)
{
  for (xmlNodePtr c = n->children; c != NULL; c = c->next)
    if (vg_xml_is(c, name))
      return vg_xml_text(c);
  return NULL;
}

static const vg_check_t *find_check(const vg_catalogue_t *cat, const char *id)
{
  for (size_t s = 0; s < cat->n_sections; s++)
    for (size_t i = 0; i < cat->sections[s].n_items; i++)
      for (size_t c = 0; c < cat->sections[s].items[i].n_checks; c++)
        if (strcmp(cat->sections[s].items[i].checks[c].id, id) == 0)
          return &cat->sections[s].items[i].checks[c];
  return NULL;
}

static int has_agency(const vg_inventory_t *inv, const char *id)
{
  for (size_t i = 0; i < inv->n_agencies; i++)
    if (strcmp(inv->agencies[i].id, id) == 0)
      return 1;
  return 0;
}

/* Warns and returns 0 when an entry cannot apply; 1 when it can. */
static int entry_applies(const char *path, xmlNodePtr n, const char *agency, const char *check,
                         int needs_manual, const vg_catalogue_t *cat, const vg_inventory_t *inv)
{
  const vg_check_t *c = find_check(cat, check);
  char why[256] = "";

  if (!has_agency(inv, agency))
    snprintf(why, sizeof(why), "agency '%s' is not in the inventory", agency);
  else if (c == NULL)
    snprintf(why, sizeof(why), "check '%s' is not in the catalogue", check);
  else if (needs_manual && !c->manual)
    snprintf(why, sizeof(why),
             "check '%s' is measured, not manual: an attestation cannot replace its evidence",
             check);
  if (why[0] == '\0')
    return 1;
  fprintf(stderr, "vigil-report: %s:%ld: %s: %s; left out\n", path, (long)xmlGetLineNo(n),
          (const char *)n->name, why);
  return 0;
}

static int add_attestation(vg_attestations_t *a, xmlNodePtr n)
{
  vg_attestation_t *grown = realloc(a->attestations, (a->n_attestations + 1) * sizeof(*grown));
  vg_attestation_t *t;
  char *result;

  if (grown == NULL)
    return -1;
  a->attestations = grown;
  t = &a->attestations[a->n_attestations++];
  memset(t, 0, sizeof(*t));
  t->agency = vg_xml_attr(n, "agency");
  t->check = vg_xml_attr(n, "check");
  t->date = vg_xml_attr(n, "date");
  result = vg_xml_attr(n, "result");
  t->pass = result != NULL && strcmp(result, "pass") == 0;
  free(result);
  t->officer = child_text(n, "officer");
  t->evidence = child_text(n, "evidence");
  return t->agency && t->check && t->date && t->officer && t->evidence ? 0 : -1;
}

static int add_maintenance(vg_attestations_t *a, const char *path, xmlNodePtr n)
{
  vg_maintenance_t *grown = realloc(a->maintenance, (a->n_maintenance + 1) * sizeof(*grown));
  vg_maintenance_t *m;
  char *hosts, *instances, *from, *to;
  int rc = 0;

  if (grown == NULL)
    return -1;
  a->maintenance = grown;
  m = &a->maintenance[a->n_maintenance++];
  memset(m, 0, sizeof(*m));
  hosts = vg_xml_attr(n, "hosts");
  instances = vg_xml_attr(n, "instances");
  from = vg_xml_attr(n, "from");
  to = vg_xml_attr(n, "to");
  m->approver = child_text(n, "approver");
  m->reason = child_text(n, "reason");
  m->line = (long)xmlGetLineNo(n);
  if (vg_idlist_split(hosts, &m->hosts) != 0 || vg_idlist_split(instances, &m->instances) != 0 ||
      vt_parse_time(from, &m->from, NULL) != 0 || vt_parse_time(to, &m->to, NULL) != 0 ||
      !m->approver || !m->reason)
    rc = -1;
  if (rc == 0 && m->from >= m->to) {
    fprintf(stderr, "vigil-report: %s:%ld: maintenance: 'from' is not before 'to'; left out\n",
            path, (long)xmlGetLineNo(n));
    a->n_maintenance--;
    vg_idlist_free(&m->hosts);
    vg_idlist_free(&m->instances);
    free(m->approver);
    free(m->reason);
  }
  free(hosts);
  free(instances);
  free(from);
  free(to);
  return rc;
}

static int add_waiver(vg_attestations_t *a, xmlNodePtr n)
{
  vg_waiver_t *grown = realloc(a->waivers, (a->n_waivers + 1) * sizeof(*grown));
  vg_waiver_t *w;

  if (grown == NULL)
    return -1;
  a->waivers = grown;
  w = &a->waivers[a->n_waivers++];
  memset(w, 0, sizeof(*w));
  w->agency = vg_xml_attr(n, "agency");
  w->check = vg_xml_attr(n, "check");
  w->expires_text = vg_xml_attr(n, "expires");
  w->approver = child_text(n, "approver");
  w->reason = child_text(n, "reason");
  if (!w->agency || !w->check || !w->expires_text || !w->approver || !w->reason)
    return -1;
  return vt_parse_time(w->expires_text, &w->expires, NULL);
}

vg_attestations_t *vg_attestations_load(const char *path, const char *schemadir,
                                        const vg_catalogue_t *cat, const vg_inventory_t *inv,
                                        char *err, size_t errlen)
{
  char xsd[4096];
  xmlDocPtr doc;
  xmlNodePtr root;
  vg_attestations_t *a;
  char *directive;

  snprintf(xsd, sizeof(xsd), "%s/attestation.xsd", schemadir);
  doc = vg_xml_load(path, xsd, err, errlen);
  if (doc == NULL)
    return NULL;
  root = xmlDocGetRootElement(doc);
  directive = vg_xml_attr(root, "directive");
  if (directive == NULL || strcmp(directive, cat->id) != 0) {
    snprintf(err, errlen, "%s:%ld: these attestations are for directive '%s', not '%s'", path,
             (long)xmlGetLineNo(root), directive ? directive : "?", cat->id);
    free(directive);
    xmlFreeDoc(doc);
    return NULL;
  }
  free(directive);
  a = calloc(1, sizeof(*a));
  if (a == NULL || (a->path = strdup(path)) == NULL || vg_sha256_file(path, a->sha256) != 0)
    goto fail;
  for (xmlNodePtr n = root->children; n != NULL; n = n->next) {
    if (vg_xml_is(n, "maintenance")) {
      if (add_maintenance(a, path, n) != 0)
        goto fail;
      continue;
    }
    int is_att = vg_xml_is(n, "attestation"), is_waiver = vg_xml_is(n, "waiver");
    if (!is_att && !is_waiver)
      continue;
    char *agency = vg_xml_attr(n, "agency"), *check = vg_xml_attr(n, "check");
    int use = entry_applies(path, n, agency, check, is_att, cat, inv);
    free(agency);
    free(check);
    if (use && (is_att ? add_attestation(a, n) : add_waiver(a, n)) != 0)
      goto fail;
  }
  xmlFreeDoc(doc);
  return a;
fail:
  snprintf(err, errlen, "%s: out of memory or unreadable", path);
  vg_attestations_free(a);
  xmlFreeDoc(doc);
  return NULL;
}

void vg_attestations_free(vg_attestations_t *a)
{
  if (a == NULL)
    return;
  for (size_t i = 0; i < a->n_attestations; i++) {
    vg_attestation_t *t = &a->attestations[i];
    free(t->agency);
    free(t->check);
    free(t->date);
    free(t->officer);
    free(t->evidence);
  }
  for (size_t i = 0; i < a->n_waivers; i++) {
    vg_waiver_t *w = &a->waivers[i];
    free(w->agency);
    free(w->check);
    free(w->expires_text);
    free(w->approver);
    free(w->reason);
  }
  for (size_t i = 0; i < a->n_maintenance; i++) {
    vg_idlist_free(&a->maintenance[i].hosts);
    vg_idlist_free(&a->maintenance[i].instances);
    free(a->maintenance[i].approver);
    free(a->maintenance[i].reason);
  }
  free(a->maintenance);
  free(a->attestations);
  free(a->waivers);
  free(a->path);
  free(a);
}

const vg_attestation_t *vg_attestation_find(const vg_attestations_t *a, const char *agency,
                                            const char *check)
{
  for (size_t i = 0; a != NULL && i < a->n_attestations; i++)
    if (strcmp(a->attestations[i].agency, agency) == 0 &&
        strcmp(a->attestations[i].check, check) == 0)
      return &a->attestations[i];
  return NULL;
}

static int matches_any(const vg_idlist_t *patterns, const char *s)
{
  if (patterns->n == 0)
    return 1;
  for (size_t i = 0; i < patterns->n; i++)
    if (fnmatch(patterns->ids[i], s, 0) == 0)
      return 1;
  return 0;
}

static int span_cmp(const void *a, const void *b)
{
  const vg_span_t *x = a, *y = b;

  return x->from < y->from ? -1 : x->from > y->from;
}

size_t vg_maintenance_spans(const vg_attestations_t *a, const char *host, const char *instance,
                            time_t from, time_t to, vg_span_t *spans, size_t max)
{
  size_t n = 0, out = 0;

  for (size_t i = 0; a != NULL && i < a->n_maintenance && n < max; i++) {
    const vg_maintenance_t *m = &a->maintenance[i];
    if (!vg_idlist_has(&m->hosts, host) || !matches_any(&m->instances, instance) || m->to <= from ||
        m->from >= to)
      continue;
    spans[n].from = m->from > from ? m->from : from;
    spans[n].to = m->to < to ? m->to : to;
    n++;
  }
  qsort(spans, n, sizeof(*spans), span_cmp);
  for (size_t i = 0; i < n; i++) {
    if (out > 0 && spans[i].from <= spans[out - 1].to) {
      if (spans[i].to > spans[out - 1].to)
        spans[out - 1].to = spans[i].to;
    } else {
      spans[out++] = spans[i];
    }
  }
  return out;
}

const vg_waiver_t *vg_waiver_find(const vg_attestations_t *a, const char *agency, const char *check)
{
  for (size_t i = 0; a != NULL && i < a->n_waivers; i++)
    if (strcmp(a->waivers[i].agency, agency) == 0 && strcmp(a->waivers[i].check, check) == 0)
      return &a->waivers[i];
  return NULL;
}

static int inventory_has_host(const vg_inventory_t *inv, const char *host)
{
  for (size_t i = 0; inv != NULL && i < inv->n_agencies; i++)
    if (vg_idlist_has(&inv->agencies[i].hosts, host))
      return 1;
  return 0;
}

/* True when some series of host in datadir has a plugin instance m's
 * instances match. */
static int host_has_instance(const vg_maintenance_t *m, const char *datadir, const char *host)
{
  vg_rrd_list_t list = {NULL, 0};
  int found = 0;

  if (vg_rrd_host_all(datadir, host, &list) != 0 && list.n == 0)
    return 1; /* the folder could not be read: no warning rather than a false one */
  for (size_t i = 0; i < list.n && !found; i++) {
    /* with no plugin asked for, plugin_instance is the folder's name,
     * "plugin-instance" (collectd's plugin names have no '-') */
    const char *dash = strchr(list.files[i].plugin_instance, '-');
    found = dash != NULL && matches_any(&m->instances, dash + 1);
  }
  vg_rrd_list_free(&list);
  return found;
}

size_t vg_maintenance_check(const vg_attestations_t *a, const vg_inventory_t *inv,
                            const char *datadir)
{
  size_t warned = 0;

  for (size_t i = 0; a != NULL && i < a->n_maintenance; i++) {
    const vg_maintenance_t *m = &a->maintenance[i];
    for (size_t k = 0; k < m->hosts.n; k++) {
      const char *host = m->hosts.ids[k];
      if (!inventory_has_host(inv, host)) {
        fprintf(stderr,
                "vigil-report: %s:%ld: maintenance: host '%s' is in no agency of the "
                "inventory; it covers nothing\n",
                a->path, m->line, host);
        warned++;
      } else if (m->instances.n > 0 && !host_has_instance(m, datadir, host)) {
        char like[512] = "";
        for (size_t j = 0, used = 0; j < m->instances.n && used < sizeof(like); j++)
          used += (size_t)snprintf(like + used, sizeof(like) - used, "%s%s", j ? " " : "",
                                   m->instances.ids[j]);
        fprintf(stderr,
                "vigil-report: %s:%ld: maintenance: no series of host '%s' in %s has a plugin "
                "instance like '%s'; it covers nothing\n",
                a->path, m->line, host, datadir, like);
        warned++;
      }
    }
  }
  return warned;
}

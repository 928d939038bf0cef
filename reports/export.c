/* export: the ministry's export made from the report's summary, its
 * integrity digest, verification, and the merge of provinces. */
#include "vigil_config.h"

#include "export.h"

#include "late.h"

#include "atomic_file.h"
#include "timeutil.h"
#include "units.h"
#include "signature.h"
#include "xmlload.h"

#include <libxml/c14n.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <math.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT_NS "urn:vigil:export:1"
#define REPORT_NS "urn:vigil:report:1"
#define C14N_URI "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"

static const char *const counted[] = {"pass",        "fail",        "nodata",
                                      "error",       "waived",      "not-applicable",
                                      "manual-pass", "manual-fail", "at-risk"};
enum { N_COUNTED = sizeof(counted) / sizeof(counted[0]) };

/* ---- small tree helpers ---- */

static xmlNodePtr child_el(xmlNodePtr parent, const char *name)
{
  for (xmlNodePtr n = parent ? parent->children : NULL; n != NULL; n = n->next)
    if (vg_xml_is(n, name))
      return n;
  return NULL;
}

static xmlNodePtr add_el(xmlNodePtr parent, const char *name)
{
  return xmlNewChild(parent, parent->ns, BAD_CAST name, NULL);
}

static void set_attr(xmlNodePtr n, const char *name, const char *value)
{
  if (value != NULL)
    xmlSetProp(n, BAD_CAST name, BAD_CAST value);
}

static void hex(const unsigned char *md, unsigned len, char out[65])
{
  for (unsigned i = 0; i < len && i < 32; i++)
    snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/* SHA-256 of the canonical form (C14N 1.0, no comments) of the subtree of
 * node. Returns 0, or -1. */
/* C14N's node set, as a visibility test instead of an XPath node set
 * (whose membership test made canonicalization quadratic): node is in the
 * subtree of apex (a namespace node by the element it belongs to). */
static int in_subtree(void *apex, xmlNodePtr node, xmlNodePtr parent)
{
  xmlNodePtr n = node != NULL && node->type == XML_NAMESPACE_DECL ? parent : node;

  for (; n != NULL; n = n->parent)
    if (n == (xmlNodePtr)apex)
      return 1;
  return 0;
}

static int digest_write(void *ctx, const char *buf, int len)
{
  return EVP_DigestUpdate(ctx, buf, (size_t)len) == 1 ? len : -1;
}

/* SHA-256 (hex) of the Canonical XML 1.0 form of node's subtree, the node
 * set (. | .//node() | .//@* | .//namespace::*) without comments, hashed
 * as it is written: linear in the size of the subtree. */
static int subtree_digest(xmlDocPtr doc, xmlNodePtr node, char out[65])
{
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  unsigned char sum[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  xmlOutputBufferPtr buf;
  int rc = -1;

  if (md == NULL || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1 ||
      (buf = xmlOutputBufferCreateIO(digest_write, NULL, md, NULL)) == NULL) {
    EVP_MD_CTX_free(md);
    return -1;
  }
  if (xmlC14NExecute(doc, in_subtree, node, XML_C14N_1_0, NULL, 0, buf) >= 0)
    rc = 0;
  if (xmlOutputBufferClose(buf) < 0)
    rc = -1;
  if (rc == 0 && EVP_DigestFinal_ex(md, sum, &len) == 1)
    hex(sum, len, out);
  else
    rc = -1;
  EVP_MD_CTX_free(md);
  return rc;
}

/* Indents n's element-only content as libxml2's formatted output would
 * (two spaces a level), with text nodes in the tree itself: the tree is
 * then what a reader of the file parses, and its digest can be taken from
 * it without writing and reading the document back. */
static void indent_tree(xmlNodePtr n, int depth)
{
  char pad[2 + 2 * 32];
  int only_elements = n->children != NULL;

  for (xmlNodePtr c = n->children; c != NULL; c = c->next)
    if (c->type != XML_ELEMENT_NODE)
      only_elements = 0;
  if (!only_elements)
    return;
  depth = depth < 31 ? depth : 31;
  pad[0] = '\n';
  memset(pad + 1, ' ', (size_t)(2 * (depth + 1)));
  pad[1 + 2 * (depth + 1)] = '\0';
  for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
    indent_tree(c, depth + 1);
    xmlAddPrevSibling(c, xmlNewDocText(n->doc, BAD_CAST pad));
  }
  pad[1 + 2 * depth] = '\0';
  xmlAddChild(n, xmlNewDocText(n->doc, BAD_CAST pad));
}

/* Lays doc out with indentation, adds the digest of <content> (taken from
 * the tree as a reader will parse it), signs it when signer is given, and
 * saves the result atomically without touching its layout: published at
 * once, or, with prepared, left for the caller to publish. */
static int seal_and_save(xmlDocPtr doc, const char *out, const vg_signer_t *signer, int offset,
                         vg_atomic_file_t **prepared, char *err, size_t errlen)
{
  xmlNodePtr root = xmlDocGetRootElement(doc), d;
  char digest[65];
  vg_atomic_file_t *f;

  if (root == NULL) {
    snprintf(err, errlen, "%s: nothing to write", out);
    return -1;
  }
  if (doc->encoding == NULL)
    doc->encoding = xmlStrdup(BAD_CAST "UTF-8"); /* written as UTF-8, not as character references */
  indent_tree(root, 0);
  if (subtree_digest(doc, child_el(root, "content"), digest) != 0) {
    snprintf(err, errlen, "%s: cannot compute the digest", out);
    return -1;
  }
  xmlAddChild(root, xmlNewText(BAD_CAST "  "));
  d = add_el(root, "digest");
  set_attr(d, "algorithm", "sha256");
  set_attr(d, "canonicalization", C14N_URI);
  set_attr(d, "content", digest);
  xmlAddChild(root, xmlNewText(BAD_CAST "\n"));
  if (signer != NULL && vg_sign_doc(signer, doc, time(NULL), offset, err, errlen) != 0)
    return -1;
  f = vg_atomic_open(out, err, errlen);
  if (f == NULL)
    return -1;
  if (xmlDocFormatDump(vg_atomic_stream(f), doc, 0) < 0) {
    snprintf(err, errlen, "%s: write error", out);
    vg_atomic_abort(f);
    return -1;
  }
  if (prepared == NULL)
    return vg_atomic_commit(f, err, errlen);
  if (vg_atomic_prepare(f, err, errlen) != 0) {
    vg_atomic_abort(f);
    return -1;
  }
  *prepared = f;
  return 0;
}

/* A new export document with its root and <content>. */
static xmlDocPtr new_export(xmlNodePtr *content)
{
  xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
  xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "export");
  xmlNsPtr ns = xmlNewNs(root, BAD_CAST EXPORT_NS, NULL);

  xmlSetNs(root, ns);
  xmlDocSetRootElement(doc, root);
  set_attr(root, "generator", PACKAGE_NAME "-report " PACKAGE_VERSION);
  *content = add_el(root, "content");
  return doc;
}

/* ---- export from a report's summary ---- */

/* The statuses counted, in the order the schema lists them: manual results
 * count as pass and fail, and again apart, as the part of them an officer
 * attested. */
static const vg_status_t counted_as[N_COUNTED][2] = {
    {VG_ST_PASS, VG_ST_MANUAL_PASS},        {VG_ST_FAIL, VG_ST_MANUAL_FAIL},
    {VG_ST_NODATA, VG_ST_NODATA},           {VG_ST_ERROR, VG_ST_ERROR},
    {VG_ST_WAIVED, VG_ST_WAIVED},           {VG_ST_NOT_APPLICABLE, VG_ST_NOT_APPLICABLE},
    {VG_ST_MANUAL_PASS, VG_ST_MANUAL_PASS}, {VG_ST_MANUAL_FAIL, VG_ST_MANUAL_FAIL},
    {VG_ST_AT_RISK, VG_ST_AT_RISK}};

static void set_uint(xmlNodePtr n, const char *name, unsigned long v)
{
  char num[24];

  snprintf(num, sizeof(num), "%lu", v);
  set_attr(n, name, num);
}

/* Seconds as a whole number: figures of a second's resolution. */
static void set_seconds(xmlNodePtr n, const char *name, double v)
{
  char num[32];

  snprintf(num, sizeof(num), "%.0f", v);
  set_attr(n, name, num);
}

static const char *const outage_figures[] = {"agencies", "maintenance-seconds",
                                             "planned-outage-seconds", "unplanned-outage-seconds"};

static void set_time(xmlNodePtr n, const char *name, time_t t, int offset)
{
  char buf[64];

  if (vt_format_time(t, offset, buf, sizeof(buf)) != NULL)
    set_attr(n, name, buf);
}

/* <name xml:lang> children of to, for each language of t that is given. */
static void add_texts(xmlNodePtr to, const char *name, const vg_text_t *t)
{
  const char *langs[2] = {"vi", "en"}, *text[2] = {t->vi, t->en};

  for (int i = 0; i < 2; i++) {
    if (text[i] == NULL || text[i][0] == '\0')
      continue;
    xmlNodePtr n = xmlNewTextChild(to, to->ns, BAD_CAST name, BAD_CAST text[i]);
    xmlNodeSetLang(n, BAD_CAST langs[i]);
  }
}

/* The export's header: directive, window, this province. */
static void export_header(const vg_summary_t *s, const char *report_sha, xmlNodePtr content)
{
  const vg_report_meta_t *m = s->meta;
  xmlNodePtr d = add_el(content, "directive"), w = add_el(content, "window"), p;

  set_attr(d, "id", m->cat->id);
  set_attr(d, "number", m->cat->number);
  set_attr(d, "date", m->cat->date);
  add_texts(d, "title", &m->cat->title);
  set_time(w, "from", m->from, m->offset);
  set_time(w, "to", m->to, m->offset);
  p = add_el(content, "province");
  set_attr(p, "id", m->inv->id);
  set_uint(p, "agencies", m->inv->n_agencies);
  set_time(p, "generated", m->generated, m->offset);
  if (m->provisional)
    set_attr(p, "provisional", "true");
  set_attr(p, "report-sha256", report_sha);
  add_texts(p, "name", &m->inv->province);
}

/* A failing agency of an item: who, and the figure that explains it. */
static void export_failing(const vg_summary_t *s, const vg_failing_t *f, xmlNodePtr item)
{
  const vg_agency_t *a = &s->meta->inv->agencies[f->agency];
  xmlNodePtr n = add_el(item, "failing");
  char primary[64], shown[96], v[64];

  snprintf(primary, sizeof(primary), "%s", a->categories.n ? a->categories.ids[0] : "");
  set_attr(n, "province", s->meta->inv->id);
  set_attr(n, "agency", a->id);
  set_attr(n, "category", primary);
  if (f->c == NULL)
    return;
  set_attr(n, "check", f->c->id);
  if (!isnan(f->figure))
    set_attr(n, "figure", vg_units_format(f->figure, f->c->unit, v, sizeof(v)));
  if (!f->c->manual) {
    snprintf(shown, sizeof(shown), "%s %s", vg_op_symbol(f->c->expect.op),
             vg_units_format(f->c->expect.threshold, f->c->unit, v, sizeof(v)));
    set_attr(n, "expect", shown);
  }
}

/* One <item> of the export: counts per primary category, then the failing
 * agencies. */
static void export_item(const vg_summary_t *s, size_t i, xmlNodePtr content)
{
  xmlNodePtr item = add_el(content, "item");

  set_attr(item, "id", s->items[i]->id);
  for (size_t c = 0; c < s->n_cats[i]; c++) {
    const vg_cat_counts_t *cc = &s->by_cat[i][c];
    xmlNodePtr n = add_el(item, "category");
    set_attr(n, "id", cc->category);
    for (int k = 0; k < N_COUNTED; k++) {
      unsigned v = cc->n[counted_as[k][0]];
      if (counted_as[k][1] != counted_as[k][0])
        v += cc->n[counted_as[k][1]];
      set_uint(n, counted[k], v);
    }
  }
  for (size_t c = 0; c < s->n_cats[i]; c++)
    for (size_t j = 0; j < s->items[i]->n_checks; j++) {
      const vg_outage_sum_t *o = &s->by_cat[i][c].outage[j];
      if (o->agencies == 0)
        continue;
      xmlNodePtr n = add_el(item, "outage");
      set_attr(n, "check", s->items[i]->checks[j].id);
      set_attr(n, "category", s->by_cat[i][c].category);
      set_uint(n, outage_figures[0], o->agencies);
      set_seconds(n, outage_figures[1], o->maintenance);
      set_seconds(n, outage_figures[2], o->planned);
      set_seconds(n, outage_figures[3], o->unplanned);
    }
  for (size_t f = 0; f < s->n_failing[i]; f++)
    export_failing(s, &s->failing[i][f], item);
}

int vg_export_write(const vg_summary_t *s, const char *report_sha, const vg_signer_t *signer,
                    const char *out, vg_atomic_file_t **prepared, char *err, size_t errlen)
{
  xmlNodePtr content;
  xmlDocPtr doc = new_export(&content);
  int rc;

  export_header(s, report_sha, content);
  for (size_t i = 0; i < s->n_items; i++)
    export_item(s, i, content);
  for (size_t i = 0; i < s->n_late; i++) {
    xmlNodePtr l = add_el(content, "late-evidence");
    set_attr(l, "province", s->meta->inv->id);
    set_attr(l, "agency", s->meta->inv->agencies[s->late[i].agency].id);
    set_seconds(l, "seconds", s->late[i].seconds);
    set_time(l, "arrived-until", s->late[i].arrived_until, s->meta->offset);
  }
  rc = seal_and_save(doc, out, signer, s->meta->offset, prepared, err, errlen);
  xmlFreeDoc(doc);
  return rc;
}

/* Loads an export, validates it and checks its digest. Returns the
 * document, or NULL with the reason in err. */
static xmlDocPtr load_export(const char *path, const char *schemadir, xmlDictPtr dict, char *err,
                             size_t errlen)
{
  char xsd[4096], digest[65];
  xmlDocPtr doc;
  xmlNodePtr root, content, d;
  char *want;

  snprintf(xsd, sizeof(xsd), "%s/export.xsd", schemadir);
  doc = vg_xml_load_dict(path, xsd, dict, err, errlen);
  if (doc == NULL)
    return NULL;
  root = xmlDocGetRootElement(doc);
  content = child_el(root, "content");
  d = child_el(root, "digest");
  want = vg_xml_attr(d, "content");
  if (subtree_digest(doc, content, digest) != 0 || want == NULL || strcmp(want, digest) != 0) {
    snprintf(err, errlen,
             "%s: the content does not match its digest (recorded %s, computed %s): it was "
             "changed after it was made",
             path, want ? want : "none", digest);
    free(want);
    xmlFreeDoc(doc);
    return NULL;
  }
  free(want);
  return doc;
}

xmlDocPtr vg_export_load(const char *path, const char *schemadir, char *err, size_t errlen)
{
  return load_export(path, schemadir, NULL, err, errlen);
}

int vg_export_verify(const char *path, const char *schemadir, char *err, size_t errlen)
{
  xmlDocPtr doc = vg_export_load(path, schemadir, err, errlen);

  xmlFreeDoc(doc);
  return doc ? 0 : -1;
}

/* ---- merge ---- */

/* Requires attribute name of a and b (elements named el) to be equal. */
static int same_attr(xmlNodePtr a, xmlNodePtr b, const char *el, const char *name,
                     const char *path_a, const char *path_b, char *err, size_t errlen)
{
  char *va = vg_xml_attr(a, name), *vb = vg_xml_attr(b, name);
  int same = va && vb && strcmp(va, vb) == 0;

  if (!same)
    snprintf(err, errlen, "%s and %s cannot be merged: %s/@%s differs (%s, %s)", path_a, path_b, el,
             name, va ? va : "none", vb ? vb : "none");
  free(va);
  free(vb);
  return same ? 0 : -1;
}

/* Requires attribute name of a and b to be the same instant, however each
 * is written (Z or an offset). */
static int same_instant(xmlNodePtr a, xmlNodePtr b, const char *el, const char *name,
                        const char *path_a, const char *path_b, char *err, size_t errlen)
{
  char *va = vg_xml_attr(a, name), *vb = vg_xml_attr(b, name);
  time_t ta, tb;
  int same = va && vb && vt_parse_time(va, &ta, NULL) == 0 && vt_parse_time(vb, &tb, NULL) == 0 &&
             ta == tb;

  if (!same)
    snprintf(err, errlen, "%s and %s cannot be merged: %s/@%s differs (%s, %s)", path_a, path_b, el,
             name, va ? va : "none", vb ? vb : "none");
  free(va);
  free(vb);
  return same ? 0 : -1;
}

static int same_scope(xmlNodePtr first, xmlNodePtr other, const char *pa, const char *pb, char *err,
                      size_t errlen)
{
  xmlNodePtr d1 = child_el(first, "directive"), d2 = child_el(other, "directive");
  xmlNodePtr w1 = child_el(first, "window"), w2 = child_el(other, "window");

  if (same_attr(d1, d2, "directive", "id", pa, pb, err, errlen) != 0 ||
      same_instant(w1, w2, "window", "from", pa, pb, err, errlen) != 0 ||
      same_instant(w1, w2, "window", "to", pa, pb, err, errlen) != 0)
    return -1;
  return 0;
}

/* A deep copy of node for parent's document, its namespaces resolved
 * against parent (xmlDocCopyNode would declare the namespace afresh on
 * every copy, and reconciling a million declarations is quadratic); not
 * yet linked. NULL out of memory. */
static xmlNodePtr copy_for(xmlNodePtr node, xmlNodePtr parent)
{
  xmlNodePtr copy = NULL;

  if (xmlDOMWrapCloneNode(NULL, node->doc, node, &copy, parent->doc, parent, 1, 0) != 0)
    return NULL;
  return copy;
}

/* Finds or makes the <category id> of a merged item, counts first: the
 * walk stops where the categories end, before the item's outages and its
 * failing agencies (a million of them in a national merge). */
static xmlNodePtr merged_category(xmlNodePtr item, const char *id)
{
  xmlNodePtr last = NULL, n;

  for (xmlNodePtr c = item->children; c != NULL; c = c->next) {
    if (!vg_xml_is(c, "category"))
      break;
    char *cid = vg_xml_attr(c, "id");
    int hit = cid && strcmp(cid, id) == 0;
    free(cid);
    if (hit)
      return c;
    last = c;
  }
  n = xmlNewNode(item->ns, BAD_CAST "category");
  set_attr(n, "id", id);
  for (int i = 0; i < N_COUNTED; i++)
    set_attr(n, counted[i], "0");
  if (last != NULL)
    return xmlAddNextSibling(last, n);
  if (item->children != NULL)
    return xmlAddPrevSibling(item->children, n);
  return xmlAddChild(item, n);
}

static void add_counts(xmlNodePtr to, xmlNodePtr from)
{
  for (int i = 0; i < N_COUNTED; i++) {
    char *a = vg_xml_attr(to, counted[i]), *b = vg_xml_attr(from, counted[i]), num[24];
    snprintf(num, sizeof(num), "%lu",
             strtoul(a ? a : "0", NULL, 10) + strtoul(b ? b : "0", NULL, 10));
    set_attr(to, counted[i], num);
    free(a);
    free(b);
  }
}

/* Adds the <outage> from into item's of the same check and category, or
 * places a copy before item's failing agencies (where the walk stops). */
static void merge_outage(xmlNodePtr item, xmlNodePtr from)
{
  char *check = vg_xml_attr(from, "check"), *cat = vg_xml_attr(from, "category");
  xmlNodePtr failing = NULL;

  for (xmlNodePtr o = item->children; o != NULL; o = o->next) {
    if (vg_xml_is(o, "failing")) {
      failing = o;
      break;
    }
    if (!vg_xml_is(o, "outage"))
      continue;
    char *oc = vg_xml_attr(o, "check"), *ocat = vg_xml_attr(o, "category");
    int hit = oc && ocat && check && cat && strcmp(oc, check) == 0 && strcmp(ocat, cat) == 0;
    free(oc);
    free(ocat);
    if (hit) {
      for (size_t k = 0; k < sizeof(outage_figures) / sizeof(outage_figures[0]); k++) {
        char *a = vg_xml_attr(o, outage_figures[k]), *b = vg_xml_attr(from, outage_figures[k]);
        set_seconds(o, outage_figures[k], strtod(a ? a : "0", NULL) + strtod(b ? b : "0", NULL));
        free(a);
        free(b);
      }
      free(check);
      free(cat);
      return;
    }
  }
  free(check);
  free(cat);
  xmlNodePtr copy = copy_for(from, item);
  if (failing != NULL)
    xmlAddPrevSibling(failing, copy);
  else
    xmlAddChild(item, copy);
}

/* Adds src's items into dst's (matching by id; new items appended), the
 * failing agencies moved, not copied (the documents share their names'
 * dictionary). */
static void merge_items(xmlNodePtr dst, xmlNodePtr src)
{
  for (xmlNodePtr it = src->children; it != NULL; it = it->next) {
    if (!vg_xml_is(it, "item"))
      continue;
    char *id = vg_xml_attr(it, "id");
    xmlNodePtr target = NULL;
    for (xmlNodePtr t = dst->children; t != NULL && target == NULL; t = t->next) {
      char *tid = vg_xml_is(t, "item") ? vg_xml_attr(t, "id") : NULL;
      if (tid && strcmp(tid, id) == 0)
        target = t;
      free(tid);
    }
    if (target == NULL) {
      target = add_el(dst, "item");
      set_attr(target, "id", id);
    }
    for (xmlNodePtr c = it->children, next; c != NULL; c = next) {
      next = c->next;
      if (vg_xml_is(c, "category")) {
        char *cid = vg_xml_attr(c, "id");
        add_counts(merged_category(target, cid), c);
        free(cid);
      } else if (vg_xml_is(c, "outage")) {
        merge_outage(target, c);
      } else if (vg_xml_is(c, "failing")) {
        xmlUnlinkNode(c);
        if (xmlDOMWrapAdoptNode(NULL, c->doc, c, dst->doc, target, 0) == 0)
          xmlAddChild(target, c);
        else
          xmlFreeNode(c);
      }
    }
    free(id);
  }
}

/* True (with err set) when content already lists p's province. */
static int province_seen(xmlNodePtr content, xmlNodePtr p, const char *path, char *err,
                         size_t errlen)
{
  char *id = vg_xml_attr(p, "id");
  int seen = 0;

  for (xmlNodePtr q = content->children; q != NULL && !seen; q = q->next) {
    char *qid = vg_xml_is(q, "province") ? vg_xml_attr(q, "id") : NULL;
    seen = qid != NULL && id != NULL && strcmp(qid, id) == 0;
    free(qid);
  }
  if (seen)
    snprintf(err, errlen, "%s: province '%s' is already in the merge", path, id);
  free(id);
  return seen;
}

/* Each input is loaded, verified and added before the next is read, so
 * that a national merge holds one province besides the result (and the
 * first, against which the others' scope is checked). */
int vg_export_merge(const char *const *paths, size_t n, const char *schemadir, const char *trust,
                    const vg_signer_t *signer, const char *out, char *err, size_t errlen)
{
  xmlDocPtr first_doc = NULL, doc = NULL, merged = NULL;
  xmlNodePtr content = NULL, first = NULL, last = NULL, late = NULL;
  xmlDictPtr dict;
  vg_signed_by_t by;
  char why[2048];
  int rc = -1;

  if (n == 0) {
    snprintf(err, errlen, "nothing to merge");
    return -1;
  }
  if ((dict = xmlDictCreate()) == NULL) {
    snprintf(err, errlen, "out of memory");
    return -1;
  }
  for (size_t i = 0; i < n; i++) {
    if ((doc = load_export(paths[i], schemadir, dict, err, errlen)) == NULL)
      goto out;
    memset(&by, 0, sizeof(by));
    if (trust != NULL && vg_verify_doc(doc, trust, &by, why, sizeof(why)) != 0) {
      snprintf(err, errlen, "%s: not verified: %s; nothing merged", paths[i], why);
      goto out;
    }
    xmlNodePtr c = child_el(xmlDocGetRootElement(doc), "content");
    if (i == 0) {
      first_doc = doc;
      first = c;
      merged = new_export(&content);
      merged->dict = dict;
      xmlDictReference(dict);
      xmlAddChild(content, copy_for(child_el(first, "directive"), content));
      last = xmlAddChild(content, copy_for(child_el(first, "window"), content));
    } else if (same_scope(first, c, paths[0], paths[i], err, errlen) != 0) {
      goto out;
    }
    for (xmlNodePtr p = c->children; p != NULL; p = p->next) {
      if (!vg_xml_is(p, "province"))
        continue;
      if (province_seen(content, p, paths[i], err, errlen))
        goto out;
      xmlNodePtr copy = xmlAddNextSibling(last, copy_for(p, content));
      last = copy;
      if (trust != NULL && !xmlHasProp(copy, BAD_CAST "signed-by")) { /* a province's own export */
        set_attr(copy, "signed-by", by.subject);
        set_attr(copy, "signer-sha256", by.fingerprint);
        set_attr(copy, "signed-at", by.signed_at);
      }
    }
    merge_items(content, c);
    for (xmlNodePtr l = c->children, next; l != NULL; l = next) {
      next = l->next;
      if (!vg_xml_is(l, "late-evidence"))
        continue;
      xmlUnlinkNode(l);
      if (late == NULL)
        late = xmlNewDocNode(merged, content->ns, BAD_CAST "late", NULL);
      if (late != NULL && xmlDOMWrapAdoptNode(NULL, l->doc, l, merged, content, 0) == 0)
        xmlAddChild(late, l); /* placed after every item, below */
      else
        xmlFreeNode(l);
    }
    if (doc != first_doc)
      xmlFreeDoc(doc);
    doc = NULL;
  }
  while (late != NULL && late->children != NULL) {
    xmlNodePtr l = late->children;
    xmlUnlinkNode(l);
    xmlAddChild(content, l);
  }
  xmlReconciliateNs(merged, xmlDocGetRootElement(merged));
  rc = seal_and_save(merged, out, signer, 0, NULL, err, errlen);
out:
  xmlFreeNode(late);
  if (doc != first_doc)
    xmlFreeDoc(doc);
  xmlFreeDoc(first_doc);
  xmlFreeDoc(merged);
  xmlDictFree(dict);
  return rc;
}

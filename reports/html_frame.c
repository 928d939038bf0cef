/* html_frame: read report.xml once for the HTML writer: the frame (the
 * report without its agencies) in memory, each agency's element kept in a
 * temporary file to be read back one at a time. */
#include "vigil_config.h"

#include "html_frame.h"

#include <errno.h>
#include <libxml/xmlreader.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define REPORT_NS "urn:vigil:report:1"
#define WRAP_OPEN "<report xmlns=\"" REPORT_NS "\">"
#define WRAP_CLOSE "</report>"

static int is_element(xmlNodePtr n, const char *name)
{
  return n != NULL && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The first child of the frame's root named name, or NULL. */
static xmlNodePtr root_child(const vg_html_frame_t *f, const char *name)
{
  xmlNodePtr root = xmlDocGetRootElement(f->doc);

  for (xmlNodePtr c = root ? root->children : NULL; c != NULL; c = c->next)
    if (is_element(c, name))
      return c;
  return NULL;
}

vg_html_frame_t *vg_html_frame_new(char *err, size_t errlen)
{
  vg_html_frame_t *f = calloc(1, sizeof(*f));

  if (f == NULL) {
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  f->store = tmpfile();
  if (f->store == NULL) {
    snprintf(err, errlen, "cannot make a temporary file: %s", strerror(errno));
    free(f);
    return NULL;
  }
  return f;
}

int vg_html_frame_add(vg_html_frame_t *f, const char *id, const char *category, const char *xml,
                      size_t len)
{
  vg_html_agency_t *a;

  if (f->n_agencies % 256 == 0) {
    vg_html_agency_t *grown = realloc(f->agencies, (f->n_agencies + 256) * sizeof(*grown));
    if (grown == NULL)
      return -1;
    f->agencies = grown;
  }
  a = &f->agencies[f->n_agencies];
  memset(a, 0, sizeof(*a));
  snprintf(a->id, sizeof(a->id), "%s", id);
  snprintf(a->category, sizeof(a->category), "%s", category ? category : "");
  a->off = ftello(f->store);
  a->len = len;
  if (a->off < 0 || fwrite(xml, 1, len, f->store) != len)
    return -1;
  f->n_agencies++;
  return 0;
}

/* Sets each agency's matrix group and members="N" on each catalogue
 * <category>; counts the groups. Returns 0, or -1 out of memory. */
static int count_members(vg_html_frame_t *f)
{
  xmlNodePtr cat = root_child(f, "catalogue");
  size_t k = 1;

  for (xmlNodePtr g = cat ? cat->children : NULL; g != NULL; g = g->next) {
    xmlChar *id;
    size_t n = 0;
    char num[32];
    if (!is_element(g, "category"))
      continue;
    id = xmlGetProp(g, BAD_CAST "id");
    for (size_t i = 0; id != NULL && i < f->n_agencies; i++)
      if (strcmp(f->agencies[i].category, (const char *)id) == 0) {
        f->agencies[i].group = k;
        n++;
      }
    xmlFree(id);
    snprintf(num, sizeof(num), "%zu", n);
    if (xmlSetProp(g, BAD_CAST "members", BAD_CAST num) == NULL)
      return -1;
    k++;
  }
  f->n_groups = k;
  return 0;
}

/* Copies the <name>s of the agency entry names (by its agency attribute)
 * into entry. Returns 0, or -1 out of memory. */
static int add_names(vg_html_frame_t *f, xmlNodePtr entry)
{
  xmlChar *id = xmlGetProp(entry, BAD_CAST "agency");
  xmlDocPtr doc = NULL;
  int rc = 0;

  for (size_t i = 0; id != NULL && i < f->n_agencies; i++) {
    if (strcmp(f->agencies[i].id, (const char *)id) != 0)
      continue;
    doc = vg_html_frame_agency(f, i);
    break;
  }
  for (xmlNodePtr n = doc ? vg_html_frame_element(doc)->children : NULL; n != NULL; n = n->next)
    if (is_element(n, "name") && xmlAddChild(entry, xmlDocCopyNode(n, f->doc, 1)) == NULL)
      rc = -1;
  xmlFreeDoc(doc);
  xmlFree(id);
  return rc;
}

/* What every frame gets once its document and agencies are in. */
static int complete(vg_html_frame_t *f)
{
  xmlNodePtr summary = root_child(f, "summary");

  if (fflush(f->store) != 0 || count_members(f) != 0)
    return -1;
  for (xmlNodePtr e = summary ? summary->children : NULL; e != NULL; e = e->next)
    if ((is_element(e, "late-evidence") || is_element(e, "clock-ahead") ||
         is_element(e, "silent") || is_element(e, "at-risk")) &&
        add_names(f, e) != 0)
      return -1;
  return 0;
}

/* Appends node (an <agency> of the reader's document) to f's store.
 * Returns 0, or -1 out of memory or on a write error. */
static int keep_agency(vg_html_frame_t *f, xmlDocPtr from, xmlNodePtr node)
{
  xmlBufferPtr buf = xmlBufferCreate();
  xmlChar *id = xmlGetProp(node, BAD_CAST "id"), *cats = xmlGetProp(node, BAD_CAST "categories");
  char first[72] = "";
  int rc = -1;

  if (buf == NULL || id == NULL || xmlNodeDump(buf, from, node, 0, 0) < 0)
    goto out;
  if (cats != NULL)
    snprintf(first, sizeof(first), "%.*s", (int)strcspn((const char *)cats, " "),
             (const char *)cats);
  rc = vg_html_frame_add(f, (const char *)id, first, (const char *)xmlBufferContent(buf),
                         (size_t)xmlBufferLength(buf));
out:
  xmlFree(id);
  xmlFree(cats);
  xmlBufferFree(buf);
  return rc;
}

/* Reads the report with reader r into f: the root and its children but
 * the agencies into f->doc, the agencies into f->store. Returns 0, or -1
 * with the reason in err. */
static int read_all(vg_html_frame_t *f, xmlTextReaderPtr r, const char *path, char *err,
                    size_t errlen)
{
  xmlNodePtr root = NULL;
  int rc = xmlTextReaderRead(r);

  while (rc == 1) {
    xmlNodePtr node;
    if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT) {
      rc = xmlTextReaderRead(r);
      continue;
    }
    if (xmlTextReaderDepth(r) == 0) {
      root = xmlDocCopyNode(xmlTextReaderCurrentNode(r), f->doc, 2);
      if (root == NULL)
        goto oom;
      xmlDocSetRootElement(f->doc, root);
      rc = xmlTextReaderRead(r);
      continue;
    }
    node = xmlTextReaderExpand(r);
    if (node == NULL || root == NULL)
      break;
    if (strcmp((const char *)node->name, "agency") == 0) {
      if (keep_agency(f, node->doc, node) != 0) {
        snprintf(err, errlen, "%s: cannot keep an agency aside: %s", path, strerror(errno));
        return -1;
      }
    } else if (xmlAddChild(root, xmlDocCopyNode(node, f->doc, 1)) == NULL) {
      goto oom;
    }
    rc = xmlTextReaderNext(r);
  }
  if (rc != 0 || root == NULL) {
    snprintf(err, errlen, "%s: cannot read the report", path);
    return -1;
  }
  if (complete(f) != 0)
    goto oom;
  return 0;
oom:
  snprintf(err, errlen, "%s: out of memory reading the report", path);
  return -1;
}

vg_html_frame_t *vg_html_frame_read(const char *path, char *err, size_t errlen)
{
  vg_html_frame_t *f;
  xmlTextReaderPtr r = NULL;

  if (access(path, R_OK) != 0) {
    snprintf(err, errlen, "%s: cannot read the report: %s", path, strerror(errno));
    return NULL;
  }
  f = vg_html_frame_new(err, errlen);
  if (f == NULL)
    return NULL;
  f->doc = xmlNewDoc(BAD_CAST "1.0");
  r = xmlReaderForFile(path, NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
  if (f->doc == NULL || r == NULL) {
    snprintf(err, errlen, "%s: cannot read the report", path);
    goto fail;
  }
  if (read_all(f, r, path, err, errlen) != 0)
    goto fail;
  xmlFreeTextReader(r);
  return f;
fail:
  xmlFreeTextReader(r);
  vg_html_frame_free(f);
  return NULL;
}

/* Sets the attributes of the root of the report at path on the frame's
 * root (those of its signature among them). Returns 0, or -1. */
static int root_attributes(vg_html_frame_t *f, const char *path)
{
  xmlTextReaderPtr r = xmlReaderForFile(path, NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
  xmlNodePtr root = xmlDocGetRootElement(f->doc);
  int rc = -1;

  if (r == NULL || root == NULL || xmlTextReaderRead(r) != 1 ||
      xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT)
    goto out;
  rc = 0;
  while (rc == 0 && xmlTextReaderMoveToNextAttribute(r) == 1) {
    const xmlChar *name = xmlTextReaderConstLocalName(r);
    if (xmlTextReaderConstPrefix(r) == NULL && strcmp((const char *)name, "xmlns") != 0 &&
        xmlSetProp(root, name, xmlTextReaderConstValue(r)) == NULL)
      rc = -1;
  }
out:
  xmlFreeTextReader(r);
  return rc;
}

int vg_html_frame_finish(vg_html_frame_t *f, const char *xml, size_t len, const char *report,
                         char *err, size_t errlen)
{
  f->doc = xmlReadMemory(xml, (int)len, "report.xml", "UTF-8",
                         XML_PARSE_NONET | XML_PARSE_HUGE | XML_PARSE_NODICT | XML_PARSE_NOBLANKS);
  if (f->doc == NULL || xmlDocGetRootElement(f->doc) == NULL) {
    snprintf(err, errlen, "%s: cannot read the report's header back", report);
    return -1;
  }
  if (root_attributes(f, report) != 0) {
    snprintf(err, errlen, "%s: cannot read the report's root", report);
    return -1;
  }
  if (complete(f) != 0) {
    snprintf(err, errlen, "%s: out of memory or a write error keeping the agencies", report);
    return -1;
  }
  return 0;
}

xmlDocPtr vg_html_frame_agency(const vg_html_frame_t *f, size_t i)
{
  const vg_html_agency_t *a = &f->agencies[i];
  size_t open = strlen(WRAP_OPEN), close = strlen(WRAP_CLOSE);
  char *buf = malloc(open + a->len + close);
  xmlDocPtr doc = NULL;
  ssize_t got;

  if (buf == NULL)
    return NULL;
  memcpy(buf, WRAP_OPEN, open);
  got = pread(fileno(f->store), buf + open, a->len, a->off);
  if (got == (ssize_t)a->len) {
    memcpy(buf + open + a->len, WRAP_CLOSE, close);
    doc = xmlReadMemory(buf, (int)(open + a->len + close), "agency.xml", "UTF-8",
                        XML_PARSE_NONET | XML_PARSE_HUGE | XML_PARSE_NODICT | XML_PARSE_NOBLANKS);
  }
  free(buf);
  return doc;
}

xmlNodePtr vg_html_frame_element(xmlDocPtr doc)
{
  for (xmlNodePtr n = xmlDocGetRootElement(doc)->children; n != NULL; n = n->next)
    if (n->type == XML_ELEMENT_NODE)
      return n;
  return xmlDocGetRootElement(doc);
}

void vg_html_frame_free(vg_html_frame_t *f)
{
  if (f == NULL)
    return;
  xmlFreeDoc(f->doc);
  if (f->store != NULL)
    fclose(f->store);
  free(f->agencies);
  free(f);
}

/* xmlload: parse an untrusted XML file safely and validate it against an
 * XSD, with errors that name the file and line. */
#include "vigil_config.h"

#include "xmlload.h"

#include <ctype.h>
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <openssl/evp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Collects structured errors as "file:line: message" into a bounded buffer. */
typedef struct {
  char *buf;
  size_t len;
  int count;
  const char *file; /* named when libxml2 names none */
} err_sink_t;

enum { MAX_REPORTED_ERRORS = 10 };

static void sink_add(err_sink_t *sink, const char *file, int line, const char *msg)
{
  size_t used = strlen(sink->buf);
  size_t mlen = strlen(msg);

  sink->count++;
  if (sink->count > MAX_REPORTED_ERRORS || used + 1 >= sink->len)
    return;
  while (mlen > 0 && isspace((unsigned char)msg[mlen - 1]))
    mlen--;
  snprintf(sink->buf + used, sink->len - used, "%s%s:%d: %.*s", used ? "\n" : "", file, line,
           (int)mlen, msg);
}

static void structured_error(void *ctx, xmlErrorPtr e)
{
  err_sink_t *sink = ctx;

  sink_add(sink, e->file ? e->file : sink->file, e->line, e->message ? e->message : "error");
}

static void add_more_count(err_sink_t *sink)
{
  size_t used = strlen(sink->buf);

  if (sink->count > MAX_REPORTED_ERRORS && used + 1 < sink->len)
    snprintf(sink->buf + used, sink->len - used, "\n(%d more errors)",
             sink->count - MAX_REPORTED_ERRORS);
}

static void silent_error(void *ctx, const char *msg, ...)
{
  (void)ctx;
  (void)msg;
}

static int validate(xmlDocPtr doc, const char *xsd, err_sink_t *sink)
{
  xmlSchemaParserCtxtPtr pctx = xmlSchemaNewParserCtxt(xsd);
  xmlSchemaPtr schema = NULL;
  xmlSchemaValidCtxtPtr vctx = NULL;
  int rc = -1;

  if (pctx == NULL)
    goto out;
  xmlSchemaSetParserStructuredErrors(pctx, structured_error, sink);
  schema = xmlSchemaParse(pctx);
  if (schema == NULL) {
    sink_add(sink, xsd, 0, "cannot load this schema");
    goto out;
  }
  vctx = xmlSchemaNewValidCtxt(schema);
  if (vctx == NULL)
    goto out;
  xmlSchemaSetValidStructuredErrors(vctx, structured_error, sink);
  rc = xmlSchemaValidateDoc(vctx, doc) == 0 ? 0 : -1;
out:
  xmlSchemaFreeValidCtxt(vctx);
  xmlSchemaFree(schema);
  xmlSchemaFreeParserCtxt(pctx);
  return rc;
}

/* Checks that path and xsd are readable; returns 0, or -1 with err set. */
static int check_readable(const char *path, const char *xsd, char *err, size_t errlen)
{
  if (access(path, R_OK) != 0) {
    snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
    return -1;
  }
  if (access(xsd, R_OK) != 0) {
    snprintf(err, errlen,
             "%s: cannot read the schema (give --schemas DIR or set VIGIL_SCHEMADIR): %s", xsd,
             strerror(errno));
    return -1;
  }
  return 0;
}

int vg_xml_root_name(const char *path, char *buf, size_t len)
{
  xmlTextReaderPtr r =
      xmlReaderForFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  int rc = -1;

  buf[0] = '\0';
  while (r != NULL && xmlTextReaderRead(r) == 1) {
    if (xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT) {
      const xmlChar *name = xmlTextReaderConstLocalName(r);
      snprintf(buf, len, "%s", name ? (const char *)name : "");
      rc = 0;
      break;
    }
  }
  xmlFreeTextReader(r);
  return rc;
}

xmlDocPtr vg_xml_load(const char *path, const char *xsd, char *err, size_t errlen)
{
  return vg_xml_load_dict(path, xsd, NULL, err, errlen);
}

xmlDocPtr vg_xml_load_dict(const char *path, const char *xsd, xmlDictPtr dict, char *err,
                           size_t errlen)
{
  err_sink_t sink = {err, errlen, 0, path};
  xmlParserCtxtPtr ctx;
  xmlDocPtr doc = NULL;

  err[0] = '\0';
  if (check_readable(path, xsd, err, errlen) != 0)
    return NULL;
  /* Nothing is printed behind the caller's back: every message goes to err. */
  xmlSetGenericErrorFunc(NULL, silent_error);
  ctx = xmlNewParserCtxt();
  if (ctx == NULL) {
    snprintf(err, errlen, "%s: out of memory", path);
    return NULL;
  }
  if (dict != NULL) { /* the read below resets the context, looking its names up in dict */
    xmlDictFree(ctx->dict);
    ctx->dict = dict;
    xmlDictReference(dict);
  }
  /* libxml2 2.9 has no per-context structured handler: the handler is
   * per thread, so it is set for this parse and reset after it. */
  xmlSetStructuredErrorFunc(&sink, structured_error);
  doc = xmlCtxtReadFile(ctx, path, NULL, XML_PARSE_NONET | XML_PARSE_NOCDATA);
  xmlSetStructuredErrorFunc(NULL, NULL);
  if (doc == NULL || sink.count > 0) {
    if (sink.count == 0)
      sink_add(&sink, path, 0, "cannot read or parse this file");
    goto fail;
  }
  if (doc->intSubset != NULL) {
    sink_add(&sink, path, 1, "a DOCTYPE is not allowed here");
    goto fail;
  }
  if (validate(doc, xsd, &sink) != 0) {
    if (sink.count == 0)
      sink_add(&sink, path, 0, "does not follow its schema");
    goto fail;
  }
  xmlFreeParserCtxt(ctx);
  return doc;
fail:
  add_more_count(&sink);
  xmlFreeDoc(doc);
  xmlFreeParserCtxt(ctx);
  return NULL;
}

static void reader_error(void *ctx, xmlErrorPtr e)
{
  structured_error(ctx, e);
}

/* Walks the document under reader, handing the root and each expanded
 * child of it to cb. Returns 0, or -1 when cb failed or reading stopped. */
static int stream_walk(xmlTextReaderPtr reader, vg_xml_stream_cb cb, void *ctx, err_sink_t *sink)
{
  int ret = xmlTextReaderRead(reader);

  while (ret == 1) {
    int type = xmlTextReaderNodeType(reader), depth = xmlTextReaderDepth(reader);
    if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
      sink_add(sink, sink->file, xmlTextReaderGetParserLineNumber(reader),
               "a DOCTYPE is not allowed here");
      return -1;
    }
    if (type == XML_READER_TYPE_ELEMENT && depth <= 1) {
      xmlNodePtr n = depth == 0 ? xmlTextReaderCurrentNode(reader) : xmlTextReaderExpand(reader);
      if (n == NULL || cb(ctx, n, depth) != 0)
        return -1;
      if (depth == 1) {
        ret = xmlTextReaderNext(reader);
        continue;
      }
    }
    ret = xmlTextReaderRead(reader);
  }
  return ret == 0 ? 0 : -1;
}

int vg_xml_stream(const char *path, const char *xsd, vg_xml_stream_cb cb, void *ctx, char *err,
                  size_t errlen)
{
  err_sink_t sink = {err, errlen, 0, path};
  xmlSchemaParserCtxtPtr pctx = NULL;
  xmlSchemaPtr schema = NULL;
  xmlTextReaderPtr reader = NULL;
  int rc = -1;

  err[0] = '\0';
  if (check_readable(path, xsd, err, errlen) != 0)
    return -1;
  xmlSetGenericErrorFunc(NULL, silent_error);
  pctx = xmlSchemaNewParserCtxt(xsd);
  if (pctx != NULL) {
    xmlSchemaSetParserStructuredErrors(pctx, structured_error, &sink);
    schema = xmlSchemaParse(pctx);
  }
  if (schema == NULL) {
    sink_add(&sink, xsd, 0, "cannot load this schema");
    goto out;
  }
  reader = xmlReaderForFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOCDATA);
  if (reader == NULL) {
    sink_add(&sink, path, 0, "cannot read or parse this file");
    goto out;
  }
  xmlTextReaderSetStructuredErrorHandler(reader, reader_error, &sink);
  if (xmlTextReaderSetSchema(reader, schema) != 0) {
    sink_add(&sink, xsd, 0, "cannot use this schema");
    goto out;
  }
  /* the reader's handler gets the schema's errors; the parser's (a file
   * that is not well-formed) reach only the thread's handler once a schema
   * is plugged into the reader (libxml2 2.9) */
  xmlSetStructuredErrorFunc(&sink, structured_error);
  rc = stream_walk(reader, cb, ctx, &sink);
  xmlSetStructuredErrorFunc(NULL, NULL);
  if (rc != 0 || sink.count > 0 || xmlTextReaderIsValid(reader) != 1) {
    rc = -1;
    if (sink.count == 0)
      sink_add(&sink, path, 0, "cannot read this file or it does not follow its schema");
    goto out;
  }
  rc = 0;
out:
  if (rc != 0)
    add_more_count(&sink);
  xmlFreeTextReader(reader);
  xmlSchemaFree(schema);
  xmlSchemaFreeParserCtxt(pctx);
  return rc;
}

char *vg_xml_attr(xmlNodePtr node, const char *name)
{
  xmlChar *v = xmlGetNoNsProp(node, BAD_CAST name);
  char *copy;

  if (v == NULL)
    return NULL;
  copy = strdup((const char *)v);
  xmlFree(v);
  return copy;
}

char *vg_xml_text(xmlNodePtr node)
{
  xmlChar *v = xmlNodeGetContent(node);
  const char *s = v ? (const char *)v : "";
  char *out = malloc(strlen(s) + 1);
  size_t n = 0;
  int space = 0;

  if (out == NULL)
    goto out;
  for (; *s; s++) {
    if (isspace((unsigned char)*s)) {
      space = n > 0;
      continue;
    }
    if (space)
      out[n++] = ' ';
    space = 0;
    out[n++] = *s;
  }
  out[n] = '\0';
out:
  xmlFree(v);
  return out;
}

const char *vg_xml_lang(xmlNodePtr node)
{
  for (xmlAttrPtr a = node->properties; a != NULL; a = a->next) {
    if (a->ns != NULL && xmlStrEqual(a->name, BAD_CAST "lang") && a->children != NULL &&
        a->children->content != NULL)
      return (const char *)a->children->content;
  }
  return "";
}

int vg_xml_is(xmlNodePtr node, const char *name)
{
  return node != NULL && node->type == XML_ELEMENT_NODE && xmlStrEqual(node->name, BAD_CAST name);
}

int vg_sha256_file(const char *path, char hex[65])
{
  unsigned char md[EVP_MAX_MD_SIZE], buf[65536];
  unsigned int mdlen = 0;
  EVP_MD_CTX *ctx = NULL;
  FILE *fp = fopen(path, "rb");
  size_t n;
  int rc = -1;

  if (fp == NULL)
    return -1;
  ctx = EVP_MD_CTX_new();
  if (ctx == NULL || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1)
    goto out;
  while ((n = fread(buf, 1, sizeof(buf), fp)) > 0) {
    if (EVP_DigestUpdate(ctx, buf, n) != 1)
      goto out;
  }
  if (ferror(fp) || EVP_DigestFinal_ex(ctx, md, &mdlen) != 1)
    goto out;
  for (unsigned int i = 0; i < mdlen; i++)
    snprintf(hex + 2 * i, 3, "%02x", md[i]);
  rc = 0;
out:
  EVP_MD_CTX_free(ctx);
  fclose(fp);
  return rc;
}

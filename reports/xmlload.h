/* xmlload: parse an untrusted XML file safely and validate it against an
 * XSD, with errors that name the file and line. */
#ifndef VIGIL_XMLLOAD_H
#define VIGIL_XMLLOAD_H

#include "catalogue.h"

#include <libxml/tree.h>
#include <stddef.h>

/* Parses path without network access, entity substitution or DTD loading,
 * and validates it against the schema file xsd. On success returns the
 * document (the caller frees it with xmlFreeDoc). On error returns NULL and
 * writes "file:line: message" lines (the first few) into err. */
xmlDocPtr vg_xml_load(const char *path, const char *xsd, char *err, size_t errlen);

/* vg_xml_load with the names of the document kept in dict (which the
 * document then references): nodes can move between documents that share
 * one dictionary without being copied. */
xmlDocPtr vg_xml_load_dict(const char *path, const char *xsd, xmlDictPtr dict, char *err,
                           size_t errlen);

/* The local name of path's root element into buf (read up to it, no
 * further, as vg_xml_load reads). Returns 0, or -1 when there is none. */
int vg_xml_root_name(const char *path, char *buf, size_t len);

/* Called by vg_xml_stream with the root element (depth 0, attributes only)
 * and then with each child element of the root, whole (depth 1); the node
 * is freed after the call. Returns 0, or -1 to stop. */
typedef int (*vg_xml_stream_cb)(void *ctx, xmlNodePtr node, int depth);

/* Reads path as vg_xml_load does (no network, no entities, no DTD) but one
 * child of the root at a time, validating against xsd as it goes, so that
 * memory does not grow with the file. Returns 0 when the whole file was
 * read and is valid; else -1 with "file:line: message" lines in err (cb may
 * have been called for the part before the error). */
int vg_xml_stream(const char *path, const char *xsd, vg_xml_stream_cb cb, void *ctx, char *err,
                  size_t errlen);

/* Returns the value of attribute name of node as a newly allocated string
 * (free with free()), or NULL when absent. */
char *vg_xml_attr(xmlNodePtr node, const char *name);

/* Returns the text content of node as a newly allocated string, with
 * leading and trailing white space removed and inner runs folded to one
 * space. Never NULL on success; NULL when out of memory. */
char *vg_xml_text(xmlNodePtr node);

/* Returns the xml:lang of node, or "" (never NULL; not to be freed). */
const char *vg_xml_lang(xmlNodePtr node);

/* Returns 1 when node is an element named name. */
int vg_xml_is(xmlNodePtr node, const char *name);

/* Writes the lowercase hex SHA-256 of the file at path into hex (65 bytes).
 * Returns 0, or -1 when the file cannot be read. */
int vg_sha256_file(const char *path, char hex[65]);

/* Fills t from parent's child elements named name, by xml:lang (vi, en);
 * a language that is missing is "". Returns 0, or -1 out of memory (t
 * then holds what was read; free it with vg_text_free). */
int vg_text_read(xmlNodePtr parent, const char *name, vg_text_t *t);

#endif

/* xmlload: parse an untrusted XML file safely and validate it against an
 * XSD, with errors that name the file and line. */
#ifndef VIGIL_XMLLOAD_H
#define VIGIL_XMLLOAD_H

#include <libxml/tree.h>
#include <stddef.h>

/* Parses path without network access, entity substitution or DTD loading,
 * and validates it against the schema file xsd. On success returns the
 * document (the caller frees it with xmlFreeDoc). On error returns NULL and
 * writes "file:line: message" lines (the first few) into err. */
xmlDocPtr vg_xml_load(const char *path, const char *xsd, char *err, size_t errlen);

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

#endif

/* report_html: render report.xml as one self-contained HTML page. */
#include "vigil_config.h"

#include "report_html.h"

#include "atomic_file.h"

#include <libxml/parser.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Security preferences: reading files (the stylesheet reads itself) is
 * allowed; writing files, creating folders and the network are not. */
static xsltSecurityPrefsPtr locked_prefs(void)
{
  xsltSecurityPrefsPtr p = xsltNewSecurityPrefs();

  if (p == NULL)
    return NULL;
  if (xsltSetSecurityPrefs(p, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid) != 0 ||
      xsltSetSecurityPrefs(p, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid) != 0 ||
      xsltSetSecurityPrefs(p, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid) != 0 ||
      xsltSetSecurityPrefs(p, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid) != 0) {
    xsltFreeSecurityPrefs(p);
    return NULL;
  }
  return p;
}

/* Applies style to doc and writes the result beside out, into *page. */
static int transform(xsltStylesheetPtr style, xmlDocPtr doc, const char *lang, const char *out,
                     vg_atomic_file_t **page, char *err, size_t errlen)
{
  char param[16];
  const char *params[] = {"lang", param, NULL};
  xsltSecurityPrefsPtr prefs = locked_prefs();
  xsltTransformContextPtr tctx = NULL;
  xmlDocPtr res = NULL;
  vg_atomic_file_t *f = NULL;
  int rc = -1;

  snprintf(param, sizeof(param), "'%s'", strcmp(lang, "en") == 0 ? "en" : "vi");
  tctx = xsltNewTransformContext(style, doc);
  if (prefs == NULL || tctx == NULL || xsltSetCtxtSecurityPrefs(prefs, tctx) != 0) {
    snprintf(err, errlen, "%s: cannot prepare the transformation", out);
    goto out;
  }
  res = xsltApplyStylesheetUser(style, doc, params, NULL, NULL, tctx);
  if (res == NULL || tctx->state != XSLT_STATE_OK) {
    snprintf(err, errlen, "%s: the stylesheet failed", out);
    goto out;
  }
  f = vg_atomic_open(out, err, errlen);
  if (f == NULL)
    goto out;
  if (xsltSaveResultToFile(vg_atomic_stream(f), res, style) < 0) {
    snprintf(err, errlen, "%s: write error", out);
    vg_atomic_abort(f);
    goto out;
  }
  if (vg_atomic_prepare(f, err, errlen) != 0) {
    vg_atomic_abort(f);
    goto out;
  }
  *page = f;
  rc = 0;
out:
  xmlFreeDoc(res);
  xsltFreeTransformContext(tctx);
  xsltFreeSecurityPrefs(prefs);
  return rc;
}

int vg_html_render(const char *xml_path, const char *xsl_path, const char *lang, const char *out,
                   vg_atomic_file_t **page, char *err, size_t errlen)
{
  xsltStylesheetPtr style = NULL;
  xmlDocPtr doc = NULL;
  int rc = -1;

  if (access(xml_path, R_OK) != 0 || access(xsl_path, R_OK) != 0) {
    const char *which = access(xml_path, R_OK) != 0 ? xml_path : xsl_path;
    snprintf(err, errlen, "%s: cannot read the %s: %s", which,
             which == xml_path ? "report" : "stylesheet", strerror(errno));
    return -1;
  }
  style = xsltParseStylesheetFile((const xmlChar *)xsl_path);
  if (style == NULL) {
    snprintf(err, errlen, "%s: cannot load the stylesheet", xsl_path);
    goto out;
  }
  doc = xmlReadFile(xml_path, NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
  if (doc == NULL) {
    snprintf(err, errlen, "%s: cannot read the report", xml_path);
    goto out;
  }
  *page = NULL;
  rc = transform(style, doc, lang, out, page, err, errlen);
out:
  xmlFreeDoc(doc);
  xsltFreeStylesheet(style);
  return rc;
}

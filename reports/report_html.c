/* report_html: write report.xml as HTML with the stylesheet
 * schemas/report-html.xsl (libxslt), one agency at a time: one page (the
 * province's overview, then every agency) or a site (index.html and a page
 * per agency), in memory that does not grow with the number of agencies. */
#include "vigil_config.h"

#include "report_html.h"

#include "html_frame.h"
#include "pool.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <libxml/xpathInternals.h>
#include <libxslt/documents.h>
#include <libxslt/extensions.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MARK "<!--vigil:"
#define SPLIT "<!--vigil:split-->"
#define MAX_SEGMENTS 256

/* The overview cut at its marks: text[0], then mark name[k] and text[k]. */
typedef struct {
  char *page; /* owns every text and name */
  const char *name[MAX_SEGMENTS];
  const char *text[MAX_SEGMENTS];
  size_t len[MAX_SEGMENTS];
  size_t n;
} segments_t;

/* A label of the stylesheet in the readers' language. */
typedef struct {
  const char *key;
  const char *text;
} label_t;

/* One rendering: the frame, the stylesheet and where the agencies go. */
typedef struct {
  const vg_html_opts_t *o;
  vg_graph_opts_t graphs;
  vg_html_frame_t *frame;
  xsltStylesheetPtr style;
  label_t *labels; /* sorted by key; the strings are the stylesheet's */
  size_t n_labels;
  const char *params[11];
  char refresh[32];
  segments_t seg;
  FILE **rows;     /* the matrix rows of each group */
  FILE *sections;  /* the agencies' sections (one page) */
  const char *dir; /* the site's temporary folder, or NULL */
} render_t;

struct vg_html_site {
  char *dir;  /* the destination */
  char *tmp;  /* the new site until published; then what it replaced */
  int placed; /* published: 1 renamed, 2 exchanged with an earlier site */
};

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

#define LABELS_NS "urn:vigil:labels"
#define HTML_NS "urn:vigil:html"

static int label_cmp(const void *a, const void *b)
{
  return strcmp(((const label_t *)a)->key, ((const label_t *)b)->key);
}

/* Indexes the stylesheet's <l:labels> in lang. Returns 0, or -1 out of
 * memory. */
static int index_labels(render_t *r, const char *lang)
{
  xmlNodePtr root = xmlDocGetRootElement(r->style->doc);

  for (xmlNodePtr set = root ? root->children : NULL; set != NULL; set = set->next) {
    if (set->type != XML_ELEMENT_NODE || set->ns == NULL ||
        strcmp((const char *)set->ns->href, LABELS_NS) != 0)
      continue;
    for (xmlNodePtr l = set->children; l != NULL; l = l->next) {
      xmlAttrPtr k, t;
      label_t *grown;
      if (l->type != XML_ELEMENT_NODE)
        continue;
      k = xmlHasProp(l, BAD_CAST "k");
      t = xmlHasProp(l, BAD_CAST lang);
      if (k == NULL || t == NULL || k->children == NULL || t->children == NULL)
        continue;
      grown = realloc(r->labels, (r->n_labels + 1) * sizeof(*grown));
      if (grown == NULL)
        return -1;
      r->labels = grown;
      r->labels[r->n_labels++] =
          (label_t){(const char *)k->children->content, (const char *)t->children->content};
    }
  }
  qsort(r->labels, r->n_labels, sizeof(*r->labels), label_cmp);
  return 0;
}

/* v:label(k): the label k in the readers' language, or "". */
static void label_function(xmlXPathParserContextPtr ctxt, int nargs)
{
  xsltTransformContextPtr tctx = xsltXPathGetTransformContext(ctxt);
  const render_t *r = tctx != NULL ? tctx->_private : NULL;
  xmlChar *k;
  label_t key, *found = NULL;

  if (nargs != 1 || r == NULL) {
    xmlXPathSetArityError(ctxt);
    return;
  }
  k = xmlXPathPopString(ctxt);
  if (k != NULL) {
    key.key = (const char *)k;
    found = bsearch(&key, r->labels, r->n_labels, sizeof(*r->labels), label_cmp);
  }
  xmlFree(k);
  xmlXPathReturnString(ctxt, xmlStrdup(BAD_CAST(found != NULL ? found->text : "")));
}

/* Applies the stylesheet to doc with part ("overview" or "agency") and
 * serializes the result into *out (free with xmlFree). Returns 0, or -1. */
static int transform(render_t *r, xmlDocPtr doc, const char *part, xmlChar **out, int *len)
{
  xsltSecurityPrefsPtr prefs = locked_prefs();
  xsltTransformContextPtr tctx = NULL;
  xsltDocumentPtr self;
  xmlDocPtr res = NULL;
  int rc = -1;

  r->params[3] = part;
  *out = NULL;
  tctx = xsltNewTransformContext(r->style, doc);
  if (prefs == NULL || tctx == NULL || xsltSetCtxtSecurityPrefs(prefs, tctx) != 0)
    goto out;
  /* document('') (the labels) is the stylesheet already parsed, not read
   * again for every agency: listed as a document of the transformation
   * that it does not own */
  self = xsltNewDocument(tctx, r->style->doc);
  if (self == NULL)
    goto out;
  self->main = 1;
  tctx->_private = r;
  if (xsltRegisterExtFunction(tctx, BAD_CAST "label", BAD_CAST HTML_NS, label_function) != 0)
    goto out;
  res = xsltApplyStylesheetUser(r->style, doc, r->params, NULL, NULL, tctx);
  if (res == NULL || tctx->state != XSLT_STATE_OK)
    goto out;
  if (xsltSaveResultToString(out, len, res, r->style) != 0 || *out == NULL)
    goto out;
  rc = 0;
out:
  xmlFreeDoc(res);
  xsltFreeTransformContext(tctx);
  xsltFreeSecurityPrefs(prefs);
  return rc;
}

/* Cuts page (taken over) at its marks into seg. Returns 0, or -1 when it
 * has too many. */
static int cut(char *page, size_t len, segments_t *seg)
{
  char *p = page, *end = page + len;

  memset(seg, 0, sizeof(*seg));
  seg->page = page;
  seg->text[0] = page;
  seg->n = 1;
  while ((p = strstr(p, MARK)) != NULL) {
    char *name = p + strlen(MARK), *close = strstr(name, "-->");
    if (close == NULL || seg->n == MAX_SEGMENTS)
      return -1;
    seg->len[seg->n - 1] = (size_t)(p - seg->text[seg->n - 1]);
    *close = '\0';
    seg->name[seg->n] = name;
    seg->text[seg->n] = close + 3;
    p = close + 3;
    seg->n++;
  }
  seg->len[seg->n - 1] = (size_t)(end - seg->text[seg->n - 1]);
  return 0;
}

/* The text after mark name, or "" when there is none. */
static const char *after(const segments_t *seg, const char *name, size_t *len)
{
  for (size_t k = 1; k < seg->n; k++)
    if (strcmp(seg->name[k], name) == 0) {
      *len = seg->len[k];
      return seg->text[k];
    }
  *len = 0;
  return "";
}

/* Copies what was written to from (from its start) to to. Returns 0 or -1. */
static int copy(FILE *from, FILE *to)
{
  char buf[65536];
  size_t n;

  if (fflush(from) != 0 || fseek(from, 0, SEEK_SET) != 0)
    return -1;
  while ((n = fread(buf, 1, sizeof(buf), from)) > 0)
    if (fwrite(buf, 1, n, to) != n)
      return -1;
  return ferror(from) ? -1 : 0;
}

/* Writes the overview to fp: its texts, each matrix group's rows at its
 * mark and, on one page, the agencies' sections at theirs. Returns 0 or -1. */
static int write_overview(render_t *r, FILE *fp)
{
  const segments_t *seg = &r->seg;
  int rc = fwrite(seg->text[0], 1, seg->len[0], fp) == seg->len[0] ? 0 : -1;

  for (size_t k = 1; rc == 0 && k < seg->n; k++) {
    const char *name = seg->name[k];
    if (strcmp(name, "back") == 0)
      continue; /* an agency's page alone links back to the overview */
    if (strncmp(name, "rows:", 5) == 0) {
      size_t g = strtoul(name + 5, NULL, 10);
      if (g < r->frame->n_groups)
        rc = copy(r->rows[g], fp);
    } else if (strcmp(name, "agencies") == 0 && r->sections != NULL) {
      rc = copy(r->sections, fp);
    }
    if (rc == 0 && fwrite(seg->text[k], 1, seg->len[k], fp) != seg->len[k])
      rc = -1;
  }
  return rc;
}

/* Runs in a worker: agency i's matrix row and section, packed as the
 * row's length (8 bytes), the row, then the section. */
static int agency_produce(size_t i, void *arg, char **out, size_t *out_len)
{
  render_t *r = arg;
  xmlDocPtr doc = vg_html_frame_agency(r->frame, i);
  xmlNodePtr agency;
  xmlChar *html = NULL;
  const char *split;
  int len = 0, rc = -1, moved;
  uint64_t row;

  if (doc == NULL) {
    fprintf(stderr, "vigil-report: agency '%s': cannot read it back\n", r->frame->agencies[i].id);
    return -1;
  }
  if (vg_graphs_add(&r->graphs, vg_html_frame_element(doc)) < 0)
    goto out;
  /* moved into the frame for the transformation, and back (neither
   * document has a dictionary, and the namespace stays declared in doc) */
  agency = vg_html_frame_element(doc);
  xmlUnlinkNode(agency);
  xmlAddChild(xmlDocGetRootElement(r->frame->doc), agency);
  moved = transform(r, r->frame->doc, "'agency'", &html, &len);
  xmlUnlinkNode(agency);
  xmlAddChild(xmlDocGetRootElement(doc), agency);
  if (moved != 0)
    goto out;
  split = strstr((const char *)html, SPLIT);
  if (split == NULL)
    goto out;
  row = (uint64_t)(split - (const char *)html);
  *out_len = sizeof(row) + (size_t)len - strlen(SPLIT);
  *out = malloc(*out_len);
  if (*out == NULL)
    goto out;
  memcpy(*out, &row, sizeof(row));
  memcpy(*out + sizeof(row), html, row);
  memcpy(*out + sizeof(row) + row, split + strlen(SPLIT), (size_t)len - row - strlen(SPLIT));
  rc = 0;
out:
  if (rc != 0)
    fprintf(stderr, "vigil-report: agency '%s': cannot write its HTML\n", r->frame->agencies[i].id);
  xmlFree(html);
  xmlFreeDoc(doc);
  return rc;
}

/* Writes agency i's own page of the site. Returns 0 or -1. */
static int agency_page(render_t *r, size_t i, const char *section, size_t len)
{
  char path[4096];
  const char *back, *tail;
  size_t back_len, tail_len;
  FILE *fp;
  int rc;

  snprintf(path, sizeof(path), "%s/agencies/%s.html", r->dir, r->frame->agencies[i].id);
  fp = fopen(path, "wx");
  if (fp == NULL)
    return -1;
  back = after(&r->seg, "back", &back_len);
  tail = after(&r->seg, "agencies", &tail_len);
  rc = fwrite(r->seg.text[0], 1, r->seg.len[0], fp) == r->seg.len[0] &&
               fwrite(back, 1, back_len, fp) == back_len && fwrite(section, 1, len, fp) == len &&
               fwrite(tail, 1, tail_len, fp) == tail_len
           ? 0
           : -1;
  if (fclose(fp) != 0)
    rc = -1;
  return rc;
}

/* Puts agency i's row with its group's and its section with the others
 * (or on its own page), in inventory order. */
static int agency_consume(size_t i, const char *data, size_t len, void *arg)
{
  render_t *r = arg;
  uint64_t row;
  size_t group = r->frame->agencies[i].group;

  if (len < sizeof(row))
    return -1;
  memcpy(&row, data, sizeof(row));
  if (row > len - sizeof(row) || group >= r->frame->n_groups)
    return -1;
  if (fwrite(data + sizeof(row), 1, row, r->rows[group]) != row)
    return -1;
  data += sizeof(row) + row;
  len -= sizeof(row) + row;
  if (r->dir != NULL)
    return agency_page(r, i, data, len);
  return fwrite(data, 1, len, r->sections) == len ? 0 : -1;
}

/* Reads the report, transforms its overview and makes the files the
 * agencies go to. Returns 0, or -1 with the reason in err. */
static int render_start(render_t *r, const vg_html_opts_t *o, vg_html_frame_t *frame, int site,
                        char *err, size_t errlen)
{
  xmlChar *page = NULL;
  int len = 0;
  int full = site || o->full;

  memset(r, 0, sizeof(*r));
  r->o = o;
  r->graphs = o->graphs;
  r->graphs.full = full;
  r->params[0] = "lang";
  r->params[1] = strcmp(o->lang, "en") == 0 ? "'en'" : "'vi'";
  r->params[2] = "part";
  r->params[4] = "detail";
  r->params[5] = full ? "'all'" : "'problems'";
  r->params[6] = "pages";
  r->params[7] = site ? "'1'" : "''";
  snprintf(r->refresh, sizeof(r->refresh), "'%ld'", o->refresh);
  r->params[8] = "refresh";
  r->params[9] = o->refresh > 0 ? r->refresh : "''";
  if (access(o->xsl, R_OK) != 0) {
    snprintf(err, errlen, "%s: cannot read the stylesheet: %s", o->xsl, strerror(errno));
    return -1;
  }
  r->style = xsltParseStylesheetFile((const xmlChar *)o->xsl);
  if (r->style == NULL) {
    snprintf(err, errlen, "%s: cannot load the stylesheet", o->xsl);
    return -1;
  }
  if (index_labels(r, strcmp(o->lang, "en") == 0 ? "en" : "vi") != 0) {
    snprintf(err, errlen, "out of memory");
    return -1;
  }
  r->frame = frame;
  if (transform(r, r->frame->doc, "'overview'", &page, &len) != 0 ||
      cut((char *)page, (size_t)len, &r->seg) != 0) {
    xmlFree(page);
    r->seg.page = NULL;
    snprintf(err, errlen, "%s: the stylesheet failed", o->xsl);
    return -1;
  }
  r->rows = calloc(r->frame->n_groups, sizeof(*r->rows));
  if (r->rows == NULL)
    goto nofile;
  for (size_t g = 0; g < r->frame->n_groups; g++)
    if ((r->rows[g] = tmpfile()) == NULL)
      goto nofile;
  if (!site && (r->sections = tmpfile()) == NULL)
    goto nofile;
  return 0;
nofile:
  snprintf(err, errlen, "cannot make a temporary file: %s", strerror(errno));
  return -1;
}

/* Draws and transforms every agency into r's files. Returns 0, or -1 with
 * the reason in err. */
static int render_agencies(render_t *r, char *err, size_t errlen)
{
  char why[1024];

  if (vg_pool_run(r->frame->n_agencies, r->o->jobs, agency_produce, agency_consume, r, why,
                  sizeof(why)) != 0) {
    snprintf(err, errlen, "the HTML was stopped: %s", why);
    return -1;
  }
  return 0;
}

static void render_end(render_t *r)
{
  for (size_t g = 0; r->rows != NULL && g < r->frame->n_groups; g++)
    if (r->rows[g] != NULL)
      fclose(r->rows[g]);
  free(r->rows);
  if (r->sections != NULL)
    fclose(r->sections);
  xmlFree(r->seg.page);
  free(r->labels);
  if (r->style != NULL)
    xsltFreeStylesheet(r->style);
}

int vg_html_render(const vg_html_opts_t *o, vg_html_frame_t *frame, const char *out,
                   vg_atomic_file_t **page, char *err, size_t errlen)
{
  render_t r;
  vg_atomic_file_t *f = NULL;
  int rc = -1;

  *page = NULL;
  if (render_start(&r, o, frame, 0, err, errlen) != 0 || render_agencies(&r, err, errlen) != 0)
    goto out;
  f = vg_atomic_open(out, err, errlen);
  if (f == NULL)
    goto out;
  if (write_overview(&r, vg_atomic_stream(f)) != 0) {
    snprintf(err, errlen, "%s: write error", out);
    goto out;
  }
  if (vg_atomic_prepare(f, err, errlen) != 0)
    goto out;
  *page = f;
  f = NULL;
  rc = 0;
out:
  vg_atomic_abort(f);
  render_end(&r);
  return rc;
}

/* ---- a site: index.html and agencies/ID.html under a folder ---- */

/* Removes a site's files and folders under dir (only those), then dir. */
static void remove_site(const char *dir)
{
  char path[4096];
  DIR *d;
  struct dirent *e;

  snprintf(path, sizeof(path), "%s/agencies", dir);
  d = opendir(path);
  while (d != NULL && (e = readdir(d)) != NULL) {
    size_t n = strlen(e->d_name);
    if (n > 5 && strcmp(e->d_name + n - 5, ".html") == 0) {
      snprintf(path, sizeof(path), "%s/agencies/%s", dir, e->d_name);
      unlink(path);
    }
  }
  if (d != NULL)
    closedir(d);
  snprintf(path, sizeof(path), "%s/agencies", dir);
  rmdir(path);
  snprintf(path, sizeof(path), "%s/index.html", dir);
  unlink(path);
  rmdir(dir);
}

int vg_html_site_check(const char *dir, char *err, size_t errlen)
{
  DIR *d = opendir(dir);
  struct dirent *e;
  int rc = 0;

  if (d == NULL) {
    if (errno == ENOENT)
      return 0;
    snprintf(err, errlen, "%s: %s", dir, strerror(errno));
    return -1;
  }
  while ((e = readdir(d)) != NULL)
    if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
        strcmp(e->d_name, "index.html") != 0 && strcmp(e->d_name, "agencies") != 0)
      rc = -1;
  closedir(d);
  if (rc != 0)
    snprintf(err, errlen,
             "%s: the folder holds other files than a report's site: give a new or empty folder",
             dir);
  return rc;
}

/* Makes the temporary folder of a site beside dir. */
static vg_html_site_t *site_new(const char *dir, char *err, size_t errlen)
{
  vg_html_site_t *s = calloc(1, sizeof(*s));
  size_t n = strlen(dir);
  char sub[4096];

  while (n > 1 && dir[n - 1] == '/')
    n--;
  if (s == NULL || (s->dir = strndup(dir, n)) == NULL ||
      (s->tmp = malloc(n + sizeof(".tmp-XXXXXX"))) == NULL) {
    snprintf(err, errlen, "out of memory");
    goto fail;
  }
  snprintf(s->tmp, n + sizeof(".tmp-XXXXXX"), "%s.tmp-XXXXXX", s->dir);
  if (mkdtemp(s->tmp) == NULL) {
    snprintf(err, errlen, "%s: cannot make a folder beside it: %s", s->dir, strerror(errno));
    free(s->tmp);
    s->tmp = NULL;
    goto fail;
  }
  snprintf(sub, sizeof(sub), "%s/agencies", s->tmp);
  if (chmod(s->tmp, 0755) != 0 || mkdir(sub, 0755) != 0) {
    snprintf(err, errlen, "%s: %s", sub, strerror(errno));
    goto fail;
  }
  return s;
fail:
  vg_html_site_free(s);
  return NULL;
}

int vg_html_render_site(const vg_html_opts_t *o, vg_html_frame_t *frame, const char *dir,
                        vg_html_site_t **site, char *err, size_t errlen)
{
  render_t r;
  vg_html_site_t *s = NULL;
  char path[4096];
  FILE *fp = NULL;
  int rc = -1;

  *site = NULL;
  memset(&r, 0, sizeof(r));
  if (vg_html_site_check(dir, err, errlen) != 0 || (s = site_new(dir, err, errlen)) == NULL ||
      render_start(&r, o, frame, 1, err, errlen) != 0)
    goto out;
  r.dir = s->tmp;
  if (render_agencies(&r, err, errlen) != 0)
    goto out;
  snprintf(path, sizeof(path), "%s/index.html", s->tmp);
  fp = fopen(path, "wx");
  if (fp == NULL || write_overview(&r, fp) != 0 || fflush(fp) != 0 || fsync(fileno(fp)) != 0) {
    snprintf(err, errlen, "%s: write error", path);
    goto out;
  }
  *site = s;
  s = NULL;
  rc = 0;
out:
  if (fp != NULL)
    fclose(fp);
  vg_html_site_free(s);
  render_end(&r);
  return rc;
}

int vg_html_site_publish(vg_html_site_t *s, char *err, size_t errlen)
{
  if (rename(s->tmp, s->dir) == 0) {
    s->placed = 1;
    return 0;
  }
  if ((errno == EEXIST || errno == ENOTEMPTY) &&
      renameat2(AT_FDCWD, s->tmp, AT_FDCWD, s->dir, RENAME_EXCHANGE) == 0) {
    s->placed = 2; /* s->tmp now holds the earlier site */
    return 0;
  }
  snprintf(err, errlen, "%s: cannot put the site in place: %s", s->dir, strerror(errno));
  return -1;
}

void vg_html_site_revert(vg_html_site_t *s)
{
  if (s == NULL || s->placed == 0)
    return;
  if (s->placed == 2)
    renameat2(AT_FDCWD, s->tmp, AT_FDCWD, s->dir, RENAME_EXCHANGE);
  else
    rename(s->dir, s->tmp);
  s->placed = 0;
}

void vg_html_site_free(vg_html_site_t *s)
{
  if (s == NULL)
    return;
  if (s->tmp != NULL && s->placed != 1)
    remove_site(s->tmp);
  free(s->tmp);
  free(s->dir);
  free(s);
}

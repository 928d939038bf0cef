/* Benchmark of signed exports: a province of N agencies that each fail one
 * item (N failing entries) is exported, signed and verified, and P such
 * provinces are merged with every input verified and the result signed;
 * the baseline, measured in the same run, is libxml2 reading and
 * canonicalizing the same export whole. Prints seconds and ratios.
 *
 *   sign_export N P KEY CERT CA DIR CATALOGUE SCHEMAS
 */
#include "export.h"
#include "signature.h"
#include "summary.h"

#include <libxml/c14n.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ZERO_SHA "0000000000000000000000000000000000000000000000000000000000000000"

static double now(void)
{
  struct timespec t;

  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int die(const char *what, const char *err)
{
  fprintf(stderr, "sign_export: %s: %s\n", what, err);
  return 1;
}

/* Writes DIR/agencies.xml with n agencies of category lab. */
static int write_inventory(const char *path, size_t n)
{
  FILE *fp = fopen(path, "w");

  if (fp == NULL)
    return -1;
  fprintf(fp, "<inventory xmlns=\"urn:vigil:inventory:1\" id=\"p0\">"
              "<province xml:lang=\"en\">Bench</province>\n");
  for (size_t i = 0; i < n; i++)
    fprintf(fp,
            "<agency id=\"a%zu\" categories=\"lab\"><name xml:lang=\"en\">A%zu</name>"
            "<host>h%zu</host></agency>\n",
            i, i, i);
  fprintf(fp, "</inventory>\n");
  return fclose(fp);
}

/* The summary of every agency failing A.1 (a copy 2 h old). */
static vg_summary_t *failing_summary(const vg_report_meta_t *m)
{
  vg_summary_t *s = vg_summary_new(m);
  const vg_catalogue_t *cat = m->cat;

  for (size_t a = 0; s != NULL && a < m->inv->n_agencies; a++) {
    vg_item_result_t items[3];
    vg_check_result_t checks[3];
    vg_evidence_t ev[3];
    vg_agency_result_t r = {.agency = &m->inv->agencies[a], .items = items, .n_items = 3};
    char *buf;
    size_t len;
    memset(ev, 0, sizeof(ev));
    for (int i = 0; i < 3; i++) {
      vg_status_t st = i == 0 ? VG_ST_FAIL : VG_ST_NOT_APPLICABLE;
      ev[i].status = st;
      ev[i].agg.value = 7200;
      checks[i] = (vg_check_result_t){.check = &cat->sections[0].items[i].checks[0],
                                      .status = st,
                                      .evidence = &ev[i],
                                      .n_evidence = 1};
      items[i] = (vg_item_result_t){
          .item = &cat->sections[0].items[i], .status = st, .checks = &checks[i], .n_checks = 1};
    }
    if (vg_digest_pack(m, a, &r, &buf, &len) != 0 || vg_summary_add(s, buf, len) != 0)
      return NULL;
    free(buf);
  }
  return s;
}

int main(int argc, char **argv)
{
  char err[4096], path[4096], inv_path[4096];
  vg_report_meta_t m;
  vg_signed_by_t by;
  double t0, t_export = 0, t_sign = 0, t_verify = 0, t_base = 1, t_merge;

  if (argc != 9)
    return die("usage", "sign_export N P KEY CERT CA DIR CATALOGUE SCHEMAS");
  size_t n = strtoul(argv[1], NULL, 10), p = strtoul(argv[2], NULL, 10);
  const char *dir = argv[6], *schemas = argv[8];
  vg_signer_t *signer = vg_signer_load(argv[3], argv[4], err, sizeof(err));
  if (signer == NULL)
    return die(argv[3], err);
  memset(&m, 0, sizeof(m));
  if ((m.cat = vg_catalogue_load(argv[7], schemas, err, sizeof(err))) == NULL)
    return die(argv[7], err);
  snprintf(inv_path, sizeof(inv_path), "%s/agencies.xml", dir);
  if (write_inventory(inv_path, n) != 0 ||
      (m.inv = vg_inventory_load(inv_path, schemas, m.cat, err, sizeof(err))) == NULL)
    return die(inv_path, err);
  m.from = m.cat->window_from;
  m.to = m.cat->window_to;
  m.generated = time(NULL);
  m.datadir = dir;
  const char **inputs = calloc(p, sizeof(*inputs));
  char **names = calloc(p, sizeof(*names));
  for (size_t k = 0; k < p; k++) { /* province k: its own id, its export signed */
    vg_inventory_t *inv = (vg_inventory_t *)m.inv;
    vg_summary_t *s;
    free(inv->id);
    inv->id = malloc(24);
    snprintf(inv->id, 24, "p%zu", k);
    if ((s = failing_summary(&m)) == NULL)
      return die("summary", "out of memory");
    snprintf(path, sizeof(path), "%s/export-%zu.xml", dir, k);
    t0 = now();
    if (vg_export_write(s, ZERO_SHA, k == 0 ? NULL : signer, path, NULL, err, sizeof(err)) != 0)
      return die(path, err);
    if (k == 0) { /* the first unsigned, then signed as a file: read, signed, written back */
      t_export = now() - t0;
      t0 = now();
      if (vg_sign_file(signer, path, time(NULL), 25200, err, sizeof(err)) != 0)
        return die(path, err);
      t_sign = now() - t0;
    }
    vg_summary_free(s);
    names[k] = strdup(path);
    inputs[k] = names[k];
    if (k == 0) {
      /* the first one: verify, and the baseline */
      t0 = now();
      xmlDocPtr doc = vg_export_load(path, schemas, err, sizeof(err));
      if (doc == NULL || vg_verify_doc(doc, argv[5], &by, err, sizeof(err)) != 0)
        return die(path, err);
      t_verify = now() - t0;
      xmlFreeDoc(doc);
      t0 = now();
      doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
      xmlChar *c14n = NULL;
      if (doc == NULL ||
          xmlC14NDocDumpMemory(doc, NULL, XML_C14N_EXCLUSIVE_1_0, NULL, 0, &c14n) < 0)
        return die(path, "libxml2 cannot canonicalize it");
      t_base = now() - t0;
      xmlFree(c14n);
      xmlFreeDoc(doc);
      printf("%zu failing entries: baseline (libxml2 read + exclusive C14N) %.3f s\n", n, t_base);
      printf("  export %.3f s (%.1fx), sign (read, sign, write) %.3f s (%.1fx), verify (schema, "
             "digest, signature) "
             "%.3f s (%.1fx)\n",
             t_export, t_export / t_base, t_sign, t_sign / t_base, t_verify, t_verify / t_base);
    }
  }
  snprintf(path, sizeof(path), "%s/national.xml", dir);
  t0 = now();
  if (vg_export_merge(inputs, p, schemas, argv[5], signer, path, err, sizeof(err)) != 0)
    return die("merge", err);
  t_merge = now() - t0;
  printf("  merge of %zu such provinces, each verified, the result signed: %.3f s (%.1fx the "
         "baseline per province)\n",
         p, t_merge, t_merge / (t_base * (double)p));
  printf("  targets: sign %s 1 s, verify %s 1 s, merge %s 30 s\n", t_sign < 1 ? "<" : "NOT <",
         t_verify < 1 ? "<" : "NOT <", t_merge < 30 ? "<" : "NOT <");
  for (size_t k = 0; k < p; k++)
    free(names[k]);
  free(names);
  free(inputs);
  vg_signer_free(signer);
  vg_inventory_free((vg_inventory_t *)m.inv);
  vg_catalogue_free((vg_catalogue_t *)m.cat);
  vg_signature_shutdown();
  return t_sign < 1 && t_verify < 1 && t_merge < 30 ? 0 : 1;
}

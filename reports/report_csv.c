/* report_csv: the agencies x items matrix as CSV, committed atomically. */
#include "vigil_config.h"

#include "report_csv.h"

#include "atomic_file.h"

#include <stdlib.h>
#include <string.h>

struct vg_csv {
  vg_atomic_file_t *file;
  FILE *fp;
};

void vg_csv_field(FILE *fp, const char *s)
{
  int quote = strpbrk(s, ",\"\r\n") != NULL;
  int guard =
      s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';

  if (quote)
    fputc('"', fp);
  if (guard)
    fputc('\'', fp);
  for (; *s; s++) {
    if (*s == '"')
      fputc('"', fp);
    fputc(*s, fp);
  }
  if (quote)
    fputc('"', fp);
}

vg_csv_t *vg_csv_open(const char *path, const vg_catalogue_t *cat, int bom, char *err,
                      size_t errlen)
{
  vg_csv_t *c = calloc(1, sizeof(*c));

  if (c == NULL || (c->file = vg_atomic_open(path, err, errlen)) == NULL) {
    free(c);
    return NULL;
  }
  c->fp = vg_atomic_stream(c->file);
  if (bom)
    fputs("\xEF\xBB\xBF", c->fp);
  fputs("agency,name_vi,name_en,categories", c->fp);
  for (size_t s = 0; s < cat->n_sections; s++)
    for (size_t i = 0; i < cat->sections[s].n_items; i++) {
      fputc(',', c->fp);
      vg_csv_field(c->fp, cat->sections[s].items[i].id);
    }
  fputs("\r\n", c->fp);
  return c;
}

int vg_csv_row(vg_csv_t *c, const vg_agency_result_t *r)
{
  vg_csv_format_row(c->fp, r);
  return ferror(c->fp) ? -1 : 0;
}

int vg_csv_add(vg_csv_t *c, const char *row, size_t len)
{
  if (len > 0 && fwrite(row, 1, len, c->fp) != len)
    return -1;
  return ferror(c->fp) ? -1 : 0;
}

void vg_csv_format_row(FILE *fp, const vg_agency_result_t *r)
{
  const vg_agency_t *a = r->agency;

  vg_csv_field(fp, a->id);
  fputc(',', fp);
  vg_csv_field(fp, a->name.vi);
  fputc(',', fp);
  vg_csv_field(fp, a->name.en);
  fputc(',', fp);
  for (size_t i = 0; i < a->categories.n; i++)
    fprintf(fp, "%s%s", i ? " " : "", a->categories.ids[i]);
  for (size_t i = 0; i < r->n_items; i++)
    fprintf(fp, ",%s", vg_status_name(r->items[i].status));
  fputs("\r\n", fp);
}

vg_atomic_file_t *vg_csv_finish(vg_csv_t *c, char *err, size_t errlen)
{
  vg_atomic_file_t *f = c->file;

  free(c);
  if (vg_atomic_prepare(f, err, errlen) != 0) {
    vg_atomic_abort(f);
    return NULL;
  }
  return f;
}

void vg_csv_abort(vg_csv_t *c)
{
  if (c == NULL)
    return;
  vg_atomic_abort(c->file);
  free(c);
}

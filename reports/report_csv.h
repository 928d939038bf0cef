/* report_csv: the agencies x items matrix as CSV (RFC 4180), streamed and
 * published with the other outputs. */
#ifndef VIGIL_REPORT_CSV_H
#define VIGIL_REPORT_CSV_H

#include "catalogue.h"
#include "atomic_file.h"
#include "evaluate.h"

#include <stddef.h>
#include <stdio.h>

typedef struct vg_csv vg_csv_t;

/* Starts the CSV that will replace path on commit, with its header row:
 * agency, name_vi, name_en, categories, then one column per item, after a
 * UTF-8 byte order mark when bom is set (spreadsheets then read the
 * Vietnamese names as UTF-8). Returns the writer, or NULL with the reason
 * in err. */
vg_csv_t *vg_csv_open(const char *path, const vg_catalogue_t *cat, int bom, char *err,
                      size_t errlen);

/* Writes one agency's row of statuses. Returns 0, or -1 on a write error. */
int vg_csv_row(vg_csv_t *c, const vg_agency_result_t *r);

/* Prints one agency's row to fp, as vg_csv_row writes it. */
void vg_csv_format_row(FILE *fp, const vg_agency_result_t *r);

/* Appends a row made by vg_csv_format_row. Returns 0, or -1 on a write
 * error. */
int vg_csv_add(vg_csv_t *c, const char *row, size_t len);

/* Flushes and fsyncs the file under its temporary name and frees c.
 * Returns the file, ready to publish (vg_atomic_publish) or abort, or NULL
 * with the reason in err (nothing left). */
vg_atomic_file_t *vg_csv_finish(vg_csv_t *c, char *err, size_t errlen);

/* Discards the file and frees c; NULL-safe. */
void vg_csv_abort(vg_csv_t *c);

/* Writes s as one CSV field: quoted when it holds a comma, quote, CR or
 * LF (quotes doubled), and prefixed with ' when it begins with = + - @ TAB
 * or CR, so that no spreadsheet runs it as a formula. */
void vg_csv_field(FILE *fp, const char *s);

#endif

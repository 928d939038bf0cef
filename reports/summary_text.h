/* summary_text: a short terminal summary of a report: per agency, each
 * directive item, its status and its key figure. */
#ifndef VIGIL_SUMMARY_TEXT_H
#define VIGIL_SUMMARY_TEXT_H

#include "evaluate.h"
#include "summary.h"

#include <stdio.h>

/* Writes r's summary to fp: each item, its status and key figure. */
void vg_summary_agency(FILE *fp, const vg_agency_result_t *r);

/* The terminal table's columns: the agency column's width, then one
 * column per item, col wide, with the status in full (PASS, NODATA) or as
 * a one- or two-letter code (compact). */
typedef struct {
  int name_w;
  int col_w;
  int compact;
  int width; /* the line's, 0 when unlimited */
} vg_table_layout_t;

/* The layout that fits a line of width characters (0: no limit, the full
 * form): full codes when they fit, else codes as wide as the longest item
 * id, the agency column taking what is left (at least 8). */
vg_table_layout_t vg_table_layout(const vg_catalogue_t *cat, int width);

/* The terminal table: a header of item ids, then one line per agency with
 * a status per item, and a legend at the end. */
void vg_table_header(FILE *fp, const vg_catalogue_t *cat, const vg_table_layout_t *l);
void vg_table_row(FILE *fp, const vg_agency_result_t *r, const vg_table_layout_t *l);
void vg_table_legend(FILE *fp, const vg_table_layout_t *l);

/* Writes what a duty officer acts on first: the silent agencies (SILENT:
 * one line each, the longest silent first), then the checks at risk (AT
 * RISK:, the soonest exhausted first). */
void vg_summary_watch_text(FILE *fp, const vg_summary_t *s);

#endif

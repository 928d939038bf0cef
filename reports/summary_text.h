/* summary_text: a short terminal summary of a report: per agency, each
 * directive item, its status and its key figure. */
#ifndef VIGIL_SUMMARY_TEXT_H
#define VIGIL_SUMMARY_TEXT_H

#include "evaluate.h"

#include <stdio.h>

/* Writes r's summary to fp: each item, its status and key figure. */
void vg_summary_agency(FILE *fp, const vg_agency_result_t *r);

/* The terminal table: a header of item ids, then a row per agency with a
 * short status per item, and a legend at the end. */
void vg_table_header(FILE *fp, const vg_catalogue_t *cat);
void vg_table_row(FILE *fp, const vg_agency_result_t *r);
void vg_table_legend(FILE *fp);

#endif

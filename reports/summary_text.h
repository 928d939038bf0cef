/* summary_text: a short terminal summary of a report: per agency, each
 * directive item, its status and its key figure. */
#ifndef VIGIL_SUMMARY_TEXT_H
#define VIGIL_SUMMARY_TEXT_H

#include "evaluate.h"

#include <stdio.h>

/* Writes r's summary to fp. */
void vg_summary_agency(FILE *fp, const vg_agency_result_t *r);

#endif

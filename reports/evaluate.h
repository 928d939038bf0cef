/* evaluate: judge one agency against every item of a catalogue, reading the
 * evidence from its hosts' RRD files. */
#ifndef VIGIL_EVALUATE_H
#define VIGIL_EVALUATE_H

#include "aggregate.h"
#include "attestation.h"
#include "budget.h"
#include "catalogue.h"
#include "inventory.h"
#include "journal.h"
#include "series.h"

typedef enum {
  VG_ST_PASS,
  VG_ST_FAIL,
  VG_ST_NODATA,
  VG_ST_ERROR,
  VG_ST_MANUAL_PASS,
  VG_ST_MANUAL_FAIL,
  VG_ST_NOT_APPLICABLE,
  VG_ST_WAIVED,
  VG_ST_AT_RISK, /* in an open window: not yet failed, but its budget runs out before the end */
  VG_ST_COUNT
} vg_status_t;

enum { VG_MAX_LISTED = 20 };     /* outages and gaps listed per series */
enum { VG_BURN_DEFAULT = 3600 }; /* budgets: the rate of the last hour is projected */

/* An incident of the journal behind an evidence of vigil_incident: open
 * for age seconds within the period (to its close, or to the period's
 * end); over when that age alone breaks the check's expectation. */
typedef struct {
  const vg_incident_t *inc;
  double age;
  int over;
} vg_incident_ref_t;

/* One part of a figure's breakdown: a series' type instance and figure. */
typedef struct {
  char *name;
  double value;
} vg_part_t;

/* Why a status is not pass or fail, as a code the writers put in their
 * language (report.xsd lists the codes and what their figures mean). */
typedef struct {
  const char *code; /* NULL: no reason */
  double figures[3];
} vg_reason_t;

/* The figure read from one series for one check. */
typedef struct {
  vg_status_t status;
  char *file; /* relative to DataDir, printable */
  char *path; /* the file as opened */
  char *host;
  char *plugin_instance;
  char *type_instance;
  vg_agg_result_t agg;
  unsigned long step;               /* resolution read, seconds; 0 when nothing was read */
  int min_max;                      /* 1 when MIN/MAX consolidations were used */
  char *reason;                     /* why the status is not pass/fail, or NULL */
  vg_reason_t why;                  /* the same, as a code */
  double maintenance;               /* seconds of approved maintenance left out */
  double planned_outage;            /* seconds the condition failed during it */
  double unplanned_outage;          /* time_share: seconds it failed outside it */
  vg_span_t outages[VG_MAX_LISTED]; /* when the condition failed (availability) */
  size_t n_outages;                 /* in all; the first VG_MAX_LISTED are listed */
  vg_span_t gaps[VG_MAX_LISTED];    /* when there was no data */
  size_t n_gaps;
  vg_part_t *parts; /* the breakdown, largest first, or NULL */
  size_t n_parts;
  vg_incident_ref_t *incidents; /* from the host's journal: the longest first, or NULL */
  size_t n_incidents;           /* listed (at most VG_MAX_LISTED) */
  size_t all_incidents;         /* in the period in all */
  vg_budget_t budget;           /* of a rule with one (kind VG_BUDGET_NONE otherwise) */
} vg_evidence_t;

typedef struct {
  const vg_check_t *check;
  vg_status_t status;
  vg_status_t measured;                /* the status before a waiver */
  const vg_attestation_t *attestation; /* for manual checks, or NULL */
  const vg_waiver_t *waiver;           /* a waiver for this check, or NULL */
  int waiver_applies;                  /* 0 when it expired before the window ended */
  const char *dated; /* the attestation's date when not in the window: "before-window",
                        "after-window" or "after-report"; NULL */
  time_t from, to;   /* the period read */
  vg_evidence_t *evidence;
  size_t n_evidence;
  char *reason;
  vg_reason_t why;
} vg_check_result_t;

typedef struct {
  const vg_item_t *item;
  vg_status_t status;
  vg_check_result_t *checks;
  size_t n_checks;
} vg_item_result_t;

typedef struct {
  const vg_agency_t *agency;
  vg_item_result_t *items; /* in catalogue order, sections flattened */
  size_t n_items;
  time_t newest;              /* the newest last update of its files read; 0 when none */
  unsigned long slowest_step; /* the longest step of those files, seconds; 0 when none */
} vg_agency_result_t;

typedef struct {
  const vg_catalogue_t *cat;
  const char *datadir;
  time_t from;
  time_t to;
  const vg_attestations_t *att;  /* attestations and waivers, or NULL */
  const vg_journals_t *journals; /* vigil_incident journals (--journal), or NULL */
  time_t generated;              /* when the report is made; 0: not known */
  time_t planned_to;             /* an open window's end (to is now), else 0 */
  long burn; /* budgets: the seconds before to whose rate is projected; 0: VG_BURN_DEFAULT */
} vg_eval_ctx_t;

/* The evidence of one agency: the files each of its checks reads and the
 * series read from them, each file opened once (series.h). */
typedef struct vg_agency_data vg_agency_data_t;

/* Finds every file the checks of agency a read and reads them. Problems
 * with the data (missing or corrupt files, folders that cannot be read)
 * are kept for the evaluation, never a failure of the call. Returns the
 * data (free with vg_agency_data_free, NULL-safe; it refers to a and
 * ctx's catalogue), or NULL out of memory. */
vg_agency_data_t *vg_agency_data_read(const vg_eval_ctx_t *ctx, const vg_agency_t *a);
void vg_agency_data_free(vg_agency_data_t *d);

/* The series read. */
const vg_store_t *vg_agency_data_store(const vg_agency_data_t *d);

/* Evaluates the agency of d from what was read. Returns 0 and fills out
 * (free with vg_agency_result_free; it refers to d's agency, not to d), or
 * -1 out of memory. */
int vg_evaluate_data(const vg_eval_ctx_t *ctx, const vg_agency_data_t *d, vg_agency_result_t *out);

/* vg_agency_data_read, then vg_evaluate_data. Returns 0 and fills out, or
 * -1 out of memory. */
int vg_evaluate_agency(const vg_eval_ctx_t *ctx, const vg_agency_t *a, vg_agency_result_t *out);

void vg_agency_result_free(vg_agency_result_t *r);

/* Judges a figure with bounds against expect: pass when both bounds
 * satisfy it, fail when neither does, nodata (inconclusive) otherwise. */
vg_status_t vg_judge(const vg_cond_t *expect, const vg_agg_result_t *r);

/* How fresh an agency's data is at time at: age is how long before it the
 * newest update of its files was (NaN when none was read); limit is the
 * catalogue's silent-after or three steps of its slowest series, when
 * that is longer; silent when age exceeds it. */
typedef struct {
  double age;
  double limit;
  int silent;
} vg_freshness_t;

void vg_freshness(const vg_catalogue_t *cat, time_t at, time_t newest, unsigned long slowest_step,
                  vg_freshness_t *f);

/* "pass", "fail", "nodata", "error", "manual-pass", "manual-fail",
 * "not-applicable", "waived", "at-risk". */
const char *vg_status_name(vg_status_t s);

#endif

/* summary: the report's totals, made in the parent process from each
 * agency's results: scores before and after waivers, per-item counts by
 * status and by agency category, changes against a previous report, the
 * failing agencies with their key figure, and the hosts of the data folder
 * that no agency claims or that never sent anything. The writers only
 * serialize it. */
#ifndef VIGIL_SUMMARY_H
#define VIGIL_SUMMARY_H

#include "attestation.h"
#include "catalogue.h"
#include "evaluate.h"
#include "inventory.h"
#include "previous.h"

#include <stddef.h>
#include <time.h>

/* What a report is about: its inputs and window. */
typedef struct {
  const vg_catalogue_t *cat;
  const vg_inventory_t *inv;
  const vg_attestations_t *att;  /* or NULL */
  const vg_previous_t *previous; /* an earlier report to compare with, or NULL */
  const char *datadir;
  time_t from;
  time_t to;
  int offset; /* seconds east of UTC for every time written */
  time_t generated;
  int provisional;   /* the window is still open: to is now */
  time_t planned_to; /* with provisional: where the window will end */
} vg_report_meta_t;

/* Makes the digest of r: its results as the summary needs them, flat, so
 * that a worker process can send them to vg_summary_add (r is agency
 * number index of meta's inventory).
 * Returns it as *buf (malloc'd, *len bytes), or -1 out of memory. */
int vg_digest_pack(const vg_report_meta_t *meta, size_t index, const vg_agency_result_t *r,
                   char **buf, size_t *len);

/* One failing agency x item, for the ministry's export. */
typedef struct {
  size_t agency;       /* index in the inventory */
  const char *check;   /* the check that explains it (catalogue's), or NULL */
  double figure;       /* its first failing evidence's figure, or NaN */
  const char *unit;    /* of figure and expect */
  const vg_check_t *c; /* that check, or NULL */
} vg_failing_t;

/* Seconds of one time-share check (availability, duty) over the agencies
 * of a category it applied to: approved maintenance, and the condition
 * failing during it (planned) and outside it (unplanned). */
typedef struct {
  unsigned agencies;
  double maintenance, planned, unplanned;
} vg_outage_sum_t;

/* Counts of one item for one primary agency category. */
typedef struct {
  char category[64];
  unsigned n[VG_ST_COUNT];
  vg_outage_sum_t *outage; /* per check of the item */
} vg_cat_counts_t;

/* An agency whose window evidence arrived after the window (late.h). */
typedef struct vg_late vg_late_t;
/* An agency whose values were dropped as dated ahead (late.h). */
typedef struct vg_clock vg_clock_t;

/* A host of the data folder that no agency claims. */
typedef struct {
  char *host;
  size_t files;       /* its RRD files */
  time_t last_update; /* the newest last update among them, 0 when none could be read */
} vg_stray_t;

/* An inventory host with no folder in the data folder. */
typedef struct {
  const char *host;
  const char *agency;
} vg_missing_t;

/* An agency none of whose files was updated for longer than its limit
 * (vg_freshness) at the report's end. */
typedef struct {
  size_t agency; /* index in the inventory */
  time_t newest; /* its newest update: when it went quiet */
  double age;    /* seconds from then to the report's end */
  double limit;
} vg_silent_t;

/* A check of an agency at risk: its budget runs out before the window
 * ends (the soonest of its evidence). */
typedef struct {
  size_t agency; /* index in the inventory */
  size_t item;   /* index among the summary's items */
  const vg_check_t *check;
  time_t exhausted;
  double left; /* seconds of budget left (a run's: how much longer it may last) */
} vg_at_risk_t;

typedef struct {
  const vg_report_meta_t *meta;
  size_t n_items;                  /* the catalogue's items, sections flattened */
  const vg_item_t **items;         /* in catalogue order */
  unsigned (*counts)[VG_ST_COUNT]; /* per item, per status */
  vg_cat_counts_t **by_cat;        /* per item: counts per primary category */
  size_t *n_cats;                  /* per item */
  vg_failing_t **failing;          /* per item, in inventory order */
  size_t *n_failing;
  double score_passed, score_total; /* severity-weighted checks */
  double waived_weight;
  unsigned changes[3]; /* newly-failing, fixed, still-failing */
  size_t agencies;     /* agencies added */
  int all_pass;        /* every applicable item of every agency passed */
  vg_stray_t *stray;
  size_t n_stray;
  vg_missing_t *missing;
  size_t n_missing;
  vg_late_t *late; /* agencies with late evidence, in inventory order */
  size_t n_late;
  vg_clock_t *clock; /* agencies with values dropped as dated ahead */
  size_t n_clock;
  vg_silent_t *silent; /* the silent agencies, the longest silent first */
  size_t n_silent;
  vg_at_risk_t *at_risk; /* the checks at risk, the soonest exhausted first */
  size_t n_at_risk;
  vg_at_risk_t *spent; /* in an open window, the failed checks whose budget is spent */
  size_t n_spent;
  size_t n_checks;          /* of the catalogue, sections and items flattened */
  unsigned *checks_applied; /* per check: agencies it applied to (measured checks) */
  unsigned *checks_found;   /* of those, agencies where an RRD file of it was read */
} vg_summary_t;

/* An empty summary of a report of meta. Returns NULL out of memory. */
vg_summary_t *vg_summary_new(const vg_report_meta_t *meta);

/* Frees s; NULL-safe. */
void vg_summary_free(vg_summary_t *s);

/* Adds one agency's digest made by vg_digest_pack. Returns 0, or -1 when
 * the digest does not fit this report or out of memory. */
int vg_summary_add(vg_summary_t *s, const char *buf, size_t len);

/* Lists the hosts of meta's data folder that no agency claims (with their
 * files' newest update) and the inventory's hosts that have no folder
 * there. Returns 0, or -1 with the reason in err when the data folder
 * cannot be read. */
int vg_summary_hosts(vg_summary_t *s, char *err, size_t errlen);

/* Lists the agencies whose window evidence reached the central only after
 * the window ended, and those whose values were dropped as dated ahead
 * (late.h). Returns 0, or -1 out of memory. */
int vg_summary_late(vg_summary_t *s);

/* The compliance score before waivers (NaN when nothing applies) and after
 * them (NaN when only waived checks apply). */
double vg_summary_score(const vg_summary_t *s);
double vg_summary_score_after_waivers(const vg_summary_t *s);

/* The weights of the score by severity: "low=1 medium=2 high=3 critical=5". */
const char *vg_summary_weights(void);

/* The weight of a check of severity sev (1 when unknown). */
double vg_severity_weight(const char *sev);

/* Says once on stderr what matched nothing at all: every inventory host
 * missing from the data folder, or else each measured check no agency it
 * applies to has a file for (listed in report.xml as unmatched-check).
 * Call after vg_summary_hosts. Returns the number of lines said. */
size_t vg_summary_warn_unmatched(const vg_summary_t *s);

#endif

/* evaluate: judge one agency against every item of a catalogue, reading the
 * evidence from its hosts' RRD files. */
#include "vigil_config.h"

#include "evaluate.h"

#include "rrd_source.h"
#include "series.h"
#include "timeutil.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_names[] = {"pass",           "fail",        "nodata",
                                           "error",          "manual-pass", "manual-fail",
                                           "not-applicable", "waived",      "at-risk"};

const char *vg_status_name(vg_status_t s)
{
  return status_names[s];
}

/* printf into a new string; NULL out of memory. */
static char *dup_printf(const char *fmt, ...)
{
  va_list ap;
  char *s = NULL;

  va_start(ap, fmt);
  if (vasprintf(&s, fmt, ap) < 0)
    s = NULL;
  va_end(ap);
  return s;
}

void vg_freshness(const vg_catalogue_t *cat, time_t at, time_t newest, unsigned long slowest_step,
                  vg_freshness_t *f)
{
  double three = 3.0 * (double)slowest_step;

  f->limit = (double)cat->silent_after > three ? (double)cat->silent_after : three;
  f->age = newest > 0 ? (at > newest ? (double)(at - newest) : 0) : NAN;
  f->silent = newest > 0 && f->age > f->limit;
}

vg_status_t vg_judge(const vg_cond_t *expect, const vg_agg_result_t *r)
{
  int lo, hi;

  if (isnan(r->value))
    return VG_ST_NODATA;
  lo = vg_cond_holds(expect, r->lower);
  hi = vg_cond_holds(expect, r->upper);
  if (lo && hi && vg_cond_holds(expect, r->value))
    return VG_ST_PASS;
  if (!lo && !hi && !vg_cond_holds(expect, r->value))
    return VG_ST_FAIL;
  return VG_ST_NODATA;
}

static int applies(const vg_idlist_t *to, const vg_agency_t *a)
{
  for (size_t i = 0; i < a->categories.n; i++)
    if (vg_idlist_has(to, a->categories.ids[i]))
      return 1;
  return 0;
}

enum { MAX_SPANS = 64 };

/* Availability figures leave approved maintenance out: the spans that
 * concern this series up to end (the period's planned end: a budget counts
 * the maintenance ahead) are stored in spans (room for MAX_SPANS) and set
 * on s; the time of them in [from, to) is maintenance, and the time the
 * condition failed during it planned outage. */
static void exclude_maintenance(const vg_eval_ctx_t *ctx, const vg_check_t *chk,
                                const vg_rrd_file_t *file, time_t from, time_t to, time_t end,
                                vg_span_t *spans, vg_series_t *s, vg_evidence_t *ev)
{
  vg_agg_spec_t share = {VG_AGG_TIME_SHARE, chk->agg.cond, 1};
  size_t n;

  if (chk->agg.fn != VG_AGG_TIME_SHARE && chk->agg.fn != VG_AGG_LONGEST_RUN)
    return;
  n = vg_maintenance_spans(ctx->att, file->host, file->plugin_instance, from, end, spans,
                           MAX_SPANS);
  for (size_t i = 0; i < n && spans[i].from < to; i++) {
    vg_agg_result_t r;
    time_t until = spans[i].to < to ? spans[i].to : to;
    ev->maintenance += (double)(until - spans[i].from);
    if (vg_aggregate(s, spans[i].from, until, &share, &r) == 0 && r.known > 0)
      ev->planned_outage += r.known * (1.0 - r.value);
  }
  s->exclude = spans;
  s->n_exclude = n;
}

static int part_cmp(const void *a, const void *b)
{
  const vg_part_t *x = a, *y = b;

  return x->value < y->value ? 1 : x->value > y->value ? -1 : strcmp(x->name, y->name);
}

/* The breakdown of ev: the series beside its file (same host, plugin
 * instance and type; found when the agency's data was read) whose type
 * instance matches the check's pattern, by the same aggregate over
 * [from, to), largest first, those above zero, at most breakdown_top.
 * Series that cannot be read are left out. */
static int breakdown(const vg_store_t *store, const vg_check_t *chk, const vg_rrd_list_t *list,
                     time_t from, time_t to, vg_evidence_t *ev)
{
  char err[512];

  if (list == NULL || list->n == 0)
    return 0;
  ev->parts = calloc(list->n, sizeof(*ev->parts));
  for (size_t i = 0; ev->parts != NULL && i < list->n; i++) {
    vg_fetch_t f;
    vg_agg_result_t r;
    if (vg_store_fetch(store, list->files[i].path, chk->metric.ds, from, to, &f, err,
                       sizeof(err)) != 0)
      continue;
    vg_aggregate(&f.s, from, to, &chk->agg, &r);
    vg_fetch_free(&f);
    if (!(r.value > 0))
      continue;
    ev->parts[ev->n_parts].name = strdup(list->files[i].type_instance);
    ev->parts[ev->n_parts++].value = r.value;
  }
  if (ev->parts == NULL)
    return -1;
  qsort(ev->parts, ev->n_parts, sizeof(*ev->parts), part_cmp);
  for (size_t i = (size_t)chk->breakdown_top; i < ev->n_parts; i++)
    free(ev->parts[i].name);
  if (ev->n_parts > (size_t)chk->breakdown_top)
    ev->n_parts = (size_t)chk->breakdown_top;
  return 0;
}

static long burn_of(const vg_eval_ctx_t *ctx)
{
  return ctx->burn > 0 ? ctx->burn : VG_BURN_DEFAULT;
}

/* In a period that has not ended, a figure with a budget is judged by it:
 * fail once it is spent (final), at-risk when it runs out before the end
 * at the recent rate, pass otherwise (what the elapsed part alone shows is
 * not the question). Returns 0, or -1 out of memory. */
static int judge_budget(const vg_eval_ctx_t *ctx, vg_evidence_t *ev)
{
  const vg_budget_t *b = &ev->budget;
  char when[64];

  if (b->kind == VG_BUDGET_NONE || !b->open ||
      (ev->status != VG_ST_PASS && ev->status != VG_ST_FAIL))
    return 0;
  ev->status = b->spent_out ? VG_ST_FAIL : b->at_risk ? VG_ST_AT_RISK : VG_ST_PASS;
  if (ev->status != VG_ST_AT_RISK)
    return 0;
  vt_format_time(b->exhausted, ctx->cat->window_offset, when, sizeof(when));
  ev->why = (vg_reason_t){.code = "at-risk", .figures = {b->left, (double)b->exhausted, b->rate}};
  if (b->kind == VG_BUDGET_RUN)
    ev->reason = dup_printf("the run in progress reaches the %.0f s allowed at %s, before the "
                            "period ends",
                            b->allowed, when);
  else
    ev->reason = dup_printf("at the rate of the last %ld s, the %.0f s of budget left run out "
                            "at %s, before the period ends",
                            burn_of(ctx), b->left, when);
  return ev->reason ? 0 : -1;
}

/* Fills ev from one RRD file, with the series the store read for it;
 * parts lists the series of the check's breakdown beside it, or is NULL. */
static int evaluate_file(const vg_eval_ctx_t *ctx, const vg_store_t *store, const vg_check_t *chk,
                         const vg_rrd_file_t *file, const vg_rrd_list_t *parts, time_t from,
                         time_t to, time_t end, vg_evidence_t *ev)
{
  char err[1024];
  vg_span_t spans[MAX_SPANS];
  vg_fetch_t f;

  ev->file = strdup(file->rel);
  ev->path = strdup(file->path);
  ev->host = strdup(file->host);
  ev->plugin_instance = strdup(file->plugin_instance);
  ev->type_instance = strdup(file->type_instance);
  ev->agg.value = ev->agg.lower = ev->agg.upper = NAN;
  if (!ev->file || !ev->path || !ev->host || !ev->plugin_instance || !ev->type_instance)
    return -1;
  if (vg_store_fetch(store, file->path, chk->metric.ds, from, to, &f, err, sizeof(err)) != 0) {
    ev->status = VG_ST_ERROR;
    ev->why.code = "read-error";
    ev->reason = strdup(err);
    return ev->reason ? 0 : -1;
  }
  ev->step = f.s.step;
  ev->min_max = f.min != NULL && f.max != NULL;
  exclude_maintenance(ctx, chk, file, from, to, end, spans, &f.s, ev);
  vg_aggregate(&f.s, from, to, &chk->agg, &ev->agg);
  vg_budget_compute(&f.s, from, to, end, &chk->agg, &chk->expect, burn_of(ctx), &ev->budget);
  if (chk->agg.fn == VG_AGG_TIME_SHARE && ev->agg.known > 0)
    ev->unplanned_outage = ev->agg.known * (1.0 - ev->agg.value);
  if (chk->breakdown != NULL && breakdown(store, chk, parts, from, to, ev) != 0) {
    vg_fetch_free(&f);
    return -1;
  }
  if (chk->agg.fn == VG_AGG_TIME_SHARE || chk->agg.fn == VG_AGG_LONGEST_RUN)
    vg_find_gaps_and_failures(&f.s, from, to, &chk->agg.cond, ev->gaps, &ev->n_gaps, ev->outages,
                              &ev->n_outages, VG_MAX_LISTED);
  else
    ev->n_gaps =
        vg_find_spans(&f.s, from, to, &chk->agg.cond, VG_SPANS_UNKNOWN, ev->gaps, VG_MAX_LISTED);
  vg_fetch_free(&f);
  if (chk->agg.fn == VG_AGG_COVERAGE) {
    /* the coverage is the figure itself: no data at all is 0 %, judged */
    ev->status = vg_judge(&chk->expect, &ev->agg);
    return judge_budget(ctx, ev);
  }
  if (ev->agg.known <= 0 && ev->maintenance >= (double)(to - from)) {
    ev->status = VG_ST_NODATA;
    ev->why = (vg_reason_t){.code = "maintenance-only"};
    ev->reason = dup_printf("the whole period was approved maintenance: nothing to judge");
  } else if (ev->agg.known <= 0) {
    ev->status = VG_ST_NODATA;
    ev->why = (vg_reason_t){.code = "no-known-value"};
    ev->reason = dup_printf("no known value between the period's start and end");
  } else if (ev->agg.coverage < chk->min_coverage) {
    ev->status = VG_ST_NODATA;
    ev->why =
        (vg_reason_t){.code = "low-coverage", .figures = {ev->agg.coverage, chk->min_coverage}};
    ev->reason = dup_printf("data covers %.1f%% of the period; the check needs %.1f%%",
                            100.0 * ev->agg.coverage, 100.0 * chk->min_coverage);
  } else {
    ev->status = vg_judge(&chk->expect, &ev->agg);
    if (ev->status == VG_ST_NODATA) {
      ev->why = (vg_reason_t){.code = "inconclusive",
                              .figures = {(double)ev->step, ev->agg.lower, ev->agg.upper}};
      ev->reason = dup_printf("inconclusive at a %lu s resolution: the figure lies between "
                              "%g and %g, on both sides of the threshold",
                              ev->step, ev->agg.lower, ev->agg.upper);
      return ev->reason ? 0 : -1;
    }
    return judge_budget(ctx, ev);
  }
  return ev->reason ? 0 : -1;
}

/* Combines evidence statuses: with "all", a failure anywhere fails; with
 * "any", a pass anywhere passes. Then at-risk, error, nodata. */
static vg_status_t combine(const vg_check_result_t *cr, int any)
{
  int seen[VG_ST_COUNT] = {0};

  for (size_t i = 0; i < cr->n_evidence; i++)
    seen[cr->evidence[i].status]++;
  if (any && seen[VG_ST_PASS])
    return VG_ST_PASS;
  if (seen[VG_ST_FAIL])
    return VG_ST_FAIL;
  if (seen[VG_ST_AT_RISK])
    return VG_ST_AT_RISK;
  if (seen[VG_ST_ERROR])
    return VG_ST_ERROR;
  if (seen[VG_ST_NODATA])
    return VG_ST_NODATA;
  return VG_ST_PASS;
}

/* The files one metric check reads, found when the agency's data is read. */
typedef struct {
  vg_rrd_list_t files;
  vg_rrd_list_t *parts; /* per file: its breakdown's series, or NULL */
  char *error;          /* a folder that exists could not be read */
} check_files_t;

struct vg_agency_data {
  const vg_agency_t *agency;
  vg_rrd_host_t **hosts; /* one listing per host of the agency */
  check_files_t *checks; /* per check of the catalogue, in order */
  size_t n_checks;
  vg_store_t *store;
};

static int incident_ref_cmp(const void *a, const void *b)
{
  const vg_incident_ref_t *x = a, *y = b;

  return x->age < y->age ? 1 : x->age > y->age ? -1 : (x->inc->opened > y->inc->opened);
}

/* The incidents of ev's host's journal (when one was given) open during
 * [from, to) on ev's team, the longest open first: vigil_incident's series
 * say how long, the journal says which. Returns 0, or -1 out of memory. */
static int name_incidents(const vg_eval_ctx_t *ctx, const vg_check_t *chk, time_t from, time_t to,
                          vg_evidence_t *ev)
{
  const vg_journal_t *j = vg_journals_find(ctx->journals, ev->host);

  if (j == NULL || strcmp(chk->metric.plugin, "vigil_incident") != 0 || j->n == 0)
    return 0;
  ev->incidents = calloc(j->n, sizeof(*ev->incidents));
  if (ev->incidents == NULL)
    return -1;
  for (size_t i = 0; i < j->n; i++) {
    const vg_incident_t *inc = &j->incidents[i];
    time_t end = inc->closed != 0 && inc->closed < to ? inc->closed : to;
    if (inc->opened >= to || (inc->closed != 0 && inc->closed <= from))
      continue;
    vg_incident_ref_t *r = &ev->incidents[ev->all_incidents++];
    vg_agg_result_t age = {.value = (double)(end - inc->opened), .exact = 1};
    age.lower = age.upper = age.value;
    r->inc = inc;
    r->age = age.value;
    r->over = chk->unit != NULL && strcmp(chk->unit, "s") == 0 &&
              vg_judge(&chk->expect, &age) == VG_ST_FAIL;
  }
  qsort(ev->incidents, ev->all_incidents, sizeof(*ev->incidents), incident_ref_cmp);
  ev->n_incidents = ev->all_incidents < VG_MAX_LISTED ? ev->all_incidents : VG_MAX_LISTED;
  return 0;
}

/* Where the period of cr ends as planned: later than cr->to when the
 * window is open and the period runs with it. */
static time_t planned_end(const vg_eval_ctx_t *ctx, const vg_check_t *chk,
                          const vg_check_result_t *cr)
{
  time_t from, to;

  if (ctx->planned_to <= ctx->to)
    return cr->to;
  vg_check_period(chk, ctx->from, ctx->planned_to, &from, &to);
  return from == cr->from && to > cr->to ? to : cr->to;
}

static int evaluate_metric_check(const vg_eval_ctx_t *ctx, const vg_agency_data_t *d,
                                 const check_files_t *cf, const vg_check_t *chk,
                                 vg_check_result_t *cr)
{
  if (cf->error != NULL) {
    cr->status = VG_ST_ERROR;
    cr->why.code = "read-error";
    cr->reason = strdup(cf->error);
    return cr->reason ? 0 : -1;
  }
  if (cf->files.n == 0) {
    char metric[1024];
    vg_selector_format(&chk->metric, metric, sizeof(metric));
    cr->status = VG_ST_NODATA;
    cr->why.code = "no-file";
    cr->reason = dup_printf("no RRD file of the agency's hosts matches %s", metric);
    return cr->reason ? 0 : -1;
  }
  cr->evidence = calloc(cf->files.n, sizeof(*cr->evidence));
  if (cr->evidence == NULL)
    return -1;
  for (size_t i = 0; i < cf->files.n; i++) {
    cr->n_evidence++;
    if (evaluate_file(ctx, d->store, chk, &cf->files.files[i], cf->parts ? &cf->parts[i] : NULL,
                      cr->from, cr->to, planned_end(ctx, chk, cr), &cr->evidence[i]) != 0 ||
        name_incidents(ctx, chk, cr->from, cr->to, &cr->evidence[i]) != 0)
      return -1;
  }
  cr->status = combine(cr, chk->combine_any);
  return 0;
}

/* A waiver that covers the whole window turns the status into waived; the
 * measured status is kept beside it. An expired one is recorded, not
 * applied. */
static void apply_waiver(const vg_eval_ctx_t *ctx, const vg_agency_t *a, const vg_check_t *chk,
                         vg_check_result_t *cr)
{
  cr->measured = cr->status;
  cr->waiver = vg_waiver_find(ctx->att, a->id, chk->id);
  if (cr->waiver == NULL)
    return;
  cr->waiver_applies = cr->waiver->expires >= ctx->to;
  if (cr->waiver_applies)
    cr->status = VG_ST_WAIVED;
}

/* Where an attestation's date (YYYY-MM-DD, in the window's offset) lies:
 * NULL in the window, else before it, after it, or after the report. */
static const char *attestation_dated(const vg_eval_ctx_t *ctx, const char *date)
{
  char first[64], last[64], made[64];
  int off = ctx->cat->window_offset;

  /* the first ten characters of each are the local date */
  if (vt_format_time(ctx->from, off, first, sizeof(first)) == NULL ||
      vt_format_time(ctx->to - 1, off, last, sizeof(last)) == NULL)
    return NULL;
  if (ctx->generated > 0 && vt_format_time(ctx->generated, off, made, sizeof(made)) != NULL &&
      strncmp(date, made, 10) > 0)
    return "after-report";
  if (strncmp(date, first, 10) < 0)
    return "before-window";
  if (strncmp(date, last, 10) > 0)
    return "after-window";
  return NULL;
}

static int evaluate_check(const vg_eval_ctx_t *ctx, const vg_agency_data_t *d,
                          const check_files_t *cf, const vg_item_t *it, const vg_check_t *chk,
                          vg_check_result_t *cr)
{
  const vg_agency_t *a = d->agency;

  cr->check = chk;
  vg_check_period(chk, ctx->from, ctx->to, &cr->from, &cr->to);
  if (a->error != NULL) {
    cr->status = VG_ST_ERROR;
    cr->why.code = "agency-error";
    cr->reason = strdup(a->error);
    return cr->reason ? 0 : -1;
  }
  if (!applies(chk->applies_to.n ? &chk->applies_to : &it->applies_to, a)) {
    cr->status = VG_ST_NOT_APPLICABLE;
    return 0;
  }
  if (chk->manual) {
    cr->attestation = vg_attestation_find(ctx->att, a->id, chk->id);
    if (cr->attestation != NULL) {
      cr->status = cr->attestation->pass ? VG_ST_MANUAL_PASS : VG_ST_MANUAL_FAIL;
      cr->dated = attestation_dated(ctx, cr->attestation->date);
    } else {
      cr->status = VG_ST_NODATA;
      cr->why.code = "no-attestation";
      cr->reason = strdup("manual check: no attestation was given");
      if (cr->reason == NULL)
        return -1;
    }
  } else if (evaluate_metric_check(ctx, d, cf, chk, cr) != 0) {
    return -1;
  }
  apply_waiver(ctx, a, chk, cr);
  return 0;
}

/* An item's status says what it rests on: it fails when a measured check
 * fails, else manual-fail when an attested one does; then at-risk, error,
 * nodata; else waived when a waiver carries it, manual-pass when an
 * attestation does, pass when measurements alone do; not applicable when
 * none of its checks applies. */
static vg_status_t item_status(const vg_item_result_t *ir)
{
  static const vg_status_t order[] = {VG_ST_FAIL,        VG_ST_MANUAL_FAIL, VG_ST_AT_RISK,
                                      VG_ST_ERROR,       VG_ST_NODATA,      VG_ST_WAIVED,
                                      VG_ST_MANUAL_PASS, VG_ST_PASS};
  int seen[VG_ST_COUNT] = {0};

  for (size_t i = 0; i < ir->n_checks; i++)
    seen[ir->checks[i].status]++;
  for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
    if (seen[order[i]])
      return order[i];
  return VG_ST_NOT_APPLICABLE;
}

static int evaluate_item(const vg_eval_ctx_t *ctx, const vg_agency_data_t *d,
                         const check_files_t *cf, const vg_item_t *it, vg_item_result_t *ir)
{
  ir->item = it;
  ir->checks = calloc(it->n_checks, sizeof(*ir->checks));
  if (ir->checks == NULL)
    return -1;
  for (size_t i = 0; i < it->n_checks; i++) {
    ir->n_checks++;
    if (evaluate_check(ctx, d, &cf[i], it, &it->checks[i], &ir->checks[i]) != 0)
      return -1;
  }
  ir->status = item_status(ir);
  return 0;
}

/* True when the data of chk is read for a: a metric check that applies to
 * an agency without an inventory error. */
static int reads_data(const vg_agency_t *a, const vg_item_t *it, const vg_check_t *chk)
{
  return a->error == NULL && !chk->manual &&
         applies(chk->applies_to.n ? &chk->applies_to : &it->applies_to, a);
}

/* Finds the files of chk on every host of the agency, and those of its
 * breakdown beside each, and registers their periods with the store.
 * Returns 0, or -1 out of memory. */
static int gather_check(const vg_eval_ctx_t *ctx, vg_agency_data_t *d, const vg_check_t *chk,
                        check_files_t *cf)
{
  char err[1024];
  time_t from, to;

  vg_check_period(chk, ctx->from, ctx->to, &from, &to);
  for (size_t h = 0; h < d->agency->hosts.n; h++) {
    if (vg_rrd_find(d->hosts[h], &chk->metric, &cf->files, err, sizeof(err)) != 0) {
      cf->error = strdup(err);
      return cf->error ? 0 : -1;
    }
  }
  if (chk->breakdown != NULL && cf->files.n > 0 &&
      (cf->parts = calloc(cf->files.n, sizeof(*cf->parts))) == NULL)
    return -1;
  for (size_t i = 0; i < cf->files.n; i++) {
    const vg_rrd_file_t *file = &cf->files.files[i];
    if (vg_store_want(d->store, file->path, chk->metric.ds, from, to) != 0)
      return -1;
    if (cf->parts == NULL)
      continue;
    vg_selector_t sel = chk->metric;
    sel.host = file->host;
    sel.plugin_instance = file->plugin_instance;
    sel.type_instance = chk->breakdown;
    size_t h = 0;
    while (h < d->agency->hosts.n && strcmp(d->agency->hosts.ids[h], file->host) != 0)
      h++;
    if (vg_rrd_find(d->hosts[h], &sel, &cf->parts[i], err, sizeof(err)) != 0)
      vg_rrd_list_free(&cf->parts[i]); /* a breakdown that cannot be found is left out */
    for (size_t k = 0; k < cf->parts[i].n; k++)
      if (vg_store_want(d->store, cf->parts[i].files[k].path, chk->metric.ds, from, to) != 0)
        return -1;
  }
  return 0;
}

vg_agency_data_t *vg_agency_data_read(const vg_eval_ctx_t *ctx, const vg_agency_t *a)
{
  vg_agency_data_t *d = calloc(1, sizeof(*d));
  size_t k = 0;

  if (d == NULL)
    return NULL;
  d->agency = a;
  for (size_t s = 0; s < ctx->cat->n_sections; s++)
    for (size_t i = 0; i < ctx->cat->sections[s].n_items; i++)
      d->n_checks += ctx->cat->sections[s].items[i].n_checks;
  d->checks = calloc(d->n_checks + 1, sizeof(*d->checks));
  d->hosts = calloc(a->hosts.n + 1, sizeof(*d->hosts));
  d->store = vg_store_new();
  if (d->checks == NULL || d->hosts == NULL || d->store == NULL)
    goto fail;
  for (size_t h = 0; h < a->hosts.n; h++)
    if ((d->hosts[h] = vg_rrd_host_new(ctx->datadir, a->hosts.ids[h])) == NULL)
      goto fail;
  for (size_t s = 0; s < ctx->cat->n_sections; s++) {
    const vg_section_t *sec = &ctx->cat->sections[s];
    for (size_t i = 0; i < sec->n_items; i++) {
      for (size_t c = 0; c < sec->items[i].n_checks; c++, k++) {
        const vg_check_t *chk = &sec->items[i].checks[c];
        if (reads_data(a, &sec->items[i], chk) && gather_check(ctx, d, chk, &d->checks[k]) != 0)
          goto fail;
      }
    }
  }
  if (vg_store_load(d->store) != 0)
    goto fail;
  return d;
fail:
  vg_agency_data_free(d);
  return NULL;
}

const vg_store_t *vg_agency_data_store(const vg_agency_data_t *d)
{
  return d->store;
}

void vg_agency_data_free(vg_agency_data_t *d)
{
  if (d == NULL)
    return;
  for (size_t k = 0; d->checks != NULL && k < d->n_checks; k++) {
    check_files_t *cf = &d->checks[k];
    for (size_t i = 0; cf->parts != NULL && i < cf->files.n; i++)
      vg_rrd_list_free(&cf->parts[i]);
    free(cf->parts);
    vg_rrd_list_free(&cf->files);
    free(cf->error);
  }
  for (size_t h = 0; d->hosts != NULL && h < d->agency->hosts.n; h++)
    vg_rrd_host_free(d->hosts[h]);
  free(d->hosts);
  free(d->checks);
  vg_store_free(d->store);
  free(d);
}

int vg_evaluate_data(const vg_eval_ctx_t *ctx, const vg_agency_data_t *d, vg_agency_result_t *out)
{
  size_t n = 0, k = 0;

  memset(out, 0, sizeof(*out));
  out->agency = d->agency;
  for (size_t s = 0; s < ctx->cat->n_sections; s++)
    n += ctx->cat->sections[s].n_items;
  out->items = calloc(n ? n : 1, sizeof(*out->items));
  if (out->items == NULL)
    return -1;
  for (size_t s = 0; s < ctx->cat->n_sections; s++) {
    const vg_section_t *sec = &ctx->cat->sections[s];
    for (size_t i = 0; i < sec->n_items; i++) {
      if (evaluate_item(ctx, d, &d->checks[k], &sec->items[i], &out->items[out->n_items++]) != 0) {
        vg_agency_result_free(out);
        return -1;
      }
      k += sec->items[i].n_checks;
    }
  }
  vg_store_freshness(d->store, &out->newest, &out->slowest_step);
  return 0;
}

int vg_evaluate_agency(const vg_eval_ctx_t *ctx, const vg_agency_t *a, vg_agency_result_t *out)
{
  vg_agency_data_t *d = vg_agency_data_read(ctx, a);
  int rc;

  memset(out, 0, sizeof(*out));
  if (d == NULL)
    return -1;
  rc = vg_evaluate_data(ctx, d, out);
  vg_agency_data_free(d);
  return rc;
}

void vg_agency_result_free(vg_agency_result_t *r)
{
  if (r == NULL)
    return;
  for (size_t i = 0; i < r->n_items; i++) {
    vg_item_result_t *ir = &r->items[i];
    for (size_t j = 0; j < ir->n_checks; j++) {
      vg_check_result_t *cr = &ir->checks[j];
      for (size_t k = 0; k < cr->n_evidence; k++) {
        vg_evidence_t *ev = &cr->evidence[k];
        free(ev->file);
        free(ev->path);
        free(ev->host);
        free(ev->plugin_instance);
        free(ev->type_instance);
        free(ev->reason);
        for (size_t p = 0; p < ev->n_parts; p++)
          free(ev->parts[p].name);
        free(ev->parts);
        free(ev->incidents);
      }
      free(cr->evidence);
      free(cr->reason);
    }
    free(ir->checks);
  }
  free(r->items);
  memset(r, 0, sizeof(*r));
}

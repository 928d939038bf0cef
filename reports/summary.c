/* summary: the report's totals, made in the parent process from each
 * agency's results: scores before and after waivers, per-item counts by
 * status and by agency category, changes against a previous report, the
 * failing agencies with their key figure, and the hosts of the data folder
 * that no agency claims or that never sent anything. The writers only
 * serialize it. */
#include "vigil_config.h"

#include "summary.h"

#include "late.h"
#include "rrd_source.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Weights of the compliance score, by check severity. */
static const struct {
  const char *severity;
  double weight;
} weights[] = {{"low", 1}, {"medium", 2}, {"high", 3}, {"critical", 5}};

double vg_severity_weight(const char *sev)
{
  for (size_t i = 0; i < sizeof(weights) / sizeof(weights[0]); i++)
    if (strcmp(weights[i].severity, sev) == 0)
      return weights[i].weight;
  return 1;
}

const char *vg_summary_weights(void)
{
  return "low=1 medium=2 high=3 critical=5";
}

/* ---- the digest a worker sends ---- */

typedef struct {
  uint64_t index;
  uint32_t n_items, n_checks;
  int64_t newest; /* the newest update of the agency's files read */
  uint64_t slowest_step;
} dhead_t;

typedef struct {
  int32_t status;
  int32_t key_check; /* index among the item's checks, or -1 */
  double figure;     /* NaN when none */
} ditem_t;

/* One check of an agency: its status and, for a time-share check, the
 * seconds of its evidence in approved maintenance and of the condition
 * failing during it and outside it. */
typedef struct {
  int32_t status;
  int32_t time_share;
  int32_t no_files;     /* no evidence: no RRD file matched, or none could be listed */
  int32_t budget_spent; /* in an open window, some evidence's budget is spent */
  double maintenance, planned, unplanned;
  double left;       /* at-risk: the budget left of the evidence soonest exhausted */
  int64_t exhausted; /* at-risk: when that one runs out */
} dcheck_t;

static size_t count_checks(const vg_catalogue_t *cat, size_t *n_items)
{
  size_t n = 0;

  *n_items = 0;
  for (size_t s = 0; s < cat->n_sections; s++)
    for (size_t i = 0; i < cat->sections[s].n_items; i++, (*n_items)++)
      n += cat->sections[s].items[i].n_checks;
  return n;
}

/* The check that explains a failing item (the first that failed, else the
 * first manual failure) and its first failing evidence's figure. */
static void key_figure(const vg_item_result_t *ir, ditem_t *d)
{
  d->key_check = -1;
  d->figure = NAN;
  for (int pass = 0; pass < 2 && d->key_check < 0; pass++) {
    vg_status_t want = pass == 0 ? VG_ST_FAIL : VG_ST_MANUAL_FAIL;
    for (size_t j = 0; j < ir->n_checks && d->key_check < 0; j++)
      if (ir->checks[j].status == want)
        d->key_check = (int32_t)j;
  }
  if (d->key_check < 0)
    return;
  const vg_check_result_t *cr = &ir->checks[d->key_check];
  for (size_t k = 0; k < cr->n_evidence; k++)
    if (cr->evidence[k].status == VG_ST_FAIL) {
      d->figure = cr->evidence[k].agg.value;
      break;
    }
}

int vg_digest_pack(const vg_report_meta_t *meta, size_t index, const vg_agency_result_t *r,
                   char **buf, size_t *len)
{
  size_t n_items, n_checks = count_checks(meta->cat, &n_items), c = 0;
  dhead_t h = {.index = index,
               .n_items = (uint32_t)n_items,
               .n_checks = (uint32_t)n_checks,
               .newest = r->newest,
               .slowest_step = r->slowest_step};
  char *p;

  if (r->n_items != n_items)
    return -1;
  *len = sizeof(h) + n_items * sizeof(ditem_t) + n_checks * sizeof(dcheck_t);
  *buf = p = malloc(*len);
  if (p == NULL)
    return -1;
  memcpy(p, &h, sizeof(h));
  p += sizeof(h);
  for (size_t i = 0; i < n_items; i++) {
    ditem_t d = {.status = (int32_t)r->items[i].status};
    key_figure(&r->items[i], &d);
    memcpy(p, &d, sizeof(d));
    p += sizeof(d);
  }
  for (size_t i = 0; i < n_items; i++)
    for (size_t j = 0; j < r->items[i].n_checks && c < n_checks; j++, c++) {
      const vg_check_result_t *cr = &r->items[i].checks[j];
      dcheck_t dc = {.status = (int32_t)cr->status,
                     .time_share = cr->check != NULL && cr->check->agg.fn == VG_AGG_TIME_SHARE,
                     .no_files = cr->n_evidence == 0};
      for (size_t k = 0; dc.time_share && k < cr->n_evidence; k++) {
        dc.maintenance += cr->evidence[k].maintenance;
        dc.planned += cr->evidence[k].planned_outage;
        dc.unplanned += cr->evidence[k].unplanned_outage;
      }
      for (size_t k = 0; cr->status == VG_ST_FAIL && k < cr->n_evidence; k++)
        dc.budget_spent |= cr->evidence[k].budget.open && cr->evidence[k].budget.spent_out;
      for (size_t k = 0; cr->status == VG_ST_AT_RISK && k < cr->n_evidence; k++) {
        const vg_evidence_t *ev = &cr->evidence[k];
        if (ev->status == VG_ST_AT_RISK &&
            (dc.exhausted == 0 || ev->budget.exhausted < dc.exhausted)) {
          dc.exhausted = ev->budget.exhausted;
          dc.left = ev->budget.left;
        }
      }
      memcpy(p, &dc, sizeof(dc));
      p += sizeof(dc);
    }
  return c == n_checks ? 0 : -1;
}

/* ---- the summary ---- */

vg_summary_t *vg_summary_new(const vg_report_meta_t *meta)
{
  vg_summary_t *s = calloc(1, sizeof(*s));
  size_t k = 0, n;

  if (s == NULL)
    return NULL;
  s->meta = meta;
  s->all_pass = 1;
  count_checks(meta->cat, &n);
  s->n_items = n;
  s->items = calloc(n + 1, sizeof(*s->items));
  s->counts = calloc(n + 1, sizeof(*s->counts));
  s->by_cat = calloc(n + 1, sizeof(*s->by_cat));
  s->n_cats = calloc(n + 1, sizeof(*s->n_cats));
  s->failing = calloc(n + 1, sizeof(*s->failing));
  s->n_failing = calloc(n + 1, sizeof(*s->n_failing));
  s->n_checks = count_checks(meta->cat, &n);
  s->checks_applied = calloc(s->n_checks + 1, sizeof(*s->checks_applied));
  s->checks_found = calloc(s->n_checks + 1, sizeof(*s->checks_found));
  if (!s->items || !s->counts || !s->by_cat || !s->n_cats || !s->failing || !s->n_failing ||
      !s->checks_applied || !s->checks_found) {
    vg_summary_free(s);
    return NULL;
  }
  for (size_t sec = 0; sec < meta->cat->n_sections; sec++)
    for (size_t i = 0; i < meta->cat->sections[sec].n_items; i++)
      s->items[k++] = &meta->cat->sections[sec].items[i];
  return s;
}

void vg_summary_free(vg_summary_t *s)
{
  if (s == NULL)
    return;
  for (size_t i = 0; i < s->n_items; i++) {
    for (size_t c = 0; s->by_cat && s->n_cats && s->by_cat[i] && c < s->n_cats[i]; c++)
      free(s->by_cat[i][c].outage);
    if (s->by_cat)
      free(s->by_cat[i]);
    if (s->failing)
      free(s->failing[i]);
  }
  for (size_t i = 0; i < s->n_stray; i++)
    free(s->stray[i].host);
  free(s->stray);
  free(s->missing);
  free(s->late);
  free(s->clock);
  free(s->silent);
  free(s->at_risk);
  free(s->spent);
  free(s->items);
  free(s->counts);
  free(s->by_cat);
  free(s->n_cats);
  free(s->failing);
  free(s->n_failing);
  free(s->checks_applied);
  free(s->checks_found);
  free(s);
}

/* Counts status st of item i for the agency's primary category, whose
 * counts *out is then (NULL past MAX_CATEGORIES). */
static int count_category(vg_summary_t *s, size_t i, const char *primary, vg_status_t st,
                          vg_cat_counts_t **out)
{
  enum { MAX_CATEGORIES = 64 };
  size_t c = 0;

  while (c < s->n_cats[i] && strcmp(s->by_cat[i][c].category, primary) != 0)
    c++;
  if (c == s->n_cats[i]) {
    *out = NULL;
    if (c == MAX_CATEGORIES)
      return 0;
    vg_cat_counts_t *grown = realloc(s->by_cat[i], (c + 1) * sizeof(*grown));
    if (grown == NULL)
      return -1;
    s->by_cat[i] = grown;
    memset(&grown[c], 0, sizeof(grown[c]));
    snprintf(grown[c].category, sizeof(grown[c].category), "%s", primary);
    grown[c].outage = calloc(s->items[i]->n_checks + 1, sizeof(*grown[c].outage));
    if (grown[c].outage == NULL)
      return -1;
    s->n_cats[i]++;
  }
  s->by_cat[i][c].n[st]++;
  *out = &s->by_cat[i][c];
  return 0;
}

static int add_failing(vg_summary_t *s, size_t i, size_t agency, const ditem_t *d)
{
  vg_failing_t *grown = realloc(s->failing[i], (s->n_failing[i] + 1) * sizeof(*grown));
  vg_failing_t *f;

  if (grown == NULL)
    return -1;
  s->failing[i] = grown;
  f = &grown[s->n_failing[i]++];
  memset(f, 0, sizeof(*f));
  f->agency = agency;
  f->figure = d->figure;
  if (d->key_check >= 0 && (size_t)d->key_check < s->items[i]->n_checks) {
    f->c = &s->items[i]->checks[d->key_check];
    f->check = f->c->id;
    f->unit = f->c->unit;
  }
  return 0;
}

/* The score's parts of one check of status st. */
static void score_check(vg_summary_t *s, const vg_check_t *c, vg_status_t st)
{
  double w;

  if (st == VG_ST_NOT_APPLICABLE)
    return;
  w = vg_severity_weight(c->severity);
  s->score_total += w;
  if (st == VG_ST_PASS || st == VG_ST_MANUAL_PASS)
    s->score_passed += w;
  if (st == VG_ST_WAIVED)
    s->waived_weight += w;
}

static void count_change(vg_summary_t *s, const char *agency, const vg_item_t *it, vg_status_t st)
{
  static const char *const names[] = {"newly-failing", "fixed", "still-failing"};
  const char *before, *change;

  if (s->meta->previous == NULL)
    return;
  before = vg_previous_status(s->meta->previous, agency, it->id);
  change = before ? vg_previous_change(before, vg_status_name(st)) : NULL;
  for (int i = 0; change != NULL && i < 3; i++)
    if (strcmp(change, names[i]) == 0)
      s->changes[i]++;
}

/* Adds agency to the silent ones when it is, the longest silent first. */
static int add_silent(vg_summary_t *s, size_t agency, const dhead_t *h)
{
  vg_freshness_t f;
  vg_silent_t *grown;
  size_t at;

  vg_freshness(s->meta->cat, s->meta->to, (time_t)h->newest, (unsigned long)h->slowest_step, &f);
  if (!f.silent)
    return 0;
  grown = realloc(s->silent, (s->n_silent + 1) * sizeof(*grown));
  if (grown == NULL)
    return -1;
  s->silent = grown;
  for (at = s->n_silent; at > 0 && grown[at - 1].newest > (time_t)h->newest; at--)
    grown[at] = grown[at - 1];
  grown[at] = (vg_silent_t){agency, (time_t)h->newest, f.age, f.limit};
  s->n_silent++;
  return 0;
}

/* Adds a check to list (*n long), the soonest exhausted first. */
static int add_budget(vg_at_risk_t **list, size_t *n, size_t agency, size_t item,
                      const vg_check_t *c, const dcheck_t *dc)
{
  vg_at_risk_t *grown = realloc(*list, (*n + 1) * sizeof(*grown));
  size_t at;

  if (grown == NULL)
    return -1;
  *list = grown;
  for (at = *n; at > 0 && grown[at - 1].exhausted > (time_t)dc->exhausted; at--)
    grown[at] = grown[at - 1];
  grown[at] = (vg_at_risk_t){agency, item, c, (time_t)dc->exhausted, dc->left};
  (*n)++;
  return 0;
}

int vg_summary_add(vg_summary_t *s, const char *buf, size_t len)
{
  dhead_t h;
  const char *items, *checks;
  const vg_agency_t *a;
  char primary[64];

  if (len < sizeof(h))
    return -1;
  memcpy(&h, buf, sizeof(h));
  if (h.n_items != s->n_items || h.index >= s->meta->inv->n_agencies ||
      len != sizeof(h) + h.n_items * sizeof(ditem_t) + h.n_checks * sizeof(dcheck_t))
    return -1;
  a = &s->meta->inv->agencies[h.index];
  snprintf(primary, sizeof(primary), "%.*s",
           (int)(a->categories.n ? strcspn(a->categories.ids[0], " ") : 0),
           a->categories.n ? a->categories.ids[0] : "");
  items = buf + sizeof(h);
  checks = items + h.n_items * sizeof(ditem_t);
  for (size_t i = 0, c = 0; i < s->n_items; i++) {
    vg_cat_counts_t *cc;
    ditem_t d;
    memcpy(&d, items + i * sizeof(d), sizeof(d));
    if (d.status < 0 || d.status >= VG_ST_COUNT)
      return -1;
    s->counts[i][d.status]++;
    if (d.status != VG_ST_PASS && d.status != VG_ST_MANUAL_PASS &&
        d.status != VG_ST_NOT_APPLICABLE && d.status != VG_ST_WAIVED)
      s->all_pass = 0;
    if (count_category(s, i, primary, (vg_status_t)d.status, &cc) != 0)
      return -1;
    if ((d.status == VG_ST_FAIL || d.status == VG_ST_MANUAL_FAIL) &&
        add_failing(s, i, (size_t)h.index, &d) != 0)
      return -1;
    count_change(s, a->id, s->items[i], (vg_status_t)d.status);
    for (size_t j = 0; j < s->items[i]->n_checks; j++, c++) {
      dcheck_t dc;
      if (c >= h.n_checks)
        return -1;
      memcpy(&dc, checks + c * sizeof(dc), sizeof(dc));
      if (dc.status < 0 || dc.status >= VG_ST_COUNT)
        return -1;
      score_check(s, &s->items[i]->checks[j], (vg_status_t)dc.status);
      if (dc.status == VG_ST_AT_RISK && add_budget(&s->at_risk, &s->n_at_risk, (size_t)h.index, i,
                                                   &s->items[i]->checks[j], &dc) != 0)
        return -1;
      if (dc.budget_spent &&
          add_budget(&s->spent, &s->n_spent, (size_t)h.index, i, &s->items[i]->checks[j], &dc) != 0)
        return -1;
      if (dc.status != VG_ST_NOT_APPLICABLE && !s->items[i]->checks[j].manual) {
        s->checks_applied[c]++;
        s->checks_found[c] += !dc.no_files;
      }
      if (cc != NULL && dc.time_share && dc.status != VG_ST_NOT_APPLICABLE) {
        cc->outage[j].agencies++;
        cc->outage[j].maintenance += dc.maintenance;
        cc->outage[j].planned += dc.planned;
        cc->outage[j].unplanned += dc.unplanned;
      }
    }
  }
  if (add_silent(s, (size_t)h.index, &h) != 0)
    return -1;
  s->agencies++;
  return 0;
}

double vg_summary_score(const vg_summary_t *s)
{
  return s->score_total > 0 ? 100.0 * s->score_passed / s->score_total : NAN;
}

double vg_summary_score_after_waivers(const vg_summary_t *s)
{
  double rest = s->score_total - s->waived_weight;

  return rest > 0 ? 100.0 * s->score_passed / rest : NAN;
}

/* ---- hosts of the data folder ---- */

static int claimed(const vg_inventory_t *inv, const char *host)
{
  for (size_t i = 0; i < inv->n_agencies; i++)
    if (vg_idlist_has(&inv->agencies[i].hosts, host))
      return 1;
  return 0;
}

static int has_name(char **names, size_t n, const char *name)
{
  for (size_t i = 0; i < n; i++)
    if (strcmp(names[i], name) == 0)
      return 1;
  return 0;
}

static int add_stray(vg_summary_t *s, const char *host)
{
  vg_stray_t *grown = realloc(s->stray, (s->n_stray + 1) * sizeof(*grown));

  if (grown == NULL)
    return -1;
  s->stray = grown;
  memset(&grown[s->n_stray], 0, sizeof(grown[0]));
  grown[s->n_stray].host = strdup(host);
  if (grown[s->n_stray].host == NULL)
    return -1;
  vg_rrd_host_newest(s->meta->datadir, host, &grown[s->n_stray].files,
                     &grown[s->n_stray].last_update);
  s->n_stray++;
  return 0;
}

static int add_missing(vg_summary_t *s, char **names, size_t n)
{
  const vg_inventory_t *inv = s->meta->inv;

  for (size_t i = 0; i < inv->n_agencies; i++) {
    const vg_agency_t *a = &inv->agencies[i];
    for (size_t h = 0; h < a->hosts.n; h++) {
      if (has_name(names, n, a->hosts.ids[h]))
        continue;
      vg_missing_t *grown = realloc(s->missing, (s->n_missing + 1) * sizeof(*grown));
      if (grown == NULL)
        return -1;
      s->missing = grown;
      grown[s->n_missing].host = a->hosts.ids[h];
      grown[s->n_missing++].agency = a->id;
    }
  }
  return 0;
}

int vg_summary_hosts(vg_summary_t *s, char *err, size_t errlen)
{
  struct dirent **ents = NULL;
  char **names;
  size_t n_names = 0;
  int n = scandir(s->meta->datadir, &ents, NULL, alphasort), rc = 0;

  if (n < 0) {
    snprintf(err, errlen, "%s: cannot read the data folder: %s", s->meta->datadir, strerror(errno));
    return -1;
  }
  names = calloc((size_t)n + 1, sizeof(*names));
  for (int i = 0; i < n; i++) {
    const char *name = ents[i]->d_name;
    if (rc == 0 && names != NULL && name[0] != '.' && ents[i]->d_type != DT_REG) {
      names[n_names++] = ents[i]->d_name;
      if (!claimed(s->meta->inv, name) && add_stray(s, name) != 0)
        rc = -1;
    }
  }
  if (names == NULL || rc != 0 || add_missing(s, names, n_names) != 0) {
    snprintf(err, errlen, "out of memory");
    rc = -1;
  }
  for (int i = 0; i < n; i++)
    free(ents[i]);
  free(ents);
  free(names);
  return rc;
}

int vg_summary_late(vg_summary_t *s)
{
  free(s->late);
  free(s->clock);
  s->clock = NULL;
  s->n_clock = 0;
  if (vg_late_find(s->meta, &s->late, &s->n_late) != 0)
    return -1;
  return vg_clock_find(s->meta, &s->clock, &s->n_clock);
}

size_t vg_summary_warn_unmatched(const vg_summary_t *s)
{
  size_t hosts = 0, said = 0;

  for (size_t i = 0; i < s->meta->inv->n_agencies; i++)
    hosts += s->meta->inv->agencies[i].hosts.n;
  if (hosts > 0 && s->n_missing == hosts) {
    fprintf(stderr,
            "vigil-report: none of the inventory's %zu hosts has a folder in %s: is it the "
            "data folder of this province?\n",
            hosts, s->meta->datadir);
    return 1;
  }
  for (size_t i = 0, c = 0; i < s->n_items; i++)
    for (size_t j = 0; j < s->items[i]->n_checks; j++, c++) {
      char metric[1024];
      if (s->checks_applied[c] == 0 || s->checks_found[c] > 0)
        continue;
      vg_selector_format(&s->items[i]->checks[j].metric, metric, sizeof(metric));
      fprintf(stderr,
              "vigil-report: check %s: no RRD file matches %s at any of the %u agencies it "
              "applies to\n",
              s->items[i]->checks[j].id, metric, s->checks_applied[c]);
      said++;
    }
  return said;
}

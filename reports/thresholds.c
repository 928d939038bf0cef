/* thresholds: a collectd threshold plugin configuration from a catalogue. */
#include "vigil_config.h"

#include "thresholds.h"

#include "atomic_file.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const vg_selector_t *sel;
  double fail_min, fail_max;         /* NaN: none */
  char min_note[256], max_note[256]; /* how each bound came about, "" when as written */
  char checks[512];                  /* the check ids it stands for */
} th_entry_t;

static int th_plain(const char *pattern)
{
  return strcmp(pattern, "*") == 0 || strpbrk(pattern, "*?[") == NULL;
}

static int th_same_series(const vg_selector_t *a, const vg_selector_t *b)
{
  return strcmp(a->plugin, b->plugin) == 0 && strcmp(a->plugin_instance, b->plugin_instance) == 0 &&
         strcmp(a->type, b->type) == 0 && strcmp(a->type_instance, b->type_instance) == 0 &&
         strcmp(a->ds, b->ds) == 0;
}

/* The comparison a check makes of each value: for time_share and
 * longest_run its condition, otherwise its expectation. */
static const vg_cond_t *th_cond(const vg_check_t *c)
{
  return c->agg.fn == VG_AGG_TIME_SHARE || c->agg.fn == VG_AGG_LONGEST_RUN ? &c->agg.cond
                                                                           : &c->expect;
}

/* The bound a check puts on each value: for time_share and longest_run its
 * condition, otherwise its expectation, made stricter by the check's
 * <alarm margin>. note gets how the number came about when it is not the
 * catalogue's own ("" otherwise). Returns 0 when there is one. */
static int th_bound(const vg_check_t *c, double *fail_min, double *fail_max, char *note,
                    size_t notelen)
{
  const vg_cond_t *cond;
  double bound;
  int strict, low;

  *fail_min = *fail_max = NAN;
  note[0] = '\0';
  if (c->manual || c->agg.fn == VG_AGG_COVERAGE || c->agg.fn == VG_AGG_TOTAL)
    return -1;
  cond = th_cond(c);
  if (cond->op != VG_OP_GE && cond->op != VG_OP_GT && cond->op != VG_OP_LE && cond->op != VG_OP_LT)
    return -1;
  low = cond->op == VG_OP_GE || cond->op == VG_OP_GT; /* a lower bound: FailureMin */
  strict = cond->op == VG_OP_GT || cond->op == VG_OP_LT;
  bound = low ? cond->threshold + c->alarm_margin : cond->threshold - c->alarm_margin;
  if (c->alarm_margin > 0) {
    snprintf(note, notelen, " %.10g %s the catalogue's %.10g: its <alarm margin>", c->alarm_margin,
             low ? "above" : "below", cond->threshold);
  } else if (strict) {
    /* collectd fails a value below FailureMin or above FailureMax: for a
     * strict bound the value at the bound itself must fail too (an expired
     * certificate's time left is 0, which "> 0" refuses) */
    snprintf(note, notelen, " %s %.10g: the next number %s it", low ? "more than" : "less than",
             bound, low ? "above" : "below");
    bound = nextafter(bound, low ? INFINITY : -INFINITY);
  }
  if (low)
    *fail_min = bound;
  else
    *fail_max = bound;
  return 0;
}

/* Adds a check's bound, merged into the strictest for its series. */
static void th_add(th_entry_t *list, size_t *n, size_t max, const vg_check_t *c)
{
  double lo, hi;
  char note[256];
  th_entry_t *e = NULL;

  /* vigil_incident records the alarms: an alarm on its own series would
   * open an incident about the incidents, which never closes */
  if (th_bound(c, &lo, &hi, note, sizeof(note)) != 0 ||
      strcmp(c->metric.plugin, "vigil_incident") == 0 || !th_plain(c->metric.plugin_instance) ||
      !th_plain(c->metric.type_instance) || strcmp(c->metric.host, "*") != 0)
    return;
  for (size_t i = 0; i < *n && e == NULL; i++)
    if (th_same_series(list[i].sel, &c->metric))
      e = &list[i];
  if (e == NULL) {
    if (*n >= max)
      return;
    e = &list[(*n)++];
    e->sel = &c->metric;
    e->fail_min = e->fail_max = NAN;
    e->checks[0] = e->min_note[0] = e->max_note[0] = '\0';
  }
  if (!isnan(lo) && (isnan(e->fail_min) || lo > e->fail_min)) {
    e->fail_min = lo;
    snprintf(e->min_note, sizeof(e->min_note), "%s", note);
  }
  if (!isnan(hi) && (isnan(e->fail_max) || hi < e->fail_max)) {
    e->fail_max = hi;
    snprintf(e->max_note, sizeof(e->max_note), "%s", note);
  }
  size_t used = strlen(e->checks);
  snprintf(e->checks + used, sizeof(e->checks) - used, "%s%s", used ? " " : "", c->id);
}

static void th_write_entry(FILE *fp, const th_entry_t *e)
{
  const vg_selector_t *s = e->sel;

  fprintf(fp, "  # %s\n  <Plugin \"%s\">\n", e->checks, s->plugin);
  if (strcmp(s->plugin_instance, "*") != 0)
    fprintf(fp, "    Instance \"%s\"\n", s->plugin_instance);
  fprintf(fp, "    <Type \"%s\">\n", s->type);
  if (strcmp(s->type_instance, "*") != 0)
    fprintf(fp, "      Instance \"%s\"\n", s->type_instance);
  fprintf(fp, "      DataSource \"%s\"\n", s->ds);
  if (!isnan(e->fail_min)) {
    if (e->min_note[0] != '\0')
      fprintf(fp, "      #%s\n", e->min_note);
    fprintf(fp, "      FailureMin %.17g\n", e->fail_min);
  }
  if (!isnan(e->fail_max)) {
    if (e->max_note[0] != '\0')
      fprintf(fp, "      #%s\n", e->max_note);
    fprintf(fp, "      FailureMax %.17g\n", e->fail_max);
  }
  /* a series that stops is the report's to judge (coverage); an alarm
   * for it would be a second incident beside the value's own */
  fprintf(fp, "      Interesting false\n    </Type>\n  </Plugin>\n");
}

int vg_thresholds_write(const vg_catalogue_t *cat, const char *out, char *err, size_t errlen)
{
  th_entry_t list[256];
  size_t n = 0;
  vg_atomic_file_t *f;
  FILE *fp;

  for (size_t s = 0; s < cat->n_sections; s++)
    for (size_t i = 0; i < cat->sections[s].n_items; i++)
      for (size_t c = 0; c < cat->sections[s].items[i].n_checks; c++)
        th_add(list, &n, sizeof(list) / sizeof(list[0]), &cat->sections[s].items[i].checks[c]);
  f = vg_atomic_open(out, err, errlen);
  if (f == NULL)
    return -1;
  fp = vg_atomic_stream(f);
  fprintf(fp,
          "# collectd threshold configuration for directive %s (%s), made by vigil-report\n"
          "# from %s (sha256 %s). A breach raises a FAILURE notification, its end an\n"
          "# OKAY; vigil_incident records them. vigil_incident's own series are not\n"
          "# watched, and a series that stops raises nothing (Interesting false):\n"
          "# missing data is judged by the report. Include it in collectd.conf:\n"
          "#   Include \"%s\"\n"
          "LoadPlugin threshold\n<Plugin threshold>\n",
          cat->number, cat->id, cat->path, cat->sha256, out);
  for (size_t i = 0; i < n; i++)
    th_write_entry(fp, &list[i]);
  fprintf(fp, "</Plugin>\n");
  if (vg_atomic_commit(f, err, errlen) != 0)
    return -1;
  return (int)n;
}

/* late: window evidence that arrived after the window ended. */
#include "vigil_config.h"

#include "late.h"

#include "rrd_source.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The late values of one host's delay file: lowers *from (the oldest
 * measured time among them) and raises *until and *longest. Returns 1 when
 * any, 0 when none, -1 when the file cannot be read (said on stderr). */
static int host_late(const vg_report_meta_t *m, const char *host, double *from, time_t *until,
                     double *longest)
{
  char path[4096], err[1024];
  vg_rrd_t *f;
  int rra, found = 0;
  unsigned long step;
  time_t start;
  size_t rows, nds;
  double *v;

  snprintf(path, sizeof(path), "%s/%s/vigil_transport/duration-arrival_delay.rrd", m->datadir,
           host);
  if (access(path, F_OK) != 0)
    return 0;
  if ((f = vg_rrd_open(path, err, sizeof(err))) == NULL) {
    fprintf(stderr, "vigil-report: %s: arrival delays not read: %s\n", host, err);
    return -1;
  }
  rra = vg_rrd_choose(f, "MAX", m->to, m->generated);
  if (rra < 0)
    rra = vg_rrd_choose(f, "AVERAGE", m->to, m->generated);
  nds = vg_rrd_ds_count(f);
  step = rra >= 0 ? vg_rrd_step(f, rra) : 0;
  if (rra < 0 || step == 0 || nds == 0) {
    fprintf(stderr, "vigil-report: %s: %s has no archive to read\n", host, path);
    vg_rrd_close(f);
    return -1;
  }
  start = m->to - m->to % (time_t)step;
  rows = (size_t)((m->generated - start) / (time_t)step) + 1;
  if ((v = calloc(rows * nds, sizeof(*v))) == NULL ||
      vg_rrd_read(f, rra, start, rows, v, err, sizeof(err)) != 0) {
    if (v != NULL)
      fprintf(stderr, "vigil-report: %s: arrival delays not read: %s\n", host, err);
    free(v);
    vg_rrd_close(f);
    return -1;
  }
  for (size_t k = 0; k < rows; k++) {
    double d = v[k * nds];
    time_t arrived = start + (time_t)((k + 1) * step);
    if (isnan(d) || arrived <= m->to || d <= (double)(VG_LATE_SLACK_STEPS * step))
      continue;
    double measured = (double)arrived - d;
    if (measured >= (double)m->to)
      continue; /* measured after the window: not its evidence */
    if (measured < (double)m->from)
      measured = (double)m->from;
    if (measured < *from)
      *from = measured;
    if (arrived > *until)
      *until = arrived;
    if (d > *longest)
      *longest = d;
    found = 1;
  }
  free(v);
  vg_rrd_close(f);
  return found;
}

int vg_late_find(const vg_report_meta_t *meta, vg_late_t **out, size_t *n)
{
  size_t cap = 0;

  *out = NULL;
  *n = 0;
  if (meta->provisional || meta->generated <= meta->to)
    return 0;
  for (size_t i = 0; i < meta->inv->n_agencies; i++) {
    const vg_agency_t *a = &meta->inv->agencies[i];
    double from = (double)meta->to, longest = 0;
    time_t until = 0;
    int any = 0;
    for (size_t h = 0; h < a->hosts.n; h++)
      any |= host_late(meta, a->hosts.ids[h], &from, &until, &longest) > 0;
    if (!any)
      continue;
    if (*n == cap) {
      vg_late_t *grown = realloc(*out, (cap ? cap * 2 : 8) * sizeof(*grown));
      if (grown == NULL) {
        free(*out);
        *out = NULL;
        *n = 0;
        return -1;
      }
      *out = grown;
      cap = cap ? cap * 2 : 8;
    }
    (*out)[(*n)++] = (vg_late_t){.agency = i,
                                 .seconds = (double)meta->to - from,
                                 .measured_from = (time_t)floor(from),
                                 .arrived_until = until,
                                 .longest = longest};
  }
  return 0;
}

/* Values host's vigil_transport dropped as dated ahead over [from, until]:
 * the rate rows of its derive file, times their step. -1 when it has no
 * such file or it cannot be read (said on stderr). */
static double host_dropped(const vg_report_meta_t *m, const char *host, time_t until)
{
  char path[4096], err[1024];
  vg_rrd_t *f;
  int rra;
  unsigned long step;
  time_t start;
  size_t rows, nds;
  double *v, sum = 0;

  snprintf(path, sizeof(path), "%s/%s/vigil_transport/derive-future_dropped.rrd", m->datadir, host);
  if (access(path, F_OK) != 0)
    return -1;
  if ((f = vg_rrd_open(path, err, sizeof(err))) == NULL) {
    fprintf(stderr, "vigil-report: %s: dropped values not read: %s\n", host, err);
    return -1;
  }
  rra = vg_rrd_choose(f, "AVERAGE", m->from, until);
  nds = vg_rrd_ds_count(f);
  step = rra >= 0 ? vg_rrd_step(f, rra) : 0;
  if (rra < 0 || step == 0 || nds == 0) {
    vg_rrd_close(f);
    return -1;
  }
  start = m->from - m->from % (time_t)step;
  rows = (size_t)((until - start) / (time_t)step) + 1;
  if ((v = calloc(rows * nds, sizeof(*v))) == NULL ||
      vg_rrd_read(f, rra, start, rows, v, err, sizeof(err)) != 0) {
    if (v != NULL)
      fprintf(stderr, "vigil-report: %s: dropped values not read: %s\n", host, err);
    free(v);
    vg_rrd_close(f);
    return -1;
  }
  for (size_t k = 0; k < rows; k++)
    if (!isnan(v[k * nds]))
      sum += v[k * nds] * (double)step;
  free(v);
  vg_rrd_close(f);
  return sum;
}

int vg_clock_find(const vg_report_meta_t *meta, vg_clock_t **out, size_t *n)
{
  time_t until = meta->generated > meta->to ? meta->generated : meta->to;
  size_t cap = 0;

  *out = NULL;
  *n = 0;
  for (size_t i = 0; i < meta->inv->n_agencies; i++) {
    const vg_agency_t *a = &meta->inv->agencies[i];
    double total = 0, most = 0;
    const char *worst = NULL;
    for (size_t h = 0; h < a->hosts.n; h++) {
      double d = host_dropped(meta, a->hosts.ids[h], until);
      if (d > 0)
        total += d;
      if (d > most) {
        most = d;
        worst = a->hosts.ids[h];
      }
    }
    if (total < 0.5 || worst == NULL)
      continue; /* a rate's rounding is not a dropped value */
    if (*n == cap) {
      vg_clock_t *grown = realloc(*out, (cap ? cap * 2 : 8) * sizeof(*grown));
      if (grown == NULL) {
        free(*out);
        *out = NULL;
        *n = 0;
        return -1;
      }
      *out = grown;
      cap = cap ? cap * 2 : 8;
    }
    (*out)[*n] = (vg_clock_t){.agency = i, .dropped = floor(total + 0.5)};
    snprintf((*out)[*n].host, sizeof((*out)[*n].host), "%s", worst);
    (*n)++;
  }
  return 0;
}

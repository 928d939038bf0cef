/* series: the RRD series one agency's checks read. Each file is opened
 * once and each of its archives read once, over the union of the periods
 * that need it; every series is then served from memory. */
#ifndef VIGIL_SERIES_H
#define VIGIL_SERIES_H

#include "aggregate.h"

#include <stddef.h>
#include <time.h>

/* A series served by the store: its arrays are its own, or, with
 * borrowed, the store's (valid while the store lives). */
typedef struct {
  vg_series_t s;
  double *avg;
  double *min;
  double *max;
  int borrowed;
} vg_fetch_t;

typedef struct vg_store vg_store_t;

/* What a store did: files opened, archives read, rows read. */
typedef struct {
  size_t files;
  size_t opens;
  size_t archive_reads;
  size_t rows;
} vg_store_stats_t;

/* A new, empty store. Returns NULL out of memory. */
vg_store_t *vg_store_new(void);

/* Frees st and every series it holds; NULL-safe. */
void vg_store_free(vg_store_t *st);

/* Registers that data source ds of the file at path will be fetched over
 * [from, to). Returns 0, or -1 out of memory. */
int vg_store_want(vg_store_t *st, const char *path, const char *ds, time_t from, time_t to);

/* Opens every registered file once and reads what was registered: for
 * each period, the AVERAGE archive rrd_fetch_r would read at the finest
 * resolution, and MIN and MAX where they describe the same rows and a row
 * holds more than one primary data point. A file that cannot be read keeps
 * its reason for vg_store_fetch. Returns 0, or -1 out of memory. */
int vg_store_load(vg_store_t *st);

/* The series registered for (path, ds, from, to), as rrd_fetch_r reads it:
 * rows from the aligned start of from to the step after to. Returns 0 and
 * fills f (free with vg_fetch_free), or -1 with the reason in err when the
 * file, its data source or its archive could not be read (f is then
 * empty). Never reads a file: a series not registered is an error. */
int vg_store_fetch(const vg_store_t *st, const char *path, const char *ds, time_t from, time_t to,
                   vg_fetch_t *f, char *err, size_t errlen);

/* The time of the last update of the file at path, or 0 when it was not
 * read. */
time_t vg_store_last_update(const vg_store_t *st, const char *path);

/* The newest last update of the files st read (0 when none could be
 * read) and the longest step among them (their slowest series). */
void vg_store_freshness(const vg_store_t *st, time_t *newest, unsigned long *slowest_step);

/* Adds what st did to *stats. */
void vg_store_stats(const vg_store_t *st, vg_store_stats_t *stats);

/* Frees f's arrays and empties it; NULL-safe. */
void vg_fetch_free(vg_fetch_t *f);

#endif

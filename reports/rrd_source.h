/* rrd_source: find a host's RRD files for a metric selector under collectd's
 * DataDir layout and read them with librrd. The only module that calls
 * librrd. */
#ifndef VIGIL_RRD_SOURCE_H
#define VIGIL_RRD_SOURCE_H

#include "aggregate.h"
#include "catalogue.h"

#include <stddef.h>
#include <time.h>

/* One RRD file: DataDir/<host>/<plugin>[-<pinst>]/<type>[-<tinst>].rrd */
typedef struct {
  char *path;
  char *rel; /* path relative to DataDir */
  char *host;
  char *plugin_instance;
  char *type_instance;
} vg_rrd_file_t;

typedef struct {
  vg_rrd_file_t *files;
  size_t n;
} vg_rrd_list_t;

/* Appends to out the files of host under datadir that match sel, sorted by
 * path. A host or plugin directory that does not exist adds nothing.
 * Returns 0, or -1 with a message in err when a directory that exists
 * cannot be read (out keeps what was found). */
int vg_rrd_find(const char *datadir, const char *host, const vg_selector_t *sel, vg_rrd_list_t *out,
                char *err, size_t errlen);

/* Frees the files of l and empties it; NULL-safe. */
void vg_rrd_list_free(vg_rrd_list_t *l);

/* A series read from one RRD, owning its arrays. */
typedef struct {
  vg_series_t s;
  double *avg;
  double *min;
  double *max;
} vg_fetch_t;

/* Reads data source ds of path over [from, to) from the finest RRA that
 * covers from: AVERAGE, and MIN/MAX when the file has them at the same
 * rows. Returns 0 and fills f (free with vg_fetch_free), or -1 with librrd's
 * reason in err (f is then empty). */
int vg_rrd_fetch(const char *path, const char *ds, time_t from, time_t to, vg_fetch_t *f, char *err,
                 size_t errlen);

void vg_fetch_free(vg_fetch_t *f);

/* From now on, vg_rrd_fetch first has the rrdcached at addr ("unix:/path"
 * or "host:port") write out what it holds for the file, waiting at most
 * timeout_ms (10 s when 0) for each answer. Returns 0 when the daemon
 * answers, or -1 with the reason in err. A flush that fails or times out
 * makes this and every later vg_rrd_fetch fail: see vg_rrd_daemon_failed. */
int vg_rrd_use_daemon(const char *addr, int timeout_ms, char *err, size_t errlen);

/* Non-zero, with the reason in err, once a flush through rrdcached failed. */
int vg_rrd_daemon_failed(char *err, size_t errlen);

/* Draws data source ds of path over [from, to) as a PNG: the AVERAGE line,
 * unknown time shaded, and a horizontal line at hrule (none when NaN),
 * labelled hrule_label. On success returns 0 and *png (free with free())
 * holds *len bytes; on error returns -1 with librrd's reason in err.
 * librrd's graphing is not thread-safe: call it from one thread. */
int vg_rrd_graph(const char *path, const char *ds, time_t from, time_t to, double hrule,
                 const char *hrule_label, unsigned char **png, size_t *len, char *err,
                 size_t errlen);

#endif

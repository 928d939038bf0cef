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

/* Checks that the data folder can be read. Returns 0, or -1 with the
 * folder and the reason in err. */
int vg_rrd_datadir_check(const char *datadir, char *err, size_t errlen);

/* The RRD files of one host under DataDir, each folder listed once, when
 * first needed. */
typedef struct vg_rrd_host vg_rrd_host_t;

/* A listing of DataDir/<host>; nothing is read yet. Returns NULL out of
 * memory. Free with vg_rrd_host_free (NULL-safe). */
vg_rrd_host_t *vg_rrd_host_new(const char *datadir, const char *host);
void vg_rrd_host_free(vg_rrd_host_t *h);

/* Appends to out the files of h that match sel, sorted by path. A host or
 * plugin folder that does not exist adds nothing. Returns 0, or -1 with a
 * message in err when a folder that exists cannot be read (out keeps what
 * was found) or out of memory. */
int vg_rrd_find(vg_rrd_host_t *h, const vg_selector_t *sel, vg_rrd_list_t *out, char *err,
                size_t errlen);

/* Appends to out every RRD file of DataDir/<host>; with no plugin asked
 * for, a file's plugin_instance is its folder's name ("plugin-instance").
 * Returns 0, or -1 when a folder cannot be read or out of memory (out
 * keeps what was found). */
int vg_rrd_host_all(const char *datadir, const char *host, vg_rrd_list_t *out);

/* The RRD files of DataDir/<host> in all: how many, and the newest last
 * update among them (0 when none could be read). */
void vg_rrd_host_newest(const char *datadir, const char *host, size_t *files, time_t *last);

/* Frees the files of l and empties it; NULL-safe. */
void vg_rrd_list_free(vg_rrd_list_t *l);

/* One RRD file open for reading: its header was read once, and any of its
 * archives can be read from the same open. */
typedef struct vg_rrd vg_rrd_t;

/* Opens path (after having rrdcached flush it, see vg_rrd_use_daemon) and
 * reads its header. Only a regular file inside its host's folder is read
 * (path is DataDir/host/plugin/file; a link may point within that folder);
 * a file last updated more than VG_RRD_CLOCK_SLACK seconds after the report
 * time (vg_rrd_set_report_time) is refused as a clock error, its figures not
 * judged. Returns the handle (close with vg_rrd_close), or NULL with the
 * reason (librrd's or one of those), naming path, in err. */
vg_rrd_t *vg_rrd_open(const char *path, char *err, size_t errlen);

#define VG_RRD_CLOCK_SLACK 60

/* The time the report is made, for vg_rrd_open's clock check (0: none). */
void vg_rrd_set_report_time(time_t t);

/* Closes f; NULL-safe. */
void vg_rrd_close(vg_rrd_t *f);

/* The data sources: how many, the index of the one named ds (-1 when there
 * is none), and the name of the i-th ("none" past the last). */
size_t vg_rrd_ds_count(const vg_rrd_t *f);
int vg_rrd_ds_index(const vg_rrd_t *f, const char *ds);
const char *vg_rrd_ds_name(const vg_rrd_t *f, size_t i);

/* The primary data point step, and the time of the last update. */
unsigned long vg_rrd_pdp_step(const vg_rrd_t *f);
time_t vg_rrd_last_update(const vg_rrd_t *f);

/* The first instant the finest AVERAGE archive covers. Returns 0, or -1
 * when the file has no AVERAGE archive. */
int vg_rrd_finest(const vg_rrd_t *f, time_t *first);

/* The archive of consolidation function cf ("AVERAGE", "MIN", "MAX") that
 * rrd_fetch_r reads for [from, to) at the finest resolution: the finest
 * one that covers from, else the one that covers most of the period.
 * Returns its index, or -1 when the file has no archive of cf. */
int vg_rrd_choose(const vg_rrd_t *f, const char *cf, time_t from, time_t to);

/* The step of archive rra, in seconds. */
unsigned long vg_rrd_step(const vg_rrd_t *f, int rra);

/* Reads rows rows of archive rra, every data source, into out (rows x
 * vg_rrd_ds_count values): row k covers (start + k*step, start +
 * (k+1)*step], start a multiple of the archive's step; rows the archive
 * does not hold are NaN, as rrd_fetch_r gives them. Returns 0, or -1 with
 * the reason in err. */
int vg_rrd_read(vg_rrd_t *f, int rra, time_t start, size_t rows, double *out, char *err,
                size_t errlen);

/* From now on, vg_rrd_open first has the rrdcached at addr ("unix:/path"
 * or "host:port") write out what it holds for the file, waiting at most
 * timeout_ms (10 s when 0) for each answer. Returns 0 when the daemon
 * answers, or -1 with the reason in err. A flush that fails or times out
 * makes this and every later vg_rrd_open fail: see vg_rrd_daemon_failed. */
int vg_rrd_use_daemon(const char *addr, int timeout_ms, char *err, size_t errlen);

/* Non-zero, with the reason in err, once a flush through rrdcached failed. */
int vg_rrd_daemon_failed(char *err, size_t errlen);

/* A graph's plot, in pixels, and its colours (the HTML page's legend
 * shows the same ones). */
#define VG_GRAPH_WIDTH 400
#define VG_GRAPH_HEIGHT 80
#define VG_GRAPH_STATE_HEIGHT 36 /* of a series of 0 and 1 (vigil_state) */
#define VG_GRAPH_VALUE_COLOUR "#1f5fa8"
#define VG_GRAPH_UNKNOWN_COLOUR "#e0e0e0"
#define VG_GRAPH_MAINTENANCE_COLOUR "#f6d28b"
#define VG_GRAPH_RULE_COLOUR "#c0392b"
#define VG_GRAPH_GRID_COLOUR "#7a2a9a"
#define VG_STR_(x) #x
#define VG_STR(x) VG_STR_(x)

/* Draws the AVERAGE line of series s over [from, to) as a PNG with no
 * legend (a series of states, 0 and 1, when state is non-zero: drawn from
 * 0 to 1 and VG_GRAPH_STATE_HEIGHT high): unknown time shaded, the spans s excludes (approved
 * maintenance) shaded, and a horizontal line at hrule (none when NaN), in the colours above; the
 * time axis at utc_offset seconds east of UTC, labelled with numbers only (dd/mm, HH:MM). name is
 * used in messages. On success returns 0 and *png (free with free()) holds *len bytes; on error
 * returns -1 with librrd's reason in err. librrd's graphing is not thread-safe, and the zone is set
 * through TZ while it draws: call it from one thread. */
int vg_rrd_graph(const vg_series_t *s, const char *name, time_t from, time_t to, double hrule,
                 int state, int utc_offset, unsigned char **png, size_t *len, char *err,
                 size_t errlen);

#endif

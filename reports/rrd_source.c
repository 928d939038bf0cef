/* rrd_source: find a host's RRD files for a metric selector under collectd's
 * DataDir layout and read them with librrd. The only module that calls
 * librrd. */
#include "vigil_config.h"

#include "rrd_source.h"

#include "timeutil.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
/* rrd_open, rrd_seek and rrd_read, which rrd.h declares only on request */
#define RRD_EXPORT_DEPRECATED
#include <rrd.h>
#include <rrd_client.h>
#include <rrd_format.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Flushing through rrdcached: one helper thread makes the calls, so that a
 * daemon that stops answering costs at most the timeout. Once a call has
 * failed or timed out, every later flush fails with the same reason. */
static struct {
  pthread_mutex_t lock;
  pthread_cond_t cond;
  char addr[1024];
  int timeout_ms;
  int started;
  pid_t owner; /* the process the helper thread runs in */
  int failed;
  char reason[1024];
  const char *request; /* the file to flush, NULL when idle */
  int busy;            /* a request is being served */
  int done;            /* the request was served: result in rc, reason */
  int rc;
} daemon_st = {.lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};

/* The helper thread: connects, then serves flush requests one at a time. */
static void *daemon_main(void *arg)
{
  (void)arg;
  pthread_mutex_lock(&daemon_st.lock);
  for (;;) {
    while (daemon_st.request == NULL)
      pthread_cond_wait(&daemon_st.cond, &daemon_st.lock);
    char *file = strdup(daemon_st.request);
    daemon_st.busy = 1;
    pthread_mutex_unlock(&daemon_st.lock);

    char reason[1024] = "";
    int rc = -1;
    rrd_clear_error();
    if (file == NULL)
      snprintf(reason, sizeof(reason), "out of memory");
    else if (rrdc_connect(daemon_st.addr) != 0 || !rrdc_is_connected(daemon_st.addr))
      snprintf(reason, sizeof(reason), "cannot connect: %s",
               *rrd_get_error() ? rrd_get_error() : "no answer");
    else if (file[0] != '\0' && rrdc_flush(file) != 0)
      snprintf(reason, sizeof(reason), "flushing %s: %s", file,
               *rrd_get_error() ? rrd_get_error() : "no answer");
    else
      rc = 0;
    free(file);

    pthread_mutex_lock(&daemon_st.lock);
    daemon_st.rc = rc;
    snprintf(daemon_st.reason, sizeof(daemon_st.reason), "%s", reason);
    daemon_st.request = NULL;
    daemon_st.busy = 0;
    daemon_st.done = 1;
    pthread_cond_broadcast(&daemon_st.cond);
  }
  return NULL;
}

/* Starts the helper thread in this process: after a fork only the thread
 * that forked lives on, and the connection must not be shared. Returns 0
 * or -1. */
static int ensure_helper(void)
{
  pthread_t tid;

  if (daemon_st.owner == getpid())
    return 0;
  pthread_mutex_init(&daemon_st.lock, NULL);
  pthread_cond_init(&daemon_st.cond, NULL);
  daemon_st.request = NULL;
  daemon_st.busy = 0;
  if (daemon_st.owner != 0)
    rrdc_disconnect(); /* the parent's connection: this process opens its own */
  if (pthread_create(&tid, NULL, daemon_main, NULL) != 0)
    return -1;
  pthread_detach(tid);
  daemon_st.owner = getpid();
  return 0;
}

/* Asks the helper to flush file ("" only connects) and waits for it at
 * most the timeout. Returns 0, or -1 with the reason in err. */
static int daemon_call(const char *file, char *err, size_t errlen)
{
  struct timespec until;
  int rc = -1;

  if (ensure_helper() != 0) {
    snprintf(err, errlen, "rrdcached at %s: cannot start a thread", daemon_st.addr);
    return -1;
  }
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_sec += daemon_st.timeout_ms / 1000;
  until.tv_nsec += (long)(daemon_st.timeout_ms % 1000) * 1000000L;
  if (until.tv_nsec >= 1000000000L) {
    until.tv_sec++;
    until.tv_nsec -= 1000000000L;
  }
  pthread_mutex_lock(&daemon_st.lock);
  while (!daemon_st.failed && (daemon_st.request != NULL || daemon_st.busy))
    if (pthread_cond_timedwait(&daemon_st.cond, &daemon_st.lock, &until) != 0)
      break;
  if (!daemon_st.failed && daemon_st.request == NULL && !daemon_st.busy) {
    daemon_st.request = file;
    daemon_st.done = 0;
    pthread_cond_broadcast(&daemon_st.cond);
    while (!daemon_st.done)
      if (pthread_cond_timedwait(&daemon_st.cond, &daemon_st.lock, &until) != 0)
        break;
    if (!daemon_st.done && !daemon_st.busy && daemon_st.request == file)
      daemon_st.request = NULL; /* never picked up: withdraw it */
    if (daemon_st.done && daemon_st.rc == 0)
      rc = 0;
    else if (daemon_st.done)
      daemon_st.failed = 1;
  }
  if (rc != 0 && !daemon_st.failed) {
    daemon_st.failed = 1;
    snprintf(daemon_st.reason, sizeof(daemon_st.reason), "no answer within %d ms",
             daemon_st.timeout_ms);
  }
  if (rc != 0)
    snprintf(err, errlen, "rrdcached at %s: %s", daemon_st.addr, daemon_st.reason);
  pthread_mutex_unlock(&daemon_st.lock);
  return rc;
}

int vg_rrd_use_daemon(const char *addr, int timeout_ms, char *err, size_t errlen)
{
  snprintf(daemon_st.addr, sizeof(daemon_st.addr), "%s", addr);
  daemon_st.timeout_ms = timeout_ms > 0 ? timeout_ms : 10000;
  daemon_st.failed = 0;
  daemon_st.reason[0] = '\0';
  daemon_st.started = 1;
  return daemon_call("", err, errlen);
}

int vg_rrd_daemon_failed(char *err, size_t errlen)
{
  int failed;

  pthread_mutex_lock(&daemon_st.lock);
  failed = daemon_st.started && daemon_st.failed;
  if (failed)
    snprintf(err, errlen, "rrdcached at %s: %s", daemon_st.addr, daemon_st.reason);
  pthread_mutex_unlock(&daemon_st.lock);
  return failed;
}

/* Splits "name[-instance]" at the first '-' after prefix; returns the
 * instance ("" when none) if name begins with prefix, else NULL. */
static const char *instance_of(const char *name, const char *prefix)
{
  size_t n = strlen(prefix);

  if (n == 0)
    return name; /* any name */
  if (strncmp(name, prefix, n) != 0)
    return NULL;
  if (name[n] == '\0')
    return name + n;
  return name[n] == '-' ? name + n + 1 : NULL;
}

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when it is not one. */
static size_t utf8_len(const unsigned char *s)
{
  size_t n = s[0] < 0x80             ? 1
             : (s[0] & 0xE0) == 0xC0 ? 2
             : (s[0] & 0xF0) == 0xE0 ? 3
             : (s[0] & 0xF8) == 0xF0 ? 4
                                     : 0;

  if (n == 2 && s[0] < 0xC2)
    return 0; /* overlong */
  for (size_t i = 1; i < n; i++)
    if ((s[i] & 0xC0) != 0x80)
      return 0;
  return n;
}

/* Makes a name read from the file system fit to show: control characters
 * and bytes that are not UTF-8 become '?', in place. File names are data
 * written by whoever runs collectd; XML cannot carry them as they are. */
static void make_printable(char *s)
{
  unsigned char *p = (unsigned char *)s;

  while (*p != '\0') {
    size_t n = utf8_len(p);
    if (n == 0 || (n == 1 && (*p < 0x20 || *p == 0x7F))) {
      *p++ = '?';
      continue;
    }
    p += n;
  }
}

static int add_file(vg_rrd_list_t *out, const char *datadir, const char *host, const char *pdir,
                    const char *fname, const char *pinst, const char *tinst, size_t tinst_len)
{
  vg_rrd_file_t *grown = realloc(out->files, (out->n + 1) * sizeof(*grown));
  vg_rrd_file_t *f;
  size_t len;

  if (grown == NULL)
    return -1;
  out->files = grown;
  f = &out->files[out->n];
  memset(f, 0, sizeof(*f));
  len = strlen(host) + strlen(pdir) + strlen(fname) + 3;
  f->rel = malloc(len);
  f->path = malloc(strlen(datadir) + len + 1);
  f->host = strdup(host);
  f->plugin_instance = strdup(pinst);
  f->type_instance = strndup(tinst, tinst_len);
  if (!f->rel || !f->path || !f->host || !f->plugin_instance || !f->type_instance) {
    free(f->rel);
    free(f->path);
    free(f->host);
    free(f->plugin_instance);
    free(f->type_instance);
    return -1;
  }
  snprintf(f->rel, len, "%s/%s/%s", host, pdir, fname);
  snprintf(f->path, strlen(datadir) + len + 1, "%s/%s", datadir, f->rel);
  make_printable(f->rel); /* shown; path keeps the bytes to open */
  make_printable(f->plugin_instance);
  make_printable(f->type_instance);
  out->n++;
  return 0;
}

/* The entries of one folder, sorted, or the reason it cannot be read. */
typedef struct {
  char *name;
  char **entries;
  size_t n;
  int listed;
  char *error;
} dir_list_t;

struct vg_rrd_host {
  char *datadir;
  char *host;
  dir_list_t top;
  dir_list_t *plugins; /* one per entry of top, listed when first needed */
};

static void dir_list_free(dir_list_t *d)
{
  for (size_t i = 0; i < d->n; i++)
    free(d->entries[i]);
  free(d->entries);
  free(d->error);
  free(d->name);
}

/* Lists folder path into d (missing_ok: a folder that does not exist is
 * empty). Returns 0, or -1 out of memory; a folder that cannot be read
 * leaves its reason in d->error. */
static int dir_list(const char *path, int missing_ok, dir_list_t *d)
{
  struct dirent **names = NULL;
  int n = scandir(path, &names, NULL, alphasort);
  char buf[4200];

  d->listed = 1;
  if (n < 0) {
    if (missing_ok && errno == ENOENT)
      return 0;
    snprintf(buf, sizeof(buf), "%s: cannot read directory: %s", path, strerror(errno));
    d->error = strdup(buf);
    return d->error ? 0 : -1;
  }
  d->entries = calloc((size_t)n + 1, sizeof(*d->entries));
  for (int i = 0; i < n; i++) {
    if (d->entries != NULL && (d->entries[d->n] = strdup(names[i]->d_name)) != NULL)
      d->n++;
    free(names[i]);
  }
  free(names);
  return d->entries != NULL && d->n == (size_t)n ? 0 : -1;
}

int vg_rrd_datadir_check(const char *datadir, char *err, size_t errlen)
{
  DIR *d = opendir(datadir);

  if (d == NULL) {
    snprintf(err, errlen, "%s: cannot read the data folder: %s", datadir, strerror(errno));
    return -1;
  }
  closedir(d);
  return 0;
}

vg_rrd_host_t *vg_rrd_host_new(const char *datadir, const char *host)
{
  vg_rrd_host_t *h = calloc(1, sizeof(*h));

  if (h == NULL || (h->datadir = strdup(datadir)) == NULL || (h->host = strdup(host)) == NULL) {
    vg_rrd_host_free(h);
    return NULL;
  }
  return h;
}

void vg_rrd_host_free(vg_rrd_host_t *h)
{
  if (h == NULL)
    return;
  for (size_t i = 0; h->plugins != NULL && i < h->top.n; i++)
    dir_list_free(&h->plugins[i]);
  free(h->plugins);
  dir_list_free(&h->top);
  free(h->datadir);
  free(h->host);
  free(h);
}

/* Adds the files of plugin folder k of h that match the type selector.
 * Returns 0, or -1 with the reason in err. */
static int find_in_plugin(vg_rrd_host_t *h, size_t k, const char *pinst, const vg_selector_t *sel,
                          vg_rrd_list_t *out, char *err, size_t errlen)
{
  dir_list_t *d = &h->plugins[k];
  char path[4096];

  if (!d->listed) {
    snprintf(path, sizeof(path), "%s/%s/%s", h->datadir, h->host, h->top.entries[k]);
    if (dir_list(path, 0, d) != 0) {
      snprintf(err, errlen, "out of memory");
      return -1;
    }
  }
  if (d->error != NULL) {
    snprintf(err, errlen, "%s", d->error);
    return -1;
  }
  for (size_t i = 0; i < d->n; i++) {
    const char *name = d->entries[i];
    size_t len = strlen(name);
    char base[1024];
    const char *tinst;
    if (len <= 4 || strcmp(name + len - 4, ".rrd") != 0)
      continue;
    snprintf(base, sizeof(base), "%.*s", (int)(len - 4), name);
    tinst = instance_of(base, sel->type);
    if (tinst == NULL || fnmatch(sel->type_instance, tinst, 0) != 0)
      continue;
    if (add_file(out, h->datadir, h->host, h->top.entries[k], name, pinst, tinst, strlen(tinst)) !=
        0) {
      snprintf(err, errlen, "out of memory");
      return -1;
    }
  }
  return 0;
}

int vg_rrd_find(vg_rrd_host_t *h, const vg_selector_t *sel, vg_rrd_list_t *out, char *err,
                size_t errlen)
{
  char path[4096];

  if (fnmatch(sel->host, h->host, 0) != 0)
    return 0;
  if (!h->top.listed) {
    snprintf(path, sizeof(path), "%s/%s", h->datadir, h->host);
    if (dir_list(path, 1, &h->top) != 0 ||
        (h->plugins = calloc(h->top.n + 1, sizeof(*h->plugins))) == NULL) {
      snprintf(err, errlen, "out of memory");
      return -1;
    }
  }
  if (h->top.error != NULL) {
    snprintf(err, errlen, "%s", h->top.error);
    return -1;
  }
  for (size_t k = 0; k < h->top.n; k++) {
    const char *pinst = instance_of(h->top.entries[k], sel->plugin);
    if (pinst == NULL || h->top.entries[k][0] == '.' ||
        fnmatch(sel->plugin_instance, pinst, 0) != 0)
      continue;
    if (find_in_plugin(h, k, pinst, sel, out, err, errlen) != 0)
      return -1;
  }
  return 0;
}

int vg_rrd_host_all(const char *datadir, const char *host, vg_rrd_list_t *out)
{
  static const vg_selector_t any = {.host = "*",
                                    .plugin = "",
                                    .plugin_instance = "*",
                                    .type = "",
                                    .type_instance = "*",
                                    .ds = ""};
  vg_rrd_host_t *h = vg_rrd_host_new(datadir, host);
  char err[1024];
  int rc;

  if (h == NULL)
    return -1;
  rc = vg_rrd_find(h, &any, out, err, sizeof(err));
  vg_rrd_host_free(h);
  return rc;
}

void vg_rrd_host_newest(const char *datadir, const char *host, size_t *files, time_t *last)
{
  vg_rrd_list_t list = {NULL, 0};
  char err[1024];

  *files = 0;
  *last = 0;
  vg_rrd_host_all(datadir, host, &list);
  for (size_t i = 0; i < list.n; i++) {
    vg_rrd_t *f = vg_rrd_open(list.files[i].path, err, sizeof(err));
    if (f != NULL && vg_rrd_last_update(f) > *last)
      *last = vg_rrd_last_update(f);
    vg_rrd_close(f);
  }
  *files = list.n;
  vg_rrd_list_free(&list);
}

void vg_rrd_list_free(vg_rrd_list_t *l)
{
  if (l == NULL)
    return;
  for (size_t i = 0; i < l->n; i++) {
    free(l->files[i].path);
    free(l->files[i].rel);
    free(l->files[i].host);
    free(l->files[i].plugin_instance);
    free(l->files[i].type_instance);
  }
  free(l->files);
  l->files = NULL;
  l->n = 0;
}

/* ---- one file, opened once ----
 *
 * librrd's file API (rrd_open, rrd_seek, rrd_read) reads the header once
 * and then any archive of the same open file; rrd_fetch_r would open and
 * parse the file again for every consolidation function. Which archive is
 * read, and which rows, follows rrd_fetch_r exactly (rrdtool 1.7's
 * rrd_fetch_fn); tests/check_rrd_source.c compares the two. */

struct vg_rrd {
  char *path;
  rrd_t rrd;
  rrd_file_t *fh;
};

/* rrd_tool.h's flag for a read-only open; that header is not installed. */
#define VG_RRD_READONLY (1 << 0)

/* The file API is declared deprecated in rrd.h but exported and stable. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

/* Only a regular file inside its host's folder (path is DataDir/host/
 * plugin/file) is read: a FIFO would hold the report up for good, and a
 * device, or a link out of the folder, is not the host's data. Returns 0,
 * or -1 with the reason in err. A file that is not there is left to
 * rrd_open to report. */
static int file_acceptable(const char *path, char *err, size_t errlen)
{
  struct stat st;
  char host[PATH_MAX], real[PATH_MAX], real_host[PATH_MAX];
  const char *kind;

  if (lstat(path, &st) != 0)
    return 0;
  if (S_ISLNK(st.st_mode)) {
    char *slash;
    size_t len;
    snprintf(host, sizeof(host), "%s", path);
    for (int up = 0; up < 2 && (slash = strrchr(host, '/')) != NULL; up++)
      *slash = '\0';
    if (realpath(path, real) == NULL || realpath(host, real_host) == NULL ||
        strncmp(real, real_host, (len = strlen(real_host))) != 0 || real[len] != '/') {
      snprintf(err, errlen, "%s: a symbolic link out of the host's folder: not read", path);
      return -1;
    }
    if (stat(path, &st) != 0)
      return 0;
  }
  if (S_ISREG(st.st_mode))
    return 0;
  kind = S_ISFIFO(st.st_mode)   ? "a FIFO"
         : S_ISDIR(st.st_mode)  ? "a folder"
         : S_ISSOCK(st.st_mode) ? "a socket"
                                : "a device";
  snprintf(err, errlen, "%s: not a regular file (%s): not read", path, kind);
  return -1;
}

static time_t report_time; /* vg_rrd_set_report_time */

void vg_rrd_set_report_time(time_t t)
{
  report_time = t;
}

vg_rrd_t *vg_rrd_open(const char *path, char *err, size_t errlen)
{
  vg_rrd_t *f;

  if (file_acceptable(path, err, errlen) != 0)
    return NULL;
  if (daemon_st.started && daemon_call(path, err, errlen) != 0)
    return NULL;
  f = calloc(1, sizeof(*f));
  if (f == NULL || (f->path = strdup(path)) == NULL) {
    snprintf(err, errlen, "%s: out of memory", path);
    free(f);
    return NULL;
  }
  rrd_clear_error();
  rrd_init(&f->rrd);
  f->fh = rrd_open(path, &f->rrd, VG_RRD_READONLY);
  if (f->fh == NULL) {
    snprintf(err, errlen, "%s: %s", path, rrd_get_error());
    rrd_clear_error();
    rrd_free(&f->rrd);
    free(f->path);
    free(f);
    return NULL;
  }
  if (report_time > 0 && f->rrd.live_head->last_up > report_time + VG_RRD_CLOCK_SLACK) {
    char last[64], now[64];
    vt_format_time(f->rrd.live_head->last_up, 0, last, sizeof(last));
    vt_format_time(report_time, 0, now, sizeof(now));
    snprintf(err, errlen,
             "%s: last updated %s, after this report was made (%s): a clock error, not judged",
             path, last, now);
    vg_rrd_close(f);
    return NULL;
  }
  return f;
}

void vg_rrd_close(vg_rrd_t *f)
{
  if (f == NULL)
    return;
  rrd_close(f->fh);
  rrd_free(&f->rrd);
  free(f->path);
  free(f);
}

size_t vg_rrd_ds_count(const vg_rrd_t *f)
{
  return f->rrd.stat_head->ds_cnt;
}

int vg_rrd_ds_index(const vg_rrd_t *f, const char *ds)
{
  for (size_t i = 0; i < f->rrd.stat_head->ds_cnt; i++)
    if (strncmp(f->rrd.ds_def[i].ds_nam, ds, DS_NAM_SIZE) == 0)
      return (int)i;
  return -1;
}

const char *vg_rrd_ds_name(const vg_rrd_t *f, size_t i)
{
  return i < f->rrd.stat_head->ds_cnt ? f->rrd.ds_def[i].ds_nam : "none";
}

unsigned long vg_rrd_pdp_step(const vg_rrd_t *f)
{
  return f->rrd.stat_head->pdp_step;
}

time_t vg_rrd_last_update(const vg_rrd_t *f)
{
  return f->rrd.live_head->last_up;
}

unsigned long vg_rrd_step(const vg_rrd_t *f, int rra)
{
  return f->rrd.stat_head->pdp_step * f->rrd.rra_def[rra].pdp_cnt;
}

int vg_rrd_finest(const vg_rrd_t *f, time_t *first)
{
  unsigned long best = 0, last = (unsigned long)f->rrd.live_head->last_up;

  /* the first 64 archives, as rrd_info_r's keys were read before */
  for (unsigned long i = 0; i < f->rrd.stat_head->rra_cnt && i < 64; i++) {
    const rra_def_t *r = &f->rrd.rra_def[i];
    unsigned long st = f->rrd.stat_head->pdp_step * r->pdp_cnt;
    if (strcmp(r->cf_nam, "AVERAGE") != 0 || st == 0 || r->row_cnt == 0 ||
        (best != 0 && st >= best))
      continue;
    best = st;
    *first = (time_t)(last - last % st) - (time_t)(st * r->row_cnt) + (time_t)st;
  }
  return best ? 0 : -1;
}

int vg_rrd_choose(const vg_rrd_t *f, const char *cf, time_t from, time_t to)
{
  const rrd_t *rrd = &f->rrd;
  long best_full = -1, best_part = -1, full_diff = 0, part_diff = 0, best_match = 0;

  for (unsigned long i = 0; i < rrd->stat_head->rra_cnt; i++) {
    const rra_def_t *r = &rrd->rra_def[i];
    unsigned long st = rrd->stat_head->pdp_step * r->pdp_cnt;
    time_t cal_end, cal_start;
    long diff, match;

    if (strcmp(r->cf_nam, cf) != 0 || st == 0)
      continue;
    cal_end = rrd->live_head->last_up - (time_t)((unsigned long)rrd->live_head->last_up % st);
    cal_start = cal_end - (time_t)(st * r->row_cnt);
    diff = labs(1L - (long)st); /* the finest step is asked for */
    if (cal_start <= from) {
      if (best_full < 0 || diff < full_diff) {
        best_full = (long)i;
        full_diff = diff;
      }
      continue;
    }
    match = (long)(to - from) - (long)(cal_start - from);
    if (best_part < 0 || best_match < match || (best_match == match && diff < part_diff)) {
      best_part = (long)i;
      best_match = match;
      part_diff = diff;
    }
  }
  return (int)(best_full >= 0 ? best_full : best_part);
}

/* Reads n rows of archive rra from ring position pos into out. */
static int read_run(vg_rrd_t *f, int rra, unsigned long pos, size_t n, double *out)
{
  size_t ds_cnt = f->rrd.stat_head->ds_cnt, width = ds_cnt * sizeof(rrd_value_t);
  off_t base = (off_t)f->fh->header_len;

  for (int i = 0; i < rra; i++)
    base += (off_t)(f->rrd.rra_def[i].row_cnt * width);
  if (rrd_seek(f->fh, base + (off_t)(pos * width), SEEK_SET) != 0 ||
      rrd_read(f->fh, out, n * width) != (ssize_t)(n * width))
    return -1;
  return 0;
}

int vg_rrd_read(vg_rrd_t *f, int rra, time_t start, size_t rows, double *out, char *err,
                size_t errlen)
{
  const rra_def_t *r = &f->rrd.rra_def[rra];
  size_t ds_cnt = f->rrd.stat_head->ds_cnt;
  unsigned long st = vg_rrd_step(f, rra), cur = f->rrd.rra_ptr[rra].cur_row;
  time_t rra_end =
      f->rrd.live_head->last_up - (time_t)((unsigned long)f->rrd.live_head->last_up % st);
  time_t rra_start = rra_end - (time_t)(st * (r->row_cnt - 1));
  long first = (long)((start + (time_t)st - rra_start) / (time_t)st); /* row index of row 0 */
  size_t k = 0;

  while (k < rows) {
    long i = first + (long)k;
    if (i < 0 || i >= (long)r->row_cnt) {
      for (size_t d = 0; d < ds_cnt; d++)
        out[k * ds_cnt + d] = NAN;
      k++;
      continue;
    }
    /* a run of stored rows, up to the end of the ring or of the request */
    unsigned long pos = (cur + 1 + (unsigned long)i) % r->row_cnt;
    size_t n = rows - k;
    if (n > r->row_cnt - (size_t)i)
      n = r->row_cnt - (size_t)i;
    if (n > r->row_cnt - pos)
      n = r->row_cnt - pos;
    rrd_clear_error();
    if (read_run(f, rra, pos, n, out + k * ds_cnt) != 0) {
      snprintf(err, errlen, "%s: cannot read archive %d: %s", f->path, rra,
               *rrd_get_error() ? rrd_get_error() : "short read");
      rrd_clear_error();
      return -1;
    }
    k += n;
  }
  return 0;
}

#pragma GCC diagnostic pop

/* ---- graphs from memory ----
 *
 * rrd_graph_v reads a DEF named "cb//..." through the fetch callback
 * registered with rrd_fetch_cb_register (rrdtool >= 1.5; declared in
 * rrd_tool.h, which is not installed): the graph shows exactly the series
 * that was judged, and the file is not opened again. */

typedef int (*vg_fetch_cb_t)(const char *filename, enum cf_en cf_idx, time_t *start, time_t *end,
                             unsigned long *step, unsigned long *ds_cnt, char ***ds_namv,
                             rrd_value_t **data);
int rrd_fetch_cb_register(vg_fetch_cb_t cb);

static const vg_series_t *graph_series; /* the series being drawn */

static int graph_fetch(const char *filename, enum cf_en cf_idx, time_t *start, time_t *end,
                       unsigned long *step, unsigned long *ds_cnt, char ***ds_namv,
                       rrd_value_t **data)
{
  const vg_series_t *s = graph_series;

  (void)filename;
  (void)cf_idx;
  if (s == NULL || s->rows == 0) {
    rrd_set_error("no series to draw");
    return -1;
  }
  /* "v", the series; "m", 1 in a row that meets an excluded span */
  *ds_cnt = s->n_exclude > 0 ? 2 : 1;
  *ds_namv = calloc(*ds_cnt, sizeof(char *));
  *data = malloc(s->rows * *ds_cnt * sizeof(rrd_value_t));
  if (*ds_namv == NULL || *data == NULL || ((*ds_namv)[0] = strdup("v")) == NULL ||
      (*ds_cnt == 2 && ((*ds_namv)[1] = strdup("m")) == NULL)) {
    if (*ds_namv != NULL)
      free((*ds_namv)[0]);
    free(*ds_namv);
    free(*data);
    rrd_set_error("out of memory");
    return -1;
  }
  for (size_t i = 0; i < s->rows; i++) {
    time_t r0 = s->start + (time_t)(i * s->step), r1 = r0 + (time_t)s->step;
    (*data)[i * *ds_cnt] = s->avg[i];
    if (*ds_cnt == 2) {
      double m = 0;
      for (size_t k = 0; k < s->n_exclude && m == 0; k++)
        m = s->exclude[k].from < r1 && s->exclude[k].to > r0;
      (*data)[i * 2 + 1] = m;
    }
  }
  *start = s->start;
  *end = s->start + (time_t)(s->rows * s->step);
  *step = s->step;
  return 0;
}

/* The time axis' grid and labels for a graph of span seconds (rrdtool's
 * --x-grid), numbers only so that no day or month name shows. */
static const char *x_grid(time_t span)
{
  if (span <= 3 * 3600)
    return "MINUTE:10:MINUTE:30:MINUTE:30:0:%H:%M";
  if (span <= 14 * 3600)
    return "MINUTE:30:HOUR:2:HOUR:2:0:%H:%M";
  if (span <= 2 * 86400)
    return "HOUR:1:HOUR:6:HOUR:6:0:%d/%m %Hh";
  if (span <= 10 * 86400)
    return "HOUR:6:DAY:1:DAY:1:0:%d/%m";
  return "DAY:1:WEEK:1:WEEK:1:0:%d/%m";
}

/* Sets TZ to a fixed offset (POSIX reverses the sign); restores it. */
static char *set_zone(int offset)
{
  const char *old = getenv("TZ");
  char *saved = old != NULL ? strdup(old) : NULL;
  char tz[32];
  int a = offset < 0 ? -offset : offset;

  snprintf(tz, sizeof(tz), "<%c%02d%02d>%c%02d:%02d", offset < 0 ? '-' : '+', a / 3600,
           a % 3600 / 60, offset < 0 ? '+' : '-', a / 3600, a % 3600 / 60);
  setenv("TZ", tz, 1);
  tzset();
  return saved;
}

static void restore_zone(char *saved)
{
  if (saved != NULL)
    setenv("TZ", saved, 1);
  else
    unsetenv("TZ");
  free(saved);
  tzset();
}

int vg_rrd_graph(const vg_series_t *s, const char *name, time_t from, time_t to, double hrule,
                 int state, int utc_offset, unsigned char **png, size_t *len, char *err,
                 size_t errlen)
{
  char start[32], end[32], rule[160], grid[64], tall[32];
  const char *argv[32];
  int argc = 0;
  rrd_info_t *info, *p;
  char *zone;

  *png = NULL;
  *len = 0;
  snprintf(start, sizeof(start), "%lld", (long long)from);
  snprintf(end, sizeof(end), "%lld", (long long)to);
  snprintf(grid, sizeof(grid), "%s", x_grid(to - from));
  argv[argc++] = "graph";
  argv[argc++] = "-";
  argv[argc++] = "--start";
  argv[argc++] = start;
  argv[argc++] = "--end";
  argv[argc++] = end;
  argv[argc++] = "--width=" VG_STR(VG_GRAPH_WIDTH);
  snprintf(tall, sizeof(tall), "--height=%d", state ? VG_GRAPH_STATE_HEIGHT : VG_GRAPH_HEIGHT);
  argv[argc++] = tall;
  if (state) {
    argv[argc++] = "--lower-limit=0";
    argv[argc++] = "--upper-limit=1";
    argv[argc++] = "--rigid";
    argv[argc++] = "--y-grid=1:1";
  }
  argv[argc++] = "--imgformat=PNG";
  argv[argc++] = "--disable-rrdtool-tag";
  argv[argc++] = "--no-legend"; /* the page says what the colours are, in its language */
  argv[argc++] = "--border=0";
  argv[argc++] = "--x-grid";
  argv[argc++] = grid;
  argv[argc++] = "--color=MGRID" VG_GRAPH_GRID_COLOUR;
  argv[argc++] = "--grid-dash=1:0";
  argv[argc++] = "DEF:v=cb//series:v:AVERAGE";
  argv[argc++] = "CDEF:unknown=v,UN,INF,UNKN,IF";
  if (s->n_exclude > 0) {
    argv[argc++] = "DEF:m=cb//series:m:AVERAGE";
    argv[argc++] = "CDEF:maint=m,0,GT,INF,UNKN,IF";
    argv[argc++] = "AREA:maint" VG_GRAPH_MAINTENANCE_COLOUR;
  }
  argv[argc++] = "AREA:unknown" VG_GRAPH_UNKNOWN_COLOUR;
  argv[argc++] = "LINE1.5:v" VG_GRAPH_VALUE_COLOUR;
  if (!isnan(hrule)) {
    snprintf(rule, sizeof(rule), "HRULE:%.10g" VG_GRAPH_RULE_COLOUR, hrule);
    argv[argc++] = rule;
  }
  zone = set_zone(utc_offset);
  graph_series = s;
  rrd_fetch_cb_register(graph_fetch);
  rrd_clear_error();
  info = rrd_graph_v(argc, (char **)argv);
  graph_series = NULL;
  restore_zone(zone);
  if (info == NULL) {
    snprintf(err, errlen, "%s: cannot draw: %s", name, rrd_get_error());
    rrd_clear_error();
    return -1;
  }
  for (p = info; p != NULL; p = p->next) {
    if (strcmp(p->key, "image") == 0 && p->type == RD_I_BLO && p->value.u_blo.size > 0) {
      *png = malloc(p->value.u_blo.size);
      if (*png != NULL) {
        memcpy(*png, p->value.u_blo.ptr, p->value.u_blo.size);
        *len = p->value.u_blo.size;
      }
    }
  }
  rrd_info_free(info);
  if (*png == NULL) {
    snprintf(err, errlen, "%s: librrd drew no image", name);
    return -1;
  }
  return 0;
}

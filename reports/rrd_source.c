/* rrd_source: find a host's RRD files for a metric selector under collectd's
 * DataDir layout and read them with librrd. The only module that calls
 * librrd. */
#include "vigil_config.h"

#include "rrd_source.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <math.h>
#include <pthread.h>
#include <rrd.h>
#include <rrd_client.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* Adds the files of one plugin directory that match the type selector. */
static int scan_plugin_dir(const char *datadir, const char *host, const char *pdir,
                           const char *pinst, const vg_selector_t *sel, vg_rrd_list_t *out,
                           char *err, size_t errlen)
{
  char path[4096];
  struct dirent **names = NULL;
  int n, rc = 0;

  snprintf(path, sizeof(path), "%s/%s/%s", datadir, host, pdir);
  n = scandir(path, &names, NULL, alphasort);
  if (n < 0) {
    snprintf(err, errlen, "%s: cannot read directory: %s", path, strerror(errno));
    return -1;
  }
  for (int i = 0; i < n; i++) {
    const char *name = names[i]->d_name;
    size_t len = strlen(name);
    if (rc == 0 && len > 4 && strcmp(name + len - 4, ".rrd") == 0) {
      char base[1024];
      snprintf(base, sizeof(base), "%.*s", (int)(len - 4), name);
      const char *tinst = instance_of(base, sel->type);
      if (tinst != NULL && fnmatch(sel->type_instance, tinst, 0) == 0)
        rc = add_file(out, datadir, host, pdir, name, pinst, tinst, strlen(tinst));
    }
    free(names[i]);
  }
  free(names);
  if (rc != 0)
    snprintf(err, errlen, "out of memory");
  return rc;
}

int vg_rrd_find(const char *datadir, const char *host, const vg_selector_t *sel, vg_rrd_list_t *out,
                char *err, size_t errlen)
{
  char path[4096];
  struct dirent **names = NULL;
  int n, rc = 0;

  if (fnmatch(sel->host, host, 0) != 0)
    return 0;
  snprintf(path, sizeof(path), "%s/%s", datadir, host);
  n = scandir(path, &names, NULL, alphasort);
  if (n < 0) {
    if (errno == ENOENT)
      return 0;
    snprintf(err, errlen, "%s: cannot read directory: %s", path, strerror(errno));
    return -1;
  }
  for (int i = 0; i < n; i++) {
    const char *pinst = instance_of(names[i]->d_name, sel->plugin);
    if (rc == 0 && pinst != NULL && names[i]->d_name[0] != '.' &&
        fnmatch(sel->plugin_instance, pinst, 0) == 0)
      rc = scan_plugin_dir(datadir, host, names[i]->d_name, pinst, sel, out, err, errlen);
    free(names[i]);
  }
  free(names);
  return rc;
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

/* One rrd_fetch_r call for one CF; copies the column of ds. On success
 * *col is malloc'd with *rows values. */
static int fetch_cf(const char *path, const char *cf, const char *ds, time_t from, time_t to,
                    time_t *start, unsigned long *step, size_t *rows, double **col, char *err,
                    size_t errlen)
{
  time_t s = from, e = to;
  unsigned long st = 1, ds_cnt = 0;
  char **ds_names = NULL;
  rrd_value_t *data = NULL;
  int idx = -1, rc = -1;

  rrd_clear_error();
  if (rrd_fetch_r(path, cf, &s, &e, &st, &ds_cnt, &ds_names, &data) != 0) {
    snprintf(err, errlen, "%s: %s", path, rrd_get_error());
    rrd_clear_error();
    return -1;
  }
  for (unsigned long i = 0; i < ds_cnt; i++) {
    if (idx < 0 && strcmp(ds_names[i], ds) == 0)
      idx = (int)i;
  }
  if (idx < 0) {
    snprintf(err, errlen, "%s: has no data source '%s' (it has '%s')", path, ds,
             ds_cnt > 0 ? ds_names[0] : "none");
    goto out;
  }
  *rows = st > 0 ? (size_t)((e - s) / (time_t)st) : 0;
  *col = malloc((*rows ? *rows : 1) * sizeof(double));
  if (*col == NULL) {
    snprintf(err, errlen, "%s: out of memory", path);
    goto out;
  }
  for (size_t r = 0; r < *rows; r++)
    (*col)[r] = data[r * ds_cnt + (size_t)idx];
  *start = s;
  *step = st;
  rc = 0;
out:
  for (unsigned long i = 0; i < ds_cnt; i++)
    rrd_freemem(ds_names[i]);
  rrd_freemem(ds_names);
  rrd_freemem(data);
  return rc;
}

/* Finds the AVERAGE RRA with the shortest step and the first instant it
 * covers. Returns 0, or -1 when the file cannot be described. */
static int finest_rra(const char *path, time_t *first, unsigned long *fstep,
                      unsigned long *base_step)
{
  unsigned long step = 0, last = 0, best = 0;
  unsigned long pdp[64] = {0}, rows[64] = {0};
  int is_avg[64] = {0};
  rrd_info_t *info, *p;
  int idx, n;
  char field[32];

  rrd_clear_error();
  info = rrd_info_r(path);
  if (info == NULL) {
    rrd_clear_error();
    return -1;
  }
  for (p = info; p != NULL; p = p->next) {
    if (strcmp(p->key, "step") == 0)
      step = p->value.u_cnt;
    else if (strcmp(p->key, "last_update") == 0)
      last = p->value.u_cnt;
    else if (sscanf(p->key, "rra[%d].%31[a-z_]%n", &idx, field, &n) == 2 && p->key[n] == '\0' &&
             idx >= 0 && idx < 64) {
      if (strcmp(field, "cf") == 0)
        is_avg[idx] = p->type == RD_I_STR && strcmp(p->value.u_str, "AVERAGE") == 0;
      else if (strcmp(field, "rows") == 0)
        rows[idx] = p->value.u_cnt;
      else if (strcmp(field, "pdp_per_row") == 0)
        pdp[idx] = p->value.u_cnt;
    }
  }
  rrd_info_free(info);
  *base_step = step;
  for (int i = 0; i < 64; i++) {
    unsigned long st = step * pdp[i];
    if (!is_avg[i] || st == 0 || rows[i] == 0 || (best != 0 && st >= best))
      continue;
    best = st;
    *first = (time_t)(last - last % st) - (time_t)(st * rows[i]) + (time_t)st;
  }
  *fstep = best;
  return best ? 0 : -1;
}

/* True when [from, until) holds no known AVERAGE value in any RRA. */
static int nothing_before(const char *path, const char *ds, time_t from, time_t until)
{
  time_t s;
  unsigned long st;
  size_t rows;
  double *col = NULL;
  char ignored[256];
  int empty = 1;

  if (fetch_cf(path, "AVERAGE", ds, from, until, &s, &st, &rows, &col, ignored, sizeof(ignored)) !=
      0)
    return 0;
  for (size_t i = 0; i < rows && empty; i++)
    empty = isnan(col[i]);
  free(col);
  return empty;
}

int vg_rrd_fetch(const char *path, const char *ds, time_t from, time_t to, vg_fetch_t *f, char *err,
                 size_t errlen)
{
  time_t start, s2, first;
  unsigned long step, st2, fstep, base_step = 0;
  size_t rows, r2;
  double *col;
  char ignored[256];

  memset(f, 0, sizeof(*f));
  if (daemon_st.started && daemon_call(path, err, errlen) != 0)
    return -1;
  /* librrd reads the RRA that covers the start of the request. When the
   * period begins before the finest RRA's span but the file holds nothing
   * there (it is younger than that), the finest RRA alone says everything:
   * read it, and the time before it counts as unknown. */
  if (finest_rra(path, &first, &fstep, &base_step) == 0 && from < first && first < to &&
      nothing_before(path, ds, from, first))
    from = first;
  if (fetch_cf(path, "AVERAGE", ds, from, to, &start, &step, &rows, &f->avg, err, errlen) != 0)
    return -1;
  f->s.start = start;
  f->s.step = step;
  f->s.rows = rows;
  f->s.avg = f->avg;
  /* Rows of one primary data point each: MIN and MAX are the average. */
  if (step == base_step)
    return 0;
  /* MIN and MAX are used only when they describe the very same rows. */
  if (fetch_cf(path, "MIN", ds, from, to, &s2, &st2, &r2, &col, ignored, sizeof(ignored)) == 0) {
    if (s2 == start && st2 == step && r2 == rows)
      f->min = col;
    else
      free(col);
  }
  if (fetch_cf(path, "MAX", ds, from, to, &s2, &st2, &r2, &col, ignored, sizeof(ignored)) == 0) {
    if (s2 == start && st2 == step && r2 == rows)
      f->max = col;
    else
      free(col);
  }
  f->s.min = f->min;
  f->s.max = f->max;
  return 0;
}

void vg_fetch_free(vg_fetch_t *f)
{
  if (f == NULL)
    return;
  free(f->avg);
  free(f->min);
  free(f->max);
  memset(f, 0, sizeof(*f));
}

/* Copies s into buf with ':' escaped as librrd's DEF syntax needs. */
static void escape_colons(const char *s, char *buf, size_t len)
{
  size_t n = 0;

  for (; *s && n + 2 < len; s++) {
    if (*s == ':' || *s == '\\')
      buf[n++] = '\\';
    buf[n++] = *s;
  }
  buf[n] = '\0';
}

int vg_rrd_graph(const char *path, const char *ds, time_t from, time_t to, double hrule,
                 const char *hrule_label, unsigned char **png, size_t *len, char *err,
                 size_t errlen)
{
  char start[32], end[32], def[4200], epath[4096], rule[160];
  const char *argv[20];
  int argc = 0;
  rrd_info_t *info, *p;

  *png = NULL;
  *len = 0;
  escape_colons(path, epath, sizeof(epath));
  snprintf(start, sizeof(start), "%lld", (long long)from);
  snprintf(end, sizeof(end), "%lld", (long long)to);
  snprintf(def, sizeof(def), "DEF:v=%s:%s:AVERAGE", epath, ds);
  argv[argc++] = "graph";
  argv[argc++] = "-";
  argv[argc++] = "--start";
  argv[argc++] = start;
  argv[argc++] = "--end";
  argv[argc++] = end;
  argv[argc++] = "--width=560";
  argv[argc++] = "--height=110";
  argv[argc++] = "--imgformat=PNG";
  argv[argc++] = "--disable-rrdtool-tag";
  argv[argc++] = def;
  argv[argc++] = "CDEF:unknown=v,UN,INF,UNKN,IF";
  argv[argc++] = "AREA:unknown#e0e0e0:no data";
  argv[argc++] = "LINE1.5:v#1f5fa8:value";
  if (!isnan(hrule)) {
    snprintf(rule, sizeof(rule), "HRULE:%.10g#c0392b:%s", hrule, hrule_label);
    argv[argc++] = rule;
  }
  rrd_clear_error();
  info = rrd_graph_v(argc, (char **)argv);
  if (info == NULL) {
    snprintf(err, errlen, "%s: cannot draw: %s", path, rrd_get_error());
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
    snprintf(err, errlen, "%s: librrd drew no image", path);
    return -1;
  }
  return 0;
}

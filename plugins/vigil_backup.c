/* vigil_backup: age, size and count of the newest backup file per configured
 * location (directive item "back up before the holiday").
 *
 * <Plugin vigil_backup>
 *   <Location "db">
 *     Path "/var/backups/postgres"  # required; the folder to search
 *     Pattern "*.sql.gz"            # glob on the file name; several allowed;
 *                                   # default: every file not named ".*"
 *     Recursive true                # descend into sub-folders (default false)
 *     MinSize 1024                  # smaller files are not backups (bytes)
 *     MaxFiles 100000               # entries examined per scan at most
 *     Timeout 30                    # seconds one scan may take at most
 *     Interval 60                   # read interval of this location
 *   </Location>
 * </Plugin>
 *
 * Dispatches vigil_backup/<location>/files-matching always, and
 * duration-newest_age and bytes-newest_size when a backup exists. Scans run
 * on a worker thread; the read callback only dispatches the last finished
 * scan (ages computed at dispatch time) and asks for the next one. Symbolic links are never
 * followed (the Path itself may be one). A scan that exceeds MaxFiles or Timeout is abandoned and
 * nothing is dispatched for it: a partial count would be false evidence.
 */
#include "collectd/core/daemon/collectd.h"

#include "collectd/core/daemon/plugin.h"
#include "collectd/core/daemon/utils_complain.h"
#include "collectd/core/utils/common/common.h"

#include "common/vg_deadline.h"
#include "common/vg_plugin.h"
#include "dynbuf.h"

#include <dirent.h>
#include <fnmatch.h>
#include <pthread.h>
#include <time.h>

#define BK_MAX_DEPTH 32
#define BK_MAX_PATTERNS 256

/* What one scan found. */
typedef struct {
  int complete;           /* 0 when the scan was cut short */
  char why[256];          /* why it was cut short */
  uint64_t matching;      /* files that count as backups */
  struct timespec newest; /* mtime of the newest one */
  uint64_t newest_size;
  uint64_t unreadable; /* folders that could not be read */
  char unreadable_path[256];
} bk_result_t;

typedef struct {
  vg_block_t base; /* first */
  char *path;
  vg_dynbuf_t patterns; /* char *, one per Pattern option, at most BK_MAX_PATTERNS */
  bool recursive;
  uint64_t min_size;
  uint64_t max_files;
  double timeout;

  c_complain_t incomplete_complaint;
  c_complain_t unreadable_complaint;
} bk_location_t;

/* Scan state: the budget and the running result. */
typedef struct {
  const bk_location_t *loc;
  vg_worker_t *worker;
  vg_deadline_t deadline;
  uint64_t examined;
  bk_result_t *res;
} bk_scan_t;

static const vg_block_kind_t bk_kind;

/* The location's patterns and their number. */
static char **bk_patterns(const bk_location_t *loc, size_t *n)
{
  *n = loc->patterns.len / sizeof(char *);
  return (char **)loc->patterns.p;
}

static void bk_location_free(vg_block_t *b)
{
  bk_location_t *loc = (bk_location_t *)b;

  if (loc == NULL)
    return;
  vg_block_end(&loc->base);
  size_t n;
  char **patterns = bk_patterns(loc, &n);
  for (size_t i = 0; i < n; i++)
    sfree(patterns[i]);
  vg_dynbuf_free(&loc->patterns);
  sfree(loc->path);
  sfree(loc);
}

static int bk_config_add_pattern(bk_location_t *loc, oconfig_item_t *ci)
{
  vg_cf_t cx = vg_cf_of(&loc->base);
  char *pattern = NULL;

  if (vg_cf_string(&cx, ci, &pattern) != 0)
    return -1;
  int rc = vg_dynbuf_add(&loc->patterns, &pattern, sizeof(pattern));
  if (rc == 0)
    return 0;
  if (rc == VG_DYNBUF_FULL)
    ERROR("vigil_backup plugin: Location \"%s\": at most %d `Pattern' options are allowed.",
          loc->base.name, BK_MAX_PATTERNS);
  sfree(pattern);
  return -1;
}

static int bk_config_option(bk_location_t *loc, oconfig_item_t *ci)
{
  vg_cf_t cx = vg_cf_of(&loc->base);

  if (strcasecmp("Path", ci->key) == 0)
    return vg_cf_string(&cx, ci, &loc->path);
  if (strcasecmp("Pattern", ci->key) == 0)
    return bk_config_add_pattern(loc, ci);
  if (strcasecmp("Recursive", ci->key) == 0)
    return vg_cf_bool(&cx, ci, &loc->recursive);
  if (strcasecmp("MinSize", ci->key) == 0)
    return vg_cf_count(&cx, ci, 0, UINT64_C(1) << 53, &loc->min_size);
  if (strcasecmp("MaxFiles", ci->key) == 0)
    return vg_cf_count(&cx, ci, 1, UINT64_C(1) << 32, &loc->max_files);
  if (strcasecmp("Timeout", ci->key) == 0)
    return vg_cf_seconds(&cx, ci, 86400, &loc->timeout);
  if (strcasecmp("Interval", ci->key) == 0)
    return vg_cf_interval(&cx, ci, &loc->base.interval);
  ERROR("vigil_backup plugin: Location \"%s\": Unknown option `%s'.", loc->base.name, ci->key);
  return -1;
}

/* Checks a parsed location; returns 0 when it can be used. */
static int bk_config_validate(const bk_location_t *loc)
{
  if (loc->path == NULL || loc->path[0] == '\0') {
    ERROR("vigil_backup plugin: Location \"%s\": The `Path' option is required.", loc->base.name);
    return -1;
  }
  if (loc->path[0] != '/') {
    ERROR("vigil_backup plugin: Location \"%s\": `Path' must be absolute, not \"%s\".",
          loc->base.name, loc->path);
    return -1;
  }
  return 0;
}

/* Parses one <Location> block. On success *ret owns a new location. */
static int bk_parse(oconfig_item_t *ci, vg_block_t **ret)
{
  bk_location_t *loc = calloc(1, sizeof(*loc));

  if (loc == NULL)
    return -1;
  if (vg_block_begin(&loc->base, &bk_kind, ci) != 0)
    goto fail;
  vg_dynbuf_init(&loc->patterns, BK_MAX_PATTERNS * sizeof(char *));
  loc->max_files = 1000000;
  loc->timeout = 30.0;
  C_COMPLAIN_INIT(&loc->incomplete_complaint);
  C_COMPLAIN_INIT(&loc->unreadable_complaint);
  for (int i = 0; i < ci->children_num; i++)
    if (bk_config_option(loc, ci->children + i) != 0)
      goto fail;
  if (bk_config_validate(loc) != 0)
    goto fail;
  *ret = &loc->base;
  return 0;
fail:
  bk_location_free(&loc->base);
  return -1;
}

static int bk_matches(const bk_location_t *loc, const char *name)
{
  size_t n;
  char **patterns = bk_patterns(loc, &n);

  if (n == 0)
    return name[0] != '.';
  for (size_t i = 0; i < n; i++)
    if (fnmatch(patterns[i], name, FNM_PERIOD) == 0)
      return 1;
  return 0;
}

static int bk_over_budget(bk_scan_t *sc)
{
  if (sc->worker != NULL && vg_worker_stopping(sc->worker)) {
    sstrncpy(sc->res->why, "collectd is shutting down", sizeof(sc->res->why));
    return 1;
  }
  if (++sc->examined > sc->loc->max_files) {
    snprintf(sc->res->why, sizeof(sc->res->why), "more than MaxFiles (%" PRIu64 ") entries",
             sc->loc->max_files);
    return 1;
  }
  if (vg_deadline_passed(&sc->deadline)) {
    snprintf(sc->res->why, sizeof(sc->res->why), "the scan took longer than Timeout (%g s)",
             sc->loc->timeout);
    return 1;
  }
  return 0;
}

static void bk_note_unreadable(bk_scan_t *sc, const char *path)
{
  if (sc->res->unreadable++ == 0)
    snprintf(sc->res->unreadable_path, sizeof(sc->res->unreadable_path), "%s: %s", path, STRERRNO);
}

static void bk_consider_file(bk_scan_t *sc, const struct stat *st)
{
  bk_result_t *r = sc->res;

  if ((uint64_t)st->st_size < sc->loc->min_size)
    return;
  r->matching++;
  if (r->matching == 1 || st->st_mtim.tv_sec > r->newest.tv_sec ||
      (st->st_mtim.tv_sec == r->newest.tv_sec && st->st_mtim.tv_nsec > r->newest.tv_nsec)) {
    r->newest = st->st_mtim;
    r->newest_size = (uint64_t)st->st_size;
  }
}

/* Scans the open folder dfd (which it closes); path is for messages.
 * Returns -1 when the budget ran out. */
static int bk_scan_dir(bk_scan_t *sc, int dfd, const char *path, int depth)
{
  DIR *dir = fdopendir(dfd);
  struct dirent *de;
  int rc = 0;

  if (dir == NULL) {
    bk_note_unreadable(sc, path);
    close(dfd);
    return 0;
  }
  while (rc == 0 && (de = readdir(dir)) != NULL) {
    struct stat st;
    char sub[PATH_MAX];
    if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
      continue;
    if (bk_over_budget(sc)) {
      rc = -1;
      break;
    }
    if (fstatat(dirfd(dir), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
      continue; /* removed meanwhile */
    if (S_ISREG(st.st_mode) && bk_matches(sc->loc, de->d_name)) {
      bk_consider_file(sc, &st);
    } else if (S_ISDIR(st.st_mode) && sc->loc->recursive && depth < BK_MAX_DEPTH) {
      snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
      int fd = openat(dirfd(dir), de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (fd < 0)
        bk_note_unreadable(sc, sub);
      else
        rc = bk_scan_dir(sc, fd, sub, depth + 1);
    }
  }
  closedir(dir);
  return rc;
}

/* Scans loc into *res. worker may be NULL (no stop requests). */
static void bk_scan(const bk_location_t *loc, vg_worker_t *worker, bk_result_t *res)
{
  bk_scan_t sc = {.loc = loc, .worker = worker, .res = res};
  int fd;

  memset(res, 0, sizeof(*res));
  vg_deadline_set(&sc.deadline, loc->timeout);
  fd = open(loc->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    snprintf(res->why, sizeof(res->why), "cannot open %s: %s", loc->path, STRERRNO);
    return;
  }
  res->complete = bk_scan_dir(&sc, fd, loc->path, 0) == 0;
}

static void bk_job(vg_worker_t *w, void *instance, void *result)
{
  bk_scan(instance, w, result);
}

static void bk_submit(const bk_location_t *loc, const char *type, const char *type_instance,
                      gauge_t value)
{
  vg_submit("vigil_backup", loc->base.name, type, type_instance, value);
}

/* Logs the problems of a scan once, and their end once. */
static void bk_report_problems(bk_location_t *loc, const bk_result_t *res)
{
  if (!res->complete)
    c_complain(LOG_WARNING, &loc->incomplete_complaint,
               "vigil_backup plugin: Location \"%s\": scan of %s not complete, nothing "
               "dispatched: %s.",
               loc->base.name, loc->path, res->why);
  else
    c_release(LOG_INFO, &loc->incomplete_complaint,
              "vigil_backup plugin: Location \"%s\": scans complete again.", loc->base.name);
  if (res->unreadable > 0)
    c_complain(LOG_WARNING, &loc->unreadable_complaint,
               "vigil_backup plugin: Location \"%s\": %" PRIu64 " folder(s) could not be "
               "read and were skipped, e.g. %s.",
               loc->base.name, res->unreadable, res->unreadable_path);
  else
    c_release(LOG_INFO, &loc->unreadable_complaint,
              "vigil_backup plugin: Location \"%s\": every folder is readable again.",
              loc->base.name);
}

/* True when the last scan finished so long ago that the worker must be
 * stuck: its figures are then no longer dispatched. */
static bool bk_is_stale(const bk_location_t *loc, const struct timespec *finished)
{
  double limit = loc->timeout + 2.0 * CDTIME_T_TO_DOUBLE(plugin_get_interval());

  return vg_elapsed_since(finished) > limit;
}

/* Dispatches the last finished scan (ages are computed now) and asks the
 * worker for the next one; never waits for a scan. */
static int bk_read(user_data_t *ud)
{
  bk_location_t *loc = ud->data;
  bk_result_t res;
  struct timespec finished, now;

  if (!vg_block_latest(&loc->base, &res, &finished))
    return 0; /* the first scan is still running */
  if (bk_is_stale(loc, &finished)) {
    res.complete = 0;
    sstrncpy(res.why, "no scan has finished recently", sizeof(res.why));
  }
  bk_report_problems(loc, &res);
  if (!res.complete)
    return 0;
  bk_submit(loc, "files", "matching", (gauge_t)res.matching);
  if (res.matching == 0)
    return 0;
  clock_gettime(CLOCK_REALTIME, &now);
  double age =
      (double)(now.tv_sec - res.newest.tv_sec) + (double)(now.tv_nsec - res.newest.tv_nsec) / 1e9;
  bk_submit(loc, "duration", "newest_age", age > 0 ? age : 0);
  bk_submit(loc, "bytes", "newest_size", (gauge_t)res.newest_size);
  return 0;
}

static const vg_block_kind_t bk_kind = {
    .plugin = "vigil_backup",
    .block = "Location",
    .parse = bk_parse,
    .free_fn = bk_location_free,
    .read = bk_read,
    .job = bk_job,
    .result_size = sizeof(bk_result_t),
};

static int bk_config(oconfig_item_t *ci)
{
  return vg_config_blocks(ci, &bk_kind);
}

void module_register(void)
{
  plugin_register_complex_config("vigil_backup", bk_config);
  plugin_register_init("vigil_backup", vg_blocks_init);
}

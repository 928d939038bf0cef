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

#include "common/vg_plugin.h"

#include <dirent.h>
#include <fnmatch.h>
#include <pthread.h>
#include <time.h>

#define BK_MAX_DEPTH 32

/* What one scan found. */
typedef struct {
  int complete;           /* 0 when the scan was cut short */
  char why[256];          /* why it was cut short */
  uint64_t matching;      /* files that count as backups */
  struct timespec newest; /* mtime of the newest one */
  uint64_t newest_size;
  uint64_t unreadable; /* folders that could not be read */
  char unreadable_path[256];
  struct timespec finished; /* CLOCK_MONOTONIC */
} bk_result_t;

typedef struct {
  char *name;
  char *path;
  char **patterns;
  size_t patterns_num;
  bool recursive;
  uint64_t min_size;
  uint64_t max_files;
  double timeout;
  cdtime_t interval;

  vg_worker_t *worker;
  pthread_mutex_t lock;
  bk_result_t last; /* last finished scan, under lock */
  bool have_last;
  c_complain_t incomplete_complaint;
  c_complain_t unreadable_complaint;
} bk_location_t;

/* Scan state: the budget and the running result. */
typedef struct {
  const bk_location_t *loc;
  vg_worker_t *worker;
  struct timespec deadline;
  uint64_t examined;
  bk_result_t *res;
} bk_scan_t;

static void bk_location_free(void *arg)
{
  bk_location_t *loc = arg;

  if (loc == NULL)
    return;
  vg_worker_stop(loc->worker);
  pthread_mutex_destroy(&loc->lock);
  for (size_t i = 0; i < loc->patterns_num; i++)
    sfree(loc->patterns[i]);
  sfree(loc->patterns);
  sfree(loc->name);
  sfree(loc->path);
  sfree(loc);
}

static int bk_config_add_pattern(bk_location_t *loc, oconfig_item_t *ci)
{
  char *pattern = NULL;
  char **tmp;

  if (cf_util_get_string(ci, &pattern) != 0) {
    ERROR("vigil_backup plugin: Location \"%s\": The `Pattern' option needs exactly one "
          "string argument.",
          loc->name);
    return -1;
  }
  tmp = realloc(loc->patterns, (loc->patterns_num + 1) * sizeof(*tmp));
  if (tmp == NULL) {
    sfree(pattern);
    return -1;
  }
  loc->patterns = tmp;
  loc->patterns[loc->patterns_num++] = pattern;
  return 0;
}

/* Reads a non-negative number option into *out. */
static int bk_config_get_size(const bk_location_t *loc, oconfig_item_t *ci, uint64_t *out)
{
  double d;

  if (cf_util_get_double(ci, &d) != 0 || d < 0 || d > 1e18) {
    ERROR("vigil_backup plugin: Location \"%s\": The `%s' option needs exactly one "
          "non-negative number.",
          loc->name, ci->key);
    return -1;
  }
  *out = (uint64_t)d;
  return 0;
}

static int bk_config_get_timeout(const bk_location_t *loc, oconfig_item_t *ci)
{
  bk_location_t *l = (bk_location_t *)loc;

  if (cf_util_get_double(ci, &l->timeout) != 0 || !(l->timeout > 0)) {
    ERROR("vigil_backup plugin: Location \"%s\": The `Timeout' option needs exactly one "
          "positive number (seconds).",
          loc->name);
    return -1;
  }
  return 0;
}

static int bk_config_option(bk_location_t *loc, oconfig_item_t *ci)
{
  if (strcasecmp("Path", ci->key) == 0)
    return cf_util_get_string(ci, &loc->path);
  if (strcasecmp("Pattern", ci->key) == 0)
    return bk_config_add_pattern(loc, ci);
  if (strcasecmp("Recursive", ci->key) == 0)
    return cf_util_get_boolean(ci, &loc->recursive);
  if (strcasecmp("MinSize", ci->key) == 0)
    return bk_config_get_size(loc, ci, &loc->min_size);
  if (strcasecmp("MaxFiles", ci->key) == 0)
    return bk_config_get_size(loc, ci, &loc->max_files);
  if (strcasecmp("Timeout", ci->key) == 0)
    return bk_config_get_timeout(loc, ci);
  if (strcasecmp("Interval", ci->key) == 0)
    return cf_util_get_cdtime(ci, &loc->interval);
  ERROR("vigil_backup plugin: Location \"%s\": Unknown option `%s'.", loc->name, ci->key);
  return -1;
}

/* Checks a parsed location; returns 0 when it can be used. */
static int bk_config_validate(const bk_location_t *loc)
{
  if (loc->path == NULL || loc->path[0] == '\0') {
    ERROR("vigil_backup plugin: Location \"%s\": The `Path' option is required.", loc->name);
    return -1;
  }
  if (loc->path[0] != '/') {
    ERROR("vigil_backup plugin: Location \"%s\": `Path' must be absolute, not \"%s\".", loc->name,
          loc->path);
    return -1;
  }
  if (loc->max_files == 0) {
    ERROR("vigil_backup plugin: Location \"%s\": `MaxFiles' must be at least 1.", loc->name);
    return -1;
  }
  return 0;
}

/* Parses one <Location> block. On success *ret owns a new location. */
static int bk_config_location(oconfig_item_t *ci, bk_location_t **ret)
{
  bk_location_t *loc = calloc(1, sizeof(*loc));

  if (loc == NULL)
    return -1;
  pthread_mutex_init(&loc->lock, NULL);
  loc->max_files = 1000000;
  loc->timeout = 30.0;
  C_COMPLAIN_INIT(&loc->incomplete_complaint);
  C_COMPLAIN_INIT(&loc->unreadable_complaint);
  if (cf_util_get_string(ci, &loc->name) != 0) {
    ERROR("vigil_backup plugin: The `Location' block needs exactly one string argument.");
    goto fail;
  }
  for (int i = 0; i < ci->children_num; i++)
    if (bk_config_option(loc, ci->children + i) != 0)
      goto fail;
  if (bk_config_validate(loc) != 0)
    goto fail;
  *ret = loc;
  return 0;
fail:
  bk_location_free(loc);
  return -1;
}

static int bk_matches(const bk_location_t *loc, const char *name)
{
  if (loc->patterns_num == 0)
    return name[0] != '.';
  for (size_t i = 0; i < loc->patterns_num; i++)
    if (fnmatch(loc->patterns[i], name, FNM_PERIOD) == 0)
      return 1;
  return 0;
}

static int bk_over_budget(bk_scan_t *sc)
{
  struct timespec now;

  if (sc->worker != NULL && vg_worker_stopping(sc->worker)) {
    sstrncpy(sc->res->why, "collectd is shutting down", sizeof(sc->res->why));
    return 1;
  }
  if (++sc->examined > sc->loc->max_files) {
    snprintf(sc->res->why, sizeof(sc->res->why), "more than MaxFiles (%" PRIu64 ") entries",
             sc->loc->max_files);
    return 1;
  }
  clock_gettime(CLOCK_MONOTONIC, &now);
  if (now.tv_sec > sc->deadline.tv_sec ||
      (now.tv_sec == sc->deadline.tv_sec && now.tv_nsec > sc->deadline.tv_nsec)) {
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
  clock_gettime(CLOCK_MONOTONIC, &sc.deadline);
  sc.deadline.tv_sec += (time_t)loc->timeout;
  sc.deadline.tv_nsec += (long)((loc->timeout - (double)(time_t)loc->timeout) * 1e9);
  if (sc.deadline.tv_nsec >= 1000000000L) {
    sc.deadline.tv_sec++;
    sc.deadline.tv_nsec -= 1000000000L;
  }
  fd = open(loc->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    snprintf(res->why, sizeof(res->why), "cannot open %s: %s", loc->path, STRERRNO);
    clock_gettime(CLOCK_MONOTONIC, &res->finished);
    return;
  }
  res->complete = bk_scan_dir(&sc, fd, loc->path, 0) == 0;
  clock_gettime(CLOCK_MONOTONIC, &res->finished);
}

static void bk_worker_job(vg_worker_t *w, void *arg)
{
  bk_location_t *loc = arg;
  bk_result_t res;

  bk_scan(loc, w, &res);
  pthread_mutex_lock(&loc->lock);
  loc->last = res;
  loc->have_last = true;
  pthread_mutex_unlock(&loc->lock);
}

static void bk_submit(const bk_location_t *loc, const char *type, const char *type_instance,
                      gauge_t value)
{
  vg_submit("vigil_backup", loc->name, type, type_instance, value);
}

/* Logs the problems of a scan once, and their end once. */
static void bk_report_problems(bk_location_t *loc, const bk_result_t *res)
{
  if (!res->complete)
    c_complain(LOG_WARNING, &loc->incomplete_complaint,
               "vigil_backup plugin: Location \"%s\": scan of %s not complete, nothing "
               "dispatched: %s.",
               loc->name, loc->path, res->why);
  else
    c_release(LOG_INFO, &loc->incomplete_complaint,
              "vigil_backup plugin: Location \"%s\": scans complete again.", loc->name);
  if (res->unreadable > 0)
    c_complain(LOG_WARNING, &loc->unreadable_complaint,
               "vigil_backup plugin: Location \"%s\": %" PRIu64 " folder(s) could not be "
               "read and were skipped, e.g. %s.",
               loc->name, res->unreadable, res->unreadable_path);
  else
    c_release(LOG_INFO, &loc->unreadable_complaint,
              "vigil_backup plugin: Location \"%s\": every folder is readable again.", loc->name);
}

/* True when the last scan finished so long ago that the worker must be
 * stuck: its figures are then no longer dispatched. */
static bool bk_is_stale(const bk_location_t *loc, const bk_result_t *res)
{
  struct timespec now;
  double limit = loc->timeout + 2.0 * CDTIME_T_TO_DOUBLE(plugin_get_interval());

  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - res->finished.tv_sec) > limit;
}

/* Dispatches the last finished scan (ages are computed now) and asks the
 * worker for the next one; never waits for a scan. */
static int bk_read(user_data_t *ud)
{
  bk_location_t *loc = ud->data;
  bk_result_t res;
  bool have;
  struct timespec now;

  pthread_mutex_lock(&loc->lock);
  have = loc->have_last;
  res = loc->last;
  pthread_mutex_unlock(&loc->lock);
  vg_worker_kick(loc->worker);
  if (!have)
    return 0; /* the first scan is still running */
  if (bk_is_stale(loc, &res)) {
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

static int bk_start(void *arg)
{
  bk_location_t *loc = arg;

  return vg_start_block("vigil_backup", "Location", loc->name, bk_worker_job, bk_read,
                        loc->interval, loc, bk_location_free, &loc->worker);
}

static int bk_parse(oconfig_item_t *ci, void **ret)
{
  bk_location_t *loc = NULL;
  int rc = bk_config_location(ci, &loc);

  *ret = loc;
  return rc;
}

static int bk_config(oconfig_item_t *ci)
{
  static const vg_block_kind_t kind = {"vigil_backup", "Location", bk_parse, bk_start,
                                       bk_location_free};

  return vg_config_blocks(ci, &kind);
}

void module_register(void)
{
  plugin_register_complex_config("vigil_backup", bk_config);
}

/* vigil_duty: whether the current shift of each duty roster is staffed by
 * someone who checked in recently (directive items "assign technical staff
 * on duty through the holiday" and "keep shift duty").
 *
 * <Plugin vigil_duty>
 *   CheckinDir "/var/spool/vigil/checkins"   # where vigil-checkin writes
 *   <Roster "soc">
 *     File "/etc/vigil/rosters.csv"         # the roster exported as CSV
 *     TimeZone "Asia/Ho_Chi_Minh"           # for times written without offset
 *     MaxCheckinAge 3600                    # seconds a check-in counts
 *   </Roster>
 * </Plugin>
 *
 * Dispatches vigil_duty/<roster> vigil_state-covered (1 when a shift is in
 * force and one of its people checked in within MaxCheckinAge; 0 in a gap
 * of the roster or without a recent check-in) and duration-checkin_age
 * (seconds since the newest check-in of the people on duty, when there is
 * one). The CSV is read again when it changes; a bad edit keeps the last
 * good roster and logs the line that is wrong, once.
 */
#include "collectd/core/daemon/collectd.h"

#include "collectd/core/daemon/plugin.h"
#include "collectd/core/utils/common/common.h"

#include "common/vg_plugin.h"
#include "common/vg_roster.h"

typedef struct {
  char *name;
  char *file;
  int offset;
  double max_age;
  vg_roster_t roster;
  bool loaded;
  struct stat seen; /* the file as last read */
  bool seen_any;
  vg_logstate_t logstate;
} duty_roster_t;

static char *duty_checkin_dir;

static void duty_roster_free(void *arg)
{
  duty_roster_t *d = arg;

  if (d == NULL)
    return;
  vg_roster_free(&d->roster);
  sfree(d->name);
  sfree(d->file);
  sfree(d);
}

static int duty_config_roster(oconfig_item_t *ci, void **ret)
{
  duty_roster_t *d = calloc(1, sizeof(*d));
  char *tz = NULL;
  int rc = 0;

  if (d == NULL)
    return -1;
  d->offset = 25200;
  d->max_age = 3600;
  if (cf_util_get_string(ci, &d->name) != 0 || strchr(d->name, '/') != NULL) {
    ERROR("vigil_duty plugin: The `Roster' block needs one name without '/'.");
    rc = -1;
  }
  for (int i = 0; rc == 0 && i < ci->children_num; i++) {
    oconfig_item_t *c = ci->children + i;
    if (strcasecmp(c->key, "File") == 0)
      rc = cf_util_get_string(c, &d->file);
    else if (strcasecmp(c->key, "MaxCheckinAge") == 0)
      rc = cf_util_get_double(c, &d->max_age) != 0 || !(d->max_age > 0) ? -1 : 0;
    else if (strcasecmp(c->key, "TimeZone") == 0) {
      rc = cf_util_get_string(c, &tz) != 0 || vg_tz_parse(tz, &d->offset) != 0 ? -1 : 0;
      if (rc != 0)
        ERROR("vigil_duty plugin: Roster \"%s\": `TimeZone' \"%s\" is neither UTC, +HH:MM nor "
              "a zone without summer time that vigil knows (Asia/Ho_Chi_Minh, ...).",
              d->name, tz ? tz : "");
      sfree(tz);
      continue;
    } else {
      ERROR("vigil_duty plugin: Roster \"%s\": Unknown option `%s'.", d->name, c->key);
      rc = -1;
      continue;
    }
    if (rc != 0)
      ERROR("vigil_duty plugin: Roster \"%s\": the `%s' option is not valid.", d->name, c->key);
  }
  if (rc == 0 && d->file == NULL) {
    ERROR("vigil_duty plugin: Roster \"%s\": The `File' option is required.", d->name);
    rc = -1;
  }
  if (rc != 0) {
    duty_roster_free(d);
    return -1;
  }
  *ret = d;
  return 0;
}

/* Reads the roster again when its file changed; a bad file keeps the last
 * good roster and is logged once per change. */
static void duty_reload(duty_roster_t *d)
{
  struct stat st;
  vg_roster_t fresh;
  char err[1024];

  if (stat(d->file, &st) != 0) {
    snprintf(err, sizeof(err), "%s: %s", d->file, STRERRNO);
    if (vg_logstate_changed(&d->logstate, err))
      ERROR("vigil_duty plugin: Roster \"%s\": %s; %s.", d->name, err,
            d->loaded ? "the last good roster stays in use" : "nothing is sent");
    return;
  }
  if (d->seen_any && st.st_mtim.tv_sec == d->seen.st_mtim.tv_sec &&
      st.st_mtim.tv_nsec == d->seen.st_mtim.tv_nsec && st.st_size == d->seen.st_size &&
      st.st_ino == d->seen.st_ino)
    return;
  d->seen = st;
  d->seen_any = true;
  if (vg_roster_load(d->file, d->name, d->offset, &fresh, err, sizeof(err)) != 0) {
    if (vg_logstate_changed(&d->logstate, err))
      ERROR("vigil_duty plugin: Roster \"%s\": %s; %s.", d->name, err,
            d->loaded ? "the last good roster stays in use" : "nothing is sent");
    return;
  }
  vg_roster_free(&d->roster);
  d->roster = fresh;
  d->loaded = true;
  vg_logstate_changed(&d->logstate, "");
  INFO("vigil_duty plugin: Roster \"%s\": %zu shifts loaded from %s.", d->name, fresh.n, d->file);
}

typedef struct {
  const duty_roster_t *d;
  time_t newest;
} duty_scan_t;

static void duty_newest_checkin(const vg_shift_t *s, void *arg)
{
  duty_scan_t *scan = arg;
  time_t t = vg_checkin_time(duty_checkin_dir, scan->d->name, s->person_id);

  if (t > scan->newest)
    scan->newest = t;
}

static int duty_read(user_data_t *ud)
{
  duty_roster_t *d = ud->data;
  duty_scan_t scan = {d, -1};
  time_t now = time(NULL);
  size_t on_duty;

  duty_reload(d);
  if (!d->loaded)
    return 0;
  on_duty = vg_roster_at(&d->roster, now, duty_newest_checkin, &scan);
  if (on_duty > 0 && scan.newest > 0 && scan.newest <= now + 60) {
    double age = difftime(now, scan.newest) > 0 ? difftime(now, scan.newest) : 0;
    vg_submit("vigil_duty", d->name, "duration", "checkin_age", age);
    vg_submit("vigil_duty", d->name, "vigil_state", "covered", age <= d->max_age);
  } else {
    vg_submit("vigil_duty", d->name, "vigil_state", "covered", 0);
  }
  return 0;
}

static int duty_start(void *arg)
{
  duty_roster_t *d = arg;
  char name[DATA_MAX_NAME_LEN * 2];

  snprintf(name, sizeof(name), "vigil_duty/%s", d->name);
  return plugin_register_complex_read(NULL, name, duty_read, 0,
                                      &(user_data_t){.data = d, .free_func = duty_roster_free});
}

static int duty_config(oconfig_item_t *ci)
{
  static const vg_block_kind_t kind = {"vigil_duty", "Roster", duty_config_roster, duty_start,
                                       duty_roster_free};
  oconfig_item_t rosters = *ci;
  int errors = 0;

  /* CheckinDir first; the rest are <Roster> blocks */
  rosters.children = calloc((size_t)ci->children_num + 1, sizeof(*ci->children));
  rosters.children_num = 0;
  for (int i = 0; i < ci->children_num; i++) {
    if (strcasecmp(ci->children[i].key, "CheckinDir") == 0)
      errors += cf_util_get_string(ci->children + i, &duty_checkin_dir) != 0;
    else if (rosters.children != NULL)
      rosters.children[rosters.children_num++] = ci->children[i];
  }
  if (duty_checkin_dir == NULL)
    duty_checkin_dir = sstrdup("/var/spool/vigil/checkins");
  errors += vg_config_blocks(&rosters, &kind) != 0;
  free(rosters.children);
  return errors ? -1 : 0;
}

static int duty_shutdown(void)
{
  sfree(duty_checkin_dir);
  return 0;
}

void module_register(void)
{
  plugin_register_complex_config("vigil_duty", duty_config);
  plugin_register_shutdown("vigil_duty", duty_shutdown);
}

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
#include "common/vg_root.h"

typedef struct {
  vg_block_t base; /* first */
  char *file;
  int offset;
  double max_age;
  vg_roster_t roster;
  bool loaded;
  struct stat seen; /* the file as last read */
  bool seen_any;
  vg_logstate_t logstate;
  vg_logstate_t refused_log; /* check-ins written by another user */
} duty_roster_t;

static char *duty_checkin_dir;

static const vg_block_kind_t duty_kind;

static void duty_roster_free(vg_block_t *b)
{
  duty_roster_t *d = (duty_roster_t *)b;

  if (d == NULL)
    return;
  vg_block_end(&d->base);
  vg_roster_free(&d->roster);
  sfree(d->file);
  sfree(d);
}

static int duty_config_option(duty_roster_t *d, oconfig_item_t *ci)
{
  vg_cf_t cx = vg_cf_of(&d->base);

  if (strcasecmp(ci->key, "File") == 0)
    return vg_cf_string(&cx, ci, &d->file);
  if (strcasecmp(ci->key, "MaxCheckinAge") == 0)
    return vg_cf_seconds(&cx, ci, 31 * 86400, &d->max_age);
  if (strcasecmp(ci->key, "TimeZone") == 0)
    return vg_cf_timezone(&cx, ci, &d->offset);
  ERROR("vigil_duty plugin: Roster \"%s\": Unknown option `%s'.", d->base.name, ci->key);
  return -1;
}

static int duty_parse(oconfig_item_t *ci, vg_block_t **ret)
{
  duty_roster_t *d = calloc(1, sizeof(*d));

  if (d == NULL)
    return -1;
  d->offset = 25200;
  d->max_age = 3600;
  if (vg_block_begin(&d->base, &duty_kind, ci) != 0)
    goto fail;
  for (int i = 0; i < ci->children_num; i++)
    if (duty_config_option(d, ci->children + i) != 0)
      goto fail;
  if (d->file == NULL) {
    ERROR("vigil_duty plugin: Roster \"%s\": The `File' option is required.", d->base.name);
    goto fail;
  }
  *ret = &d->base;
  return 0;
fail:
  duty_roster_free(&d->base);
  return -1;
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
      ERROR("vigil_duty plugin: Roster \"%s\": %s; %s.", d->base.name, err,
            d->loaded ? "the last good roster stays in use" : "nothing is sent");
    return;
  }
  if (d->seen_any && st.st_mtim.tv_sec == d->seen.st_mtim.tv_sec &&
      st.st_mtim.tv_nsec == d->seen.st_mtim.tv_nsec && st.st_size == d->seen.st_size &&
      st.st_ino == d->seen.st_ino)
    return;
  d->seen = st;
  d->seen_any = true;
  if (vg_roster_load(d->file, d->base.name, d->offset, &fresh, err, sizeof(err)) != 0) {
    if (vg_logstate_changed(&d->logstate, err))
      ERROR("vigil_duty plugin: Roster \"%s\": %s; %s.", d->base.name, err,
            d->loaded ? "the last good roster stays in use" : "nothing is sent");
    return;
  }
  vg_roster_free(&d->roster);
  d->roster = fresh;
  d->loaded = true;
  vg_logstate_changed(&d->logstate, "");
  INFO("vigil_duty plugin: Roster \"%s\": %zu shifts loaded from %s.", d->base.name, fresh.n,
       d->file);
}

typedef struct {
  duty_roster_t *d;
  time_t newest;
  char refused[512]; /* the last check-in of someone else's hand, or "" */
} duty_scan_t;

/* A check-in counts when the person's own user wrote it (the roster's user
 * column): its time is when the kernel saw it written, never what it says. */
static void duty_newest_checkin(const vg_shift_t *s, void *arg)
{
  duty_scan_t *scan = arg;
  char owner[256];
  uid_t uid;
  time_t t;

  if (vg_checkin_stat(duty_checkin_dir, scan->d->base.name, s->person_id, &uid, &t) != 0)
    return;
  if (strcmp(vg_user_name(uid, owner, sizeof(owner)), s->user) != 0) {
    snprintf(scan->refused, sizeof(scan->refused),
             "the check-in %s/%s/%s was written by %s, not by %s's user %s: not counted",
             duty_checkin_dir, scan->d->base.name, s->person_id, owner, s->person_id, s->user);
    return;
  }
  if (t > scan->newest)
    scan->newest = t;
}

static int duty_read(user_data_t *ud)
{
  duty_roster_t *d = ud->data;
  duty_scan_t scan = {.d = d, .newest = -1};
  time_t now = time(NULL);
  size_t on_duty;

  duty_reload(d);
  if (!d->loaded)
    return 0;
  on_duty = vg_roster_at(&d->roster, now, duty_newest_checkin, &scan);
  if (vg_logstate_changed(&d->refused_log, scan.refused) && scan.refused[0] != '\0')
    WARNING("vigil_duty plugin: Roster \"%s\": %s.", d->base.name, scan.refused);
  if (on_duty > 0 && scan.newest > 0 && scan.newest <= now + 60) {
    double age = difftime(now, scan.newest) > 0 ? difftime(now, scan.newest) : 0;
    vg_submit("vigil_duty", d->base.name, "duration", "checkin_age", age);
    vg_submit("vigil_duty", d->base.name, "vigil_state", "covered", age <= d->max_age);
  } else {
    vg_submit("vigil_duty", d->base.name, "vigil_state", "covered", 0);
  }
  return 0;
}

static int duty_option(oconfig_item_t *ci)
{
  static const vg_cf_t cx = {.plugin = "vigil_duty"};

  if (strcasecmp(ci->key, "CheckinDir") == 0)
    return vg_cf_string(&cx, ci, &duty_checkin_dir);
  ERROR("vigil_duty plugin: Unknown option `%s'; only CheckinDir and <Roster> blocks are "
        "allowed.",
        ci->key);
  return -1;
}

static const vg_block_kind_t duty_kind = {
    .plugin = "vigil_duty",
    .block = "Roster",
    .parse = duty_parse,
    .free_fn = duty_roster_free,
    .read = duty_read,
    .option = duty_option,
};

static int duty_config(oconfig_item_t *ci)
{
  int rc = vg_config_blocks(ci, &duty_kind);

  if (duty_checkin_dir == NULL && (duty_checkin_dir = strdup("/var/spool/vigil/checkins")) == NULL)
    return -1;
  return rc;
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

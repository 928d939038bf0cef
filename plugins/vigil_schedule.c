/* vigil_schedule: whether each post office is open or closed as its
 * published hours say, and whether it has the staff and vehicles it needs
 * (directive item "keep the opening and closing hours; enough staff and
 * vehicles").
 *
 * <Plugin vigil_schedule>
 *   StateDir "/var/lib/vigil/schedule"   # the counter system writes here
 *   MaxStateAge 900                      # seconds a state file is believed
 *   <Office "bd-trung-tam">
 *     Hours "Mon-Fri 07:00-17:00" "Sat 07:00-11:30"
 *     Closed "2020-04-30" "2020-05-01"   # dated exceptions: closed all day
 *     Open "2020-05-02 07:00-11:00"      # dated exceptions: these hours only
 *     TimeZone "Asia/Ho_Chi_Minh"
 *     RequiredStaff 3
 *     RequiredVehicles 1
 *   </Office>
 * </Plugin>
 *
 * The office's actual state is the file StateDir/<office>, "key=value"
 * lines written by the counter system: open=1|0, staff=N, vehicles=N. A file
 * older than MaxStateAge is not believed: nothing is sent (the report shows
 * no data, never a pass). Dispatches vigil_schedule/<office>
 * vigil_state-as_scheduled (1 when open exactly when the hours say) and
 * gauge-resources_margin (the smallest of staff - RequiredStaff and vehicles
 * - RequiredVehicles, for those required).
 */
#include "collectd/core/daemon/collectd.h"

#include "collectd/core/daemon/plugin.h"
#include "collectd/core/utils/common/common.h"

#include "common/vg_plugin.h"
#include "common/vg_root.h"
#include "common/vg_roster.h"
#include "timeutil.h"

#include <ctype.h>

#define SC_MAX_RULES 32

typedef struct {
  unsigned days; /* bit 0 = Monday ... bit 6 = Sunday */
  int from, to;  /* minutes of the day, [from, to) */
} sc_weekly_t;

typedef struct {
  long day;    /* days since 1970-01-01, local */
  bool closed; /* closed all day; else open [from, to) only */
  int from, to;
} sc_dated_t;

typedef struct {
  vg_block_t base; /* first */
  int offset;
  sc_weekly_t weekly[SC_MAX_RULES];
  size_t n_weekly;
  sc_dated_t dated[SC_MAX_RULES];
  size_t n_dated;
  double required_staff, required_vehicles; /* < 0: not required */
} sc_office_t;

static char *sc_state_dir;
static double sc_max_age = 900;

/* ---- parsing and judging (testable on their own) ---- */

static int sc_day_index(const char *s)
{
  static const char *const names[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

  for (int i = 0; i < 7; i++)
    if (strncasecmp(s, names[i], 3) == 0)
      return i;
  return -1;
}

/* "HH:MM" at *p into minutes; 24:00 only when end is true. */
static int sc_clock(const char **p, bool end, int *minutes)
{
  int h, m;

  if (vt_read_digits(p, 2, &h) != 0 || *(*p)++ != ':' || vt_read_digits(p, 2, &m) != 0)
    return -1;
  if (m > 59 || h > 24 || (h == 24 && (m != 0 || !end)))
    return -1;
  *minutes = h * 60 + m;
  return 0;
}

/* "HH:MM-HH:MM" into minutes. */
static int sc_range(const char *s, int *from, int *to)
{
  if (sc_clock(&s, false, from) != 0 || *s++ != '-' || sc_clock(&s, true, to) != 0 || *s != '\0')
    return -1;
  return *from < *to ? 0 : -1;
}

/* "Mon", or "Mon-Fri", of len characters, into the days bit set. */
static int sc_days(const char *s, size_t len, unsigned *days)
{
  int a = sc_day_index(s), b = a;

  if (len == 7 && s[3] == '-')
    b = sc_day_index(s + 4);
  else if (len != 3)
    return -1;
  if (a < 0 || b < 0 || b < a)
    return -1;
  for (int d = a; d <= b; d++)
    *days |= 1u << d;
  return 0;
}

/* "Mon-Fri 07:00-17:00", "Sat,Sun 08:00-11:00". */
static int sc_parse_weekly(const char *s, sc_weekly_t *w)
{
  const char *sp = strchr(s, ' ');

  if (sp == NULL)
    return -1;
  w->days = 0;
  for (const char *p = s; p < sp;) {
    size_t len = strcspn(p, ", ");
    if (sc_days(p, len, &w->days) != 0)
      return -1;
    p += len;
    if (*p == ',' && ++p == sp)
      return -1; /* "Mon, 07:00-17:00" */
  }
  return sc_range(sp + 1, &w->from, &w->to);
}

/* "2020-04-30" (closed) or "2020-05-02 07:00-11:00" (open then only). */
static int sc_parse_dated(const char *s, bool closed, sc_dated_t *d)
{
  if (vt_parse_date(&s, &d->day) != 0)
    return -1;
  d->closed = closed;
  if (closed)
    return *s == '\0' ? 0 : -1;
  return *s == ' ' ? sc_range(s + 1, &d->from, &d->to) : -1;
}

/* Whether the office should be open at t. */
static bool sc_scheduled_open(const sc_office_t *o, time_t t)
{
  time_t local = t + o->offset;
  long day = (long)(local / 86400);
  int minute = (int)((local % 86400) / 60);
  int weekday = (int)((day + 3) % 7); /* 1970-01-01 was a Thursday: Monday = 0 */
  bool dated = false, open = false;

  for (size_t i = 0; i < o->n_dated; i++) {
    if (o->dated[i].day != day)
      continue;
    dated = true;
    open |= !o->dated[i].closed && o->dated[i].from <= minute && minute < o->dated[i].to;
  }
  if (dated)
    return open;
  for (size_t i = 0; i < o->n_weekly; i++)
    if ((o->weekly[i].days & (1u << weekday)) && o->weekly[i].from <= minute &&
        minute < o->weekly[i].to)
      return true;
  return false;
}

/* One "key=value" line of a state file: the key (letters and '_') and the
 * number. Returns 0, or -1 when the line is not such a line. */
static int sc_parse_state_line(char *line, char key[32], double *value)
{
  char *p = line, *end;
  size_t n = 0;

  while (*p == ' ' || *p == '\t')
    p++;
  while ((islower((unsigned char)p[n]) || p[n] == '_') && n < 31)
    n++;
  if (n == 0)
    return -1;
  memcpy(key, p, n);
  key[n] = '\0';
  p += n;
  while (*p == ' ' || *p == '\t')
    p++;
  if (*p++ != '=')
    return -1;
  errno = 0;
  *value = strtod(p, &end);
  if (end == p || errno != 0 || !isfinite(*value))
    return -1;
  return 0;
}

/* The office's state file: open, staff, vehicles (-1 when absent). Returns
 * 0, or -1 when there is none or it is too old. The counter system writes
 * it: a FIFO, a link or an outsized file is not read. */
static int sc_read_state(const char *path, time_t now, double max_age, int *open, double *staff,
                         double *vehicles)
{
  char line[256], why[128];
  struct stat st;
  FILE *fp;

  *open = -1;
  *staff = *vehicles = -1;
  fp = vg_open_regular(path, VG_OPEN_NOFOLLOW, 64 * 1024, &st, why, sizeof(why));
  if (fp == NULL)
    return -1;
  if (difftime(now, st.st_mtime) > max_age) {
    fclose(fp);
    return -1;
  }
  while (fgets(line, sizeof(line), fp) != NULL) {
    double v;
    char key[32];
    if (sc_parse_state_line(line, key, &v) != 0)
      continue;
    if (strcmp(key, "open") == 0)
      *open = v != 0;
    else if (strcmp(key, "staff") == 0)
      *staff = v;
    else if (strcmp(key, "vehicles") == 0)
      *vehicles = v;
  }
  fclose(fp);
  return 0;
}

/* ---- configuration ---- */

static const vg_block_kind_t sc_kind;

static void sc_office_free(vg_block_t *b)
{
  sc_office_t *o = (sc_office_t *)b;

  if (o == NULL)
    return;
  vg_block_end(&o->base);
  sfree(o);
}

static int sc_config_strings(sc_office_t *o, oconfig_item_t *c, int kind)
{
  vg_cf_t cx = vg_cf_of(&o->base);

  for (int v = 0; v < c->values_num; v++) {
    const char *s = c->values[v].value.string;
    int rc;
    if ((kind == 0 ? o->n_weekly : o->n_dated) >= SC_MAX_RULES) {
      vg_cf_error(&cx, c, "takes at most %d rules%s", SC_MAX_RULES,
                  kind == 0 ? "" : " (Closed and Open together)");
      return -1;
    }
    if (c->values[v].type != OCONFIG_TYPE_STRING)
      rc = -1;
    else if (kind == 0)
      rc = sc_parse_weekly(s, &o->weekly[o->n_weekly++]);
    else
      rc = sc_parse_dated(s, kind == 1, &o->dated[o->n_dated++]);
    if (rc != 0) {
      ERROR("vigil_schedule plugin: Office \"%s\": `%s' \"%s\" is not %s.", o->base.name, c->key,
            c->values[v].type == OCONFIG_TYPE_STRING ? s : "?",
            kind == 0   ? "like \"Mon-Fri 07:00-17:00\""
            : kind == 1 ? "a date like \"2020-04-30\""
                        : "like \"2020-05-02 07:00-11:00\"");
      return -1;
    }
  }
  return 0;
}

static int sc_config_option(sc_office_t *o, oconfig_item_t *c)
{
  vg_cf_t cx = vg_cf_of(&o->base);

  if (strcasecmp(c->key, "Hours") == 0)
    return sc_config_strings(o, c, 0);
  if (strcasecmp(c->key, "Closed") == 0)
    return sc_config_strings(o, c, 1);
  if (strcasecmp(c->key, "Open") == 0)
    return sc_config_strings(o, c, 2);
  if (strcasecmp(c->key, "RequiredStaff") == 0)
    return vg_cf_number(&cx, c, 0, 1e6, &o->required_staff);
  if (strcasecmp(c->key, "RequiredVehicles") == 0)
    return vg_cf_number(&cx, c, 0, 1e6, &o->required_vehicles);
  if (strcasecmp(c->key, "TimeZone") == 0)
    return vg_cf_timezone(&cx, c, &o->offset);
  ERROR("vigil_schedule plugin: Office \"%s\": Unknown option `%s'.", o->base.name, c->key);
  return -1;
}

static int sc_parse(oconfig_item_t *ci, vg_block_t **ret)
{
  sc_office_t *o = calloc(1, sizeof(*o));

  if (o == NULL)
    return -1;
  o->offset = 25200;
  o->required_staff = o->required_vehicles = -1;
  if (vg_block_begin(&o->base, &sc_kind, ci) != 0)
    goto fail;
  for (int i = 0; i < ci->children_num; i++)
    if (sc_config_option(o, ci->children + i) != 0)
      goto fail;
  if (o->n_weekly == 0) {
    ERROR("vigil_schedule plugin: Office \"%s\": The `Hours' option is required.", o->base.name);
    goto fail;
  }
  *ret = &o->base;
  return 0;
fail:
  sc_office_free(&o->base);
  return -1;
}

/* ---- read ---- */

static int sc_read(user_data_t *ud)
{
  sc_office_t *o = ud->data;
  char path[PATH_MAX];
  double staff, vehicles, margin = NAN;
  int open;
  time_t now = time(NULL);

  snprintf(path, sizeof(path), "%s/%s", sc_state_dir, o->base.name);
  if (sc_read_state(path, now, sc_max_age, &open, &staff, &vehicles) != 0)
    return 0; /* no believable state: no figure */
  if (open >= 0)
    vg_submit("vigil_schedule", o->base.name, "vigil_state", "as_scheduled",
              (open == 1) == sc_scheduled_open(o, now));
  if (o->required_staff >= 0 && staff >= 0)
    margin = staff - o->required_staff;
  if (o->required_vehicles >= 0 && vehicles >= 0 &&
      (isnan(margin) || vehicles - o->required_vehicles < margin))
    margin = vehicles - o->required_vehicles;
  if (!isnan(margin))
    vg_submit("vigil_schedule", o->base.name, "gauge", "resources_margin", margin);
  return 0;
}

static int sc_option(oconfig_item_t *c)
{
  static const vg_cf_t cx = {.plugin = "vigil_schedule"};

  if (strcasecmp(c->key, "StateDir") == 0)
    return vg_cf_string(&cx, c, &sc_state_dir);
  if (strcasecmp(c->key, "MaxStateAge") == 0)
    return vg_cf_seconds(&cx, c, 31 * 86400, &sc_max_age);
  ERROR("vigil_schedule plugin: Unknown option `%s'; only StateDir, MaxStateAge and <Office> "
        "blocks are allowed.",
        c->key);
  return -1;
}

static const vg_block_kind_t sc_kind = {
    .plugin = "vigil_schedule",
    .block = "Office",
    .parse = sc_parse,
    .free_fn = sc_office_free,
    .read = sc_read,
    .option = sc_option,
};

static int sc_config(oconfig_item_t *ci)
{
  int rc = vg_config_blocks(ci, &sc_kind);

  if (sc_state_dir == NULL && (sc_state_dir = strdup("/var/lib/vigil/schedule")) == NULL)
    return -1;
  return rc;
}

static int sc_shutdown(void)
{
  sfree(sc_state_dir);
  return 0;
}

void module_register(void)
{
  plugin_register_complex_config("vigil_schedule", sc_config);
  plugin_register_shutdown("vigil_schedule", sc_shutdown);
}

/* vg_plugin: what every vigil plugin does the same way. */
#include "vg_plugin.h"

#include "collectd/core/utils/common/common.h"

#include "timeutil.h"
#include "vg_root.h"

#include <pthread.h>
#include <stdarg.h>

void vg_submit_for(const char *host, cdtime_t time, const char *plugin, const char *plugin_instance,
                   const char *type, const char *type_instance, value_t value)
{
  value_list_t vl = VALUE_LIST_INIT;

  vl.values = &value;
  vl.values_len = 1;
  vl.time = time;
  if (host != NULL)
    sstrncpy(vl.host, host, sizeof(vl.host));
  sstrncpy(vl.plugin, plugin, sizeof(vl.plugin));
  sstrncpy(vl.plugin_instance, plugin_instance, sizeof(vl.plugin_instance));
  sstrncpy(vl.type, type, sizeof(vl.type));
  sstrncpy(vl.type_instance, type_instance, sizeof(vl.type_instance));
  plugin_dispatch_values(&vl);
}

static void vg_submit_value(const char *plugin, const char *plugin_instance, const char *type,
                            const char *type_instance, value_t value)
{
  vg_submit_for(NULL, 0, plugin, plugin_instance, type, type_instance, value);
}

void vg_submit(const char *plugin, const char *plugin_instance, const char *type,
               const char *type_instance, gauge_t value)
{
  vg_submit_value(plugin, plugin_instance, type, type_instance, (value_t){.gauge = value});
}

void vg_submit_derive(const char *plugin, const char *plugin_instance, const char *type_instance,
                      derive_t value)
{
  vg_submit_value(plugin, plugin_instance, "derive", type_instance, (value_t){.derive = value});
}

void vg_escape_name(const char *in, char *out, size_t len)
{
  size_t o = 0;

  if (len == 0)
    return;
  for (const unsigned char *p = (const unsigned char *)in; *p != '\0'; p++) {
    char esc[5];
    int n;
    if (*p == '\\')
      n = snprintf(esc, sizeof(esc), "\\\\");
    else if (*p == '\t')
      n = snprintf(esc, sizeof(esc), "\\t");
    else if (*p == '\n')
      n = snprintf(esc, sizeof(esc), "\\n");
    else if (*p < 0x20 || *p == 0x7f)
      n = snprintf(esc, sizeof(esc), "\\x%02x", *p);
    else
      n = snprintf(esc, sizeof(esc), "%c", *p);
    if (o + (size_t)n >= len)
      break; /* cut whole escapes only */
    memcpy(out + o, esc, (size_t)n);
    o += (size_t)n;
  }
  out[o] = '\0';
}

/* The blocks registered with collectd by this plugin (one list per plugin:
 * each links its own copy of this file). */
static pthread_mutex_t vg_blocks_lock = PTHREAD_MUTEX_INITIALIZER;
static vg_block_t *vg_blocks;

int vg_block_begin(vg_block_t *b, const vg_block_kind_t *kind, oconfig_item_t *ci)
{
  const char *name = ci->values_num == 1 && ci->values[0].type == OCONFIG_TYPE_STRING
                         ? ci->values[0].value.string
                         : NULL;

  memset(b, 0, sizeof(*b));
  b->kind = kind;
  /* the name becomes a file name (plugin instance, folder of check-ins) */
  if (name == NULL || name[0] == '\0' || strchr(name, '/') != NULL || strcmp(name, ".") == 0 ||
      strcmp(name, "..") == 0) {
    ERROR("%s plugin: The `%s' block needs exactly one string argument: a name, not empty, "
          "not \".\" or \"..\", without '/'.",
          kind->plugin, kind->block);
    return -1;
  }
  if ((b->name = strdup(name)) == NULL)
    return -1;
  if (kind->job != NULL && vg_task_init(&b->task, kind->job, b, kind->result_size) != 0) {
    ERROR("%s plugin: %s \"%s\": out of memory.", kind->plugin, kind->block, b->name);
    return -1;
  }
  return 0;
}

void vg_block_end(vg_block_t *b)
{
  vg_task_destroy(&b->task);
  sfree(b->name);
}

/* The free_func collectd calls: unlinks the block, then frees it. */
static void vg_block_release(void *arg)
{
  vg_block_t *b = arg;

  pthread_mutex_lock(&vg_blocks_lock);
  for (vg_block_t **p = &vg_blocks; *p != NULL; p = &(*p)->next)
    if (*p == b) {
      *p = b->next;
      break;
    }
  pthread_mutex_unlock(&vg_blocks_lock);
  vg_task_destroy(&b->task); /* the worker stops before anything is freed */
  b->kind->free_fn(b);
}

static bool vg_block_name_taken(const vg_block_kind_t *kind, const char *name)
{
  bool taken = false;

  pthread_mutex_lock(&vg_blocks_lock);
  for (vg_block_t *b = vg_blocks; b != NULL && !taken; b = b->next)
    taken = b->kind == kind && strcmp(b->name, name) == 0; /* as collectd's names */
  pthread_mutex_unlock(&vg_blocks_lock);
  return taken;
}

/* Registers b; collectd owns it afterwards, whatever the outcome. */
static int vg_block_register(vg_block_t *b)
{
  const vg_block_kind_t *kind = b->kind;
  char read_name[DATA_MAX_NAME_LEN * 2];
  int rc;

  snprintf(read_name, sizeof(read_name), "%s/%s", kind->plugin, b->name);
  /* linked first: collectd may call the free_func (which unlinks) at once */
  pthread_mutex_lock(&vg_blocks_lock);
  b->next = vg_blocks;
  vg_blocks = b;
  pthread_mutex_unlock(&vg_blocks_lock);
  rc = plugin_register_complex_read(NULL, read_name, kind->read, b->interval,
                                    &(user_data_t){.data = b, .free_func = vg_block_release});
  if (rc != 0)
    ERROR("%s plugin: cannot register the read callback \"%s\" (status %d).", kind->plugin,
          read_name, rc);
  return rc;
}

int vg_config_blocks(oconfig_item_t *ci, const vg_block_kind_t *kind)
{
  int errors = 0;

  for (int i = 0; i < ci->children_num; i++) {
    oconfig_item_t *child = ci->children + i;
    vg_block_t *b = NULL;
    if (strcasecmp(kind->block, child->key) != 0) {
      if (kind->option == NULL) {
        ERROR("%s plugin: Unknown option `%s'; only <%s> blocks are allowed.", kind->plugin,
              child->key, kind->block);
        errors++;
      } else if (kind->option(child) != 0) {
        errors++;
      }
      continue;
    }
    if (kind->parse(child, &b) != 0) {
      ERROR("%s plugin: %s ignored because of the errors above.", kind->plugin, kind->block);
      errors++;
    } else if (vg_block_name_taken(kind, b->name)) {
      ERROR("%s plugin: %s \"%s\" is defined twice; the second one is ignored.", kind->plugin,
            kind->block, b->name);
      kind->free_fn(b);
      errors++;
    } else if (vg_block_register(b) != 0) {
      errors++;
    }
  }
  return errors ? -1 : 0;
}

int vg_blocks_init(void)
{
  int errors = 0;

  pthread_mutex_lock(&vg_blocks_lock);
  for (vg_block_t *b = vg_blocks; b != NULL; b = b->next) {
    if (b->kind->job == NULL || vg_task_start(&b->task) == 0)
      continue;
    ERROR("%s plugin: %s \"%s\": cannot start its thread: %s", b->kind->plugin, b->kind->block,
          b->name, STRERRNO);
    errors++;
  }
  pthread_mutex_unlock(&vg_blocks_lock);
  return errors ? -1 : 0;
}

bool vg_block_latest(vg_block_t *b, void *out, struct timespec *finished)
{
  bool done = vg_task_latest(&b->task, out, finished);

  vg_task_kick(&b->task);
  return done;
}

/* ---- configuration values ---- */

vg_cf_t vg_cf_of(const vg_block_t *b)
{
  return (vg_cf_t){.plugin = b->kind->plugin, .block = b->kind->block, .name = b->name};
}

void vg_cf_error(const vg_cf_t *cx, const oconfig_item_t *ci, const char *fmt, ...)
{
  char what[512];
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(what, sizeof(what), fmt, ap);
  va_end(ap);
  if (cx->block != NULL && cx->name != NULL)
    ERROR("%s plugin: %s \"%s\": The `%s' option %s.", cx->plugin, cx->block, cx->name, ci->key,
          what);
  else if (cx->block != NULL)
    ERROR("%s plugin: <%s>: The `%s' option %s.", cx->plugin, cx->block, ci->key, what);
  else
    ERROR("%s plugin: The `%s' option %s.", cx->plugin, ci->key, what);
}

int vg_cf_string(const vg_cf_t *cx, oconfig_item_t *ci, char **dest)
{
  char *s;

  if (ci->values_num != 1 || ci->values[0].type != OCONFIG_TYPE_STRING || ci->children_num != 0) {
    vg_cf_error(cx, ci, "needs exactly one string argument");
    return -1;
  }
  if ((s = strdup(ci->values[0].value.string)) == NULL)
    return -1;
  sfree(*dest);
  *dest = s;
  return 0;
}

int vg_cf_bool(const vg_cf_t *cx, oconfig_item_t *ci, bool *dest)
{
  if (ci->values_num != 1 || ci->values[0].type != OCONFIG_TYPE_BOOLEAN) {
    vg_cf_error(cx, ci, "needs true or false");
    return -1;
  }
  *dest = ci->values[0].value.boolean != 0;
  return 0;
}

int vg_cf_number(const vg_cf_t *cx, oconfig_item_t *ci, double min, double max, double *dest)
{
  double v;

  if (ci->values_num != 1 || ci->values[0].type != OCONFIG_TYPE_NUMBER) {
    vg_cf_error(cx, ci, "needs one number between %g and %g", min, max);
    return -1;
  }
  v = ci->values[0].value.number;
  if (!(v >= min && v <= max)) { /* also NaN */
    vg_cf_error(cx, ci, "needs a number between %g and %g, not %g", min, max, v);
    return -1;
  }
  *dest = v;
  return 0;
}

int vg_cf_seconds(const vg_cf_t *cx, oconfig_item_t *ci, double max, double *dest)
{
  double v;

  if (ci->values_num != 1 || ci->values[0].type != OCONFIG_TYPE_NUMBER ||
      !((v = ci->values[0].value.number) > 0 && v <= max)) {
    vg_cf_error(cx, ci, "needs a number of seconds above 0 and at most %g", max);
    return -1;
  }
  *dest = v;
  return 0;
}

int vg_cf_count(const vg_cf_t *cx, oconfig_item_t *ci, uint64_t min, uint64_t max, uint64_t *dest)
{
  double v;

  if (ci->values_num != 1 || ci->values[0].type != OCONFIG_TYPE_NUMBER ||
      !((v = ci->values[0].value.number) >= (double)min && v <= (double)max) ||
      v != (double)(uint64_t)v) {
    vg_cf_error(cx, ci, "needs a whole number between %" PRIu64 " and %" PRIu64, min, max);
    return -1;
  }
  *dest = (uint64_t)v;
  return 0;
}

int vg_cf_interval(const vg_cf_t *cx, oconfig_item_t *ci, cdtime_t *dest)
{
  double v;

  if (vg_cf_seconds(cx, ci, 86400, &v) != 0)
    return -1;
  *dest = DOUBLE_TO_CDTIME_T(v);
  return 0;
}

int vg_cf_timezone(const vg_cf_t *cx, oconfig_item_t *ci, int *offset)
{
  if (ci->values_num != 1 || ci->values[0].type != OCONFIG_TYPE_STRING) {
    vg_cf_error(cx, ci, "needs exactly one string argument");
    return -1;
  }
  if (vt_parse_zone(ci->values[0].value.string, offset) != 0) {
    vg_cf_error(cx, ci,
                "needs UTC, +HH:MM or a zone without summer time that vigil knows "
                "(Asia/Ho_Chi_Minh, ...), not \"%s\"",
                ci->values[0].value.string);
    return -1;
  }
  return 0;
}

int vg_cf_argv(const vg_cf_t *cx, oconfig_item_t *ci, char **argv, size_t max)
{
  bool ok = ci->values_num > 0 && (size_t)ci->values_num <= max && ci->children_num == 0;

  for (int v = 0; ok && v < ci->values_num; v++)
    ok = ci->values[v].type == OCONFIG_TYPE_STRING;
  if (!ok || ci->values[0].value.string[0] != '/') {
    vg_cf_error(cx, ci, "needs the absolute path of a program and its arguments, at most %zu words",
                max);
    return -1;
  }
  for (size_t v = 0; v <= max; v++) /* a later option replaces an earlier one */
    sfree(argv[v]);
  for (int v = 0; v < ci->values_num; v++)
    if ((argv[v] = strdup(ci->values[v].value.string)) == NULL) {
      for (size_t k = 0; k <= max; k++)
        sfree(argv[k]);
      return -1;
    }
  return 0;
}

int vg_cf_strings(const vg_cf_t *cx, oconfig_item_t *ci, const char *what, char **list, size_t max,
                  size_t *n)
{
  bool ok = ci->values_num > 0 && *n + (size_t)ci->values_num <= max && ci->children_num == 0;

  for (int v = 0; ok && v < ci->values_num; v++)
    ok = ci->values[v].type == OCONFIG_TYPE_STRING && ci->values[v].value.string[0] != '\0';
  if (!ok) {
    vg_cf_error(cx, ci, "needs %s, at most %zu in all", what, max);
    return -1;
  }
  for (int v = 0; v < ci->values_num; v++) {
    if ((list[*n] = strdup(ci->values[v].value.string)) == NULL)
      return -1;
    (*n)++;
  }
  return 0;
}

int vg_cf_choice(const vg_cf_t *cx, oconfig_item_t *ci, const char *const *names, size_t n,
                 int *dest)
{
  char list[256] = "";
  size_t len = 0;

  if (ci->values_num == 1 && ci->values[0].type == OCONFIG_TYPE_STRING)
    for (size_t i = 0; i < n; i++)
      if (strcasecmp(ci->values[0].value.string, names[i]) == 0) {
        *dest = (int)i;
        return 0;
      }
  for (size_t i = 0; i < n && len < sizeof(list); i++)
    len += (size_t)snprintf(list + len, sizeof(list) - len, "%s\"%s\"", i ? ", " : "", names[i]);
  vg_cf_error(cx, ci, "needs one of %s", list);
  return -1;
}

FILE *vg_open_rooted(const char *plugin, const char *root, const char *path,
                     c_complain_t *complaint)
{
  char full[PATH_MAX];
  FILE *fp = NULL;

  if (vg_root_path(root, path, full, sizeof(full)) == 0)
    fp = fopen(full, "r");
  else
    snprintf(full, sizeof(full), "%s%s", root, path);
  if (fp == NULL)
    c_complain(LOG_WARNING, complaint, "%s plugin: cannot read %s: %s", plugin, full, STRERRNO);
  else
    c_release(LOG_INFO, complaint, "%s plugin: %s is readable again.", plugin, full);
  return fp;
}

bool vg_logstate_changed(vg_logstate_t *st, const char *now)
{
  if (st->any && strcmp(st->logged, now) == 0)
    return false;
  sstrncpy(st->logged, now, sizeof(st->logged));
  st->any = true;
  return true;
}

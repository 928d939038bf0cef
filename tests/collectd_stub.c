/* collectd_stub: the few collectd daemon symbols a vigil plugin uses. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "collectd_stub.h"

#include "collectd/core/daemon/utils_complain.h"
#include "collectd/core/utils/common/common.h"

#include <pthread.h>

stub_value_t stub_values[STUB_MAX_VALUES];
int stub_values_num;
char stub_logs[STUB_MAX_LOGS][1024];
int stub_log_levels[STUB_MAX_LOGS];
int stub_logs_num;
int (*stub_config_cb)(oconfig_item_t *);
stub_read_t stub_reads[STUB_MAX_READS];
int stub_reads_num;
static pthread_mutex_t stub_lock = PTHREAD_MUTEX_INITIALIZER;
match_proc_t stub_match;
char stub_match_name[64];

void stub_reset_records(void)
{
  pthread_mutex_lock(&stub_lock);
  stub_values_num = 0;
  stub_logs_num = 0;
  pthread_mutex_unlock(&stub_lock);
}

void stub_shutdown(void)
{
  for (int i = 0; i < stub_reads_num; i++)
    if (stub_reads[i].ud.free_func != NULL)
      stub_reads[i].ud.free_func(stub_reads[i].ud.data);
  stub_reads_num = 0;
}

static int stub_noop_read(user_data_t *ud)
{
  (void)ud;
  return 0;
}

void stub_take_read_name(const char *name)
{
  plugin_register_complex_read(NULL, name, stub_noop_read, 0, &(user_data_t){.data = NULL});
}

const stub_value_t *stub_find(const char *pinst, const char *type, const char *tinst)
{
  for (int i = stub_values_num - 1; i >= 0; i--)
    if (strcmp(stub_values[i].plugin_instance, pinst) == 0 &&
        strcmp(stub_values[i].type, type) == 0 && strcmp(stub_values[i].type_instance, tinst) == 0)
      return &stub_values[i];
  return NULL;
}

const stub_value_t *stub_find_host(const char *host, const char *pinst, const char *type,
                                   const char *tinst)
{
  for (int i = stub_values_num - 1; i >= 0; i--)
    if (strcmp(stub_values[i].host, host) == 0 &&
        strcmp(stub_values[i].plugin_instance, pinst) == 0 &&
        strcmp(stub_values[i].type, type) == 0 && strcmp(stub_values[i].type_instance, tinst) == 0)
      return &stub_values[i];
  return NULL;
}

int stub_log_contains(const char *needle)
{
  for (int i = 0; i < stub_logs_num; i++)
    if (strstr(stub_logs[i], needle) != NULL)
      return 1;
  return 0;
}

/* ---- collectd symbols ---- */

int fc_register_match(const char *name, match_proc_t proc)
{
  snprintf(stub_match_name, sizeof(stub_match_name), "%s", name);
  stub_match = proc;
  return 0;
}

/* meta_data: a few string entries (booleans kept as "true"). */
#include "collectd/core/utils/metadata/meta_data.h"
struct meta_data_s {
  char key[8][64];
  char value[8][256];
  int n;
};

meta_data_t *meta_data_create(void)
{
  return calloc(1, sizeof(meta_data_t));
}

void meta_data_destroy(meta_data_t *md)
{
  free(md);
}

int meta_data_exists(meta_data_t *md, const char *key)
{
  if (md == NULL || key == NULL)
    return -EINVAL;
  for (int i = 0; i < md->n; i++)
    if (strcasecmp(md->key[i], key) == 0)
      return 1;
  return 0;
}

int meta_data_add_string(meta_data_t *md, const char *key, const char *value)
{
  if (md == NULL || md->n >= 8)
    return -1;
  snprintf(md->key[md->n], sizeof(md->key[0]), "%s", key);
  snprintf(md->value[md->n], sizeof(md->value[0]), "%s", value);
  md->n++;
  return 0;
}

int meta_data_add_boolean(meta_data_t *md, const char *key, bool value)
{
  return meta_data_add_string(md, key, value ? "true" : "false");
}

int meta_data_get_string(meta_data_t *md, const char *key, char **value)
{
  for (int i = 0; md != NULL && i < md->n; i++)
    if (strcasecmp(md->key[i], key) == 0) {
      *value = strdup(md->value[i]);
      return *value ? 0 : -ENOMEM;
    }
  return -ENOENT;
}

void plugin_log(int level, const char *format, ...)
{
  va_list ap;

  pthread_mutex_lock(&stub_lock);
  if (stub_logs_num < STUB_MAX_LOGS) {
    va_start(ap, format);
    vsnprintf(stub_logs[stub_logs_num], sizeof(stub_logs[0]), format, ap);
    va_end(ap);
    stub_log_levels[stub_logs_num++] = level;
  }
  pthread_mutex_unlock(&stub_lock);
}

int plugin_dispatch_values(value_list_t const *vl)
{
  pthread_mutex_lock(&stub_lock);
  if (stub_values_num < STUB_MAX_VALUES && vl->values_len == 1) {
    stub_value_t *v = &stub_values[stub_values_num++];
    sstrncpy(v->host, vl->host, sizeof(v->host));
    v->time = vl->time;
    sstrncpy(v->plugin_instance, vl->plugin_instance, sizeof(v->plugin_instance));
    sstrncpy(v->type, vl->type, sizeof(v->type));
    sstrncpy(v->type_instance, vl->type_instance, sizeof(v->type_instance));
    v->value = strcmp(vl->type, "derive") == 0 ? (double)vl->values[0].derive : vl->values[0].gauge;
  }
  pthread_mutex_unlock(&stub_lock);
  return 0;
}

int plugin_register_complex_config(const char *type, int (*cb)(oconfig_item_t *))
{
  (void)type;
  stub_config_cb = cb;
  return 0;
}

int plugin_register_complex_read(const char *group, const char *name, plugin_read_cb cb,
                                 cdtime_t interval, user_data_t const *ud)
{
  (void)group;
  (void)interval;
  int rc = 0;

  for (int i = 0; i < stub_reads_num; i++)
    if (strcmp(stub_reads[i].name, name) == 0)
      rc = EINVAL; /* like collectd: names are unique */
  if (rc == 0 && stub_reads_num >= STUB_MAX_READS)
    rc = ENOMEM;
  if (rc != 0) {
    /* like collectd 5.12: a refused registration frees the user data */
    if (ud != NULL && ud->free_func != NULL)
      ud->free_func(ud->data);
    return rc;
  }
  sstrncpy(stub_reads[stub_reads_num].name, name, sizeof(stub_reads[0].name));
  stub_reads[stub_reads_num].cb = cb;
  stub_reads[stub_reads_num].ud = *ud;
  stub_reads_num++;
  return 0;
}

int (*stub_init_cb)(void);
int (*stub_simple_read_cb)(void);
int (*stub_shutdown_cb)(void);

int plugin_register_init(const char *name, int (*cb)(void))
{
  (void)name;
  stub_init_cb = cb;
  return 0;
}

int plugin_register_read(const char *name, int (*cb)(void))
{
  (void)name;
  stub_simple_read_cb = cb;
  return 0;
}

int (*stub_notification_cb)(const notification_t *, user_data_t *);

int plugin_register_notification(const char *name, plugin_notification_cb cb, user_data_t const *ud)
{
  (void)name;
  (void)ud;
  stub_notification_cb = cb;
  return 0;
}

int plugin_register_shutdown(const char *name, int (*cb)(void))
{
  (void)name;
  stub_shutdown_cb = cb;
  return 0;
}

cdtime_t cdtime(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_REALTIME, &ts);
  return TIMESPEC_TO_CDTIME_T(&ts);
}

cdtime_t stub_interval = TIME_T_TO_CDTIME_T(10);

cdtime_t plugin_get_interval(void)
{
  return stub_interval;
}

char *sstrncpy(char *dest, const char *src, size_t n)
{
  strncpy(dest, src, n);
  dest[n - 1] = '\0';
  return dest;
}

char *sstrdup(const char *s)
{
  char *copy = s ? strdup(s) : NULL;

  assert(s == NULL || copy != NULL);
  return copy;
}

char *sstrerror(int errnum, char *buf, size_t buflen)
{
  char *msg = strerror_r(errnum, buf, buflen); /* GNU: may return its own text */

  if (msg != buf)
    sstrncpy(buf, msg, buflen);
  return buf;
}

int cf_util_get_string(const oconfig_item_t *ci, char **ret)
{
  char *s;

  if (ci->values_num != 1 || ci->values[0].type != OCONFIG_TYPE_STRING)
    return EINVAL;
  s = strdup(ci->values[0].value.string);
  if (s == NULL)
    return ENOMEM;
  free(*ret);
  *ret = s;
  return 0;
}

int cf_util_get_boolean(const oconfig_item_t *ci, bool *ret)
{
  if (ci->values_num != 1 || ci->values[0].type != OCONFIG_TYPE_BOOLEAN)
    return EINVAL;
  *ret = ci->values[0].value.boolean ? true : false;
  return 0;
}

int cf_util_get_double(const oconfig_item_t *ci, double *ret)
{
  if (ci->values_num != 1 || ci->values[0].type != OCONFIG_TYPE_NUMBER)
    return EINVAL;
  *ret = ci->values[0].value.number;
  return 0;
}

int cf_util_get_port_number(const oconfig_item_t *ci)
{
  double d;

  if (ci->values_num != 1)
    return -1;
  if (ci->values[0].type == OCONFIG_TYPE_NUMBER)
    d = ci->values[0].value.number;
  else
    d = strtod(ci->values[0].value.string, NULL);
  return d >= 1 && d <= 65535 ? (int)d : -1;
}

char *ssnprintf_alloc(char const *format, ...)
{
  char *s = NULL;
  va_list ap;

  va_start(ap, format);
  if (vasprintf(&s, format, ap) < 0)
    s = NULL;
  va_end(ap);
  return s;
}

int cf_util_get_cdtime(const oconfig_item_t *ci, cdtime_t *ret)
{
  if (ci->values_num != 1 || ci->values[0].type != OCONFIG_TYPE_NUMBER ||
      ci->values[0].value.number < 0)
    return EINVAL;
  *ret = DOUBLE_TO_CDTIME_T(ci->values[0].value.number);
  return 0;
}

/* Logs the message once, until released: the stub reports once. */
static void stub_complain(int level, c_complain_t *c, const char *format, va_list ap)
{
  char msg[1024];

  if (c->interval > 0)
    return;
  c->interval = 1;
  vsnprintf(msg, sizeof(msg), format, ap);
  plugin_log(level, "%s", msg);
}

void c_complain(int level, c_complain_t *c, const char *format, ...)
{
  va_list ap;

  va_start(ap, format);
  stub_complain(level, c, format, ap);
  va_end(ap);
}

void c_complain_once(int level, c_complain_t *c, const char *format, ...)
{
  va_list ap;

  va_start(ap, format);
  stub_complain(level, c, format, ap);
  va_end(ap);
}

void c_do_release(int level, c_complain_t *c, const char *format, ...)
{
  char msg[1024];
  va_list ap;

  if (c->interval == 0)
    return;
  c->interval = 0;
  va_start(ap, format);
  vsnprintf(msg, sizeof(msg), format, ap);
  va_end(ap);
  plugin_log(level, "%s", msg);
}

/* ---- config trees ---- */

static oconfig_item_t *add_child(oconfig_item_t *parent, const char *key)
{
  oconfig_item_t *tmp = realloc(parent->children, (parent->children_num + 1) * sizeof(*tmp));
  oconfig_item_t *ci;

  assert(tmp != NULL);
  parent->children = tmp;
  ci = &parent->children[parent->children_num++];
  memset(ci, 0, sizeof(*ci));
  ci->key = strdup(key);
  ci->parent = parent;
  return ci;
}

static void set_value(oconfig_item_t *ci, oconfig_value_t v)
{
  ci->values = malloc(sizeof(*ci->values));
  assert(ci->values != NULL);
  ci->values[0] = v;
  ci->values_num = 1;
}

void stub_append_string(oconfig_item_t *option, const char *value)
{
  option->values = realloc(option->values, (option->values_num + 1) * sizeof(*option->values));
  assert(option->values != NULL);
  option->values[option->values_num++] =
      (oconfig_value_t){.value.string = strdup(value), .type = OCONFIG_TYPE_STRING};
}

oconfig_item_t *stub_block(const char *key, const char *arg)
{
  oconfig_item_t *ci = calloc(1, sizeof(*ci));

  ci->key = strdup(key);
  if (arg != NULL)
    set_value(ci, (oconfig_value_t){.value.string = strdup(arg), .type = OCONFIG_TYPE_STRING});
  return ci;
}

void stub_add_string(oconfig_item_t *p, const char *key, const char *value)
{
  set_value(add_child(p, key),
            (oconfig_value_t){.value.string = strdup(value), .type = OCONFIG_TYPE_STRING});
}

void stub_add_number(oconfig_item_t *p, const char *key, double value)
{
  set_value(add_child(p, key),
            (oconfig_value_t){.value.number = value, .type = OCONFIG_TYPE_NUMBER});
}

void stub_add_boolean(oconfig_item_t *p, const char *key, int value)
{
  set_value(add_child(p, key),
            (oconfig_value_t){.value.boolean = value, .type = OCONFIG_TYPE_BOOLEAN});
}

oconfig_item_t *stub_add_block(oconfig_item_t *p, const char *key, const char *arg)
{
  oconfig_item_t *ci = add_child(p, key);

  if (arg != NULL)
    set_value(ci, (oconfig_value_t){.value.string = strdup(arg), .type = OCONFIG_TYPE_STRING});
  return ci;
}

static void free_tree(oconfig_item_t *ci)
{
  for (int i = 0; i < ci->values_num; i++)
    if (ci->values[i].type == OCONFIG_TYPE_STRING)
      free(ci->values[i].value.string);
  free(ci->values);
  for (int i = 0; i < ci->children_num; i++)
    free_tree(&ci->children[i]);
  free(ci->children);
  free(ci->key);
}

void stub_free_config(oconfig_item_t *ci)
{
  free_tree(ci);
  free(ci);
}

/* vg_plugin: what every vigil plugin does the same way. */
#include "vg_plugin.h"

#include "collectd/core/utils/common/common.h"

#include "vg_root.h"

void vg_submit(const char *plugin, const char *plugin_instance, const char *type,
               const char *type_instance, gauge_t value)
{
  value_list_t vl = VALUE_LIST_INIT;

  vl.values = &(value_t){.gauge = value};
  vl.values_len = 1;
  sstrncpy(vl.plugin, plugin, sizeof(vl.plugin));
  sstrncpy(vl.plugin_instance, plugin_instance, sizeof(vl.plugin_instance));
  sstrncpy(vl.type, type, sizeof(vl.type));
  sstrncpy(vl.type_instance, type_instance, sizeof(vl.type_instance));
  plugin_dispatch_values(&vl);
}

int vg_config_blocks(oconfig_item_t *ci, const vg_block_kind_t *kind)
{
  int errors = 0;

  for (int i = 0; i < ci->children_num; i++) {
    oconfig_item_t *child = ci->children + i;
    void *instance = NULL;
    if (strcasecmp(kind->block, child->key) != 0) {
      ERROR("%s plugin: Unknown option `%s'; only <%s> blocks are allowed.", kind->plugin,
            child->key, kind->block);
      errors++;
      continue;
    }
    if (kind->parse(child, &instance) != 0) {
      ERROR("%s plugin: %s ignored because of the errors above.", kind->plugin, kind->block);
      errors++;
      continue;
    }
    if (kind->start(instance) != 0) {
      kind->free_fn(instance);
      errors++;
    }
  }
  return errors ? -1 : 0;
}

int vg_start_block(const char *plugin, const char *block, const char *name, vg_worker_fn job,
                   plugin_read_cb read, cdtime_t interval, void *instance, void (*free_fn)(void *),
                   vg_worker_t **worker)
{
  char read_name[DATA_MAX_NAME_LEN * 2];
  int rc;

  *worker = vg_worker_start(job, instance);
  if (*worker == NULL) {
    ERROR("%s plugin: %s \"%s\": cannot start its thread: %s", plugin, block, name, STRERRNO);
    return -1;
  }
  snprintf(read_name, sizeof(read_name), "%s/%s", plugin, name);
  rc = plugin_register_complex_read(NULL, read_name, read, interval,
                                    &(user_data_t){.data = instance, .free_func = free_fn});
  if (rc != 0)
    ERROR("%s plugin: %s \"%s\": cannot register it (is the name used twice?).", plugin, block,
          name);
  return rc;
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

/* vg_plugin: what every vigil plugin does the same way: dispatch one
 * gauge, read a list of blocks of one kind, start a worker and a read
 * callback per block, and log a state only when it changes. */
#ifndef VIGIL_VG_PLUGIN_H
#define VIGIL_VG_PLUGIN_H

#include "collectd/core/daemon/collectd.h"

#include "collectd/core/daemon/plugin.h"
#include "collectd/core/daemon/utils_complain.h"

#include "vg_worker.h"

/* Dispatches one gauge value for plugin/plugin_instance/type-type_instance
 * (host, time and interval filled in by the daemon). */
void vg_submit(const char *plugin, const char *plugin_instance, const char *type,
               const char *type_instance, gauge_t value);

/* The one kind of block a plugin accepts, e.g. <Endpoint "name">. */
typedef struct {
  const char *plugin; /* "vigil_tls" */
  const char *block;  /* "Endpoint" */
  /* Parses one block into *instance; logs its errors and returns -1. */
  int (*parse)(oconfig_item_t *ci, void **instance);
  /* Starts an instance (see vg_start_block). Returns 0 or -1. */
  int (*start)(void *instance);
  void (*free_fn)(void *instance);
} vg_block_kind_t;

/* Parses and starts each child of ci as a block of kind. Another option, a
 * block that does not parse or does not start, is refused with a log line
 * naming it; the other blocks go on. Returns 0, or -1 when anything was
 * refused (collectd then refuses the configuration). */
int vg_config_blocks(oconfig_item_t *ci, const vg_block_kind_t *kind);

/* Starts a worker running job(w, instance), stored in *worker, and
 * registers read under "plugin/name" at interval (0: the global one) with
 * instance as user data, freed by free_fn at shutdown. Returns 0, or -1
 * (logged); on -1 the caller still owns instance. */
int vg_start_block(const char *plugin, const char *block, const char *name, vg_worker_fn job,
                   plugin_read_cb read, cdtime_t interval, void *instance, void (*free_fn)(void *),
                   vg_worker_t **worker);

/* Opens root + path for reading (see vg_root_path). When it cannot, logs
 * "<plugin> plugin: cannot read <file>: <reason>" through complaint (once,
 * then less often) and returns NULL; when it can again, says so once. */
FILE *vg_open_rooted(const char *plugin, const char *root, const char *path,
                     c_complain_t *complaint);

/* The reason last logged for an instance; "" means its OK state was. */
typedef struct {
  char logged[256];
  bool any;
} vg_logstate_t;

/* Returns true, and remembers now, when now ("" for OK) differs from what
 * was logged last or nothing was: the caller logs then, and only then. */
bool vg_logstate_changed(vg_logstate_t *st, const char *now);

#endif

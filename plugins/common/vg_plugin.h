/* vg_plugin: what every vigil plugin does the same way: dispatch one
 * gauge, read a list of blocks of one kind with a read callback and a
 * worker per block, read configuration values, and log a state only when
 * it changes. */
#ifndef VIGIL_VG_PLUGIN_H
#define VIGIL_VG_PLUGIN_H

#include "collectd/core/daemon/collectd.h"

#include "collectd/core/daemon/plugin.h"
#include "collectd/core/daemon/utils_complain.h"

#include "vg_task.h"

/* Dispatches one gauge value for plugin/plugin_instance/type-type_instance
 * (host, time and interval filled in by the daemon). */
void vg_submit(const char *plugin, const char *plugin_instance, const char *type,
               const char *type_instance, gauge_t value);

/* The same for one derive (counter) value, type "derive". */
void vg_submit_derive(const char *plugin, const char *plugin_instance, const char *type_instance,
                      derive_t value);

/* One value for host (NULL: this host, the daemon's Hostname) at time (0:
 * now), as a central collector records something about an agency's host. */
void vg_submit_for(const char *host, cdtime_t time, const char *plugin, const char *plugin_instance,
                   const char *type, const char *type_instance, value_t value);

/* Copies a name from another host or user into out so that it can go into
 * a line of a file the plugin writes: '\\', '\t', '\n' and other control
 * bytes become "\\", "\t", "\n" and "\xHH" (distinct names stay distinct). */
void vg_escape_name(const char *in, char *out, size_t len);

typedef struct vg_block_kind vg_block_kind_t;

/* What every block instance starts with (its first member, so that a
 * vg_block_t * and the instance's pointer are the same). */
typedef struct vg_block {
  const vg_block_kind_t *kind;
  char *name;        /* the block's argument: <Endpoint "name"> */
  cdtime_t interval; /* its read interval; 0: the global one */
  vg_task_t task;    /* its worker, when the kind has a job */
  struct vg_block *next;
} vg_block_t;

/* The one kind of block a plugin accepts, e.g. <Endpoint "name">. */
struct vg_block_kind {
  const char *plugin; /* "vigil_tls" */
  const char *block;  /* "Endpoint" */
  /* Parses one block (see vg_block_begin) into *ret; logs its errors,
   * frees what it made and returns -1. */
  int (*parse)(oconfig_item_t *ci, vg_block_t **ret);
  /* Frees an instance: calls vg_block_end first, then frees the rest. */
  void (*free_fn)(vg_block_t *b);
  plugin_read_cb read; /* called with user_data->data == the instance */
  /* The job run off the read thread, and the size of its result; NULL:
   * the kind has no worker. Workers start in vg_blocks_init. */
  vg_task_fn job;
  size_t result_size;
  /* A top-level option beside the blocks (e.g. StateDir): returns 0 when
   * handled, -1 on an error it logged. NULL: blocks only. */
  int (*option)(oconfig_item_t *ci);
};

/* Starts an instance of kind from ci: reads the block's one string argument
 * into b->name and prepares its task. Returns 0, or -1 (logged). */
int vg_block_begin(vg_block_t *b, const vg_block_kind_t *kind, oconfig_item_t *ci);

/* Stops the instance's worker and frees what vg_block_begin made. Safe on a
 * zeroed b and twice. */
void vg_block_end(vg_block_t *b);

/* Reads the children of ci: each block of kind is parsed and, unless its
 * name is taken already, registered as read callback "plugin/name" with
 * collectd, which owns it from then on (and frees it with free_fn, also
 * when the registration fails). Other options go to kind->option. What is
 * refused is logged, naming the plugin, block and name; the other blocks
 * go on. Returns 0, or -1 when anything was refused (collectd then refuses
 * the configuration). */
int vg_config_blocks(oconfig_item_t *ci, const vg_block_kind_t *kind);

/* The init callback of a plugin with workers: starts the worker of every
 * registered block. Returns 0, or -1 (logged) when one cannot start. */
int vg_blocks_init(void);

/* The last finished result of b's job in out (see vg_task_latest), and
 * asks for the next run. */
bool vg_block_latest(vg_block_t *b, void *out, struct timespec *finished);

/* ---- configuration values, with errors naming plugin, block and option */

/* Where an option is: plugin, and the block and its name (NULL at the top
 * level of <Plugin>). */
typedef struct {
  const char *plugin;
  const char *block;
  const char *name;
} vg_cf_t;

/* The context of an option inside b. */
vg_cf_t vg_cf_of(const vg_block_t *b);

/* Logs "<plugin> plugin: <block> "<name>": The `<option>' option <what>.",
 * "<plugin> plugin: <<block>>: ..." for a block without a name, and
 * "<plugin> plugin: The ..." at the top level. */
void vg_cf_error(const vg_cf_t *cx, const oconfig_item_t *ci, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* One string argument into *dest (the old value freed). */
int vg_cf_string(const vg_cf_t *cx, oconfig_item_t *ci, char **dest);
/* One boolean argument. */
int vg_cf_bool(const vg_cf_t *cx, oconfig_item_t *ci, bool *dest);
/* One number within [min, max], checked before any conversion. */
int vg_cf_number(const vg_cf_t *cx, oconfig_item_t *ci, double min, double max, double *dest);
/* A number of seconds in (0, max]. */
int vg_cf_seconds(const vg_cf_t *cx, oconfig_item_t *ci, double max, double *dest);
/* A whole number within [min, max]. */
int vg_cf_count(const vg_cf_t *cx, oconfig_item_t *ci, uint64_t min, uint64_t max, uint64_t *dest);
/* An interval of seconds in (0, 86400]. */
int vg_cf_interval(const vg_cf_t *cx, oconfig_item_t *ci, cdtime_t *dest);
/* A time zone (see vt_parse_zone): *offset gets its seconds east of UTC. */
int vg_cf_timezone(const vg_cf_t *cx, oconfig_item_t *ci, int *offset);
/* A program and its arguments: the first an absolute path, at most max
 * words; argv (max + 1 entries, NULL-terminated) is replaced. */
int vg_cf_argv(const vg_cf_t *cx, oconfig_item_t *ci, char **argv, size_t max);
/* One or more strings (what: "domain names"), appended to list[*n], which
 * holds at most max. */
int vg_cf_strings(const vg_cf_t *cx, oconfig_item_t *ci, const char *what, char **list, size_t max,
                  size_t *n);
/* One of names (case-insensitive); *dest gets its index. */
int vg_cf_choice(const vg_cf_t *cx, oconfig_item_t *ci, const char *const *names, size_t n,
                 int *dest);

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

/* collectd_stub: the few collectd daemon symbols a vigil plugin uses, for
 * unit tests that include the plugin's source. Dispatched values and log
 * lines are recorded for the test to inspect. */
#ifndef VIGIL_COLLECTD_STUB_H
#define VIGIL_COLLECTD_STUB_H

#include "collectd/core/daemon/collectd.h"

#include "collectd/core/daemon/plugin.h"
#include "liboconfig/oconfig.h"

#define STUB_MAX_VALUES 256
#define STUB_MAX_LOGS 256
#define STUB_MAX_READS 64

typedef struct {
  char host[DATA_MAX_NAME_LEN]; /* "" for the daemon's own */
  char plugin_instance[DATA_MAX_NAME_LEN];
  char type[DATA_MAX_NAME_LEN];
  char type_instance[DATA_MAX_NAME_LEN];
  double value;
  cdtime_t time; /* as dispatched: 0 for "now" */
} stub_value_t;

/* What plugin_get_interval returns (10 s unless a test sets it). */
extern cdtime_t stub_interval;

extern stub_value_t stub_values[STUB_MAX_VALUES];
extern int stub_values_num;
extern char stub_logs[STUB_MAX_LOGS][1024];
extern int stub_log_levels[STUB_MAX_LOGS];
extern int stub_logs_num;

/* Registered callbacks. */
extern int (*stub_config_cb)(oconfig_item_t *);
typedef struct {
  char name[256];
  plugin_read_cb cb;
  user_data_t ud;
} stub_read_t;
extern stub_read_t stub_reads[STUB_MAX_READS];
extern int stub_reads_num;

/* Callbacks registered with plugin_register_init/read/shutdown. */
extern int (*stub_init_cb)(void);
extern int (*stub_simple_read_cb)(void);
extern int (*stub_shutdown_cb)(void);
extern int (*stub_notification_cb)(const notification_t *, user_data_t *);

/* The match registered with fc_register_match (its name in stub_match_name). */
#include "collectd/core/daemon/filter_chain.h"
extern match_proc_t stub_match;
extern char stub_match_name[64];

/* Forgets every recorded value and log line. */
void stub_reset_records(void);

/* Frees the user data of every registered read callback, as collectd does
 * at shutdown, and forgets them. */
void stub_shutdown(void);

/* Registers a read callback that does nothing under name, as another
 * plugin would, so that collectd refuses the next registration of it. */
void stub_take_read_name(const char *name);

/* Returns the last dispatched value for pinst/type/tinst, or NULL. */
const stub_value_t *stub_find(const char *pinst, const char *type, const char *tinst);

/* The same for host (as dispatched: "" for the daemon's own). */
const stub_value_t *stub_find_host(const char *host, const char *pinst, const char *type,
                                   const char *tinst);

/* Returns 1 when a log line contains needle. */
int stub_log_contains(const char *needle);

/* Builds config trees: a block with a string argument, and its options. */
oconfig_item_t *stub_block(const char *key, const char *arg);
void stub_add_string(oconfig_item_t *parent, const char *key, const char *value);
void stub_add_number(oconfig_item_t *parent, const char *key, double value);
void stub_add_boolean(oconfig_item_t *parent, const char *key, int value);
/* Appends a string value to an option (for options taking several). */
void stub_append_string(oconfig_item_t *option, const char *value);
oconfig_item_t *stub_add_block(oconfig_item_t *parent, const char *key, const char *arg);
void stub_free_config(oconfig_item_t *ci);

#endif

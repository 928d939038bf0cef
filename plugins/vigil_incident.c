/* vigil_incident: incidents opened by collectd's FAILURE notifications and
 * closed by OKAY, journalled to disk so they survive a restart (directive
 * items "respond to incidents" and "handle incidents promptly").
 *
 * <Plugin vigil_incident>
 *   Team "soc"                                  # plugin instance; default "default"
 *   Journal "/var/lib/vigil/incidents.journal"  # appended and fsync'd
 *   AckDir "/var/spool/vigil/acks"              # where vigil-checkin --ack writes
 * </Plugin>
 *
 * An incident is keyed by host/plugin-instance/type-instance of the
 * notification: a FAILURE opens one unless that key is open already, an
 * OKAY closes it. A person acknowledges one with `vigil-checkin --ack ID`;
 * the plugin journals the acknowledgement with its time and person at its
 * next read. Journal lines (tab-separated): "open ID TIME KEY MESSAGE",
 * "ack ID TIME PERSON", "close ID TIME". At start the journal is replayed:
 * incidents still open stay open; a torn last line (a crash mid-write) is
 * cut off. Dispatches vigil_incident/<team> count-open and
 * duration-oldest_open_age (when one is open).
 */
#include "collectd/core/daemon/collectd.h"

#include "collectd/core/daemon/plugin.h"
#include "collectd/core/utils/common/common.h"

#include "common/vg_plugin.h"

#include <dirent.h>
#include <pthread.h>

#define INC_MAX_OPEN 4096

typedef struct {
  char id[32];
  char key[6 * DATA_MAX_NAME_LEN];
  time_t opened;
  bool acked;
} inc_open_t;

static char *inc_team;
static char *inc_journal;
static char *inc_ackdir;
static inc_open_t inc_open[INC_MAX_OPEN];
static size_t inc_n_open;
static unsigned long inc_seq;
static pthread_mutex_t inc_lock = PTHREAD_MUTEX_INITIALIZER;

/* ---- journal ---- */

/* Appends one line and syncs it. Returns 0, or -1 (logged). */
static int inc_append(const char *line)
{
  int fd = open(inc_journal, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0640);
  size_t len = strlen(line);
  int rc = 0;

  if (fd < 0 || write(fd, line, len) != (ssize_t)len || fsync(fd) != 0) {
    ERROR("vigil_incident plugin: cannot write the journal %s: %s", inc_journal, STRERRNO);
    rc = -1;
  }
  if (fd >= 0)
    close(fd);
  return rc;
}

static inc_open_t *inc_find(const char *field, bool by_key)
{
  for (size_t i = 0; i < inc_n_open; i++)
    if (strcmp(by_key ? inc_open[i].key : inc_open[i].id, field) == 0)
      return &inc_open[i];
  return NULL;
}

static void inc_remove(inc_open_t *inc)
{
  *inc = inc_open[--inc_n_open];
}

/* Applies one journal line to the open set. */
static void inc_apply(char *line)
{
  char *save = NULL;
  char *verb = strtok_r(line, "\t", &save), *id = strtok_r(NULL, "\t", &save);
  char *when = strtok_r(NULL, "\t", &save), *key = strtok_r(NULL, "\t", &save);
  inc_open_t *inc;
  unsigned long seq;

  if (verb == NULL || id == NULL || when == NULL)
    return;
  if (sscanf(id, "I%lu", &seq) == 1 && seq > inc_seq)
    inc_seq = seq;
  inc = inc_find(id, false);
  if (strcmp(verb, "open") == 0 && key != NULL && inc == NULL && inc_n_open < INC_MAX_OPEN) {
    inc = &inc_open[inc_n_open++];
    memset(inc, 0, sizeof(*inc));
    sstrncpy(inc->id, id, sizeof(inc->id));
    sstrncpy(inc->key, key, sizeof(inc->key));
    inc->opened = (time_t)strtoll(when, NULL, 10);
  } else if (strcmp(verb, "ack") == 0 && inc != NULL) {
    inc->acked = true;
  } else if (strcmp(verb, "close") == 0 && inc != NULL) {
    inc_remove(inc);
  }
}

/* Replays the journal; cuts a torn last line. */
static int inc_replay(void)
{
  FILE *fp = fopen(inc_journal, "r");
  char line[2048];
  long good = 0;

  if (fp == NULL)
    return errno == ENOENT ? 0 : -1;
  while (fgets(line, sizeof(line), fp) != NULL) {
    if (strchr(line, '\n') == NULL)
      break; /* torn: written partly when collectd died */
    good = ftell(fp);
    line[strcspn(line, "\n")] = '\0';
    inc_apply(line);
  }
  fseek(fp, 0, SEEK_END);
  if (ftell(fp) != good) {
    WARNING("vigil_incident plugin: %s: a torn last line (from a crash) was cut off.", inc_journal);
    if (truncate(inc_journal, good) != 0)
      ERROR("vigil_incident plugin: cannot cut %s: %s", inc_journal, STRERRNO);
  }
  fclose(fp);
  return 0;
}

/* ---- notifications ---- */

static void inc_key(const notification_t *n, char *key, size_t len)
{
  snprintf(key, len, "%s/%s%s%s/%s%s%s", n->host, n->plugin, n->plugin_instance[0] ? "-" : "",
           n->plugin_instance, n->type, n->type_instance[0] ? "-" : "", n->type_instance);
}

static int inc_notify(const notification_t *n, user_data_t *ud)
{
  char key[6 * DATA_MAX_NAME_LEN], line[4096], msg[NOTIF_MAX_MSG_LEN];
  time_t now = CDTIME_T_TO_TIME_T(n->time ? n->time : cdtime());
  inc_open_t *inc;

  (void)ud;
  if (n->severity != NOTIF_FAILURE && n->severity != NOTIF_OKAY)
    return 0;
  inc_key(n, key, sizeof(key));
  sstrncpy(msg, n->message, sizeof(msg));
  for (char *p = msg; *p; p++)
    if (*p == '\t' || *p == '\n')
      *p = ' ';
  pthread_mutex_lock(&inc_lock);
  inc = inc_find(key, true);
  if (n->severity == NOTIF_FAILURE && inc == NULL && inc_n_open < INC_MAX_OPEN) {
    inc = &inc_open[inc_n_open];
    memset(inc, 0, sizeof(*inc));
    snprintf(inc->id, sizeof(inc->id), "I%lu", ++inc_seq);
    sstrncpy(inc->key, key, sizeof(inc->key));
    inc->opened = now;
    snprintf(line, sizeof(line), "open\t%.31s\t%lld\t%.768s\t%.1024s\n", inc->id, (long long)now,
             key, msg);
    if (inc_append(line) == 0) {
      inc_n_open++;
      INFO("vigil_incident plugin: incident %s opened: %s (%s).", inc->id, key, msg);
    }
  } else if (n->severity == NOTIF_OKAY && inc != NULL) {
    snprintf(line, sizeof(line), "close\t%.31s\t%lld\n", inc->id, (long long)now);
    if (inc_append(line) == 0) {
      INFO("vigil_incident plugin: incident %s closed after %lld s.", inc->id,
           (long long)(now - inc->opened));
      inc_remove(inc);
    }
  }
  pthread_mutex_unlock(&inc_lock);
  return 0;
}

/* ---- acknowledgements ---- */

/* Journals acknowledgements written by vigil-checkin --ack: AckDir/<id>
 * holding "time person". */
static void inc_read_acks(void)
{
  for (size_t i = 0; i < inc_n_open; i++) {
    char path[PATH_MAX], buf[256], person[128] = "", line[512];
    long long t = 0;
    FILE *fp;
    if (inc_open[i].acked)
      continue;
    snprintf(path, sizeof(path), "%.3900s/%.31s", inc_ackdir, inc_open[i].id);
    if ((fp = fopen(path, "r")) == NULL)
      continue;
    if (fgets(buf, sizeof(buf), fp) != NULL && sscanf(buf, "%lld %127s", &t, person) >= 1) {
      snprintf(line, sizeof(line), "ack\t%.31s\t%lld\t%.127s\n", inc_open[i].id, t, person);
      if (inc_append(line) == 0) {
        inc_open[i].acked = true;
        INFO("vigil_incident plugin: incident %s acknowledged by %s after %lld s.", inc_open[i].id,
             person, t - (long long)inc_open[i].opened);
      }
    }
    fclose(fp);
  }
}

static int inc_read(void)
{
  time_t now = time(NULL), oldest = 0;
  size_t open;

  pthread_mutex_lock(&inc_lock);
  inc_read_acks();
  open = inc_n_open;
  for (size_t i = 0; i < inc_n_open; i++)
    if (oldest == 0 || inc_open[i].opened < oldest)
      oldest = inc_open[i].opened;
  pthread_mutex_unlock(&inc_lock);
  vg_submit("vigil_incident", inc_team, "count", "open", (gauge_t)open);
  if (open > 0)
    vg_submit("vigil_incident", inc_team, "duration", "oldest_open_age",
              difftime(now, oldest) > 0 ? difftime(now, oldest) : 0);
  return 0;
}

/* ---- configuration ---- */

static int inc_config(oconfig_item_t *ci)
{
  int errors = 0;

  for (int i = 0; i < ci->children_num; i++) {
    oconfig_item_t *c = ci->children + i;
    int rc;
    if (strcasecmp(c->key, "Team") == 0)
      rc = cf_util_get_string(c, &inc_team);
    else if (strcasecmp(c->key, "Journal") == 0)
      rc = cf_util_get_string(c, &inc_journal);
    else if (strcasecmp(c->key, "AckDir") == 0)
      rc = cf_util_get_string(c, &inc_ackdir);
    else {
      ERROR("vigil_incident plugin: Unknown option `%s'.", c->key);
      rc = -1;
    }
    if (rc != 0)
      ERROR("vigil_incident plugin: the `%s' option needs one string.", c->key);
    errors += rc != 0;
  }
  return errors ? -1 : 0;
}

static int inc_init(void)
{
  if (inc_team == NULL)
    inc_team = sstrdup("default");
  if (inc_journal == NULL)
    inc_journal = sstrdup("/var/lib/vigil/incidents.journal");
  if (inc_ackdir == NULL)
    inc_ackdir = sstrdup("/var/spool/vigil/acks");
  if (inc_replay() != 0) {
    ERROR("vigil_incident plugin: cannot read the journal %s: %s", inc_journal, STRERRNO);
    return -1;
  }
  if (inc_n_open > 0)
    INFO("vigil_incident plugin: %zu incident(s) still open from the journal.", inc_n_open);
  return 0;
}

static int inc_shutdown(void)
{
  sfree(inc_team);
  sfree(inc_journal);
  sfree(inc_ackdir);
  inc_n_open = 0;
  inc_seq = 0;
  return 0;
}

void module_register(void)
{
  plugin_register_complex_config("vigil_incident", inc_config);
  plugin_register_init("vigil_incident", inc_init);
  plugin_register_read("vigil_incident", inc_read);
  plugin_register_notification("vigil_incident", inc_notify, NULL);
  plugin_register_shutdown("vigil_incident", inc_shutdown);
}

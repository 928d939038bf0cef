/* vigil_accounts: the users and log-ins of a host (directive item "secure
 * the servers, databases and users"): extra UID-0 accounts, accounts with
 * an empty password, whether sshd refuses root log-in and password
 * authentication, and failed authentications in the auth log.
 *
 * <Plugin vigil_accounts>
 *   RootDir "/"                          # every path below is read under it
 *   Passwd "/etc/passwd"
 *   Shadow "/etc/shadow"
 *   SSHDConfig "/etc/ssh/sshd_config"    # with its Include and Match blocks
 *   SSHDCommand "/usr/sbin/sshd" "-T"    # optional: sshd's own global values
 *   AuthLog "/var/log/auth.log"          # "" to leave the auth log out
 *   MaxReadBytes 1048576                 # of the auth log per interval
 * </Plugin>
 *
 * Dispatches vigil_accounts/system users-uid0 and users-empty_password,
 * vigil_accounts/sshd vigil_state-root_login_disabled and
 * vigil_state-password_auth_disabled, and vigil_accounts/authlog
 * derive-failed_logins (a counter from the start of collectd: lines
 * already in the log are not counted). sshd's configuration is judged the
 * way sshd reads it: the first value of a keyword wins, Include files are
 * read where they stand, and a Match block that sets PermitRootLogin or
 * PasswordAuthentication to anything but "no" means it is not disabled
 * for everyone. With SSHDCommand, the global values come from sshd itself
 * (run on a worker thread with a 10 s limit; `sshd -T` needs root), the
 * Match blocks still from the files, which it does not report; when the
 * command fails the files alone decide. Root log-in counts as disabled only
 * with "no"
 * ("prohibit-password" still lets root in with a key). A file that cannot
 * be read is logged once and its values are not sent.
 */
#include "collectd/core/daemon/collectd.h"

#include "collectd/core/daemon/plugin.h"
#include "collectd/core/daemon/utils_complain.h"
#include "collectd/core/utils/common/common.h"

#include "common/vg_plugin.h"
#include "common/vg_root.h"
#include "common/vg_spawn.h"
#include "common/vg_tail.h"
#include "common/vg_task.h"
#include "textscan.h"

#include <glob.h>

#define ACC_MAX_INCLUDE_DEPTH 8
#define ACC_MAX_ARGS 16

typedef struct {
  char *root;
  char *passwd;
  char *shadow;
  char *sshd_config;
  char *auth_log;
  uint64_t max_read;
  vg_tail_t tail;
  bool tail_ready;
  derive_t failed;
  char *sshd_argv[ACC_MAX_ARGS + 1]; /* SSHDCommand, or none */
  vg_task_t sshd_task;               /* runs SSHDCommand, when given */
  c_complain_t passwd_complaint, shadow_complaint, sshd_complaint, log_complaint;
} acc_config_t;

static acc_config_t acc;

/* What sshd's configuration says about the two settings we judge. */
typedef struct {
  char root_login[32];    /* first global PermitRootLogin, "" when unset */
  char password_auth[32]; /* first global PasswordAuthentication */
  bool match_allows_root; /* a Match block sets PermitRootLogin to not "no" */
  bool match_allows_password;
  bool in_match;
  int errors; /* Include files that could not be read */
} acc_sshd_t;

/* ---- parsers (testable on their own) ---- */

/* Counts UID-0 accounts other than root in a passwd file. Malformed lines
 * are skipped. */
static int acc_count_uid0(FILE *fp)
{
  char line[4096];
  int n = 0;

  while (fgets(line, sizeof(line), fp) != NULL) {
    char *name = line, *colon1 = strchr(line, ':'), *colon2, *uid;
    if (colon1 == NULL || line[0] == '#')
      continue;
    colon2 = strchr(colon1 + 1, ':');
    if (colon2 == NULL)
      continue;
    uid = colon2 + 1;
    *colon1 = '\0';
    if (strncmp(uid, "0:", 2) == 0 && strcmp(name, "root") != 0)
      n++;
  }
  return n;
}

/* Counts accounts whose password hash field is empty in a shadow file
 * ("!" and "*" lock an account: they are not empty). */
static int acc_count_empty_password(FILE *fp)
{
  char line[4096];
  int n = 0;

  while (fgets(line, sizeof(line), fp) != NULL) {
    char *colon = strchr(line, ':');
    if (colon == NULL || line[0] == '#')
      continue;
    if (colon[1] == ':')
      n++;
  }
  return n;
}

/* Splits "Keyword value" (or "Keyword=value"); returns false for blank
 * and comment lines. */
static bool acc_sshd_split(char *line, char **key, char **value)
{
  char *p = line;

  while (*p == ' ' || *p == '\t')
    p++;
  if (*p == '\0' || *p == '#' || *p == '\n' || *p == '\r')
    return false;
  *key = p;
  while (*p && *p != ' ' && *p != '\t' && *p != '=' && *p != '\n' && *p != '\r')
    p++;
  if (*p)
    *p++ = '\0';
  while (*p == ' ' || *p == '\t' || *p == '=')
    p++;
  *value = p;
  p[strcspn(p, "\r\n")] = '\0';
  for (size_t n = strlen(p); n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'); n--)
    p[n - 1] = '\0';
  return true;
}

static void acc_sshd_file(const char *root, const char *path, acc_sshd_t *st, int depth);

/* An Include line: each word is a glob, relative to /etc/ssh. */
static void acc_sshd_include(const char *root, const char *value, acc_sshd_t *st, int depth)
{
  char word[PATH_MAX];
  int n;

  for (const char *p = value; (n = vs_next_word(&p, " \t", word, sizeof(word))) != 0;) {
    char pattern[PATH_MAX], full[PATH_MAX];
    glob_t g;
    if (n < 0)
      continue; /* longer than any path */
    if (snprintf(pattern, sizeof(pattern), "%s%s", word[0] == '/' ? "" : "/etc/ssh/", word) >=
            (int)sizeof(pattern) ||
        vg_root_path(root, pattern, full, sizeof(full)) != 0)
      continue;
    if (glob(full, 0, NULL, &g) == 0) {
      for (size_t i = 0; i < g.gl_pathc; i++)
        acc_sshd_file(root, g.gl_pathv[i], st, depth + 1); /* its Includes: under root too */
    }
    globfree(&g);
  }
}

/* Applies one keyword to st. */
static void acc_sshd_keyword(const char *root, const char *key, char *value, acc_sshd_t *st,
                             int depth)
{
  if (strcasecmp(key, "Match") == 0) {
    (void)value;
    st->in_match = true; /* even "Match all" overrides the global settings */
  } else if (strcasecmp(key, "Include") == 0) {
    acc_sshd_include(root, value, st, depth);
  } else if (strcasecmp(key, "PermitRootLogin") == 0) {
    if (st->in_match)
      st->match_allows_root |= strcasecmp(value, "no") != 0;
    else if (st->root_login[0] == '\0')
      sstrncpy(st->root_login, value, sizeof(st->root_login));
  } else if (strcasecmp(key, "PasswordAuthentication") == 0) {
    if (st->in_match)
      st->match_allows_password |= strcasecmp(value, "no") != 0;
    else if (st->password_auth[0] == '\0')
      sstrncpy(st->password_auth, value, sizeof(st->password_auth));
  }
}

/* Reads one sshd configuration file (path already under the root). */
static void acc_sshd_file(const char *root, const char *path, acc_sshd_t *st, int depth)
{
  char line[4096], *key, *value;
  FILE *fp;
  bool was_in_match = st->in_match;

  if (depth > ACC_MAX_INCLUDE_DEPTH || (fp = fopen(path, "r")) == NULL) {
    st->errors++;
    return;
  }
  while (fgets(line, sizeof(line), fp) != NULL)
    if (acc_sshd_split(line, &key, &value))
      acc_sshd_keyword(root, key, value, st, depth);
  fclose(fp);
  if (depth > 0)
    st->in_match = was_in_match; /* a Match in an included file ends with it */
}

/* Judges sshd's configuration; the defaults apply to unset keywords. */
static void acc_sshd_judge(const acc_sshd_t *st, bool *root_disabled, bool *password_disabled)
{
  *root_disabled = strcasecmp(st->root_login, "no") == 0 && !st->match_allows_root;
  *password_disabled = strcasecmp(st->password_auth, "no") == 0 && !st->match_allows_password;
}

/* A failed authentication, as sshd, PAM and su write them. */
static bool acc_is_failed_login(const char *line)
{
  static const char *const needles[] = {"Failed password for ", "Failed publickey for ",
                                        "Invalid user ",        "authentication failure;",
                                        "FAILED SU ",           "Failed keyboard-interactive"};

  for (size_t i = 0; i < sizeof(needles) / sizeof(needles[0]); i++)
    if (strstr(line, needles[i]) != NULL)
      return true;
  return false;
}

/* Reads `sshd -T` output: lower-case "keyword value" lines. */
static void acc_sshd_t_output(const char *out, char *root, char *password, size_t len)
{
  for (const char *line = out; line != NULL && *line; line = strchr(line, '\n')) {
    if (*line == '\n')
      line++;
    if (strncmp(line, "permitrootlogin ", 16) == 0)
      snprintf(root, len, "%.*s", (int)strcspn(line + 16, "\n"), line + 16);
    else if (strncmp(line, "passwordauthentication ", 23) == 0)
      snprintf(password, len, "%.*s", (int)strcspn(line + 23, "\n"), line + 23);
  }
}

/* sshd's two global values from one run of SSHDCommand, "" when not given. */
typedef struct {
  char root[32], password[32];
} acc_sshd_run_t;

/* Runs SSHDCommand (on the task's thread). */
static void acc_sshd_job(vg_worker_t *w, void *instance, void *result)
{
  acc_sshd_run_t *run = result;
  vg_spawn_result_t res;

  (void)w;
  (void)instance;
  if (vg_spawn(acc.sshd_argv, 10, 1 << 20, &res) == 0) {
    if (res.status == 0)
      acc_sshd_t_output(vg_dynbuf_str(&res.out), run->root, run->password, sizeof(run->root));
    vg_spawn_result_free(&res);
  }
}

/* ---- configuration ---- */

static int acc_config_option(oconfig_item_t *ci)
{
  const vg_cf_t cx = {.plugin = "vigil_accounts"};

  if (strcasecmp(ci->key, "RootDir") == 0)
    return vg_cf_string(&cx, ci, &acc.root);
  if (strcasecmp(ci->key, "Passwd") == 0)
    return vg_cf_string(&cx, ci, &acc.passwd);
  if (strcasecmp(ci->key, "Shadow") == 0)
    return vg_cf_string(&cx, ci, &acc.shadow);
  if (strcasecmp(ci->key, "SSHDConfig") == 0)
    return vg_cf_string(&cx, ci, &acc.sshd_config);
  if (strcasecmp(ci->key, "AuthLog") == 0)
    return vg_cf_string(&cx, ci, &acc.auth_log);
  if (strcasecmp(ci->key, "SSHDCommand") == 0)
    return vg_cf_argv(&cx, ci, acc.sshd_argv, ACC_MAX_ARGS);
  if (strcasecmp(ci->key, "MaxReadBytes") == 0)
    return vg_cf_count(&cx, ci, VG_TAIL_READ_MIN, VG_TAIL_READ_MAX, &acc.max_read);
  ERROR("vigil_accounts plugin: Unknown option `%s'.", ci->key);
  return -1;
}

static int acc_config(oconfig_item_t *ci)
{
  int errors = 0;

  for (int i = 0; i < ci->children_num; i++)
    errors += acc_config_option(ci->children + i) != 0;
  return errors ? -1 : 0;
}

/* Fills the defaults and checks the paths. */
static int acc_init(void)
{
  char probe[PATH_MAX];
  const char **paths[] = {(const char **)&acc.passwd, (const char **)&acc.shadow,
                          (const char **)&acc.sshd_config, (const char **)&acc.auth_log};
  const char *defaults[] = {"/etc/passwd", "/etc/shadow", "/etc/ssh/sshd_config",
                            "/var/log/auth.log"};

  if (acc.root == NULL && (acc.root = strdup("/")) == NULL)
    return -1;
  if (acc.max_read == 0)
    acc.max_read = VG_TAIL_READ_DEFAULT;
  for (size_t i = 0; i < 4; i++) {
    if (*paths[i] == NULL && (*paths[i] = strdup(defaults[i])) == NULL)
      return -1;
    if ((*paths[i])[0] != '\0' && vg_root_path(acc.root, *paths[i], probe, sizeof(probe)) != 0) {
      ERROR("vigil_accounts plugin: \"%s\" must be an absolute path without \"..\".", *paths[i]);
      return -1;
    }
  }
  C_COMPLAIN_INIT(&acc.passwd_complaint);
  C_COMPLAIN_INIT(&acc.shadow_complaint);
  C_COMPLAIN_INIT(&acc.sshd_complaint);
  C_COMPLAIN_INIT(&acc.log_complaint);
  if (acc.sshd_argv[0] != NULL &&
      (vg_task_init(&acc.sshd_task, acc_sshd_job, NULL, sizeof(acc_sshd_run_t)) != 0 ||
       vg_task_start(&acc.sshd_task) != 0)) {
    ERROR("vigil_accounts plugin: cannot start a thread for SSHDCommand: %s", STRERRNO);
    return -1;
  }
  return 0;
}

/* ---- read ---- */

/* Opens a file under the root; logs once (complaint) when it cannot. */
static FILE *acc_open(const char *path, c_complain_t *complaint)
{
  return vg_open_rooted("vigil_accounts", acc.root, path, complaint);
}

static void acc_read_system(void)
{
  FILE *fp = acc_open(acc.passwd, &acc.passwd_complaint);

  if (fp != NULL) {
    vg_submit("vigil_accounts", "system", "users", "uid0", acc_count_uid0(fp));
    fclose(fp);
  }
  fp = acc_open(acc.shadow, &acc.shadow_complaint);
  if (fp != NULL) {
    vg_submit("vigil_accounts", "system", "users", "empty_password", acc_count_empty_password(fp));
    fclose(fp);
  }
}

static void acc_read_sshd(void)
{
  char full[PATH_MAX];
  acc_sshd_t st;
  bool root_disabled, password_disabled;

  memset(&st, 0, sizeof(st));
  vg_root_path(acc.root, acc.sshd_config, full, sizeof(full));
  acc_sshd_file(acc.root, full, &st, 0);
  if (st.errors > 0) {
    c_complain(LOG_WARNING, &acc.sshd_complaint,
               "vigil_accounts plugin: cannot read %s or a file it includes: sshd's settings "
               "are not sent.",
               full);
    return;
  }
  c_release(LOG_INFO, &acc.sshd_complaint, "vigil_accounts plugin: %s is readable again.", full);
  acc_sshd_run_t run;
  if (acc.sshd_argv[0] != NULL && vg_task_latest(&acc.sshd_task, &run, NULL)) {
    /* sshd's own global values, when its last run gave them */
    if (run.root[0] != '\0')
      sstrncpy(st.root_login, run.root, sizeof(st.root_login));
    if (run.password[0] != '\0')
      sstrncpy(st.password_auth, run.password, sizeof(st.password_auth));
  }
  vg_task_kick(&acc.sshd_task);
  acc_sshd_judge(&st, &root_disabled, &password_disabled);
  vg_submit("vigil_accounts", "sshd", "vigil_state", "root_login_disabled", root_disabled);
  vg_submit("vigil_accounts", "sshd", "vigil_state", "password_auth_disabled", password_disabled);
}

static void acc_count_line(const char *line, size_t len, void *arg)
{
  (void)len;
  if (acc_is_failed_login(line))
    (*(derive_t *)arg)++;
}

static void acc_read_authlog(void)
{
  char full[PATH_MAX];

  if (acc.auth_log[0] == '\0')
    return;
  if (!acc.tail_ready) {
    vg_root_path(acc.root, acc.auth_log, full, sizeof(full));
    if (vg_tail_init(&acc.tail, full) != 0)
      return;
    acc.tail_ready = true;
  }
  if (vg_tail_read(&acc.tail, acc.max_read, acc_count_line, &acc.failed) < 0) {
    c_complain(LOG_WARNING, &acc.log_complaint, "vigil_accounts plugin: cannot read %s: %s",
               acc.tail.path, STRERRNO);
    return;
  }
  c_release(LOG_INFO, &acc.log_complaint, "vigil_accounts plugin: %s is readable again.",
            acc.tail.path);
  vg_submit_derive("vigil_accounts", "authlog", "failed_logins", acc.failed);
}

static int acc_read(void)
{
  acc_read_system();
  acc_read_sshd();
  acc_read_authlog();
  return 0;
}

static int acc_shutdown(void)
{
  vg_task_destroy(&acc.sshd_task);
  for (size_t i = 0; i < ACC_MAX_ARGS; i++)
    sfree(acc.sshd_argv[i]);
  if (acc.tail_ready)
    vg_tail_destroy(&acc.tail);
  acc.tail_ready = false;
  sfree(acc.root);
  sfree(acc.passwd);
  sfree(acc.shadow);
  sfree(acc.sshd_config);
  sfree(acc.auth_log);
  return 0;
}

void module_register(void)
{
  plugin_register_complex_config("vigil_accounts", acc_config);
  plugin_register_init("vigil_accounts", acc_init);
  plugin_register_read("vigil_accounts", acc_read);
  plugin_register_shutdown("vigil_accounts", acc_shutdown);
}

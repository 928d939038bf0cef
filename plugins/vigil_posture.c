/* vigil_posture: the hardening of a host (directive items "strengthen the
 * firewall, intrusion detection, anti-malware and operating systems" and
 * "encrypt in transit"): firewall, IDS and anti-malware running, signature
 * age, pending updates, and services listening in cleartext or exposing a
 * database.
 *
 * <Plugin vigil_posture>
 *   RootDir "/"                       # /proc, /var/lib and flag files under it
 *   <Network>
 *     CleartextPorts 21 23 110 143    # default; 80 too unless AllowHTTP true
 *     AllowHTTP false
 *     DatabasePorts 3306 5432 1433 1521 27017 6379 9200
 *   </Network>
 *   <IDS>
 *     Process "suricata" "snort"      # running when any of them runs
 *   </IDS>
 *   <Antivirus>
 *     Process "clamd"
 *     SignatureDir "/var/lib/clamav"
 *   </Antivirus>
 *   <Packages>
 *     Command "/usr/bin/apt-get" "-s" "-o" "Debug::NoLocking=1" "upgrade"
 *     RefreshInterval 3600            # seconds between runs of the command
 *     Timeout 120
 *     RebootFlag "/var/run/reboot-required"
 *   </Packages>
 *   <Firewall>
 *     Command "/usr/sbin/nft" "list" "ruleset"   # or iptables-save
 *     RefreshInterval 60
 *     Timeout 10
 *   </Firewall>
 * </Plugin>
 *
 * collectd drops an empty block: give each block at least one option.
 * Dispatches under plugin vigil_posture: net/count-cleartext_listeners and
 * count-exposed_db_listeners (listening TCP sockets on those ports, not on
 * loopback, from the kernel's socket diagnostics, or /proc/net/tcp and tcp6
 * under a RootDir), ids/vigil_state-running,
 * antivirus/vigil_state-running and duration-signature_age (from the build
 * time in the newest ClamAV database header, else the file's mtime),
 * os/count-pending_updates, count-pending_security_updates and
 * vigil_state-reboot_required, firewall/vigil_state-active and count-rules.
 * Commands run on worker threads with a time limit and without a shell;
 * their last good figures are sent until they are older than three
 * refresh intervals, then nothing is (the report shows no data).
 */
#include "collectd/core/daemon/collectd.h"

#include "collectd/core/daemon/plugin.h"
#include "collectd/core/daemon/utils_complain.h"
#include "collectd/core/utils/common/common.h"

#include "common/vg_plugin.h"
#include "common/vg_root.h"
#include "common/vg_spawn.h"
#include "common/vg_task.h"
#include "textscan.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>

#define PO_MAX_PORTS 64
#define PO_MAX_NAMES 16
#define PO_MAX_ARGS 32
#define PO_MAX_OUTPUT (4 * 1024 * 1024)

typedef struct {
  bool enabled;
  int cleartext[PO_MAX_PORTS];
  size_t n_cleartext;
  int database[PO_MAX_PORTS];
  size_t n_database;
  bool allow_http;
} po_network_t;

typedef struct {
  bool enabled;
  char *names[PO_MAX_NAMES];
  size_t n_names;
  char *signature_dir; /* antivirus only */
} po_process_t;

/* What one run of a command gave. */
typedef struct {
  bool ok;           /* it ran and its output was read */
  double figures[2]; /* when ok */
  char why[256];     /* why it failed, "" when it did not */
} po_run_t;

/* A command run on a task every RefreshInterval, its last good figures
 * kept by the read callback. */
typedef struct {
  bool enabled;
  const char *what; /* "Packages" or "Firewall" */
  char *argv[PO_MAX_ARGS + 1];
  double timeout;
  double refresh;
  char *reboot_flag;
  vg_task_t task;
  /* read thread only: */
  bool have; /* figures from a good run */
  double figures[2];
  struct timespec at; /* when they were taken (monotonic) */
  struct timespec last_run;
  bool ran;
  vg_logstate_t logstate;
} po_command_t;

static char *po_root;
static po_network_t po_net;
static po_process_t po_ids, po_av;
static po_command_t po_pkg = {.what = "Packages"}, po_fw = {.what = "Firewall"};
static c_complain_t po_proc_complaint, po_net_complaint, po_sig_complaint;

/* ---- parsers (testable on their own) ---- */

static bool po_port_in(int port, const int *ports, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (ports[i] == port)
      return true;
  return false;
}

/* True for 127.0.0.0/8, ::1 and ::ffff:127.x as /proc/net/tcp{,6} write
 * them (each 32-bit word in host order, hex). */
static bool po_is_loopback(const char *hex)
{
  size_t n = strlen(hex);

  if (n == 8)
    return strncasecmp(hex + 6, "7F", 2) == 0;
  if (n == 32)
    return strcasecmp(hex, "00000000000000000000000001000000") == 0 ||
           (strncasecmp(hex, "0000000000000000FFFF0000", 24) == 0 &&
            strncasecmp(hex + 30, "7F", 2) == 0);
  return false;
}

/* Counts sockets in /proc/net/tcp-format text that listen (state 0A) on
 * one of ports, on an address other than loopback. Malformed lines are
 * skipped. */
static int po_count_listeners(FILE *fp, const int *ports, size_t n_ports)
{
  char line[512], slot[16], local[64], remote[64], state[8];
  int count = 0;

  while (fgets(line, sizeof(line), fp) != NULL) {
    /* "  0: 0100007F:0019 00000000:0000 0A ..." */
    const char *p = line, *port_at;
    unsigned long long port;
    char *colon;
    if (vs_next_word(&p, " \t\n", slot, sizeof(slot)) <= 0 ||
        vs_next_word(&p, " \t\n", local, sizeof(local)) <= 0 ||
        vs_next_word(&p, " \t\n", remote, sizeof(remote)) <= 0 ||
        vs_next_word(&p, " \t\n", state, sizeof(state)) <= 0 || strcmp(state, "0A") != 0)
      continue;
    colon = strchr(local, ':');
    if (colon == NULL)
      continue;
    *colon = '\0';
    port_at = colon + 1;
    if (vs_read_ull(&port_at, 16, &port) != 0 || *port_at != '\0' || port > 65535)
      continue;
    if (po_port_in((int)port, ports, n_ports) && !po_is_loopback(local))
      count++;
  }
  return count;
}

/* True for an inet_diag socket address on loopback: 127.0.0.0/8, ::1 and
 * ::ffff:127.x. */
static bool po_diag_loopback(int family, const uint32_t addr[4])
{
  const unsigned char *b = (const unsigned char *)addr;
  static const unsigned char v6_loop[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  static const unsigned char v4_mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

  if (family == AF_INET)
    return b[0] == 127;
  return memcmp(b, v6_loop, 16) == 0 || (memcmp(b, v4_mapped, 12) == 0 && b[12] == 127);
}

/* Counts listening TCP sockets of family on one of each port list, beyond
 * loopback, with the kernel's socket diagnostics (what ss -l uses): only
 * listening sockets are visited, where /proc/net/tcp walks every bucket of
 * the connection table. Returns 0 with the counts, or -1 when the kernel
 * refuses (the caller then reads /proc). */
static int po_diag_listeners(int family, const int *cl, size_t n_cl, const int *db, size_t n_db,
                             int *clear, int *exposed)
{
  struct {
    struct nlmsghdr nlh;
    struct inet_diag_req_v2 req;
  } msg;
  struct sockaddr_nl nl = {.nl_family = AF_NETLINK};
  char buf[16384];
  int fd, rc = -1;

  fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0)
    return -1;
  memset(&msg, 0, sizeof(msg));
  msg.nlh.nlmsg_len = sizeof(msg);
  msg.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  msg.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  msg.req.sdiag_family = (uint8_t)family;
  msg.req.sdiag_protocol = IPPROTO_TCP;
  msg.req.idiag_states = 1U << 10; /* TCP_LISTEN */
  if (sendto(fd, &msg, sizeof(msg), 0, (struct sockaddr *)&nl, sizeof(nl)) < 0)
    goto out;
  for (;;) {
    ssize_t len = recv(fd, buf, sizeof(buf), 0);
    if (len <= 0)
      goto out;
    for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)len);
         h = NLMSG_NEXT(h, len)) {
      if (h->nlmsg_type == NLMSG_DONE) {
        rc = 0;
        goto out;
      }
      if (h->nlmsg_type == NLMSG_ERROR)
        goto out;
      const struct inet_diag_msg *d = NLMSG_DATA(h);
      int port = ntohs(d->id.idiag_sport);
      if (po_diag_loopback(family, d->id.idiag_src))
        continue;
      *clear += po_port_in(port, cl, n_cl);
      *exposed += po_port_in(port, db, n_db);
    }
  }
out:
  close(fd);
  return rc;
}

/* The build time of a ClamAV database from its 512-byte header
 * "ClamAV-VDB:time:version:sigs:flevel:md5:dsig:builder:stime": stime
 * (seconds since the epoch) when present. Returns -1 when the text is not
 * such a header. */
static time_t po_cvd_time(const char *header, size_t len)
{
  char buf[513];
  const char *last;
  unsigned long long t;

  if (len < 11 || strncmp(header, "ClamAV-VDB:", 11) != 0)
    return -1;
  snprintf(buf, sizeof(buf), "%.*s", (int)(len < 512 ? len : 512), header);
  buf[strcspn(buf, "\n")] = '\0';
  for (size_t n = strlen(buf); n > 0 && buf[n - 1] == ' '; n--)
    buf[n - 1] = '\0';
  last = strrchr(buf, ':');
  if (last == NULL)
    return -1;
  last++;
  while (*last == ' ')
    last++;
  if (vs_read_ull(&last, 10, &t) != 0 || *last != '\0' || t == 0 ||
      t > (unsigned long long)INT64_MAX)
    return -1;
  return (time_t)t;
}

/* Counts "Inst" lines of `apt-get -s upgrade`, and those from a security
 * archive ("-security" in the origin, or "Debian-Security"). */
static void po_apt_counts(const char *out, int *pending, int *security)
{
  *pending = *security = 0;
  for (const char *line = out; line != NULL && *line; line = strchr(line, '\n')) {
    if (*line == '\n')
      line++;
    if (strncmp(line, "Inst ", 5) != 0)
      continue;
    size_t len = strcspn(line, "\n");
    char copy[1024];
    snprintf(copy, sizeof(copy), "%.*s", (int)(len < sizeof(copy) - 1 ? len : sizeof(copy) - 1),
             line);
    (*pending)++;
    if (strstr(copy, "-security") != NULL || strstr(copy, "Debian-Security") != NULL)
      (*security)++;
  }
}

/* What a ruleset says: how many rules, and whether inbound traffic is
 * denied by default (a policy drop on an input-hook chain, or that chain's
 * last rule drops or rejects everything). */
typedef struct {
  int rules;
  bool default_deny;
  bool has_input;
} po_ruleset_t;

/* A rule that drops or rejects whatever reaches it (an optional counter
 * before the verdict, no match). */
static bool po_is_final_drop(const char *rule)
{
  unsigned long long packets, bytes;
  const char *p = rule;

  if (vs_skip_prefix(&p, "counter packets ") && vs_read_ull(&p, 10, &packets) == 0 &&
      vs_skip_prefix(&p, " bytes ") && vs_read_ull(&p, 10, &bytes) == 0 && *p == ' ')
    rule = p + strspn(p, " ");
  return strcmp(rule, "drop") == 0 || strncmp(rule, "reject", 6) == 0;
}

static void po_trim(char *s)
{
  char *p = s;
  size_t n;

  while (*p == ' ' || *p == '\t')
    p++;
  memmove(s, p, strlen(p) + 1);
  n = strlen(s);
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
    s[--n] = '\0';
}

/* Copies the next line of *p (trimmed, cut to len) into line and moves *p
 * past it. Returns false at the end. */
static bool po_next_line(const char **p, char *line, size_t len)
{
  size_t n;

  if (*p == NULL || **p == '\0')
    return false;
  n = strcspn(*p, "\n");
  snprintf(line, len, "%.*s", (int)(n < len - 1 ? n : len - 1), *p);
  *p += (*p)[n] ? n + 1 : n;
  po_trim(line);
  return true;
}

/* `nft list ruleset` text. */
static void po_nft_judge(const char *out, po_ruleset_t *rs)
{
  char line[1024], last_rule[1024] = "";
  bool in_chain = false, input = false, policy_drop = false;

  memset(rs, 0, sizeof(*rs));
  for (const char *p = out; po_next_line(&p, line, sizeof(line));) {
    if (strncmp(line, "chain ", 6) == 0) {
      in_chain = true;
      input = policy_drop = false;
      last_rule[0] = '\0';
    } else if (in_chain && strncmp(line, "type filter hook input", 22) == 0) {
      input = true;
      rs->has_input = true;
      policy_drop = strstr(line, "policy drop") != NULL;
    } else if (in_chain && strcmp(line, "}") == 0) {
      if (input && (policy_drop || po_is_final_drop(last_rule)))
        rs->default_deny = true;
      in_chain = false;
    } else if (in_chain && line[0] != '\0' && line[0] != '#' && strncmp(line, "type ", 5) != 0) {
      rs->rules++;
      sstrncpy(last_rule, line, sizeof(last_rule));
    }
  }
}

/* `iptables-save` text: ":INPUT DROP" policy, or a last "-A INPUT -j DROP". */
static void po_iptables_judge(const char *out, po_ruleset_t *rs)
{
  char line[1024], last_input[1024] = "";
  bool policy_drop = false;

  memset(rs, 0, sizeof(*rs));
  for (const char *p = out; po_next_line(&p, line, sizeof(line));) {
    if (strncmp(line, ":INPUT ", 7) == 0) {
      rs->has_input = true;
      policy_drop = strncmp(line + 7, "DROP", 4) == 0;
    } else if (strncmp(line, "-A ", 3) == 0) {
      rs->rules++;
      if (strncmp(line, "-A INPUT ", 9) == 0)
        sstrncpy(last_input, line, sizeof(last_input));
    }
  }
  rs->default_deny = policy_drop || strcmp(last_input, "-A INPUT -j DROP") == 0 ||
                     strncmp(last_input, "-A INPUT -j REJECT", 18) == 0;
}

/* ---- configuration ---- */

static int po_config_ports(const vg_cf_t *cx, oconfig_item_t *ci, int *ports, size_t *n)
{
  bool ok = ci->values_num > 0 && ci->values_num <= PO_MAX_PORTS;

  for (int i = 0; ok && i < ci->values_num; i++) {
    double d = ci->values[i].value.number;
    ok = ci->values[i].type == OCONFIG_TYPE_NUMBER && d >= 1 && d <= 65535 && d == (int)d;
  }
  if (!ok) {
    vg_cf_error(cx, ci, "needs port numbers (1-65535), at most %d", PO_MAX_PORTS);
    return -1;
  }
  *n = 0;
  for (int i = 0; i < ci->values_num; i++)
    ports[(*n)++] = (int)ci->values[i].value.number;
  return 0;
}

static int po_config_network(oconfig_item_t *ci)
{
  static const int cleartext[] = {21, 23, 110, 143};
  static const int database[] = {3306, 5432, 1433, 1521, 27017, 6379, 9200};
  const vg_cf_t cx = {.plugin = "vigil_posture", .block = ci->key};

  po_net.enabled = true;
  memcpy(po_net.cleartext, cleartext, sizeof(cleartext));
  po_net.n_cleartext = 4;
  memcpy(po_net.database, database, sizeof(database));
  po_net.n_database = 7;
  for (int i = 0; i < ci->children_num; i++) {
    oconfig_item_t *c = ci->children + i;
    int rc;
    if (strcasecmp(c->key, "CleartextPorts") == 0)
      rc = po_config_ports(&cx, c, po_net.cleartext, &po_net.n_cleartext);
    else if (strcasecmp(c->key, "DatabasePorts") == 0)
      rc = po_config_ports(&cx, c, po_net.database, &po_net.n_database);
    else if (strcasecmp(c->key, "AllowHTTP") == 0)
      rc = vg_cf_bool(&cx, c, &po_net.allow_http);
    else {
      ERROR("vigil_posture plugin: <%s>: Unknown option `%s'.", ci->key, c->key);
      rc = -1;
    }
    if (rc != 0)
      return -1;
  }
  if (!po_net.allow_http && !po_port_in(80, po_net.cleartext, po_net.n_cleartext) &&
      po_net.n_cleartext < PO_MAX_PORTS)
    po_net.cleartext[po_net.n_cleartext++] = 80;
  return 0;
}

static int po_config_process(oconfig_item_t *ci, po_process_t *pr, bool antivirus)
{
  const vg_cf_t cx = {.plugin = "vigil_posture", .block = ci->key};

  pr->enabled = true;
  for (int i = 0; i < ci->children_num; i++) {
    oconfig_item_t *c = ci->children + i;
    int rc;
    if (strcasecmp(c->key, "Process") == 0)
      rc = vg_cf_strings(&cx, c, "process names", pr->names, PO_MAX_NAMES, &pr->n_names);
    else if (antivirus && strcasecmp(c->key, "SignatureDir") == 0)
      rc = vg_cf_string(&cx, c, &pr->signature_dir);
    else {
      ERROR("vigil_posture plugin: <%s>: Unknown option `%s'.", ci->key, c->key);
      rc = -1;
    }
    if (rc != 0)
      return -1;
  }
  if (pr->n_names == 0) {
    ERROR("vigil_posture plugin: <%s>: The `Process' option is required.", ci->key);
    return -1;
  }
  return 0;
}

static int po_config_command(oconfig_item_t *ci, po_command_t *cmd, double refresh)
{
  const vg_cf_t cx = {.plugin = "vigil_posture", .block = cmd->what};

  cmd->enabled = true;
  cmd->timeout = cmd == &po_pkg ? 120 : 10;
  cmd->refresh = refresh;
  for (int i = 0; i < ci->children_num; i++) {
    oconfig_item_t *c = ci->children + i;
    int rc;
    if (strcasecmp(c->key, "Command") == 0)
      rc = vg_cf_argv(&cx, c, cmd->argv, PO_MAX_ARGS);
    else if (strcasecmp(c->key, "Timeout") == 0)
      rc = vg_cf_seconds(&cx, c, 3600, &cmd->timeout);
    else if (strcasecmp(c->key, "RefreshInterval") == 0)
      rc = vg_cf_seconds(&cx, c, 7 * 86400, &cmd->refresh);
    else if (cmd == &po_pkg && strcasecmp(c->key, "RebootFlag") == 0)
      rc = vg_cf_string(&cx, c, &cmd->reboot_flag);
    else {
      ERROR("vigil_posture plugin: <%s>: Unknown option `%s'.", cmd->what, c->key);
      rc = -1;
    }
    if (rc != 0)
      return -1;
  }
  return 0;
}

/* The default commands, when a block gives none. */
static void po_default_argv(po_command_t *cmd)
{
  static const char *const apt[] = {"/usr/bin/apt-get",   "-s",      "-o",
                                    "Debug::NoLocking=1", "upgrade", NULL};
  static const char *const nft[] = {"/usr/sbin/nft", "list", "ruleset", NULL};
  const char *const *def = cmd == &po_pkg ? apt : nft;

  if (cmd->argv[0] != NULL)
    return;
  for (size_t i = 0; def[i] != NULL; i++)
    cmd->argv[i] = sstrdup(def[i]);
}

static int po_config(oconfig_item_t *ci)
{
  int errors = 0;

  for (int i = 0; i < ci->children_num; i++) {
    oconfig_item_t *c = ci->children + i;
    int rc;
    if (strcasecmp(c->key, "RootDir") == 0)
      rc = vg_cf_string(&(vg_cf_t){.plugin = "vigil_posture"}, c, &po_root);
    else if (strcasecmp(c->key, "Network") == 0)
      rc = po_config_network(c);
    else if (strcasecmp(c->key, "IDS") == 0)
      rc = po_config_process(c, &po_ids, false);
    else if (strcasecmp(c->key, "Antivirus") == 0)
      rc = po_config_process(c, &po_av, true);
    else if (strcasecmp(c->key, "Packages") == 0)
      rc = po_config_command(c, &po_pkg, 3600);
    else if (strcasecmp(c->key, "Firewall") == 0)
      rc = po_config_command(c, &po_fw, 60);
    else {
      ERROR("vigil_posture plugin: Unknown option `%s'.", c->key);
      rc = -1;
    }
    if (rc != 0) {
      ERROR("vigil_posture plugin: <%s> ignored because of the errors above.", c->key);
      errors++;
    }
  }
  return errors ? -1 : 0;
}

/* ---- commands on workers ---- */

/* Runs the command once (on the task's thread). */
static void po_command_job(vg_worker_t *w, void *instance, void *result)
{
  po_command_t *cmd = instance;
  po_run_t *run = result;
  vg_spawn_result_t res;

  (void)w;
  if (vg_spawn(cmd->argv, cmd->timeout, PO_MAX_OUTPUT, &res) != 0) {
    snprintf(run->why, sizeof(run->why), "cannot run %s: %s", cmd->argv[0], STRERRNO);
    return;
  }
  const char *out = vg_dynbuf_str(&res.out);
  if (res.timed_out) {
    snprintf(run->why, sizeof(run->why), "%s took longer than %g s and was stopped", cmd->argv[0],
             cmd->timeout);
  } else if (res.status != 0) {
    snprintf(run->why, sizeof(run->why), "%s exited with status %d", cmd->argv[0], res.status);
  } else if (cmd == &po_pkg) {
    int pending, security;
    po_apt_counts(out, &pending, &security);
    run->figures[0] = pending;
    run->figures[1] = security;
    run->ok = true;
  } else {
    po_ruleset_t rs;
    if (strstr(out, "*filter") != NULL || strncmp(out, "# Generated by iptables", 23) == 0)
      po_iptables_judge(out, &rs);
    else
      po_nft_judge(out, &rs);
    run->figures[0] = rs.default_deny;
    run->figures[1] = rs.rules;
    run->ok = true;
  }
  vg_spawn_result_free(&res);
}

/* Asks for a run when the last one is RefreshInterval old; never waits. */
static void po_command_tick(po_command_t *cmd)
{
  struct timespec now;

  clock_gettime(CLOCK_MONOTONIC, &now);
  if (!cmd->ran || (double)(now.tv_sec - cmd->last_run.tv_sec) >= cmd->refresh) {
    if (cmd->ran)
      vg_task_kick(&cmd->task); /* the task ran once at its start */
    cmd->last_run = now;
    cmd->ran = true;
  }
}

/* The figures when they are fresh enough to send (at most three refresh
 * intervals old); logs the reason of a failed run once. */
static bool po_command_figures(po_command_t *cmd, double figures[2])
{
  struct timespec now, finished;
  po_run_t run;

  if (!vg_task_latest(&cmd->task, &run, &finished))
    return false;
  if (run.ok) {
    memcpy(cmd->figures, run.figures, sizeof(cmd->figures));
    cmd->at = finished;
    cmd->have = true;
  }
  clock_gettime(CLOCK_MONOTONIC, &now);
  bool have = cmd->have && (double)(now.tv_sec - cmd->at.tv_sec) <= 3 * cmd->refresh + cmd->timeout;
  memcpy(figures, cmd->figures, sizeof(cmd->figures));
  bool had_problem = cmd->logstate.any && cmd->logstate.logged[0] != '\0';
  if (vg_logstate_changed(&cmd->logstate, run.why)) {
    if (run.why[0] != '\0')
      WARNING("vigil_posture plugin: <%s>: %s; the last good figures are kept for a while.",
              cmd->what, run.why);
    else if (had_problem)
      INFO("vigil_posture plugin: <%s>: the command runs again.", cmd->what);
  }
  return have;
}

/* ---- read ---- */

static FILE *po_open(const char *path, c_complain_t *complaint)
{
  return vg_open_rooted("vigil_posture", po_root, path, complaint);
}

static void po_read_network(void)
{
  const char *files[] = {"/proc/net/tcp", "/proc/net/tcp6"};
  int clear = 0, db = 0, opened = 0;

  /* the live system: ask the kernel for listening sockets only */
  if ((po_root == NULL || strcmp(po_root, "/") == 0) &&
      po_diag_listeners(AF_INET, po_net.cleartext, po_net.n_cleartext, po_net.database,
                        po_net.n_database, &clear, &db) == 0 &&
      po_diag_listeners(AF_INET6, po_net.cleartext, po_net.n_cleartext, po_net.database,
                        po_net.n_database, &clear, &db) == 0) {
    vg_submit("vigil_posture", "net", "count", "cleartext_listeners", clear);
    vg_submit("vigil_posture", "net", "count", "exposed_db_listeners", db);
    return;
  }
  clear = db = 0;
  for (size_t i = 0; i < 2; i++) {
    FILE *fp = po_open(files[i], &po_net_complaint);
    if (fp == NULL)
      continue;
    opened++;
    clear += po_count_listeners(fp, po_net.cleartext, po_net.n_cleartext);
    rewind(fp);
    db += po_count_listeners(fp, po_net.database, po_net.n_database);
    fclose(fp);
  }
  if (opened == 0)
    return;
  vg_submit("vigil_posture", "net", "count", "cleartext_listeners", clear);
  vg_submit("vigil_posture", "net", "count", "exposed_db_listeners", db);
}

/* True when a process of one of the names runs (from /proc/<pid>/comm,
 * which holds at most 15 characters of the name). */
static bool po_process_running(const po_process_t *pr, bool *ok)
{
  char dir[PATH_MAX], comm[64], path[PATH_MAX + 300];
  struct dirent *e;
  DIR *d;
  bool found = false;

  *ok = vg_root_path(po_root, "/proc", dir, sizeof(dir)) == 0 && (d = opendir(dir)) != NULL;
  if (!*ok)
    return false;
  while (!found && (e = readdir(d)) != NULL) {
    if (e->d_name[0] < '1' || e->d_name[0] > '9')
      continue;
    snprintf(path, sizeof(path), "%s/%s/comm", dir, e->d_name);
    FILE *fp = fopen(path, "r");
    if (fp == NULL)
      continue;
    if (fgets(comm, sizeof(comm), fp) != NULL) {
      comm[strcspn(comm, "\n")] = '\0';
      for (size_t i = 0; i < pr->n_names && !found; i++)
        found = strncmp(comm, pr->names[i], 15) == 0 && strlen(comm) == strnlen(pr->names[i], 15);
    }
    fclose(fp);
  }
  closedir(d);
  return found;
}

/* The newest ClamAV database's build time (header, else mtime), or -1. */
static time_t po_signature_time(const char *sigdir)
{
  char dir[PATH_MAX], path[PATH_MAX + 256], header[512];
  struct dirent *e;
  time_t newest = -1;
  DIR *d;

  if (vg_root_path(po_root, sigdir, dir, sizeof(dir)) != 0 || (d = opendir(dir)) == NULL)
    return -1;
  while ((e = readdir(d)) != NULL) {
    size_t n = strlen(e->d_name);
    if (n < 5 || (strcmp(e->d_name + n - 4, ".cvd") != 0 && strcmp(e->d_name + n - 4, ".cld") != 0))
      continue;
    snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
    FILE *fp = fopen(path, "r");
    struct stat st;
    if (fp == NULL)
      continue;
    size_t got = fread(header, 1, sizeof(header), fp);
    time_t t = po_cvd_time(header, got);
    if (t < 0 && fstat(fileno(fp), &st) == 0)
      t = st.st_mtime;
    fclose(fp);
    if (t > newest)
      newest = t;
  }
  closedir(d);
  return newest;
}

static void po_read_processes(void)
{
  bool ok;

  if (po_ids.enabled) {
    bool running = po_process_running(&po_ids, &ok);
    if (ok)
      vg_submit("vigil_posture", "ids", "vigil_state", "running", running);
  }
  if (po_av.enabled) {
    bool running = po_process_running(&po_av, &ok);
    if (ok)
      vg_submit("vigil_posture", "antivirus", "vigil_state", "running", running);
    if (!ok)
      c_complain(LOG_WARNING, &po_proc_complaint, "vigil_posture plugin: cannot read %s/proc",
                 po_root);
    if (po_av.signature_dir != NULL) {
      time_t t = po_signature_time(po_av.signature_dir);
      if (t < 0)
        c_complain(LOG_WARNING, &po_sig_complaint,
                   "vigil_posture plugin: no ClamAV database found in %s", po_av.signature_dir);
      else
        vg_submit("vigil_posture", "antivirus", "duration", "signature_age",
                  difftime(time(NULL), t) > 0 ? difftime(time(NULL), t) : 0);
    }
  }
}

static void po_read_commands(void)
{
  double f[2];
  char flag[PATH_MAX];

  if (po_pkg.enabled) {
    po_command_tick(&po_pkg);
    if (po_command_figures(&po_pkg, f)) {
      vg_submit("vigil_posture", "os", "count", "pending_updates", f[0]);
      vg_submit("vigil_posture", "os", "count", "pending_security_updates", f[1]);
    }
    if (vg_root_path(po_root, po_pkg.reboot_flag, flag, sizeof(flag)) == 0)
      vg_submit("vigil_posture", "os", "vigil_state", "reboot_required", access(flag, F_OK) == 0);
  }
  if (po_fw.enabled) {
    po_command_tick(&po_fw);
    if (po_command_figures(&po_fw, f)) {
      vg_submit("vigil_posture", "firewall", "vigil_state", "active", f[0]);
      vg_submit("vigil_posture", "firewall", "count", "rules", f[1]);
    }
  }
}

static int po_read(void)
{
  if (po_net.enabled)
    po_read_network();
  po_read_processes();
  po_read_commands();
  return 0;
}

static int po_start_command(po_command_t *cmd)
{
  if (!cmd->enabled)
    return 0;
  po_default_argv(cmd);
  if (cmd == &po_pkg && cmd->reboot_flag == NULL)
    cmd->reboot_flag = sstrdup("/var/run/reboot-required");
  if (vg_task_init(&cmd->task, po_command_job, cmd, sizeof(po_run_t)) != 0 ||
      vg_task_start(&cmd->task) != 0) {
    ERROR("vigil_posture plugin: <%s>: cannot start its thread: %s", cmd->what, STRERRNO);
    return -1;
  }
  return 0;
}

static int po_init(void)
{
  C_COMPLAIN_INIT(&po_proc_complaint);
  C_COMPLAIN_INIT(&po_net_complaint);
  C_COMPLAIN_INIT(&po_sig_complaint);
  if (po_root == NULL)
    po_root = sstrdup("/");
  if (po_start_command(&po_pkg) != 0 || po_start_command(&po_fw) != 0)
    return -1;
  return 0;
}

static void po_free_command(po_command_t *cmd)
{
  vg_task_destroy(&cmd->task);
  for (size_t i = 0; i < PO_MAX_ARGS; i++)
    sfree(cmd->argv[i]);
  sfree(cmd->reboot_flag);
  cmd->enabled = cmd->have = cmd->ran = false;
}

static void po_free_process(po_process_t *pr)
{
  for (size_t i = 0; i < pr->n_names; i++)
    sfree(pr->names[i]);
  sfree(pr->signature_dir);
  memset(pr, 0, sizeof(*pr));
}

static int po_shutdown(void)
{
  po_free_command(&po_pkg);
  po_free_command(&po_fw);
  po_free_process(&po_ids);
  po_free_process(&po_av);
  memset(&po_net, 0, sizeof(po_net));
  sfree(po_root);
  return 0;
}

void module_register(void)
{
  plugin_register_complex_config("vigil_posture", po_config);
  plugin_register_init("vigil_posture", po_init);
  plugin_register_read("vigil_posture", po_read);
  plugin_register_shutdown("vigil_posture", po_shutdown);
}

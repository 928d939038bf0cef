/* Unit tests of the vigil_posture plugin: the parsers of /proc/net/tcp,
 * ClamAV headers, apt and firewall output (fixtures in
 * tests/fixtures/posture), and what a read of a fixture root dispatches
 * with /bin/cat standing in for apt-get and nft. */
#include "collectd_stub.h"
#include "stub_check.h"

#include "vigil_posture.c"

#include "common/vg_deadline.h"
#include "testutil.h"

#include <check.h>

#define FX TOP_SRCDIR "/tests/fixtures/posture/"

static char root[1024];

static void setup(void)
{
  tu_mkdtemp(root, sizeof(root));
  stub_reset_records();
}

static void teardown(void)
{
  po_shutdown();
  tu_rm_rf(root);
}

static char *slurp(const char *path)
{
  FILE *fp = fopen(path, "r");
  char *buf = calloc(1, 1 << 16);

  ck_assert_ptr_nonnull(fp);
  fread(buf, 1, (1 << 16) - 1, fp);
  fclose(fp);
  return buf;
}

START_TEST(test_listeners)
{
  static const int clear[] = {21, 23, 110, 143, 80}, clear_no_http[] = {21, 23, 110, 143};
  static const int db[] = {3306, 5432, 1433, 1521, 27017, 6379, 9200};
  FILE *v4 = fopen(FX "proc-net-tcp.txt", "r"), *v6 = fopen(FX "proc-net-tcp6.txt", "r");

  ck_assert_int_eq(po_count_listeners(v4, clear, 5), 2); /* 21 and 80, not loopback */
  rewind(v4);
  ck_assert_int_eq(po_count_listeners(v4, clear_no_http, 4), 1);
  rewind(v4);
  ck_assert_int_eq(po_count_listeners(v4, db, 7), 0); /* MySQL and PostgreSQL on 127.0.0.1 */
  ck_assert_int_eq(po_count_listeners(v6, db, 7), 1); /* PostgreSQL on :: */
  fclose(v4);
  fclose(v6);
  ck_assert(po_is_loopback("0100007F"));
  ck_assert(!po_is_loopback("0A00000A"));
  ck_assert(po_is_loopback("0000000000000000FFFF00000100007F"));
}
END_TEST

START_TEST(test_cvd_header)
{
  char *h = slurp(FX "daily-header.txt");

  ck_assert_int_eq((long long)po_cvd_time(h, strlen(h)), 1588161514LL);
  ck_assert_int_eq((long long)po_cvd_time("ELF\x02\x01", 5), -1);
  ck_assert_int_eq((long long)po_cvd_time("ClamAV-VDB:no time here", 23), -1);
  free(h);
}
END_TEST

START_TEST(test_apt)
{
  char *out = slurp(FX "apt-upgrade.txt");
  int pending, security;

  po_apt_counts(out, &pending, &security);
  ck_assert_int_eq(pending, 3);
  ck_assert_int_eq(security, 2);
  po_apt_counts("Reading package lists...\n0 upgraded\n", &pending, &security);
  ck_assert_int_eq(pending, 0);
  free(out);
}
END_TEST

static const struct {
  const char *file;
  bool iptables, want_deny;
  int want_rules;
} rulesets[] = {
    {.file = "nft-deny.txt", .iptables = false, .want_deny = true, .want_rules = 3},
    {.file = "nft-final-drop.txt", .iptables = false, .want_deny = true, .want_rules = 3},
    {.file = "nft-open.txt", .iptables = false, .want_deny = false, .want_rules = 2},
    {.file = "nft-empty.txt", .iptables = false},
    {.file = "iptables-deny.txt", .iptables = true, .want_deny = true, .want_rules = 3},
};

START_TEST(test_rulesets)
{
  char path[512], *out;
  po_ruleset_t rs;

  snprintf(path, sizeof(path), FX "%s", rulesets[_i].file);
  out = slurp(path);
  if (rulesets[_i].iptables)
    po_iptables_judge(out, &rs);
  else
    po_nft_judge(out, &rs);
  ck_assert_msg(rs.default_deny == rulesets[_i].want_deny, "%s", rulesets[_i].file);
  ck_assert_int_eq(rs.rules, rulesets[_i].want_rules);
  free(out);
}
END_TEST

static void fake_process(int pid, const char *comm)
{
  char name[64];

  snprintf(name, sizeof(name), "proc/%d/comm", pid);
  tu_write_text(root, name, comm, NULL, 0);
}

/* Waits (at most 5 s) for the command workers, reading meanwhile. */
static void read_until(const char *pinst, const char *type, const char *tinst)
{
  for (int i = 0; i < 100 && stub_find(pinst, type, tinst) == NULL; i++) {
    po_read();
    usleep(50000);
  }
  ck_assert_msg(stub_find(pinst, type, tinst) != NULL, "%s/%s-%s never sent", pinst, type, tinst);
}

START_TEST(test_read_fixture_root)
{
  oconfig_item_t *ci = stub_block("Plugin", "vigil_posture");
  oconfig_item_t *b;
  char tcp[2048];

  char *text = slurp(FX "proc-net-tcp.txt");
  snprintf(tcp, sizeof(tcp), "%s", text);
  free(text);
  tu_write_text(root, "proc/net/tcp", tcp, NULL, 0);
  text = slurp(FX "proc-net-tcp6.txt");
  snprintf(tcp, sizeof(tcp), "%s", text);
  free(text);
  tu_write_text(root, "proc/net/tcp6", tcp, NULL, 0);
  fake_process(1, "systemd\n");
  fake_process(812, "clamd\n");
  tu_write_text(root, "var/lib/clamav/daily.cld", "ClamAV-VDB:x:1:2:3:m:d:b:1588161514", NULL, 0);
  tu_write_text(root, "var/run/reboot-required", "*** System restart required ***\n", NULL, 0);
  stub_add_string(ci, "RootDir", root);
  stub_add_block(ci, "Network", NULL);
  b = stub_add_block(ci, "IDS", NULL);
  stub_add_string(b, "Process", "suricata");
  b = stub_add_block(ci, "Antivirus", NULL);
  stub_add_string(b, "Process", "clamd");
  stub_add_string(b, "SignatureDir", "/var/lib/clamav");
  b = stub_add_block(ci, "Packages", NULL);
  stub_add_string(b, "Command", "/bin/cat"); /* replaced below: two arguments */
  stub_append_string(&b->children[0], FX "apt-upgrade.txt");
  b = stub_add_block(ci, "Firewall", NULL);
  stub_add_string(b, "Command", "/bin/cat");
  stub_append_string(&b->children[0], FX "nft-open.txt");
  module_register();
  ck_assert_int_eq(stub_config_cb(ci), 0);
  ck_assert_int_eq(stub_init_cb(), 0);
  read_until("os", "count", "pending_updates");
  read_until("firewall", "vigil_state", "active");
  ck_assert_double_eq(stub_find("net", "count", "cleartext_listeners")->value, 2);
  ck_assert_double_eq(stub_find("net", "count", "exposed_db_listeners")->value, 1);
  ck_assert_double_eq(stub_find("ids", "vigil_state", "running")->value, 0);
  ck_assert_double_eq(stub_find("antivirus", "vigil_state", "running")->value, 1);
  ck_assert_double_ge(stub_find("antivirus", "duration", "signature_age")->value,
                      (double)(time(NULL) - 1588161514 - 5));
  ck_assert_double_eq(stub_find("os", "count", "pending_updates")->value, 3);
  ck_assert_double_eq(stub_find("os", "count", "pending_security_updates")->value, 2);
  ck_assert_double_eq(stub_find("os", "vigil_state", "reboot_required")->value, 1);
  ck_assert_double_eq(stub_find("firewall", "vigil_state", "active")->value, 0);
  ck_assert_double_eq(stub_find("firewall", "count", "rules")->value, 2);
  stub_free_config(ci);
}
END_TEST

/* Listens on addr (family af) on a free port; returns the socket and the
 * port in *port. */
static int listen_on(int af, const char *addr, int *port)
{
  struct sockaddr_storage ss;
  socklen_t len = af == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
  int fd = socket(af, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;

  memset(&ss, 0, sizeof(ss));
  ss.ss_family = (sa_family_t)af;
  if (af == AF_INET)
    inet_pton(af, addr, &((struct sockaddr_in *)&ss)->sin_addr);
  else
    inet_pton(af, addr, &((struct sockaddr_in6 *)&ss)->sin6_addr);
  if (af == AF_INET6)
    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
  if (fd < 0 || bind(fd, (struct sockaddr *)&ss, len) != 0 || listen(fd, 4) != 0 ||
      getsockname(fd, (struct sockaddr *)&ss, &len) != 0) {
    if (fd >= 0)
      close(fd);
    return -1;
  }
  *port = ntohs(af == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
                              : ((struct sockaddr_in6 *)&ss)->sin6_port);
  return fd;
}

/* The kernel's socket diagnostics count the same listeners as
 * /proc/net/tcp: beyond loopback, on the ports asked, in either list. */
START_TEST(test_diag_listeners)
{
  int any_port, lo_port, db_port, v6_port = -1, clear = 0, db = 0;
  int any = listen_on(AF_INET, "0.0.0.0", &any_port);
  int lo = listen_on(AF_INET, "127.0.0.1", &lo_port);
  int dbs = listen_on(AF_INET, "0.0.0.0", &db_port);
  int v6 = listen_on(AF_INET6, "::", &v6_port);
  int cl_ports[] = {any_port, lo_port, v6_port}, db_ports[] = {db_port};
  FILE *fp;

  ck_assert(any >= 0 && lo >= 0 && dbs >= 0);
  ck_assert_int_eq(po_diag_listeners(AF_INET, cl_ports, 3, db_ports, 1, &clear, &db), 0);
  ck_assert_int_eq(clear, 1); /* 0.0.0.0 counts, 127.0.0.1 does not */
  ck_assert_int_eq(db, 1);
  fp = fopen("/proc/net/tcp", "r");
  ck_assert_ptr_nonnull(fp);
  ck_assert_int_eq(po_count_listeners(fp, cl_ports, 3), clear);
  fclose(fp);
  if (v6 >= 0) { /* a host with IPv6 */
    clear = db = 0;
    ck_assert_int_eq(po_diag_listeners(AF_INET6, cl_ports, 3, db_ports, 1, &clear, &db), 0);
    ck_assert_int_eq(clear, 1);
    ck_assert_int_eq(db, 0);
    close(v6);
  }
  close(any);
  close(lo);
  close(dbs);
}
END_TEST

/* A second Command replaces the first, arguments and all. */
START_TEST(test_command_replaced)
{
  oconfig_item_t *ci = stub_block("Plugin", "vigil_posture");
  oconfig_item_t *b = stub_add_block(ci, "Firewall", NULL);

  stub_add_string(b, "Command", "/usr/sbin/iptables-save");
  stub_append_string(&b->children[0], "-c");
  stub_add_string(b, "Command", "/bin/cat");
  module_register();
  ck_assert_int_eq(stub_config_cb(ci), 0);
  ck_assert_str_eq(po_fw.argv[0], "/bin/cat");
  ck_assert_ptr_null(po_fw.argv[1]);
  stub_free_config(ci);
}
END_TEST

/* A command that hangs is stopped at its timeout, said why, and sends
 * nothing (how long reads take meanwhile: tests/bench/read_latency.c). */
START_TEST(test_command_failures)
{
  oconfig_item_t *ci = stub_block("Plugin", "vigil_posture");
  oconfig_item_t *b;

  stub_add_string(ci, "RootDir", root);
  b = stub_add_block(ci, "Firewall", NULL); /* after RootDir: adding moves siblings */
  stub_add_string(b, "Command", "/bin/sleep");
  stub_append_string(&b->children[0], "30");
  stub_add_number(b, "Timeout", 0.5);
  module_register();
  ck_assert_int_eq(stub_config_cb(ci), 0);
  ck_assert_int_eq(stub_init_cb(), 0);
  for (int i = 0; i < 30 && !stub_log_contains("took longer than"); i++) {
    po_read();
    usleep(50000);
  }
  ck_assert(stub_log_contains("vigil_posture plugin: <Firewall>: /bin/sleep took longer than "
                              "0.5 s and was stopped"));
  ck_assert_ptr_null(stub_find("firewall", "vigil_state", "active"));
  stub_free_config(ci);
}
END_TEST

START_TEST(test_config_refused)
{
  oconfig_item_t *ci = stub_block("Plugin", "vigil_posture");
  oconfig_item_t *b = stub_add_block(ci, "Packages", NULL);

  stub_add_string(b, "Command", "apt-get");
  module_register();
  ck_assert_int_eq(stub_config_cb(ci), -1);
  ck_assert(stub_log_contains("<Packages>: The `Command' option needs the absolute path"));
  ck_assert(stub_log_contains("vigil_posture plugin: <Packages> ignored because of the errors"));
  stub_free_config(ci);
  po_shutdown();
  ci = stub_block("Plugin", "vigil_posture");
  stub_add_block(ci, "IDS", NULL);
  ck_assert_int_eq(stub_config_cb(ci), -1);
  ck_assert(stub_log_contains("<IDS>: The `Process' option is required."));
  stub_free_config(ci);
}
END_TEST

/* Every option is checked before it is converted, with a message naming
 * its block. */
static const stub_bad_option_t bad_options[] = {
    {.block = "Packages",
     .option = "Timeout",
     .number = 0,
     .want_log = "vigil_posture plugin: <Packages>: The `Timeout' option needs a number of "
                 "seconds above 0 and at most 3600."},
    {.block = "Firewall",
     .option = "RefreshInterval",
     .number = 1e12,
     .want_log = "vigil_posture plugin: <Firewall>: The `RefreshInterval' option needs a number of "
                 "seconds above 0 and at most 604800."},
    {.block = "Firewall",
     .option = "Timeout",
     .text = "10s",
     .want_log = "<Firewall>: The `Timeout' option needs a number of seconds above 0"},
    {.block = "Network",
     .option = "CleartextPorts",
     .number = 70000,
     .want_log = "vigil_posture plugin: <Network>: The `CleartextPorts' option needs port numbers "
                 "(1-65535), at most 64."},
    {.block = "Network",
     .option = "AllowHTTP",
     .text = "yes",
     .want_log = "vigil_posture plugin: <Network>: The `AllowHTTP' option needs true or false."},
    {.block = "IDS",
     .option = "Process",
     .text = "",
     .want_log = "vigil_posture plugin: <IDS>: The `Process' option needs process names, at most "
                 "16 in all."},
    {.option = "RootDir",
     .number = 1,
     .want_log = "vigil_posture plugin: The `RootDir' option needs exactly one string argument."},
};

START_TEST(test_config_bad_option)
{
  module_register();
  stub_assert_refuses("vigil_posture", &bad_options[_i]);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("vigil_posture");
  TCase *tc = tcase_create("core");

  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 30);
  tcase_add_test(tc, test_listeners);
  tcase_add_test(tc, test_cvd_header);
  tcase_add_test(tc, test_apt);
  tcase_add_loop_test(tc, test_rulesets, 0, sizeof(rulesets) / sizeof(rulesets[0]));
  tcase_add_test(tc, test_read_fixture_root);
  tcase_add_test(tc, test_command_failures);
  tcase_add_test(tc, test_diag_listeners);
  tcase_add_test(tc, test_command_replaced);
  tcase_add_test(tc, test_config_refused);
  tcase_add_loop_test(tc, test_config_bad_option, 0, sizeof(bad_options) / sizeof(bad_options[0]));
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

/* Unit tests of the vigil_tls plugin: configuration and its refusals, and
 * what is dispatched and logged for endpoints that do not handshake. The
 * handshakes themselves (valid, expired, self-signed, wrong host, TLS 1.0)
 * are tested against real TLS servers in tests/integration/probes.sh. */
#include "collectd_stub.h"

#include "vigil_tls.c"

#include "testutil.h"

#include <check.h>

/* Parses one <Endpoint> block as the plugin does. */
static int parse_endpoint(oconfig_item_t *ci, tls_endpoint_t **ep)
{
  vg_block_t *b = NULL;
  int rc = tls_parse(ci, &b);

  *ep = (tls_endpoint_t *)b;
  return rc;
}

static void setup(void)
{
  stub_reset_records();
}

static void teardown(void)
{
  stub_shutdown();
  stub_reset_records();
}

static const struct {
  const char *key, *value;
  const char *want_log;
} bad_configs[] = {
    {.key = NULL, .value = NULL, .want_log = "Endpoint \"x\": The `Host' option is required."},
    {.key = "MinProtocol",
     .value = "SSLv3",
     .want_log = "The `MinProtocol' option needs one of \"TLSv1\""},
    {.key = "StartTLS",
     .value = "pop3",
     .want_log = "The `StartTLS' option needs one of \"none\", \"smtp\", \"imap\"."},
    {.key = "Port", .value = "https", .want_log = "The `Port' option needs a port number."},
    {.key = "CAFile",
     .value = "/nonexistent/ca.pem",
     .want_log = "cannot load the CA certificates /nonexistent/ca.pem"},
    {.key = "Verify", .value = "no", .want_log = "Endpoint \"x\": Unknown option `Verify'."},
};

START_TEST(test_config_refused)
{
  oconfig_item_t *ci = stub_block("Endpoint", "x");
  tls_endpoint_t *ep = NULL;

  if (bad_configs[_i].key != NULL) {
    stub_add_string(ci, "Host", "localhost");
    stub_add_string(ci, bad_configs[_i].key, bad_configs[_i].value);
  }
  ck_assert_int_eq(parse_endpoint(ci, &ep), -1);
  ck_assert_msg(stub_log_contains(bad_configs[_i].want_log), "wanted: %s; got: %s",
                bad_configs[_i].want_log, stub_logs_num ? stub_logs[0] : "(none)");
  stub_free_config(ci);
}
END_TEST

START_TEST(test_config_defaults)
{
  oconfig_item_t *ci = stub_block("Endpoint", "mail");
  tls_endpoint_t *ep = NULL;

  stub_add_string(ci, "Host", "mail.example.gov.vn");
  stub_add_string(ci, "StartTLS", "smtp");
  ck_assert_int_eq(parse_endpoint(ci, &ep), 0);
  ck_assert_str_eq(ep->port, "25");
  ck_assert_str_eq(ep->server_name, "mail.example.gov.vn");
  ck_assert_int_eq(ep->min_version, TLS1_2_VERSION);
  tls_endpoint_free(&ep->base);
  stub_free_config(ci);
}
END_TEST

/* Nothing listens: handshake_ok is 0 at once, with no version or expiry,
 * and the reason is logged once however many intervals pass. */
START_TEST(test_unreachable_endpoint)
{
  oconfig_item_t *plugin = stub_block("Plugin", "vigil_tls");
  oconfig_item_t *ep = stub_add_block(plugin, "Endpoint", "down");
  char port[8];
  int lfd = tu_listen(port), logged = 0;
  const stub_value_t *v;

  close(lfd);
  stub_add_string(ep, "Host", "127.0.0.1");
  stub_add_string(ep, "Port", port);
  module_register();
  ck_assert_int_eq(stub_config_cb(plugin), 0);
  ck_assert_int_eq(stub_init_cb(), 0);
  for (int i = 0; i < 20; i++) {
    stub_reads[0].cb(&stub_reads[0].ud);
    usleep(20000);
  }
  v = stub_find("down", "vigil_state", "handshake_ok");
  ck_assert_ptr_nonnull(v);
  ck_assert_double_eq(v->value, 0);
  ck_assert_ptr_null(stub_find("down", "gauge", "protocol_version"));
  ck_assert_ptr_null(stub_find("down", "timeleft", "cert_expiry"));
  for (int i = 0; i < stub_logs_num; i++)
    logged += strstr(stub_logs[i], "Endpoint \"down\" (127.0.0.1:") != NULL &&
              strstr(stub_logs[i], "not OK: connect: Connection refused.") != NULL;
  ck_assert_int_eq(logged, 1);
  stub_free_config(plugin);
}
END_TEST

/* A plain-text server: the TLS handshake fails with a reason. */
START_TEST(test_plaintext_server)
{
  oconfig_item_t *ci = stub_block("Endpoint", "plain");
  tls_endpoint_t *ep = NULL;
  tls_result_t res;
  char port[8];
  int lfd = tu_listen(port);

  tu_serve_script(lfd, "HTTP/1.0 400 Bad Request\r\n\r\n", NULL, 100);
  stub_add_string(ci, "Host", "127.0.0.1");
  stub_add_string(ci, "Port", port);
  stub_add_number(ci, "Timeout", 2);
  ck_assert_int_eq(parse_endpoint(ci, &ep), 0);
  tls_probe(ep, &res);
  ck_assert(!res.ok);
  ck_assert_msg(strncmp(res.why, "TLS handshake failed", 20) == 0, "%s", res.why);
  ck_assert_double_eq(res.version, 0);
  tls_endpoint_free(&ep->base);
  stub_free_config(ci);
  close(lfd);
}
END_TEST

/* Two blocks of one name: the second is refused at configuration time,
 * naming plugin, block and name, and the first is registered once. */
START_TEST(test_duplicate_name)
{
  oconfig_item_t *plugin = stub_block("Plugin", "vigil_tls");

  for (int i = 0; i < 2; i++)
    stub_add_string(stub_add_block(plugin, "Endpoint", "a"), "Host", "127.0.0.1");
  module_register();
  ck_assert_int_eq(stub_config_cb(plugin), -1);
  ck_assert(stub_log_contains(
      "vigil_tls plugin: Endpoint \"a\" is defined twice; the second one is ignored."));
  ck_assert_int_eq(stub_reads_num, 1);
  ck_assert_str_eq(stub_reads[0].name, "vigil_tls/a");
  ck_assert_int_eq(stub_init_cb(), 0);
  stub_free_config(plugin);
}
END_TEST

/* A read name collectd refuses: collectd frees the instance, and nothing
 * touches it afterwards (the sanitizers and valgrind watch this test). */
START_TEST(test_registration_refused)
{
  oconfig_item_t *plugin = stub_block("Plugin", "vigil_tls");

  stub_add_string(stub_add_block(plugin, "Endpoint", "a"), "Host", "127.0.0.1");
  stub_take_read_name("vigil_tls/a");
  module_register();
  ck_assert_int_eq(stub_config_cb(plugin), -1);
  ck_assert(
      stub_log_contains("vigil_tls plugin: cannot register the read callback \"vigil_tls/a\""));
  ck_assert_int_eq(stub_init_cb(), 0);
  ck_assert_int_eq(stub_reads_num, 1);
  stub_free_config(plugin);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("vigil_tls");
  TCase *tc = tcase_create("core");

  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 30);
  tcase_add_loop_test(tc, test_config_refused, 0, sizeof(bad_configs) / sizeof(bad_configs[0]));
  tcase_add_test(tc, test_config_defaults);
  tcase_add_test(tc, test_unreachable_endpoint);
  tcase_add_test(tc, test_plaintext_server);
  tcase_add_test(tc, test_duplicate_name);
  tcase_add_test(tc, test_registration_refused);
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

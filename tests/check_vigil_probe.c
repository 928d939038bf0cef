/* Unit tests of the vigil_probe plugin: configuration and its refusals,
 * and probes of loopback peers made here: up, down, silent, and a read loop
 * that twenty hanging services do not delay. */
#include "collectd_stub.h"

#include "vigil_probe.c"

#include "testutil.h"

#include <check.h>

static void teardown(void)
{
  stub_shutdown();
  stub_reset_records();
}

static void setup(void)
{
  stub_reset_records();
}

/* Parses one <Service> block as the plugin does. */
static int parse_service(oconfig_item_t *ci, probe_service_t **s)
{
  vg_block_t *b = NULL;
  int rc = probe_parse(ci, &b);

  *s = (probe_service_t *)b;
  return rc;
}

/* Parses one <Service> block with a single string option plus extras. */
static int config_one(const char *name, const char *key, const char *value, probe_service_t **s)
{
  oconfig_item_t *ci = stub_block("Service", name);
  int rc;

  if (key != NULL)
    stub_add_string(ci, key, value);
  rc = parse_service(ci, s);
  stub_free_config(ci);
  return rc;
}

static const struct {
  const char *key, *value, *extra_key;
  double extra_num;
  const char *want_log;
} bad_configs[] = {
    {.key = NULL,
     .value = NULL,
     .extra_key = NULL,
     .extra_num = 0,
     .want_log = "Service \"x\": give one of URL, SMTP, IMAP, DNS, TCP."},
    {.key = "URL",
     .value = "ftp://portal/",
     .extra_key = NULL,
     .extra_num = 0,
     .want_log = "`URL' must begin with http:// or https://."},
    {.key = "TCP",
     .value = "10.0.0.1",
     .extra_key = NULL,
     .extra_num = 0,
     .want_log = "`TCP' \"10.0.0.1\" is not host:port."},
    {.key = "TCP",
     .value = "[::1:443",
     .extra_key = NULL,
     .extra_num = 0,
     .want_log = "is not host:port"},
    {.key = "SMTP",
     .value = "mail:99999",
     .extra_key = NULL,
     .extra_num = 0,
     .want_log = "`SMTP' \"mail:99999\" is not host:port or host."},
    {.key = "TCP",
     .value = "h:1",
     .extra_key = "ExpectStatus",
     .extra_num = 200,
     .want_log = "`ExpectStatus' does not apply to this kind of probe."},
    {.key = "URL",
     .value = "http://h/",
     .extra_key = "ExpectStatus",
     .extra_num = 99,
     .want_log = "The `ExpectStatus' option needs a whole number between 100 and 599"},
    {.key = "URL",
     .value = "http://h/",
     .extra_key = "Timeout",
     .extra_num = 0,
     .want_log = "The `Timeout' option needs a number of seconds"},
    {.key = "URL",
     .value = "http://h/",
     .extra_key = "Colour",
     .extra_num = 1,
     .want_log = "Service \"x\": Unknown option `Colour'."},
};

START_TEST(test_config_refused)
{
  oconfig_item_t *ci = stub_block("Service", "x");
  probe_service_t *s = NULL;

  if (bad_configs[_i].key)
    stub_add_string(ci, bad_configs[_i].key, bad_configs[_i].value);
  if (bad_configs[_i].extra_key)
    stub_add_number(ci, bad_configs[_i].extra_key, bad_configs[_i].extra_num);
  ck_assert_int_eq(parse_service(ci, &s), -1);
  ck_assert_msg(stub_log_contains(bad_configs[_i].want_log), "wanted log: %s; first: %s",
                bad_configs[_i].want_log, stub_logs_num ? stub_logs[0] : "(none)");
  stub_free_config(ci);
}
END_TEST

START_TEST(test_config_refused_more)
{
  oconfig_item_t *ci = stub_block("Service", "x");
  probe_service_t *s = NULL;

  stub_add_string(ci, "URL", "http://h/");
  stub_add_string(ci, "TCP", "h:1");
  ck_assert_int_eq(parse_service(ci, &s), -1);
  ck_assert(stub_log_contains("give only one of URL, SMTP, IMAP, DNS, TCP."));
  stub_free_config(ci);

  ci = stub_block("Service", "x");
  stub_add_string(ci, "URL", "http://h/");
  stub_add_string(ci, "ExpectBody", "([unclosed");
  ck_assert_int_eq(parse_service(ci, &s), -1);
  ck_assert(stub_log_contains("`ExpectBody' \"([unclosed\" is not a valid regular expression"));
  stub_free_config(ci);

  ci = stub_block("Service", "x");
  stub_add_string(ci, "DNS", "portal.test");
  stub_add_string(ci, "Server", "2001:db8::53");
  ck_assert_int_eq(parse_service(ci, &s), -1);
  ck_assert(stub_log_contains("`Server' \"2001:db8::53\" must be an IPv4 address"));
  stub_free_config(ci);

  ci = stub_block("Service", "x");
  stub_add_string(ci, "IMAP", "mail");
  stub_add_boolean(ci, "TLS", 1);
  stub_add_boolean(ci, "StartTLS", 1);
  ck_assert_int_eq(parse_service(ci, &s), -1);
  ck_assert(stub_log_contains("`StartTLS together with TLS' does not apply"));
  stub_free_config(ci);
}
END_TEST

START_TEST(test_config_defaults)
{
  probe_service_t *s = NULL;
  oconfig_item_t *ci = stub_block("Service", "imaps");

  stub_add_string(ci, "IMAP", "mail.example.gov.vn");
  stub_add_boolean(ci, "TLS", 1);
  ck_assert_int_eq(parse_service(ci, &s), 0);
  ck_assert_str_eq(s->host, "mail.example.gov.vn");
  ck_assert_str_eq(s->port, "993");
  ck_assert_double_eq(s->timeout, 5);
  ck_assert_ptr_nonnull(s->ctx);
  probe_service_free(&s->base);
  stub_free_config(ci);

  ck_assert_int_eq(config_one("smtp", "SMTP", "mail.example.gov.vn", &s), 0);
  ck_assert_str_eq(s->port, "25");
  ck_assert_ptr_null(s->ctx);
  probe_service_free(&s->base);
}
END_TEST

/* Probes once on this thread. */
static probe_result_t run_once(const char *key, const char *value, double timeout)
{
  oconfig_item_t *ci = stub_block("Service", "t");
  probe_service_t *s = NULL;
  probe_result_t r;

  stub_add_string(ci, key, value);
  stub_add_number(ci, "Timeout", timeout);
  ck_assert_int_eq(parse_service(ci, &s), 0);
  probe_run(s, &r);
  probe_service_free(&s->base);
  stub_free_config(ci);
  return r;
}

START_TEST(test_tcp_up_and_down)
{
  char port[8], target[32];
  int lfd = tu_listen(port);
  probe_result_t r;

  snprintf(target, sizeof(target), "127.0.0.1:%s", port);
  r = run_once("TCP", target, 2);
  ck_assert(r.up);
  ck_assert_double_lt(r.response_time, 0.5);
  close(lfd);
  r = run_once("TCP", target, 2);
  ck_assert(!r.up);
  ck_assert_str_eq(r.why, "connect: Connection refused");
}
END_TEST

START_TEST(test_smtp_banner_and_silence)
{
  char port[8], target[32];
  int lfd = tu_listen(port);
  probe_result_t r;

  snprintf(target, sizeof(target), "127.0.0.1:%s", port);
  tu_serve_script(lfd, "220 mail ESMTP\r\n", NULL, 200);
  r = run_once("SMTP", target, 2);
  ck_assert_msg(r.up, "%s", r.why);
  tu_serve_script(lfd, NULL, NULL, 3000); /* accepts, never greets */
  r = run_once("SMTP", target, 0.5);
  ck_assert(!r.up);
  ck_assert_str_eq(r.why, "no answer within the timeout");
  ck_assert_double_lt(r.response_time, 1.5);
  close(lfd);
}
END_TEST

/* Twenty services that accept and never answer, each with a 2 s timeout:
 * every service reads up=0 once its timeout has passed, not later (how
 * long the read callbacks take meanwhile: tests/bench/read_latency.c). */
START_TEST(test_hanging_services_never_delay_reads)
{
  oconfig_item_t *plugin = stub_block("Plugin", "vigil_probe");
  char port[8], target[32], name[16];
  int lfd = tu_listen(port);

  snprintf(target, sizeof(target), "127.0.0.1:%s", port);
  for (int i = 0; i < 20; i++) {
    oconfig_item_t *svc;
    snprintf(name, sizeof(name), "hang%02d", i);
    svc = stub_add_block(plugin, "Service", name);
    stub_add_string(svc, "SMTP", target);
    stub_add_number(svc, "Timeout", 2);
  }
  module_register();
  ck_assert_int_eq(stub_config_cb(plugin), 0);
  ck_assert_int_eq(stub_init_cb(), 0);
  ck_assert_int_eq(stub_reads_num, 20);
  for (int round = 0; round < 40; round++) { /* 4 s of 100 ms intervals */
    for (int i = 0; i < stub_reads_num; i++)
      stub_reads[i].cb(&stub_reads[i].ud);
    usleep(100000);
  }
  for (int i = 0; i < 20; i++) {
    snprintf(name, sizeof(name), "hang%02d", i);
    const stub_value_t *v = stub_find(name, "vigil_state", "up");
    ck_assert_msg(v != NULL, "%s dispatched nothing in 4 s", name);
    ck_assert_double_eq(v->value, 0);
    ck_assert_ptr_null(stub_find(name, "response_time", ""));
  }
  ck_assert(stub_log_contains("vigil_probe plugin: Service \"hang00\" (127.0.0.1:"));
  ck_assert(stub_log_contains("is down: no answer within the timeout."));
  stub_free_config(plugin);
  stub_shutdown();
  close(lfd);
}
END_TEST

/* A down service is logged once, not at every interval. */
START_TEST(test_reason_logged_once)
{
  oconfig_item_t *plugin = stub_block("Plugin", "vigil_probe");
  oconfig_item_t *svc = stub_add_block(plugin, "Service", "gone");
  char port[8], target[32];
  int lfd = tu_listen(port), logged = 0;

  close(lfd);
  snprintf(target, sizeof(target), "127.0.0.1:%s", port);
  stub_add_string(svc, "TCP", target);
  module_register();
  ck_assert_int_eq(stub_config_cb(plugin), 0);
  ck_assert_int_eq(stub_init_cb(), 0);
  for (int round = 0; round < 20; round++) {
    stub_reads[0].cb(&stub_reads[0].ud);
    usleep(20000);
  }
  for (int i = 0; i < stub_logs_num; i++)
    logged += strstr(stub_logs[i], "is down: connect: Connection refused") != NULL;
  ck_assert_int_eq(logged, 1);
  ck_assert_int_ge(stub_values_num, 10);
  stub_free_config(plugin);
}
END_TEST

/* libcurl's reasons carry the time waited ("after 1001 milliseconds"),
 * which differs from probe to probe: one outage is logged once, with the
 * first reason in full; another kind of failure is logged again. */
START_TEST(test_curl_reason_logged_once)
{
  probe_service_t s = {.base.name = "portal", .target = "http://portal/"};
  probe_result_t r;
  int logged = 0;

  memset(&r, 0, sizeof(r));
  probe_curl_failed(&r, CURLE_OPERATION_TIMEDOUT,
                    "Operation timed out after 1001 milliseconds with 0 bytes received");
  probe_log_change(&s, &r);
  memset(&r, 0, sizeof(r));
  probe_curl_failed(&r, CURLE_OPERATION_TIMEDOUT,
                    "Operation timed out after 1000 milliseconds with 0 bytes received");
  probe_log_change(&s, &r);
  ck_assert_int_eq(stub_logs_num, 1);
  ck_assert_str_eq(stub_logs[0],
                   "vigil_probe plugin: Service \"portal\" (http://portal/) is down: "
                   "Operation timed out after 1001 milliseconds with 0 bytes received.");
  memset(&r, 0, sizeof(r));
  probe_curl_failed(&r, CURLE_COULDNT_CONNECT, "");
  probe_log_change(&s, &r);
  ck_assert_int_eq(stub_logs_num, 2);
  ck_assert_str_eq(stub_logs[1], "vigil_probe plugin: Service \"portal\" (http://portal/) is down: "
                                 "Couldn't connect to server.");
  memset(&r, 0, sizeof(r));
  r.up = true;
  probe_log_change(&s, &r);
  ck_assert_int_eq(stub_logs_num, 3);
  ck_assert_str_eq(stub_logs[2], "vigil_probe plugin: Service \"portal\" (http://portal/) is up.");
  for (int i = 0; i < stub_logs_num; i++)
    logged += strstr(stub_logs[i], "is down") != NULL;
  ck_assert_int_eq(logged, 2);
}
END_TEST

/* A web server that never answers, probed by a real libcurl: logged once. */
START_TEST(test_timeout_logged_once)
{
  oconfig_item_t *plugin = stub_block("Plugin", "vigil_probe");
  oconfig_item_t *svc = stub_add_block(plugin, "Service", "slow");
  char port[8], url[48];
  int lfd = tu_listen(port), logged = 0, probes = 0;
  struct timespec last = {0}, finished;
  probe_result_t r;

  snprintf(url, sizeof(url), "http://127.0.0.1:%s/", port);
  stub_add_string(svc, "URL", url);
  stub_add_number(svc, "Timeout", 0.3);
  module_register();
  ck_assert_int_eq(stub_config_cb(plugin), 0);
  ck_assert_int_eq(stub_init_cb(), 0);
  probe_service_t *s = stub_reads[0].ud.data;
  for (int round = 0; round < 300 && probes < 4; round++) { /* at most 6 s */
    stub_reads[0].cb(&stub_reads[0].ud);
    if (vg_task_latest(&s->base.task, &r, &finished) &&
        (finished.tv_sec != last.tv_sec || finished.tv_nsec != last.tv_nsec)) {
      last = finished;
      probes++; /* one more probe finished */
    }
    usleep(20000);
  }
  ck_assert_int_ge(probes, 4);
  for (int i = 0; i < stub_logs_num; i++)
    logged += strstr(stub_logs[i], "vigil_probe plugin: Service \"slow\"") != NULL;
  ck_assert_int_eq(logged, 1);
  ck_assert(stub_log_contains("is down: Operation timed out after"));
  stub_free_config(plugin);
  stub_shutdown();
  close(lfd);
}
END_TEST

/* Two blocks of one name: the second is refused at configuration time,
 * naming plugin, block and name, and the first is registered once. */
START_TEST(test_duplicate_name)
{
  oconfig_item_t *plugin = stub_block("Plugin", "vigil_probe");

  for (int i = 0; i < 2; i++) {
    oconfig_item_t *b = stub_add_block(plugin, "Service", "a");
    stub_add_string(b, "TCP", "127.0.0.1:9");
  }
  module_register();
  ck_assert_int_eq(stub_config_cb(plugin), -1);
  ck_assert(stub_log_contains(
      "vigil_probe plugin: Service \"a\" is defined twice; the second one is ignored."));
  ck_assert_int_eq(stub_reads_num, 1);
  ck_assert_str_eq(stub_reads[0].name, "vigil_probe/a");
  if (stub_init_cb != NULL)
    ck_assert_int_eq(stub_init_cb(), 0);
  stub_free_config(plugin);
}
END_TEST

/* A read name collectd refuses: collectd frees the instance, and nothing
 * touches it afterwards (the sanitizers and valgrind watch this test). */
START_TEST(test_registration_refused)
{
  oconfig_item_t *plugin = stub_block("Plugin", "vigil_probe");
  oconfig_item_t *b = stub_add_block(plugin, "Service", "a");

  stub_add_string(b, "TCP", "127.0.0.1:9");
  stub_take_read_name("vigil_probe/a");
  module_register();
  ck_assert_int_eq(stub_config_cb(plugin), -1);
  ck_assert(
      stub_log_contains("vigil_probe plugin: cannot register the read callback \"vigil_probe/a\""));
  if (stub_init_cb != NULL)
    ck_assert_int_eq(stub_init_cb(), 0);
  ck_assert_int_eq(stub_reads_num, 1);
  stub_free_config(plugin);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("vigil_probe");
  TCase *tc = tcase_create("core");

  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_duplicate_name);
  tcase_add_test(tc, test_registration_refused);
  tcase_set_timeout(tc, 30);
  tcase_add_loop_test(tc, test_config_refused, 0, sizeof(bad_configs) / sizeof(bad_configs[0]));
  tcase_add_test(tc, test_config_refused_more);
  tcase_add_test(tc, test_config_defaults);
  tcase_add_test(tc, test_tcp_up_and_down);
  tcase_add_test(tc, test_smtp_banner_and_silence);
  tcase_add_test(tc, test_hanging_services_never_delay_reads);
  tcase_add_test(tc, test_reason_logged_once);
  tcase_add_test(tc, test_curl_reason_logged_once);
  tcase_add_test(tc, test_timeout_logged_once);
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

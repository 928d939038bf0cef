/* Unit tests of the vigil_transport match: a network user speaks only for
 * its Senders' hosts (first refusal of each pair logged, all counted),
 * values dated ahead are dropped and counted per host, other values pass,
 * and each host's longest arrival delay of an interval is dispatched. */
#include "collectd_stub.h"

#include "vigil_transport.c"

#include "testutil.h"

#include <check.h>
#include <math.h>
#include <time.h>

static void *match;

static oconfig_item_t *config(double max_future)
{
  oconfig_item_t *ci = stub_block("Match", "vigil_transport"), *s;

  s = stub_add_block(ci, "Sender", "a");
  stub_add_string(s, "Host", "agency-a");
  stub_append_string(s->children + s->children_num - 1, "agency-a2");
  s = stub_add_block(ci, "Sender", "b");
  stub_add_string(s, "Host", "agency-b");
  if (max_future >= 0)
    stub_add_number(ci, "MaxFuture", max_future);
  return ci;
}

static void setup(void)
{
  oconfig_item_t *ci;

  stub_reset_records();
  stub_interval = TIME_T_TO_CDTIME_T(1);
  module_register();
  ck_assert_str_eq(stub_match_name, "vigil_transport");
  ci = config(-1);
  ck_assert_int_eq(stub_match.create(ci, &match), 0);
  stub_free_config(ci);
}

static void teardown(void)
{
  if (match != NULL)
    stub_match.destroy(&match);
  ck_assert_ptr_null(tr_matches);
}

/* Judges one gauge for host, dated ahead seconds after now; from the
 * network plugin with user (NULL: no user) when received. */
static int judge(const char *host, const char *user, bool received, double ahead)
{
  value_t v = {.gauge = 1};
  value_list_t vl = VALUE_LIST_INIT;
  int rc;

  vl.values = &v;
  vl.values_len = 1;
  vl.time = cdtime() + DOUBLE_TO_CDTIME_T(ahead);
  sstrncpy(vl.host, host, sizeof(vl.host));
  sstrncpy(vl.plugin, "uptime", sizeof(vl.plugin));
  sstrncpy(vl.type, "uptime", sizeof(vl.type));
  if (received || user != NULL) {
    vl.meta = meta_data_create();
    if (received)
      meta_data_add_boolean(vl.meta, "network:received", true);
    if (user != NULL)
      meta_data_add_string(vl.meta, "network:username", user);
  }
  rc = stub_match.match(NULL, &vl, NULL, &match);
  meta_data_destroy(vl.meta);
  return rc;
}

/* Waits for the next interval of the grid (at most one interval). */
static void next_interval(void)
{
  cdtime_t now = cdtime(), slot = now - now % stub_interval;

  while (cdtime() - slot < stub_interval)
    nanosleep(&(struct timespec){.tv_nsec = 5000000}, NULL);
}

static int count_logs(const char *needle)
{
  int n = 0;

  for (int i = 0; i < stub_logs_num; i++)
    n += strstr(stub_logs[i], needle) != NULL;
  return n;
}

START_TEST(test_sender_bound_to_its_hosts)
{
  const stub_value_t *v;

  ck_assert_int_eq(judge("agency-a", "a", true, 0), FC_MATCH_NO_MATCH);
  ck_assert_int_eq(judge("agency-a2", "a", true, 0), FC_MATCH_NO_MATCH);
  /* agency a's user naming agency b's host: dropped, three times */
  for (int i = 0; i < 3; i++)
    ck_assert_int_eq(judge("agency-b", "a", true, 0), FC_MATCH_MATCHES);
  /* a user with no <Sender>, and a packet without a user */
  ck_assert_int_eq(judge("agency-a", "intruder", true, 0), FC_MATCH_MATCHES);
  ck_assert_int_eq(judge("agency-a", NULL, true, 0), FC_MATCH_MATCHES);
  /* this host's own values and the mqtt subscriber's are not judged by sender */
  ck_assert_int_eq(judge("agency-b", NULL, false, 0), FC_MATCH_NO_MATCH);
  ck_assert_int_eq(judge("anything", "a", false, 0), FC_MATCH_NO_MATCH);
  ck_assert_int_eq(count_logs("vigil_transport plugin: user \"a\" may not send values for host "
                              "\"agency-b\" (uptime/uptime); they are dropped and counted in "
                              "vigil_transport-a/derive-refused."),
                   1);
  ck_assert_int_eq(count_logs("user \"intruder\" may not send values for host \"agency-a\""), 1);
  ck_assert(stub_log_contains("a sender without a user may not send values for host \"agency-a\""));
  stub_simple_read_cb();
  v = stub_find_host("", "a", "derive", "accepted");
  ck_assert_ptr_nonnull(v);
  ck_assert_double_eq(v->value, 2);
  ck_assert_double_eq(stub_find_host("", "a", "derive", "refused")->value, 3);
  ck_assert_double_eq(stub_find_host("", "intruder", "derive", "refused")->value, 1);
  ck_assert_double_eq(stub_find_host("", "-", "derive", "refused")->value, 1);
  /* a host only ever named by refused values gets no figures */
  ck_assert_int_eq(judge("agency-z", "a", true, 0), FC_MATCH_MATCHES);
  stub_reset_records();
  next_interval();
  stub_simple_read_cb();
  ck_assert_ptr_null(stub_find_host("agency-z", "", "derive", "future_dropped"));
  ck_assert_ptr_nonnull(stub_find_host("agency-a", "", "derive", "future_dropped"));
}
END_TEST

START_TEST(test_future_dropped_and_counted)
{
  ck_assert_int_eq(judge("agency-a", "a", true, 299), FC_MATCH_NO_MATCH);
  ck_assert_int_eq(judge("agency-a", "a", true, 365.0 * 86400), FC_MATCH_MATCHES);
  ck_assert_int_eq(judge("agency-a", "a", true, 400), FC_MATCH_MATCHES);
  ck_assert_int_eq(judge("agency-b", NULL, false, 3600), FC_MATCH_MATCHES);
  ck_assert_int_eq(count_logs("vigil_transport plugin: host \"agency-a\" sent a value dated "
                              "31536000 s ahead of this clock (uptime/uptime): dropped, as are "
                              "later ones beyond 300 s (counted in derive-future_dropped); is its "
                              "clock right?"),
                   1);
  ck_assert_int_eq(count_logs("sent a value dated"), 2);
  stub_simple_read_cb();
  ck_assert_double_eq(stub_find_host("agency-a", "", "derive", "future_dropped")->value, 2);
  ck_assert_double_eq(stub_find_host("agency-b", "", "derive", "future_dropped")->value, 1);
}
END_TEST

START_TEST(test_arrival_delay_per_interval)
{
  const stub_value_t *v;

  judge("agency-a", "a", true, -5);
  judge("agency-a", "a", true, -3600);
  judge("agency-a", "a", true, -60);
  judge("agency-b", NULL, false, 0);
  stub_simple_read_cb();
  v = stub_find_host("agency-a", "", "duration", "arrival_delay");
  ck_assert_ptr_nonnull(v);
  ck_assert(v->value > 3599 && v->value <= 3600.5); /* the oldest value, to its interval's end */
  v = stub_find_host("agency-b", "", "duration", "arrival_delay");
  ck_assert(v->value >= 0 && v->value < 2);
  ck_assert_double_eq(stub_find_host("agency-a", "", "derive", "future_dropped")->value, 0);
  /* an interval in which nothing arrived: unknown (no data, not 0) */
  stub_reset_records();
  judge("agency-b", NULL, false, -2);
  next_interval();
  stub_simple_read_cb();
  ck_assert(isnan(stub_find_host("agency-a", "", "duration", "arrival_delay")->value));
  ck_assert_ptr_nonnull(stub_find_host("agency-a", "", "derive", "future_dropped"));
  v = stub_find_host("agency-b", "", "duration", "arrival_delay");
  ck_assert(v->value >= 1 && v->value < 4);
}
END_TEST

/* Figures are dated at the end of their interval on the interval grid,
 * once per interval; after a gap the interval before is sent as unknown. */
START_TEST(test_interval_grid)
{
  cdtime_t ten = TIME_T_TO_CDTIME_T(10), t;
  const stub_value_t *v;
  int n = 0;

  stub_interval = ten;
  judge("agency-a", "a", true, -7);
  t = cdtime();
  stub_simple_read_cb();
  v = stub_find_host("agency-a", "", "duration", "arrival_delay");
  ck_assert(v->value >= 0 && v->value <= 7.01); /* to the interval's end on the grid */
  ck_assert(v->time == t - t % ten ||
            v->time == t - t % ten + ten); /* a read across the boundary */
  for (int i = 0; i < stub_values_num; i++)
    if (strcmp(stub_values[i].host, "agency-a") == 0 &&
        strcmp(stub_values[i].type_instance, "arrival_delay") == 0) {
      ck_assert(n == 1 || (isnan(stub_values[i].value) && stub_values[i].time + ten == v->time));
      n++;
    }
  ck_assert_int_eq(n, 2);
  /* a second read in the same interval sends nothing more for the host */
  stub_reset_records();
  judge("agency-a", "a", true, -9);
  t = cdtime();
  if (t - t % ten == v->time) {
    stub_simple_read_cb();
    ck_assert_ptr_null(stub_find_host("agency-a", "", "duration", "arrival_delay"));
  }
}
END_TEST

START_TEST(test_max_future_off)
{
  void *other = NULL;
  oconfig_item_t *ci = config(0);

  ck_assert_int_eq(stub_match.create(ci, &other), 0);
  stub_free_config(ci);
  value_t v = {.gauge = 1};
  value_list_t vl = VALUE_LIST_INIT;
  vl.values = &v;
  vl.values_len = 1;
  vl.time = cdtime() + DOUBLE_TO_CDTIME_T(86400);
  sstrncpy(vl.host, "agency-a", sizeof(vl.host));
  ck_assert_int_eq(stub_match.match(NULL, &vl, NULL, &other), FC_MATCH_NO_MATCH);
  stub_match.destroy(&other);
}
END_TEST

START_TEST(test_bad_config_refused)
{
  void *m = NULL;
  oconfig_item_t *ci = stub_block("Match", "vigil_transport"), *s;

  s = stub_add_block(ci, "Sender", "a");
  stub_add_string(s, "Host", "agency-a");
  s = stub_add_block(ci, "Sender", "a");
  stub_add_string(s, "Host", "agency-b");
  ck_assert_int_eq(stub_match.create(ci, &m), -1);
  ck_assert(stub_log_contains("vigil_transport plugin: Sender \"a\" is defined twice."));
  stub_free_config(ci);

  ci = stub_block("Match", "vigil_transport");
  stub_add_block(ci, "Sender", "c");
  ck_assert_int_eq(stub_match.create(ci, &m), -1);
  ck_assert(stub_log_contains("vigil_transport plugin: Sender \"c\": no Host: it could speak for "
                              "nobody."));
  stub_free_config(ci);

  ci = stub_block("Match", "vigil_transport");
  stub_add_number(ci, "MaxFuture", -1);
  ck_assert_int_eq(stub_match.create(ci, &m), -1);
  ck_assert(stub_log_contains("MaxFuture"));
  stub_free_config(ci);

  ci = stub_block("Match", "vigil_transport");
  stub_add_string(ci, "Senders", "a");
  ck_assert_int_eq(stub_match.create(ci, &m), -1);
  ck_assert(stub_log_contains("Senders"));
  stub_free_config(ci);
  ck_assert_ptr_null(m);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("vigil_transport");
  TCase *tc = tcase_create("core");

  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_sender_bound_to_its_hosts);
  tcase_add_test(tc, test_future_dropped_and_counted);
  tcase_add_test(tc, test_arrival_delay_per_interval);
  tcase_add_test(tc, test_interval_grid);
  tcase_add_test(tc, test_max_future_off);
  tcase_add_test(tc, test_bad_config_refused);
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

/* Unit tests of notify: what a --watch refresh tells collectd's unixsock
 * socket (PUTNOTIF lines), only what changed since the last refresh, OKAY
 * for what cleared, and what could not be said said again. The socket's
 * peer is a thread of the test that answers as collectd's unixsock plugin
 * does ("0 Success" or "-1 ..."). */
#include "notify.h"

#include "testutil.h"

#include <check.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static char dir[80], sock_path[100];
static int listener = -1;
static pthread_t peer;
static volatile int stop, refuse;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char heard[16][1024]; /* the PUTNOTIF lines received */
static int n_heard;

/* Answers each line of each connection until stopped. */
static void *peer_main(void *arg)
{
  (void)arg;
  while (!stop) {
    struct pollfd p = {.fd = listener, .events = POLLIN};
    if (poll(&p, 1, 50) <= 0)
      continue;
    int fd = accept(listener, NULL, NULL);
    if (fd < 0)
      continue;
    FILE *in = fdopen(fd, "r+");
    char line[1024];
    while (in != NULL && fgets(line, sizeof(line), in) != NULL) {
      pthread_mutex_lock(&lock);
      if (n_heard < 16)
        snprintf(heard[n_heard++], sizeof(heard[0]), "%s", line);
      pthread_mutex_unlock(&lock);
      fputs(refuse ? "-1 Dispatching notification failed.\n" : "0 Success\n", in);
      fflush(in);
    }
    if (in != NULL)
      fclose(in);
  }
  return NULL;
}

/* "collectd" starts listening at sock_path, or stops. */
static void peer_start(void)
{
  struct sockaddr_un sa = {.sun_family = AF_UNIX};

  snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", sock_path);
  listener = socket(AF_UNIX, SOCK_STREAM, 0);
  ck_assert_int_eq(bind(listener, (struct sockaddr *)&sa, sizeof(sa)), 0);
  ck_assert_int_eq(listen(listener, 4), 0);
  stop = refuse = 0;
  n_heard = 0;
  ck_assert_int_eq(pthread_create(&peer, NULL, peer_main, NULL), 0);
}

static void peer_stop(void)
{
  if (listener < 0)
    return;
  stop = 1;
  pthread_join(peer, NULL);
  close(listener);
  listener = -1;
  unlink(sock_path);
}

static void setup(void)
{
  tu_mkdtemp(dir, sizeof(dir));
  snprintf(sock_path, sizeof(sock_path), "%s/collectd.sock", dir);
  peer_start();
}

static void teardown(void)
{
  peer_stop();
  tu_rm_rf(dir);
}

/* A province of two agencies: a silent since 10:00, b with a check at
 * risk until 11:30. */
static char *hosts_a[] = {"agency-a"}, *hosts_b[] = {"agency-b"};
static vg_agency_t agencies[2];
static vg_inventory_t inv;
static vg_catalogue_t cat;
static vg_report_meta_t meta;
static vg_check_t availability = {.id = "I.6.availability"};
static vg_silent_t silent[1];
static vg_at_risk_t risk[1];
static vg_summary_t sum;

static void province(void)
{
  agencies[0] = (vg_agency_t){.id = "a", .hosts = {hosts_a, 1}};
  agencies[1] = (vg_agency_t){.id = "b", .hosts = {hosts_b, 1}};
  inv = (vg_inventory_t){.agencies = agencies, .n_agencies = 2};
  meta = (vg_report_meta_t){.cat = &cat, .inv = &inv, .offset = 25200};
  silent[0] = (vg_silent_t){.agency = 0, .newest = 1588215600, .age = 1800, .limit = 900};
  risk[0] =
      (vg_at_risk_t){.agency = 1, .check = &availability, .exhausted = 1588221000, .left = 528};
  sum = (vg_summary_t){
      .meta = &meta, .silent = silent, .n_silent = 1, .at_risk = risk, .n_at_risk = 1};
}

static int heard_count(void)
{
  int n;

  pthread_mutex_lock(&lock);
  n = n_heard;
  pthread_mutex_unlock(&lock);
  return n;
}

static void forget(void)
{
  pthread_mutex_lock(&lock);
  n_heard = 0;
  pthread_mutex_unlock(&lock);
}

/* The first refresh says everything, in collectd's PUTNOTIF form. */
START_TEST(test_first_refresh)
{
  char err[512];
  vg_notifier_t *n = vg_notifier_new(sock_path, err, sizeof(err));

  ck_assert_ptr_nonnull(n);
  province();
  ck_assert_int_eq(vg_notifier_send(n, &sum, 1588217400, err, sizeof(err)), 2);
  ck_assert_int_eq(heard_count(), 2);
  ck_assert_str_eq(heard[0], "PUTNOTIF severity=failure time=1588217400 host=\"agency-a\" "
                             "plugin=vigil_report plugin_instance=\"freshness\" type=vigil_state "
                             "type_instance=silent message=\"agency a is silent: no update since "
                             "2020-04-30T10:00:00+07:00 (30 min 00 s)\"\n");
  ck_assert_str_eq(heard[1], "PUTNOTIF severity=warning time=1588217400 host=\"agency-b\" "
                             "plugin=vigil_report plugin_instance=\"I.6.availability\" "
                             "type=vigil_state type_instance=budget message=\"agency b: the budget "
                             "of I.6.availability runs out at 2020-04-30T11:30:00+07:00 (8 min 48 "
                             "s left), before the window ends\"\n");
  vg_notifier_free(n);
}
END_TEST

/* Only what changed is said again: nothing for the same alarms, a
 * FAILURE when a budget at risk is spent, an OKAY for what cleared. */
START_TEST(test_only_changes)
{
  char err[512];
  vg_notifier_t *n = vg_notifier_new("unix:/nonexistent/x.sock", err, sizeof(err));

  ck_assert_ptr_nonnull(n);
  vg_notifier_free(n);
  n = vg_notifier_new(sock_path, err, sizeof(err));
  province();
  ck_assert_int_eq(vg_notifier_send(n, &sum, 1588217400, err, sizeof(err)), 2);
  forget();
  ck_assert_int_eq(vg_notifier_send(n, &sum, 1588217700, err, sizeof(err)), 0);
  ck_assert_int_eq(heard_count(), 0);
  sum.spent = risk;
  sum.n_spent = 1;
  sum.n_at_risk = 0;
  ck_assert_int_eq(vg_notifier_send(n, &sum, 1588218000, err, sizeof(err)), 1);
  ck_assert_ptr_nonnull(strstr(heard[0],
                               "severity=failure time=1588218000 host=\"agency-b\" "
                               "plugin=vigil_report plugin_instance=\"I.6.availability\""));
  ck_assert_ptr_nonnull(strstr(heard[0], "the budget of I.6.availability is spent: it can no "
                                         "longer be met"));
  forget();
  sum.n_silent = 0; /* a sends again */
  ck_assert_int_eq(vg_notifier_send(n, &sum, 1588218300, err, sizeof(err)), 1);
  ck_assert_str_eq(heard[0], "PUTNOTIF severity=okay time=1588218300 host=\"agency-a\" "
                             "plugin=vigil_report plugin_instance=\"freshness\" type=vigil_state "
                             "type_instance=silent message=\"the agency sends again: cleared\"\n");
  vg_notifier_free(n);
}
END_TEST

/* What collectd refuses, or cannot be reached for, is said again at the
 * next refresh; the reason is given. */
START_TEST(test_said_again)
{
  char err[512];
  vg_notifier_t *n = vg_notifier_new(sock_path, err, sizeof(err));

  province();
  refuse = 1;
  ck_assert_int_eq(vg_notifier_send(n, &sum, 1588217400, err, sizeof(err)), -1);
  ck_assert_str_eq(err, "collectd refused a notification: -1 Dispatching notification failed.");
  refuse = 0;
  forget();
  ck_assert_int_eq(vg_notifier_send(n, &sum, 1588217700, err, sizeof(err)), 2);
  vg_notifier_free(n);
  /* no collectd listening: nothing sent, and all of it kept */
  n = vg_notifier_new(sock_path, err, sizeof(err));
  peer_stop();
  ck_assert_int_eq(vg_notifier_send(n, &sum, 1588217400, err, sizeof(err)), -1);
  ck_assert_ptr_nonnull(strstr(err, "cannot connect to collectd's socket"));
  ck_assert_ptr_nonnull(strstr(err, "No such file or directory"));
  peer_start(); /* collectd is back */
  ck_assert_int_eq(vg_notifier_send(n, &sum, 1588217700, err, sizeof(err)), 2);
  vg_notifier_free(n);
}
END_TEST

/* An address that is not an absolute path is refused; names are quoted. */
START_TEST(test_address_and_quoting)
{
  static char *odd[] = {"agency\"a\\b"};
  char err[512];
  vg_notifier_t *n;

  ck_assert_ptr_null(vg_notifier_new("collectd.sock", err, sizeof(err)));
  ck_assert_str_eq(err, "--notify takes unix:PATH, the absolute path of collectd's unixsock "
                        "socket (shorter than 108 bytes), not \"collectd.sock\"");
  n = vg_notifier_new(sock_path, err, sizeof(err));
  province();
  agencies[0].hosts.ids = odd;
  sum.n_at_risk = 0;
  ck_assert_int_eq(vg_notifier_send(n, &sum, 1588217400, err, sizeof(err)), 1);
  ck_assert_ptr_nonnull(strstr(heard[0], " host=\"agency\\\"a\\\\b\" "));
  vg_notifier_free(n);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("notify");
  TCase *tc = tcase_create("core");

  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 30);
  tcase_add_test(tc, test_first_refresh);
  tcase_add_test(tc, test_only_changes);
  tcase_add_test(tc, test_said_again);
  tcase_add_test(tc, test_address_and_quoting);
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

/* Unit tests of vg_conn: endpoints, deadlines, connecting, reading lines
 * and the SMTP/IMAP greetings, against loopback peers made here. */
#include "common/vg_conn.h"
#include "testutil.h"

#include <check.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct {
  const char *in, *def;
  int want_ok;
  const char *want_host, *want_port;
} endpoints[] = {
    {.in = "mail.example.gov.vn:25",
     .def = NULL,
     .want_ok = 1,
     .want_host = "mail.example.gov.vn",
     .want_port = "25"},
    {.in = "mail.example.gov.vn",
     .def = "143",
     .want_ok = 1,
     .want_host = "mail.example.gov.vn",
     .want_port = "143"},
    {.in = "[2001:db8::1]:993",
     .def = NULL,
     .want_ok = 1,
     .want_host = "2001:db8::1",
     .want_port = "993"},
    {.in = "[::1]", .def = "25", .want_ok = 1, .want_host = "::1", .want_port = "25"},
    {.in = "10.0.0.1:443", .def = "80", .want_ok = 1, .want_host = "10.0.0.1", .want_port = "443"},
    {.in = "mail.example.gov.vn", .def = NULL}, /* no port at all */
    {.in = "2001:db8::1", .def = "25"},         /* IPv6 without brackets */
    {.in = "host:0", .def = NULL},
    {.in = "host:65536", .def = NULL},
    {.in = "host:http", .def = NULL},
    {.in = ":25", .def = NULL},
    {.in = "[::1", .def = "25"},
    {.in = "", .def = "25"},
};

START_TEST(test_split_endpoint)
{
  char host[64], port[8];
  int rc = vg_split_endpoint(endpoints[_i].in, endpoints[_i].def, host, sizeof(host), port,
                             sizeof(port));

  ck_assert_msg((rc == 0) == endpoints[_i].want_ok, "%s", endpoints[_i].in);
  if (rc == 0) {
    ck_assert_str_eq(host, endpoints[_i].want_host);
    ck_assert_str_eq(port, endpoints[_i].want_port);
  }
}
END_TEST

START_TEST(test_refused_is_prompt)
{
  char port[8], why[256];
  int lfd = tu_listen(port);
  vg_conn_t c;
  struct timespec t0;

  close(lfd); /* nothing listens there now */
  clock_gettime(CLOCK_MONOTONIC, &t0);
  ck_assert_int_eq(vg_conn_open(&c, "127.0.0.1", port, 5, why, sizeof(why)), -1);
  ck_assert_str_eq(why, "connect: Connection refused");
  ck_assert_double_lt(vg_elapsed_since(&t0), 1.0);
}
END_TEST

START_TEST(test_silent_peer_bounded_by_timeout)
{
  char port[8], why[256], line[64];
  int lfd = tu_listen(port);
  vg_conn_t c;
  struct timespec t0;

  tu_serve_script(lfd, NULL, NULL, 3000);
  clock_gettime(CLOCK_MONOTONIC, &t0);
  ck_assert_int_eq(vg_conn_open(&c, "127.0.0.1", port, 0.5, why, sizeof(why)), 0);
  ck_assert_int_eq(vg_conn_read_line(&c, line, sizeof(line), why, sizeof(why)), -1);
  ck_assert_str_eq(why, "no answer within the timeout");
  ck_assert_double_ge(vg_elapsed_since(&t0), 0.45);
  ck_assert_double_lt(vg_elapsed_since(&t0), 1.5);
  vg_conn_close(&c);
  close(lfd);
}
END_TEST

static const char *const ehlo_ok[] = {"250-test\r\n250 STARTTLS\r\n", "220 go ahead\r\n", NULL};
static const char *const ehlo_no[] = {"250-test\r\n250 SIZE 100\r\n", "502 no\r\n", NULL};

static const struct {
  const char *greeting;
  const char *const *replies;
  int starttls;
  int want_rc;
  const char *want_why;
} smtp_cases[] = {
    {.greeting = "220 mail ready\r\n", .replies = NULL},
    {.greeting = "220-mail\r\n220-still\r\n220 ready\r\n", .replies = NULL},
    {.greeting = "554 go away\r\n",
     .replies = NULL,
     .starttls = 0,
     .want_rc = -1,
     .want_why = "SMTP greeting \"554 go away\""},
    {.greeting = "HTTP/1.0 400 Bad\r\n",
     .replies = NULL,
     .starttls = 0,
     .want_rc = -1,
     .want_why = "not an SMTP reply: \"HTTP/1.0 400 Bad\""},
    {.greeting = "220 ready\r\n", .replies = ehlo_ok, .starttls = 1},
    {.greeting = "220 ready\r\n",
     .replies = ehlo_no,
     .starttls = 1,
     .want_rc = -1,
     .want_why = "STARTTLS refused: \"502 no\""},
};

START_TEST(test_smtp_greet)
{
  char port[8], why[256] = "";
  int lfd = tu_listen(port);
  vg_conn_t c;

  tu_serve_script(lfd, smtp_cases[_i].greeting, smtp_cases[_i].replies, 100);
  ck_assert_int_eq(vg_conn_open(&c, "127.0.0.1", port, 2, why, sizeof(why)), 0);
  ck_assert_int_eq(vg_smtp_greet(&c, smtp_cases[_i].starttls, why, sizeof(why)),
                   smtp_cases[_i].want_rc);
  if (smtp_cases[_i].want_why)
    ck_assert_str_eq(why, smtp_cases[_i].want_why);
  vg_conn_close(&c);
  close(lfd);
}
END_TEST

START_TEST(test_imap_greet)
{
  static const char *const starttls_ok[] = {"* CAPABILITY IMAP4rev1\r\nv1 OK begin\r\n", NULL};
  char port[8], why[256];
  int lfd = tu_listen(port);
  vg_conn_t c;

  tu_serve_script(lfd, "* OK IMAP ready\r\n", starttls_ok, 100);
  ck_assert_int_eq(vg_conn_open(&c, "127.0.0.1", port, 2, why, sizeof(why)), 0);
  ck_assert_int_eq(vg_imap_greet(&c, 1, why, sizeof(why)), 0);
  vg_conn_close(&c);
  tu_serve_script(lfd, "* BYE busy\r\n", NULL, 100);
  ck_assert_int_eq(vg_conn_open(&c, "127.0.0.1", port, 2, why, sizeof(why)), 0);
  ck_assert_int_eq(vg_imap_greet(&c, 0, why, sizeof(why)), -1);
  ck_assert_str_eq(why, "IMAP greeting \"* BYE busy\"");
  vg_conn_close(&c);
  close(lfd);
}
END_TEST

/* Closing a zeroed connection closes nothing (fd 0 is stdin); closing
 * twice is harmless. */
START_TEST(test_close_zeroed)
{
  vg_conn_t c;
  struct stat st;

  memset(&c, 0, sizeof(c));
  vg_conn_close(&c);
  vg_conn_close(&c);
  ck_assert_int_eq(fstat(0, &st), 0);
}
END_TEST

START_TEST(test_tls_versions)
{
  ck_assert_int_eq(vg_tls_version_parse("TLSv1.2"), TLS1_2_VERSION);
  ck_assert_int_eq(vg_tls_version_parse("tlsv1"), TLS1_VERSION);
  ck_assert_int_eq(vg_tls_version_parse("1.3"), TLS1_3_VERSION);
  ck_assert_int_eq(vg_tls_version_parse("SSLv3"), 0);
  ck_assert_double_eq(vg_tls_version_number(TLS1_1_VERSION), 1.1);
  ck_assert_double_eq(vg_tls_version_number(0), 0);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("vg_conn");
  TCase *tc = tcase_create("core");

  tcase_set_timeout(tc, 20);
  tcase_add_loop_test(tc, test_split_endpoint, 0, sizeof(endpoints) / sizeof(endpoints[0]));
  tcase_add_test(tc, test_refused_is_prompt);
  tcase_add_test(tc, test_silent_peer_bounded_by_timeout);
  tcase_add_loop_test(tc, test_smtp_greet, 0, sizeof(smtp_cases) / sizeof(smtp_cases[0]));
  tcase_add_test(tc, test_imap_greet);
  tcase_add_test(tc, test_tls_versions);
  tcase_add_test(tc, test_close_zeroed);
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

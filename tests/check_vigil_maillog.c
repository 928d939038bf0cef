/* Unit tests of the vigil_maillog plugin: postfix and exim lines, sender
 * and recipient domains, and a read of a growing log. */
#include "collectd_stub.h"
#include "stub_check.h"

#include "vigil_maillog.c"

#include "testutil.h"

#include <check.h>

static char root[1024];

static void setup(void)
{
  tu_mkdtemp(root, sizeof(root));
  stub_reset_records();
}

static void teardown(void)
{
  ml_shutdown();
  tu_rm_rf(root);
}

static void start(const char *format, const char *log)
{
  oconfig_item_t *ci = stub_block("Plugin", "vigil_maillog");

  tu_write_text(root, "var/log/mail.log", log, NULL, 0);
  stub_add_string(ci, "RootDir", root);
  stub_add_string(ci, "Format", format);
  stub_add_string(ci, "OfficialDomain", "quangngai.gov.vn");
  module_register();
  ck_assert_int_eq(stub_config_cb(ci), 0);
  ck_assert_int_eq(stub_init_cb(), 0);
  ck_assert_int_eq(stub_simple_read_cb(), 0); /* the log so far is history */
  stub_free_config(ci);
}

static void append(const char *text)
{
  char path[2048];
  FILE *fp;

  snprintf(path, sizeof(path), "%s/var/log/mail.log", root);
  fp = fopen(path, "a");
  fputs(text, fp);
  fclose(fp);
}

static double count(void)
{
  const stub_value_t *v;

  ck_assert_int_eq(stub_simple_read_cb(), 0);
  v = stub_find("quangngai.gov.vn", "derive", "social_registrations");
  ck_assert_ptr_nonnull(v);
  return v->value;
}

START_TEST(test_postfix)
{
  start("postfix", "Apr 29 10:00:00 mx postfix/qmgr[9]: OLD1: from=<x@facebookmail.com>\n");
  append(
      /* a registration mail to an official mailbox: counts */
      "Apr 30 10:00:01 mx postfix/qmgr[9]: 4Bq1: from=<security@facebookmail.com>, size=9000\n"
      "Apr 30 10:00:02 mx postfix/virtual[77]: 4Bq1: to=<nva@sotttt.quangngai.gov.vn>, "
      "relay=virtual, status=sent (delivered)\n"
      /* deferred, not delivered: does not count */
      "Apr 30 10:01:01 mx postfix/qmgr[9]: 5Cr2: from=<noreply@linkedin.com>, size=100\n"
      "Apr 30 10:01:02 mx postfix/smtp[78]: 5Cr2: to=<nva@quangngai.gov.vn>, status=deferred\n"
      /* a social sender to someone else: does not count */
      "Apr 30 10:02:01 mx postfix/qmgr[9]: 6Ds3: from=<info@mail.tiktok.com>, size=100\n"
      "Apr 30 10:02:02 mx postfix/smtp[78]: 6Ds3: to=<a@gmail.com>, status=sent (250 ok)\n"
      /* an ordinary sender to an official mailbox: does not count */
      "Apr 30 10:03:01 mx postfix/qmgr[9]: 7Et4: from=<chanh@vnpt.vn>, size=100\n"
      "Apr 30 10:03:02 mx postfix/local[79]: 7Et4: to=<nva@quangngai.gov.vn>, status=sent\n"
      /* a look-alike domain is not a subdomain */
      "Apr 30 10:04:01 mx postfix/qmgr[9]: 8Fu5: from=<x@notfacebook.com>, size=100\n"
      "Apr 30 10:04:02 mx postfix/local[79]: 8Fu5: to=<nva@quangngai.gov.vn>, status=sent\n"
      "garbage without structure\n"
      "Apr 30 10:05:00 mx postfix/qmgr[9]: broken line from=<\n");
  ck_assert_double_eq(count(), 1);
}
END_TEST

START_TEST(test_exim)
{
  start("exim", "");
  append("2020-04-30 10:00:00 1jT5ab-0001Xy-9k <= noreply@zalo.me H=mx.zalo.me [1.2.3.4] "
         "P=esmtps S=4000\n"
         "2020-04-30 10:00:01 1jT5ab-0001Xy-9k => tbc@quangngai.gov.vn R=local T=local\n"
         "2020-04-30 10:00:01 1jT5ab-0001Xy-9k -> pgd@quangngai.gov.vn R=local T=local\n"
         "2020-04-30 10:00:02 1jT5ab-0001Xy-9k Completed\n"
         "2020-04-30 10:01:00 1jT5cd-0001Xz-1a <= chanh@vnpt.vn H=x [5.6.7.8] S=100\n"
         "2020-04-30 10:01:01 1jT5cd-0001Xz-1a => tbc@quangngai.gov.vn R=local T=local\n");
  ck_assert_double_eq(count(), 2);
}
END_TEST

/* With ReportRecipients, each mailbox is counted apart (names made safe
 * for a file name); without it, none is sent. */
START_TEST(test_recipients)
{
  oconfig_item_t *ci = stub_block("Plugin", "vigil_maillog");

  tu_write_text(root, "var/log/mail.log", "", NULL, 0);
  stub_add_string(ci, "RootDir", root);
  stub_add_string(ci, "OfficialDomain", "quangngai.gov.vn");
  stub_add_boolean(ci, "ReportRecipients", 1);
  module_register();
  ck_assert_int_eq(stub_config_cb(ci), 0);
  ck_assert_int_eq(stub_init_cb(), 0);
  stub_simple_read_cb();
  append("Apr 30 10:00:01 mx postfix/qmgr[9]: A1: from=<a@facebookmail.com>, size=1\n"
         "Apr 30 10:00:02 mx postfix/local[7]: A1: to=<nva@quangngai.gov.vn>, status=sent\n"
         "Apr 30 10:00:03 mx postfix/qmgr[9]: A2: from=<b@facebookmail.com>, size=1\n"
         "Apr 30 10:00:04 mx postfix/local[7]: A2: to=<nva@quangngai.gov.vn>, status=sent\n"
         "Apr 30 10:00:05 mx postfix/qmgr[9]: A3: from=<c@zalo.me>, size=1\n"
         "Apr 30 10:00:06 mx postfix/local[7]: A3: to=<t.b/c@quangngai.gov.vn>, status=sent\n");
  ck_assert_double_eq(count(), 3);
  /* a new mailbox's first value is its zero; its count comes next */
  ck_assert_double_eq(stub_find("quangngai.gov.vn", "derive", "to-nva@quangngai.gov.vn")->value, 0);
  ck_assert_double_eq(count(), 3);
  ck_assert_double_eq(stub_find("quangngai.gov.vn", "derive", "to-nva@quangngai.gov.vn")->value, 2);
  ck_assert_double_eq(stub_find("quangngai.gov.vn", "derive", "to-t.b_c@quangngai.gov.vn")->value,
                      1);
  stub_free_config(ci);
}
END_TEST

START_TEST(test_no_recipients_by_default)
{
  start("postfix", "");
  append("Apr 30 10:00:01 mx postfix/qmgr[9]: A1: from=<a@facebookmail.com>, size=1\n"
         "Apr 30 10:00:02 mx postfix/local[7]: A1: to=<nva@quangngai.gov.vn>, status=sent\n");
  ck_assert_double_eq(count(), 1);
  ck_assert_ptr_null(stub_find("quangngai.gov.vn", "derive", "to-nva@quangngai.gov.vn"));
}
END_TEST

START_TEST(test_domains)
{
  ck_assert(ml_domain_in("facebookmail.com", 16, "facebookmail.com"));
  ck_assert(ml_domain_in("mail.facebookmail.com", 21, "facebookmail.com"));
  ck_assert(!ml_domain_in("notfacebookmail.com", 19, "facebookmail.com"));
  ck_assert(ml_domain_in("QuangNgai.GOV.vn", 16, "quangngai.gov.vn"));
}
END_TEST

START_TEST(test_config_refused)
{
  oconfig_item_t *ci = stub_block("Plugin", "vigil_maillog");

  stub_add_string(ci, "Format", "sendmail");
  module_register();
  ck_assert_int_eq(stub_config_cb(ci), -1);
  ck_assert(stub_log_contains(
      "vigil_maillog plugin: The `Format' option needs one of \"postfix\", \"exim\"."));
  ck_assert_int_eq(stub_init_cb(), -1);
  ck_assert(stub_log_contains("The `OfficialDomain' option is required."));
  stub_free_config(ci);
}
END_TEST

/* Every option is checked before it is converted, with a message naming it. */
static const stub_bad_option_t bad_options[] = {
    {.option = "MaxReadBytes",
     .number = 10,
     .want_log = "vigil_maillog plugin: The `MaxReadBytes' option needs a whole number between "
                 "4096 and 1000000000."},
    {.option = "OfficialDomain",
     .number = 3,
     .want_log = "vigil_maillog plugin: The `OfficialDomain' option needs domain names, at most "
                 "64 in all."},
    {.option = "ReportRecipients",
     .text = "yes",
     .want_log = "vigil_maillog plugin: The `ReportRecipients' option needs true or false."},
    {.option = "LogFile",
     .number = 2,
     .want_log = "vigil_maillog plugin: The `LogFile' option needs exactly one string argument."},
};

START_TEST(test_config_bad_option)
{
  module_register();
  stub_assert_refuses("vigil_maillog", &bad_options[_i]);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("vigil_maillog");
  TCase *tc = tcase_create("core");

  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_postfix);
  tcase_add_test(tc, test_exim);
  tcase_add_test(tc, test_recipients);
  tcase_add_test(tc, test_no_recipients_by_default);
  tcase_add_test(tc, test_domains);
  tcase_add_test(tc, test_config_refused);
  tcase_add_loop_test(tc, test_config_bad_option, 0, sizeof(bad_options) / sizeof(bad_options[0]));
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

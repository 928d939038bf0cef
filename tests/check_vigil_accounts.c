/* Unit tests of the vigil_accounts plugin: passwd/shadow counts, sshd's
 * effective settings (first value wins, Include, Match), failed log-in
 * lines, and what a read of a fixture root dispatches. */
#include "collectd_stub.h"
#include "stub_check.h"

#include "vigil_accounts.c"

#include "testutil.h"

#include <check.h>
#include <pwd.h>

static char root[1024];

static void setup(void)
{
  tu_mkdtemp(root, sizeof(root));
  stub_reset_records();
}

static void teardown(void)
{
  acc_shutdown();
  memset(&acc, 0, sizeof(acc));
  tu_rm_rf(root);
}

static FILE *text(const char *s)
{
  return fmemopen((void *)s, strlen(s), "r");
}

START_TEST(test_passwd_shadow)
{
  FILE *fp = text("root:x:0:0:root:/root:/bin/bash\n"
                  "toor:x:0:0::/root:/bin/sh\n"
                  "daemon:x:1:1::/:/usr/sbin/nologin\n"
                  "broken line without colons\n"
                  "# comment:x:0:0\n"
                  "svc:x:00:0::/:/bin/sh\n" /* uid "00" is not "0" for this count */
                  "nva:x:1000:1000::/home/nva:/bin/bash\n");

  ck_assert_int_eq(acc_count_uid0(fp), 1);
  fclose(fp);
  fp = text("root:$6$abc:19000:0:99999:7:::\n"
            "daemon:*:19000:0:99999:7:::\n"
            "locked:!:19000::::::\n"
            "guest::19000::::::\n"
            "nva:$y$j9T$x:19000::::::\n");
  ck_assert_int_eq(acc_count_empty_password(fp), 1);
  fclose(fp);
}
END_TEST

static const struct {
  const char *name, *main, *included;
  bool want_root_disabled, want_password_disabled;
} sshd_cases[] = {
    {.name = "defaults", .main = "# nothing set\n"},
    {.name = "both no",
     .main = "PermitRootLogin no\nPasswordAuthentication no\n",
     .included = NULL,
     .want_root_disabled = true,
     .want_password_disabled = true},
    {.name = "first value wins",
     .main = "PermitRootLogin no\nPermitRootLogin yes\nPasswordAuthentication=no\n",
     .included = NULL,
     .want_root_disabled = true,
     .want_password_disabled = true},
    {.name = "prohibit-password is not disabled", .main = "PermitRootLogin prohibit-password\n"},
    {.name = "Match re-enables passwords",
     .main = "PermitRootLogin no\nPasswordAuthentication no\nMatch Address 10.0.0.0/8\n"
             "  PasswordAuthentication yes\n",
     .included = NULL,
     .want_root_disabled = true},
    {.name = "Match all re-enables root",
     .main = "PermitRootLogin no\nMatch all\n PermitRootLogin yes\n"},
    {.name = "Include first wins",
     .main =
         "Include /etc/ssh/sshd_config.d/*.conf\nPermitRootLogin no\nPasswordAuthentication no\n",
     .included = "PermitRootLogin yes\n",
     .want_root_disabled = false,
     .want_password_disabled = true},
    {.name = "relative Include",
     .main = "Include sshd_config.d/*.conf\nPermitRootLogin no\n",
     .included = "PasswordAuthentication no\n",
     .want_root_disabled = true,
     .want_password_disabled = true},
};

START_TEST(test_sshd)
{
  char path[2048];
  acc_sshd_t st;
  bool root_disabled, password_disabled;

  tu_write_text(root, "etc/ssh/sshd_config", sshd_cases[_i].main, path, sizeof(path));
  if (sshd_cases[_i].included)
    tu_write_text(root, "etc/ssh/sshd_config.d/50-local.conf", sshd_cases[_i].included, NULL, 0);
  memset(&st, 0, sizeof(st));
  acc_sshd_file(root, path, &st, 0);
  ck_assert_int_eq(st.errors, 0);
  acc_sshd_judge(&st, &root_disabled, &password_disabled);
  ck_assert_msg(root_disabled == sshd_cases[_i].want_root_disabled, "%s: root",
                sshd_cases[_i].name);
  ck_assert_msg(password_disabled == sshd_cases[_i].want_password_disabled, "%s: password",
                sshd_cases[_i].name);
}
END_TEST

/* An Include inside an included file is read under the root as well, never
 * from the host's own /etc. */
START_TEST(test_sshd_nested_include_stays_under_root)
{
  char path[2048];
  acc_sshd_t st;
  bool root_disabled, password_disabled;

  tu_write_text(root, "etc/ssh/sshd_config", "Include sshd_config.d/*.conf\nPermitRootLogin no\n",
                path, sizeof(path));
  tu_write_text(root, "etc/ssh/sshd_config.d/50-local.conf",
                "Include /etc/ssh/vigil-nested-fixture.conf\n", NULL, 0);
  tu_write_text(root, "etc/ssh/vigil-nested-fixture.conf", "PasswordAuthentication no\n", NULL, 0);
  memset(&st, 0, sizeof(st));
  acc_sshd_file(root, path, &st, 0);
  acc_sshd_judge(&st, &root_disabled, &password_disabled);
  ck_assert(root_disabled);
  ck_assert_msg(password_disabled, "the nested Include was not read under the root");
}
END_TEST

static const struct {
  const char *line;
  bool want;
} log_lines[] = {
    {.line =
         "May  1 02:11:09 web sshd[812]: Failed password for root from 203.0.113.9 port 4711 ssh2",
     .want = true},
    {.line =
         "May  1 02:11:10 web sshd[812]: Failed password for invalid user admin from 203.0.113.9",
     .want = true},
    {.line = "May  1 02:11:11 web sshd[813]: Invalid user oracle from 203.0.113.9 port 50022",
     .want = true},
    {.line =
         "May  1 02:12:00 web su: pam_unix(su:auth): authentication failure; logname=nva uid=1000",
     .want = true},
    {.line = "May  1 02:13:00 web sshd[900]: Accepted publickey for nva from 198.51.100.7",
     .want = false},
    {.line = "May  1 02:14:00 web CRON[1]: pam_unix(cron:session): session opened for user root",
     .want = false},
    {.line = "", .want = false},
};

START_TEST(test_failed_login_lines)
{
  ck_assert_msg(acc_is_failed_login(log_lines[_i].line) == log_lines[_i].want, "%s",
                log_lines[_i].line);
}
END_TEST

/* A compliant fixture root except for one extra UID-0 account; the auth
 * log grows by two failures between reads. */
START_TEST(test_read_fixture_root)
{
  oconfig_item_t *ci = stub_block("Plugin", "vigil_accounts");
  char log[2048];
  FILE *fp;

  tu_write_text(root, "etc/passwd", "root:x:0:0::/root:/bin/bash\nbackdoor:x:0:0::/:/bin/sh\n",
                NULL, 0);
  tu_write_text(root, "etc/shadow", "root:$6$x:1::::::\nbackdoor:!:1::::::\n", NULL, 0);
  tu_write_text(root, "etc/ssh/sshd_config", "PermitRootLogin no\nPasswordAuthentication no\n",
                NULL, 0);
  tu_write_text(root, "var/log/auth.log", "old: Failed password for root\n", log, sizeof(log));
  stub_add_string(ci, "RootDir", root);
  module_register();
  ck_assert_int_eq(stub_config_cb(ci), 0);
  ck_assert_int_eq(stub_init_cb(), 0);
  ck_assert_int_eq(stub_simple_read_cb(), 0);
  ck_assert_double_eq(stub_find("system", "users", "uid0")->value, 1);
  ck_assert_double_eq(stub_find("system", "users", "empty_password")->value, 0);
  ck_assert_double_eq(stub_find("sshd", "vigil_state", "root_login_disabled")->value, 1);
  ck_assert_double_eq(stub_find("sshd", "vigil_state", "password_auth_disabled")->value, 1);
  ck_assert_double_eq(stub_find("authlog", "derive", "failed_logins")->value, 0);
  fp = fopen(log, "a");
  fputs("new: Failed password for root from 203.0.113.9\nnew: Invalid user x from y\n"
        "new: Accepted publickey for nva\n",
        fp);
  fclose(fp);
  ck_assert_int_eq(stub_simple_read_cb(), 0);
  ck_assert_double_eq(stub_find("authlog", "derive", "failed_logins")->value, 2);
  stub_free_config(ci);
}
END_TEST

START_TEST(test_missing_files_logged_not_sent)
{
  oconfig_item_t *ci = stub_block("Plugin", "vigil_accounts");

  stub_add_string(ci, "RootDir", root); /* an empty root */
  module_register();
  ck_assert_int_eq(stub_config_cb(ci), 0);
  ck_assert_int_eq(stub_init_cb(), 0);
  ck_assert_int_eq(stub_simple_read_cb(), 0);
  ck_assert_int_eq(stub_values_num, 0);
  ck_assert(stub_log_contains("vigil_accounts plugin: cannot read "));
  ck_assert(stub_log_contains("/etc/passwd: No such file or directory"));
  ck_assert(stub_log_contains("sshd's settings are not sent."));
  stub_free_config(ci);
}
END_TEST

/* With SSHDCommand, sshd's own global values win over the files' (here
 * /bin/cat prints what `sshd -T` would). */
START_TEST(test_sshd_command)
{
  oconfig_item_t *ci = stub_block("Plugin", "vigil_accounts");
  oconfig_item_t *cmd;
  char out[2048];
  const stub_value_t *v = NULL;

  tu_write_text(root, "etc/ssh/sshd_config", "PermitRootLogin no\nPasswordAuthentication no\n",
                NULL, 0);
  tu_write_text(root, "sshd-T.txt", "port 22\npermitrootlogin yes\npasswordauthentication no\n",
                out, sizeof(out));
  stub_add_string(ci, "RootDir", root);
  stub_add_string(ci, "AuthLog", "");
  stub_add_string(ci, "SSHDCommand", "/bin/cat");
  cmd = &ci->children[ci->children_num - 1];
  stub_append_string(cmd, out);
  module_register();
  ck_assert_int_eq(stub_config_cb(ci), 0);
  ck_assert_int_eq(stub_init_cb(), 0);
  for (int i = 0; i < 50; i++) {
    stub_reset_records();
    stub_simple_read_cb();
    v = stub_find("sshd", "vigil_state", "root_login_disabled");
    if (v != NULL && v->value == 0)
      break;
    usleep(50000);
  }
  ck_assert_ptr_nonnull(v);
  ck_assert_double_eq(v->value, 0);
  ck_assert_double_eq(stub_find("sshd", "vigil_state", "password_auth_disabled")->value, 1);
  stub_free_config(ci);
}
END_TEST

/* An unreadable shadow file (as an unprivileged user) is logged with its
 * name; the passwd figure is still sent, the shadow one is not. */
START_TEST(test_permission_denied)
{
  oconfig_item_t *ci;
  char shadow[2048];

  if (geteuid() == 0) {
    struct passwd *pw = getpwnam("nobody");
    ck_assert_ptr_nonnull(pw);
    tu_rm_rf(root);
    ck_assert_int_eq(setgid(pw->pw_gid), 0);
    ck_assert_int_eq(setuid(pw->pw_uid), 0);
    tu_mkdtemp(root, sizeof(root));
  }
  tu_write_text(root, "etc/passwd", "root:x:0:0::/root:/bin/bash\n", NULL, 0);
  tu_write_text(root, "etc/shadow", "root:$6$x:1::::::\n", shadow, sizeof(shadow));
  ck_assert_int_eq(chmod(shadow, 0), 0);
  ci = stub_block("Plugin", "vigil_accounts");
  stub_add_string(ci, "RootDir", root);
  stub_add_string(ci, "AuthLog", "");
  module_register();
  ck_assert_int_eq(stub_config_cb(ci), 0);
  ck_assert_int_eq(stub_init_cb(), 0);
  ck_assert_int_eq(stub_simple_read_cb(), 0);
  ck_assert_ptr_nonnull(stub_find("system", "users", "uid0"));
  ck_assert_ptr_null(stub_find("system", "users", "empty_password"));
  ck_assert(stub_log_contains("/etc/shadow: Permission denied"));
  stub_free_config(ci);
}
END_TEST

START_TEST(test_config_refused)
{
  oconfig_item_t *ci = stub_block("Plugin", "vigil_accounts");

  stub_add_string(ci, "Passwd", "etc/passwd");
  module_register();
  ck_assert_int_eq(stub_config_cb(ci), 0);
  ck_assert_int_eq(stub_init_cb(), -1);
  ck_assert(stub_log_contains("\"etc/passwd\" must be an absolute path without \"..\"."));
  stub_free_config(ci);
  ci = stub_block("Plugin", "vigil_accounts");
  stub_add_string(ci, "Colour", "x");
  ck_assert_int_eq(stub_config_cb(ci), -1);
  ck_assert(stub_log_contains("vigil_accounts plugin: Unknown option `Colour'."));
  stub_free_config(ci);
}
END_TEST

/* Every option is checked before it is converted, with a message naming it. */
static const stub_bad_option_t bad_options[] = {
    {.option = "MaxReadBytes",
     .number = 100,
     .want_log = "vigil_accounts plugin: The `MaxReadBytes' option needs a whole number between "
                 "4096 and 1000000000."},
    {.option = "MaxReadBytes",
     .number = 1e19,
     .want_log = "The `MaxReadBytes' option needs a whole number between 4096 and 1000000000."},
    {.option = "MaxReadBytes",
     .text = "1M",
     .want_log = "The `MaxReadBytes' option needs a whole number between 4096 and 1000000000."},
    {.option = "SSHDCommand",
     .text = "sshd",
     .want_log = "vigil_accounts plugin: The `SSHDCommand' option needs the absolute path of a "
                 "program and its arguments, at most 16 words."},
    {.option = "RootDir",
     .number = 5,
     .want_log = "vigil_accounts plugin: The `RootDir' option needs exactly one string argument."},
};

START_TEST(test_config_bad_option)
{
  module_register();
  stub_assert_refuses("vigil_accounts", &bad_options[_i]);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("vigil_accounts");
  TCase *tc = tcase_create("core");

  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_passwd_shadow);
  tcase_add_test(tc, test_sshd_nested_include_stays_under_root);
  tcase_add_loop_test(tc, test_sshd, 0, sizeof(sshd_cases) / sizeof(sshd_cases[0]));
  tcase_add_loop_test(tc, test_failed_login_lines, 0, sizeof(log_lines) / sizeof(log_lines[0]));
  tcase_add_test(tc, test_read_fixture_root);
  tcase_add_test(tc, test_missing_files_logged_not_sent);
  tcase_add_test(tc, test_sshd_command);
  tcase_add_test(tc, test_permission_denied);
  tcase_add_test(tc, test_config_refused);
  tcase_add_loop_test(tc, test_config_bad_option, 0, sizeof(bad_options) / sizeof(bad_options[0]));
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

/* Unit tests of the vigil_backup plugin: configuration, the bounded scan of
 * fixture trees (made here with utimensat), and what the read callback
 * dispatches. */
#include "collectd_stub.h"

#include "vigil_backup.c"

#include "testutil.h"

#include <check.h>
#include <pwd.h>
#include <sys/wait.h>

static char dir[1024];
static time_t now;

static void setup(void)
{
  tu_mkdtemp(dir, sizeof(dir));
  now = time(NULL);
  stub_reset_records();
}

static void teardown(void)
{
  stub_shutdown();
  tu_rm_rf(dir);
}

/* A <Location> block for dir/sub with the given options. */
static oconfig_item_t *location(const char *name, const char *sub, const char *pattern,
                                int recursive, double min_size)
{
  oconfig_item_t *ci = stub_block("Location", name);
  char path[4096];

  snprintf(path, sizeof(path), "%s/%s", dir, sub);
  stub_add_string(ci, "Path", path);
  if (pattern != NULL)
    stub_add_string(ci, "Pattern", pattern);
  stub_add_boolean(ci, "Recursive", recursive);
  if (min_size > 0)
    stub_add_number(ci, "MinSize", min_size);
  return ci;
}

/* Parses ci into a location, scans it and frees both. */
static void scan(oconfig_item_t *ci, bk_result_t *res)
{
  bk_location_t *loc = NULL;
  vg_block_t *b = NULL;

  ck_assert_int_eq(bk_parse(ci, &b), 0);
  loc = (bk_location_t *)b;
  bk_scan(loc, NULL, res);
  bk_location_free(&loc->base);
  stub_free_config(ci);
}

/* The fixture: what an admin's backup folder looks like. */
static void make_backups(void)
{
  char target[4096], link[4096];

  tu_write_file(dir, "db/full-0429.sql.gz", 2048, now - 3600);       /* fresh */
  tu_write_file(dir, "db/full-0420.sql.gz", 4096, now - 10 * 86400); /* stale */
  tu_write_file(dir, "db/broken.sql.gz", 10, now - 60);              /* too small */
  tu_write_file(dir, "db/notes.txt", 5000, now - 30);                /* other name */
  tu_write_file(dir, "db/.hidden.sql.gz", 5000, now - 30);           /* dot file */
  tu_write_file(dir, "db/daily/d-0429.sql.gz", 3000, now - 600);     /* in a sub-folder */
  tu_write_file(dir, "outside/evil.sql.gz", 9999, now - 5);          /* not under Path */
  snprintf(target, sizeof(target), "%s/outside/evil.sql.gz", dir);
  snprintf(link, sizeof(link), "%s/db/link.sql.gz", dir);
  ck_assert_int_eq(symlink(target, link), 0);
  snprintf(target, sizeof(target), "%s/outside", dir);
  snprintf(link, sizeof(link), "%s/db/linkdir", dir);
  ck_assert_int_eq(symlink(target, link), 0);
}

static const struct {
  const char *pattern;
  int recursive;
  double min_size;
  uint64_t want_matching;
  long want_age; /* seconds before now of the newest */
  uint64_t want_size;
} scan_cases[] = {
    {.pattern = "*.sql.gz",
     .recursive = 0,
     .min_size = 1024,
     .want_matching = 2,
     .want_age = 3600,
     .want_size = 2048}, /* small, hidden, links excluded */
    {.pattern = "*.sql.gz",
     .recursive = 1,
     .min_size = 1024,
     .want_matching = 3,
     .want_age = 600,
     .want_size = 3000}, /* the sub-folder counts */
    {.pattern = "*.sql.gz",
     .recursive = 0,
     .min_size = 0,
     .want_matching = 3,
     .want_age = 60,
     .want_size = 10}, /* without MinSize the broken one counts */
    {.pattern = NULL,
     .recursive = 0,
     .min_size = 1024,
     .want_matching = 3,
     .want_age = 30,
     .want_size = 5000},                  /* no pattern: every file (not dot files) */
    {.pattern = "*.tar", .recursive = 1}, /* nothing matches */
};

START_TEST(test_scan_fixture)
{
  bk_result_t res;

  make_backups();
  scan(location("db", "db", scan_cases[_i].pattern, scan_cases[_i].recursive,
                scan_cases[_i].min_size),
       &res);
  ck_assert_int_eq(res.complete, 1);
  ck_assert_int_eq(res.matching, scan_cases[_i].want_matching);
  if (scan_cases[_i].want_matching > 0) {
    ck_assert_int_eq(res.newest.tv_sec, now - scan_cases[_i].want_age);
    ck_assert_int_eq(res.newest_size, scan_cases[_i].want_size);
  }
  ck_assert_int_eq(res.unreadable, 0);
}
END_TEST

START_TEST(test_scan_bounded_by_max_files)
{
  oconfig_item_t *ci;
  bk_result_t res;
  char name[64];

  for (int i = 0; i < 20; i++) {
    snprintf(name, sizeof(name), "big/f%02d.bak", i);
    tu_write_file(dir, name, 1, now);
  }
  ci = location("big", "big", "*.bak", 1, 0);
  stub_add_number(ci, "MaxFiles", 5);
  scan(ci, &res);
  ck_assert_int_eq(res.complete, 0);
  ck_assert_ptr_nonnull(strstr(res.why, "MaxFiles (5)"));
}
END_TEST

START_TEST(test_scan_missing_path)
{
  bk_result_t res;

  scan(location("gone", "does-not-exist", NULL, 0, 0), &res);
  ck_assert_int_eq(res.complete, 0);
  ck_assert_ptr_nonnull(strstr(res.why, "No such file or directory"));
}
END_TEST

/* An unreadable sub-folder is skipped with a note; the rest counts. Root
 * reads everything, so the scan runs as an unprivileged user then. */
START_TEST(test_scan_unreadable_folder)
{
  bk_result_t res;
  char locked[4096];

  if (geteuid() == 0) {
    struct passwd *pw = getpwnam("nobody");
    ck_assert_ptr_nonnull(pw);
    tu_rm_rf(dir);
    ck_assert_int_eq(setgid(pw->pw_gid), 0);
    ck_assert_int_eq(setuid(pw->pw_uid), 0);
    tu_mkdtemp(dir, sizeof(dir));
  }
  tu_write_file(dir, "r/ok.bak", 100, now - 100);
  tu_write_file(dir, "r/locked/hidden.bak", 100, now - 10);
  snprintf(locked, sizeof(locked), "%s/r/locked", dir);
  ck_assert_int_eq(chmod(locked, 0), 0);
  scan(location("r", "r", "*.bak", 1, 0), &res);
  ck_assert_int_eq(res.complete, 1);
  ck_assert_int_eq(res.matching, 1);
  ck_assert_int_eq(res.unreadable, 1);
  ck_assert_ptr_nonnull(strstr(res.unreadable_path, "locked: Permission denied"));
}
END_TEST

static const struct {
  const char *option;
  const char *svalue;
  double nvalue;
  const char *want_log;
} bad_configs[] = {
    {.option = NULL,
     .svalue = NULL,
     .nvalue = 0,
     .want_log = "Location \"x\": The `Path' option is required."},
    {.option = "Path",
     .svalue = "relative/dir",
     .nvalue = 0,
     .want_log = "`Path' must be absolute"},
    {.option = "Colour",
     .svalue = "blue",
     .nvalue = 0,
     .want_log = "Location \"x\": Unknown option `Colour'."},
    {.option = "MinSize",
     .svalue = NULL,
     .nvalue = -5,
     .want_log = "The `MinSize' option needs a whole number between 0 and"},
    {.option = "Timeout",
     .svalue = NULL,
     .nvalue = 0,
     .want_log = "The `Timeout' option needs a number of seconds above 0"},
    {.option = "Timeout",
     .svalue = NULL,
     .nvalue = 1e19,
     .want_log = "Location \"x\": The `Timeout' option needs a number of seconds above 0 and at "
                 "most 86400"},
    {.option = "MaxFiles",
     .svalue = NULL,
     .nvalue = 0,
     .want_log = "The `MaxFiles' option needs a whole number between 1 and"},
    {.option = "Pattern",
     .svalue = NULL,
     .nvalue = 3,
     .want_log = "The `Pattern' option needs exactly one string argument."},
};

START_TEST(test_config_refused)
{
  oconfig_item_t *plugin = stub_block("Plugin", "vigil_backup");
  oconfig_item_t *loc = stub_add_block(plugin, "Location", "x");

  if (bad_configs[_i].option != NULL && strcmp(bad_configs[_i].option, "Path") != 0)
    stub_add_string(loc, "Path", "/tmp");
  if (bad_configs[_i].svalue != NULL)
    stub_add_string(loc, bad_configs[_i].option, bad_configs[_i].svalue);
  else if (bad_configs[_i].option != NULL)
    stub_add_number(loc, bad_configs[_i].option, bad_configs[_i].nvalue);
  module_register();
  ck_assert_int_eq(stub_config_cb(plugin), -1);
  ck_assert_int_eq(stub_reads_num, 0);
  ck_assert_msg(stub_log_contains(bad_configs[_i].want_log), "missing log: %s",
                bad_configs[_i].want_log);
  ck_assert(stub_log_contains("vigil_backup plugin: Location ignored"));
  stub_free_config(plugin);
}
END_TEST

START_TEST(test_config_unknown_block)
{
  oconfig_item_t *plugin = stub_block("Plugin", "vigil_backup");

  stub_add_string(plugin, "Path", "/tmp");
  module_register();
  ck_assert_int_eq(stub_config_cb(plugin), -1);
  ck_assert(stub_log_contains("vigil_backup plugin: Unknown option `Path'"));
  stub_free_config(plugin);
}
END_TEST

/* Calls every read callback until each location dispatched, for at most
 * five seconds. */
static void read_until_dispatched(int want_locations)
{
  for (int tries = 0; tries < 100; tries++) {
    int seen = 0;
    for (int i = 0; i < stub_reads_num; i++) {
      stub_reads[i].cb(&stub_reads[i].ud);
    }
    seen += stub_find("db", "files", "matching") != NULL;
    seen += stub_find("empty", "files", "matching") != NULL;
    if (seen >= want_locations)
      return;
    usleep(50000);
  }
  ck_abort_msg("the read callbacks dispatched nothing within 5 s");
}

START_TEST(test_read_dispatches_contract)
{
  oconfig_item_t *plugin = stub_block("Plugin", "vigil_backup");
  oconfig_item_t *loc;
  const stub_value_t *v;
  char path[4096];

  make_backups();
  mkdir(strcat(strcpy(path, dir), "/empty"), 0755);
  loc = stub_add_block(plugin, "Location", "db");
  stub_add_string(loc, "Path", strcat(strcpy(path, dir), "/db"));
  stub_add_string(loc, "Pattern", "*.sql.gz");
  stub_add_number(loc, "MinSize", 1024);
  loc = stub_add_block(plugin, "Location", "empty");
  stub_add_string(loc, "Path", strcat(strcpy(path, dir), "/empty"));
  module_register();
  ck_assert_int_eq(stub_config_cb(plugin), 0);
  ck_assert_int_eq(stub_init_cb(), 0);
  ck_assert_int_eq(stub_reads_num, 2);
  ck_assert_str_eq(stub_reads[0].name, "vigil_backup/db");
  read_until_dispatched(2);

  v = stub_find("db", "files", "matching");
  ck_assert_double_eq(v->value, 2);
  v = stub_find("db", "duration", "newest_age");
  ck_assert_ptr_nonnull(v);
  ck_assert_double_ge(v->value, 3600);
  ck_assert_double_lt(v->value, 3600 + 30);
  v = stub_find("db", "bytes", "newest_size");
  ck_assert_double_eq(v->value, 2048);
  v = stub_find("empty", "files", "matching");
  ck_assert_double_eq(v->value, 0);
  ck_assert_ptr_null(stub_find("empty", "duration", "newest_age"));
  ck_assert_ptr_null(stub_find("empty", "bytes", "newest_size"));
  stub_free_config(plugin);
}
END_TEST

START_TEST(test_read_incomplete_scan_dispatches_nothing)
{
  oconfig_item_t *plugin = stub_block("Plugin", "vigil_backup");
  oconfig_item_t *loc = stub_add_block(plugin, "Location", "gone");

  stub_add_string(loc, "Path", "/nonexistent/vigil/backups");
  module_register();
  ck_assert_int_eq(stub_config_cb(plugin), 0);
  ck_assert_int_eq(stub_init_cb(), 0);
  for (int i = 0; i < 100 && !stub_log_contains("not complete"); i++) {
    stub_reads[0].cb(&stub_reads[0].ud);
    usleep(50000);
  }
  ck_assert(stub_log_contains("vigil_backup plugin: Location \"gone\": scan of "
                              "/nonexistent/vigil/backups not complete, nothing dispatched"));
  ck_assert_int_eq(stub_values_num, 0);
  stub_free_config(plugin);
}
END_TEST

/* Patterns are kept up to the cap; one more is refused with the cap named,
 * and the location is not registered. */
START_TEST(test_pattern_cap)
{
  for (int extra = 0; extra < 2; extra++) {
    oconfig_item_t *plugin = stub_block("Plugin", "vigil_backup");
    oconfig_item_t *b = stub_add_block(plugin, "Location", "a");
    char pattern[32];

    stub_add_string(b, "Path", "/tmp");
    for (int i = 0; i < 256 + extra; i++) {
      snprintf(pattern, sizeof(pattern), "*.%d", i);
      stub_add_string(b, "Pattern", pattern);
    }
    stub_reset_records();
    module_register();
    ck_assert_int_eq(stub_config_cb(plugin), extra ? -1 : 0);
    ck_assert_int_eq(stub_reads_num, extra ? 0 : 1);
    ck_assert_int_eq(stub_log_contains("vigil_backup plugin: Location \"a\": at most 256 "
                                       "`Pattern' options are allowed."),
                     extra);
    stub_free_config(plugin);
    stub_shutdown();
  }
}
END_TEST

/* Two blocks of one name: the second is refused at configuration time,
 * naming plugin, block and name, and the first is registered once. */
START_TEST(test_duplicate_name)
{
  oconfig_item_t *plugin = stub_block("Plugin", "vigil_backup");

  for (int i = 0; i < 2; i++) {
    oconfig_item_t *b = stub_add_block(plugin, "Location", "a");
    stub_add_string(b, "Path", "/tmp");
  }
  module_register();
  ck_assert_int_eq(stub_config_cb(plugin), -1);
  ck_assert(stub_log_contains(
      "vigil_backup plugin: Location \"a\" is defined twice; the second one is ignored."));
  ck_assert_int_eq(stub_reads_num, 1);
  ck_assert_str_eq(stub_reads[0].name, "vigil_backup/a");
  if (stub_init_cb != NULL)
    ck_assert_int_eq(stub_init_cb(), 0);
  stub_free_config(plugin);
}
END_TEST

/* A read name collectd refuses: collectd frees the instance, and nothing
 * touches it afterwards (the sanitizers and valgrind watch this test). */
START_TEST(test_registration_refused)
{
  oconfig_item_t *plugin = stub_block("Plugin", "vigil_backup");
  oconfig_item_t *b = stub_add_block(plugin, "Location", "a");

  stub_add_string(b, "Path", "/tmp");
  stub_take_read_name("vigil_backup/a");
  module_register();
  ck_assert_int_eq(stub_config_cb(plugin), -1);
  ck_assert(stub_log_contains(
      "vigil_backup plugin: cannot register the read callback \"vigil_backup/a\""));
  if (stub_init_cb != NULL)
    ck_assert_int_eq(stub_init_cb(), 0);
  ck_assert_int_eq(stub_reads_num, 1);
  stub_free_config(plugin);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("vigil_backup");
  TCase *tc = tcase_create("core");

  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_duplicate_name);
  tcase_add_test(tc, test_pattern_cap);
  tcase_add_test(tc, test_registration_refused);
  tcase_set_timeout(tc, 30);
  tcase_add_loop_test(tc, test_scan_fixture, 0, sizeof(scan_cases) / sizeof(scan_cases[0]));
  tcase_add_test(tc, test_scan_bounded_by_max_files);
  tcase_add_test(tc, test_scan_missing_path);
  tcase_add_test(tc, test_scan_unreadable_folder);
  tcase_add_loop_test(tc, test_config_refused, 0, sizeof(bad_configs) / sizeof(bad_configs[0]));
  tcase_add_test(tc, test_config_unknown_block);
  tcase_add_test(tc, test_read_dispatches_contract);
  tcase_add_test(tc, test_read_incomplete_scan_dispatches_nothing);
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

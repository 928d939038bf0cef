/* Unit tests of duty rosters: the CSV as spreadsheets export it (quotes,
 * BOM, CRLF, extra columns), its errors with line numbers, shifts at their
 * boundaries, time zones, and check-in files. */
#include "common/vg_roster.h"
#include "testutil.h"

#include <check.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[1024];

static void setup(void)
{
  tu_mkdtemp(dir, sizeof(dir));
}
static void teardown(void)
{
  tu_rm_rf(dir);
}

static int load(const char *csv, const char *name, vg_roster_t *r, char *err, size_t len)
{
  char path[2048];

  tu_write_text(dir, "rosters.csv", csv, path, sizeof(path));
  return vg_roster_load(path, name, 25200, r, err, len);
}

START_TEST(test_spreadsheet_export)
{
  vg_roster_t r;
  char err[512];
  int rc = load(
      "\xEF\xBB\xBFroster,start,end,person_id,person_name,phone,note,user\r\n"
      "soc,2020-04-30 07:00,2020-04-30 19:00,nva,\"Nguyễn Văn A\",0901000001,day,anguyen\r\n"
      "soc,2020-04-30T19:00:00+07:00,2020-05-01T07:00:00+07:00,ttb,\"Trần, Thị \"\"B\"\"\",,,\r\n"
      "noc,2020-04-30 07:00,2020-04-30 19:00,lvc,Lê Văn C,,other roster,\r\n"
      "\r\n",
      "soc", &r, err, sizeof(err));

  ck_assert_msg(rc == 0, "%s", err);
  ck_assert_int_eq(r.n, 2);
  ck_assert_str_eq(r.shifts[0].person_id, "nva");
  ck_assert_str_eq(r.shifts[0].person_name, "Nguyễn Văn A");
  ck_assert_int_eq((long long)r.shifts[0].start, 1588204800LL); /* 07:00 +07:00 = 00:00Z */
  ck_assert_str_eq(r.shifts[1].person_name, "Trần, Thị \"B\"");
  ck_assert_str_eq(r.shifts[1].phone, "");
  ck_assert_int_eq(r.shifts[1].line, 3);
  ck_assert_str_eq(r.shifts[0].user, "anguyen"); /* the user column */
  ck_assert_str_eq(r.shifts[1].user, "ttb");     /* empty: the person_id */
  vg_roster_free(&r);
}
END_TEST

static const struct {
  const char *csv, *want;
} bad[] = {
    {.csv = "roster,start,end,person_name\nsoc,a,b,c\n",
     .want = "rosters.csv:1: the header lacks the column \"person_id\""},
    {.csv = "roster,start,end,person_id,person_name\nsoc,2020-04-30 25:00,2020-04-30 26:00,nva,A\n",
     .want =
         "rosters.csv:2: start \"2020-04-30 25:00\" or end \"2020-04-30 26:00\" is not a date and "
         "time"},
    {.csv = "roster,start,end,person_id,person_name\nsoc,2020-04-30 19:00,2020-04-30 07:00,nva,A\n",
     .want = "rosters.csv:2: the shift ends before it starts"},
    {.csv =
         "roster,start,end,person_id,person_name\nsoc,2020-04-30 07:00,2020-04-30 19:00,\"nva,A\n",
     .want = "rosters.csv:2: a quoted field is not closed"},
    {.csv = "roster,start,end,person_id,person_name\nsoc,2020-04-30 07:00,2020-04-30 19:00,,A\n",
     .want = "rosters.csv:2: person_id is empty"},
    {.csv = "", .want = "rosters.csv: the file is empty"},
};

START_TEST(test_errors)
{
  vg_roster_t r;
  char err[512];

  ck_assert_int_eq(load(bad[_i].csv, "soc", &r, err, sizeof(err)), -1);
  ck_assert_msg(strstr(err, bad[_i].want) != NULL, "%s", err);
  ck_assert_int_eq(r.n, 0);
}
END_TEST

/* A 100 MB roster (a runaway export) is refused unread, with its size. */
START_TEST(test_huge_roster)
{
  vg_roster_t r;
  char path[1200], err[512];
  FILE *fp;

  tu_write_text(dir, "rosters.csv", "roster,start,end,person_id,person_name\n", path, sizeof(path));
  fp = fopen(path, "r+");
  ck_assert_ptr_nonnull(fp);
  ck_assert_int_eq(ftruncate(fileno(fp), 100 * 1000 * 1000), 0); /* sparse */
  fclose(fp);
  ck_assert_int_eq(vg_roster_load(path, "soc", 0, &r, err, sizeof(err)), -1);
  ck_assert_msg(strstr(err, "rosters.csv: 100000000 bytes, more than the 8 MiB a roster file may "
                            "hold") != NULL,
                "%s", err);
  ck_assert_int_eq(r.n, 0);
}
END_TEST

static void count(const vg_shift_t *s, void *arg)
{
  (void)s;
  (*(int *)arg)++;
}

START_TEST(test_boundaries_and_overlaps)
{
  vg_roster_t r;
  char err[512];
  int n = 0;

  ck_assert_int_eq(load("roster,start,end,person_id,person_name\n"
                        "soc,2020-04-30T00:00Z,2020-04-30T12:00Z,a,A\n"
                        "soc,2020-04-30T11:00Z,2020-04-30T20:00Z,b,B\n",
                        "soc", &r, err, sizeof(err)),
                   0);
  ck_assert_int_eq(vg_roster_at(&r, 1588204800 - 1, NULL, NULL), 0);        /* before */
  ck_assert_int_eq(vg_roster_at(&r, 1588204800, NULL, NULL), 1);            /* start counts */
  ck_assert_int_eq(vg_roster_at(&r, 1588204800 + 11 * 3600, count, &n), 2); /* overlap */
  ck_assert_int_eq(n, 2);
  ck_assert_int_eq(vg_roster_at(&r, 1588204800 + 12 * 3600, NULL, NULL), 1); /* end does not */
  ck_assert_int_eq(vg_roster_at(&r, 1588204800 + 20 * 3600, NULL, NULL), 0); /* a gap */
  vg_roster_free(&r);
}
END_TEST

START_TEST(test_checkin_files)
{
  char path[2048];

  ck_assert_int_eq(vg_checkin_path(dir, "soc", "nva", path, sizeof(path)), 0);
  ck_assert_int_eq(vg_checkin_path(dir, "soc", "../etc", path, sizeof(path)), -1);
  ck_assert_int_eq(vg_checkin_path(dir, "..", "nva", path, sizeof(path)), -1);
  uid_t owner;
  time_t changed, before = time(NULL);

  ck_assert_int_eq(vg_checkin_stat(dir, "soc", "nva", &owner, &changed), -1);
  /* the time the file claims is not read: the kernel's change time is */
  tu_write_text(dir, "soc/nva", "1588230000\n", NULL, 0);
  ck_assert_int_eq(vg_checkin_stat(dir, "soc", "nva", &owner, &changed), 0);
  ck_assert_int_eq(owner, getuid());
  ck_assert_int_ge(changed, before);
  ck_assert_int_le(changed, time(NULL));
  /* a FIFO is refused unread */
  snprintf(path, sizeof(path), "%s/soc/fifo", dir);
  ck_assert_int_eq(mkfifo(path, 0600), 0);
  ck_assert_int_eq(vg_checkin_stat(dir, "soc", "fifo", &owner, &changed), -1);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("vg_roster");
  TCase *tc = tcase_create("core");

  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_spreadsheet_export);
  tcase_add_loop_test(tc, test_errors, 0, sizeof(bad) / sizeof(bad[0]));
  tcase_add_test(tc, test_boundaries_and_overlaps);
  tcase_add_test(tc, test_huge_roster);
  tcase_add_test(tc, test_checkin_files);
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

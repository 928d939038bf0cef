/* Unit tests of the incident journals: vigil_incident's lines read into
 * incidents (opened, acknowledged, closed, still open), bad and torn lines
 * named with file:line and left out, bad --journal arguments refused; and
 * the evidence of an incident check naming the incidents of its host's
 * journal, longest first, with the one open longer than the limit over. */
#include "evaluate.h"
#include "journal.h"
#include "summary_text.h"
#include "testutil.h"

#include <check.h>
#include <rrd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SCHEMAS TOP_SRCDIR "/schemas"
#define HOUR 3600L
#define T0 1924992000L /* 2031-01-01T00:00:00Z, the window's start */
#define STEP 600

static char dir[1024];

static const char journal_text[] =
    "open\tI1\t1924995600\tsoc-host/vigil_probe-portal/vigil_state-up\tportal is down\n"
    "join\tI1\t1924995610\tsoc-host/vigil_probe-portal/response_time-\tslow\n"
    "ack\tI1\t1924996000\tnva\n"
    "leave\tI1\t1924996100\tsoc-host/vigil_probe-portal/response_time-\n"
    "close\tI1\t1925002800\n"
    "open\tI2\tsoon\tx/y/z\tm\n"
    "close\tI7\t1925002900\n"
    "fly\tI1\t1925002900\n"
    "open\tI3\t1925002000\tsoc-host/vigil_tls-mail/timeleft-cert_expiry\tcertificate \\t expired\n"
    "open\tI4\t1925100000\tsoc-host/x";

/* Loads journal_text as host soc-host's journal; stderr's text in *said. */
static void load(vg_journals_t *js, char **said)
{
  char path[2048], spec[2100], err[1024];

  tu_write_text(dir, "incidents.journal", journal_text, path, sizeof(path));
  snprintf(spec, sizeof(spec), "soc-host=%s", path);
  tu_stderr_begin(dir, "stderr");
  int rc = vg_journals_add(js, spec, err, sizeof(err));
  *said = tu_stderr_end();
  ck_assert_msg(rc == 0, "%s", err);
}

START_TEST(test_journal_read)
{
  vg_journals_t js = {0};
  const vg_journal_t *j;
  char *said;

  tu_mkdtemp(dir, sizeof(dir));
  load(&js, &said);
  j = vg_journals_find(&js, "soc-host");
  ck_assert_ptr_nonnull(j);
  ck_assert_ptr_null(vg_journals_find(&js, "other"));
  ck_assert_uint_eq(j->n, 2);
  ck_assert_str_eq(j->incidents[0].id, "I1");
  ck_assert_str_eq(j->incidents[0].subject, "soc-host/vigil_probe-portal");
  ck_assert_str_eq(j->incidents[0].message, "portal is down");
  ck_assert_int_eq(j->incidents[0].opened, T0 + HOUR);
  ck_assert_int_eq(j->incidents[0].acked, 1924996000);
  ck_assert_str_eq(j->incidents[0].ack_by, "nva");
  ck_assert_int_eq(j->incidents[0].closed, T0 + 3 * HOUR);
  ck_assert_str_eq(j->incidents[1].id, "I3");
  ck_assert_str_eq(j->incidents[1].message, "certificate \\t expired"); /* as journalled */
  ck_assert_int_eq(j->incidents[1].closed, 0);                          /* still open */
  ck_assert_msg(strstr(said, "incidents.journal:6: not a journal line (kind, id and time "
                             "expected); left out\n") != NULL,
                "%s", said);
  ck_assert_msg(strstr(said, "incidents.journal:7: names no open incident; left out\n"), "%s",
                said);
  ck_assert_msg(strstr(said, "incidents.journal:8: an unknown kind of line; left out\n"), "%s",
                said);
  ck_assert_msg(strstr(said, "incidents.journal:10: a torn last line"), "%s", said);
  free(said);
  vg_journals_free(&js);
  tu_rm_rf(dir);
}
END_TEST

static const struct {
  const char *spec, *want;
} bad_specs[] = {
    {.spec = "soc-host", .want = "--journal soc-host: HOST=FILE expected"},
    {.spec = "=x", .want = "--journal =x: HOST=FILE expected"},
    {.spec = "h=/no/such/journal", .want = "/no/such/journal: No such file or directory"},
    {.spec = "h=/", .want = "/: not a regular file"},
};

START_TEST(test_bad_spec)
{
  vg_journals_t js = {0};
  char err[1024], *said;

  ck_assert_int_eq(vg_journals_add(&js, bad_specs[_i].spec, err, sizeof(err)), -1);
  ck_assert_msg(strcmp(err, bad_specs[_i].want) == 0, "%s", err);
  ck_assert_uint_eq(js.n, 0);
  /* a second journal of one host */
  tu_mkdtemp(dir, sizeof(dir));
  load(&js, &said);
  free(said);
  char spec[2100];
  snprintf(spec, sizeof(spec), "soc-host=%s/incidents.journal", dir);
  ck_assert_int_eq(vg_journals_add(&js, spec, err, sizeof(err)), -1);
  ck_assert_msg(strstr(err, "a journal of host 'soc-host' is given already") != NULL, "%s", err);
  ck_assert_uint_eq(js.n, 1);
  vg_journals_free(&js);
  tu_rm_rf(dir);
}
END_TEST

/* The oldest open age every STEP over 40 h: I1 open 1-3 h, I3 from
 * 2031-01-01T02:46:40Z (T0 + 10000 s) to the end. */
static double oldest_age(long t)
{
  if (t >= T0 + HOUR && t < T0 + 3 * HOUR)
    return (double)(t - (T0 + HOUR));
  return t >= T0 + 10000 ? (double)(t - (T0 + 10000)) : 0;
}

static const char catalogue[] =
    "<directive xmlns=\"urn:vigil:directive:1\" id=\"inc-test\" min-coverage=\"0.5\">"
    "<number>1</number><issuer xml:lang=\"en\">T</issuer><date>2030-12-01</date>"
    "<title xml:lang=\"en\">T</title>"
    "<window from=\"2031-01-01T00:00:00Z\" to=\"2031-01-02T16:00:00Z\"/>"
    "<categories><category id=\"team\"><label xml:lang=\"en\">Team</label></category>"
    "</categories><section id=\"A\"><title xml:lang=\"en\">A</title>"
    "<item id=\"A.1\" applies-to=\"team\"><title xml:lang=\"en\">A</title>"
    "<text xml:lang=\"en\">A</text><check id=\"A.1.age\" severity=\"high\">"
    "<title xml:lang=\"en\">No incident open longer than 24 h</title>"
    "<metric plugin=\"vigil_incident\" plugin-instance=\"*\" type=\"duration\" "
    "type-instance=\"oldest_open_age\" ds=\"seconds\"/>"
    "<aggregate function=\"max\"/><expect op=\"le\" value=\"86400\" unit=\"s\"/>"
    "</check></item></section></directive>";

START_TEST(test_evidence_names_incidents)
{
  char path[2048], rrd[4096], err[4096], upd[64], *said;
  const char *create[2] = {"DS:seconds:GAUGE:1200:0:U", "RRA:AVERAGE:0.5:1:400"};
  const char *update[1] = {upd};
  vg_journals_t js = {0};
  vg_catalogue_t *cat;
  vg_inventory_t *inv;
  vg_agency_result_t r;

  tu_mkdtemp(dir, sizeof(dir));
  tu_write_text(dir, "directive.xml", catalogue, path, sizeof(path));
  cat = vg_catalogue_load(path, SCHEMAS, err, sizeof(err));
  ck_assert_msg(cat != NULL, "%s", err);
  tu_write_text(dir, "agencies.xml",
                "<inventory xmlns=\"urn:vigil:inventory:1\" id=\"t\">"
                "<province xml:lang=\"en\">T</province><agency id=\"soc\" categories=\"team\">"
                "<name xml:lang=\"en\">SOC</name><host>soc-host</host></agency></inventory>",
                path, sizeof(path));
  inv = vg_inventory_load(path, SCHEMAS, cat, err, sizeof(err));
  ck_assert_msg(inv != NULL, "%s", err);
  tu_write_text(dir, "rrd/soc-host/vigil_incident-soc/duration-oldest_open_age.rrd", "", rrd,
                sizeof(rrd));
  unlink(rrd);
  ck_assert_msg(rrd_create_r(rrd, STEP, T0 - STEP, 2, create) == 0, "%s", rrd_get_error());
  for (long t = T0; t <= T0 + 40 * HOUR; t += STEP) {
    snprintf(upd, sizeof(upd), "%ld:%.0f", t, oldest_age(t));
    ck_assert_msg(rrd_update_r(rrd, NULL, 1, update) == 0, "%s", rrd_get_error());
  }
  load(&js, &said);
  free(said);
  snprintf(path, sizeof(path), "%s/rrd", dir);
  vg_eval_ctx_t ctx = {
      .cat = cat, .datadir = path, .from = T0, .to = T0 + 40 * HOUR, .journals = &js};
  ck_assert_int_eq(vg_evaluate_agency(&ctx, &inv->agencies[0], &r), 0);
  const vg_check_result_t *cr = &r.items[0].checks[0];
  ck_assert_int_eq(cr->status, VG_ST_FAIL);
  ck_assert_uint_eq(cr->n_evidence, 1);
  const vg_evidence_t *ev = &cr->evidence[0];
  ck_assert_uint_eq(ev->all_incidents, 2);
  ck_assert_uint_eq(ev->n_incidents, 2);
  /* the longest first: I3, open from T0 + 10000 s to the period's end */
  ck_assert_str_eq(ev->incidents[0].inc->id, "I3");
  ck_assert_double_eq(ev->incidents[0].age, 40 * HOUR - 10000);
  ck_assert_int_eq(ev->incidents[0].over, 1);
  ck_assert_str_eq(ev->incidents[1].inc->id, "I1");
  ck_assert_double_eq(ev->incidents[1].age, 2 * HOUR);
  ck_assert_int_eq(ev->incidents[1].over, 0);
  /* the terminal names it */
  char *text = NULL;
  size_t text_len = 0;
  FILE *fp = open_memstream(&text, &text_len);
  vg_summary_agency(fp, &r);
  fclose(fp);
  ck_assert_msg(strstr(text, "; incident I3 opened 2031-01-01T02:46:40Z, open 37 h 13 min") != NULL,
                "%s", text);
  free(text);
  vg_agency_result_free(&r);
  /* a period before I3: only I1, which is not over */
  ctx.to = T0 + 2 * HOUR;
  ck_assert_int_eq(vg_evaluate_agency(&ctx, &inv->agencies[0], &r), 0);
  ev = &r.items[0].checks[0].evidence[0];
  ck_assert_uint_eq(ev->all_incidents, 1);
  ck_assert_double_eq(ev->incidents[0].age, HOUR); /* to the period's end */
  vg_agency_result_free(&r);
  /* without a journal the figure stands alone */
  ctx.journals = NULL;
  ctx.to = T0 + 40 * HOUR;
  ck_assert_int_eq(vg_evaluate_agency(&ctx, &inv->agencies[0], &r), 0);
  ck_assert_int_eq(r.items[0].checks[0].status, VG_ST_FAIL);
  ck_assert_ptr_null(r.items[0].checks[0].evidence[0].incidents);
  vg_agency_result_free(&r);
  vg_journals_free(&js);
  vg_inventory_free(inv);
  vg_catalogue_free(cat);
  tu_rm_rf(dir);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("journal");
  TCase *tc = tcase_create("core");

  tcase_add_test(tc, test_journal_read);
  tcase_add_loop_test(tc, test_bad_spec, 0, sizeof(bad_specs) / sizeof(bad_specs[0]));
  tcase_add_test(tc, test_evidence_names_incidents);
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

/* Unit tests of catalogue loading: the shipped catalogues load with all
 * their items, and bad files are refused with file, line and reason. */
#include "catalogue.h"
#include "testutil.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#define SCHEMAS TOP_SRCDIR "/schemas"

static const vg_item_t *find_item(const vg_catalogue_t *c, const char *id)
{
  for (size_t s = 0; s < c->n_sections; s++)
    for (size_t i = 0; i < c->sections[s].n_items; i++)
      if (strcmp(c->sections[s].items[i].id, id) == 0)
        return &c->sections[s].items[i];
  return NULL;
}

static const vg_check_t *find_check(const vg_item_t *it, const char *id)
{
  for (size_t i = 0; i < it->n_checks; i++)
    if (strcmp(it->checks[i].id, id) == 0)
      return &it->checks[i];
  return NULL;
}

START_TEST(test_415_complete)
{
  static const char *const items[] = {"I.1", "I.2", "I.3",  "I.4",  "I.5",
                                      "I.6", "I.7", "II.1", "II.2", "II.3"};
  char err[4096];
  vg_catalogue_t *c =
      vg_catalogue_load(TOP_SRCDIR "/directives/qng-415-stttt-2020.xml", SCHEMAS, err, sizeof(err));
  size_t n = 0;

  ck_assert_msg(c != NULL, "%s", err);
  ck_assert_str_eq(c->number, "415/STTTT");
  ck_assert_str_eq(c->date, "2020-04-24");
  ck_assert_int_eq(c->n_sections, 2);
  ck_assert_int_eq((long long)c->window_from, 1588179600LL); /* 2020-04-30T00:00+07:00 */
  ck_assert_int_eq((long long)c->window_to, 1588179600LL + 4 * 86400);
  ck_assert_int_eq(c->window_offset, 7 * 3600);
  for (size_t s = 0; s < c->n_sections; s++)
    n += c->sections[s].n_items;
  ck_assert_int_eq(n, 10);
  for (size_t i = 0; i < 10; i++) {
    const vg_item_t *it = find_item(c, items[i]);
    ck_assert_msg(it != NULL, "item %s missing", items[i]);
    ck_assert_msg(it->text.vi[0] && it->text.en[0], "item %s lacks vi or en text", items[i]);
    ck_assert_msg(it->n_checks > 0, "item %s has no check", items[i]);
  }
  ck_assert_int_eq(strlen(c->sha256), 64);
  vg_catalogue_free(c);
}
END_TEST

START_TEST(test_415_backup_rule)
{
  char err[4096];
  vg_catalogue_t *c =
      vg_catalogue_load(TOP_SRCDIR "/directives/qng-415-stttt-2020.xml", SCHEMAS, err, sizeof(err));
  const vg_check_t *chk;
  const vg_item_t *it;

  ck_assert_msg(c != NULL, "%s", err);
  it = find_item(c, "I.1");
  chk = find_check(it, "I.1.backup-fresh");
  ck_assert_ptr_nonnull(chk);
  ck_assert_int_eq(chk->anchor, VG_ANCHOR_START);
  ck_assert_int_eq(chk->from_offset, -3600);
  ck_assert_int_eq(chk->agg.fn, VG_AGG_LAST);
  ck_assert_int_eq(chk->expect.op, VG_OP_LE);
  ck_assert_double_eq(chk->expect.threshold, 86400);
  ck_assert_str_eq(chk->metric.ds, "seconds");
  ck_assert_str_eq(chk->metric.plugin_instance, "*");
  ck_assert(vg_idlist_has(&it->applies_to, "state-agency"));
  ck_assert(!vg_idlist_has(&it->applies_to, "postal"));
  chk = find_check(find_item(c, "I.3"), "I.3.password-reuse");
  ck_assert_int_eq(chk->manual, 1);
  chk = find_check(find_item(c, "I.6"), "I.6.longest-outage");
  ck_assert_int_eq(chk->agg.fn, VG_AGG_LONGEST_RUN);
  ck_assert_int_eq(chk->agg.run_held, 0);
  ck_assert_double_eq(chk->min_coverage, 0.9); /* the directive's default */
  vg_catalogue_free(c);
}
END_TEST

START_TEST(test_second_directive)
{
  char err[4096];
  vg_catalogue_t *c =
      vg_catalogue_load(TOP_SRCDIR "/tests/fixtures/test-directive.xml", SCHEMAS, err, sizeof(err));

  ck_assert_msg(c != NULL, "%s", err);
  ck_assert_str_eq(c->id, "test-weekend-2031");
  ck_assert_int_eq(c->window_offset, 0);
  ck_assert(vg_catalogue_has_category(c, "lab"));
  ck_assert(!vg_catalogue_has_category(c, "state-agency"));
  ck_assert_str_eq(find_item(c, "A.1")->title.vi, ""); /* absent language: shown as absent */
  vg_catalogue_free(c);
}
END_TEST

#define HEAD                                                                                       \
  "<?xml version=\"1.0\"?>\n<directive xmlns=\"urn:vigil:directive:1\" id=\"t\">\n"                \
  "<number>1</number><issuer xml:lang=\"en\">x</issuer><date>2031-01-01</date>\n"                  \
  "<title xml:lang=\"en\">t</title>\n"
#define CATS                                                                                       \
  "<categories><category id=\"lab\"><label xml:lang=\"en\">L</label></category></categories>\n"
#define WINDOW "<window from=\"2031-01-03T00:00:00Z\" to=\"2031-01-05T00:00:00Z\"/>\n"
#define ITEM(applies, check)                                                                       \
  "<section id=\"A\"><title xml:lang=\"en\">A</title>\n"                                           \
  "<item id=\"A.1\" applies-to=\"" applies "\"><title xml:lang=\"en\">i</title>"                   \
  "<text xml:lang=\"en\">t</text>\n" check "</item></section>\n</directive>\n"
#define CHECK(agg)                                                                                 \
  "<check id=\"c\" severity=\"low\"><title xml:lang=\"en\">c</title>"                              \
  "<metric plugin=\"p\" type=\"t\"/>" agg "<expect op=\"le\" value=\"1\" unit=\"s\"/></check>\n"

static const struct {
  const char *name;
  const char *xml;
  const char *want_err;
} bad_cases[] = {
    {.name = "not XML", .xml = "<directive", .want_err = "bad.xml:1:"},
    {.name = "schema: unknown function",
     .xml = HEAD WINDOW CATS ITEM("lab", CHECK("<aggregate function=\"median\"/>")),
     .want_err =
         "bad.xml:9: Element '{urn:vigil:directive:1}aggregate', attribute 'function': [facet "
         "'enumeration'] The value 'median' is not an element of the set"},
    {.name = "schema: window without offset",
     .xml = HEAD "<window from=\"2031-01-03T00:00:00\" to=\"2031-01-05T00:00:00Z\"/>\n" CATS ITEM(
         "lab", CHECK("<aggregate function=\"max\"/>")),
     .want_err = "bad.xml:5: Element '{urn:vigil:directive:1}window', attribute 'from'"},
    {.name = "unknown category",
     .xml = HEAD WINDOW CATS ITEM("lab postal", CHECK("<aggregate function=\"max\"/>")),
     .want_err =
         "bad.xml:8: applies-to names the category 'postal', which <categories> does not declare"},
    {.name = "alarm on a coverage",
     .xml = HEAD WINDOW CATS ITEM(
         "lab", "<check id=\"c\" severity=\"low\"><title xml:lang=\"en\">c</title>"
                "<metric plugin=\"p\" type=\"t\"/><aggregate function=\"coverage\"/>"
                "<expect op=\"ge\" value=\"0.9\" unit=\"ratio\"/>"
                "<alarm margin=\"0.05\"/></check>\n"),
     .want_err = "bad.xml:9: check 'c': <alarm> needs a bound that one value can break (min, max, "
                 "avg, last, time_share or longest_run against >, >=, < or <=)"},
    {.name = "alarm margin below 0",
     .xml = HEAD WINDOW CATS ITEM(
         "lab", "<check id=\"c\" severity=\"low\"><title xml:lang=\"en\">c</title>"
                "<metric plugin=\"p\" type=\"t\"/><aggregate function=\"last\"/>"
                "<expect op=\"gt\" value=\"0\" unit=\"s\"/>"
                "<alarm margin=\"-1\"/></check>\n"),
     .want_err = "bad.xml:9: Element '{urn:vigil:directive:1}alarm', attribute 'margin'"},
    {.name = "time_share without condition",
     .xml = HEAD WINDOW CATS ITEM("lab", CHECK("<aggregate function=\"time_share\"/>")),
     .want_err = "bad.xml:9: check 'c': aggregate time_share needs a condition (op and value)"},
    {.name = "empty window",
     .xml = HEAD "<window from=\"2031-01-05T00:00:00Z\" to=\"2031-01-05T00:00:00Z\"/>\n" CATS ITEM(
         "lab", CHECK("<aggregate function=\"max\"/>")),
     .want_err = "bad.xml:5: window: 'from' (2031-01-05T00:00:00Z) must come before 'to'"},
    {.name = "external entity refused",
     .xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
            "<directive xmlns=\"urn:vigil:directive:1\" id=\"t\">&x;</directive>\n",
     .want_err = "bad.xml:1: a DOCTYPE is not allowed here"},
};

START_TEST(test_bad_catalogue)
{
  char dir[4096], path[4096], err[4096];
  vg_catalogue_t *c;

  tu_mkdtemp(dir, sizeof(dir));
  tu_write_text(dir, "bad.xml", bad_cases[_i].xml, path, sizeof(path));
  c = vg_catalogue_load(path, SCHEMAS, err, sizeof(err));
  ck_assert_msg(c == NULL, "%s: accepted", bad_cases[_i].name);
  ck_assert_msg(strstr(err, bad_cases[_i].want_err) != NULL, "%s: error was:\n%s\nwanted:\n%s",
                bad_cases[_i].name, err, bad_cases[_i].want_err);
  tu_rm_rf(dir);
}
END_TEST

START_TEST(test_missing_file)
{
  char err[4096];

  ck_assert_ptr_null(vg_catalogue_load("/nonexistent/cat.xml", SCHEMAS, err, sizeof(err)));
  ck_assert_str_eq(err, "/nonexistent/cat.xml: cannot read: No such file or directory");
}
END_TEST

int main(void)
{
  Suite *s = suite_create("catalogue");
  TCase *tc = tcase_create("core");

  tcase_add_test(tc, test_415_complete);
  tcase_add_test(tc, test_415_backup_rule);
  tcase_add_test(tc, test_second_directive);
  tcase_add_loop_test(tc, test_bad_catalogue, 0, sizeof(bad_cases) / sizeof(bad_cases[0]));
  tcase_add_test(tc, test_missing_file);
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

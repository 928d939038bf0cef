/* Unit tests of inventory loading: agencies, their hosts and categories;
 * one bad agency is marked, the others load. */
#include "inventory.h"
#include "testutil.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#define SCHEMAS TOP_SRCDIR "/schemas"

static vg_catalogue_t *cat;

static void setup(void)
{
  char err[4096];

  cat =
      vg_catalogue_load(TOP_SRCDIR "/directives/qng-415-stttt-2020.xml", SCHEMAS, err, sizeof(err));
  ck_assert_msg(cat != NULL, "%s", err);
}

static void teardown(void)
{
  vg_catalogue_free(cat);
}

static vg_inventory_t *load_text(const char *xml, char *err, size_t errlen)
{
  char dir[4096], path[4096];
  vg_inventory_t *inv;

  tu_mkdtemp(dir, sizeof(dir));
  tu_write_text(dir, "agencies.xml", xml, path, sizeof(path));
  inv = vg_inventory_load(path, SCHEMAS, cat, err, errlen);
  tu_rm_rf(dir);
  return inv;
}

#define INV_HEAD                                                                                   \
  "<?xml version=\"1.0\"?>\n<inventory xmlns=\"urn:vigil:inventory:1\" id=\"qng\">\n"              \
  "<province xml:lang=\"vi\">Quảng Ngãi</province>\n"

START_TEST(test_example_inventory)
{
  char err[4096];
  vg_inventory_t *inv =
      vg_inventory_load(TOP_SRCDIR "/examples/agencies.xml", SCHEMAS, cat, err, sizeof(err));

  ck_assert_msg(inv != NULL, "%s", err);
  ck_assert_int_ge(inv->n_agencies, 5);
  for (size_t i = 0; i < inv->n_agencies; i++) {
    ck_assert_msg(inv->agencies[i].error == NULL, "%s", inv->agencies[i].error);
    ck_assert_int_ge(inv->agencies[i].hosts.n, 1);
    ck_assert(inv->agencies[i].name.vi[0] != '\0');
  }
  vg_inventory_free(inv);
}
END_TEST

START_TEST(test_unknown_category_marks_only_that_agency)
{
  char err[4096];
  vg_inventory_t *inv = load_text(
      INV_HEAD
      "<agency id=\"dic\" categories=\"state-agency\"><name xml:lang=\"vi\">Sở TT&amp;TT</name>"
      "<host>dic-01</host></agency>\n"
      "<agency id=\"zoo\" categories=\"state-agency zoo-keeper\">\n"
      "<name xml:lang=\"en\">Zoo</name><host>zoo-01</host></agency>\n"
      "</inventory>\n",
      err, sizeof(err));

  ck_assert_msg(inv != NULL, "%s", err);
  ck_assert_int_eq(inv->n_agencies, 2);
  ck_assert_ptr_null(inv->agencies[0].error);
  ck_assert_str_eq(inv->agencies[0].name.vi, "Sở TT&TT");
  ck_assert_str_eq(inv->agencies[0].name.en, "Sở TT&TT"); /* falls back to vi */
  ck_assert_ptr_nonnull(inv->agencies[1].error);
  ck_assert_msg(strstr(inv->agencies[1].error,
                       "agencies.xml:5: agency 'zoo': unknown category 'zoo-keeper' (the "
                       "catalogue qng-415-stttt-2020 knows: state-agency it-centre") != NULL,
                "%s", inv->agencies[1].error);
  vg_inventory_free(inv);
}
END_TEST

static const struct {
  const char *name;
  const char *xml;
  const char *want_err;
} bad_cases[] = {
    {.name = "duplicate host",
     .xml = INV_HEAD "<agency id=\"a\" categories=\"postal\"><name xml:lang=\"en\">A</name>"
                     "<host>h1</host></agency>\n<agency id=\"b\" categories=\"postal\">"
                     "<name xml:lang=\"en\">B</name><host>h1</host></agency></inventory>\n",
     .want_err =
         "agencies.xml:5: Element '{urn:vigil:inventory:1}host': Duplicate key-sequence ['h1']"},
    {.name = "host name with a slash",
     .xml = INV_HEAD "<agency id=\"a\" categories=\"postal\"><name xml:lang=\"en\">A</name>"
                     "<host>../etc</host></agency></inventory>\n",
     .want_err = "agencies.xml:4: Element '{urn:vigil:inventory:1}host': [facet 'pattern']"},
    {.name = "agency without host",
     .xml = INV_HEAD "<agency id=\"a\" categories=\"postal\"><name xml:lang=\"en\">A</name>"
                     "</agency></inventory>\n",
     .want_err =
         "agencies.xml:4: Element '{urn:vigil:inventory:1}agency': Missing child element(s)"},
    {.name = "not well-formed", .xml = INV_HEAD "<agency>", .want_err = "agencies.xml:4:"},
    /* the parser's own errors, with their line, not only the schema's */
    {.name = "an ampersand not written &amp;",
     .xml = INV_HEAD "<agency id=\"a\" categories=\"postal\">\n<name xml:lang=\"vi\">A & B</name>"
                     "<host>h1</host></agency></inventory>\n",
     .want_err = "agencies.xml:5: xmlParseEntityRef: no name"},
    {.name = "an unclosed end tag",
     .xml = INV_HEAD "<agency id=\"a\" categories=\"postal\"><name xml:lang=\"vi\">A</name>"
                     "<host>h1</host></agency>\n</inventory",
     .want_err = "agencies.xml:5: expected '>'"},
};

START_TEST(test_bad_inventory)
{
  char err[4096];
  vg_inventory_t *inv = load_text(bad_cases[_i].xml, err, sizeof(err));

  ck_assert_msg(inv == NULL, "%s: accepted", bad_cases[_i].name);
  ck_assert_msg(strstr(err, bad_cases[_i].want_err) != NULL, "%s: error was:\n%s",
                bad_cases[_i].name, err);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("inventory");
  TCase *tc = tcase_create("core");

  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, test_example_inventory);
  tcase_add_test(tc, test_unknown_category_marks_only_that_agency);
  tcase_add_loop_test(tc, test_bad_inventory, 0, sizeof(bad_cases) / sizeof(bad_cases[0]));
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

/* Unit tests of the broker ACL made from an inventory: every host bound to
 * its own topics at collectd's depth, the subscribers' read access, and
 * names that would widen a topic refused. */
#include "acl.h"
#include "testutil.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SCHEMAS TOP_SRCDIR "/schemas"

static const char *const central[] = {"vigil-central"};

static vg_inventory_t *load(const char *dir, const char *xml)
{
  char path[2048], err[2048];
  vg_inventory_t *inv;

  tu_write_text(dir, "agencies.xml", xml, path, sizeof(path));
  inv = vg_inventory_load(path, SCHEMAS, NULL, err, sizeof(err));
  ck_assert_msg(inv != NULL, "%s", err);
  return inv;
}

static char *slurp(const char *path)
{
  char *text = calloc(1, 1 << 16);
  FILE *fp = fopen(path, "r");

  ck_assert_ptr_nonnull(fp);
  ck_assert_int_gt(fread(text, 1, (1 << 16) - 1, fp), 0);
  fclose(fp);
  return text;
}

#define INV_HEAD                                                                                   \
  "<inventory xmlns=\"urn:vigil:inventory:1\" id=\"qng\">"                                         \
  "<province xml:lang=\"en\">Quang Ngai</province>"

START_TEST(test_every_host_bound_to_its_name)
{
  char dir[1024], out[2048], err[1024];
  vg_inventory_t *inv;
  char *text;
  struct stat st;

  tu_mkdtemp(dir, sizeof(dir));
  inv = load(dir, INV_HEAD "<agency id=\"stttt\" categories=\"no-such-category\">"
                           "<name xml:lang=\"en\">DIC</name><host>dc-web01</host>"
                           "<host>dc-mail.qng</host></agency>"
                           "<agency id=\"vnpt\" categories=\"telecom\">"
                           "<name xml:lang=\"en\">VNPT</name><host>vnpt_gw</host></agency>"
                           "</inventory>");
  snprintf(out, sizeof(out), "%s/acl.conf", dir);
  ck_assert_int_eq(vg_acl_write(inv, central, 1, out, err, sizeof(err)), 3);
  text = slurp(out);
  /* exactly the depth of collectd's topic: a deeper topic cannot carry
   * another host's name in its last three levels */
  ck_assert_ptr_nonnull(strstr(text, "\n# agency stttt\nuser dc-web01\n"
                                     "topic write collectd/dc-web01/+/+\n"
                                     "user dc-mail.qng\ntopic write collectd/dc-mail.qng/+/+\n"));
  ck_assert_ptr_nonnull(strstr(text, "\n# agency vnpt\nuser vnpt_gw\n"
                                     "topic write collectd/vnpt_gw/+/+\n"));
  ck_assert_ptr_nonnull(strstr(text, "\nuser vigil-central\ntopic read collectd/#\n"));
  ck_assert_ptr_null(strstr(text, "#\ntopic write"));
  ck_assert_ptr_null(strstr(text, "pattern"));
  ck_assert_ptr_null(strstr(text, "collectd/#\ntopic write"));
  ck_assert_int_eq(stat(out, &st), 0);
  ck_assert_int_eq(st.st_mode & 0777, 0640);
  free(text);
  vg_inventory_free(inv);
  tu_rm_rf(dir);
}
END_TEST

START_TEST(test_bad_subscriber_refused_nothing_written)
{
  char dir[1024], out[2048], err[1024];
  const char *const wide[] = {"central/#"}, *const host[] = {"dc-web01"};
  vg_inventory_t *inv;
  struct stat st;

  tu_mkdtemp(dir, sizeof(dir));
  inv = load(dir, INV_HEAD "<agency id=\"stttt\" categories=\"gov\">"
                           "<name xml:lang=\"en\">DIC</name><host>dc-web01</host></agency>"
                           "</inventory>");
  snprintf(out, sizeof(out), "%s/acl.conf", dir);
  ck_assert_int_eq(vg_acl_write(inv, wide, 1, out, err, sizeof(err)), -1);
  ck_assert_str_eq(err, "subscriber name 'central/#': only letters, digits, '.', '_' and '-'");
  ck_assert_int_eq(vg_acl_write(inv, host, 1, out, err, sizeof(err)), -1);
  ck_assert_str_eq(err, "subscriber name 'dc-web01' is also a host of agency 'stttt': a reader "
                        "must not publish");
  ck_assert_int_ne(stat(out, &st), 0);
  vg_inventory_free(inv);
  tu_rm_rf(dir);
}
END_TEST

START_TEST(test_several_subscribers)
{
  char dir[1024], out[2048], err[1024];
  const char *const two[] = {"central-1", "central-2"};
  vg_inventory_t *inv;
  char *text;

  tu_mkdtemp(dir, sizeof(dir));
  inv = load(dir, INV_HEAD "<agency id=\"a\" categories=\"gov\">"
                           "<name xml:lang=\"en\">A</name><host>a1</host></agency>"
                           "</inventory>");
  snprintf(out, sizeof(out), "%s/acl.conf", dir);
  ck_assert_int_eq(vg_acl_write(inv, two, 2, out, err, sizeof(err)), 1);
  text = slurp(out);
  ck_assert_ptr_nonnull(strstr(text, "user central-1\ntopic read collectd/#\n"));
  ck_assert_ptr_nonnull(strstr(text, "user central-2\ntopic read collectd/#\n"));
  free(text);
  vg_inventory_free(inv);
  tu_rm_rf(dir);
}
END_TEST

START_TEST(test_senders_chain)
{
  char dir[1024], out[2048], err[1024];
  vg_inventory_t *inv;
  char *text;

  tu_mkdtemp(dir, sizeof(dir));
  inv = load(dir, INV_HEAD "<agency id=\"stttt\" categories=\"gov\">"
                           "<name xml:lang=\"en\">DIC</name><host>dc-web01</host>"
                           "<host>dc-mail</host></agency>"
                           "<agency id=\"vnpt\" categories=\"telecom\">"
                           "<name xml:lang=\"en\">VNPT</name><host>vnpt-gw</host></agency>"
                           "</inventory>");
  snprintf(out, sizeof(out), "%s/senders.conf", dir);
  ck_assert_int_eq(vg_senders_write(inv, 300, out, err, sizeof(err)), 2);
  text = slurp(out);
  ck_assert_ptr_nonnull(strstr(text, "\nLoadPlugin vigil_transport\n<Chain \"PreCache\">\n"
                                     "  <Rule \"vigil_transport\">\n"
                                     "    <Match \"vigil_transport\">\n      MaxFuture 300\n"
                                     "      <Sender \"stttt\">\n"
                                     "        Host \"dc-web01\" \"dc-mail\"\n      </Sender>\n"
                                     "      <Sender \"vnpt\">\n        Host \"vnpt-gw\"\n"
                                     "      </Sender>\n    </Match>\n    Target \"stop\"\n"
                                     "  </Rule>\n</Chain>\n"));
  free(text);
  vg_inventory_free(inv);
  tu_rm_rf(dir);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("acl");
  TCase *tc = tcase_create("core");

  tcase_add_test(tc, test_every_host_bound_to_its_name);
  tcase_add_test(tc, test_bad_subscriber_refused_nothing_written);
  tcase_add_test(tc, test_several_subscribers);
  tcase_add_test(tc, test_senders_chain);
  suite_add_tcase(s, tc);
  return tu_run_suite(s);
}

/* stub_check: Check assertions over the collectd stub. */
#include "stub_check.h"

#include <check.h>

void stub_assert_refuses(const char *plugin, const stub_bad_option_t *bad)
{
  oconfig_item_t *ci = stub_block("Plugin", plugin);
  oconfig_item_t *parent = bad->block != NULL ? stub_add_block(ci, bad->block, NULL) : ci;

  if (bad->text != NULL)
    stub_add_string(parent, bad->option, bad->text);
  else
    stub_add_number(parent, bad->option, bad->number);
  ck_assert_ptr_nonnull(stub_config_cb);
  ck_assert_int_eq(stub_config_cb(ci), -1);
  ck_assert_msg(stub_log_contains(bad->want_log), "missing log: %s", bad->want_log);
  stub_free_config(ci);
}

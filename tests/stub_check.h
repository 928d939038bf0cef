/* stub_check: Check assertions over the collectd stub, shared by the
 * plugins' unit tests. */
#ifndef VIGIL_STUB_CHECK_H
#define VIGIL_STUB_CHECK_H

#include "collectd_stub.h"

/* One option of a configuration a test refuses: `<block>` (NULL: at the
 * top level of <Plugin>) holding `option` with a string (text) or else a
 * number, and the log line the plugin must write. */
typedef struct {
  const char *block;
  const char *option;
  const char *text;
  double number;
  const char *want_log;
} stub_bad_option_t;

/* Gives the registered config callback <Plugin plugin> holding bad's
 * option and fails the test unless it is refused with bad->want_log. */
void stub_assert_refuses(const char *plugin, const stub_bad_option_t *bad);

#endif

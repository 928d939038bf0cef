/* Fuzz target: the parsers of vigil_accounts (passwd, shadow, sshd_config,
 * auth log lines). */
#include "collectd_stub.h"

#include "vigil_accounts.c"

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *s = fuzz_string(data, size);
  const char *path = fuzz_file(data, size);
  acc_sshd_t st;
  bool a, b;
  FILE *fp = fopen(path, "r");

  acc_count_uid0(fp);
  rewind(fp);
  acc_count_empty_password(fp);
  fclose(fp);
  memset(&st, 0, sizeof(st));
  acc_sshd_file("/nonexistent-root", path, &st, 0);
  acc_sshd_judge(&st, &a, &b);
  acc_is_failed_login(s);
  free(s);
  return 0;
}

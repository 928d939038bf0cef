/* Fuzz target: the parsers of vigil_posture (nft and iptables rulesets,
 * apt output, ClamAV headers, /proc/net/tcp lines). */
#include "collectd_stub.h"

#include "vigil_posture.c"

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const int ports[] = {21, 80, 3306, 5432};
  char *s = fuzz_string(data, size);
  po_ruleset_t rs;
  int pending, security;
  FILE *fp;

  po_nft_judge(s, &rs);
  po_iptables_judge(s, &rs);
  po_apt_counts(s, &pending, &security);
  po_cvd_time(s, size);
  fp = fmemopen(s, size ? size : 1, "r");
  if (fp != NULL) {
    po_count_listeners(fp, ports, 4);
    fclose(fp);
  }
  free(s);
  return 0;
}

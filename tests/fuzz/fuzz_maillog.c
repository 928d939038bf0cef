/* Fuzz target: mail log lines (postfix and exim) for vigil_maillog. */
#include "collectd_stub.h"

#include "vigil_maillog.c"

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static char official[] = "quangngai.gov.vn", social[] = "facebookmail.com";
  char *s = fuzz_string(data, size);

  if (ml.n_official == 0) {
    ml.official[ml.n_official++] = official;
    ml.social[ml.n_social++] = social;
    ml.report_recipients = true;
  }
  for (int format = 0; format < 2; format++) {
    ml.format = format ? ML_EXIM : ML_POSTFIX;
    for (char *save = NULL, *line = strtok_r(s, "\n", &save); line != NULL;
         line = strtok_r(NULL, "\n", &save))
      ml_line(line, strlen(line), NULL);
  }
  free(s);
  return 0;
}

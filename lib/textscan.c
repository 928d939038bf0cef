/* textscan: bounded readers of words and numbers in lines of text. */
#include "vigil_config.h"

#include "textscan.h"

#include <limits.h>
#include <string.h>

int vs_next_word(const char **p, const char *seps, char *buf, size_t len)
{
  const char *s = *p + strspn(*p, seps);
  size_t n = strcspn(s, seps);

  *p = s + n;
  if (len > 0)
    buf[0] = '\0';
  if (n >= len)
    return -1;
  memcpy(buf, s, n);
  buf[n] = '\0';
  return (int)(n > INT_MAX ? INT_MAX : n);
}

static int digit_value(char c, int base)
{
  int v = -1;

  if (c >= '0' && c <= '9')
    v = c - '0';
  else if (c >= 'a' && c <= 'f')
    v = c - 'a' + 10;
  else if (c >= 'A' && c <= 'F')
    v = c - 'A' + 10;
  return v >= 0 && v < base ? v : -1;
}

int vs_read_ull(const char **p, int base, unsigned long long *out)
{
  const char *s = *p;
  unsigned long long v = 0;
  int d;

  if (base != 10 && base != 16)
    return -1;
  if (digit_value(*s, base) < 0)
    return -1;
  for (; (d = digit_value(*s, base)) >= 0; s++) {
    if (v > (ULLONG_MAX - (unsigned)d) / (unsigned)base)
      return -1;
    v = v * (unsigned)base + (unsigned)d;
  }
  *out = v;
  *p = s;
  return 0;
}

int vs_skip_prefix(const char **p, const char *prefix)
{
  size_t n = strlen(prefix);

  if (strncmp(*p, prefix, n) != 0)
    return 0;
  *p += n;
  return 1;
}

size_t vs_split_fields(char *line, char sep, char **fields, size_t n)
{
  size_t k = 0;

  while (k < n) {
    fields[k++] = line;
    if (k == n || (line = strchr(line, sep)) == NULL)
      break;
    *line++ = '\0';
  }
  return k;
}

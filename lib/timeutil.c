/* timeutil: ISO 8601 date-time and duration parsing and formatting. */
#include "vigil_config.h"

#include "timeutil.h"

#include <ctype.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

int vt_read_digits(const char **p, int n, int *out)
{
  int v = 0;

  for (int i = 0; i < n; i++) {
    if (!isdigit((unsigned char)(*p)[i]))
      return -1;
    v = v * 10 + ((*p)[i] - '0');
  }
  *p += n;
  *out = v;
  return 0;
}

/* Days from 1970-01-01 to the given civil date (proleptic Gregorian). */
static long days_from_civil(int y, int m, int d)
{
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static int days_in_month(int y, int m)
{
  static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

  return m == 2 ? 28 + leap : dm[m - 1];
}

/* Parses "Z", "+HH:MM", "+HHMM" or "+HH" at p, which must end the string. */
static int parse_offset(const char *p, int *offset)
{
  int sign, hh, mm = 0;

  if (p[0] == 'Z' && p[1] == '\0') {
    *offset = 0;
    return 0;
  }
  if (*p != '+' && *p != '-')
    return -1;
  sign = *p == '-' ? -1 : 1;
  p++;
  if (vt_read_digits(&p, 2, &hh) != 0)
    return -1;
  if (*p == ':')
    p++;
  if (*p != '\0' && vt_read_digits(&p, 2, &mm) != 0)
    return -1;
  if (*p != '\0' || hh > 14 || mm > 59)
    return -1;
  *offset = sign * (hh * 3600 + mm * 60);
  return 0;
}

int vt_parse_zone(const char *s, int *offset)
{
  /* fixed-offset zones only: one with summer time would need the tz database */
  static const struct {
    const char *name;
    int offset;
  } zones[] = {{"UTC", 0},
               {"Asia/Ho_Chi_Minh", 25200},
               {"Asia/Saigon", 25200},
               {"Asia/Bangkok", 25200},
               {"Asia/Jakarta", 25200}};

  if (s == NULL)
    return -1;
  for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
    if (strcasecmp(s, zones[i].name) == 0) {
      *offset = zones[i].offset;
      return 0;
    }
  }
  return parse_offset(s, offset);
}

int vt_parse_date(const char **p, long *day)
{
  const char *q = *p;
  int y, mo, d;

  if (vt_read_digits(&q, 4, &y) || *q++ != '-' || vt_read_digits(&q, 2, &mo) || *q++ != '-' ||
      vt_read_digits(&q, 2, &d))
    return -1;
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
    return -1;
  *day = days_from_civil(y, mo, d);
  *p = q;
  return 0;
}

/* The date-time at s; without an offset, *offset is used when default_ok,
 * else the text is refused. */
static int parse_time(const char *s, bool default_ok, time_t *t, int *offset)
{
  int hh, mi, ss = 0, off = *offset;
  long day;
  const char *p = s;

  if (s == NULL || vt_parse_date(&p, &day) != 0)
    return -1;
  if (*p != 'T' && *p != 't' && *p != ' ')
    return -1;
  p++;
  if (vt_read_digits(&p, 2, &hh) || *p++ != ':' || vt_read_digits(&p, 2, &mi))
    return -1;
  if (*p == ':') {
    p++;
    if (vt_read_digits(&p, 2, &ss))
      return -1;
    if (*p == '.' || *p == ',') {
      p++;
      if (!isdigit((unsigned char)*p))
        return -1;
      while (isdigit((unsigned char)*p))
        p++;
    }
  }
  if (!(default_ok && *p == '\0') && parse_offset(p, &off) != 0)
    return -1;
  if (hh > 23 || mi > 59 || ss > 60)
    return -1;
  *t = (time_t)((long long)day * 86400 + hh * 3600 + mi * 60 + ss - off);
  *offset = off;
  return 0;
}

int vt_parse_time(const char *s, time_t *t, int *offset)
{
  int off = 0;

  if (parse_time(s, false, t, &off) != 0)
    return -1;
  if (offset != NULL)
    *offset = off;
  return 0;
}

int vt_parse_local_time(const char *s, int default_offset, time_t *t)
{
  int off = default_offset;

  return parse_time(s, true, t, &off);
}

/* Reads an unsigned decimal number at *p; returns -1 without digits. */
static int read_number(const char **p, long *out)
{
  long v = 0;

  if (!isdigit((unsigned char)**p))
    return -1;
  while (isdigit((unsigned char)**p)) {
    if (v > (LONG_MAX - 9) / 10)
      return -1;
    v = v * 10 + (**p - '0');
    (*p)++;
  }
  *out = v;
  return 0;
}

/* Adds n units to *total with overflow checking. */
static int add_units(long *total, long n, long unit)
{
  if (n > (LONG_MAX - *total) / unit)
    return -1;
  *total += n * unit;
  return 0;
}

int vt_parse_duration(const char *s, long *seconds)
{
  const char *p = s;
  long total = 0, n;
  int sign = 1, in_time = 0, parts = 0;

  if (s == NULL)
    return -1;
  if (*p == '-' || *p == '+') {
    sign = *p == '-' ? -1 : 1;
    p++;
  }
  if (*p++ != 'P')
    return -1;
  while (*p != '\0') {
    if (*p == 'T') {
      if (in_time)
        return -1;
      in_time = 1;
      p++;
      continue;
    }
    if (read_number(&p, &n) != 0)
      return -1;
    long unit;
    switch (*p) {
    case 'W':
      unit = in_time ? 0 : 604800;
      break;
    case 'D':
      unit = in_time ? 0 : 86400;
      break;
    case 'H':
      unit = in_time ? 3600 : 0;
      break;
    case 'M':
      unit = in_time ? 60 : 0;
      break;
    case 'S':
      unit = in_time ? 1 : 0;
      break;
    default:
      unit = 0;
      break;
    }
    if (unit == 0 || add_units(&total, n, unit) != 0)
      return -1;
    p++;
    parts++;
  }
  if (parts == 0)
    return -1;
  *seconds = sign * total;
  return 0;
}

char *vt_format_time(time_t t, int offset, char *buf, size_t len)
{
  struct tm tm;
  time_t local = t + offset;
  char off[16];
  int n;

  if (gmtime_r(&local, &tm) == NULL)
    return NULL;
  if (offset == 0) {
    snprintf(off, sizeof(off), "Z");
  } else {
    int a = offset < 0 ? -offset : offset;
    snprintf(off, sizeof(off), "%c%02d:%02d", offset < 0 ? '-' : '+', a / 3600, (a % 3600) / 60);
  }
  n = snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d%s", tm.tm_year + 1900, tm.tm_mon + 1,
               tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, off);
  if (n < 0 || (size_t)n >= len)
    return NULL;
  return buf;
}

char *vt_format_duration(long seconds, char *buf, size_t len)
{
  unsigned long a = seconds < 0 ? -(unsigned long)seconds : (unsigned long)seconds;
  unsigned long h = a / 3600, m = (a % 3600) / 60, s = a % 60;
  char tmp[64];
  size_t used = 0;

  used += snprintf(tmp, sizeof(tmp), "%sPT", seconds < 0 ? "-" : "");
  if (h)
    used += snprintf(tmp + used, sizeof(tmp) - used, "%luH", h);
  if (m)
    used += snprintf(tmp + used, sizeof(tmp) - used, "%luM", m);
  if (s || (!h && !m))
    used += snprintf(tmp + used, sizeof(tmp) - used, "%luS", s);
  if (used >= len)
    return NULL;
  memcpy(buf, tmp, used + 1);
  return buf;
}

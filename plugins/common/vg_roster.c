/* vg_roster: duty rosters exported as CSV, and who is on duty when. */
#define _GNU_SOURCE
#include "vg_roster.h"

#include "timeutil.h"
#include "vg_root.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <strings.h>

#define MAX_FIELDS 32
#define MAX_LINE 8192

/* Splits one CSV record (RFC 4180) in place. Returns the field count, or
 * -1 for an unterminated quote. */
static int split_csv(char *line, char **fields, int max)
{
  int n = 0;
  char *p = line;

  while (n < max) {
    char *out = p;
    fields[n++] = p;
    if (*p == '"') {
      char *in = p + 1;
      for (;;) {
        if (*in == '\0')
          return -1;
        if (*in == '"' && in[1] == '"') {
          *out++ = '"';
          in += 2;
        } else if (*in == '"') {
          in++;
          break;
        } else {
          *out++ = *in++;
        }
      }
      p = in;
      *out = '\0';
      if (*p == ',')
        p++;
      else if (*p != '\0')
        return -1;
      else
        return n;
      continue;
    }
    char *comma = strchr(p, ',');
    if (comma == NULL)
      return n;
    *comma = '\0';
    p = comma + 1;
  }
  return n;
}

static void trim(char *s)
{
  size_t n = strlen(s);
  char *p = s;

  while (n > 0 && isspace((unsigned char)s[n - 1]))
    s[--n] = '\0';
  while (isspace((unsigned char)*p))
    p++;
  memmove(s, p, strlen(p) + 1);
}

enum { COL_ROSTER, COL_START, COL_END, COL_ID, COL_NAME, COL_PHONE, COL_USER, N_COLS };
static const char *const col_names[N_COLS] = {"roster",      "start", "end", "person_id",
                                              "person_name", "phone", "user"};

static int read_header(char **fields, int n, int cols[N_COLS], const char *path, char *err,
                       size_t errlen)
{
  for (int c = 0; c < N_COLS; c++) {
    cols[c] = -1;
    for (int i = 0; i < n; i++) {
      trim(fields[i]);
      if (strcasecmp(fields[i], col_names[c]) == 0)
        cols[c] = i;
    }
    if (cols[c] < 0 && c != COL_PHONE && c != COL_USER) {
      snprintf(err, errlen, "%s:1: the header lacks the column \"%s\"", path, col_names[c]);
      return -1;
    }
  }
  return 0;
}

static int add_shift(vg_roster_t *r, char **f, int n, const int cols[N_COLS], int offset, int line,
                     const char *path, char *err, size_t errlen)
{
  vg_shift_t s;
  int rc;

  memset(&s, 0, sizeof(s));
  for (int c = 0; c < N_COLS; c++)
    if (cols[c] >= 0 && cols[c] >= n) {
      snprintf(err, errlen, "%s:%d: the row has %d fields, the header more", path, line, n);
      return -1;
    }
  if (vt_parse_local_time(f[cols[COL_START]], offset, &s.start) != 0 ||
      vt_parse_local_time(f[cols[COL_END]], offset, &s.end) != 0) {
    snprintf(err, errlen, "%s:%d: start \"%.40s\" or end \"%.40s\" is not a date and time", path,
             line, f[cols[COL_START]], f[cols[COL_END]]);
    return -1;
  }
  if (s.end <= s.start) {
    snprintf(err, errlen, "%s:%d: the shift ends before it starts", path, line);
    return -1;
  }
  if (f[cols[COL_ID]][0] == '\0') {
    snprintf(err, errlen, "%s:%d: person_id is empty", path, line);
    return -1;
  }
  s.person_id = strdup(f[cols[COL_ID]]);
  s.person_name = strdup(f[cols[COL_NAME]]);
  s.phone = strdup(cols[COL_PHONE] >= 0 ? f[cols[COL_PHONE]] : "");
  s.user = strdup(cols[COL_USER] >= 0 && f[cols[COL_USER]][0] ? f[cols[COL_USER]]
                  : s.person_id                               ? s.person_id
                                                              : "");
  s.line = line;
  rc = s.person_id && s.person_name && s.phone && s.user ? vg_dynbuf_add(&r->store, &s, sizeof(s))
                                                         : -1;
  if (rc != 0) {
    free(s.person_id);
    free(s.person_name);
    free(s.phone);
    free(s.user);
    if (rc == VG_DYNBUF_FULL)
      snprintf(err, errlen, "%s:%d: more than %d shifts in roster %s", path, line,
               VG_ROSTER_MAX_SHIFTS, f[cols[COL_ROSTER]]);
    else
      snprintf(err, errlen, "%s:%d: out of memory", path, line);
    return -1;
  }
  r->shifts = (vg_shift_t *)r->store.p;
  r->n = r->store.len / sizeof(s);
  return 0;
}

int vg_roster_load(const char *path, const char *name, int offset, vg_roster_t *r, char *err,
                   size_t errlen)
{
  char line[MAX_LINE], *fields[MAX_FIELDS];
  int cols[N_COLS], lineno = 0, rc = 0;
  char why[128];
  struct stat st;
  FILE *fp = vg_open_regular(path, 0, VG_ROSTER_MAX_BYTES, &st, why, sizeof(why));

  r->shifts = NULL;
  r->n = 0;
  vg_dynbuf_init(&r->store, VG_ROSTER_MAX_SHIFTS * sizeof(vg_shift_t));
  if (fp == NULL) {
    if (errno == EFBIG)
      snprintf(err, errlen, "%s: %lld bytes, more than the %d MiB a roster file may hold", path,
               (long long)st.st_size, VG_ROSTER_MAX_BYTES >> 20);
    else
      snprintf(err, errlen, "%s: %s", path, why);
    return -1;
  }
  while (rc == 0 && fgets(line, sizeof(line), fp) != NULL) {
    char *p = line;
    int n;
    lineno++;
    if (strchr(line, '\n') == NULL && !feof(fp)) {
      snprintf(err, errlen, "%s:%d: the line is longer than %d bytes", path, lineno, MAX_LINE);
      rc = -1;
      break;
    }
    line[strcspn(line, "\r\n")] = '\0';
    if (lineno == 1 && strncmp(p, "\xEF\xBB\xBF", 3) == 0)
      p += 3; /* a UTF-8 byte order mark, as spreadsheets write */
    if (lineno > 1 && *p == '\0')
      continue;
    n = split_csv(p, fields, MAX_FIELDS);
    if (n < 0) {
      snprintf(err, errlen, "%s:%d: a quoted field is not closed", path, lineno);
      rc = -1;
    } else if (lineno == 1) {
      rc = read_header(fields, n, cols, path, err, errlen);
    } else if (cols[COL_ROSTER] < n) {
      for (int i = 0; i < n; i++)
        trim(fields[i]);
      if (strcmp(fields[cols[COL_ROSTER]], name) == 0)
        rc = add_shift(r, fields, n, cols, offset, lineno, path, err, errlen);
    }
  }
  if (rc == 0 && lineno == 0) {
    snprintf(err, errlen, "%s: the file is empty", path);
    rc = -1;
  }
  fclose(fp);
  if (rc != 0)
    vg_roster_free(r);
  return rc;
}

void vg_roster_free(vg_roster_t *r)
{
  for (size_t i = 0; i < r->n; i++) {
    free(r->shifts[i].person_id);
    free(r->shifts[i].person_name);
    free(r->shifts[i].phone);
    free(r->shifts[i].user);
  }
  vg_dynbuf_free(&r->store);
  r->shifts = NULL;
  r->n = 0;
}

size_t vg_roster_at(const vg_roster_t *r, time_t t, void (*fn)(const vg_shift_t *, void *),
                    void *arg)
{
  size_t n = 0;

  for (size_t i = 0; i < r->n; i++) {
    if (r->shifts[i].start <= t && t < r->shifts[i].end) {
      n++;
      if (fn != NULL)
        fn(&r->shifts[i], arg);
    }
  }
  return n;
}

static int safe_name(const char *s)
{
  return s[0] != '\0' && strchr(s, '/') == NULL && strcmp(s, ".") != 0 && strcmp(s, "..") != 0;
}

int vg_checkin_path(const char *dir, const char *roster, const char *person, char *out, size_t len)
{
  int n;

  if (!safe_name(roster) || !safe_name(person))
    return -1;
  n = snprintf(out, len, "%s/%s/%s", dir, roster, person);
  return n < 0 || (size_t)n >= len ? -1 : 0;
}

int vg_checkin_stat(const char *dir, const char *roster, const char *person, uid_t *owner,
                    time_t *changed)
{
  char path[4096], why[128];
  struct stat st;
  FILE *fp;

  /* written by the duty group: a FIFO, a link or a huge file is not read */
  if (vg_checkin_path(dir, roster, person, path, sizeof(path)) != 0 ||
      (fp = vg_open_regular(path, VG_OPEN_NOFOLLOW, 64, &st, why, sizeof(why))) == NULL)
    return -1;
  fclose(fp);
  *owner = st.st_uid;
  *changed = st.st_ctim.tv_sec; /* set by the kernel: its writer cannot choose it */
  return 0;
}

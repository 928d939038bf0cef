/* journal: the incidents of vigil_incident journals, copied from the hosts
 * that wrote them, named in the evidence of incident checks. */
#include "vigil_config.h"

#include "journal.h"

#include "textscan.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { MAX_INCIDENTS = 1000000 };

static void incident_free(vg_incident_t *inc)
{
  free(inc->ack_by);
  free(inc->subject);
  free(inc->message);
}

static void journal_free(vg_journal_t *j)
{
  for (size_t i = 0; i < j->n; i++)
    incident_free(&j->incidents[i]);
  free(j->incidents);
  free(j->host);
  free(j->path);
}

/* The incident of id still open in j (the last opened of that id), or NULL. */
static vg_incident_t *open_incident(vg_journal_t *j, const char *id)
{
  for (size_t i = j->n; i-- > 0;)
    if (strcmp(j->incidents[i].id, id) == 0)
      return j->incidents[i].closed == 0 ? &j->incidents[i] : NULL;
  return NULL;
}

static int parse_time(const char *s, time_t *t)
{
  const char *p = s;
  unsigned long long v;

  if (vs_read_ull(&p, 10, &v) != 0 || *p != '\0' || v > (unsigned long long)0x7fffffffffffLL)
    return -1;
  *t = (time_t)v;
  return 0;
}

/* Applies one journal line to j. Returns 0, -1 when the line is not one of
 * the plugin's (why says how), -2 out of memory. */
static int apply_line(vg_journal_t *j, char *line, const char **why)
{
  char *f[5];
  size_t nf = vs_split_fields(line, '\t', f, 5);
  vg_incident_t *inc;
  time_t t;

  if (nf < 3 || f[1][0] == '\0' || strlen(f[1]) >= sizeof(inc->id) || parse_time(f[2], &t) != 0) {
    *why = "not a journal line (kind, id and time expected)";
    return -1;
  }
  if (strcmp(f[0], "open") != 0 && strcmp(f[0], "close") != 0 && strcmp(f[0], "ack") != 0 &&
      strcmp(f[0], "join") != 0 && strcmp(f[0], "leave") != 0) {
    *why = "an unknown kind of line";
    return -1;
  }
  inc = open_incident(j, f[1]);
  if (strcmp(f[0], "open") == 0) {
    if (nf < 4 || inc != NULL) {
      *why = nf < 4 ? "an open line without a subject" : "opens an incident that is open";
      return -1;
    }
    if (j->n == MAX_INCIDENTS) {
      *why = "more incidents than vigil-report reads (1000000)";
      return -1;
    }
    vg_incident_t *grown = realloc(j->incidents, (j->n + 1) * sizeof(*grown));
    if (grown == NULL)
      return -2;
    j->incidents = grown;
    inc = &grown[j->n];
    memset(inc, 0, sizeof(*inc));
    snprintf(inc->id, sizeof(inc->id), "%s", f[1]);
    inc->opened = t;
    char *slash = strrchr(f[3], '/');
    if (slash != NULL)
      *slash = '\0'; /* the subject: host/plugin-instance of the series */
    inc->subject = strdup(f[3]);
    inc->message = strdup(nf == 5 ? f[4] : "");
    j->n++;
    return inc->subject && inc->message ? 0 : -2;
  }
  if (inc == NULL) {
    *why = "names no open incident";
    return -1;
  }
  if (strcmp(f[0], "close") == 0) {
    inc->closed = t > inc->opened ? t : inc->opened;
  } else if (strcmp(f[0], "ack") == 0) {
    if (inc->acked == 0) {
      inc->acked = t;
      inc->ack_by = strdup(nf >= 4 ? f[3] : "");
      if (inc->ack_by == NULL)
        return -2;
    }
  }
  return 0; /* join and leave change nothing of the incident's times */
}

static int read_journal(vg_journal_t *j, FILE *fp, char *err, size_t errlen)
{
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  long no = 0;
  int rc = 0;

  while (rc == 0 && (len = getline(&line, &cap, fp)) >= 0) {
    const char *why = NULL;
    no++;
    if (len == 0 || line[len - 1] != '\n') {
      fprintf(stderr,
              "vigil-report: %s:%ld: a torn last line (the plugin was stopped while "
              "writing it); left out\n",
              j->path, no);
      break;
    }
    line[len - 1] = '\0';
    if ((size_t)len - 1 != strlen(line))
      why = "a NUL byte in the line";
    int r = why ? -1 : apply_line(j, line, &why);
    if (r == -1)
      fprintf(stderr, "vigil-report: %s:%ld: %s; left out\n", j->path, no, why);
    else if (r == -2)
      rc = -1;
  }
  if (rc == 0 && ferror(fp))
    rc = -1;
  if (rc != 0)
    snprintf(err, errlen, "%s: cannot read: %s", j->path,
             errno ? strerror(errno) : "out of memory");
  free(line);
  return rc;
}

int vg_journals_add(vg_journals_t *js, const char *spec, char *err, size_t errlen)
{
  const char *eq = strchr(spec, '=');
  vg_journal_t j = {0};
  struct stat st;
  FILE *fp;
  int fd;

  if (eq == NULL || eq == spec || eq[1] == '\0') {
    snprintf(err, errlen, "--journal %s: HOST=FILE expected", spec);
    return -1;
  }
  if ((j.host = strndup(spec, (size_t)(eq - spec))) == NULL || (j.path = strdup(eq + 1)) == NULL) {
    journal_free(&j);
    snprintf(err, errlen, "out of memory");
    return -1;
  }
  if (vg_journals_find(js, j.host) != NULL) {
    snprintf(err, errlen, "--journal %s: a journal of host '%s' is given already", spec, j.host);
    journal_free(&j);
    return -1;
  }
  fd = open(j.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    snprintf(err, errlen, "%s: %s", j.path, fd < 0 ? strerror(errno) : "not a regular file");
    if (fd >= 0)
      close(fd);
    journal_free(&j);
    return -1;
  }
  fp = fdopen(fd, "r");
  if (fp == NULL) {
    close(fd);
    journal_free(&j);
    snprintf(err, errlen, "out of memory");
    return -1;
  }
  errno = 0;
  int rc = read_journal(&j, fp, err, errlen);
  fclose(fp);
  vg_journal_t *grown = rc == 0 ? realloc(js->journals, (js->n + 1) * sizeof(*grown)) : NULL;
  if (grown == NULL) {
    if (rc == 0)
      snprintf(err, errlen, "out of memory");
    journal_free(&j);
    return -1;
  }
  js->journals = grown;
  grown[js->n++] = j;
  return 0;
}

const vg_journal_t *vg_journals_find(const vg_journals_t *js, const char *host)
{
  for (size_t i = 0; js != NULL && i < js->n; i++)
    if (strcmp(js->journals[i].host, host) == 0)
      return &js->journals[i];
  return NULL;
}

void vg_journals_free(vg_journals_t *js)
{
  for (size_t i = 0; js != NULL && i < js->n; i++)
    journal_free(&js->journals[i]);
  if (js != NULL) {
    free(js->journals);
    js->journals = NULL;
    js->n = 0;
  }
}

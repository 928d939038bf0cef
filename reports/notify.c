/* notify: what a --watch refresh found, told to collectd's unixsock
 * plugin as notifications, and what cleared since. */
#include "vigil_config.h"

#include "notify.h"

#include "timeutil.h"
#include "units.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

enum { ANSWER_TIMEOUT = 5 };

/* One alarm: its notification's names and severity. */
typedef struct {
  char host[128];
  char plugin_instance[128];
  char type_instance[32];
  const char *severity; /* "failure", "warning" */
  char message[512];
} alarm_t;

struct vg_notifier {
  char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
  alarm_t *sent; /* what the last call left raised */
  size_t n_sent;
};

vg_notifier_t *vg_notifier_new(const char *address, char *err, size_t errlen)
{
  const char *path = strncmp(address, "unix:", 5) == 0 ? address + 5 : address;
  vg_notifier_t *n;

  if (path[0] != '/' || strlen(path) >= sizeof(n->path)) {
    snprintf(err, errlen,
             "--notify takes unix:PATH, the absolute path of collectd's unixsock "
             "socket (shorter than 108 bytes), not \"%s\"",
             address);
    return NULL;
  }
  n = calloc(1, sizeof(*n));
  if (n == NULL) {
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  snprintf(n->path, sizeof(n->path), "%s", path);
  return n;
}

void vg_notifier_free(vg_notifier_t *n)
{
  if (n == NULL)
    return;
  free(n->sent);
  free(n);
}

/* Adds an alarm to *list (*n long); -1 out of memory. */
static int add(alarm_t **list, size_t *n, const alarm_t *a)
{
  alarm_t *grown = realloc(*list, (*n + 1) * sizeof(*grown));

  if (grown == NULL)
    return -1;
  *list = grown;
  grown[(*n)++] = *a;
  return 0;
}

/* The alarms of s: silent agencies and spent budgets (failure), budgets
 * at risk (warning), named after the agency's first host. */
static int alarms_of(const vg_summary_t *s, alarm_t **out, size_t *n)
{
  const vg_report_meta_t *m = s->meta;
  char when[64], dur[64];
  alarm_t a;

  for (size_t i = 0; i < s->n_silent; i++) {
    const vg_agency_t *ag = &m->inv->agencies[s->silent[i].agency];
    memset(&a, 0, sizeof(a));
    snprintf(a.host, sizeof(a.host), "%s", ag->hosts.n ? ag->hosts.ids[0] : ag->id);
    snprintf(a.plugin_instance, sizeof(a.plugin_instance), "freshness");
    snprintf(a.type_instance, sizeof(a.type_instance), "silent");
    a.severity = "failure";
    snprintf(a.message, sizeof(a.message), "agency %s is silent: no update since %s (%s)", ag->id,
             vt_format_time(s->silent[i].newest, m->offset, when, sizeof(when)),
             vg_units_format(s->silent[i].age, "s", dur, sizeof(dur)));
    if (add(out, n, &a) != 0)
      return -1;
  }
  for (int k = 0; k < 2; k++) {
    const vg_at_risk_t *list = k == 0 ? s->spent : s->at_risk;
    size_t count = k == 0 ? s->n_spent : s->n_at_risk;
    for (size_t i = 0; i < count; i++) {
      const vg_agency_t *ag = &m->inv->agencies[list[i].agency];
      memset(&a, 0, sizeof(a));
      snprintf(a.host, sizeof(a.host), "%s", ag->hosts.n ? ag->hosts.ids[0] : ag->id);
      snprintf(a.plugin_instance, sizeof(a.plugin_instance), "%s", list[i].check->id);
      snprintf(a.type_instance, sizeof(a.type_instance), "budget");
      a.severity = k == 0 ? "failure" : "warning";
      if (k == 0)
        snprintf(a.message, sizeof(a.message),
                 "agency %s: the budget of %s is spent: it can no longer be met", ag->id,
                 list[i].check->id);
      else
        snprintf(a.message, sizeof(a.message),
                 "agency %s: the budget of %s runs out at %s (%s left), before the window ends",
                 ag->id, list[i].check->id,
                 vt_format_time(list[i].exhausted, m->offset, when, sizeof(when)),
                 vg_units_format(list[i].left, "s", dur, sizeof(dur)));
      if (add(out, n, &a) != 0)
        return -1;
    }
  }
  return 0;
}

static int same_subject(const alarm_t *a, const alarm_t *b)
{
  return strcmp(a->host, b->host) == 0 && strcmp(a->plugin_instance, b->plugin_instance) == 0 &&
         strcmp(a->type_instance, b->type_instance) == 0;
}

/* The alarm of list with a's subject, or NULL. */
static const alarm_t *find(const alarm_t *list, size_t n, const alarm_t *a)
{
  for (size_t i = 0; i < n; i++)
    if (same_subject(&list[i], a))
      return &list[i];
  return NULL;
}

/* Writes s into buf as a unixsock option value: quoted, with " and \
 * escaped, control characters as spaces. */
static void quote(const char *s, char *buf, size_t len)
{
  size_t o = 0;

  if (len < 3)
    return;
  buf[o++] = '"';
  for (; *s && o + 3 < len; s++) {
    if (*s == '"' || *s == '\\')
      buf[o++] = '\\';
    buf[o++] = (unsigned char)*s < 0x20 ? ' ' : *s;
  }
  buf[o++] = '"';
  buf[o] = '\0';
}

/* Sends one PUTNOTIF and reads its answer. Returns 0, or -1 with the
 * reason in err. */
static int putnotif(int fd, FILE *in, const alarm_t *a, const char *severity, time_t now, char *err,
                    size_t errlen)
{
  char line[2048], host[300], pinst[300], msg[1100], answer[512];
  int len;

  quote(a->host, host, sizeof(host));
  quote(a->plugin_instance, pinst, sizeof(pinst));
  quote(a->message, msg, sizeof(msg));
  len = snprintf(line, sizeof(line),
                 "PUTNOTIF severity=%s time=%lld host=%s plugin=vigil_report plugin_instance=%s "
                 "type=vigil_state type_instance=%s message=%s\n",
                 severity, (long long)now, host, pinst, a->type_instance, msg);
  if (len < 0 || (size_t)len >= sizeof(line) || write(fd, line, (size_t)len) != len) {
    snprintf(err, errlen, "cannot write to collectd's socket: %s", strerror(errno));
    return -1;
  }
  if (fgets(answer, sizeof(answer), in) == NULL) {
    snprintf(err, errlen, "collectd's socket gave no answer within %d s", ANSWER_TIMEOUT);
    return -1;
  }
  if (strtol(answer, NULL, 10) < 0) {
    answer[strcspn(answer, "\n")] = '\0';
    snprintf(err, errlen, "collectd refused a notification: %s", answer);
    return -1;
  }
  return 0;
}

int vg_notifier_send(vg_notifier_t *n, const vg_summary_t *s, time_t now, char *err, size_t errlen)
{
  alarm_t *cur = NULL, *raised = NULL;
  size_t n_cur = 0, n_raised = 0;
  struct sockaddr_un sa;
  struct timeval tv = {ANSWER_TIMEOUT, 0};
  int fd = -1, sent = 0, rc = -1;
  FILE *in = NULL;

  if (alarms_of(s, &cur, &n_cur) != 0) {
    snprintf(err, errlen, "out of memory");
    goto out;
  }
  memset(&sa, 0, sizeof(sa));
  sa.sun_family = AF_UNIX;
  memcpy(sa.sun_path, n->path, strlen(n->path) + 1);
  fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) != 0 ||
      setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) != 0 ||
      connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
    snprintf(err, errlen, "cannot connect to collectd's socket %s: %s", n->path, strerror(errno));
    goto out;
  }
  in = fdopen(dup(fd), "r");
  if (in == NULL) {
    snprintf(err, errlen, "out of memory");
    goto out;
  }
  /* what is raised now and was not (or not as badly) */
  for (size_t i = 0; i < n_cur; i++) {
    const alarm_t *was = find(n->sent, n->n_sent, &cur[i]);
    if (was != NULL && strcmp(was->severity, cur[i].severity) == 0) {
      if (add(&raised, &n_raised, &cur[i]) != 0)
        goto oom;
      continue;
    }
    if (putnotif(fd, in, &cur[i], cur[i].severity, now, err, errlen) != 0)
      goto keep;
    sent++;
    if (add(&raised, &n_raised, &cur[i]) != 0)
      goto oom;
  }
  /* what was raised and has cleared */
  for (size_t i = 0; i < n->n_sent; i++) {
    if (find(cur, n_cur, &n->sent[i]) != NULL)
      continue;
    alarm_t ok = n->sent[i];
    snprintf(ok.message, sizeof(ok.message), "%s: cleared",
             strcmp(ok.type_instance, "silent") == 0 ? "the agency sends again"
                                                     : "the budget is no longer at risk");
    if (putnotif(fd, in, &ok, "okay", now, err, errlen) != 0) {
      if (add(&raised, &n_raised, &n->sent[i]) != 0)
        goto oom;
      goto keep;
    }
    sent++;
  }
  rc = sent;
keep:
  /* what could not be said stays to be said next time: the alarms not
   * yet raised are not recorded as raised, the cleared ones not yet said
   * stay raised */
  if (rc < 0) {
    for (size_t i = 0; i < n->n_sent; i++)
      if (find(raised, n_raised, &n->sent[i]) == NULL && find(cur, n_cur, &n->sent[i]) == NULL &&
          add(&raised, &n_raised, &n->sent[i]) != 0)
        goto oom;
  }
  free(n->sent);
  n->sent = raised;
  n->n_sent = n_raised;
  raised = NULL;
  goto out;
oom:
  snprintf(err, errlen, "out of memory");
  rc = -1;
out:
  if (in != NULL)
    fclose(in);
  if (fd >= 0)
    close(fd);
  free(cur);
  free(raised);
  return rc;
}

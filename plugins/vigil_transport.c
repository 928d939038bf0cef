/* vigil_transport: a filter-chain match for the province's central
 * collector. It binds the network plugin's senders to the hosts they may
 * speak for, drops values dated ahead of this clock, and records for each
 * host how late its values arrive.
 *
 * LoadPlugin vigil_transport
 * <Chain "PreCache">
 *   <Rule "vigil_transport">
 *     <Match "vigil_transport">
 *       MaxFuture 300          # seconds a value may be dated ahead (0: off)
 *       <Sender "stttt">       # a network user (AuthFile), by agency id
 *         Host "dc-web01" "dc-mail"
 *       </Sender>
 *     </Match>
 *     Target "stop"
 *   </Rule>
 * </Chain>
 *
 * (vigil-report --inventory agencies.xml --emit-senders writes this block.)
 * The match matches, and so the rule's "stop" drops, a value that
 *  - the network plugin received (meta network:received) without a user,
 *    or from a user that is no Sender or whose Hosts do not list the
 *    value's host: counted for that user, the first refusal of each
 *    (user, host) logged;
 *  - is dated more than MaxFuture seconds after this clock: it would be the
 *    last update of its RRD file, and every later value would be refused
 *    (counted for the host, the first logged).
 * Values of any other origin (this host's plugins, collectd's mqtt
 * subscriber) are not judged by sender. Every interval it dispatches
 *  - <host>/vigil_transport/duration-arrival_delay: how long before the
 *    interval's end the oldest of the host's values that arrived in the
 *    interval was measured (its end minus that value's time; none arrived:
 *    unknown), dated at the interval's end on the interval grid, one value
 *    an interval, so that an RRD of the interval's step keeps each figure
 *    as it is (a gauge's update covers the time since the one before:
 *    unaligned, a figure would be averaged with its neighbour; after a gap
 *    the interval before is sent as unknown first, else the figure would be
 *    spread over the gap);
 *  - <host>/vigil_transport/derive-future_dropped;
 *  - vigil_transport-<user>/derive-accepted and derive-refused (this host).
 */
#include "collectd/core/daemon/collectd.h"

#include "collectd/core/daemon/filter_chain.h"
#include "collectd/core/daemon/plugin.h"
#include "collectd/core/utils/common/common.h"
#include "collectd/core/utils/metadata/meta_data.h"

#include "common/vg_plugin.h"

#include <math.h>
#include <pthread.h>

#define TR_PLUGIN "vigil_transport"
#define TR_MAX_SENDERS 4096
#define TR_MAX_HOSTS 16384  /* hosts whose delays are recorded */
#define TR_MAX_USERS 4096   /* users counted (senders and unknown ones) */
#define TR_MAX_PAIRS 4096   /* (user, host) refusals logged once each */
#define TR_MAX_HOSTS_PER 64 /* Host names of one Sender */

typedef struct {
  char *user;
  char *hosts[TR_MAX_HOSTS_PER];
  size_t n_hosts;
} tr_sender_t;

/* A table of names (open addressing, FNV-1a), each with its figures. */
typedef struct {
  char name[2 * DATA_MAX_NAME_LEN + 2];
  bool used;
  cdtime_t oldest;    /* the oldest time among values arrived since last sent; 0: none */
  derive_t future;    /* values dropped as dated ahead */
  derive_t accepted;  /* a user's values let through */
  derive_t refused;   /* a user's values dropped */
  bool future_logged; /* the first future-dated value was logged */
  cdtime_t last_slot; /* the interval end its figures were last sent for */
} tr_entry_t;

typedef struct {
  tr_entry_t *e;
  size_t cap, n, max;
  bool full_logged;
} tr_table_t;

typedef struct tr_match {
  tr_sender_t *senders;
  size_t n_senders;
  cdtime_t max_future;
  pthread_mutex_t lock;
  tr_table_t hosts, users, pairs;
  struct tr_match *next;
} tr_match_t;

/* Every configured match, for the read callback. */
static tr_match_t *tr_matches;
static pthread_mutex_t tr_matches_lock = PTHREAD_MUTEX_INITIALIZER;

static uint64_t tr_hash(const char *s)
{
  uint64_t h = 1469598103934665603ULL;

  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return h;
}

static tr_entry_t *tr_find(const tr_table_t *t, const char *name)
{
  if (t->cap == 0)
    return NULL;
  for (size_t i = tr_hash(name) & (t->cap - 1);; i = (i + 1) & (t->cap - 1))
    if (!t->e[i].used || strcmp(t->e[i].name, name) == 0)
      return t->e[i].used ? &t->e[i] : NULL;
}

/* The entry for name, made when missing; NULL when the table is at its
 * limit (logged once, naming what is not tracked) or out of memory. */
static tr_entry_t *tr_get(tr_table_t *t, const char *name, const char *what)
{
  tr_entry_t *e = tr_find(t, name);
  size_t i;

  if (e != NULL)
    return e;
  if (t->n >= t->max) {
    if (!t->full_logged)
      ERROR(TR_PLUGIN " plugin: %zu %s are tracked already; later ones are not.", t->n, what);
    t->full_logged = true;
    return NULL;
  }
  if (t->n * 2 >= t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 64;
    tr_entry_t *grown = calloc(cap, sizeof(*grown));
    if (grown == NULL)
      return NULL;
    for (size_t k = 0; k < t->cap; k++) {
      if (!t->e[k].used)
        continue;
      size_t j = tr_hash(t->e[k].name) & (cap - 1);
      while (grown[j].used)
        j = (j + 1) & (cap - 1);
      grown[j] = t->e[k];
    }
    free(t->e);
    t->e = grown;
    t->cap = cap;
  }
  for (i = tr_hash(name) & (t->cap - 1); t->e[i].used; i = (i + 1) & (t->cap - 1))
    ;
  memset(&t->e[i], 0, sizeof(t->e[i]));
  sstrncpy(t->e[i].name, name, sizeof(t->e[i].name));
  t->e[i].used = true;
  t->n++;
  return &t->e[i];
}

/* ---- configuration ---- */

static void tr_free(tr_match_t *m)
{
  if (m == NULL)
    return;
  for (size_t i = 0; i < m->n_senders; i++) {
    free(m->senders[i].user);
    for (size_t h = 0; h < m->senders[i].n_hosts; h++)
      free(m->senders[i].hosts[h]);
  }
  free(m->senders);
  free(m->hosts.e);
  free(m->users.e);
  free(m->pairs.e);
  pthread_mutex_destroy(&m->lock);
  free(m);
}

static int tr_config_sender(tr_match_t *m, oconfig_item_t *ci)
{
  vg_cf_t cx = {.plugin = TR_PLUGIN, .block = "Sender"};
  tr_sender_t *s;
  int errors = 0;

  if (ci->values_num != 1 || ci->values[0].type != OCONFIG_TYPE_STRING ||
      ci->values[0].value.string[0] == '\0') {
    ERROR(TR_PLUGIN " plugin: <Sender> needs one argument: the network user's name.");
    return -1;
  }
  cx.name = ci->values[0].value.string;
  for (size_t i = 0; i < m->n_senders; i++)
    if (strcmp(m->senders[i].user, cx.name) == 0) {
      ERROR(TR_PLUGIN " plugin: Sender \"%s\" is defined twice.", cx.name);
      return -1;
    }
  if (m->n_senders >= TR_MAX_SENDERS) {
    ERROR(TR_PLUGIN " plugin: more than %d senders.", TR_MAX_SENDERS);
    return -1;
  }
  s = &m->senders[m->n_senders];
  memset(s, 0, sizeof(*s));
  s->user = sstrdup(cx.name);
  m->n_senders++;
  for (int i = 0; i < ci->children_num; i++) {
    oconfig_item_t *c = ci->children + i;
    if (strcasecmp(c->key, "Host") == 0)
      errors += vg_cf_strings(&cx, c, "host names", s->hosts, TR_MAX_HOSTS_PER, &s->n_hosts) != 0;
    else {
      vg_cf_error(&cx, c, "is not known here (Host is)");
      errors++;
    }
  }
  if (errors == 0 && s->n_hosts == 0) {
    ERROR(TR_PLUGIN " plugin: Sender \"%s\": no Host: it could speak for nobody.", cx.name);
    errors++;
  }
  return errors ? -1 : 0;
}

static int tr_create(const oconfig_item_t *ci, void **user_data)
{
  static const vg_cf_t cx = {.plugin = TR_PLUGIN};
  tr_match_t *m = calloc(1, sizeof(*m));
  int errors = 0;
  double future = 300;

  if (m == NULL || (m->senders = calloc(TR_MAX_SENDERS, sizeof(*m->senders))) == NULL) {
    free(m);
    ERROR(TR_PLUGIN " plugin: out of memory.");
    return -1;
  }
  pthread_mutex_init(&m->lock, NULL);
  m->hosts.max = TR_MAX_HOSTS;
  m->users.max = TR_MAX_USERS;
  m->pairs.max = TR_MAX_PAIRS;
  for (int i = 0; i < ci->children_num; i++) {
    oconfig_item_t *c = ci->children + i;
    if (strcasecmp(c->key, "Sender") == 0)
      errors += tr_config_sender(m, c) != 0;
    else if (strcasecmp(c->key, "MaxFuture") == 0)
      errors += vg_cf_number(&cx, c, 0, 86400 * 366, &future) != 0;
    else {
      vg_cf_error(&cx, c, "is not known here (Sender and MaxFuture are)");
      errors++;
    }
  }
  if (errors) {
    tr_free(m);
    return -1;
  }
  m->max_future = DOUBLE_TO_CDTIME_T(future);
  pthread_mutex_lock(&tr_matches_lock);
  m->next = tr_matches;
  tr_matches = m;
  pthread_mutex_unlock(&tr_matches_lock);
  *user_data = m;
  return 0;
}

static int tr_destroy(void **user_data)
{
  tr_match_t *m = *user_data;

  pthread_mutex_lock(&tr_matches_lock);
  for (tr_match_t **p = &tr_matches; *p != NULL; p = &(*p)->next)
    if (*p == m) {
      *p = m->next;
      break;
    }
  pthread_mutex_unlock(&tr_matches_lock);
  tr_free(m);
  *user_data = NULL;
  return 0;
}

/* ---- judging a value ---- */

static bool tr_may_speak(const tr_match_t *m, const char *user, const char *host)
{
  for (size_t i = 0; i < m->n_senders; i++) {
    if (strcmp(m->senders[i].user, user) != 0)
      continue;
    for (size_t h = 0; h < m->senders[i].n_hosts; h++)
      if (strcmp(m->senders[i].hosts[h], host) == 0)
        return true;
    return false;
  }
  return false;
}

/* A refusal of user's value for host: counted; the first of the pair
 * logged. Called with m->lock held. */
static void tr_refuse(tr_match_t *m, const char *user, const value_list_t *vl)
{
  char pair[2 * DATA_MAX_NAME_LEN + 2], shown_user[DATA_MAX_NAME_LEN * 4],
      shown_host[DATA_MAX_NAME_LEN * 4];
  tr_entry_t *u = tr_get(&m->users, user, "users"), *p;

  if (u != NULL)
    u->refused++;
  snprintf(pair, sizeof(pair), "%s\n%s", user, vl->host);
  p = tr_get(&m->pairs, pair, "refused (user, host) pairs");
  if (p != NULL && p->refused++ == 0) {
    vg_escape_name(user, shown_user, sizeof(shown_user));
    vg_escape_name(vl->host, shown_host, sizeof(shown_host));
    WARNING(TR_PLUGIN " plugin: %s%s%s may not send values for host \"%s\" (%s/%s); they are "
                      "dropped and counted in vigil_transport-%s/derive-refused.",
            user[0] ? "user \"" : "a sender without a user", shown_user, user[0] ? "\"" : "",
            shown_host, vl->plugin, vl->type, user[0] ? shown_user : "-");
  }
}

static int tr_match(const data_set_t *ds, const value_list_t *vl, notification_meta_t **meta,
                    void **user_data)
{
  tr_match_t *m = *user_data;
  cdtime_t now = cdtime();
  char *user = NULL;
  bool received, refuse = false;
  int rc = FC_MATCH_NO_MATCH;

  (void)ds;
  (void)meta;
  if (strcmp(vl->plugin, TR_PLUGIN) == 0)
    return FC_MATCH_NO_MATCH; /* its own figures */
  received = vl->meta != NULL && meta_data_exists(vl->meta, "network:received") > 0;
  if (received && meta_data_get_string(vl->meta, "network:username", &user) != 0)
    user = NULL;
  pthread_mutex_lock(&m->lock);
  if (received) {
    refuse = user == NULL || !tr_may_speak(m, user, vl->host);
    if (refuse) {
      tr_refuse(m, user ? user : "", vl);
      rc = FC_MATCH_MATCHES;
    } else {
      tr_entry_t *u = tr_get(&m->users, user, "users");
      if (u != NULL)
        u->accepted++;
    }
  }
  if (!refuse) {
    tr_entry_t *h = tr_get(&m->hosts, vl->host, "hosts");
    if (m->max_future > 0 && vl->time > now + m->max_future) {
      if (h != NULL) {
        h->future++;
        if (!h->future_logged) {
          char shown[DATA_MAX_NAME_LEN * 4];
          vg_escape_name(vl->host, shown, sizeof(shown));
          WARNING(TR_PLUGIN " plugin: host \"%s\" sent a value dated %.0f s ahead of this clock "
                            "(%s/%s): dropped, as are later ones beyond %.0f s (counted in "
                            "derive-future_dropped); is its clock right?",
                  shown, CDTIME_T_TO_DOUBLE(vl->time - now), vl->plugin, vl->type,
                  CDTIME_T_TO_DOUBLE(m->max_future));
          h->future_logged = true;
        }
      }
      rc = FC_MATCH_MATCHES;
    } else if (h != NULL && vl->time > 0 && (h->oldest == 0 || vl->time < h->oldest)) {
      h->oldest = vl->time;
    }
  }
  pthread_mutex_unlock(&m->lock);
  free(user);
  return rc;
}

/* ---- figures ---- */

/* True when h's last figures are too long ago for an RRD to join the next
 * one to them (collectd's heartbeat is two intervals): the first time, or
 * after missed intervals. */
static bool tr_gap(const tr_entry_t *h, cdtime_t slot, cdtime_t interval)
{
  return h->last_slot == 0 || slot - h->last_slot > 2 * interval;
}

/* Copies m's figures out (resetting the interval's delays, and noting
 * slot as sent for each host), so that they are dispatched without its
 * lock held. Returns the number of hosts copied. */
static size_t tr_snapshot(tr_match_t *m, cdtime_t slot, tr_entry_t **hosts, size_t *n_users,
                          tr_entry_t **users)
{
  size_t n = 0;

  pthread_mutex_lock(&m->lock);
  *hosts = calloc(m->hosts.n ? m->hosts.n : 1, sizeof(**hosts));
  *users = calloc(m->users.n ? m->users.n : 1, sizeof(**users));
  *n_users = 0;
  for (size_t i = 0; *hosts != NULL && i < m->hosts.cap; i++) {
    tr_entry_t *h = &m->hosts.e[i];
    if (!h->used || h->last_slot >= slot)
      continue; /* this interval was sent already (a late read): the next one takes it */
    (*hosts)[n++] = *h;
    h->oldest = 0;
    h->last_slot = slot;
  }
  for (size_t i = 0; *users != NULL && i < m->users.cap; i++)
    if (m->users.e[i].used)
      (*users)[(*n_users)++] = m->users.e[i];
  pthread_mutex_unlock(&m->lock);
  return n;
}

static int tr_read(void)
{
  cdtime_t interval = plugin_get_interval(), now = cdtime();
  cdtime_t slot = interval > 0 ? now - now % interval : now;

  pthread_mutex_lock(&tr_matches_lock);
  for (tr_match_t *m = tr_matches; m != NULL; m = m->next) {
    tr_entry_t *hosts, *users;
    size_t n_users, n_hosts = tr_snapshot(m, slot, &hosts, &n_users, &users);
    for (size_t i = 0; i < n_hosts; i++) {
      const tr_entry_t *h = &hosts[i];
      /* after a gap (the first interval, or missed ones) the interval
       * before is sent as unknown first: an RRD spreads the first update
       * after a gap over the gap, i.e. loses it (in order with one write
       * thread, which a central collector needs anyway) */
      double d = h->oldest == 0 ? NAN : h->oldest < slot ? CDTIME_T_TO_DOUBLE(slot - h->oldest) : 0;
      if (tr_gap(h, slot, interval))
        vg_submit_for(h->name, slot - interval, TR_PLUGIN, "", "duration", "arrival_delay",
                      (value_t){.gauge = NAN});
      vg_submit_for(h->name, slot, TR_PLUGIN, "", "duration", "arrival_delay",
                    (value_t){.gauge = d});
      vg_submit_for(h->name, slot, TR_PLUGIN, "", "derive", "future_dropped",
                    (value_t){.derive = h->future});
    }
    for (size_t i = 0; i < n_users; i++) {
      char pinst[DATA_MAX_NAME_LEN];
      vg_escape_name(users[i].name[0] ? users[i].name : "-", pinst, sizeof(pinst));
      for (char *c = pinst; *c; c++)
        if (*c == '/')
          *c = '_';
      vg_submit_for(NULL, 0, TR_PLUGIN, pinst, "derive", "accepted",
                    (value_t){.derive = users[i].accepted});
      vg_submit_for(NULL, 0, TR_PLUGIN, pinst, "derive", "refused",
                    (value_t){.derive = users[i].refused});
    }
    free(hosts);
    free(users);
  }
  pthread_mutex_unlock(&tr_matches_lock);
  return 0;
}

void module_register(void)
{
  fc_register_match(TR_PLUGIN,
                    (match_proc_t){.create = tr_create, .destroy = tr_destroy, .match = tr_match});
  plugin_register_read(TR_PLUGIN, tr_read);
}

/* vigil_tls: whether each configured TLS endpoint completes a verified
 * handshake, the protocol version it negotiates, and the time left before
 * its certificate expires (directive item "encrypt in transit").
 *
 * <Plugin vigil_tls>
 *   <Endpoint "portal">
 *     Host "portal.example.gov.vn"   # required
 *     Port "443"                     # default 443 (25 smtp, 143 imap)
 *     ServerName "portal.example.gov.vn"  # SNI and host-name check; default Host
 *     CAFile "/etc/ssl/certs/ca-certificates.crt"  # default: the system's store
 *     MinProtocol "TLSv1.2"          # older versions fail the handshake check
 *     StartTLS "smtp"                # none (default), smtp or imap
 *     Timeout 5                      # seconds for the whole exchange
 *     Interval 60
 *   </Endpoint>
 * </Plugin>
 *
 * Dispatches, under plugin instance <Endpoint>: vigil_state-handshake_ok
 * (1 when the handshake completed, the chain and host name verified and the
 * protocol is at least MinProtocol, else 0), gauge-protocol_version (1.0 ..
 * 1.3, when a handshake completed), timeleft-cert_expiry (seconds until the
 * leaf certificate's notAfter, 0 once expired; when a certificate was seen).
 * Handshakes run on a worker thread per endpoint with the Timeout; the read
 * callback dispatches the last finished one. Why a handshake is not OK is
 * logged once, and again when the reason changes or it recovers.
 */
#include "collectd/core/daemon/collectd.h"

#include "collectd/core/daemon/plugin.h"
#include "collectd/core/utils/common/common.h"

#include "common/vg_conn.h"
#include "common/vg_plugin.h"

#include <pthread.h>

typedef enum { TLS_STARTTLS_NONE, TLS_STARTTLS_SMTP, TLS_STARTTLS_IMAP } tls_starttls_t;

typedef struct {
  bool done;      /* a probe has finished */
  bool ok;        /* handshake_ok */
  double version; /* 0 when no handshake */
  bool have_cert;
  time_t not_after;
  char why[256]; /* why not ok */
} tls_result_t;

typedef struct {
  char *name;
  char *host;
  char *port;
  char *server_name;
  char *ca_file;
  int min_version;
  tls_starttls_t starttls;
  double timeout;
  cdtime_t interval;

  SSL_CTX *ctx;
  vg_worker_t *worker;
  pthread_mutex_t lock;
  tls_result_t last;
  vg_logstate_t logstate;
} tls_endpoint_t;

static void tls_endpoint_free(void *arg)
{
  tls_endpoint_t *ep = arg;

  if (ep == NULL)
    return;
  vg_worker_stop(ep->worker);
  pthread_mutex_destroy(&ep->lock);
  if (ep->ctx != NULL)
    SSL_CTX_free(ep->ctx);
  sfree(ep->name);
  sfree(ep->host);
  sfree(ep->port);
  sfree(ep->server_name);
  sfree(ep->ca_file);
  sfree(ep);
}

static int tls_config_min_protocol(tls_endpoint_t *ep, oconfig_item_t *ci)
{
  char *s = NULL;

  if (cf_util_get_string(ci, &s) != 0 || (ep->min_version = vg_tls_version_parse(s)) == 0) {
    ERROR("vigil_tls plugin: Endpoint \"%s\": The `MinProtocol' option needs one of "
          "\"TLSv1\", \"TLSv1.1\", \"TLSv1.2\", \"TLSv1.3\".",
          ep->name);
    sfree(s);
    return -1;
  }
  sfree(s);
  return 0;
}

static int tls_config_starttls(tls_endpoint_t *ep, oconfig_item_t *ci)
{
  char *s = NULL;
  int rc = 0;

  if (cf_util_get_string(ci, &s) != 0)
    rc = -1;
  else if (strcasecmp(s, "none") == 0)
    ep->starttls = TLS_STARTTLS_NONE;
  else if (strcasecmp(s, "smtp") == 0)
    ep->starttls = TLS_STARTTLS_SMTP;
  else if (strcasecmp(s, "imap") == 0)
    ep->starttls = TLS_STARTTLS_IMAP;
  else
    rc = -1;
  if (rc != 0)
    ERROR("vigil_tls plugin: Endpoint \"%s\": The `StartTLS' option needs one of \"none\", "
          "\"smtp\", \"imap\".",
          ep->name);
  sfree(s);
  return rc;
}

static int tls_config_timeout(tls_endpoint_t *ep, oconfig_item_t *ci)
{
  if (cf_util_get_double(ci, &ep->timeout) != 0 || !(ep->timeout > 0) || ep->timeout > 300) {
    ERROR("vigil_tls plugin: Endpoint \"%s\": The `Timeout' option needs a number of seconds "
          "between 0 and 300.",
          ep->name);
    return -1;
  }
  return 0;
}

static int tls_config_string(tls_endpoint_t *ep, oconfig_item_t *ci, char **dest)
{
  if (cf_util_get_string(ci, dest) != 0) {
    ERROR("vigil_tls plugin: Endpoint \"%s\": The `%s' option needs exactly one string "
          "argument.",
          ep->name, ci->key);
    return -1;
  }
  return 0;
}

static int tls_config_option(tls_endpoint_t *ep, oconfig_item_t *ci)
{
  if (strcasecmp("Host", ci->key) == 0)
    return tls_config_string(ep, ci, &ep->host);
  if (strcasecmp("Port", ci->key) == 0) {
    int port = cf_util_get_port_number(ci);
    if (port <= 0) {
      ERROR("vigil_tls plugin: Endpoint \"%s\": The `Port' option needs a port number.", ep->name);
      return -1;
    }
    sfree(ep->port);
    ep->port = ssnprintf_alloc("%d", port);
    return ep->port ? 0 : -1;
  }
  if (strcasecmp("ServerName", ci->key) == 0)
    return tls_config_string(ep, ci, &ep->server_name);
  if (strcasecmp("CAFile", ci->key) == 0)
    return tls_config_string(ep, ci, &ep->ca_file);
  if (strcasecmp("MinProtocol", ci->key) == 0)
    return tls_config_min_protocol(ep, ci);
  if (strcasecmp("StartTLS", ci->key) == 0)
    return tls_config_starttls(ep, ci);
  if (strcasecmp("Timeout", ci->key) == 0)
    return tls_config_timeout(ep, ci);
  if (strcasecmp("Interval", ci->key) == 0)
    return cf_util_get_cdtime(ci, &ep->interval);
  ERROR("vigil_tls plugin: Endpoint \"%s\": Unknown option `%s'.", ep->name, ci->key);
  return -1;
}

/* Fills the defaults that depend on other options and checks the result. */
static int tls_config_finish(tls_endpoint_t *ep)
{
  static const char *const default_ports[] = {"443", "25", "143"};
  char why[256];

  if (ep->host == NULL || ep->host[0] == '\0') {
    ERROR("vigil_tls plugin: Endpoint \"%s\": The `Host' option is required.", ep->name);
    return -1;
  }
  if (ep->port == NULL && (ep->port = strdup(default_ports[ep->starttls])) == NULL)
    return -1;
  if (ep->server_name == NULL && (ep->server_name = strdup(ep->host)) == NULL)
    return -1;
  ep->ctx = vg_tls_client_ctx(ep->ca_file, why, sizeof(why));
  if (ep->ctx == NULL) {
    ERROR("vigil_tls plugin: Endpoint \"%s\": %s.", ep->name, why);
    return -1;
  }
  return 0;
}

static int tls_config_endpoint(oconfig_item_t *ci, tls_endpoint_t **ret)
{
  tls_endpoint_t *ep = calloc(1, sizeof(*ep));

  if (ep == NULL)
    return -1;
  pthread_mutex_init(&ep->lock, NULL);
  ep->min_version = TLS1_2_VERSION;
  ep->timeout = 5.0;
  if (cf_util_get_string(ci, &ep->name) != 0) {
    ERROR("vigil_tls plugin: The `Endpoint' block needs exactly one string argument.");
    goto fail;
  }
  for (int i = 0; i < ci->children_num; i++)
    if (tls_config_option(ep, ci->children + i) != 0)
      goto fail;
  if (tls_config_finish(ep) != 0)
    goto fail;
  *ret = ep;
  return 0;
fail:
  tls_endpoint_free(ep);
  return -1;
}

/* One probe: connect, STARTTLS if asked, handshake; fills res. */
static void tls_probe(const tls_endpoint_t *ep, tls_result_t *res)
{
  vg_conn_t c;
  vg_tls_info_t info;
  int rc;

  memset(res, 0, sizeof(*res));
  res->done = true;
  if (vg_conn_open(&c, ep->host, ep->port, ep->timeout, res->why, sizeof(res->why)) != 0)
    return;
  rc = 0;
  if (ep->starttls == TLS_STARTTLS_SMTP)
    rc = vg_smtp_greet(&c, 1, res->why, sizeof(res->why));
  else if (ep->starttls == TLS_STARTTLS_IMAP)
    rc = vg_imap_greet(&c, 1, res->why, sizeof(res->why));
  if (rc == 0 &&
      vg_conn_tls(&c, ep->ctx, ep->server_name, &info, res->why, sizeof(res->why)) == 0) {
    res->version = vg_tls_version_number(info.version);
    res->have_cert = info.have_cert;
    res->not_after = info.not_after;
    if (!info.verified)
      snprintf(res->why, sizeof(res->why), "certificate not valid for %s: %s", ep->server_name,
               info.verify_reason);
    else if (info.version < ep->min_version)
      snprintf(res->why, sizeof(res->why), "negotiated TLS %.1f, below MinProtocol %.1f",
               res->version, vg_tls_version_number(ep->min_version));
    else
      res->ok = true;
  }
  vg_conn_close(&c);
}

static void tls_worker_job(vg_worker_t *w, void *arg)
{
  tls_endpoint_t *ep = arg;
  tls_result_t res;

  (void)w;
  tls_probe(ep, &res);
  pthread_mutex_lock(&ep->lock);
  ep->last = res;
  pthread_mutex_unlock(&ep->lock);
}

static void tls_submit(const tls_endpoint_t *ep, const char *type, const char *type_instance,
                       gauge_t value)
{
  vg_submit("vigil_tls", ep->name, type, type_instance, value);
}

/* Logs a new reason once, and the recovery once. */
static void tls_log_change(tls_endpoint_t *ep, const tls_result_t *res)
{
  if (!vg_logstate_changed(&ep->logstate, res->ok ? "" : res->why))
    return;
  if (res->ok)
    INFO("vigil_tls plugin: Endpoint \"%s\" (%s:%s): handshake OK, TLS %.1f.", ep->name, ep->host,
         ep->port, res->version);
  else
    WARNING("vigil_tls plugin: Endpoint \"%s\" (%s:%s): not OK: %s.", ep->name, ep->host, ep->port,
            res->why);
}

static int tls_read(user_data_t *ud)
{
  tls_endpoint_t *ep = ud->data;
  tls_result_t res;

  pthread_mutex_lock(&ep->lock);
  res = ep->last;
  pthread_mutex_unlock(&ep->lock);
  vg_worker_kick(ep->worker);
  if (!res.done)
    return 0;
  tls_log_change(ep, &res);
  tls_submit(ep, "vigil_state", "handshake_ok", res.ok ? 1 : 0);
  if (res.version > 0)
    tls_submit(ep, "gauge", "protocol_version", res.version);
  if (res.have_cert) {
    double left = difftime(res.not_after, time(NULL));
    tls_submit(ep, "timeleft", "cert_expiry", left > 0 ? left : 0);
  }
  return 0;
}

static int tls_start(void *arg)
{
  tls_endpoint_t *ep = arg;

  return vg_start_block("vigil_tls", "Endpoint", ep->name, tls_worker_job, tls_read, ep->interval,
                        ep, tls_endpoint_free, &ep->worker);
}

static int tls_parse(oconfig_item_t *ci, void **ret)
{
  tls_endpoint_t *ep = NULL;
  int rc = tls_config_endpoint(ci, &ep);

  *ret = ep;
  return rc;
}

static int tls_config(oconfig_item_t *ci)
{
  static const vg_block_kind_t kind = {"vigil_tls", "Endpoint", tls_parse, tls_start,
                                       tls_endpoint_free};

  return vg_config_blocks(ci, &kind);
}

void module_register(void)
{
  plugin_register_complex_config("vigil_tls", tls_config);
}

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
  bool ok;        /* handshake_ok */
  double version; /* 0 when no handshake */
  bool have_cert;
  time_t not_after;
  char why[256]; /* why not ok */
} tls_result_t;

typedef struct {
  vg_block_t base; /* first */
  char *host;
  char *port;
  char *server_name;
  char *ca_file;
  int min_version;
  tls_starttls_t starttls;
  double timeout;

  SSL_CTX *ctx;
  vg_logstate_t logstate;
} tls_endpoint_t;

static const vg_block_kind_t tls_kind;

static void tls_endpoint_free(vg_block_t *b)
{
  tls_endpoint_t *ep = (tls_endpoint_t *)b;

  if (ep == NULL)
    return;
  vg_block_end(&ep->base);
  if (ep->ctx != NULL)
    SSL_CTX_free(ep->ctx);
  sfree(ep->host);
  sfree(ep->port);
  sfree(ep->server_name);
  sfree(ep->ca_file);
  sfree(ep);
}

static int tls_config_min_protocol(tls_endpoint_t *ep, oconfig_item_t *ci)
{
  static const char *const names[] = {"TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"};
  vg_cf_t cx = vg_cf_of(&ep->base);
  int i;

  if (vg_cf_choice(&cx, ci, names, STATIC_ARRAY_SIZE(names), &i) != 0)
    return -1;
  ep->min_version = vg_tls_version_parse(names[i]);
  return 0;
}

static int tls_config_starttls(tls_endpoint_t *ep, oconfig_item_t *ci)
{
  static const char *const names[] = {"none", "smtp", "imap"}; /* tls_starttls_t */
  vg_cf_t cx = vg_cf_of(&ep->base);
  int i;

  if (vg_cf_choice(&cx, ci, names, STATIC_ARRAY_SIZE(names), &i) != 0)
    return -1;
  ep->starttls = (tls_starttls_t)i;
  return 0;
}

static int tls_config_option(tls_endpoint_t *ep, oconfig_item_t *ci)
{
  vg_cf_t cx = vg_cf_of(&ep->base);

  if (strcasecmp("Host", ci->key) == 0)
    return vg_cf_string(&cx, ci, &ep->host);
  if (strcasecmp("Port", ci->key) == 0) {
    int port = cf_util_get_port_number(ci);
    if (port <= 0) {
      vg_cf_error(&cx, ci, "needs a port number");
      return -1;
    }
    sfree(ep->port);
    ep->port = ssnprintf_alloc("%d", port);
    return ep->port ? 0 : -1;
  }
  if (strcasecmp("ServerName", ci->key) == 0)
    return vg_cf_string(&cx, ci, &ep->server_name);
  if (strcasecmp("CAFile", ci->key) == 0)
    return vg_cf_string(&cx, ci, &ep->ca_file);
  if (strcasecmp("MinProtocol", ci->key) == 0)
    return tls_config_min_protocol(ep, ci);
  if (strcasecmp("StartTLS", ci->key) == 0)
    return tls_config_starttls(ep, ci);
  if (strcasecmp("Timeout", ci->key) == 0)
    return vg_cf_seconds(&cx, ci, 300, &ep->timeout);
  if (strcasecmp("Interval", ci->key) == 0)
    return vg_cf_interval(&cx, ci, &ep->base.interval);
  ERROR("vigil_tls plugin: Endpoint \"%s\": Unknown option `%s'.", ep->base.name, ci->key);
  return -1;
}

/* Fills the defaults that depend on other options and checks the result. */
static int tls_config_finish(tls_endpoint_t *ep)
{
  static const char *const default_ports[] = {"443", "25", "143"};
  char why[256];

  if (ep->host == NULL || ep->host[0] == '\0') {
    ERROR("vigil_tls plugin: Endpoint \"%s\": The `Host' option is required.", ep->base.name);
    return -1;
  }
  if (ep->port == NULL && (ep->port = strdup(default_ports[ep->starttls])) == NULL)
    return -1;
  if (ep->server_name == NULL && (ep->server_name = strdup(ep->host)) == NULL)
    return -1;
  ep->ctx = vg_tls_client_ctx(ep->ca_file, why, sizeof(why));
  if (ep->ctx == NULL) {
    ERROR("vigil_tls plugin: Endpoint \"%s\": %s.", ep->base.name, why);
    return -1;
  }
  return 0;
}

static int tls_parse(oconfig_item_t *ci, vg_block_t **ret)
{
  tls_endpoint_t *ep = calloc(1, sizeof(*ep));

  if (ep == NULL)
    return -1;
  if (vg_block_begin(&ep->base, &tls_kind, ci) != 0)
    goto fail;
  ep->min_version = TLS1_2_VERSION;
  ep->timeout = 5.0;
  for (int i = 0; i < ci->children_num; i++)
    if (tls_config_option(ep, ci->children + i) != 0)
      goto fail;
  if (tls_config_finish(ep) != 0)
    goto fail;
  *ret = &ep->base;
  return 0;
fail:
  tls_endpoint_free(&ep->base);
  return -1;
}

/* One probe: connect, STARTTLS if asked, handshake; fills res. */
static void tls_probe(const tls_endpoint_t *ep, tls_result_t *res)
{
  vg_conn_t c;
  vg_tls_info_t info;
  int rc;

  memset(res, 0, sizeof(*res));
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

static void tls_job(vg_worker_t *w, void *instance, void *result)
{
  (void)w;
  tls_probe(instance, result);
}

static void tls_submit(const tls_endpoint_t *ep, const char *type, const char *type_instance,
                       gauge_t value)
{
  vg_submit("vigil_tls", ep->base.name, type, type_instance, value);
}

/* Logs a new reason once, and the recovery once. */
static void tls_log_change(tls_endpoint_t *ep, const tls_result_t *res)
{
  if (!vg_logstate_changed(&ep->logstate, res->ok ? "" : res->why))
    return;
  if (res->ok)
    INFO("vigil_tls plugin: Endpoint \"%s\" (%s:%s): handshake OK, TLS %.1f.", ep->base.name,
         ep->host, ep->port, res->version);
  else
    WARNING("vigil_tls plugin: Endpoint \"%s\" (%s:%s): not OK: %s.", ep->base.name, ep->host,
            ep->port, res->why);
}

static int tls_read(user_data_t *ud)
{
  tls_endpoint_t *ep = ud->data;
  tls_result_t res;

  if (!vg_block_latest(&ep->base, &res, NULL))
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

static const vg_block_kind_t tls_kind = {
    .plugin = "vigil_tls",
    .block = "Endpoint",
    .parse = tls_parse,
    .free_fn = tls_endpoint_free,
    .read = tls_read,
    .job = tls_job,
    .result_size = sizeof(tls_result_t),
};

static int tls_config(oconfig_item_t *ci)
{
  return vg_config_blocks(ci, &tls_kind);
}

void module_register(void)
{
  plugin_register_complex_config("vigil_tls", tls_config);
  plugin_register_init("vigil_tls", vg_blocks_init);
}

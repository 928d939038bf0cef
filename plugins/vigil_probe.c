/* vigil_probe: whether each configured service answers, and how fast
 * (directive items "keep the provincial systems running" and "keep the
 * quality of service").
 *
 * <Plugin vigil_probe>
 *   <Service "portal">
 *     URL "https://portal.example.gov.vn/"   # HTTP(S), with libcurl
 *     ExpectStatus 200          # several allowed; default: any 2xx or 3xx
 *     ExpectBody "Cổng thông tin"  # POSIX extended regex on the body (1 MiB read)
 *     FollowRedirects true      # default true, at most 5
 *     VerifyPeer true           # default true: a bad certificate is down
 *     CAFile "/etc/ssl/certs/ca-certificates.crt"
 *     Timeout 5                 # seconds for the whole probe; default 5
 *     Interval 30
 *   </Service>
 *   <Service "mail-smtp">
 *     SMTP "mail.example.gov.vn:25"   # host[:port]; default port 25 (465 with TLS)
 *     StartTLS true
 *   </Service>
 *   <Service "mail-imap">
 *     IMAP "mail.example.gov.vn:993"  # default port 143 (993 with TLS)
 *     TLS true
 *   </Service>
 *   <Service "dns">
 *     DNS "portal.example.gov.vn"
 *     Server "203.0.113.53"           # IPv4[:port]; default: the system's resolvers
 *     RecordType "A"                  # A, AAAA, MX or NS
 *   </Service>
 *   <Service "dc-core">
 *     TCP "10.0.0.1:443"
 *   </Service>
 * </Plugin>
 *
 * Dispatches, under plugin instance <Service>: vigil_state-up (1 or 0) and,
 * when up, response_time (seconds). Each service is probed on a worker
 * thread of its own, bounded by its Timeout, so slow services delay neither
 * the read loop nor each other; the read callback dispatches the last
 * finished probe and starts the next. A service that does not answer in
 * time is up=0. Why a service is down is logged once, and again when the
 * reason changes or it is back.
 */
#include "collectd/core/daemon/collectd.h"

#include "collectd/core/daemon/plugin.h"
#include "collectd/core/utils/common/common.h"

#include "common/vg_conn.h"
#include "common/vg_plugin.h"
#include "dynbuf.h"

#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <curl/curl.h>
#include <math.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <regex.h>
#include <resolv.h>

#define PROBE_MAX_STATUS 16
#define PROBE_MAX_BODY (1024 * 1024)

typedef enum { PROBE_NONE, PROBE_URL, PROBE_SMTP, PROBE_IMAP, PROBE_DNS, PROBE_TCP } probe_kind_t;

typedef struct {
  bool up;
  double response_time;
  char why[256];
  /* what the log compares: why without the figures libcurl puts in it
   * ("after 1001 milliseconds"), so one reason is logged once */
  char key[64];
} probe_result_t;

typedef struct {
  vg_block_t base; /* first */
  probe_kind_t kind;
  char *target; /* URL, endpoint or DNS name */
  char host[256];
  char port[16];
  long expect_status[PROBE_MAX_STATUS];
  size_t expect_status_num;
  char *expect_body;
  regex_t body_re;
  bool body_re_ok;
  bool follow_redirects;
  bool verify_peer;
  bool starttls;
  bool tls;
  char *ca_file;
  char *server; /* DNS server, "addr[:port]" */
  int record_type;
  double timeout;

  SSL_CTX *ctx;
  vg_logstate_t logstate;
} probe_service_t;

static const vg_block_kind_t probe_kind;

static void probe_service_free(vg_block_t *b)
{
  probe_service_t *s = (probe_service_t *)b;

  if (s == NULL)
    return;
  vg_block_end(&s->base);
  if (s->body_re_ok)
    regfree(&s->body_re);
  if (s->ctx != NULL)
    SSL_CTX_free(s->ctx);
  sfree(s->target);
  sfree(s->expect_body);
  sfree(s->ca_file);
  sfree(s->server);
  sfree(s);
}

/* ---- configuration ---- */

static int probe_config_kind(probe_service_t *s, oconfig_item_t *ci, probe_kind_t kind)
{
  if (s->kind != PROBE_NONE) {
    ERROR("vigil_probe plugin: Service \"%s\": give only one of URL, SMTP, IMAP, DNS, TCP.",
          s->base.name);
    return -1;
  }
  vg_cf_t cx = vg_cf_of(&s->base);

  if (vg_cf_string(&cx, ci, &s->target) != 0)
    return -1;
  if (s->target[0] == '\0') {
    vg_cf_error(&cx, ci, "needs a non-empty string");
    return -1;
  }
  s->kind = kind;
  return 0;
}

static int probe_config_status(probe_service_t *s, oconfig_item_t *ci)
{
  vg_cf_t cx = vg_cf_of(&s->base);
  uint64_t code;

  if (s->expect_status_num >= PROBE_MAX_STATUS) {
    vg_cf_error(&cx, ci, "is given more than %d times", PROBE_MAX_STATUS);
    return -1;
  }
  if (vg_cf_count(&cx, ci, 100, 599, &code) != 0)
    return -1;
  s->expect_status[s->expect_status_num++] = (long)code;
  return 0;
}

static int probe_config_body(probe_service_t *s, oconfig_item_t *ci)
{
  char msg[256];
  int rc;

  vg_cf_t cx = vg_cf_of(&s->base);

  if (vg_cf_string(&cx, ci, &s->expect_body) != 0)
    return -1;
  if (s->body_re_ok)
    regfree(&s->body_re);
  rc = regcomp(&s->body_re, s->expect_body, REG_EXTENDED | REG_NOSUB);
  s->body_re_ok = rc == 0;
  if (rc != 0) {
    regerror(rc, &s->body_re, msg, sizeof(msg));
    ERROR("vigil_probe plugin: Service \"%s\": `ExpectBody' \"%s\" is not a valid regular "
          "expression: %s.",
          s->base.name, s->expect_body, msg);
    return -1;
  }
  return 0;
}

static int probe_config_record_type(probe_service_t *s, oconfig_item_t *ci)
{
  static const char *const names[] = {"A", "AAAA", "MX", "NS"};
  static const int types[] = {ns_t_a, ns_t_aaaa, ns_t_mx, ns_t_ns};
  vg_cf_t cx = vg_cf_of(&s->base);
  int i;

  if (vg_cf_choice(&cx, ci, names, STATIC_ARRAY_SIZE(names), &i) != 0)
    return -1;
  s->record_type = types[i];
  return 0;
}

static int probe_config_option(probe_service_t *s, oconfig_item_t *ci)
{
  vg_cf_t cx = vg_cf_of(&s->base);
  static const struct {
    const char *key;
    probe_kind_t kind;
  } kinds[] = {{"URL", PROBE_URL},
               {"SMTP", PROBE_SMTP},
               {"IMAP", PROBE_IMAP},
               {"DNS", PROBE_DNS},
               {"TCP", PROBE_TCP}};

  for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
    if (strcasecmp(kinds[i].key, ci->key) == 0)
      return probe_config_kind(s, ci, kinds[i].kind);
  if (strcasecmp("ExpectStatus", ci->key) == 0)
    return probe_config_status(s, ci);
  if (strcasecmp("ExpectBody", ci->key) == 0)
    return probe_config_body(s, ci);
  if (strcasecmp("FollowRedirects", ci->key) == 0)
    return vg_cf_bool(&cx, ci, &s->follow_redirects);
  if (strcasecmp("VerifyPeer", ci->key) == 0)
    return vg_cf_bool(&cx, ci, &s->verify_peer);
  if (strcasecmp("StartTLS", ci->key) == 0)
    return vg_cf_bool(&cx, ci, &s->starttls);
  if (strcasecmp("TLS", ci->key) == 0)
    return vg_cf_bool(&cx, ci, &s->tls);
  if (strcasecmp("CAFile", ci->key) == 0)
    return vg_cf_string(&cx, ci, &s->ca_file);
  if (strcasecmp("Server", ci->key) == 0)
    return vg_cf_string(&cx, ci, &s->server);
  if (strcasecmp("RecordType", ci->key) == 0)
    return probe_config_record_type(s, ci);
  if (strcasecmp("Timeout", ci->key) == 0)
    return vg_cf_seconds(&cx, ci, 300, &s->timeout);
  if (strcasecmp("Interval", ci->key) == 0)
    return vg_cf_interval(&cx, ci, &s->base.interval);
  ERROR("vigil_probe plugin: Service \"%s\": Unknown option `%s'.", s->base.name, ci->key);
  return -1;
}

/* Checks that the options given fit the kind of probe. */
static int probe_config_check_options(const probe_service_t *s)
{
  const char *stray = NULL;

  if (s->kind != PROBE_URL && (s->expect_status_num || s->expect_body))
    stray = s->expect_status_num ? "ExpectStatus" : "ExpectBody";
  else if (s->kind != PROBE_SMTP && s->kind != PROBE_IMAP && (s->starttls || s->tls))
    stray = s->starttls ? "StartTLS" : "TLS";
  else if (s->kind != PROBE_DNS && s->server != NULL)
    stray = "Server";
  else if (s->starttls && s->tls)
    stray = "StartTLS together with TLS";
  if (stray != NULL) {
    ERROR("vigil_probe plugin: Service \"%s\": `%s' does not apply to this kind of probe.",
          s->base.name, stray);
    return -1;
  }
  return 0;
}

/* Splits the endpoint of SMTP/IMAP/TCP probes; checks the DNS server. */
static int probe_config_endpoint(probe_service_t *s)
{
  const char *def = s->kind == PROBE_SMTP   ? (s->tls ? "465" : "25")
                    : s->kind == PROBE_IMAP ? (s->tls ? "993" : "143")
                                            : NULL;
  const char *what = s->kind == PROBE_TCP ? "TCP" : s->kind == PROBE_SMTP ? "SMTP" : "IMAP";

  if (vg_split_endpoint(s->target, def, s->host, sizeof(s->host), s->port, sizeof(s->port)) != 0) {
    ERROR("vigil_probe plugin: Service \"%s\": `%s' \"%s\" is not host:port%s.", s->base.name, what,
          s->target, def ? " or host" : "");
    return -1;
  }
  return 0;
}

static int probe_config_dns_server(probe_service_t *s)
{
  struct in_addr a;

  if (s->server == NULL)
    return 0;
  if (vg_split_endpoint(s->server, "53", s->host, sizeof(s->host), s->port, sizeof(s->port)) != 0 ||
      inet_pton(AF_INET, s->host, &a) != 1) {
    ERROR("vigil_probe plugin: Service \"%s\": `Server' \"%s\" must be an IPv4 address, "
          "optionally with :port.",
          s->base.name, s->server);
    return -1;
  }
  return 0;
}

static int probe_config_finish(probe_service_t *s)
{
  char why[256];

  if (s->kind == PROBE_NONE) {
    ERROR("vigil_probe plugin: Service \"%s\": give one of URL, SMTP, IMAP, DNS, TCP.",
          s->base.name);
    return -1;
  }
  if (probe_config_check_options(s) != 0)
    return -1;
  if (s->kind == PROBE_URL && strncasecmp(s->target, "http://", 7) != 0 &&
      strncasecmp(s->target, "https://", 8) != 0) {
    ERROR("vigil_probe plugin: Service \"%s\": `URL' must begin with http:// or https://.",
          s->base.name);
    return -1;
  }
  if (s->kind == PROBE_DNS)
    return probe_config_dns_server(s);
  if (s->kind != PROBE_URL && probe_config_endpoint(s) != 0)
    return -1;
  if ((s->starttls || s->tls) &&
      (s->ctx = vg_tls_client_ctx(s->ca_file, why, sizeof(why))) == NULL) {
    ERROR("vigil_probe plugin: Service \"%s\": %s.", s->base.name, why);
    return -1;
  }
  return 0;
}

static int probe_parse(oconfig_item_t *ci, vg_block_t **ret)
{
  probe_service_t *s = calloc(1, sizeof(*s));

  if (s == NULL)
    return -1;
  if (vg_block_begin(&s->base, &probe_kind, ci) != 0)
    goto fail;
  s->timeout = 5.0;
  s->follow_redirects = true;
  s->verify_peer = true;
  s->record_type = ns_t_a;
  for (int i = 0; i < ci->children_num; i++)
    if (probe_config_option(s, ci->children + i) != 0)
      goto fail;
  if (probe_config_finish(s) != 0)
    goto fail;
  *ret = &s->base;
  return 0;
fail:
  probe_service_free(&s->base);
  return -1;
}

/* ---- probes (worker threads) ---- */

/* Keeps the first PROBE_MAX_BODY bytes of the body; the rest is read and
 * dropped, so that the transfer completes. */
static size_t probe_curl_write(char *data, size_t size, size_t n, void *arg)
{
  return vg_dynbuf_add_some(arg, data, size * n) < 0 ? 0 : size * n;
}

static bool probe_status_ok(const probe_service_t *s, long status)
{
  if (s->expect_status_num == 0)
    return status >= 200 && status < 400;
  for (size_t i = 0; i < s->expect_status_num; i++)
    if (s->expect_status[i] == status)
      return true;
  return false;
}

/* libcurl's reason, logged in full, and its class, compared */
static void probe_curl_failed(probe_result_t *r, CURLcode rc, const char *errbuf)
{
  snprintf(r->why, sizeof(r->why), "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
  sstrncpy(r->key, curl_easy_strerror(rc), sizeof(r->key));
}

static void probe_url(const probe_service_t *s, probe_result_t *r)
{
  char errbuf[CURL_ERROR_SIZE] = "";
  vg_dynbuf_t body = {.max = PROBE_MAX_BODY};
  CURL *curl = curl_easy_init();
  long status = 0;
  CURLcode rc;

  if (curl == NULL) {
    sstrncpy(r->why, "cannot start libcurl", sizeof(r->why));
    return;
  }
  curl_easy_setopt(curl, CURLOPT_URL, s->target);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, (long)(s->timeout * 1000));
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, s->follow_redirects ? 1L : 0L);
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, s->verify_peer ? 1L : 0L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, s->verify_peer ? 2L : 0L);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "vigil_probe (collectd)");
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, probe_curl_write);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  if (s->ca_file != NULL)
    curl_easy_setopt(curl, CURLOPT_CAINFO, s->ca_file);
  rc = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo(curl, CURLINFO_TOTAL_TIME, &r->response_time);
  if (rc != CURLE_OK)
    probe_curl_failed(r, rc, errbuf);
  else if (!probe_status_ok(s, status))
    snprintf(r->why, sizeof(r->why), "HTTP status %ld", status);
  else if (s->body_re_ok && (regexec(&s->body_re, vg_dynbuf_str(&body), 0, NULL, 0) != 0))
    snprintf(r->why, sizeof(r->why), "the body does not match \"%s\"", s->expect_body);
  else
    r->up = true;
  vg_dynbuf_free(&body);
  curl_easy_cleanup(curl);
}

/* SMTP, IMAP and TCP: connect, optionally TLS and the greeting, then leave
 * politely. */
static void probe_stream(const probe_service_t *s, probe_result_t *r)
{
  vg_conn_t c;
  vg_tls_info_t info;
  int rc = 0;

  if (vg_conn_open(&c, s->host, s->port, s->timeout, r->why, sizeof(r->why)) != 0)
    return;
  if (s->tls)
    rc = vg_conn_tls(&c, s->ctx, s->host, &info, r->why, sizeof(r->why));
  if (rc == 0 && s->kind == PROBE_SMTP)
    rc = vg_smtp_greet(&c, s->starttls, r->why, sizeof(r->why));
  if (rc == 0 && s->kind == PROBE_IMAP)
    rc = vg_imap_greet(&c, s->starttls, r->why, sizeof(r->why));
  if (rc == 0 && s->starttls)
    rc = vg_conn_tls(&c, s->ctx, s->host, &info, r->why, sizeof(r->why));
  if (rc == 0 && s->kind != PROBE_TCP) {
    char why[64];
    vg_conn_write(&c, s->kind == PROBE_SMTP ? "QUIT\r\n" : "v2 LOGOUT\r\n", why, sizeof(why));
  }
  r->up = rc == 0;
  vg_conn_close(&c);
}

static void probe_dns(const probe_service_t *s, probe_result_t *r)
{
  struct __res_state st;
  unsigned char answer[4096];
  int n;

  memset(&st, 0, sizeof(st));
  if (res_ninit(&st) != 0) {
    sstrncpy(r->why, "cannot initialise the resolver", sizeof(r->why));
    return;
  }
  st.retrans = (int)ceil(s->timeout);
  st.retry = 1;
  if (s->server != NULL) {
    st.nscount = 1;
    st.nsaddr_list[0].sin_family = AF_INET;
    st.nsaddr_list[0].sin_port = htons((uint16_t)strtol(s->port, NULL, 10));
    inet_pton(AF_INET, s->host, &st.nsaddr_list[0].sin_addr);
  }
  n = res_nquery(&st, s->target, ns_c_in, s->record_type, answer, sizeof(answer));
  if (n < 0) {
    snprintf(r->why, sizeof(r->why), "no answer for %s: %s", s->target, hstrerror(st.res_h_errno));
  } else if (n < (int)sizeof(HEADER) || ntohs(((HEADER *)answer)->ancount) == 0) {
    snprintf(r->why, sizeof(r->why), "empty answer for %s", s->target);
  } else {
    r->up = true;
  }
  res_nclose(&st);
}

static void probe_run(const probe_service_t *s, probe_result_t *r)
{
  struct timespec start;

  memset(r, 0, sizeof(*r));
  clock_gettime(CLOCK_MONOTONIC, &start);
  if (s->kind == PROBE_URL)
    probe_url(s, r);
  else if (s->kind == PROBE_DNS)
    probe_dns(s, r);
  else
    probe_stream(s, r);
  if (s->kind != PROBE_URL || r->response_time <= 0)
    r->response_time = vg_elapsed_since(&start);
}

static void probe_job(vg_worker_t *w, void *instance, void *result)
{
  (void)w;
  probe_run(instance, result);
}

/* ---- read ---- */

static void probe_submit(const probe_service_t *s, const char *type, const char *type_instance,
                         gauge_t value)
{
  vg_submit("vigil_probe", s->base.name, type, type_instance, value);
}

static void probe_log_change(probe_service_t *s, const probe_result_t *r)
{
  if (!vg_logstate_changed(&s->logstate, r->up ? "" : r->key[0] != '\0' ? r->key : r->why))
    return;
  if (r->up)
    INFO("vigil_probe plugin: Service \"%s\" (%s) is up.", s->base.name, s->target);
  else
    WARNING("vigil_probe plugin: Service \"%s\" (%s) is down: %s.", s->base.name, s->target,
            r->why);
}

static int probe_read(user_data_t *ud)
{
  probe_service_t *s = ud->data;
  probe_result_t r;

  if (!vg_block_latest(&s->base, &r, NULL))
    return 0;
  probe_log_change(s, &r);
  probe_submit(s, "vigil_state", "up", r.up ? 1 : 0);
  if (r.up)
    probe_submit(s, "response_time", "", r.response_time);
  return 0;
}

static const vg_block_kind_t probe_kind = {
    .plugin = "vigil_probe",
    .block = "Service",
    .parse = probe_parse,
    .free_fn = probe_service_free,
    .read = probe_read,
    .job = probe_job,
    .result_size = sizeof(probe_result_t),
};

static int probe_config(oconfig_item_t *ci)
{
  static bool curl_ready;

  if (!curl_ready) {
    /* not thread-safe: done once here, before any worker exists */
    if (curl_global_init(CURL_GLOBAL_ALL) != 0) {
      ERROR("vigil_probe plugin: curl_global_init failed.");
      return -1;
    }
    curl_ready = true;
  }
  return vg_config_blocks(ci, &probe_kind);
}

void module_register(void)
{
  plugin_register_complex_config("vigil_probe", probe_config);
  plugin_register_init("vigil_probe", vg_blocks_init);
}

/* vg_conn: TCP connections with a deadline, TLS on them, line I/O. */
#define _GNU_SOURCE
#include "vg_conn.h"

#include "vg_root.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <fcntl.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int vg_split_endpoint(const char *s, const char *default_port, char *host, size_t hlen, char *port,
                      size_t plen)
{
  const char *h = s, *colon;
  size_t n;

  if (s == NULL || *s == '\0')
    return -1;
  if (*s == '[') {
    const char *close = strchr(s, ']');
    if (close == NULL || (close[1] != '\0' && close[1] != ':'))
      return -1;
    h = s + 1;
    n = (size_t)(close - h);
    colon = close[1] == ':' ? close + 1 : NULL;
  } else {
    colon = strrchr(s, ':');
    if (colon != NULL && strchr(s, ':') != colon)
      return -1; /* a bare IPv6 address needs brackets */
    n = colon ? (size_t)(colon - s) : strlen(s);
  }
  if (n == 0 || n >= hlen)
    return -1;
  memcpy(host, h, n);
  host[n] = '\0';
  if (colon != NULL) {
    if (colon[1] == '\0' || strspn(colon + 1, "0123456789") != strlen(colon + 1))
      return -1;
    default_port = colon + 1;
  }
  if (default_port == NULL || strlen(default_port) >= plen)
    return -1;
  char *end;
  long num = strtol(default_port, &end, 10);
  if (*end != '\0' || num <= 0 || num > 65535)
    return -1;
  snprintf(port, plen, "%s", default_port);
  return 0;
}

/* Waits until fd is ready for events or the deadline passes. Returns 1
 * ready, 0 timeout, -1 error. */
static int wait_fd(int fd, short events, const vg_deadline_t *d)
{
  struct pollfd p = {.fd = fd, .events = events};
  int rc;

  do {
    rc = poll(&p, 1, vg_deadline_ms_left(d));
  } while (rc < 0 && errno == EINTR);
  return rc;
}

static int connect_one(const struct addrinfo *ai, const vg_deadline_t *d, char *why, size_t wlen)
{
  int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
  int err = 0;
  socklen_t elen = sizeof(err);

  if (fd < 0) {
    snprintf(why, wlen, "socket: %s", VG_STRERROR(errno));
    return -1;
  }
  if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
    return fd;
  if (errno != EINPROGRESS) {
    snprintf(why, wlen, "connect: %s", VG_STRERROR(errno));
    close(fd);
    return -1;
  }
  if (wait_fd(fd, POLLOUT, d) <= 0) {
    snprintf(why, wlen, "connect: timed out");
    close(fd);
    return -1;
  }
  if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) != 0 || err != 0) {
    snprintf(why, wlen, "connect: %s", VG_STRERROR(err ? err : errno));
    close(fd);
    return -1;
  }
  return fd;
}

int vg_conn_open(vg_conn_t *c, const char *host, const char *port, double timeout, char *why,
                 size_t wlen)
{
  struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = AI_ADDRCONFIG};
  struct addrinfo *res = NULL;
  int rc;

  memset(c, 0, sizeof(*c));
  c->fd = -1;
  vg_deadline_set(&c->deadline, timeout);
  rc = getaddrinfo(host, port, &hints, &res);
  if (rc != 0) {
    snprintf(why, wlen, "cannot resolve %s: %s", host, gai_strerror(rc));
    return -1;
  }
  for (struct addrinfo *ai = res; ai != NULL && c->fd < 0; ai = ai->ai_next)
    c->fd = connect_one(ai, &c->deadline, why, wlen);
  c->have_fd = c->fd >= 0;
  freeaddrinfo(res);
  return c->fd >= 0 ? 0 : -1;
}

SSL_CTX *vg_tls_client_ctx(const char *ca_file, char *why, size_t wlen)
{
  SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

  if (ctx == NULL) {
    snprintf(why, wlen, "cannot create a TLS context");
    return NULL;
  }
  SSL_CTX_set_security_level(ctx, 0);
  SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION);
  SSL_CTX_set_cipher_list(ctx, "DEFAULT:@SECLEVEL=0");
  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
  if ((ca_file != NULL && SSL_CTX_load_verify_locations(ctx, ca_file, NULL) != 1) ||
      (ca_file == NULL && SSL_CTX_set_default_verify_paths(ctx) != 1)) {
    snprintf(why, wlen, "cannot load the CA certificates %s", ca_file ? ca_file : "(system)");
    SSL_CTX_free(ctx);
    ERR_clear_error();
    return NULL;
  }
  return ctx;
}

/* Reads the leaf certificate's notAfter into info. */
static void read_cert(SSL *ssl, vg_tls_info_t *info)
{
  X509 *cert = SSL_get1_peer_certificate(ssl);
  struct tm tm;

  if (cert == NULL)
    return;
  if (ASN1_TIME_to_tm(X509_get0_notAfter(cert), &tm) == 1) {
    info->not_after = timegm(&tm);
    info->have_cert = 1;
  }
  X509_free(cert);
}

int vg_conn_tls(vg_conn_t *c, SSL_CTX *ctx, const char *server_name, vg_tls_info_t *info, char *why,
                size_t wlen)
{
  int rc;
  long vr;

  memset(info, 0, sizeof(*info));
  c->ssl = SSL_new(ctx);
  if (c->ssl == NULL || SSL_set_fd(c->ssl, c->fd) != 1) {
    snprintf(why, wlen, "cannot start TLS");
    return -1;
  }
  SSL_set_tlsext_host_name(c->ssl, server_name);
  SSL_set1_host(c->ssl, server_name);
  while ((rc = SSL_connect(c->ssl)) != 1) {
    int e = SSL_get_error(c->ssl, rc);
    short ev = e == SSL_ERROR_WANT_READ ? POLLIN : e == SSL_ERROR_WANT_WRITE ? POLLOUT : 0;
    if (ev == 0) {
      unsigned long code = ERR_get_error();
      snprintf(why, wlen, "TLS handshake failed: %s",
               code ? ERR_reason_error_string(code) : "connection closed");
      ERR_clear_error();
      return -1;
    }
    if (wait_fd(c->fd, ev, &c->deadline) <= 0) {
      snprintf(why, wlen, "TLS handshake timed out");
      return -1;
    }
  }
  info->done = 1;
  info->version = SSL_version(c->ssl);
  read_cert(c->ssl, info);
  vr = SSL_get_verify_result(c->ssl);
  info->verified = vr == X509_V_OK && info->have_cert;
  snprintf(info->verify_reason, sizeof(info->verify_reason), "%s",
           info->have_cert ? X509_verify_cert_error_string(vr) : "no certificate presented");
  return 0;
}

/* Reads more bytes into c->rbuf. Returns the count, or -1 with why. */
static int fill(vg_conn_t *c, char *why, size_t wlen)
{
  for (;;) {
    size_t room = sizeof(c->rbuf) - c->rlen;
    int n;
    if (room == 0) {
      snprintf(why, wlen, "line too long");
      return -1;
    }
    if (c->ssl != NULL) {
      n = SSL_read(c->ssl, c->rbuf + c->rlen, (int)room);
      if (n > 0) {
        c->rlen += (size_t)n;
        return n;
      }
      int e = SSL_get_error(c->ssl, n);
      if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) {
        snprintf(why, wlen, "connection closed");
        ERR_clear_error();
        return -1;
      }
      if (wait_fd(c->fd, e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, &c->deadline) <= 0)
        break;
      continue;
    }
    n = (int)read(c->fd, c->rbuf + c->rlen, room);
    if (n > 0) {
      c->rlen += (size_t)n;
      return n;
    }
    if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
      snprintf(why, wlen, "connection closed%s%s", n ? ": " : "", n ? VG_STRERROR(errno) : "");
      return -1;
    }
    if (wait_fd(c->fd, POLLIN, &c->deadline) <= 0)
      break;
  }
  snprintf(why, wlen, "no answer within the timeout");
  return -1;
}

int vg_conn_read_line(vg_conn_t *c, char *buf, size_t len, char *why, size_t wlen)
{
  char *nl;

  while ((nl = memchr(c->rbuf, '\n', c->rlen)) == NULL) {
    if (fill(c, why, wlen) < 0)
      return -1;
  }
  size_t n = (size_t)(nl - c->rbuf);
  size_t keep = n > 0 && c->rbuf[n - 1] == '\r' ? n - 1 : n;
  if (keep >= len) {
    snprintf(why, wlen, "line too long");
    return -1;
  }
  memcpy(buf, c->rbuf, keep);
  buf[keep] = '\0';
  c->rlen -= n + 1;
  memmove(c->rbuf, nl + 1, c->rlen);
  return (int)keep;
}

int vg_conn_write(vg_conn_t *c, const char *s, char *why, size_t wlen)
{
  size_t len = strlen(s), off = 0;

  while (off < len) {
    int n;
    short ev = POLLOUT;
    if (c->ssl != NULL) {
      n = SSL_write(c->ssl, s + off, (int)(len - off));
      if (n <= 0) {
        int e = SSL_get_error(c->ssl, n);
        if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) {
          snprintf(why, wlen, "write failed");
          ERR_clear_error();
          return -1;
        }
        ev = e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT;
      }
    } else {
      n = (int)send(c->fd, s + off, len - off, MSG_NOSIGNAL);
      if (n < 0 && errno != EAGAIN && errno != EINTR) {
        snprintf(why, wlen, "write failed: %s", VG_STRERROR(errno));
        return -1;
      }
    }
    if (n > 0) {
      off += (size_t)n;
      continue;
    }
    if (wait_fd(c->fd, ev, &c->deadline) <= 0) {
      snprintf(why, wlen, "write timed out");
      return -1;
    }
  }
  return 0;
}

/* Reads SMTP reply lines until the last one ("NNN " rather than "NNN-");
 * returns its code, or -1 with why. */
static int smtp_reply(vg_conn_t *c, char *line, size_t len, char *why, size_t wlen)
{
  for (;;) {
    int n = vg_conn_read_line(c, line, len, why, wlen);
    if (n < 0)
      return -1;
    if (n < 3 || line[0] < '1' || line[0] > '5') {
      snprintf(why, wlen, "not an SMTP reply: \"%.60s\"", line);
      return -1;
    }
    if (!isdigit((unsigned char)line[1]) || !isdigit((unsigned char)line[2])) {
      snprintf(why, wlen, "not an SMTP reply: \"%.60s\"", line);
      return -1;
    }
    if (n == 3 || line[3] == ' ')
      return (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
  }
}

int vg_smtp_greet(vg_conn_t *c, int starttls, char *why, size_t wlen)
{
  char line[1024];
  int code = smtp_reply(c, line, sizeof(line), why, wlen);

  if (code < 0)
    return -1;
  if (code != 220) {
    snprintf(why, wlen, "SMTP greeting \"%.60s\"", line);
    return -1;
  }
  if (!starttls)
    return 0;
  if (vg_conn_write(c, "EHLO vigil.invalid\r\n", why, wlen) != 0 ||
      (code = smtp_reply(c, line, sizeof(line), why, wlen)) < 0)
    return -1;
  if (code != 250) {
    snprintf(why, wlen, "EHLO refused: \"%.60s\"", line);
    return -1;
  }
  if (vg_conn_write(c, "STARTTLS\r\n", why, wlen) != 0 ||
      (code = smtp_reply(c, line, sizeof(line), why, wlen)) < 0)
    return -1;
  if (code != 220) {
    snprintf(why, wlen, "STARTTLS refused: \"%.60s\"", line);
    return -1;
  }
  return 0;
}

int vg_imap_greet(vg_conn_t *c, int starttls, char *why, size_t wlen)
{
  char line[1024];

  if (vg_conn_read_line(c, line, sizeof(line), why, wlen) < 0)
    return -1;
  if (strncmp(line, "* OK", 4) != 0) {
    snprintf(why, wlen, "IMAP greeting \"%.60s\"", line);
    return -1;
  }
  if (!starttls)
    return 0;
  if (vg_conn_write(c, "v1 STARTTLS\r\n", why, wlen) != 0)
    return -1;
  do {
    if (vg_conn_read_line(c, line, sizeof(line), why, wlen) < 0)
      return -1;
  } while (line[0] == '*');
  if (strncmp(line, "v1 OK", 5) != 0) {
    snprintf(why, wlen, "STARTTLS refused: \"%.60s\"", line);
    return -1;
  }
  return 0;
}

double vg_tls_version_number(int version)
{
  switch (version) {
  case TLS1_VERSION:
    return 1.0;
  case TLS1_1_VERSION:
    return 1.1;
  case TLS1_2_VERSION:
    return 1.2;
  case TLS1_3_VERSION:
    return 1.3;
  default:
    return 0;
  }
}

int vg_tls_version_parse(const char *s)
{
  static const struct {
    const char *name;
    int v;
  } names[] = {
      {"TLSv1", TLS1_VERSION},     {"TLSv1.0", TLS1_VERSION},   {"1.0", TLS1_VERSION},
      {"TLSv1.1", TLS1_1_VERSION}, {"1.1", TLS1_1_VERSION},     {"TLSv1.2", TLS1_2_VERSION},
      {"1.2", TLS1_2_VERSION},     {"TLSv1.3", TLS1_3_VERSION}, {"1.3", TLS1_3_VERSION}};

  for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
    if (strcasecmp(s, names[i].name) == 0)
      return names[i].v;
  return 0;
}

void vg_conn_close(vg_conn_t *c)
{
  if (c->ssl != NULL) {
    SSL_free(c->ssl);
    c->ssl = NULL;
  }
  if (c->have_fd)
    close(c->fd);
  c->have_fd = false;
  c->fd = -1;
  c->rlen = 0;
  ERR_clear_error();
}

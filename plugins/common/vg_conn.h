/* vg_conn: TCP connections with a deadline, TLS on them (direct or after
 * STARTTLS), line reading and writing; for probes that must never wait
 * longer than their timeout. */
#ifndef VIGIL_VG_CONN_H
#define VIGIL_VG_CONN_H

#include "vg_deadline.h"

#include <openssl/ssl.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* Splits "host:port", "[v6addr]:port" or "host" (then port is
 * default_port) into host and port. Returns 0, or -1 when the text is not
 * such an endpoint or does not fit. */
int vg_split_endpoint(const char *s, const char *default_port, char *host, size_t hlen, char *port,
                      size_t plen);

typedef struct {
  int fd;
  bool have_fd; /* fd is this connection's (a zeroed c has none) */
  SSL *ssl;
  vg_deadline_t deadline;
  char rbuf[4096]; /* bytes read past the last line */
  size_t rlen;
} vg_conn_t;

/* What a TLS handshake showed. */
typedef struct {
  int done;     /* the handshake completed */
  int verified; /* chain and host name verified */
  char verify_reason[160];
  int version;      /* TLS1_2_VERSION ...; 0 when not done */
  int have_cert;    /* the server presented a certificate */
  time_t not_after; /* its notAfter */
} vg_tls_info_t;

/* Resolves host and connects to port, trying each address, all before
 * timeout seconds have passed (c->deadline is set for the whole exchange).
 * Returns 0, or -1 with the reason in why (c is then closed). */
int vg_conn_open(vg_conn_t *c, const char *host, const char *port, double timeout, char *why,
                 size_t wlen);

/* A client context that can observe every protocol version from TLS 1.0
 * (security level 0, so that old servers can be seen and reported as
 * such), verifying against ca_file or the system's store. It never refuses
 * a handshake for a bad certificate: the verdict is in vg_tls_info_t.
 * Returns the context (free with SSL_CTX_free), or NULL with why. */
SSL_CTX *vg_tls_client_ctx(const char *ca_file, char *why, size_t wlen);

/* Runs a TLS handshake on c, with SNI and host-name verification for
 * server_name, and fills info. Returns 0 when the handshake completed
 * (verified or not), -1 with the reason in why otherwise. */
int vg_conn_tls(vg_conn_t *c, SSL_CTX *ctx, const char *server_name, vg_tls_info_t *info, char *why,
                size_t wlen);

/* Reads one line (without CR LF) into buf. Returns its length, or -1 with
 * why (closed, timeout, too long). */
int vg_conn_read_line(vg_conn_t *c, char *buf, size_t len, char *why, size_t wlen);

/* Writes s completely. Returns 0, or -1 with why. */
int vg_conn_write(vg_conn_t *c, const char *s, char *why, size_t wlen);

/* SMTP: reads the 220 greeting (multi-line allowed). With starttls, sends
 * EHLO and STARTTLS and expects 220, leaving c ready for vg_conn_tls.
 * Returns 0, or -1 with why. */
int vg_smtp_greet(vg_conn_t *c, int starttls, char *why, size_t wlen);

/* IMAP: reads the "* OK" greeting; with starttls, sends STARTTLS and
 * expects OK. Returns 0, or -1 with why. */
int vg_imap_greet(vg_conn_t *c, int starttls, char *why, size_t wlen);

/* "1.0", "1.1", "1.2", "1.3" as a number (1.0 ... 1.3); 0 when unknown. */
double vg_tls_version_number(int version);

/* Parses "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3" (also "1.2" ...).
 * Returns the OpenSSL version constant, or 0 when unknown. */
int vg_tls_version_parse(const char *s);

/* Closes c (TLS and socket); safe on a closed or zeroed c (a zeroed c
 * owns no descriptor: stdin stays open). */
void vg_conn_close(vg_conn_t *c);

#endif

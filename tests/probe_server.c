/* probe_server: small loopback servers for the probe tests, each living for
 * a bounded time.
 *
 *   probe_server PORT SECONDS http STATUS   answer every request with STATUS
 *   probe_server PORT SECONDS redirect URL  answer every request with 302 to URL
 *   probe_server PORT SECONDS silent        accept, never answer
 *   probe_server PORT SECONDS close         accept and close at once
 *   probe_server PORT SECONDS smtp CERT KEY an SMTP greeting, EHLO, STARTTLS
 *   probe_server PORT SECONDS imap CERT KEY an IMAP greeting, STARTTLS
 *
 * PORT may be the path of a unix socket instead. It listens on 127.0.0.1 only, prints "ready" once
 * listening, and exits by itself after SECONDS. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static time_t end_time;
static SSL_CTX *ctx;

static int ms_left(void)
{
  time_t now = time(NULL);
  return now >= end_time ? 0 : (int)(end_time - now) * 1000;
}

/* Reads a line from fd or ssl (one byte at a time: tests only). */
static int read_line(int fd, SSL *ssl, char *buf, size_t len)
{
  size_t n = 0;

  while (n + 1 < len) {
    char ch;
    struct pollfd p = {.fd = fd, .events = POLLIN};
    if (ssl == NULL || SSL_pending(ssl) == 0) {
      if (poll(&p, 1, 3000) <= 0)
        return -1;
    }
    int r = ssl ? SSL_read(ssl, &ch, 1) : (int)read(fd, &ch, 1);
    if (r <= 0)
      return -1;
    if (ch == '\n')
      break;
    if (ch != '\r')
      buf[n++] = ch;
  }
  buf[n] = '\0';
  return (int)n;
}

static void say(int fd, SSL *ssl, const char *s)
{
  if (ssl)
    SSL_write(ssl, s, (int)strlen(s));
  else if (write(fd, s, strlen(s)) < 0)
    perror("write");
}

static void serve_http(int fd, int status, const char *location)
{
  char line[2048], resp[512];
  const char *body = "<html><body>vigil test page</body></html>\n";

  while (read_line(fd, NULL, line, sizeof(line)) > 0)
    ;
  snprintf(resp, sizeof(resp),
           "HTTP/1.0 %d Test\r\nContent-Type: text/html\r\n%s%s%s"
           "Content-Length: %zu\r\nConnection: close\r\n\r\n",
           status, location ? "Location: " : "", location ? location : "", location ? "\r\n" : "",
           strlen(body));
  say(fd, NULL, resp);
  say(fd, NULL, body);
}

static SSL *start_tls(int fd)
{
  SSL *ssl = SSL_new(ctx);

  SSL_set_fd(ssl, fd);
  if (SSL_accept(ssl) != 1) {
    ERR_clear_error();
    SSL_free(ssl);
    return NULL;
  }
  return ssl;
}

static void serve_smtp(int fd)
{
  char line[1024];
  SSL *ssl = NULL;

  say(fd, NULL, "220 test.invalid ESMTP ready\r\n");
  while (read_line(fd, ssl, line, sizeof(line)) >= 0) {
    if (strncasecmp(line, "EHLO", 4) == 0) {
      say(fd, ssl, "250-test.invalid\r\n");
      say(fd, ssl, ssl ? "250 8BITMIME\r\n" : "250 STARTTLS\r\n");
    } else if (strcasecmp(line, "STARTTLS") == 0 && ssl == NULL) {
      say(fd, NULL, "220 go ahead\r\n");
      if ((ssl = start_tls(fd)) == NULL)
        break;
    } else if (strcasecmp(line, "QUIT") == 0) {
      say(fd, ssl, "221 bye\r\n");
      break;
    } else {
      say(fd, ssl, "502 not implemented\r\n");
    }
  }
  if (ssl) {
    SSL_shutdown(ssl);
    SSL_free(ssl);
  }
}

static void serve_imap(int fd)
{
  char line[1024], tag[64], reply[256];
  SSL *ssl = NULL;

  say(fd, NULL, "* OK [CAPABILITY IMAP4rev1 STARTTLS] test ready\r\n");
  while (read_line(fd, ssl, line, sizeof(line)) >= 0) {
    char *sp = strchr(line, ' ');
    if (sp == NULL)
      break;
    snprintf(tag, sizeof(tag), "%.*s", (int)(sp - line), line);
    if (strcasecmp(sp + 1, "STARTTLS") == 0 && ssl == NULL) {
      snprintf(reply, sizeof(reply), "%s OK begin TLS\r\n", tag);
      say(fd, NULL, reply);
      if ((ssl = start_tls(fd)) == NULL)
        break;
    } else {
      snprintf(reply, sizeof(reply), "* BYE\r\n%s OK done\r\n", tag);
      say(fd, ssl, reply);
      break;
    }
  }
  if (ssl) {
    SSL_shutdown(ssl);
    SSL_free(ssl);
  }
}

static int listen_on(int port)
{
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);

  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  if (bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(fd, 64) != 0) {
    perror("bind/listen");
    exit(1);
  }
  return fd;
}

/* Listens on the unix socket at path (replacing a stale one). */
static int listen_unix(const char *path)
{
  struct sockaddr_un a = {.sun_family = AF_UNIX};
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);

  snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
  unlink(path);
  if (bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(fd, 64) != 0) {
    perror("bind/listen");
    exit(1);
  }
  return fd;
}

int main(int argc, char **argv)
{
  int lfd, held[256], nheld = 0;
  const char *mode;

  if (argc < 4) {
    fprintf(stderr,
            "usage: probe_server PORT|/SOCKET SECONDS http STATUS|silent|close|smtp CERT KEY|"
            "imap CERT KEY\n");
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  end_time = time(NULL) + strtol(argv[2], NULL, 10);
  mode = argv[3];
  if (argc >= 6 && strcmp(mode, "redirect") != 0) {
    ctx = SSL_CTX_new(TLS_server_method());
    if (SSL_CTX_use_certificate_chain_file(ctx, argv[4]) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx, argv[5], SSL_FILETYPE_PEM) != 1) {
      fprintf(stderr, "probe_server: cannot load %s / %s\n", argv[4], argv[5]);
      return 1;
    }
  }
  lfd = argv[1][0] == '/' ? listen_unix(argv[1]) : listen_on((int)strtol(argv[1], NULL, 10));
  printf("ready\n");
  fflush(stdout);
  for (;;) {
    struct pollfd p = {.fd = lfd, .events = POLLIN};
    int left = ms_left();
    if (left == 0)
      break;
    if (poll(&p, 1, left) <= 0)
      continue;
    int fd = accept(lfd, NULL, NULL);
    if (fd < 0)
      continue;
    if (strcmp(mode, "silent") == 0) {
      if (nheld < 256)
        held[nheld++] = fd; /* never answered, closed at exit */
      else
        close(fd);
      continue;
    }
    if (strcmp(mode, "http") == 0)
      serve_http(fd, argc > 4 ? (int)strtol(argv[4], NULL, 10) : 200, NULL);
    else if (strcmp(mode, "redirect") == 0)
      serve_http(fd, 302, argv[4]);
    else if (strcmp(mode, "smtp") == 0)
      serve_smtp(fd);
    else if (strcmp(mode, "imap") == 0)
      serve_imap(fd);
    close(fd); /* mode close: at once, as a daemon that went away */
  }
  for (int i = 0; i < nheld; i++)
    close(held[i]);
  if (ctx)
    SSL_CTX_free(ctx);
  return 0;
}

/* testutil: temporary folders and files for the unit tests. */
#define _GNU_SOURCE
#include "testutil.h"

#include <check.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

char *tu_mkdtemp(char *buf, size_t len)
{
  const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";

  snprintf(buf, len, "%s/vigil-test.XXXXXX", base);
  if (mkdtemp(buf) == NULL) {
    perror("mkdtemp");
    abort();
  }
  return buf;
}

static void mkparents(char *path)
{
  for (char *p = path + 1; *p; p++) {
    if (*p != '/')
      continue;
    *p = '\0';
    if (mkdir(path, 0755) != 0 && errno != EEXIST) {
      perror(path);
      abort();
    }
    *p = '/';
  }
}

/* Opens dir/name for writing, creating its folders; aborts on error. */
static FILE *open_for_writing(const char *dir, const char *name, char *path, size_t len)
{
  FILE *fp;

  snprintf(path, len, "%s/%s", dir, name);
  mkparents(path);
  fp = fopen(path, "w");
  if (fp == NULL) {
    perror(path);
    abort();
  }
  return fp;
}

void tu_write_file(const char *dir, const char *name, size_t size, time_t mtime)
{
  char path[4096];
  FILE *fp = open_for_writing(dir, name, path, sizeof(path));

  for (size_t i = 0; i < size; i++)
    fputc('x', fp);
  fclose(fp);
  if (mtime != 0) {
    struct timespec ts[2] = {{mtime, 0}, {mtime, 0}};
    if (utimensat(AT_FDCWD, path, ts, 0) != 0) {
      perror("utimensat");
      abort();
    }
  }
}

void tu_write_text(const char *dir, const char *name, const char *text, char *out, size_t len)
{
  char path[4096];
  FILE *fp = open_for_writing(dir, name, path, sizeof(path));

  fputs(text, fp);
  fclose(fp);
  if (out != NULL)
    snprintf(out, len, "%s", path);
}

static int saved_stderr = -1;
static char stderr_path[4096];

void tu_stderr_begin(const char *dir, const char *name)
{
  int fd;

  snprintf(stderr_path, sizeof(stderr_path), "%s/%s", dir, name);
  fflush(stderr);
  saved_stderr = dup(2);
  fd = open(stderr_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  ck_assert_int_ge(saved_stderr, 0);
  ck_assert_int_ge(fd, 0);
  dup2(fd, 2);
  close(fd);
}

char *tu_stderr_end(void)
{
  FILE *fp;
  char *text;
  long n;

  fflush(stderr);
  dup2(saved_stderr, 2);
  close(saved_stderr);
  saved_stderr = -1;
  fp = fopen(stderr_path, "r");
  ck_assert_ptr_nonnull(fp);
  fseek(fp, 0, SEEK_END);
  n = ftell(fp);
  rewind(fp);
  text = calloc(1, (size_t)n + 1);
  ck_assert_ptr_nonnull(text);
  ck_assert_int_eq((long)fread(text, 1, (size_t)n, fp), n);
  fclose(fp);
  return text;
}

int tu_run_suite(Suite *s)
{
  SRunner *sr = srunner_create(s);
  int failed;

  srunner_run_all(sr, CK_NORMAL);
  failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  (void)st;
  (void)ftw;
  if (flag == FTW_DP || flag == FTW_D || flag == FTW_DNR) {
    chmod(path, 0700);
    return rmdir(path) == 0 ? 0 : 0;
  }
  unlink(path);
  return 0;
}

void tu_rm_rf(const char *path)
{
  chmod(path, 0700);
  nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int tu_listen(char *port)
{
  struct sockaddr_in a = {.sin_family = AF_INET};
  socklen_t alen = sizeof(a);
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(fd, 64) != 0 ||
      getsockname(fd, (struct sockaddr *)&a, &alen) != 0) {
    perror("tu_listen");
    abort();
  }
  snprintf(port, 8, "%u", ntohs(a.sin_port));
  return fd;
}

typedef struct {
  int lfd;
  const char *greeting;
  const char *const *replies;
  int hold_ms;
} script_t;

static void *script_main(void *arg)
{
  script_t *sc = arg;
  int fd = accept(sc->lfd, NULL, NULL);
  char buf[1024];
  size_t i = 0;

  if (fd >= 0) {
    if (sc->greeting && write(fd, sc->greeting, strlen(sc->greeting)) < 0)
      perror("write");
    while (sc->replies && sc->replies[i] != NULL) {
      struct pollfd p = {.fd = fd, .events = POLLIN};
      if (poll(&p, 1, 2000) <= 0 || read(fd, buf, sizeof(buf)) <= 0)
        break;
      if (write(fd, sc->replies[i], strlen(sc->replies[i])) < 0)
        break;
      i++;
    }
    usleep((useconds_t)sc->hold_ms * 1000);
    close(fd);
  }
  free(sc);
  return NULL;
}

void tu_serve_script(int lfd, const char *greeting, const char *const *replies, int hold_ms)
{
  script_t *sc = malloc(sizeof(*sc));
  pthread_t t;

  *sc = (script_t){lfd, greeting, replies, hold_ms};
  if (pthread_create(&t, NULL, script_main, sc) != 0)
    abort();
  pthread_detach(t);
}

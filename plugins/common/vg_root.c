/* vg_root: resolve system paths under a configurable root folder. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* the strerror_r that returns the text */
#endif
#include "vg_root.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int vg_root_path(const char *root, const char *path, char *out, size_t len)
{
  size_t rlen;
  int n;

  if (root == NULL || path == NULL || path[0] != '/' || strstr(path, "/../") != NULL ||
      (strlen(path) >= 3 && strcmp(path + strlen(path) - 3, "/..") == 0))
    return -1;
  rlen = strlen(root);
  while (rlen > 0 && root[rlen - 1] == '/')
    rlen--;
  n = snprintf(out, len, "%.*s%s", (int)rlen, root, path);
  return n < 0 || (size_t)n >= len ? -1 : 0;
}

const char *vg_errtext(int err, char *buf, size_t len)
{
  return strerror_r(err, buf, len);
}

/* Returns 0 when fd (with status *sb) may be read, else an errno value
 * with why filled in. */
static int vg_check_regular(const struct stat *sb, off_t max_size, char *why, size_t why_len)
{
  if (!S_ISREG(sb->st_mode)) {
    snprintf(why, why_len, "not a regular file");
    return EINVAL;
  }
  if (max_size > 0 && sb->st_size > max_size) {
    snprintf(why, why_len, "%lld bytes, more than the %lld allowed", (long long)sb->st_size,
             (long long)max_size);
    return EFBIG;
  }
  return 0;
}

FILE *vg_open_regular(const char *path, int flags, off_t max_size, struct stat *st, char *why,
                      size_t why_len)
{
  int oflags = O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
  struct stat sb;
  FILE *fp = NULL;
  int fd, err;
  char text[128];

  if (flags & VG_OPEN_NOFOLLOW)
    oflags |= O_NOFOLLOW;
  if ((fd = open(path, oflags)) < 0) {
    err = errno;
    if (err == ELOOP && (flags & VG_OPEN_NOFOLLOW))
      snprintf(why, why_len, "a symbolic link, which is not followed");
    else
      snprintf(why, why_len, "%s", vg_errtext(err, text, sizeof(text)));
    errno = err;
    return NULL;
  }
  if (fstat(fd, &sb) != 0) {
    err = errno;
    snprintf(why, why_len, "%s", vg_errtext(err, text, sizeof(text)));
  } else {
    if (st != NULL)
      *st = sb;
    if ((err = vg_check_regular(&sb, max_size, why, why_len)) == 0 &&
        (fp = fdopen(fd, "r")) == NULL) {
      err = errno;
      snprintf(why, why_len, "%s", vg_errtext(err, text, sizeof(text)));
    }
  }
  if (fp == NULL) {
    close(fd);
    errno = err;
  }
  return fp;
}

const char *vg_user_name(uid_t uid, char *buf, size_t len)
{
  char pwbuf[1024];
  struct passwd pw, *found = NULL;

  if (getpwuid_r(uid, &pw, pwbuf, sizeof(pwbuf), &found) == 0 && found != NULL)
    snprintf(buf, len, "%s", pw.pw_name);
  else
    snprintf(buf, len, "uid%lu", (unsigned long)uid);
  return buf;
}

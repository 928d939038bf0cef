/* atomic_file: write a file beside its destination and rename it into
 * place only when complete (temp + fsync + rename + fsync of the folder). */
#include "vigil_config.h"

#include "atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

struct vg_atomic_file {
  char *path;
  char *tmp;
  char *backup; /* the old destination, kept while publishing */
  FILE *fp;
};

vg_atomic_file_t *vg_atomic_open(const char *path, char *err, size_t errlen)
{
  vg_atomic_file_t *f = calloc(1, sizeof(*f));
  size_t len = strlen(path) + 16;
  int fd;

  if (f == NULL || (f->path = strdup(path)) == NULL || (f->tmp = malloc(len)) == NULL) {
    snprintf(err, errlen, "%s: out of memory", path);
    goto fail;
  }
  snprintf(f->tmp, len, "%s.tmp.XXXXXX", path);
  fd = mkstemp(f->tmp);
  if (fd < 0) {
    snprintf(err, errlen, "%s: cannot create a file in its folder: %s", path, strerror(errno));
    free(f->tmp);
    f->tmp = NULL;
    goto fail;
  }
  fchmod(fd, 0644);
  f->fp = fdopen(fd, "w");
  if (f->fp == NULL) {
    snprintf(err, errlen, "%s: %s", path, strerror(errno));
    close(fd);
    goto fail;
  }
  return f;
fail:
  vg_atomic_abort(f);
  return NULL;
}

FILE *vg_atomic_stream(vg_atomic_file_t *f)
{
  return f->fp;
}

int vg_atomic_chmod(vg_atomic_file_t *f, mode_t mode)
{
  return fchmod(fileno(f->fp), mode);
}

const char *vg_atomic_path(const vg_atomic_file_t *f)
{
  return f->path;
}

static void sync_folder(const char *path)
{
  char *copy = strdup(path);
  int fd;

  if (copy == NULL)
    return;
  fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
  if (fd >= 0) {
    fsync(fd);
    close(fd);
  }
  free(copy);
}

int vg_atomic_prepare(vg_atomic_file_t *f, char *err, size_t errlen)
{
  int rc;

  if (f->fp == NULL)
    return 0; /* already prepared */
  rc = fflush(f->fp) == 0 && !ferror(f->fp) && fsync(fileno(f->fp)) == 0 ? 0 : -1;
  if (fclose(f->fp) != 0)
    rc = -1;
  f->fp = NULL;
  if (rc != 0)
    snprintf(err, errlen, "%s: cannot write: %s", f->path, strerror(errno));
  return rc;
}

const char *vg_atomic_tmp_path(const vg_atomic_file_t *f)
{
  return f->tmp;
}

/* Keeps the file at f's destination under a second name in the same
 * folder (a hard link), so that it can be put back. Sets f->backup, or
 * leaves it NULL when there is no such file. Returns 0, or -1 with err. */
static int keep_old(vg_atomic_file_t *f, char *err, size_t errlen)
{
  struct stat st;
  size_t len = strlen(f->path) + 16;

  if (lstat(f->path, &st) != 0) {
    if (errno == ENOENT)
      return 0;
    snprintf(err, errlen, "%s: %s", f->path, strerror(errno));
    return -1;
  }
  f->backup = malloc(len);
  if (f->backup == NULL) {
    snprintf(err, errlen, "%s: out of memory", f->path);
    return -1;
  }
  for (int i = 0; i < 100; i++) {
    snprintf(f->backup, len, "%s.old.%06d", f->path, (int)((getpid() + i) % 1000000));
    if (link(f->path, f->backup) == 0)
      return 0;
    if (errno != EEXIST)
      break;
  }
  snprintf(err, errlen, "%s: cannot be replaced: %s", f->path,
           S_ISDIR(st.st_mode) ? "it is a directory" : strerror(errno));
  free(f->backup);
  f->backup = NULL;
  return -1;
}

/* Puts f's destination back as it was before it was renamed over. */
static void put_back(vg_atomic_file_t *f)
{
  if (f->backup != NULL)
    rename(f->backup, f->path);
  else
    unlink(f->path);
}

int vg_atomic_publish(vg_atomic_file_t **files, size_t n, char *err, size_t errlen)
{
  size_t done = 0, kept = 0;
  int rc = 0;

  for (size_t i = 0; i < n && rc == 0; i++)
    if (vg_atomic_prepare(files[i], err, errlen) != 0)
      rc = -1;
  for (; kept < n && rc == 0; kept++)
    if (keep_old(files[kept], err, errlen) != 0)
      rc = -1;
  for (; done < n && rc == 0; done++) {
    if (rename(files[done]->tmp, files[done]->path) != 0) {
      snprintf(err, errlen, "%s: cannot rename into place: %s", files[done]->path, strerror(errno));
      rc = -1;
      break;
    }
  }
  if (rc != 0)
    for (size_t i = 0; i < done; i++)
      put_back(files[i]);
  for (size_t i = 0; i < n; i++) {
    if (i < kept && files[i]->backup != NULL)
      unlink(files[i]->backup);
    if (rc == 0) {
      sync_folder(files[i]->path);
      free(files[i]->tmp);
      files[i]->tmp = NULL; /* renamed: nothing to remove */
    }
    vg_atomic_abort(files[i]);
    files[i] = NULL;
  }
  return rc;
}

int vg_atomic_commit(vg_atomic_file_t *f, char *err, size_t errlen)
{
  return vg_atomic_publish(&f, 1, err, errlen);
}

void vg_atomic_abort(vg_atomic_file_t *f)
{
  if (f == NULL)
    return;
  if (f->fp != NULL)
    fclose(f->fp);
  if (f->tmp != NULL)
    unlink(f->tmp);
  free(f->tmp);
  free(f->backup);
  free(f->path);
  free(f);
}

/* atomic_file: write a file beside its destination and rename it into
 * place only when complete (temp + fsync + rename + fsync of the folder). */
#include "vigil_config.h"

#include "atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct vg_atomic_file {
  char *path;
  char *tmp;
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

int vg_atomic_commit(vg_atomic_file_t *f, char *err, size_t errlen)
{
  int rc;

  rc = fflush(f->fp) == 0 && !ferror(f->fp) && fsync(fileno(f->fp)) == 0 ? 0 : -1;
  if (fclose(f->fp) != 0)
    rc = -1;
  f->fp = NULL;
  if (rc != 0) {
    snprintf(err, errlen, "%s: cannot write: %s", f->path, strerror(errno));
    vg_atomic_abort(f);
    return -1;
  }
  if (rename(f->tmp, f->path) != 0) {
    snprintf(err, errlen, "%s: cannot rename into place: %s", f->path, strerror(errno));
    vg_atomic_abort(f);
    return -1;
  }
  sync_folder(f->path);
  free(f->tmp);
  f->tmp = NULL;
  vg_atomic_abort(f);
  return 0;
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
  free(f->path);
  free(f);
}

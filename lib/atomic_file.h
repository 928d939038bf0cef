/* atomic_file: write a file beside its destination and rename it into
 * place only when complete (temp + fsync + rename + fsync of the folder). */
#ifndef VIGIL_ATOMIC_FILE_H
#define VIGIL_ATOMIC_FILE_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

typedef struct vg_atomic_file vg_atomic_file_t;

/* Creates a temporary file in path's folder. Returns the handle, or NULL
 * with the reason (naming path) in err. */
vg_atomic_file_t *vg_atomic_open(const char *path, char *err, size_t errlen);

/* The stream to write to; owned by the handle. */
FILE *vg_atomic_stream(vg_atomic_file_t *f);

/* The destination path. */
/* Sets the mode the file will have (0644 unless changed). Returns 0 or -1. */
int vg_atomic_chmod(vg_atomic_file_t *f, mode_t mode);

const char *vg_atomic_path(const vg_atomic_file_t *f);

/* Flushes, fsyncs and closes the temporary file, which keeps its name
 * (vg_atomic_tmp_path) until published. Returns 0 (also when already
 * done), or -1 with the reason in err (f must then be aborted). */
int vg_atomic_prepare(vg_atomic_file_t *f, char *err, size_t errlen);

/* The temporary file's path. */
const char *vg_atomic_tmp_path(const vg_atomic_file_t *f);

/* Publishes files together: prepares each, then renames each to its
 * destination; when any step fails, every destination is put back as it
 * was (the old file kept under a hard link while publishing) and every
 * temporary file is removed. Frees the files and sets them to NULL either
 * way. Returns 0, or -1 with the reason in err. */
int vg_atomic_publish(vg_atomic_file_t **files, size_t n, char *err, size_t errlen);

/* Publishes f alone. */
int vg_atomic_commit(vg_atomic_file_t *f, char *err, size_t errlen);

/* Removes the temporary file and frees f; NULL-safe. */
void vg_atomic_abort(vg_atomic_file_t *f);

#endif

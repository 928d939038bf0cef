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

/* Flushes, fsyncs and renames the file to its destination, then frees f.
 * Returns 0, or -1 with the reason in err; on error the temporary file is
 * removed and the destination is untouched. */
int vg_atomic_commit(vg_atomic_file_t *f, char *err, size_t errlen);

/* Removes the temporary file and frees f; NULL-safe. */
void vg_atomic_abort(vg_atomic_file_t *f);

#endif

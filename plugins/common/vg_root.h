/* vg_root: resolve the system paths a plugin reads under a configurable
 * root folder, so that tests run against fixture trees. */
#ifndef VIGIL_VG_ROOT_H
#define VIGIL_VG_ROOT_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/stat.h>

#define VG_OPEN_NOFOLLOW 1 /* refuse a symbolic link as the last component */

/* Writes root + path into out ("/" + "/etc/passwd" is "/etc/passwd",
 * "/srv/fx" + "/etc/passwd" is "/srv/fx/etc/passwd"). path must be absolute
 * and hold no ".." component. Returns 0, or -1 when it does not fit or is
 * not such a path. */
int vg_root_path(const char *root, const char *path, char *out, size_t len);

/* The text of errno value err in buf, safe in any thread (collectd's
 * STRERROR, for code built without the daemon's headers). */
const char *vg_errtext(int err, char *buf, size_t len);
#define VG_STRERROR(e) vg_errtext((e), (char[128]){0}, 128)

/* The user name of uid into buf ("uid<N>" when it has none). Thread-safe.
 * Returns buf. */
const char *vg_user_name(uid_t uid, char *buf, size_t len);

/* Opens path for reading such that nobody who can write its folder can
 * stall or mislead the caller: never blocks (a FIFO or device is refused
 * unopened-for-reading), only a regular file is accepted, of at most
 * max_size bytes (0: any size); with VG_OPEN_NOFOLLOW a symbolic link is
 * refused. Fills *st (when not NULL) once the file could be examined, also
 * when it is then refused. Returns the
 * stream, or NULL with errno set and why ("not a regular file", ...). */
FILE *vg_open_regular(const char *path, int flags, off_t max_size, struct stat *st, char *why,
                      size_t why_len);

#endif

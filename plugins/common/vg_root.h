/* vg_root: resolve the system paths a plugin reads under a configurable
 * root folder, so that tests run against fixture trees. */
#ifndef VIGIL_VG_ROOT_H
#define VIGIL_VG_ROOT_H

#include <stddef.h>

/* Writes root + path into out ("/" + "/etc/passwd" is "/etc/passwd",
 * "/srv/fx" + "/etc/passwd" is "/srv/fx/etc/passwd"). path must be absolute
 * and hold no ".." component. Returns 0, or -1 when it does not fit or is
 * not such a path. */
int vg_root_path(const char *root, const char *path, char *out, size_t len);

#endif

/* vg_root: resolve system paths under a configurable root folder. */
#include "vg_root.h"

#include <stdio.h>
#include <string.h>

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

/* acl: the Mosquitto access control list made from an inventory, which
 * binds every agency host to its own topics: with the broker taking each
 * client's name from its certificate (use_identity_as_username), a host may
 * publish only collectd/<its own name>/<plugin>/<type>, the depth at which
 * collectd's mqtt plugin reads host, plugin and type, and nothing else. */
#ifndef VIGIL_ACL_H
#define VIGIL_ACL_H

#include "inventory.h"

#include <stddef.h>

/* Writes the ACL for every host of every agency of inv, and read access
 * to collectd/# for each of the n_readers subscriber names (the central
 * collectd's certificate names). The file is written atomically, mode
 * 0640. Returns the number of hosts, or -1 with the reason in err. */
int vg_acl_write(const vg_inventory_t *inv, const char *const *readers, size_t n_readers,
                 const char *out, char *err, size_t errlen);

#endif

/* acl: who may send for which host, from an inventory: the Mosquitto
 * access control list, which binds every agency host to its own topics
 * (with the broker taking each client's name from its certificate, a host
 * may publish only collectd/<its own name>/<plugin>/<type>, the depth at
 * which collectd's mqtt plugin reads host, plugin and type), and the
 * central collectd's filter chain binding each network user (an agency's
 * id) to its agency's hosts (the vigil_transport match). */
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

/* Writes the central collectd's configuration for the network transport:
 * LoadPlugin vigil_transport and a PreCache chain whose vigil_transport
 * match drops values from a network user that is not the agency of their
 * host (each agency's id is its user in the network plugin's AuthFile),
 * and values dated more than max_future seconds ahead. Written atomically.
 * Returns the number of agencies, or -1 with the reason in err. */
int vg_senders_write(const vg_inventory_t *inv, double max_future, const char *out, char *err,
                     size_t errlen);

#endif

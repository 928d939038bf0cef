/* acl: the broker ACL and the network senders' binding from an inventory
 * (owns nothing beyond the call). */
#include "vigil_config.h"

#include "acl.h"

#include "atomic_file.h"

#include <stdio.h>
#include <string.h>

/* Inventory host names are [A-Za-z0-9._-] (inventory.xsd); a reader's name
 * comes from the command line and must be as plain, so that neither can
 * widen a topic (+, #, /) or break a line. */
static int plain_name(const char *s)
{
  if (s == NULL || *s == '\0' || strlen(s) > 128)
    return 0;
  return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") ==
         strlen(s);
}

/* A path that goes into a comment line of the file must hold no line break. */
static int one_line(const vg_inventory_t *inv, char *err, size_t errlen)
{
  if (strpbrk(inv->path, "\r\n") == NULL)
    return 0;
  snprintf(err, errlen, "the inventory's path holds a line break");
  return -1;
}

int vg_acl_write(const vg_inventory_t *inv, const char *const *readers, size_t n_readers,
                 const char *out, char *err, size_t errlen)
{
  vg_atomic_file_t *f;
  FILE *fp;
  int hosts = 0;

  for (size_t r = 0; r < n_readers; r++) {
    if (!plain_name(readers[r])) {
      snprintf(err, errlen, "subscriber name '%s': only letters, digits, '.', '_' and '-'",
               readers[r]);
      return -1;
    }
    for (size_t i = 0; i < inv->n_agencies; i++)
      for (size_t h = 0; h < inv->agencies[i].hosts.n; h++)
        if (strcmp(inv->agencies[i].hosts.ids[h], readers[r]) == 0) {
          snprintf(err, errlen,
                   "subscriber name '%s' is also a host of agency '%s': a reader must not "
                   "publish",
                   readers[r], inv->agencies[i].id);
          return -1;
        }
  }
  if (one_line(inv, err, errlen) != 0 || (f = vg_atomic_open(out, err, errlen)) == NULL)
    return -1;
  vg_atomic_chmod(f, 0640);
  fp = vg_atomic_stream(f);
  fprintf(fp,
          "# Mosquitto acl_file for the central broker, made by vigil-report from\n"
          "# %s (inventory '%s', sha256 %s).\n"
          "# With require_certificate true and use_identity_as_username true the\n"
          "# user is the client certificate's CN: each agency host may publish only\n"
          "# collectd/<its own name>/<plugin>/<type> (collectd's mqtt topic depth),\n"
          "# the subscribers may read them, and any other client may do nothing.\n",
          inv->path, inv->id, inv->sha256);
  for (size_t i = 0; i < inv->n_agencies; i++) {
    const vg_agency_t *a = &inv->agencies[i];
    fprintf(fp, "\n# agency %s\n", a->id);
    for (size_t h = 0; h < a->hosts.n; h++) {
      if (!plain_name(a->hosts.ids[h])) {
        snprintf(err, errlen, "%s: agency '%s': host name '%s' cannot be a broker user", inv->path,
                 a->id, a->hosts.ids[h]);
        vg_atomic_abort(f);
        return -1;
      }
      fprintf(fp, "user %s\ntopic write collectd/%s/+/+\n", a->hosts.ids[h], a->hosts.ids[h]);
      hosts++;
    }
  }
  for (size_t r = 0; r < n_readers; r++)
    fprintf(fp, "\n# subscriber\nuser %s\ntopic read collectd/#\n", readers[r]);
  if (vg_atomic_commit(f, err, errlen) != 0)
    return -1;
  return hosts;
}

int vg_senders_write(const vg_inventory_t *inv, double max_future, const char *out, char *err,
                     size_t errlen)
{
  vg_atomic_file_t *f;
  FILE *fp;

  for (size_t i = 0; i < inv->n_agencies; i++)
    for (size_t h = 0; h < inv->agencies[i].hosts.n; h++)
      if (!plain_name(inv->agencies[i].hosts.ids[h]) || !plain_name(inv->agencies[i].id)) {
        snprintf(err, errlen, "%s: agency '%s': a name that cannot go into collectd.conf",
                 inv->path, inv->agencies[i].id);
        return -1;
      }
  if (one_line(inv, err, errlen) != 0 || (f = vg_atomic_open(out, err, errlen)) == NULL)
    return -1;
  fp = vg_atomic_stream(f);
  fprintf(fp,
          "# collectd.conf part for the central collector receiving over the network\n"
          "# plugin (Include it after the <Plugin network> block), made by vigil-report\n"
          "# from %s (inventory '%s', sha256 %s).\n"
          "# The network user of each agency is its id (the AuthFile's \"id: password\"):\n"
          "# a value it sends for a host of another agency is dropped and counted in\n"
          "# vigil_transport-<user>/derive-refused, and so is a value dated more than\n"
          "# MaxFuture seconds ahead of this clock (<host>/vigil_transport/\n"
          "# derive-future_dropped). See collectd-vigil_transport(5).\n"
          "LoadPlugin vigil_transport\n"
          "<Chain \"PreCache\">\n"
          "  <Rule \"vigil_transport\">\n"
          "    <Match \"vigil_transport\">\n"
          "      MaxFuture %.0f\n",
          inv->path, inv->id, inv->sha256, max_future);
  for (size_t i = 0; i < inv->n_agencies; i++) {
    const vg_agency_t *a = &inv->agencies[i];
    fprintf(fp, "      <Sender \"%s\">\n        Host", a->id);
    for (size_t h = 0; h < a->hosts.n; h++)
      fprintf(fp, " \"%s\"", a->hosts.ids[h]);
    fprintf(fp, "\n      </Sender>\n");
  }
  fprintf(fp, "    </Match>\n    Target \"stop\"\n  </Rule>\n</Chain>\n");
  if (vg_atomic_commit(f, err, errlen) != 0)
    return -1;
  return (int)inv->n_agencies;
}

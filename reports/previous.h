/* previous: the statuses of an earlier report, to say what changed since. */
#ifndef VIGIL_PREVIOUS_H
#define VIGIL_PREVIOUS_H

#include <stddef.h>

typedef struct vg_previous vg_previous_t;

/* Loads the agency x item statuses of the report at path, which must be
 * for directive_id, as every input is read: a stream validated against
 * schemadir's report.xsd, no network, no DTD, no entity expansion. Returns
 * them (free with vg_previous_free), or NULL with the reason (file and
 * line) in err. */
vg_previous_t *vg_previous_load(const char *path, const char *schemadir, const char *directive_id,
                                char *err, size_t errlen);

void vg_previous_free(vg_previous_t *p);

/* The status the previous report gave agency's item, or NULL. */
const char *vg_previous_status(const vg_previous_t *p, const char *agency, const char *item);

/* When the previous report was generated (as written there). */
const char *vg_previous_generated(const vg_previous_t *p);

/* "newly-failing", "fixed", "still-failing", or NULL when none applies. */
const char *vg_previous_change(const char *before, const char *now);

#endif

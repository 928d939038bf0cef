/* journal: the incidents of vigil_incident journals, copied from the hosts
 * that wrote them, named in the evidence of incident checks. The journals
 * own their incidents; vg_journals_free frees them. */
#ifndef VIGIL_JOURNAL_H
#define VIGIL_JOURNAL_H

#include <stddef.h>
#include <time.h>

typedef struct {
  char id[32]; /* I1, I2, ... */
  time_t opened;
  time_t closed; /* 0: still open where the journal ends */
  time_t acked;  /* the first acknowledgement; 0: none */
  char *ack_by;  /* who, as journalled (the ack file's owner), or NULL */
  char *subject; /* host/plugin-instance, as journalled (escaped) */
  char *message; /* of the notification that opened it, as journalled */
} vg_incident_t;

typedef struct {
  char *host; /* the host whose vigil_incident wrote it */
  char *path;
  vg_incident_t *incidents; /* in the order they opened */
  size_t n;
} vg_journal_t;

typedef struct {
  vg_journal_t *journals;
  size_t n;
} vg_journals_t;

/* Reads the journal spec names, "HOST=FILE", into js. A line that is not
 * one of the plugin's (open, join, leave, ack, close with their fields) is
 * left out with a warning "FILE:LINE: ..." on stderr, as is a torn last
 * line. Returns 0, or -1 with the reason in err (the spec, a host given
 * twice, a file that cannot be read or is not a regular file); js is then
 * unchanged. */
int vg_journals_add(vg_journals_t *js, const char *spec, char *err, size_t errlen);

/* The journal written by host, or NULL. */
const vg_journal_t *vg_journals_find(const vg_journals_t *js, const char *host);

void vg_journals_free(vg_journals_t *js);

#endif

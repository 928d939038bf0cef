/* vg_roster: duty rosters kept in a spreadsheet and exported as CSV, and
 * who is on duty at a given time. Shared by the vigil_duty plugin and the
 * vigil-checkin command; no collectd dependency. */
#ifndef VIGIL_VG_ROSTER_H
#define VIGIL_VG_ROSTER_H

#include "dynbuf.h"

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

typedef struct {
  time_t start, end; /* [start, end) */
  char *person_id;
  char *person_name;
  char *phone; /* may be "" */
  char *user;  /* the Unix user who writes the person's check-ins and acknowledgements */
  int line;    /* in the CSV */
} vg_shift_t;

typedef struct {
  vg_shift_t *shifts; /* n of them, held in store */
  size_t n;
  vg_dynbuf_t store;
} vg_roster_t;

/* A roster holds at most this many shifts of one roster name. */
#define VG_ROSTER_MAX_SHIFTS 200000

/* A roster file larger than this is refused: a year of 15-minute shifts
 * for ten rosters is under 3 MiB. */
#define VG_ROSTER_MAX_BYTES (8 << 20)

/* Loads the shifts of roster name from the CSV at path. The header row
 * names the columns (any order, case-insensitive; unknown ones ignored):
 * roster, start, end, person_id, person_name, phone and user (optional:
 * the person's Unix user name; person_id when absent or empty). Fields may
 * be quoted ("" for a quote); a UTF-8 BOM and CRLF line ends are accepted;
 * times are ISO 8601 with an offset, or "YYYY-MM-DD HH:MM[:SS]" in the
 * zone offset. Rows of other rosters are skipped. Returns 0, or -1 with
 * "path:line: what" in err (r is then empty); a file larger than
 * VG_ROSTER_MAX_BYTES is refused unread. */
int vg_roster_load(const char *path, const char *name, int offset, vg_roster_t *r, char *err,
                   size_t errlen);

void vg_roster_free(vg_roster_t *r);

/* Calls fn for each shift in force at t (start <= t < end). Returns how
 * many there are. */
size_t vg_roster_at(const vg_roster_t *r, time_t t, void (*fn)(const vg_shift_t *, void *),
                    void *arg);

/* The path of a person's check-in file: dir/roster/person. Returns 0, or
 * -1 when a name holds '/' or is "." or "..", or it does not fit. */
int vg_checkin_path(const char *dir, const char *roster, const char *person, char *out, size_t len);

/* The person's check-in file: who wrote it (*owner) and when (*changed:
 * its status change time, which the kernel sets and its writer cannot);
 * what the file says is not read. Returns 0, or -1 when there is no such
 * regular file (a FIFO, a link or a file over 64 bytes is refused). */
int vg_checkin_stat(const char *dir, const char *roster, const char *person, uid_t *owner,
                    time_t *changed);

#endif

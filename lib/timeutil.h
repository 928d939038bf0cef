/* timeutil: ISO 8601 date-time and duration parsing and formatting. */
#ifndef VIGIL_TIMEUTIL_H
#define VIGIL_TIMEUTIL_H

#include <stddef.h>
#include <time.h>

/* Parses an ISO 8601 date-time with an explicit offset:
 * "YYYY-MM-DDTHH:MM[:SS][.fff](Z|+HH:MM|-HH:MM|+HHMM)". A space may stand
 * for the 'T'. A time without an offset is refused: it would be ambiguous.
 * Stores the instant in *t and the offset in seconds east of UTC in
 * *offset (offset may be NULL). Returns 0, or -1 when the text is not such a
 * date-time (nothing is stored). */
int vt_parse_time(const char *s, time_t *t, int *offset);

/* Like vt_parse_time, but a time without an offset is read at
 * default_offset (seconds east of UTC): the form of a roster exported by a
 * spreadsheet, whose zone is stated once. */
int vt_parse_local_time(const char *s, int default_offset, time_t *t);

/* Parses a time zone: "UTC", a fixed-offset name ("Asia/Ho_Chi_Minh",
 * "Asia/Saigon", "Asia/Bangkok", "Asia/Jakarta"), "Z", "+HH:MM", "+HHMM" or
 * "+HH" (or '-'). Zones with summer time are refused: they would need the tz
 * database. Returns 0 with *offset in seconds east of UTC, or -1. */
int vt_parse_zone(const char *s, int *offset);

/* Parses a calendar date "YYYY-MM-DD" at *p into days since 1970-01-01 and
 * advances *p past it. Returns 0, or -1 (nothing stored) for another text or
 * a day the month does not have. */
int vt_parse_date(const char **p, long *day);

/* Reads exactly n decimal digits at *p into *out and advances *p. Returns 0,
 * or -1 (nothing advanced) when fewer than n digits are there. */
int vt_read_digits(const char **p, int n, int *out);

/* Parses an ISO 8601 duration "[-]P[nW][nD][T[nH][nM][nS]]" into seconds.
 * Years and months are refused (their length varies). Returns 0, or -1 when
 * the text is not such a duration (nothing is stored). */
int vt_parse_duration(const char *s, long *seconds);

/* Writes t as "YYYY-MM-DDTHH:MM:SS+HH:MM" at the given offset (seconds east
 * of UTC; "Z" when the offset is 0). Returns buf, or NULL when buf is
 * too small. */
char *vt_format_time(time_t t, int offset, char *buf, size_t len);

/* Writes a duration in seconds as "PT#H#M#S" ("PT0S" for zero, with a
 * leading '-' when negative). Returns buf, or NULL when buf is too small. */
char *vt_format_duration(long seconds, char *buf, size_t len);

#endif

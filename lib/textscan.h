/* textscan: bounded readers of words and numbers in lines of text (the
 * plugins' /proc files, command output and configuration words), in place
 * of sscanf and strtok_r. Stateless; owned by nobody. */
#ifndef VIGIL_TEXTSCAN_H
#define VIGIL_TEXTSCAN_H

#include <stddef.h>

/* Skips any characters of seps at *p, then copies the word that follows (up
 * to the next character of seps or the end) into buf and advances *p past
 * it. Returns the word's length; 0 when only separators were left; -1 when
 * the word does not fit in len bytes (*p is still advanced past it, and buf
 * holds "": a long word is skipped, never cut). */
int vs_next_word(const char **p, const char *seps, char *buf, size_t len);

/* Reads the digits of an unsigned number in base (10 or 16) at *p, with no
 * sign or space before them, and advances *p past them. Returns 0, or -1
 * (nothing advanced) without a digit or when the number does not fit. */
int vs_read_ull(const char **p, int base, unsigned long long *out);

/* If *p begins with prefix, advances *p past it and returns 1; else 0. */
int vs_skip_prefix(const char **p, const char *prefix);

/* Splits line in place at each sep into at most n fields (the last keeps
 * the rest, seps and all): fields[i] points into line. Returns the number
 * of fields (1 for a line without sep). */
size_t vs_split_fields(char *line, char sep, char **fields, size_t n);

#endif

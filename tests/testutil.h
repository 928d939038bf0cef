/* testutil: temporary folders and files for the unit tests. */
#ifndef VIGIL_TESTUTIL_H
#define VIGIL_TESTUTIL_H

#include <check.h>
#include <stddef.h>
#include <time.h>

/* Creates a fresh temporary folder; returns its path (static storage of
 * the caller's buffer) or aborts the test. */
char *tu_mkdtemp(char *buf, size_t len);

/* Writes size bytes ('x') to dir/name, creating parent folders, and sets its
 * modification time to mtime (when mtime != 0). Aborts on error. */
void tu_write_file(const char *dir, const char *name, size_t size, time_t mtime);

/* Writes text to dir/name. Returns the full path in out. */
void tu_write_text(const char *dir, const char *name, const char *text, char *out, size_t len);

/* Removes a tree (no symlinks followed). */
void tu_rm_rf(const char *path);

/* Runs every test of s (Check's default: each in a forked process), frees
 * it, and returns the process exit status: EXIT_SUCCESS when all passed. */
int tu_run_suite(Suite *s);

#endif

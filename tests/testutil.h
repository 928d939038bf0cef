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

/* Listens on 127.0.0.1 on a free port; returns the socket and stores the
 * port as text in port (at least 8 bytes). Aborts on error. */
int tu_listen(char *port);

/* Starts a thread that accepts one connection on lfd, writes greeting,
 * then answers each line it reads with the next of replies (NULL ends
 * them) and keeps the connection open for hold_ms before closing it. */
void tu_serve_script(int lfd, const char *greeting, const char *const *replies, int hold_ms);

/* Sends what the process writes to stderr into dir/name until
 * tu_stderr_end, which restores it and returns what was written (free it). */
void tu_stderr_begin(const char *dir, const char *name);
char *tu_stderr_end(void);

/* Runs every test of s (Check's default: each in a forked process), frees
 * it, and returns the process exit status: EXIT_SUCCESS when all passed. */
int tu_run_suite(Suite *s);

#endif

/* Helpers for the fuzz targets: the input as a temporary file. */
#ifndef VIGIL_FUZZ_COMMON_H
#define VIGIL_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Writes data to a fresh temporary file; returns its path (static). */
static const char *fuzz_file(const uint8_t *data, size_t size)
{
  static char path[64];
  FILE *fp;

  snprintf(path, sizeof(path), "/tmp/vigil-fuzz-%d.in", (int)getpid());
  fp = fopen(path, "w");
  if (fp == NULL)
    abort();
  fwrite(data, 1, size, fp);
  fclose(fp);
  return path;
}

/* The input as a NUL-terminated string (free it). */
static char *fuzz_string(const uint8_t *data, size_t size)
{
  char *s = malloc(size + 1);

  if (s == NULL)
    abort();
  memcpy(s, data, size);
  s[size] = '\0';
  return s;
}

#endif

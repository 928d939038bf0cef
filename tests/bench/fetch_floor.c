/* fetch_floor: the floor of a report's cost: rrd_fetch_r of every RRD file
 * under a folder over a window, for each consolidation function asked for
 * (AVERAGE unless --cf says otherwise, e.g. --cf AVERAGE,MIN,MAX), and
 * nothing else. With --threads N the files are shared among N threads;
 * with --procs N among N processes.
 *
 *   fetch_floor DIR FROM_EPOCH TO_EPOCH [--threads N | --procs N] [--cf LIST]
 *
 * Prints the files read, the rows and the wall time. */
#define _GNU_SOURCE
#include <ftw.h>
#include <pthread.h>
#include <rrd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char **paths;
static size_t n_paths, cap_paths;
static time_t from, to;
static const char *cfs[3] = {"AVERAGE"};
static int n_cfs = 1;

static int collect(const char *path, const struct stat *st, int type, struct FTW *f)
{
  size_t len = strlen(path);

  (void)st;
  (void)f;
  if (type != FTW_F || len < 4 || strcmp(path + len - 4, ".rrd") != 0)
    return 0;
  if (n_paths == cap_paths) {
    cap_paths = cap_paths ? 2 * cap_paths : 1024;
    paths = realloc(paths, cap_paths * sizeof(*paths));
    if (paths == NULL)
      return -1;
  }
  paths[n_paths++] = strdup(path);
  return 0;
}

static int by_name(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Fetches the files k, k+n, k+2n ...; returns the rows read, -1 on error. */
static long fetch_share(size_t k, size_t n)
{
  long rows = 0;

  for (size_t i = k; i < n_paths; i += n) {
    for (int c = 0; c < n_cfs; c++) {
      time_t s = from, e = to;
      unsigned long step = 1, ds_cnt = 0;
      char **names = NULL;
      rrd_value_t *data = NULL;

      rrd_clear_error();
      if (rrd_fetch_r(paths[i], cfs[c], &s, &e, &step, &ds_cnt, &names, &data) != 0) {
        fprintf(stderr, "fetch_floor: %s: %s\n", paths[i], rrd_get_error());
        return -1;
      }
      rows += (long)((e - s) / (time_t)step);
      for (unsigned long d = 0; d < ds_cnt; d++)
        rrd_freemem(names[d]);
      rrd_freemem(names);
      rrd_freemem(data);
    }
  }
  return rows;
}

typedef struct {
  size_t k, n;
  long rows;
} share_t;

static void *thread_main(void *arg)
{
  share_t *s = arg;

  s->rows = fetch_share(s->k, s->n);
  return NULL;
}

int main(int argc, char **argv)
{
  struct timespec t0, t1;
  int threads = 1, procs = 0;
  long rows = 0;

  if (argc < 4) {
    fprintf(stderr, "usage: fetch_floor DIR FROM TO [--threads N | --procs N] [--cf LIST]\n");
    return 1;
  }
  from = (time_t)strtol(argv[2], NULL, 10);
  to = (time_t)strtol(argv[3], NULL, 10);
  for (int a = 4; a + 1 < argc; a += 2) {
    if (strcmp(argv[a], "--threads") == 0)
      threads = (int)strtol(argv[a + 1], NULL, 10);
    else if (strcmp(argv[a], "--procs") == 0)
      procs = (int)strtol(argv[a + 1], NULL, 10);
    else if (strcmp(argv[a], "--cf") == 0) {
      static char list[64];
      char *p = list;
      snprintf(list, sizeof(list), "%s", argv[a + 1]);
      n_cfs = 0;
      while (p != NULL && *p != '\0' && n_cfs < 3) {
        char *comma = strchr(p, ',');
        if (comma != NULL)
          *comma = '\0';
        cfs[n_cfs++] = p;
        p = comma != NULL ? comma + 1 : NULL;
      }
    }
  }
  if (nftw(argv[1], collect, 32, FTW_PHYS) != 0) {
    perror(argv[1]);
    return 1;
  }
  qsort(paths, n_paths, sizeof(*paths), by_name);
  clock_gettime(CLOCK_MONOTONIC, &t0);
  if (procs > 0) {
    for (int p = 0; p < procs; p++) {
      pid_t pid = fork();
      if (pid == 0)
        _exit(fetch_share((size_t)p, (size_t)procs) < 0 ? 1 : 0);
      if (pid < 0) {
        perror("fork");
        return 1;
      }
    }
    for (int p = 0, st; p < procs; p++)
      if (wait(&st) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
        return 1;
    rows = -1;
  } else {
    pthread_t tid[64];
    share_t sh[64];
    if (threads < 1 || threads > 64)
      threads = 1;
    for (int t = 0; t < threads; t++) {
      sh[t] = (share_t){(size_t)t, (size_t)threads, 0};
      pthread_create(&tid[t], NULL, thread_main, &sh[t]);
    }
    for (int t = 0; t < threads; t++) {
      pthread_join(tid[t], NULL);
      if (sh[t].rows < 0)
        return 1;
      rows += sh[t].rows;
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  printf("%zu files, %ld rows, %.3f s (%s %d)\n", n_paths, rows,
         (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
         procs ? "processes" : "threads", procs ? procs : threads);
  return 0;
}

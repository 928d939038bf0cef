/* vg_task: a worker thread that runs one job and keeps its last finished
 * result, so that a read callback dispatches without waiting for the job.
 * Owned by the plugin instance that embeds it. */
#ifndef VIGIL_VG_TASK_H
#define VIGIL_VG_TASK_H

#include "vg_worker.h"

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* The job: fills result (size bytes, zeroed before each run) for instance.
 * Runs on the task's thread; long jobs poll vg_worker_stopping(w). */
typedef void (*vg_task_fn)(vg_worker_t *w, void *instance, void *result);

typedef struct {
  vg_task_fn fn;
  void *instance;
  size_t size;
  vg_worker_t *worker; /* NULL until vg_task_start */
  bool ready;          /* vg_task_init succeeded */
  pthread_mutex_t lock;
  void *last;               /* the last finished result, under lock */
  bool done;                /* a run has finished, under lock */
  struct timespec finished; /* CLOCK_MONOTONIC, when it finished, under lock */
  void *scratch;            /* the running job's result (task thread only) */
} vg_task_t;

/* Prepares t for fn(instance) with results of size bytes; starts no thread
 * (config time). Returns 0, or -1 (ENOMEM). A zeroed t, or one whose init
 * failed, may be given to every other function. */
int vg_task_init(vg_task_t *t, vg_task_fn fn, void *instance, size_t size);

/* Starts the thread, which runs the job once at once (init time). Returns
 * 0, or -1 (errno set). Starting a started task does nothing. */
int vg_task_start(vg_task_t *t);

/* Asks for one more run (see vg_worker_kick); nothing before the start. */
void vg_task_kick(vg_task_t *t);

/* Copies the last finished result into out and, when finished is not NULL,
 * the instant it finished. Returns false, out untouched, while no run has
 * finished. Never waits for a running job. */
bool vg_task_latest(vg_task_t *t, void *out, struct timespec *finished);

/* Stops the thread (waiting for the job in progress) and frees what init
 * allocated; t is zeroed and may be destroyed again. */
void vg_task_destroy(vg_task_t *t);

#endif

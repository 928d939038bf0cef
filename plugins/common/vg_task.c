/* vg_task: a worker thread that keeps its job's last finished result. */
#include "vg_task.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void task_run(vg_worker_t *w, void *arg)
{
  vg_task_t *t = arg;
  struct timespec now;

  memset(t->scratch, 0, t->size);
  t->fn(w, t->instance, t->scratch);
  clock_gettime(CLOCK_MONOTONIC, &now);
  pthread_mutex_lock(&t->lock);
  memcpy(t->last, t->scratch, t->size);
  t->done = true;
  t->finished = now;
  pthread_mutex_unlock(&t->lock);
}

int vg_task_init(vg_task_t *t, vg_task_fn fn, void *instance, size_t size)
{
  memset(t, 0, sizeof(*t));
  t->last = calloc(1, size);
  t->scratch = calloc(1, size);
  if (t->last == NULL || t->scratch == NULL) {
    free(t->last);
    free(t->scratch);
    memset(t, 0, sizeof(*t));
    errno = ENOMEM;
    return -1;
  }
  t->fn = fn;
  t->instance = instance;
  t->size = size;
  pthread_mutex_init(&t->lock, NULL);
  t->ready = true;
  return 0;
}

int vg_task_start(vg_task_t *t)
{
  if (!t->ready) {
    errno = EINVAL;
    return -1;
  }
  if (t->worker != NULL)
    return 0;
  t->worker = vg_worker_start(task_run, t);
  return t->worker != NULL ? 0 : -1;
}

void vg_task_kick(vg_task_t *t)
{
  if (t->worker != NULL)
    vg_worker_kick(t->worker);
}

bool vg_task_latest(vg_task_t *t, void *out, struct timespec *finished)
{
  bool done;

  if (!t->ready)
    return false;
  pthread_mutex_lock(&t->lock);
  done = t->done;
  if (done) {
    memcpy(out, t->last, t->size);
    if (finished != NULL)
      *finished = t->finished;
  }
  pthread_mutex_unlock(&t->lock);
  return done;
}

void vg_task_destroy(vg_task_t *t)
{
  if (!t->ready)
    return;
  vg_worker_stop(t->worker);
  pthread_mutex_destroy(&t->lock);
  free(t->last);
  free(t->scratch);
  memset(t, 0, sizeof(*t));
}

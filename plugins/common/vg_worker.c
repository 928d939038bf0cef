/* vg_worker: a background thread that runs one job on request. */
#include "vg_worker.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

struct vg_worker {
  pthread_t thread;
  pthread_mutex_t lock;
  pthread_cond_t cond;
  int pending;
  atomic_int stop;
  vg_worker_fn fn;
  void *arg;
};

static void *worker_main(void *p)
{
  vg_worker_t *w = p;

  for (;;) {
    pthread_mutex_lock(&w->lock);
    while (!w->pending && !atomic_load(&w->stop))
      pthread_cond_wait(&w->cond, &w->lock);
    w->pending = 0;
    pthread_mutex_unlock(&w->lock);
    if (atomic_load(&w->stop))
      break;
    w->fn(w, w->arg);
  }
  return NULL;
}

vg_worker_t *vg_worker_start(vg_worker_fn fn, void *arg)
{
  vg_worker_t *w = calloc(1, sizeof(*w));
  int rc;

  if (w == NULL)
    return NULL;
  w->fn = fn;
  w->arg = arg;
  w->pending = 1;
  atomic_init(&w->stop, 0);
  pthread_mutex_init(&w->lock, NULL);
  pthread_cond_init(&w->cond, NULL);
  rc = pthread_create(&w->thread, NULL, worker_main, w);
  if (rc != 0) {
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->cond);
    free(w);
    errno = rc;
    return NULL;
  }
  return w;
}

void vg_worker_kick(vg_worker_t *w)
{
  pthread_mutex_lock(&w->lock);
  w->pending = 1;
  pthread_cond_signal(&w->cond);
  pthread_mutex_unlock(&w->lock);
}

int vg_worker_stopping(const vg_worker_t *w)
{
  return atomic_load(&w->stop);
}

void vg_worker_stop(vg_worker_t *w)
{
  if (w == NULL)
    return;
  pthread_mutex_lock(&w->lock);
  atomic_store(&w->stop, 1);
  pthread_cond_signal(&w->cond);
  pthread_mutex_unlock(&w->lock);
  pthread_join(w->thread, NULL);
  pthread_mutex_destroy(&w->lock);
  pthread_cond_destroy(&w->cond);
  free(w);
}

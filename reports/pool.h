/* pool: run numbered tasks in worker processes and hand their results to
 * the caller in task order, holding a bounded number of results. */
#ifndef VIGIL_POOL_H
#define VIGIL_POOL_H

#include <stddef.h>

/* Runs in a worker process: makes the result of task into *out (malloc'd,
 * *len bytes; the pool frees it). Returns 0, or -1 to stop the run. */
typedef int (*vg_pool_produce_fn)(size_t task, void *ctx, char **out, size_t *len);

/* Runs in the calling process for each task, in task order, with what
 * produce made. Returns 0, or -1 to stop the run. */
typedef int (*vg_pool_consume_fn)(size_t task, const char *data, size_t len, void *ctx);

/* Runs tasks 0 .. n_tasks-1 with jobs worker processes (in this process
 * when jobs <= 1), consuming each result in order. At most 4 x jobs
 * results wait to be consumed. Returns 0; or -1 with the reason in err when
 * a produce or consume failed or a worker died, after stopping every
 * worker. */
int vg_pool_run(size_t n_tasks, int jobs, vg_pool_produce_fn produce, vg_pool_consume_fn consume,
                void *ctx, char *err, size_t errlen);

#endif

/* vg_worker: a background thread that runs one job on request, so that slow
 * work (directory scans, commands, handshakes) stays off collectd's read
 * threads. */
#ifndef VIGIL_VG_WORKER_H
#define VIGIL_VG_WORKER_H

/* The job; it publishes its own results under its own lock. */
typedef struct vg_worker vg_worker_t;
typedef void (*vg_worker_fn)(vg_worker_t *w, void *arg);

/* Starts a thread that runs fn(w, arg) once at once, then once per
 * vg_worker_kick. Returns the worker, or NULL (errno set) when the thread
 * cannot be created. arg stays owned by the caller. */
vg_worker_t *vg_worker_start(vg_worker_fn fn, void *arg);

/* Asks for one more run. Never blocks on the job: a run requested while one
 * is in progress happens after it; requests do not queue up beyond one. */
void vg_worker_kick(vg_worker_t *w);

/* Asks the thread to stop, waits for the job in progress to end, and frees
 * w. NULL-safe. The job should watch vg_worker_stopping to end early. */
void vg_worker_stop(vg_worker_t *w);

/* Returns 1 once vg_worker_stop has been called for the worker running
 * this job; jobs poll it in long loops. */
int vg_worker_stopping(const vg_worker_t *w);

#endif

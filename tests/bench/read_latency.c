/* Benchmark: how long a plugin's read callback takes while the work behind
 * it hangs, against the same callbacks while that work answers at once,
 * measured in the same run. Built twice:
 *   read_latency_probe    20 SMTP services that accept and never answer
 *                         (Timeout 2) against 20 TCP services that connect
 *   read_latency_posture  a Firewall command that sleeps 30 s (Timeout 0.5)
 *                         against one that prints a ruleset
 * Each case runs 40 rounds of every read callback, 100 ms apart, and
 * prints the median and slowest callback and their ratio to the answering
 * case; the target is a slowest callback under 50 ms (collectd's read
 * threads must never wait for a probe or a command). Exits 1 when missed. */
#include "collectd_stub.h"

#ifdef BENCH_POSTURE
#include "vigil_posture.c"
#else
#include "vigil_probe.c"
#endif

#include "common/vg_deadline.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define ROUNDS 40
#define MAX_TIMES 4096

typedef struct {
  double median, slowest;
  int n;
} timing_t;

static int by_value(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Runs every registered read callback ROUNDS times and times each call. */
static timing_t time_reads(void)
{
  static double t[MAX_TIMES];
  struct timespec t0;
  int n = 0;

  for (int round = 0; round < ROUNDS; round++) {
#ifdef BENCH_POSTURE
    clock_gettime(CLOCK_MONOTONIC, &t0);
    po_read();
    t[n++] = vg_elapsed_since(&t0);
#else
    for (int i = 0; i < stub_reads_num && n < MAX_TIMES; i++) {
      clock_gettime(CLOCK_MONOTONIC, &t0);
      stub_reads[i].cb(&stub_reads[i].ud);
      t[n++] = vg_elapsed_since(&t0);
    }
#endif
    usleep(100000);
  }
  qsort(t, (size_t)n, sizeof(t[0]), by_value);
  return (timing_t){.median = t[n / 2], .slowest = t[n - 1], .n = n};
}

/* Configures the plugin with ci, starts it, times its reads, stops it. */
static timing_t run_case(oconfig_item_t *ci)
{
  timing_t r;

  stub_reset_records();
  module_register();
  if (stub_config_cb(ci) != 0 || (stub_init_cb != NULL && stub_init_cb() != 0)) {
    fprintf(stderr, "read_latency: the configuration was refused\n");
    exit(2);
  }
  r = time_reads();
#ifdef BENCH_POSTURE
  po_shutdown();
#else
  stub_shutdown();
#endif
  stub_free_config(ci);
  return r;
}

#ifdef BENCH_POSTURE
static const char *what = "vigil_posture, a Firewall command";

static oconfig_item_t *config(int hanging, const char *unused)
{
  oconfig_item_t *ci = stub_block("Plugin", "vigil_posture");
  oconfig_item_t *b = stub_add_block(ci, "Firewall", NULL);

  (void)unused;
  stub_add_string(b, "Command", hanging ? "/bin/sleep" : "/bin/cat");
  stub_append_string(&b->children[0],
                     hanging ? "30" : TOP_SRCDIR "/tests/fixtures/posture/nft-deny.txt");
  stub_add_number(b, "Timeout", 0.5);
  stub_add_number(b, "RefreshInterval", 1);
  return ci;
}
#else
static const char *what = "vigil_probe, 20 services";

static oconfig_item_t *config(int hanging, const char *target)
{
  oconfig_item_t *ci = stub_block("Plugin", "vigil_probe");
  char name[16];

  for (int i = 0; i < 20; i++) {
    snprintf(name, sizeof(name), "svc%02d", i);
    oconfig_item_t *svc = stub_add_block(ci, "Service", name);
    stub_add_string(svc, hanging ? "SMTP" : "TCP", target);
    stub_add_number(svc, "Timeout", 2);
  }
  return ci;
}
#endif

int main(void)
{
  char port[8], target[32];
  int lfd = tu_listen(port); /* accepts (backlog) and never answers */

  snprintf(target, sizeof(target), "127.0.0.1:%s", port);
  timing_t answering = run_case(config(0, target));
  timing_t hanging = run_case(config(1, target));
  close(lfd);
  printf("read callbacks (%s, %d rounds 100 ms apart):\n", what, ROUNDS);
  printf("  answering: median %.1f us, slowest %.0f us (%d calls)\n", answering.median * 1e6,
         answering.slowest * 1e6, answering.n);
  printf("  hanging:   median %.1f us, slowest %.0f us (%d calls)\n", hanging.median * 1e6,
         hanging.slowest * 1e6, hanging.n);
  printf("  hanging / answering: median %.2fx, slowest %.2fx\n",
         answering.median > 0 ? hanging.median / answering.median : 0,
         answering.slowest > 0 ? hanging.slowest / answering.slowest : 0);
  int met = hanging.slowest < 0.05;
  printf("  target: slowest hanging callback under 50 ms: %s\n", met ? "met" : "MISSED");
  return met ? 0 : 1;
}

/* Fuzz target: a plugin's configuration callback (FUZZ_PLUGIN, e.g.
 * "vigil_probe.c"), fed config trees built from the input: "<Key arg>"
 * opens a block, "</Key>" closes it, "Key v1 v2 ..." adds an option whose
 * values are numbers, true/false, or strings ("quoted" or bare). The
 * plugin is then shut down, as collectd does after a refused config. With
 * vigil_probe, each line is also split as an endpoint. */
#include "collectd_stub.h"

#include FUZZ_PLUGIN

#include "common/vg_conn.h"
#include "fuzz_common.h"

#ifdef FUZZ_NO_WORKERS
/* The probes' workers would connect to whatever the input names: here a
 * worker is only a handle, and no job runs. What is fuzzed is the
 * configuration. */
struct vg_worker {
  int unused;
};
vg_worker_t *vg_worker_start(vg_worker_fn fn, void *arg)
{
  (void)fn;
  (void)arg;
  return calloc(1, sizeof(vg_worker_t));
}
void vg_worker_kick(vg_worker_t *w)
{
  (void)w;
}
void vg_worker_stop(vg_worker_t *w)
{
  free(w);
}
int vg_worker_stopping(const vg_worker_t *w)
{
  (void)w;
  return 1;
}
#endif

#ifdef FUZZ_NO_SPAWN
/* Commands named by the input are never run. */
#include "common/vg_spawn.h"
int vg_spawn(char *const argv[], double timeout, size_t max_out, vg_spawn_result_t *res)
{
  (void)argv;
  (void)timeout;
  (void)max_out;
  memset(res, 0, sizeof(*res));
  return -1;
}
void vg_spawn_result_free(vg_spawn_result_t *res)
{
  vg_dynbuf_free(&res->out);
}
#endif

#define MAX_DEPTH 8
#define MAX_VALUES 8

/* Appends an option with the values of the words of line. */
static void add_option(oconfig_item_t *parent, char *key, char *rest)
{
  oconfig_item_t *c;

  parent->children = realloc(parent->children, (parent->children_num + 1) * sizeof(*c));
  if (parent->children == NULL)
    abort();
  c = &parent->children[parent->children_num++];
  memset(c, 0, sizeof(*c));
  c->key = strdup(key);
  c->parent = parent;
  c->values = calloc(MAX_VALUES, sizeof(*c->values));
  for (char *w = strtok_r(rest, " \t", &rest); w != NULL && c->values_num < MAX_VALUES;
       w = strtok_r(NULL, " \t", &rest)) {
    oconfig_value_t *v = &c->values[c->values_num++];
    char *end;
    double d = strtod(w, &end);
    if (*w != '\0' && *end == '\0') {
      v->type = OCONFIG_TYPE_NUMBER;
      v->value.number = d;
    } else if (strcmp(w, "true") == 0 || strcmp(w, "false") == 0) {
      v->type = OCONFIG_TYPE_BOOLEAN;
      v->value.boolean = w[0] == 't';
    } else {
      v->type = OCONFIG_TYPE_STRING;
      v->value.string = strdup(w[0] == '"' ? w + 1 : w);
    }
  }
}

/* Builds the <Plugin> block from text. */
static oconfig_item_t *build(char *text)
{
  oconfig_item_t *stack[MAX_DEPTH];
  int depth = 0;

  stack[0] = stub_block("Plugin", "fuzz");
  for (char *save = NULL, *line = strtok_r(text, "\n", &save); line != NULL;
       line = strtok_r(NULL, "\n", &save)) {
    char *rest = line + strcspn(line, " \t");
    if (*rest != '\0')
      *rest++ = '\0';
    if (line[0] == '<' && line[1] == '/') {
      if (depth > 0)
        depth--;
    } else if (line[0] == '<') {
      char *arg = rest[0] == '"' ? rest + 1 : rest;
      arg[strcspn(arg, ">")] = '\0';
      if (depth + 1 < MAX_DEPTH) {
        oconfig_item_t *b = stub_add_block(stack[depth], line + 1, arg);
        stack[++depth] = b;
      }
    } else if (line[0] != '\0') {
      add_option(stack[depth], line, rest);
    }
  }
  return stack[0];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *text = fuzz_string(data, size);
  oconfig_item_t *ci;

#ifdef FUZZ_ENDPOINTS
  {
    char host[256], port[32], *copy = strdup(text);
    for (char *save = NULL, *l = strtok_r(copy, "\n", &save); l != NULL;
         l = strtok_r(NULL, "\n", &save))
      vg_split_endpoint(l, "443", host, sizeof(host), port, sizeof(port));
    free(copy);
  }
#endif
  ci = build(text);
  module_register();
  if (stub_config_cb != NULL)
    stub_config_cb(ci);
  if (stub_shutdown_cb != NULL)
    stub_shutdown_cb();
  stub_shutdown();
  stub_free_config(ci);
  stub_reset_records();
  free(text);
  return 0;
}

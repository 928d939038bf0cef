/* vigil-report: evaluate every agency of an inventory against a directive
 * catalogue from collectd's RRD files, and write the report. */
#include "vigil_config.h"

#include "attestation.h"
#include "catalogue.h"
#include "export.h"
#include "evaluate.h"
#include "graphs.h"
#include "inventory.h"
#include "pool.h"
#include "rrd_source.h"
#include "report_csv.h"
#include "thresholds.h"
#include "report_html.h"
#include "report_xml.h"
#include "summary_text.h"
#include "timeutil.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdint.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef VIGIL_SCHEMADIR
#define VIGIL_SCHEMADIR "/usr/share/vigil/schemas"
#endif

enum { EXIT_ALL_PASS = 0, EXIT_ERROR = 1, EXIT_NOT_ALL_PASS = 2 };

typedef struct {
  const char *catalogue;
  const char *inventory;
  const char *datadir;
  const char *from;
  const char *to;
  const char *xml;
  const char *html;
  const char *attestations;
  const char *previous;
  const char *csv;
  const char *emit_thresholds;
  const char *format; /* "table", "list" or NULL */
  const char *export_out;
  const char *verify;
  int merge;
  const char *lang;
  const char *schemadir;
  const char *daemon;
  int jobs;
  vg_graphs_t graphs;
  int graphs_given;
  int summary;
} options_t;

static void usage(FILE *fp)
{
  fprintf(fp,
          "Usage: vigil-report --catalogue FILE --inventory FILE --datadir DIR\n"
          "                    [--xml OUT] [--html OUT [--lang vi|en]] [--graphs WHICH]\n"
          "                    [--export OUT]\n"
          "                    [--from TIME --to TIME] [--summary] [--schemas DIR]\n"
          "\n"
          "Evaluates every agency of the inventory against each item of the directive\n"
          "catalogue, from the RRD files collectd wrote under DIR, and writes the report.\n"
          "\n"
          "  -c, --catalogue FILE  directive catalogue (schemas/directive.xsd)\n"
          "  -i, --inventory FILE  agencies and their hosts (schemas/inventory.xsd)\n"
          "  -d, --datadir DIR     collectd's rrdtool/rrdcached DataDir\n"
          "  -f, --from TIME       window start, ISO 8601 with offset\n"
          "  -t, --to TIME|now     window end (default: the catalogue's window); now\n"
          "                        reports what has elapsed, marked provisional\n"
          "  -x, --xml OUT         write report.xml here (atomically)\n"
          "  -H, --html OUT        write the report as one self-contained HTML page\n"
          "  -l, --lang vi|en      the language of the HTML page (default vi)\n"
          "  -g, --graphs WHICH    embed graphs for all, problems or none of the\n"
          "                        evidence (default: all with --html, else none)\n"
          "  -e, --export OUT      write the ministry's export (export.xsd, with digest)\n"
          "  -a, --attestations F  officers' attestations and waivers (attestation.xsd)\n"
          "  -p, --previous F      an earlier report.xml: say what changed since\n"
          "  -C, --csv OUT         write the agencies x items matrix as CSV\n"
          "  -F, --format table|list\n"
          "                        print the matrix (table) or each agency's items with\n"
          "                        their key figures (list); table is the default on a\n"
          "                        terminal when no file is asked for\n"
          "  -s, --summary         the same as --format list\n"
          "  -D, --daemon ADDR     flush each file through rrdcached at ADDR (unix:PATH\n"
          "                        or host:port; default $RRDCACHED_ADDRESS) before\n"
          "                        reading it; an unanswered flush stops the report\n"
          "  -j, --jobs N          read and evaluate with N worker processes\n"
          "                        (default: the number of processors)\n"
          "      --schemas DIR     where the XSDs are (default %s,\n"
          "                        or $VIGIL_SCHEMADIR)\n"
          "      --verify FILE     check an export's schema and digest (exit 0 or 1)\n"
          "      --emit-thresholds OUT\n"
          "                        write collectd threshold settings for the checks a\n"
          "                        single value can break (with --catalogue only)\n"
          "      --merge FILE... --export OUT\n"
          "                        merge provinces' exports of one directive and window\n"
          "  -h, --help            this text\n"
          "  -V, --version         the version\n"
          "\n"
          "Exit status: 0 every applicable item passes; 2 some item fails or lacks\n"
          "data; 1 an error stopped the report (nothing was written).\n",
          VIGIL_SCHEMADIR);
}

/* Maps --graphs' argument; -1 when it is none of all, problems, none. */
static vg_graphs_t parse_graphs(const char *s)
{
  if (strcmp(s, "all") == 0)
    return VG_GRAPHS_ALL;
  if (strcmp(s, "problems") == 0)
    return VG_GRAPHS_PROBLEMS;
  if (strcmp(s, "none") == 0)
    return VG_GRAPHS_NONE;
  return (vg_graphs_t)-1;
}

/* Checks the arguments of --verify and --merge, which read exports only. */
static int check_tool_args(int argc, options_t *o, int *code)
{
  const char *bad = NULL;

  if (o->verify != NULL && (o->merge || optind < argc || o->export_out))
    bad = "--verify takes one export and nothing else";
  else if (o->merge && (optind >= argc || o->export_out == NULL))
    bad = "--merge needs the exports to merge and --export OUT";
  if (bad != NULL) {
    fprintf(stderr, "vigil-report: %s\n", bad);
    *code = EXIT_ERROR;
    return -1;
  }
  return 0;
}

/* Parses the command line into o. Returns -1 to exit with status *code. */
static int parse_args(int argc, char **argv, options_t *o, int *code)
{
  static const struct option longopts[] = {{"catalogue", required_argument, NULL, 'c'},
                                           {"inventory", required_argument, NULL, 'i'},
                                           {"datadir", required_argument, NULL, 'd'},
                                           {"from", required_argument, NULL, 'f'},
                                           {"to", required_argument, NULL, 't'},
                                           {"xml", required_argument, NULL, 'x'},
                                           {"summary", no_argument, NULL, 's'},
                                           {"schemas", required_argument, NULL, 'S'},
                                           {"html", required_argument, NULL, 'H'},
                                           {"lang", required_argument, NULL, 'l'},
                                           {"graphs", required_argument, NULL, 'g'},
                                           {"attestations", required_argument, NULL, 'a'},
                                           {"previous", required_argument, NULL, 'p'},
                                           {"csv", required_argument, NULL, 'C'},
                                           {"emit-thresholds", required_argument, NULL, 'T'},
                                           {"format", required_argument, NULL, 'F'},
                                           {"export", required_argument, NULL, 'e'},
                                           {"verify", required_argument, NULL, 'v'},
                                           {"merge", no_argument, NULL, 'm'},
                                           {"daemon", required_argument, NULL, 'D'},
                                           {"jobs", required_argument, NULL, 'j'},
                                           {"help", no_argument, NULL, 'h'},
                                           {"version", no_argument, NULL, 'V'},
                                           {NULL, 0, NULL, 0}};
  int ch;

  o->schemadir = getenv("VIGIL_SCHEMADIR") ? getenv("VIGIL_SCHEMADIR") : VIGIL_SCHEMADIR;
  o->lang = "vi";
  o->daemon = getenv("RRDCACHED_ADDRESS") && *getenv("RRDCACHED_ADDRESS")
                  ? getenv("RRDCACHED_ADDRESS")
                  : NULL;
  while ((ch = getopt_long(argc, argv, "c:i:d:f:t:x:H:l:g:e:a:p:C:F:D:j:shV", longopts, NULL)) !=
         -1) {
    switch (ch) {
    case 'c':
      o->catalogue = optarg;
      break;
    case 'i':
      o->inventory = optarg;
      break;
    case 'd':
      o->datadir = optarg;
      break;
    case 'f':
      o->from = optarg;
      break;
    case 't':
      o->to = optarg;
      break;
    case 'x':
      o->xml = optarg;
      break;
    case 's':
      o->format = "list";
      break;
    case 'S':
      o->schemadir = optarg;
      break;
    case 'H':
      o->html = optarg;
      break;
    case 'e':
      o->export_out = optarg;
      break;
    case 'a':
      o->attestations = optarg;
      break;
    case 'p':
      o->previous = optarg;
      break;
    case 'C':
      o->csv = optarg;
      break;
    case 'T':
      o->emit_thresholds = optarg;
      break;
    case 'F':
      o->format = optarg;
      break;
    case 'v':
      o->verify = optarg;
      break;
    case 'm':
      o->merge = 1;
      break;
    case 'D':
      o->daemon = optarg;
      break;
    case 'j': {
      char *end;
      long n = strtol(optarg, &end, 10);
      if (end == optarg || *end != '\0' || n < 1 || n > 256) {
        fprintf(stderr, "vigil-report: --jobs takes a number from 1 to 256\n");
        *code = EXIT_ERROR;
        return -1;
      }
      o->jobs = (int)n;
      break;
    }
    case 'l':
      o->lang = optarg;
      break;
    case 'g':
      o->graphs_given = 1;
      o->graphs = parse_graphs(optarg);
      break;
    case 'h':
      usage(stdout);
      *code = 0;
      return -1;
    case 'V':
      printf("vigil-report %s\n", PACKAGE_VERSION);
      *code = 0;
      return -1;
    default:
      usage(stderr);
      *code = EXIT_ERROR;
      return -1;
    }
  }
  if (!o->graphs_given)
    o->graphs = o->html ? VG_GRAPHS_ALL : VG_GRAPHS_NONE;
  if (o->format == NULL && !o->xml && !o->html && !o->export_out && !o->csv && isatty(1))
    o->format = "table"; /* on a terminal with no file asked for: show the table */
  if (o->format != NULL && strcmp(o->format, "table") != 0 && strcmp(o->format, "list") != 0) {
    fprintf(stderr, "vigil-report: --format takes table or list\n");
    *code = EXIT_ERROR;
    return -1;
  }
  o->summary = o->format != NULL;
  if (o->verify != NULL || o->merge)
    return check_tool_args(argc, o, code);
  if (o->emit_thresholds != NULL) {
    if (o->catalogue != NULL)
      return 0;
    fprintf(stderr, "vigil-report: --emit-thresholds needs --catalogue\n");
    *code = EXIT_ERROR;
    return -1;
  }
  if (optind < argc || !o->catalogue || !o->inventory || !o->datadir ||
      (!o->xml && !o->html && !o->export_out && !o->csv && !o->format) ||
      (strcmp(o->lang, "vi") != 0 && strcmp(o->lang, "en") != 0) || (int)o->graphs < 0) {
    fprintf(stderr, "vigil-report: %s\n",
            optind < argc        ? "unexpected argument"
            : (int)o->graphs < 0 ? "--graphs takes all, problems or none"
            : (strcmp(o->lang, "vi") != 0 && strcmp(o->lang, "en") != 0)
                ? "--lang takes vi or en"
                : "--catalogue, --inventory, --datadir and one of --xml, --html, --export, "
                  "--csv, --format are required");
    usage(stderr);
    *code = EXIT_ERROR;
    return -1;
  }
  return 0;
}

/* Resolves the window from the options, else the catalogue. */
static int resolve_window(const options_t *o, const vg_catalogue_t *cat, vg_report_meta_t *m)
{
  m->from = cat->window_from;
  m->to = cat->window_to;
  m->offset = cat->window_offset;
  if (o->from != NULL && vt_parse_time(o->from, &m->from, &m->offset) != 0) {
    fprintf(stderr,
            "vigil-report: --from '%s' is not an ISO 8601 date-time with an offset "
            "(e.g. 2020-04-30T00:00:00+07:00)\n",
            o->from);
    return -1;
  }
  if (o->to != NULL && strcmp(o->to, "now") == 0) {
    /* an open window: what has elapsed of it, marked provisional */
    m->planned_to = m->to;
    m->to = time(NULL);
    if (m->to >= m->planned_to)
      m->to = m->planned_to;
    else
      m->provisional = 1;
    if (m->to <= m->from) {
      fprintf(stderr, "vigil-report: --to now: the window has not started yet\n");
      return -1;
    }
  } else if (o->to != NULL && vt_parse_time(o->to, &m->to, NULL) != 0) {
    fprintf(stderr,
            "vigil-report: --to '%s' is neither \"now\" nor an ISO 8601 date-time with an "
            "offset\n",
            o->to);
    return -1;
  }
  if (m->from >= m->to) {
    fprintf(stderr, "vigil-report: the window is empty: --from must come before --to\n");
    return -1;
  }
  return 0;
}

/* A progress bar on stderr, when it is a terminal. */
static void progress(size_t done, size_t total)
{
  char bar[41];
  size_t fill = total ? done * 40 / total : 40;

  if (!isatty(2))
    return;
  memset(bar, '#', fill);
  memset(bar + fill, '.', 40 - fill);
  bar[40] = '\0';
  fprintf(stderr, "\rvigil-report: [%s] %zu/%zu agencies%s", bar, done, total,
          done == total ? "\n" : "");
}

/* The work of a report run, shared by the agency tasks. */
typedef struct {
  const options_t *o;
  const vg_report_meta_t *m;
  vg_eval_ctx_t ctx;
  vg_xml_report_t *w;
  vg_csv_t *csv;
  int table;
  int all_pass;
} run_t;

/* An agency's packed result: this head, then the parts in this order. */
enum { PART_XML, PART_TALLY, PART_CSV, PART_TEXT, PART_ERR, N_PARTS };
typedef struct {
  int32_t all_pass;
  uint64_t len[N_PARTS];
} agency_head_t;

/* Prints what the terminal and the CSV get for r into memory streams. */
static int agency_texts(const run_t *run, const vg_agency_result_t *r, char **csv, size_t *csv_len,
                        char **text, size_t *text_len)
{
  FILE *fc = open_memstream(csv, csv_len), *ft = open_memstream(text, text_len);
  int rc = fc != NULL && ft != NULL ? 0 : -1;

  if (rc == 0 && run->csv != NULL)
    vg_csv_format_row(fc, r);
  if (rc == 0 && run->table)
    vg_table_row(ft, r);
  else if (rc == 0 && run->o->summary)
    vg_summary_agency(ft, r);
  if (fc != NULL && fclose(fc) != 0)
    rc = -1;
  if (ft != NULL && fclose(ft) != 0)
    rc = -1;
  return rc;
}

/* Packs the parts after a head into one buffer. */
static char *pack(agency_head_t *h, char *const parts[N_PARTS], size_t *len)
{
  char *buf, *p;

  *len = sizeof(*h);
  for (int i = 0; i < N_PARTS; i++)
    *len += h->len[i];
  buf = malloc(*len);
  if (buf == NULL)
    return NULL;
  memcpy(buf, h, sizeof(*h));
  p = buf + sizeof(*h);
  for (int i = 0; i < N_PARTS; i++) {
    if (h->len[i] > 0)
      memcpy(p, parts[i], h->len[i]);
    p += h->len[i];
  }
  return buf;
}

/* Evaluates agency i and packs everything written about it. Runs in a
 * worker process with --jobs. Returns 0, or -1 after saying why. */
static int agency_produce(size_t i, void *arg, char **out, size_t *out_len)
{
  run_t *run = arg;
  const vg_agency_t *a = &run->m->inv->agencies[i];
  vg_agency_result_t r;
  vg_agency_data_t *d;
  agency_head_t h;
  char *parts[N_PARTS] = {NULL}, err[2048];
  size_t lens[N_PARTS] = {0};
  int rc = -1;

  memset(&h, 0, sizeof(h));
  d = vg_agency_data_read(&run->ctx, a);
  if (d == NULL || vg_evaluate_data(&run->ctx, d, &r) != 0) {
    fprintf(stderr, "vigil-report: out of memory evaluating agency '%s'\n", a->id);
    vg_agency_data_free(d);
    return -1;
  }
  vg_graphs_draw(&run->ctx, d, &r);
  vg_agency_data_free(d);
  if (vg_rrd_daemon_failed(err, sizeof(err))) {
    fprintf(stderr, "vigil-report: %s\n", err);
    goto out;
  }
  h.all_pass = 1;
  for (size_t k = 0; k < r.n_items; k++)
    if (r.items[k].status != VG_ST_PASS && r.items[k].status != VG_ST_NOT_APPLICABLE &&
        r.items[k].status != VG_ST_WAIVED)
      h.all_pass = 0;
  if (vg_xml_agency_fragment(run->m, &r, &parts[PART_XML], &lens[PART_XML], &parts[PART_TALLY],
                             &lens[PART_TALLY]) != 0 ||
      agency_texts(run, &r, &parts[PART_CSV], &lens[PART_CSV], &parts[PART_TEXT],
                   &lens[PART_TEXT]) != 0) {
    fprintf(stderr, "vigil-report: out of memory writing agency '%s'\n", a->id);
    goto out;
  }
  if (a->error != NULL && (parts[PART_ERR] = strdup(a->error)) != NULL)
    lens[PART_ERR] = strlen(a->error);
  for (int k = 0; k < N_PARTS; k++)
    h.len[k] = lens[k];
  *out = pack(&h, parts, out_len);
  rc = *out != NULL ? 0 : -1;
out:
  for (int k = 0; k < N_PARTS; k++)
    free(parts[k]);
  vg_agency_result_free(&r);
  return rc;
}

/* Writes agency i's packed result to the outputs, in inventory order. */
static int agency_consume(size_t i, const char *data, size_t len, void *arg)
{
  run_t *run = arg;
  agency_head_t h;
  const char *p[N_PARTS];
  size_t need = sizeof(h);

  if (len < sizeof(h))
    return -1;
  memcpy(&h, data, sizeof(h));
  for (int k = 0; k < N_PARTS; k++) {
    if (h.len[k] > len - need)
      return -1;
    p[k] = data + need;
    need += h.len[k];
  }
  progress(i + 1, run->m->inv->n_agencies);
  if (h.len[PART_ERR] > 0)
    fprintf(stderr, "vigil-report: %.*s\n", (int)h.len[PART_ERR], p[PART_ERR]);
  if (h.len[PART_TEXT] > 0)
    fwrite(p[PART_TEXT], 1, h.len[PART_TEXT], stdout);
  if (!h.all_pass)
    run->all_pass = 0;
  if (vg_xml_report_add(run->w, p[PART_XML], h.len[PART_XML], p[PART_TALLY], h.len[PART_TALLY]) !=
      0) {
    fprintf(stderr, "vigil-report: %s: write error\n", run->o->xml ? run->o->xml : "report");
    return -1;
  }
  if (run->csv != NULL && vg_csv_add(run->csv, p[PART_CSV], h.len[PART_CSV]) != 0) {
    fprintf(stderr, "vigil-report: %s: write error\n", run->o->csv);
    return -1;
  }
  return 0;
}

/* Evaluates and writes every agency, with o->jobs worker processes;
 * *all_pass is cleared when an applicable item does not pass. Returns 0,
 * or -1 on a fatal error. */
static int run_agencies(const options_t *o, const vg_report_meta_t *m, vg_xml_report_t *w,
                        vg_csv_t *csv, int *all_pass)
{
  run_t run = {o, m, {m->cat, o->datadir, m->from, m->to, o->graphs, m->att}, w, csv, 0, 1};
  char err[1024];
  int jobs = o->jobs;

  run.table = o->format != NULL && strcmp(o->format, "table") == 0;
  if (jobs <= 0) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    jobs = n > 0 ? (int)n : 1;
  }
  if (run.table)
    vg_table_header(stdout, m->cat);
  progress(0, m->inv->n_agencies);
  if (vg_pool_run(m->inv->n_agencies, jobs, agency_produce, agency_consume, &run, err,
                  sizeof(err)) != 0) {
    fprintf(stderr, "vigil-report: the report was stopped: %s\n", err);
    return -1;
  }
  if (run.table)
    vg_table_legend(stdout);
  *all_pass = run.all_pass;
  return 0;
}

/* --verify and --merge. Returns the exit status. */
static int run_export_tool(const options_t *o, int argc, char **argv)
{
  char err[4096];

  if (o->verify != NULL) {
    if (vg_export_verify(o->verify, o->schemadir, err, sizeof(err)) != 0) {
      fprintf(stderr, "vigil-report: %s\n", err);
      return EXIT_ERROR;
    }
    printf("%s: valid, digest verified\n", o->verify);
    return 0;
  }
  if (vg_export_merge((const char *const *)argv + optind, (size_t)(argc - optind), o->schemadir,
                      o->export_out, err, sizeof(err)) != 0) {
    fprintf(stderr, "vigil-report: %s\n", err);
    return EXIT_ERROR;
  }
  return 0;
}

/* Renders the HTML from the complete report at xml_tmp, then moves the
 * report to its place (or removes it when only HTML was asked for).
 * Returns 0, or -1 with the report removed. */
static int finish_outputs(const options_t *o, const char *xml_tmp)
{
  char err[4096], xsl[4096];

  if (o->html != NULL) {
    snprintf(xsl, sizeof(xsl), "%s/report-html.xsl", o->schemadir);
    if (vg_html_render(xml_tmp, xsl, o->lang, o->html, err, sizeof(err)) != 0) {
      fprintf(stderr, "vigil-report: %s\n", err);
      unlink(xml_tmp);
      return -1;
    }
  }
  if (o->export_out != NULL && vg_export_write(xml_tmp, o->export_out, err, sizeof(err)) != 0) {
    fprintf(stderr, "vigil-report: %s\n", err);
    unlink(xml_tmp);
    return -1;
  }
  if (o->xml == NULL)
    return unlink(xml_tmp) == 0 ? 0 : 0;
  if (rename(xml_tmp, o->xml) != 0) {
    fprintf(stderr, "vigil-report: %s: %s\n", o->xml, strerror(errno));
    unlink(xml_tmp);
    return -1;
  }
  if (o->summary)
    printf("report: %s\n", o->xml);
  return 0;
}

int main(int argc, char **argv)
{
  options_t o;
  vg_report_meta_t m;
  vg_xml_report_t *w = NULL;
  char err[8192], xml_tmp[4096], *tmp_dir = NULL;
  vg_csv_t *csv = NULL;
  int code = EXIT_ERROR, all_pass = 1;

  memset(&o, 0, sizeof(o));
  memset(&m, 0, sizeof(m));
  if (parse_args(argc, argv, &o, &code) != 0)
    return code;
  LIBXML_TEST_VERSION
  /* a full disk or a file size limit is a write error to handle, with the
   * temporary files removed, not a signal that leaves them behind */
  signal(SIGXFSZ, SIG_IGN);
  if (o.verify != NULL || o.merge) {
    code = run_export_tool(&o, argc, argv);
    goto out;
  }
  m.cat = vg_catalogue_load(o.catalogue, o.schemadir, err, sizeof(err));
  if (m.cat == NULL) {
    fprintf(stderr, "vigil-report: invalid catalogue:\n%s\n", err);
    goto out;
  }
  if (o.emit_thresholds != NULL) {
    int n = vg_thresholds_write(m.cat, o.emit_thresholds, err, sizeof(err));
    if (n < 0)
      fprintf(stderr, "vigil-report: %s\n", err);
    else
      printf("%s: %d thresholds for collectd\n", o.emit_thresholds, n);
    code = n < 0 ? EXIT_ERROR : 0;
    goto out;
  }
  m.inv = vg_inventory_load(o.inventory, o.schemadir, m.cat, err, sizeof(err));
  if (m.inv == NULL) {
    fprintf(stderr, "vigil-report: invalid inventory:\n%s\n", err);
    goto out;
  }
  if (o.attestations != NULL && (m.att = vg_attestations_load(o.attestations, o.schemadir, m.cat,
                                                              m.inv, err, sizeof(err))) == NULL) {
    fprintf(stderr, "vigil-report: invalid attestations:\n%s\n", err);
    goto out;
  }
  if (o.previous != NULL &&
      (m.previous = vg_previous_load(o.previous, m.cat->id, err, sizeof(err))) == NULL) {
    fprintf(stderr, "vigil-report: %s\n", err);
    goto out;
  }
  if (resolve_window(&o, m.cat, &m) != 0)
    goto out;
  if (o.daemon != NULL && vg_rrd_use_daemon(o.daemon, 0, err, sizeof(err)) != 0) {
    fprintf(stderr, "vigil-report: %s\n", err);
    goto out;
  }
  if (m.provisional && o.summary) {
    char until[64];
    printf("PROVISIONAL: the window is still open (it ends %s); figures up to now only.\n",
           vt_format_time(m.planned_to, m.offset, until, sizeof(until)));
  }
  m.datadir = o.datadir;
  m.generated = time(NULL);
  /* report.xml is written whole under a temporary name, the HTML made
   * from it, and only then is it renamed: on error nothing is left. */
  snprintf(xml_tmp, sizeof(xml_tmp), "%s.partial",
           o.xml          ? o.xml
           : o.html       ? o.html
           : o.export_out ? o.export_out
           : o.csv        ? o.csv
                          : "");
  if (xml_tmp[0] == '.') {
    /* only the terminal output: the report goes to a temporary folder */
    char dir[4000];
    snprintf(dir, sizeof(dir), "%s/vigil-report.XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (mkdtemp(dir) == NULL || (tmp_dir = strdup(dir)) == NULL) {
      fprintf(stderr, "vigil-report: %s: %s\n", dir, strerror(errno));
      goto out;
    }
    snprintf(xml_tmp, sizeof(xml_tmp), "%s/report.xml", dir);
  }
  if (o.csv != NULL && (csv = vg_csv_open(o.csv, m.cat, err, sizeof(err))) == NULL) {
    fprintf(stderr, "vigil-report: %s\n", err);
    goto out;
  }
  w = vg_xml_report_open(xml_tmp, &m, err, sizeof(err));
  if (w == NULL) {
    fprintf(stderr, "vigil-report: %s\n", err);
    goto out;
  }
  if (run_agencies(&o, &m, w, csv, &all_pass) != 0)
    goto out;
  if (vg_xml_report_commit(w, err, sizeof(err)) != 0) {
    w = NULL;
    fprintf(stderr, "vigil-report: %s\n", err);
    goto out;
  }
  w = NULL;
  if (finish_outputs(&o, xml_tmp) != 0)
    goto out;
  if (csv != NULL) {
    int rc = vg_csv_commit(csv, err, sizeof(err));
    csv = NULL;
    if (rc != 0) {
      fprintf(stderr, "vigil-report: %s\n", err);
      goto out;
    }
  }
  code = all_pass ? EXIT_ALL_PASS : EXIT_NOT_ALL_PASS;
out:
  vg_xml_report_abort(w);
  vg_csv_abort(csv);
  if (tmp_dir != NULL) {
    rmdir(tmp_dir);
    free(tmp_dir);
  }
  vg_attestations_free((vg_attestations_t *)m.att);
  vg_previous_free((vg_previous_t *)m.previous);
  vg_inventory_free((vg_inventory_t *)m.inv);
  vg_catalogue_free((vg_catalogue_t *)m.cat);
  xmlCleanupParser();
  return code;
}

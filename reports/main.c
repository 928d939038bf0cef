/* vigil-report: evaluate every agency of an inventory against a directive
 * catalogue from collectd's RRD files, and write the report. The program
 * reads as its stages: load the inputs, prepare the outputs, run the
 * agencies (read, evaluate, draw, serialize: in worker processes), sum up,
 * and publish every output together. */
#include "vigil_config.h"

#include "acl.h"
#include "attestation.h"
#include "catalogue.h"
#include "evaluate.h"
#include "export.h"
#include "graphs.h"
#include "inventory.h"
#include "notify.h"
#include "pool.h"
#include "report_csv.h"
#include "report_html.h"
#include "report_xml.h"
#include "signature.h"
#include "rrd_source.h"
#include "summary.h"
#include "summary_text.h"
#include "thresholds.h"
#include "timeutil.h"
#include "xmlload.h"

#include <errno.h>
#include <getopt.h>
#include <libxml/parser.h>
#include <malloc.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#ifndef VIGIL_SCHEMADIR
#define VIGIL_SCHEMADIR "/usr/share/vigil/schemas"
#endif

enum { EXIT_ALL_PASS = 0, EXIT_ERROR = 1, EXIT_NOT_ALL_PASS = 2 };

typedef enum {
  MODE_REPORT,
  MODE_VERIFY,
  MODE_MERGE,
  MODE_THRESHOLDS,
  MODE_ACL,
  MODE_SENDERS,
  MODE_HELP,
  MODE_VERSION
} mode_t_;

typedef struct {
  mode_t_ mode;
  const char *catalogue;
  const char *inventory;
  const char *datadir;
  const char *from;
  const char *to;
  const char *xml;
  const char *html;
  const char *html_dir;
  const char *attestations;
  const char *journal; /* the last --journal; every one is in journals */
  const char *journals[256];
  int n_journals; /* more than 256: refused */
  const char *previous;
  const char *csv;
  int csv_no_bom;
  const char *emit_thresholds;
  const char *emit_acl;
  const char *emit_senders;
  const char *subscriber; /* the last --subscriber; every one is in subscribers */
  const char *subscribers[16];
  int n_subscribers;  /* more than 16: refused */
  const char *format; /* "table", "list" or NULL */
  const char *export_out;
  const char *verify;
  int merge;
  int list_flag; /* --summary */
  const char *lang;
  const char *schemadir;
  const char *sign_key;
  const char *sign_cert;
  const char *trust;
  const char *daemon;
  const char *jobs_arg;
  int jobs;
  const char *graphs_arg;
  vg_graphs_t graphs;
  const char *burn_arg;
  long burn; /* seconds: the recent past whose rate a budget projects */
  int watch;
  const char *interval_arg;
  long interval;      /* --watch: seconds between refreshes */
  const char *notify; /* --watch: collectd's unixsock socket */
  int summary;
  int help, version;
  char **rest; /* the arguments after the options (exports to merge) */
  int n_rest;
} options_t;

/* The command line: each option once, with its help text. Options with a
 * key above 255 have no short form. */
enum {
  OPT_SCHEMAS = 256,
  OPT_VERIFY,
  OPT_THRESHOLDS,
  OPT_MERGE,
  OPT_JOURNAL,
  OPT_SIGN_KEY,
  OPT_SIGN_CERT,
  OPT_TRUST,
  OPT_ACL,
  OPT_SENDERS,
  OPT_SUBSCRIBER,
  OPT_CSV_NO_BOM,
  OPT_HTML_DIR,
  OPT_BURN,
  OPT_WATCH,
  OPT_INTERVAL,
  OPT_NOTIFY
};
#define O(field) offsetof(options_t, field)
static const struct {
  const char *name;
  int key;
  const char *arg; /* NULL: a flag, set to 1 */
  size_t dest;     /* where in options_t: a const char * or, for a flag, an int */
  const char *help;
} option_table[] = {
    {"catalogue", 'c', "FILE", O(catalogue), "directive catalogue (schemas/directive.xsd)"},
    {"inventory", 'i', "FILE", O(inventory), "agencies and their hosts (schemas/inventory.xsd)"},
    {"datadir", 'd', "DIR", O(datadir), "collectd's rrdtool/rrdcached DataDir"},
    {"from", 'f', "TIME", O(from), "window start, ISO 8601 with offset"},
    {"to", 't', "TIME|now", O(to),
     "window end (default: the catalogue's window); now\nreports what has elapsed, marked "
     "provisional"},
    {"xml", 'x', "OUT", O(xml), "write report.xml here"},
    {"html", 'H', "OUT", O(html),
     "write the report as one self-contained HTML page: the\noverview, then in full what did not "
     "pass"},
    {"html-dir", OPT_HTML_DIR, "DIR", O(html_dir),
     "write the report as a site: DIR/index.html and a page\nper agency, every check in full"},
    {"lang", 'l', "vi|en", O(lang), "the language of the HTML page (default vi)"},
    {"graphs", 'g', "WHICH", O(graphs_arg),
     "graphs of all, problems or none of the evidence\n(default: problems in --html, all in "
     "--html-dir);\nall also shows every check of --html in full"},
    {"export", 'e', "OUT", O(export_out), "write the ministry's export (export.xsd, with digest)"},
    {"attestations", 'a', "F", O(attestations),
     "officers' attestations and waivers (attestation.xsd)"},
    {"previous", 'p', "F", O(previous), "an earlier report.xml: say what changed since"},
    {"journal", OPT_JOURNAL, "HOST=FILE", O(journal),
     "the vigil_incident journal written on HOST (once per\nhost): names the incidents behind "
     "incident checks"},
    {"csv", 'C', "OUT", O(csv),
     "write the agencies x items matrix as CSV (UTF-8 with a\nbyte order mark, RFC 4180)"},
    {"burn-window", OPT_BURN, "SECONDS", O(burn_arg),
     "in an open window, project a budget at the rate of\nthe last SECONDS (default 3600)"},
    {"watch", OPT_WATCH, NULL, O(watch),
     "write the report of the window so far again every\n--interval seconds while the window is "
     "open (the\npage reloads itself), then the final one at its end"},
    {"interval", OPT_INTERVAL, "SECONDS", O(interval_arg),
     "--watch: seconds between refreshes (default 300)"},
    {"notify", OPT_NOTIFY, "unix:PATH", O(notify),
     "--watch: tell collectd through its unixsock socket\nwhich agencies are silent and which "
     "budgets are spent\nor at risk, and when they clear (PUTNOTIF)"},
    {"csv-no-bom", OPT_CSV_NO_BOM, NULL, O(csv_no_bom),
     "write the CSV without the byte order mark"},
    {"format", 'F', "table|list", O(format),
     "print the matrix (table) or each agency's items with\ntheir key figures (list); table is "
     "the default on a\nterminal when no file is asked for"},
    {"summary", 's', NULL, O(list_flag), "the same as --format list"},
    {"daemon", 'D', "ADDR", O(daemon),
     "flush each file through rrdcached at ADDR (unix:PATH\nor host:port; default "
     "$RRDCACHED_ADDRESS) before\nreading it; an unanswered flush stops the report"},
    {"jobs", 'j', "N", O(jobs_arg),
     "read and evaluate with N worker processes\n(default: the number of "
     "processors)"},
    {"schemas", OPT_SCHEMAS, "DIR", O(schemadir),
     "where the XSDs are (default " VIGIL_SCHEMADIR ",\nor $VIGIL_SCHEMADIR)"},
    {"sign-key", OPT_SIGN_KEY, "KEY.pem", O(sign_key),
     "sign report.xml and the export with this private key\n(PEM, readable by its owner only)"},
    {"sign-cert", OPT_SIGN_CERT, "CERT.pem", O(sign_cert),
     "the signing key's certificate, then its chain (PEM)"},
    {"verify", OPT_VERIFY, "FILE", O(verify),
     "check a report.xml or an export: schema, digest and,\nwith --trust, its signature (exit 0 "
     "only when signed\nby a trusted certificate)"},
    {"trust", OPT_TRUST, "CA.pem", O(trust),
     "with --verify: the certificate the signer's must chain to"},
    {"emit-thresholds", OPT_THRESHOLDS, "OUT", O(emit_thresholds),
     "write collectd threshold settings for the checks a\nsingle value can break (with "
     "--catalogue only)"},
    {"emit-acl", OPT_ACL, "OUT", O(emit_acl),
     "write the MQTT broker's ACL: each host of --inventory\nmay publish only under its own "
     "name"},
    {"emit-senders", OPT_SENDERS, "OUT", O(emit_senders),
     "write the central collectd's filter chain binding\neach network user (an agency id) to "
     "its hosts"},
    {"subscriber", OPT_SUBSCRIBER, "NAME", O(subscriber),
     "with --emit-acl: the certificate name of a central\nsubscriber, which may read every "
     "host's values\n(default vigil-central; once per subscriber)"},
    {"merge", OPT_MERGE, NULL, O(merge),
     "FILE... --export OUT: merge provinces' exports of one\ndirective and window"},
    {"help", 'h', NULL, O(help), "this text"},
    {"version", 'V', NULL, O(version), "the version"},
};
#undef O
enum { N_OPTIONS = sizeof(option_table) / sizeof(option_table[0]) };

static void usage(FILE *fp)
{
  fprintf(fp, "Usage: vigil-report --catalogue FILE --inventory FILE --datadir DIR\n"
              "                    [--xml OUT] [--html OUT] [--html-dir DIR] [--lang vi|en]\n"
              "                    [--graphs WHICH]\n"
              "                    [--export OUT] [--csv OUT] [--format table|list]\n"
              "                    [--from TIME --to TIME] [--schemas DIR]\n"
              "       vigil-report --verify FILE\n"
              "       vigil-report --merge FILE... --export OUT\n"
              "       vigil-report --catalogue FILE --emit-thresholds OUT\n"
              "       vigil-report --inventory FILE --emit-acl OUT [--subscriber NAME]\n"
              "       vigil-report --inventory FILE --emit-senders OUT\n"
              "\n"
              "Evaluates every agency of the inventory against each item of the directive\n"
              "catalogue, from the RRD files collectd wrote under DIR, and writes the report.\n"
              "\n");
  for (size_t i = 0; i < N_OPTIONS; i++) {
    char left[64];
    const char *h = option_table[i].help;
    if (option_table[i].key < 256)
      snprintf(left, sizeof(left), "-%c, --%s%s%s", option_table[i].key, option_table[i].name,
               option_table[i].arg ? " " : "", option_table[i].arg ? option_table[i].arg : "");
    else
      snprintf(left, sizeof(left), "    --%s%s%s", option_table[i].name,
               option_table[i].arg ? " " : "", option_table[i].arg ? option_table[i].arg : "");
    fprintf(fp, "  %-20s ", left);
    if (strlen(left) > 20)
      fprintf(fp, "\n  %-20s ", "");
    for (; *h; h++) {
      fputc(*h, fp);
      if (*h == '\n')
        fprintf(fp, "  %-20s ", "");
    }
    fputc('\n', fp);
  }
  fprintf(fp, "\n"
              "Exit status: 0 every applicable item passes; 2 some item fails or lacks\n"
              "data; 1 an error stopped the report (nothing was written).\n");
}

/* Stores option key (its argument, or 1 for a flag) into o. */
static void set_option(options_t *o, int key, const char *arg)
{
  if (key == OPT_JOURNAL) {
    if (o->n_journals < (int)(sizeof(o->journals) / sizeof(o->journals[0])))
      o->journals[o->n_journals] = arg;
    o->n_journals++;
  }
  if (key == OPT_SUBSCRIBER) {
    if (o->n_subscribers < (int)(sizeof(o->subscribers) / sizeof(o->subscribers[0])))
      o->subscribers[o->n_subscribers] = arg;
    o->n_subscribers++;
  }
  for (size_t i = 0; i < N_OPTIONS; i++) {
    if (option_table[i].key != key)
      continue;
    if (option_table[i].arg != NULL)
      *(const char **)(void *)((char *)o + option_table[i].dest) = arg;
    else
      *(int *)(void *)((char *)o + option_table[i].dest) = 1;
  }
}

/* Reads the command line into o, with the defaults of the environment.
 * Returns 0, or -1 on an unknown option (getopt said which). */
static int parse_args(int argc, char **argv, options_t *o)
{
  struct option longopts[N_OPTIONS + 1];
  char shortopts[2 * N_OPTIONS + 1];
  size_t n = 0;
  int ch;

  memset(longopts, 0, sizeof(longopts));
  for (size_t i = 0; i < N_OPTIONS; i++) {
    longopts[i] =
        (struct option){option_table[i].name, option_table[i].arg ? required_argument : no_argument,
                        NULL, option_table[i].key};
    if (option_table[i].key < 256) {
      shortopts[n++] = (char)option_table[i].key;
      if (option_table[i].arg)
        shortopts[n++] = ':';
    }
  }
  shortopts[n] = '\0';
  o->schemadir = getenv("VIGIL_SCHEMADIR") ? getenv("VIGIL_SCHEMADIR") : VIGIL_SCHEMADIR;
  o->lang = "vi";
  o->daemon = getenv("RRDCACHED_ADDRESS") && *getenv("RRDCACHED_ADDRESS")
                  ? getenv("RRDCACHED_ADDRESS")
                  : NULL;
  while ((ch = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
    if (ch == '?')
      return -1;
    set_option(o, ch, optarg);
  }
  o->rest = argv + optind;
  o->n_rest = argc - optind;
  return 0;
}

/* Maps --graphs' argument; -1 when it is none of all, problems, none. */
static int parse_graphs(const char *s, vg_graphs_t *g)
{
  static const struct {
    const char *name;
    vg_graphs_t g;
  } names[] = {{"all", VG_GRAPHS_ALL}, {"problems", VG_GRAPHS_PROBLEMS}, {"none", VG_GRAPHS_NONE}};

  for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
    if (strcmp(s, names[i].name) == 0) {
      *g = names[i].g;
      return 0;
    }
  return -1;
}

/* Decides the mode and the derived settings, and checks that the options
 * fit together. Returns NULL, or the message that stops the run. */
static const char *validate_options(options_t *o)
{
  int files = o->xml || o->html || o->html_dir || o->export_out || o->csv;
  char *end;

  o->mode = o->help              ? MODE_HELP
            : o->version         ? MODE_VERSION
            : o->verify          ? MODE_VERIFY
            : o->merge           ? MODE_MERGE
            : o->emit_thresholds ? MODE_THRESHOLDS
            : o->emit_acl        ? MODE_ACL
            : o->emit_senders    ? MODE_SENDERS
                                 : MODE_REPORT;
  switch (o->mode) {
  case MODE_HELP:
  case MODE_VERSION:
    return NULL;
  case MODE_VERIFY:
    return o->n_rest > 0 || o->export_out ? "--verify takes one file and nothing else" : NULL;
  case MODE_MERGE:
    return o->n_rest == 0 || o->export_out == NULL
               ? "--merge needs the exports to merge and --export OUT"
           : o->trust == NULL ? "--merge needs --trust CA.pem: every province's export must verify"
           : (o->sign_key == NULL) != (o->sign_cert == NULL)
               ? "--sign-key and --sign-cert go together"
               : NULL;
  case MODE_THRESHOLDS:
    return o->catalogue == NULL ? "--emit-thresholds needs --catalogue" : NULL;
  case MODE_SENDERS:
    return o->inventory == NULL ? "--emit-senders needs --inventory"
           : o->n_rest > 0      ? "unexpected argument"
                                : NULL;
  case MODE_ACL:
    return o->inventory == NULL ? "--emit-acl needs --inventory"
           : o->n_subscribers > (int)(sizeof(o->subscribers) / sizeof(o->subscribers[0]))
               ? "--subscriber given more than 16 times"
           : o->n_rest > 0 ? "unexpected argument"
                           : NULL;
  case MODE_REPORT:
    break;
  }
  if ((o->sign_key == NULL) != (o->sign_cert == NULL))
    return "--sign-key and --sign-cert go together";
  if (o->jobs_arg != NULL) {
    long n = strtol(o->jobs_arg, &end, 10);
    if (end == o->jobs_arg || *end != '\0' || n < 1 || n > 256)
      return "--jobs takes a number from 1 to 256";
    o->jobs = (int)n;
  } else {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    o->jobs = n > 0 ? (int)n : 1;
  }
  o->burn = VG_BURN_DEFAULT;
  if (o->burn_arg != NULL) {
    long n = strtol(o->burn_arg, &end, 10);
    if (end == o->burn_arg || *end != '\0' || n < 60 || n > 30L * 86400)
      return "--burn-window takes seconds, from 60 to 2592000";
    o->burn = n;
  }
  o->interval = 300;
  if (o->interval_arg != NULL) {
    long n = strtol(o->interval_arg, &end, 10);
    if (!o->watch)
      return "--interval goes with --watch";
    if (end == o->interval_arg || *end != '\0' || n < 1 || n > 86400)
      return "--interval takes seconds, from 1 to 86400";
    o->interval = n;
  }
  if (o->watch && o->to != NULL && strcmp(o->to, "now") != 0)
    return "--watch follows the window up to now: it takes no --to but now";
  if (o->notify != NULL && !o->watch)
    return "--notify goes with --watch";
  if (o->watch && o->previous != NULL)
    return "--watch and --previous do not go together";
  o->graphs = VG_GRAPHS_PROBLEMS; /* --html-dir: all, unless --graphs says */
  if (o->watch && o->graphs_arg == NULL)
    o->graphs_arg = "none"; /* a status page redrawn every few minutes: its bars say it */
  if (o->graphs_arg != NULL && parse_graphs(o->graphs_arg, &o->graphs) != 0)
    return "--graphs takes all, problems or none";
  if (o->format == NULL && o->list_flag)
    o->format = "list";
  if (o->format == NULL && !files && isatty(1))
    o->format = "table"; /* on a terminal with no file asked for: show the table */
  if (o->format != NULL && strcmp(o->format, "table") != 0 && strcmp(o->format, "list") != 0)
    return "--format takes table or list";
  o->summary = o->format != NULL;
  if (o->n_rest > 0)
    return "unexpected argument";
  if (strcmp(o->lang, "vi") != 0 && strcmp(o->lang, "en") != 0)
    return "--lang takes vi or en";
  if (!o->catalogue || !o->inventory || !o->datadir || (!files && !o->format))
    return "--catalogue, --inventory, --datadir and one of --xml, --html, --html-dir, --export, "
           "--csv, --format are required";
  return NULL;
}

/* Resolves the window from the options, else the catalogue. */
static int resolve_window(const options_t *o, const vg_catalogue_t *cat, vg_report_meta_t *m)
{
  time_t now = time(NULL);
  int to_now = o->to != NULL && strcmp(o->to, "now") == 0;

  m->from = cat->window_from;
  m->to = cat->window_to;
  m->offset = cat->window_offset;
  m->provisional = 0; /* --watch resolves it again at every refresh */
  m->planned_to = 0;
  if (o->from != NULL && vt_parse_time(o->from, &m->from, &m->offset) != 0) {
    fprintf(stderr,
            "vigil-report: --from '%s' is not an ISO 8601 date-time with an offset "
            "(e.g. 2020-04-30T00:00:00+07:00)\n",
            o->from);
    return -1;
  }
  if (o->to != NULL && !to_now && vt_parse_time(o->to, &m->to, NULL) != 0) {
    fprintf(stderr,
            "vigil-report: --to '%s' is neither \"now\" nor an ISO 8601 date-time with an "
            "offset\n",
            o->to);
    return -1;
  }
  if (to_now) {
    /* the part of the window that has elapsed; the catalogue's end bounds
     * it only when the window is the catalogue's */
    m->to = o->from == NULL ? cat->window_to : now > cat->window_to ? now : cat->window_to;
  }
  if (m->to > now) {
    /* an open window: figures up to now, marked provisional */
    m->planned_to = m->to;
    m->to = now;
    m->provisional = 1;
    if (m->to <= m->from) {
      fprintf(stderr, "vigil-report: the window has not started yet (it starts %s)\n",
              o->from ? o->from : "as the catalogue says");
      return -1;
    }
  }
  if (m->from >= m->to) {
    fprintf(stderr, "vigil-report: the window is empty: --from must come before --to\n");
    return -1;
  }
  return 0;
}

/* A progress bar on stderr, when it is a terminal; progress_clear wipes
 * it before anything else is printed on that terminal. */
static int bar_shown;

static void progress_clear(void)
{
  if (bar_shown) {
    fputs("\r\033[K", stderr);
    bar_shown = 0;
  }
}

static void progress(size_t done, size_t total)
{
  char bar[41], tail[64];
  struct winsize ws;
  size_t room = 40, fill;

  if (!isatty(2))
    return;
  if (done == total) {
    progress_clear();
    return;
  }
  /* one line of the terminal: a bar that wraps cannot be wiped */
  snprintf(tail, sizeof(tail), "] %zu/%zu", done, total);
  if (ioctl(2, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
    size_t fixed = strlen("vigil-report: [") + strlen(tail) + 1;
    room = ws.ws_col > fixed + 40 ? 40 : ws.ws_col > fixed + 4 ? ws.ws_col - fixed : 0;
  }
  if (room == 0)
    return;
  fill = total ? done * room / total : room;
  memset(bar, '#', fill);
  memset(bar + fill, '.', room - fill);
  bar[room] = '\0';
  fprintf(stderr, "\rvigil-report: [%s%s", bar, tail);
  bar_shown = 1;
}

/* The width of the terminal on standard output, or 0 when it is none. */
static int terminal_width(void)
{
  struct winsize ws;
  const char *cols = getenv("COLUMNS");

  if (!isatty(1))
    return 0;
  if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
    return ws.ws_col;
  if (cols != NULL) {
    char *end;
    long n = strtol(cols, &end, 10);
    if (end != cols && *end == '\0' && n > 0 && n < 10000)
      return (int)n;
  }
  return 80;
}

/* The work of a report run, shared by the agency tasks. */
typedef struct {
  const options_t *o;
  const vg_report_meta_t *m;
  vg_eval_ctx_t ctx;
  vg_xml_report_t *xml;  /* or NULL when no output needs report.xml */
  vg_csv_t *csv;         /* or NULL */
  vg_html_frame_t *html; /* the agencies' elements for the HTML, or NULL */
  vg_summary_t *sum;
  int table;
  vg_table_layout_t layout; /* of the table */
} run_t;

/* An agency's packed result: this head, then the parts in this order. */
enum { PART_XML, PART_DIGEST, PART_CSV, PART_TEXT, PART_ERR, N_PARTS };
typedef struct {
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
    vg_table_row(ft, r, &run->layout);
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

/* Reads, evaluates and draws agency i and packs everything written about
 * it. Runs in a worker process with --jobs. Returns 0, or -1 after saying
 * why. */
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
  vg_agency_data_free(d);
  if (vg_rrd_daemon_failed(err, sizeof(err))) {
    fprintf(stderr, "vigil-report: %s\n", err);
    goto out;
  }
  if ((run->xml != NULL &&
       vg_xml_agency_fragment(run->m, &r, &parts[PART_XML], &lens[PART_XML]) != 0) ||
      vg_digest_pack(run->m, i, &r, &parts[PART_DIGEST], &lens[PART_DIGEST]) != 0 ||
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

/* Hands agency i's packed result to the summary and the outputs, in
 * inventory order. */
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
  if (h.len[PART_ERR] > 0 || h.len[PART_TEXT] > 0)
    progress_clear();
  if (h.len[PART_ERR] > 0)
    fprintf(stderr, "vigil-report: %.*s\n", (int)h.len[PART_ERR], p[PART_ERR]);
  if (h.len[PART_TEXT] > 0) {
    fwrite(p[PART_TEXT], 1, h.len[PART_TEXT], stdout);
    fflush(stdout);
  }
  progress(i + 1, run->m->inv->n_agencies);
  if (vg_summary_add(run->sum, p[PART_DIGEST], h.len[PART_DIGEST]) != 0) {
    fprintf(stderr, "vigil-report: agency '%s': its results do not fit the report\n",
            run->m->inv->agencies[i].id);
    return -1;
  }
  if (run->xml != NULL && vg_xml_report_add(run->xml, p[PART_XML], h.len[PART_XML]) != 0) {
    fprintf(stderr, "vigil-report: %s: write error\n", run->o->xml ? run->o->xml : "report");
    return -1;
  }
  if (run->html != NULL) {
    const vg_agency_t *a = &run->m->inv->agencies[i];
    if (vg_html_frame_add(run->html, a->id, a->categories.n > 0 ? a->categories.ids[0] : NULL,
                          p[PART_XML], h.len[PART_XML]) != 0) {
      fprintf(stderr, "vigil-report: agency '%s': cannot keep it for the HTML\n", a->id);
      return -1;
    }
  }
  if (run->csv != NULL && vg_csv_add(run->csv, p[PART_CSV], h.len[PART_CSV]) != 0) {
    fprintf(stderr, "vigil-report: %s: write error\n", run->o->csv);
    return -1;
  }
  return 0;
}

/* Evaluates and writes every agency, with o->jobs worker processes.
 * Returns 0, or -1 on a fatal error (said). */
static int run_agencies(run_t *run)
{
  char err[1024];
  int jobs = run->o->jobs; /* the processors when --jobs is not given */

  run->table = run->o->format != NULL && strcmp(run->o->format, "table") == 0;
  if (run->table) {
    run->layout = vg_table_layout(run->m->cat, terminal_width());
    vg_table_header(stdout, run->m->cat, &run->layout);
    fflush(stdout);
  }
  progress(0, run->m->inv->n_agencies);
  if (vg_pool_run(run->m->inv->n_agencies, jobs, agency_produce, agency_consume, run, err,
                  sizeof(err)) != 0) {
    progress_clear();
    fprintf(stderr, "vigil-report: the report was stopped: %s\n", err);
    return -1;
  }
  progress_clear();
  if (run->table)
    vg_table_legend(stdout, &run->layout);
  return 0;
}

/* --verify and --merge. Returns the exit status. */
/* The vigil_incident journals of --journal, and the signer of --sign-key,
 * read by load_inputs (the signer also by --merge). */
static vg_journals_t journals;
static vg_signer_t *signer;
static vg_notifier_t *notifier; /* --notify */

/* Loads a report.xml or an export as its schema says (an export with its
 * digest checked); *is_export says which. NULL with the reason in err. */
static xmlDocPtr load_signed_doc(const options_t *o, int *is_export, char *err, size_t errlen)
{
  char root[64], xsd[4096];

  if (vg_xml_root_name(o->verify, root, sizeof(root)) != 0) {
    snprintf(err, errlen, "%s: not an XML document", o->verify);
    return NULL;
  }
  *is_export = strcmp(root, "export") == 0;
  if (*is_export)
    return vg_export_load(o->verify, o->schemadir, err, errlen);
  if (strcmp(root, "report") != 0) {
    snprintf(err, errlen, "%s: neither a vigil report nor an export (its root is <%s>)", o->verify,
             root);
    return NULL;
  }
  snprintf(xsd, sizeof(xsd), "%s/report.xsd", o->schemadir);
  return vg_xml_load(o->verify, xsd, err, errlen);
}

/* --verify: the schema (and an export's digest), then, with --trust, the
 * signature. Exit 0 only when the file is signed by a trusted certificate. */
static int verify_file(const options_t *o)
{
  char err[4096];
  vg_signed_by_t by;
  int is_export = 0;
  xmlDocPtr doc = load_signed_doc(o, &is_export, err, sizeof(err));

  if (doc == NULL) {
    fprintf(stderr, "vigil-report: %s\n", err);
    return EXIT_ERROR;
  }
  if (o->trust == NULL) {
    fprintf(stderr,
            "vigil-report: %s: valid%s, but who made it is not verified: give --trust CA.pem\n",
            o->verify, is_export ? " and its digest matches" : "");
    xmlFreeDoc(doc);
    return EXIT_ERROR;
  }
  int rc = vg_verify_doc(doc, o->trust, &by, err, sizeof(err));
  xmlFreeDoc(doc);
  if (rc != 0) {
    fprintf(stderr, "vigil-report: %s: not verified: %s\n", o->verify, err);
    return EXIT_ERROR;
  }
  printf("%s: verified: signed by %s at %s\ncertificate SHA-256 %s\n", o->verify, by.subject,
         by.signed_at, by.fingerprint);
  return 0;
}

static int run_export_tool(const options_t *o)
{
  char err[4096];

  if (o->verify != NULL)
    return verify_file(o);
  if (o->sign_key != NULL &&
      (signer = vg_signer_load(o->sign_key, o->sign_cert, err, sizeof(err))) == NULL) {
    fprintf(stderr, "vigil-report: %s\n", err);
    return EXIT_ERROR;
  }
  if (vg_export_merge((const char *const *)o->rest, (size_t)o->n_rest, o->schemadir, o->trust,
                      signer, o->export_out, err, sizeof(err)) != 0) {
    fprintf(stderr, "vigil-report: %s\n", err);
    return EXIT_ERROR;
  }
  return 0;
}

/* --emit-acl, --emit-senders: who may send for which host. */
static int run_acl(const options_t *o)
{
  static const char *const fallback[] = {"vigil-central"};
  char err[8192];
  vg_inventory_t *inv = vg_inventory_load(o->inventory, o->schemadir, NULL, err, sizeof(err));
  int n;

  if (inv == NULL) {
    fprintf(stderr, "vigil-report: invalid inventory:\n%s\n", err);
    return EXIT_ERROR;
  }
  if (o->mode == MODE_SENDERS) {
    n = vg_senders_write(inv, 300, o->emit_senders, err, sizeof(err));
    if (n < 0)
      fprintf(stderr, "vigil-report: %s\n", err);
    else
      printf("%s: each of %d agencies' network user may send for its own hosts only\n",
             o->emit_senders, n);
    vg_inventory_free(inv);
    return n < 0 ? EXIT_ERROR : 0;
  }
  n = o->n_subscribers > 0 ? vg_acl_write(inv, o->subscribers, (size_t)o->n_subscribers,
                                          o->emit_acl, err, sizeof(err))
                           : vg_acl_write(inv, fallback, 1, o->emit_acl, err, sizeof(err));
  if (n < 0)
    fprintf(stderr, "vigil-report: %s\n", err);
  else
    printf("%s: %d hosts of %zu agencies may publish, each under its own name\n", o->emit_acl, n,
           inv->n_agencies);
  vg_inventory_free(inv);
  return n < 0 ? EXIT_ERROR : 0;
}

/* The inputs of a report: catalogue, inventory, attestations, journals,
 * previous report, window, rrdcached. Returns 0, or -1 after saying why. */
static int load_inputs(const options_t *o, vg_report_meta_t *m)
{
  char err[8192];

  m->cat = vg_catalogue_load(o->catalogue, o->schemadir, err, sizeof(err));
  if (m->cat == NULL) {
    fprintf(stderr, "vigil-report: invalid catalogue:\n%s\n", err);
    return -1;
  }
  if (o->mode == MODE_THRESHOLDS)
    return 0;
  m->inv = vg_inventory_load(o->inventory, o->schemadir, m->cat, err, sizeof(err));
  if (m->inv == NULL) {
    fprintf(stderr, "vigil-report: invalid inventory:\n%s\n", err);
    return -1;
  }
  if (o->attestations != NULL &&
      (m->att = vg_attestations_load(o->attestations, o->schemadir, m->cat, m->inv, err,
                                     sizeof(err))) == NULL) {
    fprintf(stderr, "vigil-report: invalid attestations:\n%s\n", err);
    return -1;
  }
  if (o->n_journals > (int)(sizeof(o->journals) / sizeof(o->journals[0]))) {
    fprintf(stderr, "vigil-report: --journal given %d times: at most %zu\n", o->n_journals,
            sizeof(o->journals) / sizeof(o->journals[0]));
    return -1;
  }
  for (int i = 0; i < o->n_journals; i++)
    if (vg_journals_add(&journals, o->journals[i], err, sizeof(err)) != 0) {
      fprintf(stderr, "vigil-report: %s\n", err);
      return -1;
    }
  if (o->sign_key != NULL &&
      (signer = vg_signer_load(o->sign_key, o->sign_cert, err, sizeof(err))) == NULL) {
    fprintf(stderr, "vigil-report: %s\n", err);
    return -1;
  }
  if (o->previous != NULL && (m->previous = vg_previous_load(o->previous, o->schemadir, m->cat->id,
                                                             err, sizeof(err))) == NULL) {
    fprintf(stderr, "vigil-report: %s\n", err);
    return -1;
  }
  if (o->notify != NULL && (notifier = vg_notifier_new(o->notify, err, sizeof(err))) == NULL) {
    fprintf(stderr, "vigil-report: %s\n", err);
    return -1;
  }
  if (resolve_window(o, m->cat, m) != 0)
    return -1;
  if (o->daemon != NULL && vg_rrd_use_daemon(o->daemon, 0, err, sizeof(err)) != 0) {
    fprintf(stderr, "vigil-report: %s\n", err);
    return -1;
  }
  if (vg_rrd_datadir_check(o->datadir, err, sizeof(err)) != 0) {
    fprintf(stderr, "vigil-report: %s\n", err);
    return -1;
  }
  m->datadir = o->datadir;
  vg_maintenance_check(m->att, m->inv, m->datadir);
  m->generated = time(NULL);
  vg_rrd_set_report_time(m->generated);
  return 0;
}

/* What the run writes into, before it is published. */
typedef struct {
  vg_xml_report_t *xml;
  char xml_path[4096]; /* report.xml's destination, or a name beside another output */
  vg_csv_t *csv;
  vg_summary_t *sum;
  vg_atomic_file_t *ready[4]; /* finished files, published together */
  size_t n_ready;
  vg_atomic_file_t *report; /* report.xml finished, when it is not published */
  vg_html_frame_t *html;    /* what the HTML is made from */
  vg_html_site_t *site;     /* --html-dir, finished */
} outputs_t;

/* Starts every output, and the summary with the data folder's hosts.
 * Returns 0, or -1 after saying why (nothing is left behind). */
static int prepare_outputs(const options_t *o, const vg_report_meta_t *m, outputs_t *out)
{
  char err[4096];

  out->sum = vg_summary_new(m);
  if (out->sum == NULL) {
    fprintf(stderr, "vigil-report: out of memory\n");
    return -1;
  }
  if (o->csv != NULL &&
      (out->csv = vg_csv_open(o->csv, m->cat, !o->csv_no_bom, err, sizeof(err))) == NULL) {
    fprintf(stderr, "vigil-report: %s\n", err);
    return -1;
  }
  if (!o->xml && !o->html && !o->html_dir && !o->export_out)
    return 0; /* the CSV and the terminal need no report.xml */
  if (o->html_dir != NULL && vg_html_site_check(o->html_dir, err, sizeof(err)) != 0) {
    fprintf(stderr, "vigil-report: %s\n", err);
    return -1;
  }
  if ((o->html || o->html_dir) && (out->html = vg_html_frame_new(err, sizeof(err))) == NULL) {
    fprintf(stderr, "vigil-report: %s\n", err);
    return -1;
  }
  /* report.xml is made whole under a temporary name; the HTML and the
   * export are made from it, and it is published only when asked for */
  snprintf(out->xml_path, sizeof(out->xml_path), "%s%s",
           o->xml        ? o->xml
           : o->html     ? o->html
           : o->html_dir ? o->html_dir
                         : o->export_out,
           o->xml ? "" : ".report");
  out->xml = vg_xml_report_open(out->xml_path, m, err, sizeof(err));
  if (out->xml == NULL) {
    fprintf(stderr, "vigil-report: %s\n", err);
    return -1;
  }
  return 0;
}

/* Lists the hosts no agency claims and those that sent nothing, once every
 * agency was read (no worker process is started after this: the flushes
 * of their files through rrdcached happen here). Returns 0, or -1 after
 * saying why. */
static int sum_up_hosts(outputs_t *out)
{
  char err[4096];

  if (vg_summary_hosts(out->sum, err, sizeof(err)) != 0) {
    fprintf(stderr, "vigil-report: %s\n", err);
    return -1;
  }
  if (vg_summary_late(out->sum) != 0) {
    fprintf(stderr, "vigil-report: out of memory\n");
    return -1;
  }
  if (vg_rrd_daemon_failed(err, sizeof(err))) {
    fprintf(stderr, "vigil-report: %s\n", err);
    return -1;
  }
  vg_summary_warn_unmatched(out->sum);
  return 0;
}

/* Writes the page and the site of --html and --html-dir from the finished
 * report.xml f. Returns 0, or -1 with the reason in err. */
static int render_html(const options_t *o, outputs_t *out, vg_atomic_file_t *f, char *err,
                       size_t errlen)
{
  char xsl[4096], *frame;
  size_t frame_len;
  int rc;
  vg_html_opts_t h = {.xsl = xsl,
                      .lang = o->lang,
                      .graphs = {.cat = out->sum->meta->cat,
                                 .att = out->sum->meta->att,
                                 .datadir = o->datadir,
                                 .offset = out->sum->meta->offset,
                                 .which = o->graphs},
                      .full = o->graphs == VG_GRAPHS_ALL,
                      .jobs = o->jobs,
                      .refresh = o->watch && out->sum->meta->provisional ? o->interval : 0};

  if (out->html == NULL)
    return 0;
  /* the report without its agencies, which the run handed over one by one */
  if (vg_xml_report_frame(out->sum->meta, out->sum, &frame, &frame_len) != 0) {
    snprintf(err, errlen, "out of memory");
    return -1;
  }
  rc = vg_html_frame_finish(out->html, frame, frame_len, vg_atomic_tmp_path(f), err, errlen);
  free(frame);
  if (rc != 0)
    return -1;
  snprintf(xsl, sizeof(xsl), "%s/report-html.xsl", o->schemadir);
  if (o->html != NULL) {
    if (vg_html_render(&h, out->html, o->html, &out->ready[out->n_ready], err, errlen) != 0)
      return -1;
    out->n_ready++;
  }
  if (o->html_dir != NULL) {
    h.graphs.which = o->graphs_arg != NULL ? o->graphs : VG_GRAPHS_ALL;
    if (vg_html_render_site(&h, out->html, o->html_dir, &out->site, err, errlen) != 0)
      return -1;
  }
  return 0;
}

/* Finishes every output under its temporary name: report.xml, then the
 * HTML and the export made from it, then the CSV. Returns 0, or -1 after
 * saying why. */
static int finish_outputs(const options_t *o, outputs_t *out)
{
  char err[4096], sha[65];
  vg_atomic_file_t *f;

  if (out->xml != NULL) {
    f = vg_xml_report_finish(out->xml, out->sum, err, sizeof(err));
    out->xml = NULL;
    if (f == NULL)
      goto fail;
    if (o->xml != NULL)
      out->ready[out->n_ready++] = f;
    else
      out->report = f;
    if (signer != NULL && vg_sign_file(signer, vg_atomic_tmp_path(f), time(NULL),
                                       out->sum->meta->offset, err, sizeof(err)) != 0)
      goto fail;
    if (render_html(o, out, f, err, sizeof(err)) != 0)
      goto fail;
    if (o->export_out != NULL) {
      if (vg_sha256_file(vg_atomic_tmp_path(f), sha) != 0) {
        snprintf(err, sizeof(err), "%s: cannot read the report", vg_atomic_tmp_path(f));
        goto fail;
      }
      if (vg_export_write(out->sum, sha, signer, o->export_out, &out->ready[out->n_ready], err,
                          sizeof(err)) != 0)
        goto fail;
      out->n_ready++;
    }
  }
  if (out->csv != NULL) {
    f = vg_csv_finish(out->csv, err, sizeof(err));
    out->csv = NULL;
    if (f == NULL)
      goto fail;
    out->ready[out->n_ready++] = f;
  }
  return 0;
fail:
  fprintf(stderr, "vigil-report: %s\n", err);
  return -1;
}

/* Publishes every finished output together, or none. Returns 0, or -1
 * after saying why. */
static int publish_outputs(const options_t *o, outputs_t *out)
{
  char err[4096];
  size_t n = out->n_ready;

  out->n_ready = 0;
  if (out->site != NULL && vg_html_site_publish(out->site, err, sizeof(err)) != 0) {
    fprintf(stderr, "vigil-report: %s; no output was replaced\n", err);
    for (size_t i = 0; i < n; i++)
      vg_atomic_abort(out->ready[i]);
    return -1;
  }
  if (vg_atomic_publish(out->ready, n, err, sizeof(err)) != 0) {
    vg_html_site_revert(out->site);
    fprintf(stderr, "vigil-report: %s; no output was replaced\n", err);
    return -1;
  }
  if (o->summary && o->xml)
    printf("report: %s\n", o->xml);
  return 0;
}

/* Discards whatever was not published; NULL-safe members. */
static void drop_outputs(outputs_t *out)
{
  vg_xml_report_abort(out->xml);
  vg_csv_abort(out->csv);
  for (size_t i = 0; i < out->n_ready; i++)
    vg_atomic_abort(out->ready[i]);
  vg_atomic_abort(out->report);
  vg_html_site_free(out->site);
  vg_html_frame_free(out->html);
  vg_summary_free(out->sum);
}

/* A report run. Returns the exit status. */
static int run_report(const options_t *o, vg_report_meta_t *m)
{
  outputs_t out;
  run_t run;
  int code = EXIT_ERROR;

  memset(&out, 0, sizeof(out));
  if (m->provisional && o->summary) {
    char until[64];
    printf("PROVISIONAL: the window is still open (it ends %s); figures up to now only.\n",
           vt_format_time(m->planned_to, m->offset, until, sizeof(until)));
  }
  if (prepare_outputs(o, m, &out) != 0)
    goto out;
  memset(&run, 0, sizeof(run));
  run.o = o;
  run.m = m;
  run.ctx = (vg_eval_ctx_t){.planned_to = m->provisional ? m->planned_to : 0,
                            .burn = o->burn,
                            .cat = m->cat,
                            .datadir = o->datadir,
                            .from = m->from,
                            .to = m->to,
                            .att = m->att,
                            .journals = &journals,
                            .generated = m->generated};
  run.xml = out.xml;
  run.csv = out.csv;
  run.html = out.html;
  run.sum = out.sum;
  if (run_agencies(&run) != 0 || sum_up_hosts(&out) != 0 || finish_outputs(o, &out) != 0 ||
      publish_outputs(o, &out) != 0)
    goto out;
  if (o->summary)
    vg_summary_watch_text(stdout, out.sum);
  if (notifier != NULL && m->provisional) {
    /* the final report closes nothing: its budgets are no longer open */
    char err[1024];
    if (vg_notifier_send(notifier, out.sum, m->generated, err, sizeof(err)) < 0)
      fprintf(stderr, "vigil-report: notifications to collectd: %s; tried again next time\n", err);
  }
  code = out.sum->all_pass ? EXIT_ALL_PASS : EXIT_NOT_ALL_PASS;
out:
  drop_outputs(&out);
  return code;
}

/* --watch: set by SIGTERM and SIGINT, which stop it between refreshes. */
static volatile sig_atomic_t watch_stopped;

static void stop_watching(int sig)
{
  (void)sig;
  watch_stopped = 1;
}

/* --watch: the report of the window so far, written again every
 * --interval seconds while the window is open (each time all outputs or
 * none), then the final report at the window's end. A refresh that fails
 * leaves the last outputs in place and is tried again at the next one
 * (the final one up to three times); the first must succeed. Returns the
 * exit status of the last report. */
static int run_watch(const options_t *o, vg_report_meta_t *m)
{
  struct sigaction sa;
  int code = EXIT_ERROR, final_tries = 0;

  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = stop_watching;
  sa.sa_flags = SA_RESTART;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  for (unsigned long n = 0;; n++) {
    time_t started = time(NULL), next;
    char when[64], until[64];
    if (n > 0) {
      if (resolve_window(o, m->cat, m) != 0)
        return EXIT_ERROR;
      m->generated = started;
      vg_rrd_set_report_time(m->generated);
    }
    int final = !m->provisional;
    char err[1024];
    /* a daemon that failed a refresh (restarted, say) is asked afresh */
    if (n > 0 && o->daemon != NULL && vg_rrd_use_daemon(o->daemon, 0, err, sizeof(err)) != 0) {
      fprintf(stderr, "vigil-report: %s\n", err);
      code = EXIT_ERROR;
    } else {
      code = run_report(o, m);
    }
    if (code == EXIT_ERROR && n == 0)
      return code;
    vt_format_time(m->generated, m->offset, when, sizeof(when));
    if (final && code != EXIT_ERROR) {
      printf("%s: the window has ended: the final report is written\n", when);
      return code;
    }
    if (final && ++final_tries == 3) {
      fprintf(stderr,
              "vigil-report: %s: the window has ended, but its final report could not "
              "be written (3 tries)\n",
              when);
      return code;
    }
    next = final                                   ? started + o->interval
           : started + o->interval < m->planned_to ? started + o->interval
                                                   : m->planned_to;
    vt_format_time(next, m->offset, until, sizeof(until));
    if (code == EXIT_ERROR)
      fprintf(stderr,
              "vigil-report: %s: this refresh failed, the last one's outputs stay; next at %s\n",
              when, until);
    else
      printf("%s: refreshed; next at %s\n", when, until);
    fflush(stdout);
    while (!watch_stopped && time(NULL) < next) {
      struct timespec ts = {.tv_sec = next - time(NULL), .tv_nsec = 0};
      nanosleep(&ts, NULL); /* a signal ends it early */
    }
    if (watch_stopped) {
      printf("stopped: the outputs of %s stay\n", when);
      return code;
    }
  }
}

int main(int argc, char **argv)
{
  options_t o;
  vg_report_meta_t m;
  const char *bad;
  char err[4096];
  int code = EXIT_ERROR, n;

  memset(&o, 0, sizeof(o));
  memset(&m, 0, sizeof(m));
#ifdef M_TRIM_THRESHOLD
  /* every agency allocates and frees about the same few MiB of series:
   * keep them for the next one rather than hand them back to the kernel
   * and fault them in again (the peak is unchanged) */
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
#ifdef M_MMAP_THRESHOLD
  /* setting the trim threshold fixes the mmap threshold at 128 KiB: the
   * buffers of a page's agency (its HTML, its graphs) would each be mapped
   * and unmapped */
  mallopt(M_MMAP_THRESHOLD, 16 << 20);
#endif
  if (parse_args(argc, argv, &o) != 0) {
    usage(stderr);
    return EXIT_ERROR;
  }
  /* the flushes are vigil-report's own (--daemon): librrd must not flush
   * or fetch on its own behalf, which it does for the graphs drawn from
   * memory when this is set */
  unsetenv("RRDCACHED_ADDRESS");
  if ((bad = validate_options(&o)) != NULL) {
    fprintf(stderr, "vigil-report: %s\n", bad);
    if (strstr(bad, "required") != NULL || strstr(bad, "unexpected") != NULL)
      usage(stderr);
    return EXIT_ERROR;
  }
  if (o.mode == MODE_HELP || o.mode == MODE_VERSION) {
    if (o.mode == MODE_HELP)
      usage(stdout);
    else
      printf("vigil-report %s\n", PACKAGE_VERSION);
    return 0;
  }
  LIBXML_TEST_VERSION
  /* a full disk, a file size limit or a daemon that went away is an error
   * to handle, with the temporary files removed, not a signal that leaves
   * them behind */
  signal(SIGXFSZ, SIG_IGN);
  signal(SIGPIPE, SIG_IGN);
  switch (o.mode) {
  case MODE_VERIFY:
  case MODE_MERGE:
    code = run_export_tool(&o);
    break;
  case MODE_THRESHOLDS:
    if (load_inputs(&o, &m) != 0)
      break;
    n = vg_thresholds_write(m.cat, o.emit_thresholds, err, sizeof(err));
    if (n < 0)
      fprintf(stderr, "vigil-report: %s\n", err);
    else
      printf("%s: %d thresholds for collectd\n", o.emit_thresholds, n);
    code = n < 0 ? EXIT_ERROR : 0;
    break;
  case MODE_ACL:
  case MODE_SENDERS:
    code = run_acl(&o);
    break;
  default:
    if (load_inputs(&o, &m) == 0)
      code = o.watch ? run_watch(&o, &m) : run_report(&o, &m);
    break;
  }
  vg_attestations_free((vg_attestations_t *)m.att);
  vg_journals_free(&journals);
  vg_signer_free(signer);
  vg_notifier_free(notifier);
  vg_signature_shutdown();
  vg_previous_free((vg_previous_t *)m.previous);
  vg_inventory_free((vg_inventory_t *)m.inv);
  vg_catalogue_free((vg_catalogue_t *)m.cat);
  xmlCleanupParser();
  return code;
}

/* vigil_maillog: mail from social networks and forums delivered to the
 * official mailboxes (directive item "never use the official e-mail address
 * to register on social networks, forums and public sites"), counted from
 * the mail server's log.
 *
 * <Plugin vigil_maillog>
 *   RootDir "/"
 *   LogFile "/var/log/mail.log"
 *   Format "postfix"                  # postfix or exim
 *   OfficialDomain "quangngai.gov.vn" # several allowed; subdomains count
 *   SocialDomain "facebookmail.com"   # replaces the default list when given
 *   MaxReadBytes 1048576              # of the log per interval
 *   ReportRecipients false            # true: also count per recipient mailbox
 * </Plugin>
 *
 * Dispatches vigil_maillog/<official domain> derive-social_registrations:
 * messages from a social sender domain (or a subdomain of one) delivered
 * (postfix status=sent, exim => / ->) to a mailbox of the official domain,
 * since collectd started. The sender of a message is taken from its
 * arrival line (postfix "from=<...>", exim "<="), remembered by queue id
 * for the last 16384 messages. The log is followed across rotation and
 * truncation, at most MaxReadBytes per interval. Mailbox names are sent
 * only with ReportRecipients true: then derive-to-<mailbox> counts each
 * recipient (at most 1024; the rest as derive-to-other), so that the report
 * can name the mailboxes that registered.
 */
#include "collectd/core/daemon/collectd.h"

#include "collectd/core/daemon/plugin.h"
#include "collectd/core/daemon/utils_complain.h"
#include "collectd/core/utils/common/common.h"

#include "common/vg_plugin.h"
#include "common/vg_root.h"
#include "common/vg_tail.h"

#define ML_MAX_DOMAINS 64
#define ML_QUEUE 16384
#define ML_MAX_RECIPIENTS 1024

typedef enum { ML_POSTFIX, ML_EXIM } ml_format_t;

/* A message whose sender is social, by queue id (a ring). */
typedef struct {
  char id[32];
} ml_queued_t;

typedef struct {
  char *root;
  char *log_file;
  ml_format_t format;
  char *official[ML_MAX_DOMAINS];
  size_t n_official;
  char *social[ML_MAX_DOMAINS];
  size_t n_social;
  uint64_t max_read;
  derive_t counts[ML_MAX_DOMAINS];
  bool report_recipients;
  struct {
    char name[96]; /* "to-<mailbox>", made safe for a file name */
    unsigned char domain_index;
    bool announced; /* its zero before the first delivery was sent */
    derive_t count;
  } recipients[ML_MAX_RECIPIENTS];
  size_t n_recipients;
  ml_queued_t queue[ML_QUEUE];
  size_t queue_next;
  vg_tail_t tail;
  bool tail_ready;
  c_complain_t complaint;
} ml_state_t;

static ml_state_t ml;

static const char *const ml_default_social[] = {
    "facebookmail.com", "facebook.com", "instagram.com", "twitter.com",   "x.com",
    "linkedin.com",     "tiktok.com",   "zalo.me",       "zaloapp.com",   "pinterest.com",
    "redditmail.com",   "reddit.com",   "quora.com",     "quoramail.com", "discord.com",
    "telegram.org",     "voz.vn",       "tinhte.vn",     "webtretho.com", NULL};

/* ---- parsing (testable on its own) ---- */

/* True when domain is d or a subdomain of d (case-insensitive). */
static bool ml_domain_in(const char *domain, size_t len, const char *d)
{
  size_t dl = strlen(d);

  if (len == dl)
    return strncasecmp(domain, d, len) == 0;
  return len > dl && domain[len - dl - 1] == '.' && strncasecmp(domain + len - dl, d, dl) == 0;
}

/* The domain of the address that follows marker in line ("<user@dom>" or
 * "user@dom"); NULL when there is none. *len gets its length. */
static const char *ml_address_domain(const char *line, const char *marker, size_t *len)
{
  const char *p = strstr(line, marker), *at, *end;

  if (p == NULL)
    return NULL;
  p += strlen(marker);
  if (*p == '<')
    p++;
  end = p + strcspn(p, "> ,\t");
  at = memchr(p, '@', (size_t)(end - p));
  if (at == NULL || at + 1 >= end)
    return NULL;
  *len = (size_t)(end - at - 1);
  return at + 1;
}

/* The queue id in a postfix line ("... postfix/qmgr[12]: 4Bq1xz2Y3: ..."),
 * or an exim message id (the third field); copied into id. */
static bool ml_queue_id(const char *line, ml_format_t format, char *id, size_t len)
{
  const char *p;
  size_t n;

  if (format == ML_POSTFIX) {
    p = strstr(line, "]: ");
    if (p == NULL)
      return false;
    p += 3;
    n = strcspn(p, ":");
    if (p[n] != ':' || n == 0 || n >= len || strcspn(p, " ") < n)
      return false;
  } else {
    p = line; /* "2020-04-30 10:00:00 1jT5ab-0001Xy-9k ..." */
    for (int field = 0; field < 2; field++) {
      p = strchr(p, ' ');
      if (p == NULL)
        return false;
      p++;
    }
    n = strcspn(p, " ");
    if (n == 0 || n >= len)
      return false;
  }
  memcpy(id, p, n);
  id[n] = '\0';
  return true;
}

static bool ml_is_social(const char *domain, size_t len)
{
  for (size_t i = 0; i < ml.n_social; i++)
    if (ml_domain_in(domain, len, ml.social[i]))
      return true;
  return false;
}

static void ml_remember(const char *id)
{
  sstrncpy(ml.queue[ml.queue_next].id, id, sizeof(ml.queue[0].id));
  ml.queue_next = (ml.queue_next + 1) % ML_QUEUE;
}

static bool ml_remembered(const char *id)
{
  for (size_t i = 0; i < ML_QUEUE; i++)
    if (ml.queue[i].id[0] != '\0' && strcmp(ml.queue[i].id, id) == 0)
      return true;
  return false;
}

/* Counts a delivery to the mailbox that ends at dom + len, under official
 * domain index d. */
static void ml_count_recipient(const char *line, const char *dom, size_t len, size_t d)
{
  const char *start = dom;
  char name[96];
  size_t n, slot;

  while (start > line && start[-1] != '<' && start[-1] != ' ' && start[-1] != '=')
    start--;
  n = (size_t)snprintf(name, sizeof(name), "to-%.*s", (int)(dom + len - start), start);
  for (size_t i = 3; i < n && i < sizeof(name); i++)
    if (!isalnum((unsigned char)name[i]) && strchr("._@+-", name[i]) == NULL)
      name[i] = '_';
  for (size_t i = 0; i < ml.n_recipients; i++) {
    if (strcmp(ml.recipients[i].name, name) == 0) {
      ml.recipients[i].count++;
      return;
    }
  }
  if (ml.n_recipients < ML_MAX_RECIPIENTS - 1) {
    slot = ml.n_recipients++;
  } else { /* the last slot gathers everyone else */
    slot = ML_MAX_RECIPIENTS - 1;
    sstrncpy(name, "to-other", sizeof(name));
  }
  if (ml.recipients[slot].name[0] == '\0') {
    sstrncpy(ml.recipients[slot].name, name, sizeof(ml.recipients[slot].name));
    ml.recipients[slot].domain_index = (unsigned char)d;
  }
  ml.recipients[slot].count++;
}

/* Reads one log line: remembers social arrivals, counts their deliveries
 * to official domains. */
static void ml_line(const char *line, size_t n, void *arg)
{
  char id[32];
  const char *dom;
  size_t len;
  bool postfix = ml.format == ML_POSTFIX;

  (void)n;
  (void)arg;
  if (!ml_queue_id(line, ml.format, id, sizeof(id)))
    return;
  if ((dom = ml_address_domain(line, postfix ? " from=" : " <= ", &len)) != NULL) {
    if (ml_is_social(dom, len))
      ml_remember(id);
    return;
  }
  if (postfix && strstr(line, " status=sent") == NULL)
    return;
  dom = ml_address_domain(line, postfix ? " to=" : " => ", &len);
  if (dom == NULL && !postfix)
    dom = ml_address_domain(line, " -> ", &len);
  for (size_t i = 0; dom != NULL && i < ml.n_official; i++) {
    if (ml_domain_in(dom, len, ml.official[i]) && ml_remembered(id)) {
      ml.counts[i]++;
      if (ml.report_recipients)
        ml_count_recipient(line, dom, len, i);
      return;
    }
  }
}

/* ---- configuration ---- */

static int ml_config_option(oconfig_item_t *ci)
{
  static const char *const formats[] = {"postfix", "exim"}; /* in the order of ml_format_t */
  const vg_cf_t cx = {.plugin = "vigil_maillog"};
  int format;

  if (strcasecmp(ci->key, "RootDir") == 0)
    return vg_cf_string(&cx, ci, &ml.root);
  if (strcasecmp(ci->key, "LogFile") == 0)
    return vg_cf_string(&cx, ci, &ml.log_file);
  if (strcasecmp(ci->key, "OfficialDomain") == 0)
    return vg_cf_strings(&cx, ci, "domain names", ml.official, ML_MAX_DOMAINS, &ml.n_official);
  if (strcasecmp(ci->key, "SocialDomain") == 0)
    return vg_cf_strings(&cx, ci, "domain names", ml.social, ML_MAX_DOMAINS, &ml.n_social);
  if (strcasecmp(ci->key, "Format") == 0) {
    if (vg_cf_choice(&cx, ci, formats, 2, &format) != 0)
      return -1;
    ml.format = (ml_format_t)format;
    return 0;
  }
  if (strcasecmp(ci->key, "ReportRecipients") == 0)
    return vg_cf_bool(&cx, ci, &ml.report_recipients);
  if (strcasecmp(ci->key, "MaxReadBytes") == 0)
    return vg_cf_count(&cx, ci, VG_TAIL_READ_MIN, VG_TAIL_READ_MAX, &ml.max_read);
  ERROR("vigil_maillog plugin: Unknown option `%s'.", ci->key);
  return -1;
}

static int ml_config(oconfig_item_t *ci)
{
  int errors = 0;

  for (int i = 0; i < ci->children_num; i++)
    errors += ml_config_option(ci->children + i) != 0;
  return errors ? -1 : 0;
}

static int ml_init(void)
{
  char full[PATH_MAX];

  if (ml.n_official == 0) {
    ERROR("vigil_maillog plugin: The `OfficialDomain' option is required.");
    return -1;
  }
  if (ml.n_social == 0)
    for (size_t i = 0; ml_default_social[i] != NULL && i < ML_MAX_DOMAINS; i++)
      ml.social[ml.n_social++] = sstrdup(ml_default_social[i]);
  if (ml.root == NULL)
    ml.root = sstrdup("/");
  if (ml.log_file == NULL)
    ml.log_file = sstrdup("/var/log/mail.log");
  if (ml.max_read == 0)
    ml.max_read = VG_TAIL_READ_DEFAULT;
  if (vg_root_path(ml.root, ml.log_file, full, sizeof(full)) != 0) {
    ERROR("vigil_maillog plugin: `LogFile' \"%s\" must be an absolute path without \"..\".",
          ml.log_file);
    return -1;
  }
  if (vg_tail_init(&ml.tail, full) != 0)
    return -1;
  ml.tail_ready = true;
  C_COMPLAIN_INIT(&ml.complaint);
  return 0;
}

static int ml_read(void)
{
  if (vg_tail_read(&ml.tail, ml.max_read, ml_line, NULL) < 0) {
    c_complain(LOG_WARNING, &ml.complaint, "vigil_maillog plugin: cannot read %s: %s", ml.tail.path,
               STRERRNO);
    return 0;
  }
  c_release(LOG_INFO, &ml.complaint, "vigil_maillog plugin: %s is readable again.", ml.tail.path);
  for (size_t i = 0; i < ml.n_official; i++) {
    vg_submit_derive("vigil_maillog", ml.official[i], "social_registrations", ml.counts[i]);
    for (size_t r = 0; r < ML_MAX_RECIPIENTS; r++) {
      if (ml.recipients[r].name[0] == '\0' || (size_t)ml.recipients[r].domain_index != i)
        continue;
      /* a counter's first value is only its baseline: a new mailbox's
       * first value is its zero, its count follows at the next interval */
      vg_submit_derive("vigil_maillog", ml.official[i], ml.recipients[r].name,
                       ml.recipients[r].announced ? ml.recipients[r].count : 0);
      ml.recipients[r].announced = true;
    }
  }
  return 0;
}

static int ml_shutdown(void)
{
  if (ml.tail_ready)
    vg_tail_destroy(&ml.tail);
  for (size_t i = 0; i < ml.n_official; i++)
    sfree(ml.official[i]);
  for (size_t i = 0; i < ml.n_social; i++)
    sfree(ml.social[i]);
  sfree(ml.root);
  sfree(ml.log_file);
  memset(&ml, 0, sizeof(ml));
  return 0;
}

void module_register(void)
{
  plugin_register_complex_config("vigil_maillog", ml_config);
  plugin_register_init("vigil_maillog", ml_init);
  plugin_register_read("vigil_maillog", ml_read);
  plugin_register_shutdown("vigil_maillog", ml_shutdown);
}

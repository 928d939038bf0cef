/* signature: XML-DSig enveloped signatures of report.xml and the export
 * with a province's key and certificate (xmlsec1 over OpenSSL), and their
 * verification against a trust anchor. */
#include "vigil_config.h"

#include "signature.h"

#include "timeutil.h"

#include <libxml/parser.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>
#include <xmlsec/openssl/x509.h>
#include <xmlsec/templates.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

struct vg_signer {
  xmlSecKeyPtr key;
  int ecdsa;          /* else RSA */
  vg_signed_by_t who; /* the certificate's subject and fingerprint */
};

static void describe(X509 *cert, vg_signed_by_t *by);

static int initialised;
static char last_error[512]; /* xmlsec's last complaint, for the reason */

static void keep_error(const char *file, int line, const char *func, const char *object,
                       const char *subject, int reason, const char *msg)
{
  (void)file;
  (void)line;
  (void)func;
  (void)object;
  (void)reason;
  /* the innermost reason comes first; keep it */
  if (last_error[0] == '\0' && msg != NULL)
    snprintf(last_error, sizeof(last_error), "%s%s%s", subject ? subject : "", subject ? ": " : "",
             msg);
}

static int init(char *err, size_t errlen)
{
  if (initialised)
    return 0;
  xmlInitParser();
  if (xmlSecInit() < 0 || xmlSecCheckVersion() != 1 || xmlSecCryptoAppInit(NULL) < 0 ||
      xmlSecCryptoInit() < 0) {
    snprintf(err, errlen, "xmlsec could not start its OpenSSL engine");
    return -1;
  }
  xmlSecErrorsSetCallback(keep_error);
  initialised = 1;
  return 0;
}

void vg_signature_shutdown(void)
{
  if (!initialised)
    return;
  xmlSecCryptoShutdown();
  xmlSecCryptoAppShutdown();
  xmlSecShutdown();
  initialised = 0;
}

/* The reason xmlsec gave, or what. */
static const char *why(const char *what)
{
  return last_error[0] ? last_error : what;
}

vg_signer_t *vg_signer_load(const char *key_pem, const char *cert_pem, char *err, size_t errlen)
{
  vg_signer_t *s;
  struct stat st;
  FILE *fp;
  X509 *x;
  int n = 0;

  if (init(err, errlen) != 0)
    return NULL;
  if (stat(key_pem, &st) != 0) {
    snprintf(err, errlen, "%s: %s", key_pem, strerror(errno));
    return NULL;
  }
  if ((st.st_mode & 077) != 0) {
    snprintf(err, errlen,
             "%s: the signing key may be read by its group or others (mode %04o): not used; "
             "chmod 600 it",
             key_pem, (unsigned)(st.st_mode & 07777));
    return NULL;
  }
  if ((s = calloc(1, sizeof(*s))) == NULL) {
    snprintf(err, errlen, "out of memory");
    return NULL;
  }
  last_error[0] = '\0';
  s->key = xmlSecCryptoAppKeyLoad(key_pem, xmlSecKeyDataFormatPem, NULL, NULL, NULL);
  if (s->key == NULL) {
    snprintf(err, errlen, "%s: not a private key in PEM (%s)", key_pem, why("unreadable"));
    vg_signer_free(s);
    return NULL;
  }
  s->ecdsa = xmlSecKeyGetValue(s->key) != NULL &&
             xmlSecKeyDataCheckId(xmlSecKeyGetValue(s->key), xmlSecOpenSSLKeyDataEcdsaId);
  /* the certificate and the chain after it: each one into the key's X509 data */
  if ((fp = fopen(cert_pem, "r")) == NULL) {
    snprintf(err, errlen, "%s: %s", cert_pem, strerror(errno));
    vg_signer_free(s);
    return NULL;
  }
  xmlSecKeyDataPtr data = xmlSecKeyEnsureData(s->key, xmlSecOpenSSLKeyDataX509Id);
  while (data != NULL && (x = PEM_read_X509(fp, NULL, NULL, NULL)) != NULL) {
    if (n == 0)
      describe(x, &s->who);
    if ((n == 0 && xmlSecOpenSSLKeyDataX509AdoptKeyCert(data, X509_dup(x)) < 0) ||
        xmlSecOpenSSLKeyDataX509AdoptCert(data, x) < 0) {
      X509_free(x);
      break;
    }
    n++;
  }
  fclose(fp);
  if (n == 0) {
    snprintf(err, errlen, "%s: no certificate in PEM", cert_pem);
    vg_signer_free(s);
    return NULL;
  }
  return s;
}

void vg_signer_free(vg_signer_t *s)
{
  if (s == NULL)
    return;
  if (s->key != NULL)
    xmlSecKeyDestroy(s->key);
  free(s);
}

int vg_sign_doc(const vg_signer_t *s, xmlDocPtr doc, time_t when, int offset, char *err,
                size_t errlen)
{
  xmlNodePtr root = xmlDocGetRootElement(doc), sig, ref, ki, x509;
  xmlSecDSigCtxPtr ctx;
  char at[40];
  int rc = -1;

  if (root == NULL) {
    snprintf(err, errlen, "nothing to sign");
    return -1;
  }
  xmlSetProp(root, BAD_CAST "signed-at", BAD_CAST vt_format_time(when, offset, at, sizeof(at)));
  xmlSetProp(root, BAD_CAST "signed-by", BAD_CAST s->who.subject);
  xmlSetProp(root, BAD_CAST "signer-sha256", BAD_CAST s->who.fingerprint);
  last_error[0] = '\0';
  sig = xmlSecTmplSignatureCreate(
      doc, xmlSecTransformExclC14NId,
      s->ecdsa ? xmlSecTransformEcdsaSha256Id : xmlSecTransformRsaSha256Id, NULL);
  if (sig == NULL) {
    snprintf(err, errlen, "cannot make the signature: %s", why("out of memory"));
    return -1;
  }
  xmlAddChild(root, sig);
  ref = xmlSecTmplSignatureAddReference(sig, xmlSecTransformSha256Id, NULL, BAD_CAST "", NULL);
  ki = xmlSecTmplSignatureEnsureKeyInfo(sig, NULL);
  x509 = ki ? xmlSecTmplKeyInfoAddX509Data(ki) : NULL;
  ctx = xmlSecDSigCtxCreate(NULL);
  if (ref == NULL || xmlSecTmplReferenceAddTransform(ref, xmlSecTransformEnvelopedId) == NULL ||
      xmlSecTmplReferenceAddTransform(ref, xmlSecTransformExclC14NId) == NULL || x509 == NULL ||
      xmlSecTmplX509DataAddCertificate(x509) == NULL || ctx == NULL ||
      (ctx->signKey = xmlSecKeyDuplicate(s->key)) == NULL || xmlSecDSigCtxSign(ctx, sig) < 0)
    snprintf(err, errlen, "cannot sign: %s", why("xmlsec failed"));
  else
    rc = 0;
  if (ctx != NULL)
    xmlSecDSigCtxDestroy(ctx);
  return rc;
}

int vg_sign_file(const vg_signer_t *s, const char *path, time_t when, int offset, char *err,
                 size_t errlen)
{
  xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_HUGE);
  char inner[1024];
  int rc;

  if (doc == NULL) {
    snprintf(err, errlen, "%s: cannot be read back to sign it", path);
    return -1;
  }
  rc = vg_sign_doc(s, doc, when, offset, inner, sizeof(inner));
  if (rc != 0)
    snprintf(err, errlen, "%s: %s", path, inner);
  else if (xmlSaveFileEnc(path, doc, "UTF-8") < 0) {
    snprintf(err, errlen, "%s: cannot write the signed document", path);
    rc = -1;
  } else {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fsync(fd) != 0) {
      snprintf(err, errlen, "%s: cannot sync the signed document: %s", path, strerror(errno));
      rc = -1;
    }
    if (fd >= 0)
      close(fd);
  }
  xmlFreeDoc(doc);
  return rc;
}

/* The one Signature of doc, which must be the last element child of the
 * root; NULL with the reason in err. */
static xmlNodePtr the_signature(xmlDocPtr doc, char *err, size_t errlen)
{
  xmlNodePtr root = xmlDocGetRootElement(doc), found = NULL, last = NULL;
  size_t n = 0;

  for (xmlNodePtr c = root ? root->children : NULL; c != NULL; c = c->next)
    if (c->type == XML_ELEMENT_NODE)
      last = c;
  /* every Signature in the document, at any depth */
  for (xmlNodePtr cur = root; cur != NULL;) {
    if (cur->type == XML_ELEMENT_NODE &&
        xmlSecCheckNodeName(cur, xmlSecNodeSignature, xmlSecDSigNs)) {
      found = cur;
      n++;
    }
    if (cur->children != NULL && cur->type == XML_ELEMENT_NODE) {
      cur = cur->children;
      continue;
    }
    while (cur != NULL && cur->next == NULL && cur != root)
      cur = cur->parent;
    cur = cur == NULL || cur == root ? NULL : cur->next;
  }
  if (n == 0)
    snprintf(err, errlen, "it is not signed");
  else if (n > 1)
    snprintf(err, errlen, "it holds %zu signatures; a signed vigil document has one", n);
  else if (found != last || found->parent != root)
    snprintf(err, errlen, "its signature is not the last child of the document's root");
  else
    return found;
  return NULL;
}

static void describe(X509 *cert, vg_signed_by_t *by)
{
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  size_t used = 0;

  X509_NAME_oneline(X509_get_subject_name(cert), by->subject, (int)sizeof(by->subject));
  if (X509_digest(cert, EVP_sha256(), md, &len) != 1)
    len = 0;
  by->fingerprint[0] = '\0';
  for (unsigned int i = 0; i < len && used + 4 <= sizeof(by->fingerprint); i++)
    used += (size_t)snprintf(by->fingerprint + used, sizeof(by->fingerprint) - used, "%s%02X",
                             i ? ":" : "", md[i]);
}

int vg_verify_doc(xmlDocPtr doc, const char *trust_pem, vg_signed_by_t *by, char *err,
                  size_t errlen)
{
  xmlSecKeysMngrPtr mngr = NULL;
  xmlSecDSigCtxPtr ctx = NULL;
  xmlNodePtr sig;
  xmlChar *at;
  time_t signed_at = 0;
  int rc = -1;

  memset(by, 0, sizeof(*by));
  err[0] = '\0';
  if (init(err, errlen) != 0 || (sig = the_signature(doc, err, errlen)) == NULL)
    return -1;
  at = xmlGetProp(xmlDocGetRootElement(doc), BAD_CAST "signed-at");
  if (at == NULL || vt_parse_time((const char *)at, &signed_at, NULL) != 0) {
    snprintf(err, errlen, "it has no signing time (signed-at)");
    xmlFree(at);
    return -1;
  }
  snprintf(by->signed_at, sizeof(by->signed_at), "%s", (const char *)at);
  xmlFree(at);
  last_error[0] = '\0';
  if ((mngr = xmlSecKeysMngrCreate()) == NULL || xmlSecCryptoAppDefaultKeysMngrInit(mngr) < 0 ||
      xmlSecCryptoAppKeysMngrCertLoad(mngr, trust_pem, xmlSecKeyDataFormatPem,
                                      xmlSecKeyDataTypeTrusted) < 0) {
    snprintf(err, errlen, "%s: not a certificate in PEM (%s)", trust_pem, why("unreadable"));
    goto out;
  }
  if ((ctx = xmlSecDSigCtxCreate(mngr)) == NULL)
    goto out;
  ctx->enabledReferenceUris = xmlSecTransformUriTypeEmpty; /* the whole document only */
  ctx->keyInfoReadCtx.certsVerificationTime = signed_at;
  if (xmlSecDSigCtxVerify(ctx, sig) < 0) {
    const char *cert = strstr(last_error, "X509_verify_cert: ");
    if (cert != NULL)
      snprintf(err, errlen,
               "its signer's certificate is not accepted at the signing time (%s) by %s: %s",
               by->signed_at, trust_pem, cert + strlen("X509_verify_cert: "));
    else
      snprintf(err, errlen, "its signature cannot be checked: %s", why("malformed"));
    goto out;
  }
  if (ctx->status != xmlSecDSigStatusSucceeded) {
    snprintf(err, errlen,
             "its signature does not match its content: it was changed after it was "
             "signed");
    goto out;
  }
  if (xmlSecPtrListGetSize(&ctx->signedInfoReferences) != 1) {
    snprintf(err, errlen, "its signature has %u references; a vigil document has one, URI=\"\"",
             (unsigned)xmlSecPtrListGetSize(&ctx->signedInfoReferences));
    goto out;
  }
  xmlSecDSigReferenceCtxPtr ref = xmlSecPtrListGetItem(&ctx->signedInfoReferences, 0);
  if (ref == NULL || ref->uri == NULL || ref->uri[0] != '\0') {
    snprintf(err, errlen, "its signature does not cover the whole document (URI=\"\")");
    goto out;
  }
  xmlSecKeyDataPtr x509 =
      ctx->signKey ? xmlSecKeyGetData(ctx->signKey, xmlSecOpenSSLKeyDataX509Id) : NULL;
  X509 *cert = x509 ? xmlSecOpenSSLKeyDataX509GetKeyCert(x509) : NULL;
  if (cert == NULL) {
    snprintf(err, errlen, "its signer's certificate is not in the signature");
    goto out;
  }
  describe(cert, by);
  rc = 0;
out:
  if (rc != 0 && err[0] == '\0')
    snprintf(err, errlen, "%s", why("xmlsec failed"));
  if (ctx != NULL)
    xmlSecDSigCtxDestroy(ctx);
  if (mngr != NULL)
    xmlSecKeysMngrDestroy(mngr);
  return rc;
}

/* Unit tests of XML signatures: keys and certificates made here with
 * OpenSSL (a CA and a signer it certifies, RSA and EC); a signed document
 * verifies and names its signer; a changed attribute, a second signature, a
 * signature that is not the root's last child, a signature removed, and a
 * key file others may read are each refused with the reason. */
#include "signature.h"
#include "testutil.h"

#include <check.h>
#include <libxml/parser.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char dir[1024], ca_pem[2048];

/* A fresh key: RSA 2048, or EC P-256. */
static EVP_PKEY *new_key(int ec)
{
  EVP_PKEY *k = ec ? EVP_EC_gen("P-256") : EVP_RSA_gen(2048);

  ck_assert_ptr_nonnull(k);
  return k;
}

/* A certificate for key named cn, valid from days_from to days_to (days from
 * now), issued by issuer/issuer_key (itself when NULL). */
static X509 *new_cert(EVP_PKEY *key, const char *cn, long days_from, long days_to, X509 *issuer,
                      EVP_PKEY *issuer_key)
{
  X509 *x = X509_new();

  ck_assert_ptr_nonnull(x);
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), (long)time(NULL) & 0xffff);
  X509_gmtime_adj(X509_getm_notBefore(x), days_from * 86400);
  X509_gmtime_adj(X509_getm_notAfter(x), days_to * 86400);
  X509_set_pubkey(x, key);
  X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN", MBSTRING_UTF8,
                             (const unsigned char *)cn, -1, -1, 0);
  X509_set_issuer_name(x, X509_get_subject_name(issuer ? issuer : x));
  if (issuer == NULL) { /* a CA */
    X509_EXTENSION *ext =
        X509V3_EXT_conf_nid(NULL, NULL, NID_basic_constraints, "critical,CA:TRUE");
    ck_assert_ptr_nonnull(ext);
    X509_add_ext(x, ext, -1);
    X509_EXTENSION_free(ext);
  }
  ck_assert_int_gt(X509_sign(x, issuer_key ? issuer_key : key, EVP_sha256()), 0);
  return x;
}

static void write_pem(const char *name, EVP_PKEY *key, X509 *cert, char *out, size_t len)
{
  FILE *fp;

  snprintf(out, len, "%s/%s", dir, name);
  fp = fopen(out, "w");
  ck_assert_ptr_nonnull(fp);
  if (key != NULL)
    PEM_write_PrivateKey(fp, key, NULL, NULL, 0, NULL, NULL);
  if (cert != NULL)
    PEM_write_X509(fp, cert);
  fclose(fp);
  chmod(out, 0600);
}

static EVP_PKEY *ca_key;
static X509 *ca;

static void setup(void)
{
  tu_mkdtemp(dir, sizeof(dir));
  ca_key = new_key(0);
  ca = new_cert(ca_key, "test CA", -1, 365, NULL, NULL);
  write_pem("ca.pem", NULL, ca, ca_pem, sizeof(ca_pem));
}

static void teardown(void)
{
  X509_free(ca);
  EVP_PKEY_free(ca_key);
  tu_rm_rf(dir);
}

/* A signer with a certificate of the test CA (or self-signed). */
static vg_signer_t *signer(int ec, int by_ca)
{
  char key_pem[2048], cert_pem[2048], err[1024];
  EVP_PKEY *k = new_key(ec);
  X509 *x = by_ca ? new_cert(k, "province", -1, 30, ca, ca_key)
                  : new_cert(k, "forger", -1, 30, NULL, NULL);
  vg_signer_t *s;

  write_pem("signer.key", k, NULL, key_pem, sizeof(key_pem));
  write_pem("signer.pem", NULL, x, cert_pem, sizeof(cert_pem));
  s = vg_signer_load(key_pem, cert_pem, err, sizeof(err));
  ck_assert_msg(s != NULL, "%s", err);
  X509_free(x);
  EVP_PKEY_free(k);
  return s;
}

static xmlDocPtr signed_doc(vg_signer_t *s)
{
  static const char xml[] = "<export xmlns=\"urn:vigil:export:1\"><content><item id=\"I.1\" "
                            "pass=\"3\"/></content></export>";
  xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "t.xml", NULL, XML_PARSE_NONET);
  char err[1024];

  ck_assert_ptr_nonnull(doc);
  ck_assert_msg(vg_sign_doc(s, doc, time(NULL), 25200, err, sizeof(err)) == 0, "%s", err);
  return doc;
}

static void assert_refused(xmlDocPtr doc, const char *want)
{
  vg_signed_by_t by;
  char err[2048];

  ck_assert_int_eq(vg_verify_doc(doc, ca_pem, &by, err, sizeof(err)), -1);
  ck_assert_msg(strstr(err, want) != NULL, "got \"%s\", want \"%s\"", err, want);
}

START_TEST(test_signed_document_verifies)
{
  vg_signer_t *s = signer(_i, 1);
  xmlDocPtr doc = signed_doc(s);
  vg_signed_by_t by;
  char err[2048];
  xmlChar *at = xmlGetProp(xmlDocGetRootElement(doc), BAD_CAST "signed-at");

  ck_assert_msg(strlen((const char *)at) == 25 && strcmp((const char *)at + 19, "+07:00") == 0,
                "%s", at);
  ck_assert_msg(vg_verify_doc(doc, ca_pem, &by, err, sizeof(err)) == 0, "%s", err);
  ck_assert_str_eq(by.subject, "/CN=province");
  ck_assert_str_eq(by.signed_at, (const char *)at);
  xmlFree(at);
  ck_assert_uint_eq(strlen(by.fingerprint), 95); /* 32 bytes, AA:BB:... */
  xmlFreeDoc(doc);
  vg_signer_free(s);
}
END_TEST

START_TEST(test_tampering_refused)
{
  vg_signer_t *s = signer(0, 1);
  xmlDocPtr doc = signed_doc(s);
  xmlNodePtr root = xmlDocGetRootElement(doc), item = root->children->children, sig = root->last;

  xmlSetProp(item, BAD_CAST "pass", BAD_CAST "4");
  assert_refused(doc, "its signature does not match its content");
  xmlSetProp(item, BAD_CAST "pass", BAD_CAST "3");
  xmlChar *at = xmlGetProp(root, BAD_CAST "signed-at");
  xmlSetProp(root, BAD_CAST "signed-at", BAD_CAST "2031-02-01T00:00:00Z"); /* the time is signed */
  assert_refused(doc, "2031-02-01T00:00:00Z");
  xmlSetProp(root, BAD_CAST "signed-at", at);
  xmlFree(at);
  /* a second signature, then the only one out of its place, then none */
  xmlAddChild(root, xmlCopyNode(sig, 1));
  assert_refused(doc, "it holds 2 signatures; a signed vigil document has one");
  xmlNodePtr copy = root->last;
  xmlUnlinkNode(copy);
  xmlFreeNode(copy);
  xmlUnlinkNode(sig);
  xmlAddChild(root->children, sig);
  assert_refused(doc, "its signature is not the last child of the document's root");
  xmlUnlinkNode(sig);
  xmlFreeNode(sig);
  assert_refused(doc, "it is not signed");
  xmlFreeDoc(doc);
  vg_signer_free(s);
}
END_TEST

START_TEST(test_untrusted_signer_refused)
{
  vg_signer_t *s = signer(0, 0);
  xmlDocPtr doc = signed_doc(s);

  assert_refused(doc, "its signer's certificate is not accepted at the signing time");
  xmlFreeDoc(doc);
  vg_signer_free(s);
}
END_TEST

START_TEST(test_key_others_may_read_refused)
{
  char key_pem[2048], cert_pem[2048], err[1024];
  EVP_PKEY *k = new_key(0);

  write_pem("loose.key", k, NULL, key_pem, sizeof(key_pem));
  write_pem("loose.pem", NULL, ca, cert_pem, sizeof(cert_pem));
  chmod(key_pem, 0604);
  ck_assert_ptr_null(vg_signer_load(key_pem, cert_pem, err, sizeof(err)));
  ck_assert_msg(strstr(err, "loose.key: the signing key may be read by its group or others (mode "
                            "0604): not used; chmod 600 it") != NULL,
                "%s", err);
  chmod(key_pem, 0600);
  ck_assert_ptr_null(vg_signer_load(key_pem, TOP_SRCDIR "/README.md", err, sizeof(err)));
  ck_assert_msg(strstr(err, "README.md: no certificate in PEM") != NULL, "%s", err);
  EVP_PKEY_free(k);
}
END_TEST

int main(void)
{
  Suite *s = suite_create("signature");
  TCase *tc = tcase_create("core");
  int rc;

  tcase_set_timeout(tc, 30);
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_loop_test(tc, test_signed_document_verifies, 0, 2); /* RSA, then EC */
  tcase_add_test(tc, test_tampering_refused);
  tcase_add_test(tc, test_untrusted_signer_refused);
  tcase_add_test(tc, test_key_others_may_read_refused);
  suite_add_tcase(s, tc);
  rc = tu_run_suite(s);
  vg_signature_shutdown();
  return rc;
}

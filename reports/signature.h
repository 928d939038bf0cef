/* signature: XML-DSig enveloped signatures of report.xml and the export
 * with a province's key and certificate (xmlsec1 over OpenSSL), and their
 * verification against a trust anchor. A vg_signer_t owns the key and its
 * certificate; the caller owns the documents. */
#ifndef VIGIL_SIGNATURE_H
#define VIGIL_SIGNATURE_H

#include <libxml/tree.h>
#include <stddef.h>
#include <time.h>

typedef struct vg_signer vg_signer_t;

/* Loads the private key (PEM) and its certificate (PEM; further
 * certificates in the file are the chain, carried in the signature). The
 * key file is refused unread when its group or others may read it. Returns
 * the signer (free with vg_signer_free), or NULL with the reason (the file,
 * never the key) in err. */
vg_signer_t *vg_signer_load(const char *key_pem, const char *cert_pem, char *err, size_t errlen);
void vg_signer_free(vg_signer_t *s);

/* Signs doc with an enveloped signature, the last child of its root:
 * exclusive C14N, RSA-SHA256 or ECDSA-SHA256 by the key's type, SHA-256
 * over the whole document (Reference URI=""), the certificates in KeyInfo;
 * the root's signed-at (when, in offset seconds east of UTC), signed-by
 * (the certificate's subject) and signer-sha256 (its fingerprint) are set
 * first, so that they are signed too. Returns 0, or -1 with the reason in
 * err. */
int vg_sign_doc(const vg_signer_t *s, xmlDocPtr doc, time_t when, int offset, char *err,
                size_t errlen);

/* Signs the XML file at path in place (read, signed, written back whole).
 * Returns 0, or -1 with the reason in err (the file may then be half
 * written: callers sign temporary files). */
int vg_sign_file(const vg_signer_t *s, const char *path, time_t when, int offset, char *err,
                 size_t errlen);

/* Who signed a document that verified. */
typedef struct {
  char subject[512];
  char fingerprint[96]; /* SHA-256 of the certificate, AA:BB:... */
  char signed_at[40];   /* the root's signed-at, as written */
} vg_signed_by_t;

/* Verifies doc's signature: exactly one, the last child of the root, one
 * Reference with URI="" (the whole document) and the enveloped transform,
 * the signer's certificate chaining to the certificate in trust_pem and
 * valid at the signing time. Returns 0 with the signer in *by, or -1 with
 * the reason in err (no signature, not where it must be, the digest or the
 * signature value wrong, an untrusted or expired certificate). */
int vg_verify_doc(xmlDocPtr doc, const char *trust_pem, vg_signed_by_t *by, char *err,
                  size_t errlen);

/* Releases xmlsec and its crypto engine (after the last call above). */
void vg_signature_shutdown(void);

#endif

#!/usr/bin/env bash
# Signed reports and exports: certificates made here with openssl (a test
# CA, a province's certificate, an unrelated CA, an expired certificate);
# vigil-report signs report.xml and the export, --verify --trust accepts the
# genuine files and names the signer, and refuses, with the reason, a changed
# count, a changed count with its digest recomputed, a signature by another
# CA's key, an expired certificate, a file moved into a wrapper element and
# an unsigned file; xmlsec1 --verify agrees; a key others may read is not used.
set -u
. "$(dirname "$0")/lib.sh"
XMLSEC=${XMLSEC:-$(command -v xmlsec1 || true)}

it_setup
it_pki
K="$WORK/pki"
mkdir -p "$WORK/empty"
make_report() { # make_report NAME KEY CERT: the 415 report of an empty data folder, signed
  "$REPORT" --catalogue "$top_srcdir/directives/qng-415-stttt-2020.xml" \
    --inventory "$top_srcdir/examples/agencies.xml" --datadir "$WORK/empty" \
    --xml "$WORK/$1-report.xml" --export "$WORK/$1-export.xml" --html "$WORK/$1.html" --graphs none \
    ${2:+--sign-key "$2" --sign-cert "$3"} > /dev/null 2> "$WORK/$1.err"
}
verify() { # verify FILE [TRUST]: vigil-report --verify; its words in $WORK/verify.out
  "$REPORT" --verify "$1" --trust "${2:-$K/ca.pem}" > "$WORK/verify.out" 2>&1
}
refused() { # refused WHAT FILE REASON
  verify "$2"
  local rc=$?
  if [ $rc = 1 ] && grep -qF -- "$3" "$WORK/verify.out"; then
    ok "$1: refused ($(sed 's/^vigil-report: //' "$WORK/verify.out" | head -1))"
  else
    not_ok "$1: exit $rc, $(cat "$WORK/verify.out")"
  fi
}

make_report genuine "$K/province.key" "$K/province.pem"
expect_eq "a signed report: exit (items without data)" $? 2
fp=$(openssl x509 -in "$K/province.pem" -noout -fingerprint -sha256 | cut -d= -f2)
for f in report export; do
  verify "$WORK/genuine-$f.xml"
  expect_eq "genuine $f.xml verifies" $? 0
  grep -qF "signed by /O=So Thong tin va Truyen thong/CN=qng-province at " "$WORK/verify.out" &&
    grep -qF "certificate SHA-256 $fp" "$WORK/verify.out" &&
    ok "naming the signer and the certificate's fingerprint" || not_ok "said: $(cat "$WORK/verify.out")"
  "$XMLLINT" --noout --schema "$top_srcdir/schemas/$f.xsd" "$WORK/genuine-$f.xml" 2>&1 | grep -q validates &&
    ok "the signed $f.xml validates against $f.xsd" || not_ok "the signed $f.xml does not validate"
done
S="//*[local-name()='Signature']"
expect_eq "the signature: enveloped, exclusive C14N, RSA-SHA256, URI=\"\", the certificate inside" \
  "$(xp "$WORK/genuine-export.xml" "concat(count($S/parent::*[local-name()='export']), ' ', $S//*[local-name()='SignatureMethod']/@Algorithm, ' ', $S//*[local-name()='Reference']/@URI, '|', count($S//*[local-name()='Transform'][@Algorithm='http://www.w3.org/2000/09/xmldsig#enveloped-signature']), ' ', count($S//*[local-name()='X509Certificate']))")" \
  "1 http://www.w3.org/2001/04/xmldsig-more#rsa-sha256 |1 1"
expect_eq "the signing time is inside what is signed" \
  "$(xp "$WORK/genuine-export.xml" "string(/*/@signed-at)" | grep -cE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T')" 1
grep -q 'SignatureValue\|X509Certificate' "$WORK/genuine.html" && not_ok "the page shows the signature's markup" ||
  ok "the page is made from the signed report without its markup"
grep -q "id=\"signature\">/O=So Thong tin va Truyen thong/CN=qng-province — .*$fp" "$WORK/genuine.html" &&
  ok "the page's header names the signer, the time and the fingerprint" || not_ok "the page does not name the signer"
"$REPORT" --verify "$WORK/genuine-export.xml" > "$WORK/notrust.out" 2>&1
expect_eq "--verify without --trust: not verified (exit)" $? 1
grep -qF "valid and its digest matches, but who made it is not verified: give --trust CA.pem" "$WORK/notrust.out" &&
  ok "saying so" || not_ok "said: $(cat "$WORK/notrust.out")"

# forgeries
sed 's/nodata="\([0-9]*\)"/nodata="0"/' "$WORK/genuine-export.xml" > "$WORK/count.xml"
refused "a count changed" "$WORK/count.xml" "does not match its digest"
computed=$(sed -n 's/.*computed \([0-9a-f]*\).*/\1/p' "$WORK/verify.out")
recorded=$(sed -n 's/.*recorded \([0-9a-f]*\),.*/\1/p' "$WORK/verify.out")
sed "s/$recorded/$computed/" "$WORK/count.xml" > "$WORK/redigest.xml"
refused "a count changed and its digest recomputed" "$WORK/redigest.xml" \
  "its signature does not match its content: it was changed after it was signed"
make_report other "$K/other-ca.key" "$K/other-ca.pem"
refused "signed with another CA's key" "$WORK/other-export.xml" "its signer's certificate is not accepted"
make_report expired "$K/expired.key" "$K/expired.pem"
refused "signed with an expired certificate" "$WORK/expired-export.xml" "certificate has expired"
make_report unsigned
refused "unsigned" "$WORK/unsigned-export.xml" "it is not signed"
grep -q 'id="signature" class="unsigned"><strong>Chưa ký số' "$WORK/unsigned.html" &&
  ok "an unsigned report's page says so plainly" || not_ok "the unsigned page does not say so"
{ echo '<wrapper>'; sed 1d "$WORK/genuine-export.xml"; echo '</wrapper>'; } > "$WORK/wrapped.xml"
refused "the signed export moved into a wrapper element" "$WORK/wrapped.xml" \
  "neither a vigil report nor an export (its root is <wrapper>)"

# xmlsec1, with nothing of vigil, agrees
if [ -n "$XMLSEC" ]; then
  for f in genuine-export genuine-report; do
    "$XMLSEC" --verify --trusted-pem "$K/ca.pem" "$WORK/$f.xml" > /dev/null 2>&1
    expect_eq "xmlsec1 --verify --trusted-pem ca.pem $f.xml" $? 0
  done
  for f in redigest other-export expired-export wrapped; do
    "$XMLSEC" --verify --trusted-pem "$K/ca.pem" "$WORK/$f.xml" > /dev/null 2>&1
    rc=$?
    [ $rc != 0 ] && ok "xmlsec1 refuses $f.xml too" || not_ok "xmlsec1 accepts $f.xml"
  done
else
  not_ok "xmlsec1 is not installed: the cross-check cannot run"
fi

# a national merge: every province verified, each one's signer recorded,
# the result signed by the ministry
sed 's/<inventory \([^>]*\)id="[^"]*"/<inventory \1id="second-province"/' "$top_srcdir/examples/agencies.xml" > "$WORK/second.xml"
"$REPORT" --catalogue "$top_srcdir/directives/qng-415-stttt-2020.xml" --inventory "$WORK/second.xml" \
  --datadir "$WORK/empty" --export "$WORK/second-export.xml" --sign-key "$K/province.key" \
  --sign-cert "$K/province.pem" > /dev/null 2>&1
merge() { # merge OUT INPUT...
  local out=$1
  shift
  "$REPORT" --merge "$@" --trust "$K/ca.pem" --sign-key "$K/ministry.key" --sign-cert "$K/ministry.pem" \
    --export "$out" > "$WORK/merge.out" 2>&1
}
merge "$WORK/national.xml" "$WORK/genuine-export.xml" "$WORK/second-export.xml"
expect_eq "merge of two signed provinces: exit" $? 0
verify "$WORK/national.xml"
expect_eq "the national export verifies" $? 0
grep -qF "signed by /O=Bo Thong tin va Truyen thong/CN=ministry" "$WORK/verify.out" && ok "signed by the ministry" ||
  not_ok "said: $(cat "$WORK/verify.out")"
expect_eq "the ministry's signature is ECDSA-SHA256" \
  "$(xp "$WORK/national.xml" "string(//*[local-name()='SignatureMethod']/@Algorithm)")" \
  "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
P="//*[local-name()='province']"
expect_eq "each province's signer is recorded" \
  "$(xp "$WORK/national.xml" "concat(count($P[@signed-by='/O=So Thong tin va Truyen thong/CN=qng-province'][@signer-sha256='$fp']), ' ', count($P))")" \
  "2 2"
merge "$WORK/forged-national.xml" "$WORK/genuine-export.xml" "$WORK/redigest.xml"
expect_eq "merge with a forged input: exit" $? 1
grep -qF "redigest.xml: not verified: its signature does not match its content" "$WORK/merge.out" &&
  ok "naming it: $(head -1 "$WORK/merge.out")" || not_ok "said: $(cat "$WORK/merge.out")"
expect_eq "and nothing written" "$(ls "$WORK/forged-national.xml" 2>/dev/null)" ""
"$REPORT" --merge "$WORK/genuine-export.xml" "$WORK/second-export.xml" --export "$WORK/n2.xml" > "$WORK/merge.out" 2>&1
expect_eq "merge without --trust: exit" $? 1
grep -qF -- "--merge needs --trust CA.pem" "$WORK/merge.out" && ok "saying so" || not_ok "said: $(cat "$WORK/merge.out")"

# the key
chmod 640 "$K/province.key"
make_report loose "$K/province.key" "$K/province.pem"
expect_eq "a key its group may read: exit" $? 1
grep -qF "province.key: the signing key may be read by its group or others (mode 0640): not used; chmod 600 it" \
  "$WORK/loose.err" && ok "saying why" || not_ok "said: $(cat "$WORK/loose.err")"
expect_eq "and nothing written" "$(ls "$WORK"/loose-* 2>/dev/null)" ""
grep -q 'PRIVATE KEY\|BEGIN' "$WORK/loose.err" && not_ok "the key appears in the message" || ok "the key is not in any message"
chmod 600 "$K/province.key"
"$REPORT" --catalogue "$top_srcdir/directives/qng-415-stttt-2020.xml" --inventory "$top_srcdir/examples/agencies.xml" \
  --datadir "$WORK/empty" --xml "$WORK/half.xml" --sign-key "$K/province.key" > /dev/null 2> "$WORK/half.err"
expect_eq "--sign-key without --sign-cert: exit" $? 1
grep -qF -- "--sign-key and --sign-cert go together" "$WORK/half.err" && ok "saying so" ||
  not_ok "said: $(cat "$WORK/half.err")"
it_finish

#!/usr/bin/env bash
# Benchmark of signed exports (make bench): certificates made as the tests
# make them (tests/integration/lib.sh it_pki), then sign_export with
# SIGN_FAILING failing entries (default 20000) and SIGN_PROVINCES provinces
# merged (default 63). Prints seconds and ratios against libxml2 reading and
# canonicalizing the same export in the same run.
#   tests/bench/signing.sh BUILDDIR SRCDIR
set -u
top_builddir=$1 top_srcdir=$2
. "$top_srcdir/tests/integration/lib.sh"
it_setup
it_pki
${BENCH_WRAP:-} "$top_builddir/tests/bench/sign_export" "${SIGN_FAILING:-20000}" "${SIGN_PROVINCES:-63}" \
  "$WORK/pki/province.key" "$WORK/pki/province.pem" "$WORK/pki/ca.pem" "$WORK" \
  "$top_srcdir/tests/fixtures/test-directive.xml" "$top_srcdir/schemas"

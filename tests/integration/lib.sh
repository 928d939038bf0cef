# Helpers for the integration tests: a temporary folder, a real collectd
# started non-root-style in it, and XPath queries on the report.
# shellcheck shell=bash

: "${top_srcdir:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${COLLECTD:=$(command -v collectd || echo /usr/sbin/collectd)}"
: "${XMLLINT:=xmllint}"
: "${RRDTOOL:=rrdtool}"
: "${VIGIL_SCHEMADIR:=$top_srcdir/schemas}"
export VIGIL_SCHEMADIR
STOCK_PLUGINDIR=${STOCK_PLUGINDIR:-/usr/lib/collectd}
REPORT="$top_builddir/vigil-report"
FAILURES=0
PASSES=0

it_setup() {
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/vigil-it.XXXXXX")
  trap it_cleanup EXIT
  mkdir -p "$WORK/plugins" "$WORK/rrd" "$WORK/var"
  # collectd loads plugins from one folder (regular files only): the stock
  # ones and ours, copied.
  for p in uptime rrdtool logfile; do
    cp "$STOCK_PLUGINDIR/$p.so" "$WORK/plugins/$p.so"
  done
  for so in "$top_builddir"/plugins/.libs/vigil_*.so; do
    cp "$so" "$WORK/plugins/$(basename "$so")"
  done
  # collectd runs unprivileged: as "nobody" when the tests run as root.
  RUN_AS=()
  if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null; then
    RUN_AS=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    chmod 755 "$WORK"
  fi
}

# it_own PATH...: lets the unprivileged collectd write there.
it_own() {
  if [ ${#RUN_AS[@]} -gt 0 ]; then chown -R 65534:65534 "$@"; fi
}

it_cleanup() {
  local pidfile
  for pidfile in "$WORK"/*.pid; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null
  done
  sleep 0.2
  [ -n "${KEEP_WORK:-}" ] && echo "kept $WORK" || rm -rf "$WORK"
}

# it_collectd_conf NAME HOSTNAME BODY: writes $WORK/NAME.conf for a collectd
# with Interval 1, its own log, rrdtool at 1 s rows, and BODY appended.
it_collectd_conf() {
  local name=$1 host=$2 body=$3
  cat > "$WORK/$name.conf" <<CONF
Hostname "$host"
FQDNLookup false
Interval 1
BaseDir "$WORK/var"
PIDFile "$WORK/var/$name.collectd.pid"
PluginDir "$WORK/plugins"
TypesDB "/usr/share/collectd/types.db" "$top_srcdir/plugins/vigil.types.db"
LoadPlugin logfile
<Plugin logfile>
  LogLevel info
  File "$WORK/var/$name.log"
  Timestamp true
</Plugin>
LoadPlugin rrdtool
<Plugin rrdtool>
  DataDir "$WORK/rrd"
  RRARows 3600
  RRATimespan 3600 86400
</Plugin>
$body
CONF
}

# it_inventory FILE ID...: an inventory of test province "it" with one
# agency per ID (category lab, name the ID in capitals, host agency-ID).
it_inventory() {
  local file=$1 id
  shift
  {
    echo '<inventory xmlns="urn:vigil:inventory:1" id="it">'
    echo '  <province xml:lang="en">Test province</province>'
    for id in "$@"; do
      echo "  <agency id=\"$id\" categories=\"lab\"><name xml:lang=\"en\">${id^^}</name><host>agency-$id</host></agency>"
    done
    echo '</inventory>'
  } > "$file"
}

# it_rrdcached_start SOCK: rrdcached on unix:SOCK for $WORK/rrd, with a
# journal in $WORK/journal, keeping updates for an hour (-w 3600: unflushed,
# the files on disk hold nothing of the run); returns once it listens.
it_rrdcached_start() {
  mkdir -p "$WORK/journal"
  it_own "$WORK/journal"
  "${RUN_AS[@]}" rrdcached -g -l "unix:$1" -j "$WORK/journal" -b "$WORK/rrd" -B \
    -w 3600 -z 1 -f 7200 -F -p "$WORK/var/rrdcached-pidfile" > "$WORK/rrdcached.out" 2>&1 &
  echo $! > "$WORK/rrdcached.pid"
  wait_for "rrdcached's socket" 5 test -S "$1" ||
    { echo "rrdcached did not start: $(cat "$WORK/rrdcached.out")"; exit 1; }
}

# it_rrdcached_plugin SOCK: collectd's rrdcached plugin block writing
# $WORK/rrd through it, at 1 s rows.
it_rrdcached_plugin() {
  cat <<CONF
LoadPlugin rrdcached
<Plugin rrdcached>
  DaemonAddress "unix:$1"
  DataDir "$WORK/rrd"
  CreateFiles true
  StepSize 1
  HeartBeat 3
  RRARows 3600
  RRATimespan 3600
  RRATimespan 86400
</Plugin>
CONF
}

# With a sanitizer build the plugins need the sanitizers' runtimes loaded
# into collectd, which is not built with them.
SAN_ENV=()
if [ "${VIGIL_SANITIZERS:-}" = yes ]; then
  SAN_ENV=(env "LD_PRELOAD=$(gcc -print-file-name=libasan.so) $(gcc -print-file-name=libubsan.so)"
           "ASAN_OPTIONS=detect_leaks=0:verify_asan_link_order=0:abort_on_error=0" "LSAN_OPTIONS="
           "UBSAN_OPTIONS=print_stacktrace=1")
fi

# With VIGIL_VALGRIND=yes collectd runs under memcheck; errors and definite
# leaks whose stack passes through vigil's code fail the test (collectd's
# own, e.g. in its config parser, are not ours to judge).
VG_CMD=()
if [ "${VIGIL_VALGRIND:-}" = yes ]; then
  VG_CMD=(valgrind --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite
          --num-callers=30)
fi

# it_valgrind_check NAME
it_valgrind_check() {
  local log="$WORK/var/$1.valgrind"
  [ ${#VG_CMD[@]} -gt 0 ] && [ -f "$log" ] || return 0
  # one record per block (the "==pid==" prefixes taken off, blocks are
  # separated by empty lines); keep those naming vigil code
  local bad
  bad=$(sed -E 's/^==[0-9]+== ?//' "$log" |
    awk -v RS= '/(Invalid (read|write)|uninitialised|definitely lost)/ && /(vigil_|vg_)/')
  if [ -n "$bad" ]; then
    not_ok "valgrind in collectd ($1): $(echo "$bad" | head -12)"
  else
    ok "valgrind: no error or definite leak in vigil's code ($1)"
  fi
}

# it_sanitizer_check NAME: fails the test when the sanitizers reported in
# collectd's output.
it_sanitizer_check() {
  if grep -qE 'ERROR: AddressSanitizer|runtime error:' "$WORK/$1.out" 2>/dev/null; then
    not_ok "sanitizers in collectd ($1): $(grep -E 'AddressSanitizer|runtime error' "$WORK/$1.out" | head -3)"
  fi
}

# it_collectd_start NAME: starts collectd in the foreground, in the background,
# and returns once it has started: its read loop has begun and, when it
# writes RRD files, a first value is written under $WORK/rrd/<its host>.
# Exits the test at once when collectd exits or does not get there in 30 s
# (90 s under valgrind).
it_collectd_start() {
  local conf="$WORK/$1.conf" log="$WORK/var/$1.log" host limit=30 logged i pid
  it_own "$WORK/rrd" "$WORK/var"
  local vg=()
  [ ${#VG_CMD[@]} -gt 0 ] && vg=("${VG_CMD[@]}" "--log-file=$WORK/var/$1.valgrind") && limit=90
  host=$(sed -n 's/^Hostname "\(.*\)"$/\1/p' "$conf")
  logged=$(stat -c %s "$log" 2>/dev/null || echo 0) # a restart appends to the log
  : > "$WORK/$1.started"
  "${RUN_AS[@]}" "${SAN_ENV[@]}" "${vg[@]}" "$COLLECTD" -f -C "$conf" > "$WORK/$1.out" 2>&1 &
  pid=$!
  echo "$pid" > "$WORK/$1.pid"
  for ((i = 0; i < limit * 10; i++)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "collectd ($1) did not start:"; cat "$WORK/$1.out"; tail -c +$((logged + 1)) "$log" 2>/dev/null
      exit 1
    fi
    if tail -c +$((logged + 1)) "$log" 2>/dev/null | grep -q "Initialization complete, entering read-loop" &&
       { ! grep -q "^LoadPlugin rrdtool$" "$conf" ||
         [ -n "$(find "$WORK/rrd/$host" -name '*.rrd' -newer "$WORK/$1.started" 2>/dev/null | head -1)" ]; }; then
      return 0
    fi
    sleep 0.1
  done
  echo "collectd ($1) wrote no value within $limit s:"; cat "$WORK/$1.out"; tail -c +$((logged + 1)) "$log" 2>/dev/null
  exit 1
}

# it_collectd_stop NAME: stops it and waits at most 10 s.
it_collectd_stop() {
  local pid i
  pid=$(cat "$WORK/$1.pid")
  kill "$pid" 2>/dev/null
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null
  rm -f "$WORK/$1.pid"
  it_sanitizer_check "$1"
  it_valgrind_check "$1"
}

# xp FILE XPATH: the string value of XPATH in FILE (namespaces ignored by
# writing *[local-name()='x'] as x: pass the path with local-name tests).
xp() {
  "$XMLLINT" --xpath "string($2)" "$1" 2>/dev/null
}

ok() { PASSES=$((PASSES + 1)); echo "ok: $*"; }
not_ok() { FAILURES=$((FAILURES + 1)); echo "FAIL: $*"; }

# expect_eq WHAT GOT WANT
expect_eq() {
  if [ "$2" = "$3" ]; then ok "$1 = $3"; else not_ok "$1: got '$2', want '$3'"; fi
}

# expect_between WHAT GOT LOW HIGH (numbers)
expect_between() {
  if awk -v v="$2" -v lo="$3" -v hi="$4" 'BEGIN { exit !(v != "" && v >= lo && v <= hi) }'; then
    ok "$1 = $2 (in $3..$4)"
  else
    not_ok "$1: got '$2', want $3..$4"
  fi
}

it_finish() {
  echo "$PASSES passed, $FAILURES failed"
  [ "$FAILURES" -eq 0 ]
}

iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }

# it_browser SECONDS ARGS...: headless Chromium with a profile of its own in
# $WORK, stopped after SECONDS, its messages in $WORK/chromium.err. Needs
# CHROMIUM (it_need_chromium).
it_browser() {
  local limit=$1
  shift
  timeout "$limit" "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$WORK/chromium-profile" --allow-file-access-from-files "$@" 2> "$WORK/chromium.err"
}

# it_need_chromium: sets CHROMIUM, or fails the test and ends it.
it_need_chromium() {
  CHROMIUM=${CHROMIUM:-$(command -v chromium || true)}
  if [ -z "$CHROMIUM" ]; then
    not_ok "chromium is not installed: the browser test cannot run"
    it_finish
    exit
  fi
}

# it_pki: certificates made here with openssl, in $WORK/pki: a test CA
# (ca.pem), a province's key and certificate from it (province.key,
# province.pem), the ministry's (an EC key: ministry.*), an unrelated CA
# (other-ca.*) and a certificate of the test CA that expired in 2020
# (expired.*). Keys are mode 600, as signing wants.
it_pki() {
  local d="$WORK/pki" o=openssl
  mkdir -p "$d"
  printf '[ca]\ndefault_ca = c\n[c]\ndir = %s\ndatabase = %s/index.txt\nnew_certs_dir = %s\nserial = %s/serial\ndefault_md = sha256\npolicy = p\nunique_subject = no\n[p]\ncommonName = supplied\n' \
    "$d" "$d" "$d" "$d" > "$d/ca.cnf"
  : > "$d/index.txt"
  echo 01 > "$d/serial"
  {
    $o req -x509 -newkey rsa:2048 -nodes -keyout "$d/ca.key" -out "$d/ca.pem" -days 3650 -subj "/CN=vigil test CA" &&
      $o req -x509 -newkey rsa:2048 -nodes -keyout "$d/other-ca.key" -out "$d/other-ca.pem" -days 3650 \
        -subj "/CN=another CA" &&
      $o req -newkey rsa:2048 -nodes -keyout "$d/province.key" -out "$d/province.csr" \
        -subj "/O=So Thong tin va Truyen thong/CN=qng-province" &&
      $o x509 -req -in "$d/province.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -set_serial 7 \
        -out "$d/province.pem" -days 365 &&
      $o req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$d/ministry.key" \
        -out "$d/ministry.csr" -subj "/O=Bo Thong tin va Truyen thong/CN=ministry" &&
      $o x509 -req -in "$d/ministry.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -set_serial 8 \
        -out "$d/ministry.pem" -days 365 &&
      $o req -newkey rsa:2048 -nodes -keyout "$d/expired.key" -out "$d/expired.csr" -subj "/CN=expired" &&
      $o ca -batch -config "$d/ca.cnf" -cert "$d/ca.pem" -keyfile "$d/ca.key" -in "$d/expired.csr" \
        -out "$d/expired.pem" -startdate 20200101000000Z -enddate 20200201000000Z -notext
  } > "$d/openssl.log" 2>&1 || not_ok "openssl could not make the test certificates: $(tail -3 "$d/openssl.log")"
  chmod 600 "$d"/*.key
}

# wait_for WHAT SECONDS COMMAND...: runs COMMAND every 0.1 s until it
# succeeds (returns 0) or SECONDS have passed (not_ok naming WHAT, returns 1).
# not_running PID: true once the process is gone (for wait_for).
not_running() { ! kill -0 "$1" 2>/dev/null; }

# has_line FILE PATTERN: true once FILE holds a line matching the extended
# regular expression PATTERN (for wait_for).
has_line() { grep -qE "$2" "$1" 2>/dev/null; }

wait_for() {
  local what=$1 secs=$2 i
  shift 2
  for ((i = 0; i < secs * 10; i++)); do
    "$@" > /dev/null 2>&1 && return 0
    sleep 0.1
  done
  not_ok "waited ${secs} s for $what"
  return 1
}

# it_vietnamese_page PAGE NAME: prints PAGE (a --lang vi page) with headless
# Chromium to $WORK/NAME.pdf, reads its text into $WORK/NAME.txt, and checks
# that none of the writer's English is in it: every label of the stylesheet
# that differs in Vietnamese (phrases, and capitalised words), the sentences
# of the reasons, and figures in English units.
it_vietnamese_page() {
  local page=$1 name=$2 found units n_phrases
  CHROMIUM=${CHROMIUM:-$(command -v chromium || true)}
  if [ -z "$CHROMIUM" ] || ! command -v pdftotext > /dev/null; then
    not_ok "chromium or pdftotext is missing: the page cannot be printed"
    return
  fi
  it_browser 120 --no-pdf-header-footer --print-to-pdf="$WORK/$name.pdf" "file://$page" > /dev/null
  pdftotext "$WORK/$name.pdf" "$WORK/$name.txt" && ok "the Vietnamese page printed" ||
    not_ok "no PDF of the page"
  "$XMLLINT" --xpath "//*[local-name()='l']" "$top_srcdir/schemas/report-html.xsl" |
    sed -nE 's/.* vi="([^"]*)" en="([^"]*)".*/\1\t\2/p' | awk -F'\t' '$1 != $2 { print $2 }' |
    sed -e 's/&amp;/\&/g' -e "s/&apos;/'/g" -e 's/^ *//; s/ *$//' |
    grep -E ' |^[A-Z][a-z]{4,}' > "$WORK/english.txt"
  printf '%s\n' "no data" "no known value" "data covers" "manual check" "no RRD file" "approved maintenance" \
    "inconclusive" "the check needs" "Waived" "Pass" "runs out" "before the period ends" "budget" \
    >> "$WORK/english.txt"
  n_phrases=$(wc -l < "$WORK/english.txt")
  [ "$n_phrases" -gt 80 ] && ok "the writer's English: $n_phrases phrases" || not_ok "only $n_phrases English phrases"
  found=$(while IFS= read -r phrase; do
    [ -n "$phrase" ] && grep -qF -- "$phrase" "$WORK/$name.txt" && printf '%s|' "$phrase"
  done < "$WORK/english.txt")
  expect_eq "English phrases of the writer on the Vietnamese page" "$found" ""
  units=$(grep -oE '[0-9] (s|min|h|d)( |$)|AVERAGE|MIN MAX' "$WORK/$name.txt" | sort -u | tr '\n' '|')
  expect_eq "figures in English units on the Vietnamese page" "$units" ""
}

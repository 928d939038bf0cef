#!/usr/bin/env bash
# vigil quick start.
#   ./quickstart.sh demo   install what the demo needs, build, run collectd with the
#                          vigil plugins on this machine as one agency for about a
#                          minute and write its report; then judge a generated
#                          sample province of 30 agencies over the real 2020
#                          holiday and say where its report is
#   ./quickstart.sh test   install what is missing, build, run every test
set -euo pipefail
cd "$(dirname "$0")"
TOP=$PWD

# What building and the demo need; what the tests need besides.
BUILD_PACKAGES=(build-essential autoconf automake libtool pkg-config
                collectd-core collectd-dev librrd-dev rrdtool
                libxml2-dev libxml2-utils libssl-dev openssl libcurl4-openssl-dev
                libxslt1-dev fonts-dejavu-core check libpng-dev libxmlsec1-dev util-linux)
TEST_PACKAGES=(rrdcached time dnsmasq-base tidy chromium valgrind clang libclang-rt-14-dev
               xmlsec1 poppler-utils mosquitto mosquitto-clients libmosquitto1)

usage() {
  echo "usage: $0 demo|test" >&2
  exit 1
}

# Installs those of the Debian packages named that are missing (as root), or
# says how to.
install_missing() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "vigil needs these Debian packages; install them as root with:" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  echo "== installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
}

build() {
  echo "== building"
  [ -x configure ] || ./autogen.sh > /dev/null 2>&1
  [ -f Makefile ] || ./configure --enable-werror > /dev/null
  make -j"$(nproc)" > /dev/null
}

# Prints the Check and integration logs and one closing line with the totals.
test_summary() {
  local passed=0 failed=0 log p f e
  for log in tests/*.log tests/integration/*.log; do
    [ -f "$log" ] || continue
    case "$log" in */test-suite.log) continue ;; esac
    echo "---- $log"
    grep -E '^[0-9]+%: Checks|^(ok|FAIL):|[0-9]+ passed, [0-9]+ failed|:[EF]:' "$log" || true
    if read -r p f e < <(sed -nE 's/^[0-9]+%: Checks: ([0-9]+), Failures: ([0-9]+), Errors: ([0-9]+).*/\1 \2 \3/p' "$log"); then
      passed=$((passed + p - f - e)); failed=$((failed + f + e))
    fi
    if read -r p f < <(sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\1 \2/p' "$log"); then
      passed=$((passed + p)); failed=$((failed + f))
    fi
  done
  echo "tests: $passed passed, $failed failed"
}

run_tests() {
  echo "== running the tests"
  local rc=0
  make -j"$(nproc)" check > make-check.out 2>&1 || rc=$?
  grep -E '^(PASS|FAIL|ERROR|SKIP|XFAIL|XPASS):|^# ' make-check.out || true
  test_summary
  if [ $rc -ne 0 ]; then
    cat tests/test-suite.log 2>/dev/null || cat make-check.out
  fi
  return $rc
}

demo() {
  local out="$TOP/demo-output" seconds="${DEMO_SECONDS:-60}" host start end rc=0
  host=$(hostname)
  rm -rf "$out"
  mkdir -p "$out/plugins" "$out/rrd" "$out/backups/db"
  cp /usr/lib/collectd/{logfile,uptime,rrdtool}.so plugins/.libs/vigil_*.so "$out/plugins/"
  # A demonstration backup made now, beside the machine's own /var/backups.
  head -c 65536 /dev/urandom > "$out/backups/db/demo-$(date +%Y%m%d).sql.gz"
  cat > "$out/collectd.conf" <<CONF
Hostname "$host"
FQDNLookup false
Interval 1
BaseDir "$out"
PIDFile "$out/collectd.pid"
PluginDir "$out/plugins"
TypesDB "/usr/share/collectd/types.db" "$TOP/plugins/vigil.types.db"
LoadPlugin logfile
<Plugin logfile>
  LogLevel info
  File "$out/collectd.log"
  Timestamp true
</Plugin>
LoadPlugin rrdtool
<Plugin rrdtool>
  DataDir "$out/rrd"
  RRARows 3600
  RRATimespan 3600 86400 604800
</Plugin>
LoadPlugin uptime
LoadPlugin vigil_backup
<Plugin vigil_backup>
  <Location "db">
    Path "$out/backups/db"
    Pattern "*.sql.gz"
    MinSize 1024
  </Location>
  <Location "system">
    Path "/var/backups"
    Recursive true
  </Location>
</Plugin>
LoadPlugin vigil_accounts
<Plugin vigil_accounts>
  AuthLog ""
</Plugin>
LoadPlugin vigil_posture
<Plugin vigil_posture>
  <Network>
    AllowHTTP false
  </Network>
  <Packages>
    RefreshInterval 3600
  </Packages>
</Plugin>
CONF
  cat > "$out/agencies.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<inventory xmlns="urn:vigil:inventory:1" id="demo">
  <province xml:lang="vi">Quảng Ngãi (trình diễn)</province>
  <province xml:lang="en">Quảng Ngãi (demonstration)</province>
  <agency id="this-host" categories="state-agency">
    <name xml:lang="vi">Máy này</name>
    <name xml:lang="en">This machine</name>
    <host>$host</host>
  </agency>
</inventory>
XML
  echo "== collecting for ${seconds} s with collectd (config: demo-output/collectd.conf)"
  collectd -f -C "$out/collectd.conf" > "$out/collectd.out" 2>&1 &
  local pid=$!
  start=$(date +%s)
  sleep "$seconds"
  end=$(date +%s)
  kill "$pid"
  wait "$pid" 2> /dev/null || true
  echo "== judging Dispatch 415/STTTT over that run"
  VIGIL_SCHEMADIR="$TOP/schemas" ./vigil-report \
    --catalogue directives/qng-415-stttt-2020.xml --inventory "$out/agencies.xml" \
    --datadir "$out/rrd" --from "$(date -d "@$((start + 5))" +%Y-%m-%dT%H:%M:%S%:z)" \
    --to "$(date -d "@$end" +%Y-%m-%dT%H:%M:%S%:z)" --xml "$out/report.xml" \
    --html "$out/report.html" --lang en --summary || rc=$?
  [ $rc -eq 1 ] && exit 1
  echo
  echo "Report: $out/report.xml and $out/report.html (exit status $rc: 0 every item passes, 2 some do not)"
  echo "Items that say nodata are those whose plugins do not run here: the report never"
  echo "counts a missing measurement as a pass."
  sample
}

# A province's main job: a sample province generated here (30 agencies of
# every category over the real 30/4-4/5/2020 window, with the holiday's
# events: outages, a stale backup, a duty gap, incidents, a waiver, approved
# maintenance, a silent server), judged with its officers' attestations.
sample() {
  local out="$TOP/demo-output/sample" rc=0
  echo
  echo "== generating a sample province (tests/bench/gen_province --sample)"
  make -s tests/bench/gen_province > /dev/null
  rm -rf "$out"
  tests/bench/gen_province --sample "$out"
  echo "== judging Dispatch 415/STTTT over the 2020 holiday"
  VIGIL_SCHEMADIR="$TOP/schemas" ./vigil-report \
    --catalogue directives/qng-415-stttt-2020.xml --inventory "$out/agencies.xml" \
    --datadir "$out/data" --attestations "$out/attestations.xml" --xml "$out/report.xml" \
    --html "$out/report.html" --export "$out/export.xml" --csv "$out/report.csv" --format table || rc=$?
  [ $rc -eq 1 ] && exit 1
  echo
  echo "Province report (Vietnamese, printable): $out/report.html"
  echo "Also: $out/report.xml, the ministry's export $out/export.xml, the matrix $out/report.csv"
}

[ $# -eq 1 ] || usage
case "$1" in
  demo) install_missing "${BUILD_PACKAGES[@]}"; build; demo ;;
  test) install_missing "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"; build; run_tests ;;
  *) usage ;;
esac

#!/usr/bin/env bash
# Province scale on loopback: rrdcached with a journal, a central collectd
# receiving over the network plugin (SecurityLevel Encrypt, AuthFile) and
# writing through the rrdcached plugin, and three agency collectd instances
# sending to it; one stops halfway, and a sender with a wrong password is
# refused. vigil-report --daemon then flushes what it reads and reports all
# three, the stopped one's heartbeat coverage cut by the time it was gone.
# Last, rrdcached killed and then frozen: the report stops with a clear
# error within its timeout, leaving nothing behind.
set -u
. "$(dirname "$0")/lib.sh"

it_setup
for p in network rrdcached; do cp "$STOCK_PLUGINDIR/$p.so" "$WORK/plugins/$p.so"; done
port=$(( 20000 + ($$ % 20000) ))
sock="$WORK/var/rrdcached.sock"
it_own "$WORK/rrd" "$WORK/var"

it_rrdcached_start "$sock"
ok "rrdcached listens on $sock"

printf 'agency-a: secret-a\nagency-b: secret-b\nagency-c: secret-c\n' > "$WORK/var/auth"
chmod 640 "$WORK/var/auth"
it_own "$WORK/var/auth"

central_conf() {
  cat > "$WORK/central.conf" <<CONF
Hostname "central"
FQDNLookup false
Interval 1
BaseDir "$WORK/var"
PIDFile "$WORK/var/central.collectd.pid"
PluginDir "$WORK/plugins"
TypesDB "/usr/share/collectd/types.db" "$top_srcdir/plugins/vigil.types.db"
LoadPlugin logfile
<Plugin logfile>
  LogLevel info
  File "$WORK/var/central.log"
  Timestamp true
</Plugin>
LoadPlugin network
<Plugin network>
  <Listen "127.0.0.1" "$port">
    SecurityLevel Encrypt
    AuthFile "$WORK/var/auth"
  </Listen>
</Plugin>
$(it_rrdcached_plugin "$sock")
CONF
}

# agency_conf NAME USER PASSWORD
agency_conf() {
  it_collectd_conf "$1" "$1" "
LoadPlugin uptime
LoadPlugin vigil_backup
<Plugin vigil_backup>
  <Location \"db\">
    Path \"$WORK/backups\"
    Pattern \"*.sql.gz\"
  </Location>
</Plugin>
<LoadPlugin network>
  FlushInterval 1
</LoadPlugin>
<Plugin network>
  <Server \"127.0.0.1\" \"$port\">
    SecurityLevel Encrypt
    Username \"$2\"
    Password \"$3\"
  </Server>
</Plugin>"
  # agencies send only: no local RRD files
  sed -i '/^LoadPlugin rrdtool$/,/^<\/Plugin>$/d' "$WORK/$1.conf"
}

mkdir -p "$WORK/backups"
head -c 4096 /dev/urandom > "$WORK/backups/db.sql.gz"
central_conf
it_collectd_start central
agency_conf agency-a agency-a secret-a
agency_conf agency-b agency-b secret-b
agency_conf agency-c agency-c secret-c
agency_conf intruder agency-a wrong-password
start=$(date +%s)
for a in agency-a agency-b agency-c intruder; do it_collectd_start "$a"; done
sleep 14
stopped=$(date +%s)
it_collectd_stop agency-c
sleep 14
end=$(date +%s)
for a in agency-a agency-b intruder; do it_collectd_stop "$a"; done
sleep 2 # the last packets reach the central collectd and rrdcached
it_collectd_stop central

test -d "$WORK/rrd/agency-a/uptime" && test -d "$WORK/rrd/agency-c/uptime" &&
  ok "the central wrote the agencies' files" || not_ok "no agency files: $(ls -R "$WORK/rrd" | head)"
test ! -e "$WORK/rrd/intruder" && ok "no data under the wrong password's host name" ||
  not_ok "the wrong password's data was stored"
grep -qiE 'decrypt|authentication|password|No such user' "$WORK/var/central.log" &&
  ok "the central logged the refused sender: $(grep -iE 'decrypt|authentication|password|No such user' "$WORK/var/central.log" | head -1 | cut -c1-120)" ||
  not_ok "nothing logged about the wrong password: $(tail -5 "$WORK/var/central.log")"

it_inventory "$WORK/agencies.xml" a b c
from=$((start + 3)) to=$((end - 4))
report() { # OUT extra-args...
  local out=$1
  shift
  "$REPORT" --catalogue "$top_srcdir/tests/fixtures/test-directive.xml" \
    --inventory "$WORK/agencies.xml" --datadir "$WORK/rrd" --from "$(iso $from)" --to "$(iso $to)" \
    --xml "$out" "$@"
}
cov() { # REPORT AGENCY: the heartbeat's coverage
  xp "$1" "//*[local-name()='agency'][@id='$2']//*[local-name()='check'][@id='A.2.heartbeat']/*[local-name()='evidence']/@coverage"
}

# Without flushing, the files hold nothing of the run yet.
report "$WORK/direct.xml" > /dev/null 2> "$WORK/direct.err"
expect_eq "heartbeat coverage of agency a read around rrdcached" "$(cov "$WORK/direct.xml" a)" 0

report "$WORK/report.xml" --daemon "unix:$sock" --jobs 2 > /dev/null 2> "$WORK/report.err"
rc=$?
[ $rc -eq 0 ] || [ $rc -eq 2 ] && ok "vigil-report --daemon exit status $rc" ||
  not_ok "vigil-report --daemon failed ($rc): $(cat "$WORK/report.err")"
"$XMLLINT" --noout --schema "$top_srcdir/schemas/report.xsd" "$WORK/report.xml" 2>/dev/null &&
  ok "report.xml is valid" || not_ok "report.xml invalid"
window=$((to - from))
want_c=$(awk -v s=$stopped -v f=$from -v w=$window 'BEGIN { printf "%.3f", (s - f) / w }')
for a in a b; do expect_between "heartbeat coverage of agency $a" "$(cov "$WORK/report.xml" $a)" 0.93 1; done
# agency c sent until it was stopped: its coverage is (stopped - from) / window,
# to within two 1 s intervals either way
lo=$(awk -v c=$want_c -v w=$window 'BEGIN { print c - 2 / w }')
hi=$(awk -v c=$want_c -v w=$window 'BEGIN { print c + 2 / w }')
expect_between "heartbeat coverage of stopped agency c (stopped at $((stopped - from)) s of $window s)" \
  "$(cov "$WORK/report.xml" c)" "$lo" "$hi"
gap=$(xp "$WORK/report.xml" "//*[local-name()='agency'][@id='c']//*[local-name()='check'][@id='A.2.heartbeat']//*[local-name()='gap'][last()]/@to")
expect_eq "agency c's data gap runs to the window's end" "$gap" "$(xp "$WORK/report.xml" "//*[local-name()='window']/@to")"

# The same report, byte for byte, with one worker process (apart from the time it was made).
report "$WORK/report1.xml" --daemon "unix:$sock" --jobs 1 > /dev/null 2>&1
if diff <(grep -v 'generated=' "$WORK/report.xml") <(grep -v 'generated=' "$WORK/report1.xml") > /dev/null; then
  ok "--jobs 1 and --jobs 2 write the same report"
else
  not_ok "--jobs 1 and 2 differ: $(diff <(grep -v 'generated=' "$WORK/report.xml") <(grep -v 'generated=' "$WORK/report1.xml") | head -5)"
fi

# The daemon named by RRDCACHED_ADDRESS, with every graph drawn: the graphs
# come from the series read (librrd does not try to flush or fetch them).
# The HTML writer draws them from the files; report.xml holds none.
RRDCACHED_ADDRESS="unix:$sock" report "$WORK/graphs.xml" --html-dir "$WORK/site" --jobs 1 \
  > /dev/null 2> "$WORK/graphs.err"
expect_eq "graphs through RRDCACHED_ADDRESS: errors" "$(grep -c 'cannot draw' "$WORK/graphs.err")" 0
expect_eq "report.xml carries no picture" "$(xp "$WORK/graphs.xml" "count(//*[local-name()='graph'])")" 0
n_ev=$(xp "$WORK/graphs.xml" "count(//*[local-name()='evidence'][@step])")
n_gr=$(cat "$WORK"/site/agencies/*.html | grep -o '<img [^>]*src="data:image/png;base64,iVBOR' | wc -l)
[ "$n_gr" -gt 0 ] && [ "$n_gr" = "$n_ev" ] && ok "every series read has its graph on its agency's page ($n_gr)" ||
  not_ok "graphs: $n_gr of $n_ev series"

# rrdcached frozen: each flush waits at most 10 s, then the report stops.
kill -STOP "$(cat "$WORK/rrdcached.pid")"
cp "$WORK/report.xml" "$WORK/kept.xml"
t0=$(date +%s)
report "$WORK/report.xml" --daemon "unix:$sock" > /dev/null 2> "$WORK/frozen.err"
rc=$? t1=$(date +%s)
expect_eq "vigil-report with rrdcached frozen exits with" "$rc" 1
expect_between "seconds before it gives up" $((t1 - t0)) 0 15
grep -q "rrdcached at unix:$sock: .*no answer within 10000 ms" "$WORK/frozen.err" &&
  ok "it says why: $(head -1 "$WORK/frozen.err")" || not_ok "unclear error: $(cat "$WORK/frozen.err")"
cmp -s "$WORK/report.xml" "$WORK/kept.xml" && ok "the previous report is untouched" ||
  not_ok "the previous report changed"
ls "$WORK" | grep -q partial && not_ok "a partial report was left" || ok "no partial file left"

# rrdcached gone: refused at once.
kill -CONT "$(cat "$WORK/rrdcached.pid")"
kill "$(cat "$WORK/rrdcached.pid")"
wait_for "rrdcached to stop" 5 not_running "$(cat "$WORK/rrdcached.pid")"
rm -f "$WORK/rrdcached.pid"
report "$WORK/report.xml" --daemon "unix:$sock" > /dev/null 2> "$WORK/gone.err"
expect_eq "vigil-report with rrdcached stopped exits with" "$?" 1
grep -q "rrdcached at unix:$sock: cannot connect" "$WORK/gone.err" &&
  ok "it says why: $(head -1 "$WORK/gone.err")" || not_ok "unclear error: $(cat "$WORK/gone.err")"
# the journal let rrdcached write everything on the way out
report "$WORK/after.xml" > /dev/null 2>&1
expect_eq "agency c's coverage read directly after rrdcached wrote its cache" \
  "$(cov "$WORK/after.xml" c)" "$(cov "$WORK/report1.xml" c)"

it_finish

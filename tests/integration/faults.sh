#!/usr/bin/env bash
# Faults, with real components: collectd killed with SIGKILL mid-window and
# restarted (the report shows the gap to the interval, nothing else lost);
# damaged data (a truncated RRD, one with another data source name, a file
# that is not an RRD, a folder vigil-report may not read) gives error or
# nodata with the reason while every other agency is reported; an
# unwritable output folder and a full disk (RLIMIT_FSIZE) stop the report
# with exit 1, nothing partial left and the previous report untouched; a
# window before any data gives nodata or fail, never a pass; one that has not
# started is refused; one that ends in the future is provisional.
set -u
. "$(dirname "$0")/lib.sh"

it_setup
CAT="$top_srcdir/tests/fixtures/test-directive.xml"
# report OUT FROM TO [args...]: the test directive over the hosts of agencies.xml
report() {
  local out=$1 from=$2 to=$3
  shift 3
  "${REPORT_AS[@]}" "$REPORT" --catalogue "$CAT" --inventory "$WORK/agencies.xml" \
    --datadir "$WORK/rrd" --from "$(iso "$from")" --to "$(iso "$to")" --xml "$out" "$@"
}
REPORT_AS=()
cov() { # REPORT AGENCY
  xp "$1" "//*[local-name()='agency'][@id='$2']//*[local-name()='check'][@id='A.2.heartbeat']/*[local-name()='evidence']/@coverage"
}
check_of() { # REPORT AGENCY ATTR
  xp "$1" "//*[local-name()='agency'][@id='$2']//*[local-name()='check'][@id='A.2.heartbeat']/@$3"
}
reason_of() { # REPORT AGENCY
  xp "$1" "//*[local-name()='agency'][@id='$2']//*[local-name()='check'][@id='A.2.heartbeat']//*[local-name()='reason']"
}

# 1. SIGKILL and restart
it_collectd_conf victim host-victim "LoadPlugin uptime"
it_collectd_start victim
start=$(date +%s)
sleep 8
killed=$(date +%s)
kill -9 "$(cat "$WORK/victim.pid")"
sleep 6
restarted=$(date +%s)
it_collectd_start victim
sleep 8
end=$(date +%s)
it_collectd_stop victim

cat > "$WORK/agencies.xml" <<XML
<inventory xmlns="urn:vigil:inventory:1" id="it">
  <province xml:lang="en">Test province</province>
  <agency id="victim" categories="lab"><name xml:lang="en">Victim</name><host>host-victim</host></agency>
  <agency id="good" categories="lab"><name xml:lang="en">Good</name><host>host-good</host></agency>
  <agency id="truncated" categories="lab"><name xml:lang="en">Truncated</name><host>host-truncated</host></agency>
  <agency id="wrongds" categories="lab"><name xml:lang="en">Wrong DS</name><host>host-wrongds</host></agency>
  <agency id="notrrd" categories="lab"><name xml:lang="en">Not an RRD</name><host>host-notrrd</host></agency>
  <agency id="locked" categories="lab"><name xml:lang="en">Locked</name><host>host-locked</host></agency>
</inventory>
XML
from=$((start + 2)) to=$((end - 2))
report "$WORK/kill.xml" $from $to > /dev/null 2>&1
gap_from=$(xp "$WORK/kill.xml" "//*[local-name()='agency'][@id='victim']//*[local-name()='check'][@id='A.2.heartbeat']//*[local-name()='gap'][1]/@from")
gap_to=$(xp "$WORK/kill.xml" "//*[local-name()='agency'][@id='victim']//*[local-name()='check'][@id='A.2.heartbeat']//*[local-name()='gap'][1]/@to")
n_gaps=$(xp "$WORK/kill.xml" "count(//*[local-name()='agency'][@id='victim']//*[local-name()='check'][@id='A.2.heartbeat']//*[local-name()='gap'])")
expect_eq "gaps in the killed collectd's heartbeat" "$n_gaps" 1
gf=$(date -u -d "$gap_from" +%s 2>/dev/null || echo 0) gt=$(date -u -d "$gap_to" +%s 2>/dev/null || echo 0)
# the gap runs from the last value before the kill (within its 1 s row and
# the heartbeat of 2 s) to the first after the restart (collectd's start-up)
expect_between "gap start, seconds after the kill" $((gf - killed)) -2 1
expect_between "gap end, seconds after the restart" $((gt - restarted)) 0 3
want=$(awk -v g=$((gt - gf)) -v w=$((to - from)) 'BEGIN { printf "%.6f", 1 - g / w }')
expect_between "coverage = 1 - gap / window ($want)" "$(cov "$WORK/kill.xml" victim)" \
  "$(awk -v c="$want" 'BEGIN { print c - 0.000001 }')" "$(awk -v c="$want" 'BEGIN { print c + 0.000001 }')"

# 2. damaged data beside good data
mkdir -p "$WORK/rrd/host-good/uptime" "$WORK/rrd/host-truncated/uptime" "$WORK/rrd/host-wrongds/uptime" \
  "$WORK/rrd/host-notrrd/uptime" "$WORK/rrd/host-locked/uptime"
cp "$WORK/rrd/host-victim/uptime/uptime.rrd" "$WORK/rrd/host-good/uptime/uptime.rrd"
size=$(stat -c %s "$WORK/rrd/host-good/uptime/uptime.rrd")
head -c $((size / 2)) "$WORK/rrd/host-good/uptime/uptime.rrd" > "$WORK/rrd/host-truncated/uptime/uptime.rrd"
"$RRDTOOL" create "$WORK/rrd/host-wrongds/uptime/uptime.rrd" --step 1 --start $((start - 10)) \
  DS:seconds:GAUGE:2:0:U RRA:AVERAGE:0.5:1:3600
echo "this is not a round-robin database" > "$WORK/rrd/host-notrrd/uptime/uptime.rrd"
cp "$WORK/rrd/host-good/uptime/uptime.rrd" "$WORK/rrd/host-locked/uptime/uptime.rrd"
chmod 000 "$WORK/rrd/host-locked/uptime"
# vigil-report runs unprivileged, so that the locked folder is locked for it
if [ ${#RUN_AS[@]} -gt 0 ]; then
  REPORT_AS=("${RUN_AS[@]}")
  chmod -R a+rX "$WORK/rrd/host-good" "$WORK/rrd/host-truncated" "$WORK/rrd/host-wrongds" "$WORK/rrd/host-notrrd"
  chmod 755 "$WORK/rrd" "$WORK/rrd/host-locked"
  mkdir -p "$WORK/out" && chmod 777 "$WORK/out"
else
  mkdir -p "$WORK/out"
fi
report "$WORK/out/damaged.xml" $from $to > /dev/null 2> "$WORK/damaged.err"
rc=$?
expect_eq "vigil-report over damaged data exits with (some item fails or lacks data)" $rc 2
"$XMLLINT" --noout --schema "$top_srcdir/schemas/report.xsd" "$WORK/out/damaged.xml" 2>/dev/null &&
  ok "the report is valid" || not_ok "the report is invalid"
expect_eq "good agency's heartbeat" "$(check_of "$WORK/out/damaged.xml" good status)" pass
expect_eq "victim's heartbeat, still judged" "$(check_of "$WORK/out/damaged.xml" victim status)" pass
for a in truncated wrongds notrrd locked; do
  st=$(check_of "$WORK/out/damaged.xml" $a status)
  r=$(reason_of "$WORK/out/damaged.xml" $a | head -c 200)
  case $st in
    error | nodata) ok "$a: $st, because: $r" ;;
    *) not_ok "$a: status '$st' ($r)" ;;
  esac
  [ -n "$r" ] || not_ok "$a: no reason given"
done
reason_of "$WORK/out/damaged.xml" wrongds | grep -q "has no data source 'value' (it has 'seconds')" &&
  ok "the wrong data source is named" || not_ok "wrong-DS reason: $(reason_of "$WORK/out/damaged.xml" wrongds)"
reason_of "$WORK/out/damaged.xml" locked | grep -q "Permission denied" &&
  ok "the locked folder is named with its error" || not_ok "locked reason: $(reason_of "$WORK/out/damaged.xml" locked)"
chmod 755 "$WORK/rrd/host-locked/uptime"

# 2b. only regular files inside the host's folder are read: a FIFO (which
# would hold the report up for good) and a link out of the folder are
# refused with the reason; a link that stays inside is read
mkdir -p "$WORK/rrd/host-fifo/uptime" "$WORK/rrd/host-link/uptime" "$WORK/rrd/host-inner/uptime" \
  "$WORK/rrd/host-inner/old"
mkfifo "$WORK/rrd/host-fifo/uptime/uptime.rrd"
ln -s ../../host-good/uptime/uptime.rrd "$WORK/rrd/host-link/uptime/uptime.rrd"
cp "$WORK/rrd/host-good/uptime/uptime.rrd" "$WORK/rrd/host-inner/old/uptime.rrd"
ln -s ../old/uptime.rrd "$WORK/rrd/host-inner/uptime/uptime.rrd"
chmod -R a+rX "$WORK/rrd/host-fifo" "$WORK/rrd/host-link" "$WORK/rrd/host-inner"
# and a file last updated a day ahead of the report: a clock error
mkdir -p "$WORK/rrd/host-ahead/uptime"
"$RRDTOOL" create "$WORK/rrd/host-ahead/uptime/uptime.rrd" --step 1 --start $((start - 10)) \
  DS:value:GAUGE:2:0:U RRA:AVERAGE:0.5:1:3600
ahead=$(($(date +%s) + 86400))
"$RRDTOOL" update "$WORK/rrd/host-ahead/uptime/uptime.rrd" "$ahead:1"
chmod -R a+rX "$WORK/rrd/host-ahead"
sed 's|</inventory>|<agency id="fifo" categories="lab"><name xml:lang="en">FIFO</name><host>host-fifo</host></agency>\
<agency id="ahead" categories="lab"><name xml:lang="en">Ahead</name><host>host-ahead</host></agency>\
<agency id="link" categories="lab"><name xml:lang="en">Link</name><host>host-link</host></agency>\
<agency id="inner" categories="lab"><name xml:lang="en">Inner link</name><host>host-inner</host></agency>\
</inventory>|' "$WORK/agencies.xml" > "$WORK/odd-agencies.xml"
timeout 60 "${REPORT_AS[@]}" "$REPORT" --catalogue "$CAT" --inventory "$WORK/odd-agencies.xml" \
  --datadir "$WORK/rrd" --from "$(iso "$from")" --to "$(iso "$to")" --xml "$WORK/out/odd.xml" > /dev/null 2>&1
expect_eq "vigil-report beside a FIFO and links: exit (not held up)" $? 2
expect_eq "a FIFO in place of an RRD: error" "$(check_of "$WORK/out/odd.xml" fifo status)" error
expect_eq "with the reason" "$(reason_of "$WORK/out/odd.xml" fifo)" \
  "$WORK/rrd/host-fifo/uptime/uptime.rrd: not a regular file (a FIFO): not read"
expect_eq "a link out of the host's folder: error" "$(check_of "$WORK/out/odd.xml" link status)" error
expect_eq "with the reason" "$(reason_of "$WORK/out/odd.xml" link)" \
  "$WORK/rrd/host-link/uptime/uptime.rrd: a symbolic link out of the host's folder: not read"
expect_eq "a link inside the host's folder is read" "$(check_of "$WORK/out/odd.xml" inner status)" pass
expect_eq "a file updated a day after the report: error" "$(check_of "$WORK/out/odd.xml" ahead status)" error
reason_of "$WORK/out/odd.xml" ahead | grep -q "host-ahead/uptime/uptime.rrd: last updated $(iso $ahead), after this report was made (.*): a clock error, not judged" &&
  ok "named as a clock error" || not_ok "clock reason: $(reason_of "$WORK/out/odd.xml" ahead)"
rm -rf "$WORK/rrd/host-fifo" "$WORK/rrd/host-link" "$WORK/rrd/host-inner" "$WORK/rrd/host-ahead" "$WORK/out/odd.xml"

# 3. nowhere to write
cp "$WORK/out/damaged.xml" "$WORK/out/previous.xml"
cp "$WORK/out/damaged.xml" "$WORK/out/report.xml"
mkdir -p "$WORK/ro"
chmod 555 "$WORK/ro"
if [ ${#RUN_AS[@]} -gt 0 ] || [ "$(id -u)" != 0 ]; then
  report "$WORK/ro/report.xml" $from $to > /dev/null 2> "$WORK/ro.err"
  expect_eq "vigil-report into an unwritable folder exits with" $? 1
  grep -q "ro/report.xml: cannot create a file in its folder: Permission denied" "$WORK/ro.err" &&
    ok "it says why: $(head -1 "$WORK/ro.err")" || not_ok "unclear error: $(cat "$WORK/ro.err")"
  expect_eq "files left in the unwritable folder" "$(ls -A "$WORK/ro" | wc -l)" 0
fi
# a disk that fills: at most 8 KiB per file (the report is larger)
[ "$(stat -c %s "$WORK/out/previous.xml")" -gt 8192 ] || not_ok "the report is too small for this test"
REPORT_AS_SAVE=("${REPORT_AS[@]}")
REPORT_AS=(prlimit --fsize=8192 "${REPORT_AS[@]}")
report "$WORK/out/report.xml" $from $to --html "$WORK/out/report.html" > /dev/null 2> "$WORK/full.err"
rc=$?
REPORT_AS=("${REPORT_AS_SAVE[@]}")
expect_eq "vigil-report on a full disk exits with" $rc 1
grep -qE "write error|File too large" "$WORK/full.err" && ok "it says why: $(head -1 "$WORK/full.err")" ||
  not_ok "unclear error: $(cat "$WORK/full.err")"
cmp -s "$WORK/out/report.xml" "$WORK/out/previous.xml" && ok "the previous report is untouched" ||
  not_ok "the previous report changed"
left=$(ls -A "$WORK/out" | grep -vxE 'damaged.xml|previous.xml|report.xml')
expect_eq "partial or temporary files left" "$left" ""

# 3b. all outputs or none: the CSV's destination cannot be replaced (it is
# a folder), so neither report.xml, the HTML nor the export is replaced,
# with one worker and with two; and a daemon that goes away mid-run stops
# the report with a message (no SIGPIPE), nothing left behind
mkdir -p "$WORK/all"
for f in report.xml report.html export.xml; do echo "the previous $f" > "$WORK/all/$f"; done
mkdir -p "$WORK/all/matrix.csv"
it_own "$WORK/all"
for jobs in 1 2; do
  report "$WORK/all/report.xml" $from $to --html "$WORK/all/report.html" \
    --export "$WORK/all/export.xml" --csv "$WORK/all/matrix.csv" --jobs $jobs > /dev/null 2> "$WORK/all.err"
  expect_eq "--jobs $jobs: a CSV that cannot be written: exit" $? 1
  grep -q "matrix.csv: cannot be replaced: it is a directory; no output was replaced" "$WORK/all.err" &&
    ok "--jobs $jobs: it says why: $(head -1 "$WORK/all.err")" || not_ok "unclear error: $(cat "$WORK/all.err")"
  for f in report.xml report.html export.xml; do
    expect_eq "--jobs $jobs: $f untouched" "$(cat "$WORK/all/$f")" "the previous $f"
  done
  expect_eq "--jobs $jobs: files left beside them" "$(ls -A "$WORK/all" | tr '\n' ' ')" \
    "export.xml matrix.csv report.html report.xml "
done
rmdir "$WORK/all/matrix.csv"
report "$WORK/all/report.xml" $from $to --csv "$WORK/all/matrix.csv" > /dev/null 2>&1
[ $? -le 2 ] && [ -s "$WORK/all/matrix.csv" ] && [ "$(cat "$WORK/all/report.xml")" != "the previous report.xml" ] &&
  ok "with a writable CSV every output is replaced" || not_ok "outputs not replaced"
"${RUN_AS[@]}" "$top_builddir/tests/probe_server" "$WORK/all/gone.sock" 20 close > "$WORK/gone.out" 2>&1 &
gone=$!
wait_for "the daemon's socket" 10 test -S "$WORK/all/gone.sock"
cp "$WORK/all/report.xml" "$WORK/all/before.xml"
report "$WORK/all/report.xml" $from $to --jobs 1 --daemon "unix:$WORK/all/gone.sock" > /dev/null 2> "$WORK/gone.err"
expect_eq "rrdcached gone mid-run, --jobs 1: exit (not a signal)" $? 1
grep -q "rrdcached at unix:$WORK/all/gone.sock: flushing" "$WORK/gone.err" && ok "it says so: $(head -1 "$WORK/gone.err")" ||
  not_ok "unclear error: $(cat "$WORK/gone.err")"
cmp -s "$WORK/all/report.xml" "$WORK/all/before.xml" && ok "the report is untouched" || not_ok "the report changed"
expect_eq "temporary files left" "$(ls -A "$WORK/all" | grep -c tmp)" 0
rm -f "$WORK/all/gone.sock"
kill $gone 2>/dev/null
wait $gone 2>/dev/null

# 3c. loud inputs: a data folder that does not exist or is a file stops the
# report; a host that sends but is in no agency, and an inventory host that
# never sent anything, are listed in the summary and the HTML
for bad in "$WORK/no/such/dir" "$WORK/agencies.xml"; do
  "${REPORT_AS[@]}" "$REPORT" --catalogue "$CAT" --inventory "$WORK/agencies.xml" --datadir "$bad" \
    --from "$(iso $from)" --to "$(iso $to)" --xml "$WORK/all/nodir.xml" > /dev/null 2> "$WORK/nodir.err"
  rc=$?
  expect_eq "--datadir $(basename "$bad"): exit" $rc 1
  grep -q "$bad: cannot read the data folder" "$WORK/nodir.err" && ok "it names the folder: $(cat "$WORK/nodir.err")" ||
    not_ok "unclear error: $(cat "$WORK/nodir.err")"
  expect_eq "--datadir $(basename "$bad"): report written" "$(ls "$WORK/all/nodir.xml" 2>/dev/null)" ""
done
mkdir -p "$WORK/rrd/host-stray/uptime"
cp "$WORK/rrd/host-good/uptime/uptime.rrd" "$WORK/rrd/host-stray/uptime/uptime.rrd"
stray_last=$(rrdtool lastupdate "$WORK/rrd/host-stray/uptime/uptime.rrd" | awk -F: 'NR == 3 {print $1}')
sed 's|<host>host-good</host>|<host>host-good</host><host>host-never</host>|' "$WORK/agencies.xml" > "$WORK/all/agencies.xml"
it_own "$WORK/all" "$WORK/rrd/host-stray"
"${REPORT_AS[@]}" "$REPORT" --catalogue "$CAT" --inventory "$WORK/all/agencies.xml" --datadir "$WORK/rrd" \
  --from "$(iso $from)" --to "$(iso $to)" --xml "$WORK/all/hosts.xml" --html "$WORK/all/hosts.html" \
  --graphs none > /dev/null 2> "$WORK/hosts.err"
S="//*[local-name()='summary']"
U="$S/*[local-name()='unmatched-check']"
expect_eq "a check no agency has a file for is listed once in the summary" \
  "$(xp "$WORK/all/hosts.xml" "concat(count($U), ' ', $U/@check, ' ', $U/@metric)")" "1 A.1.copy-age vigil_backup-*/duration-newest_age"
expect_eq "with the agencies it applies to" "$(xp "$WORK/all/hosts.xml" "string($U/@agencies)")" 6
expect_eq "and said once on stderr" "$(grep -c 'A.1.copy-age' "$WORK/hosts.err")" 1
grep -qF "check A.1.copy-age: no RRD file matches vigil_backup-*/duration-newest_age at any of the 6 agencies it applies to" "$WORK/hosts.err" &&
  ok "in words: $(grep A.1.copy-age "$WORK/hosts.err")" || not_ok "unclear: $(cat "$WORK/hosts.err")"
grep -q 'id="unmatched-checks".*A.1.copy-age' "$WORK/all/hosts.html" && ok "the HTML lists it" ||
  not_ok "the HTML does not list it"
expect_eq "stray host listed" "$(xp "$WORK/all/hosts.xml" "string($S/*[local-name()='stray-host']/@host)")" host-stray
expect_eq "its files" "$(xp "$WORK/all/hosts.xml" "string($S/*[local-name()='stray-host']/@files)")" 1
expect_eq "its last update" "$(date -u -d "$(xp "$WORK/all/hosts.xml" \
  "string($S/*[local-name()='stray-host']/@last-update)")" +%s)" "$stray_last"
expect_eq "missing host listed" "$(xp "$WORK/all/hosts.xml" "string($S/*[local-name()='missing-host']/@host)")" host-never
expect_eq "with its agency" "$(xp "$WORK/all/hosts.xml" "string($S/*[local-name()='missing-host']/@agency)")" good
expect_eq "hosts of the inventory that sent data are neither" \
  "$(xp "$WORK/all/hosts.xml" "count($S/*[local-name()='stray-host' or local-name()='missing-host'])")" 2
"$XMLLINT" --noout --schema "$top_srcdir/schemas/report.xsd" "$WORK/all/hosts.xml" 2>/dev/null &&
  ok "the report with them validates" || not_ok "the report does not validate"
grep -q 'id="stray-hosts".*host-stray' "$WORK/all/hosts.html" && grep -q 'id="missing-hosts".*host-never' "$WORK/all/hosts.html" &&
  ok "the HTML lists both" || not_ok "the HTML does not list them"
rm -rf "$WORK/rrd/host-stray"
# the data folder of somebody else: said once, not per agency and check
mkdir -p "$WORK/other/elsewhere/uptime"
cp "$WORK/rrd/host-good/uptime/uptime.rrd" "$WORK/other/elsewhere/uptime/"
it_own "$WORK/other"
"${REPORT_AS[@]}" "$REPORT" --catalogue "$CAT" --inventory "$WORK/agencies.xml" --datadir "$WORK/other" \
  --from "$(iso $from)" --to "$(iso $to)" --xml "$WORK/all/other.xml" > /dev/null 2> "$WORK/other.err"
expect_eq "another province's data folder: one line on stderr" "$(grep -c . "$WORK/other.err")" 1
grep -qE "none of the inventory's [0-9]+ hosts has a folder in $WORK/other" "$WORK/other.err" &&
  ok "it says so: $(cat "$WORK/other.err")" || not_ok "unclear: $(cat "$WORK/other.err")"

# 4. the clock: a window in the future, and one before any data
future=$((end + 86400 * 365))
report "$WORK/out/future.xml" $future $((future + 3600)) > /dev/null 2> "$WORK/future.err"
expect_eq "window a year ahead: exit status" $? 1
grep -q "the window has not started yet" "$WORK/future.err" && ok "it says the window has not started" ||
  not_ok "unclear: $(cat "$WORK/future.err")"
expect_eq "window a year ahead: report written" "$(ls "$WORK/out/future.xml" 2>/dev/null)" ""
past=$((start - 86400))
report "$WORK/out/past.xml" $past $((past + 3600)) > /dev/null 2>&1
expect_eq "window before any data: good agency's heartbeat" "$(check_of "$WORK/out/past.xml" good status)" fail
expect_eq "window before any data: its coverage" "$(cov "$WORK/out/past.xml" good)" 0
n_pass=$(xp "$WORK/out/past.xml" "count(//*[local-name()='evidence'][@status='pass'])")
expect_eq "evidence passed in a window with no data" "$n_pass" 0
report "$WORK/out/now.xml" $((end + 3600)) $((end + 7200)) --to now > /dev/null 2> "$WORK/now.err"
expect_eq "--to now before the window starts: exit" $? 1
grep -q "the window has not started yet" "$WORK/now.err" && ok "it says the window has not started" ||
  not_ok "unclear: $(cat "$WORK/now.err")"

# windows: a --to in the future is provisional (figures up to now); with the
# shipped catalogue (its window long past), --from an hour ago --to now is
# that hour, not "not started"
future_end=$(($(date +%s) + 3600))
report "$WORK/out/open.xml" $from $future_end > /dev/null 2>&1
W="//*[local-name()='window']"
expect_eq "--to in the future: provisional" "$(xp "$WORK/out/open.xml" "string($W/@provisional)")" true
expect_eq "--to in the future: planned end kept" \
  "$(date -u -d "$(xp "$WORK/out/open.xml" "string($W/@planned-to)")" +%s)" $future_end
hour_ago=$(($(date +%s) - 3600))
"${REPORT_AS[@]}" "$REPORT" --catalogue "$top_srcdir/directives/qng-415-stttt-2020.xml" \
  --inventory "$WORK/agencies.xml" --datadir "$WORK/rrd" --from "$(iso $hour_ago)" --to now \
  --xml "$WORK/out/hour.xml" > /dev/null 2> "$WORK/hour.err"
rc=$?
expect_between "shipped catalogue, --from an hour ago --to now: exit" $rc 0 2
expect_eq "its window starts an hour ago" "$(date -u -d "$(xp "$WORK/out/hour.xml" "string($W/@from)")" +%s)" $hour_ago
t_end=$(date -u -d "$(xp "$WORK/out/hour.xml" "string($W/@to)")" +%s)
expect_between "and ends now" $((t_end - hour_ago)) 3599 3610

it_finish

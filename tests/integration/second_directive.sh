#!/usr/bin/env bash
# A second directive is only a new catalogue file: a small test directive
# runs through the same vigil-report, on real RRD files written by rrdtool,
# and nothing in reports/ names Dispatch 415/STTTT or its items.
set -u
. "$(dirname "$0")/lib.sh"
: "${RRDTOOL:=rrdtool}"

it_setup
# The test directive's window (in 2031), moved to 2021: a window that has
# not started is refused, and the point here is the second catalogue.
CAT="$WORK/test-directive.xml"
sed 's|<window from="2031-01-03T00:00:00Z" to="2031-01-05T00:00:00Z"/>|<window from="2021-01-03T00:00:00Z" to="2021-01-05T00:00:00Z"/>|' \
  "$top_srcdir/tests/fixtures/test-directive.xml" > "$CAT"
grep -q 'from="2021-01-03T00:00:00Z"' "$CAT" || not_ok "the test directive's window was not moved"
T0=1609632000   # 2021-01-03T00:00:00Z, the window's start
mk() { # mk FILE DS START STEP VALUES...
  local file=$1 ds=$2 t=$3 step=$4 v
  shift 4
  mkdir -p "$(dirname "$file")"
  "$RRDTOOL" create "$file" --start $((t - step)) --step "$step" "DS:$ds:GAUGE:$((2 * step)):0:U" \
    RRA:AVERAGE:0.5:1:2000 RRA:MIN:0.5:1:2000 RRA:MAX:0.5:1:2000
  for v in "$@"; do
    "$RRDTOOL" update "$file" "$t:$v"
    t=$((t + step))
  done
}
# A copy every 30 min: ages never above 1800 s over 48 h, at 10-minute steps.
ages=(); for i in $(seq 0 288); do ages+=($(( (i % 3) * 600 + 60 ))); done
mk "$WORK/rrd/lab-1/vigil_backup-nightly/duration-newest_age.rrd" seconds $T0 600 "${ages[@]}"
ups=(); for i in $(seq 0 288); do ups+=(1); done
mk "$WORK/rrd/lab-1/uptime/uptime.rrd" value $T0 600 "${ups[@]}"
# The second lab's copy is two hours old at its worst.
ages2=(); for i in $(seq 0 288); do ages2+=($(( i == 100 ? 7200 : 60 ))); done
mk "$WORK/rrd/lab-2/vigil_backup-nightly/duration-newest_age.rrd" seconds $T0 600 "${ages2[@]}"
mk "$WORK/rrd/lab-2/uptime/uptime.rrd" value $T0 600 "${ups[@]:0:100}"   # a third of the time

cat > "$WORK/agencies.xml" <<XML
<inventory xmlns="urn:vigil:inventory:1" id="test">
  <province xml:lang="en">Nowhere</province>
  <agency id="lab-1" categories="lab"><name xml:lang="en">Lab 1</name><host>lab-1</host></agency>
  <agency id="lab-2" categories="lab"><name xml:lang="en">Lab 2</name><host>lab-2</host></agency>
  <agency id="office" categories="office"><name xml:lang="en">Office</name><host>office-1</host></agency>
</inventory>
XML
"$REPORT" --catalogue "$CAT" \
  --inventory "$WORK/agencies.xml" --datadir "$WORK/rrd" --xml "$WORK/report.xml" --summary
rc=$?
expect_eq "exit status" "$rc" 2
"$XMLLINT" --noout --schema "$top_srcdir/schemas/report.xsd" "$WORK/report.xml" 2>&1 | grep -q validates &&
  ok "report.xml validates" || not_ok "report.xml does not validate"
R="$WORK/report.xml"
I() { echo "//*[local-name()='agency'][@id='$1']/*[local-name()='item'][@id='$2']"; }
expect_eq "window from the catalogue" "$(xp "$R" "//*[local-name()='window']/@from")" 2021-01-03T00:00:00Z
expect_eq "lab-1 A.1" "$(xp "$R" "$(I lab-1 A.1)/@status")" pass
expect_eq "lab-1 A.1 figure" "$(xp "$R" "$(I lab-1 A.1)/*[local-name()='check']/*[local-name()='evidence']/@value")" 1260
expect_eq "lab-1 A.2" "$(xp "$R" "$(I lab-1 A.2)/@status")" pass
expect_eq "lab-2 A.1" "$(xp "$R" "$(I lab-2 A.1)/@status")" fail
expect_eq "lab-2 A.1 figure" "$(xp "$R" "$(I lab-2 A.1)/*[local-name()='check']/*[local-name()='evidence']/@value")" 7200
expect_eq "lab-2 A.2 (a third of the time)" "$(xp "$R" "$(I lab-2 A.2)/@status")" fail
expect_eq "office A.1" "$(xp "$R" "$(I office A.1)/@status")" not-applicable
expect_eq "office A.3 (manual, unattested)" "$(xp "$R" "$(I office A.3)/@status")" nodata
expect_eq "office A.2 (no data at all)" "$(xp "$R" "$(I office A.2)/@status")" nodata

# Attestations and waivers: shown as such, never as measured passes.
cat > "$WORK/attestations.xml" <<XML
<attestations xmlns="urn:vigil:attestation:1" directive="test-weekend-2031">
  <attestation agency="office" check="A.3.book" result="pass" date="2021-01-02">
    <officer>Trần Thị B</officer><evidence>Signed on page 12</evidence>
  </attestation>
  <waiver agency="lab-2" check="A.1.copy-age" expires="2021-02-01T00:00:00+07:00">
    <approver>Director</approver><reason>Backup disk replaced on Saturday</reason>
  </waiver>
  <waiver agency="lab-2" check="A.2.heartbeat" expires="2021-01-04T00:00:00Z">
    <approver>Director</approver><reason>Network works on Saturday</reason>
  </waiver>
</attestations>
XML
"$REPORT" --catalogue "$CAT" --inventory "$WORK/agencies.xml" \
  --datadir "$WORK/rrd" --attestations "$WORK/attestations.xml" --xml "$WORK/attested.xml" \
  --html "$WORK/attested.html" --lang en > /dev/null
expect_eq "exit status with attestations" "$?" 2
A="$WORK/attested.xml"
"$XMLLINT" --noout --schema "$top_srcdir/schemas/report.xsd" "$A" 2>&1 | grep -q validates &&
  ok "attested report validates" || not_ok "attested report does not validate"
C() { echo "$(I "$1" "$2")/*[local-name()='check']"; }
expect_eq "office A.3 attested" "$(xp "$A" "$(C office A.3)/@status")" manual-pass
expect_eq "office A.3 officer" "$(xp "$A" "$(C office A.3)/*[local-name()='attestation']/@officer")" "Trần Thị B"
expect_eq "office A.3 item rests on the attestation" "$(xp "$A" "$(I office A.3)/@status")" manual-pass
expect_eq "office A.3 attestation dated before the window: flagged" \
  "$(xp "$A" "$(C office A.3)/*[local-name()='attestation']/@dated")" before-window
expect_eq "lab-2 A.1 waived" "$(xp "$A" "$(C lab-2 A.1)/@status")" waived
expect_eq "lab-2 A.1 measured status kept" "$(xp "$A" "$(C lab-2 A.1)/@measured-status")" fail
expect_eq "lab-2 A.1 figure kept" "$(xp "$A" "$(C lab-2 A.1)/*[local-name()='evidence']/@value")" 7200
expect_eq "lab-2 A.2 expired waiver not applied" "$(xp "$A" "$(C lab-2 A.2)/*[local-name()='waiver']/@applied")" false
expect_eq "lab-2 A.2 still fails" "$(xp "$A" "$(C lab-2 A.2)/@status")" fail
S="//*[local-name()='summary']"
expect_eq "summary counts the waiver" "$(xp "$A" "$S/*[local-name()='item'][@id='A.1']/@waived")" 1
awk -v a="$(xp "$A" "$S/@score")" -v b="$(xp "$A" "$S/@score-after-waivers")" 'BEGIN { exit !(b > a) }' &&
  ok "score after waivers is above the score" || not_ok "score after waivers not above the score"
grep -q "Waiver expired, not applied:" "$WORK/attested.html" && ok "HTML says the waiver expired" ||
  not_ok "HTML does not mention the expired waiver"
grep -q "Signed on page 12" "$WORK/attested.html" && ok "HTML shows the attestation" ||
  not_ok "HTML lacks the attestation"
grep -q "dated before the window" "$WORK/attested.html" && ok "HTML flags its date" ||
  not_ok "HTML does not flag the attestation's date"
grep -q 'data-status="manual-pass"[^>]*><a[^>]*>✓\*' "$WORK/attested.html" &&
  ok "the HTML matrix marks the attested item" || not_ok "the matrix does not mark the attested item"
"$REPORT" --catalogue "$CAT" --inventory "$WORK/agencies.xml" --datadir "$WORK/rrd" \
  --attestations "$WORK/attestations.xml" --format table --csv "$WORK/attested.csv" \
  > "$WORK/attested-table.txt" 2> /dev/null
"$REPORT" --catalogue "$CAT" --inventory "$WORK/agencies.xml" --datadir "$WORK/rrd" \
  --attestations "$WORK/attestations.xml" --summary --export "$WORK/attested-export.xml" \
  > "$WORK/attested.txt" 2> /dev/null
E="//*[local-name()='item'][@id='A.3']/*[local-name()='category'][@id='office']"
expect_eq "export: office's A.3 counted as a pass, attested" \
  "$(xp "$WORK/attested-export.xml" "concat($E/@pass, ' ', $E/@manual-pass)")" "1 1"
"$REPORT" --verify "$WORK/attested-export.xml" --schemas "$top_srcdir/schemas" 2>&1 |
  grep -q "valid and its digest matches" && ok "the export is valid and intact" || not_ok "the export is not intact"
line_of() { # line_of AGENCY ITEM: the item's line in the terminal summary
  awk -v a="$1" -v i="$2" '/^[^ ]/ { f = ($1 == a) } f && $1 == i' "$WORK/attested.txt" | tr -s ' '
}
expect_eq "terminal: the attested item" "$(line_of office A.3)" \
  " A.3 manual-pass A.3.book: attested pass by Trần Thị B on 2021-01-02, before the window"
expect_eq "terminal: the waived item" "$(line_of lab-2 A.1)" \
  " A.1 waived A.1.copy-age: waived by Director until 2021-02-01T00:00:00+07:00 (measured: fail)"
expect_eq "table: office's row" "$(grep '^office ' "$WORK/attested-table.txt" | tr -s ' ')" "office - NODATA pass* "
expect_eq "CSV: lab-2's A.1, office's A.3" \
  "$(tr -d '\r' < "$WORK/attested.csv" | awk -F, '/^lab-2,/ {a = $5} /^office,/ {b = $7} END {print a, b}')" \
  "waived manual-pass"

# Comparison with a previous report.
"$REPORT" --catalogue "$CAT" --inventory "$WORK/agencies.xml" \
  --datadir "$WORK/rrd" --attestations "$WORK/attestations.xml" --previous "$R" \
  --xml "$WORK/compared.xml" --html "$WORK/compared.html" --lang en > /dev/null
K="$WORK/compared.xml"
"$XMLLINT" --noout --schema "$top_srcdir/schemas/report.xsd" "$K" 2>&1 | grep -q validates &&
  ok "compared report validates" || not_ok "compared report does not validate"
expect_eq "lab-2 A.1: fail then waived" "$(xp "$K" "$(I lab-2 A.1)/@previous"),$(xp "$K" "$(I lab-2 A.1)/@change")" "fail,fixed"
expect_eq "lab-2 A.2: still failing" "$(xp "$K" "$(I lab-2 A.2)/@change")" still-failing
expect_eq "lab-1 A.1: pass then pass, no change" "$(xp "$K" "$(I lab-1 A.1)/@previous"),$(xp "$K" "$(I lab-1 A.1)/@change")" "pass,"
CH="//*[local-name()='summary']/*[local-name()='changes']"
expect_eq "changes counted" "$(xp "$K" "$CH/@newly-failing")/$(xp "$K" "$CH/@fixed")/$(xp "$K" "$CH/@still-failing")" "0/1/1"
"$REPORT" --catalogue "$CAT" --inventory "$WORK/agencies.xml" \
  --datadir "$WORK/rrd" --previous "$WORK/attested.xml" --xml "$WORK/back.xml" > /dev/null
expect_eq "lab-2 A.1: waived then failing again" "$(xp "$WORK/back.xml" "$(I lab-2 A.1)/@change")" newly-failing
grep -q 'still failing' "$WORK/compared.html" && ok "HTML shows the changes" || not_ok "HTML lacks the changes"
"$REPORT" --catalogue "$top_srcdir/directives/qng-415-stttt-2020.xml" --inventory "$top_srcdir/examples/agencies.xml" \
  --datadir "$WORK/rrd" --previous "$R" --xml "$WORK/other.xml" 2> "$WORK/other.err"
expect_eq "a previous report of another directive is refused" "$?" 1
grep -q "the previous report is for directive 'test-weekend-2031', not 'qng-415-stttt-2020'" "$WORK/other.err" &&
  ok "and the error says which" || not_ok "error: $(cat "$WORK/other.err")"

# The terminal table and the CSV of the matrix.
"$REPORT" --catalogue "$CAT" --inventory "$WORK/agencies.xml" \
  --datadir "$WORK/rrd" --format table --csv "$WORK/matrix.csv" > "$WORK/table.txt" 2> "$WORK/table.err"
expect_eq "table: lab-2's row" "$(grep '^lab-2 ' "$WORK/table.txt" | tr -s ' ')" "lab-2 FAIL FAIL - "
expect_eq "CSV: header, after the byte order mark" "$(head -1 "$WORK/matrix.csv" | tr -d '\r' | od -An -c | tr -s ' \n' ' ')" \
  "$(printf '\357\273\277agency,name_vi,name_en,categories,A.1,A.2,A.3\n' | od -An -c | tr -s ' \n' ' ')"
expect_eq "CSV: office's row" "$(grep '^office,' "$WORK/matrix.csv" | tr -d '\r')" \
  "office,Office,Office,office,not-applicable,nodata,nodata"
expect_eq "no progress bar when stderr is not a terminal" "$(cat "$WORK/table.err")" ""
# On a terminal (script(1) gives the run one): the progress bar is wiped
# before each line of the table, and the table fits the terminal's width.
for cols in 200 30; do
  COLUMNS=$cols script -qec "stty cols $cols 2> /dev/null; $REPORT --catalogue $CAT --inventory $WORK/agencies.xml --datadir $WORK/rrd --jobs 1" \
    /dev/null < /dev/null > "$WORK/tty-$cols.raw" 2>&1
  # what the terminal shows: each line after its last carriage return or erase
  tr -d '\r' < "$WORK/tty-$cols.raw" | sed 's/.*\x1b\[K//' > "$WORK/tty-$cols.txt"
  expect_eq "terminal $cols wide: no line shows the progress bar" "$(grep -c 'vigil-report: \[' "$WORK/tty-$cols.txt")" 0
  expect_eq "terminal $cols wide: the longest line fits" \
    "$(awk -v w=$cols '{ if (length($0) > m) m = length($0) } END { print (m <= w) ? "yes" : "no " m }' "$WORK/tty-$cols.txt")" yes
done
expect_eq "terminal 200 wide: lab-2's row in full" "$(grep '^lab-2 ' "$WORK/tty-200.txt" | tr -s ' ')" "lab-2 FAIL FAIL - "
expect_eq "terminal 30 wide: lab-2's row in codes" "$(grep '^lab-2 ' "$WORK/tty-30.txt" | tr -s ' ')" "lab-2 F F - "
grep -q "^P/F measured" "$WORK/tty-30.txt" && ok "terminal 30 wide: the legend explains the codes" ||
  not_ok "legend: $(tail -2 "$WORK/tty-30.txt")"

hits=$(grep -nE '415|STTTT|\bI\.[1-7]\b|\bII\.[1-3]\b' "$top_srcdir"/reports/*.[ch])
expect_eq "reports/ naming a directive" "$hits" ""
it_finish

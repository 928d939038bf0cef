#!/usr/bin/env bash
# A golden province: RRD files with a known truth, made with rrdtool over the
# 415 catalogue's real window (2020-04-30T00:00+07:00 to 2020-05-04T00:00+07:00,
# 96 h), a journal, attestations with a maintenance window, a waiver and an
# expired waiver; vigil-report must give every status and figure the truth
# written here: availability, longest outage, coverage, backup age, planned
# and unplanned seconds, incidents and their age, a stray host, the score
# before and after waivers, and the export's sums.
#
#   dc (it-centre, host dc-web)
#     portal  down 2020-04-29T16:00Z-19:00Z (1 h of it before the window),
#             down 2020-04-30T10:00Z-12:00Z, no data 2020-05-01T00:00Z-06:00Z,
#             down 2020-05-03T16:30Z-17:30Z (half of it after the window)
#     mail    down 2020-05-02T00:00Z-12:00Z, inside approved maintenance
#     backup  3 files, the newest 30 min old at the window's start; uptime all along
#     waived: I.6.probe-coverage (to 2020-06-01); expired: I.6.longest-outage
#   soc (incident-team, host soc-host): no incident at all
#   cert (incident-team, host cert-host): incident I1 open 30 h from 2020-05-01T00:00Z
#   ghost: a host that sends but is in no agency
set -u
. "$(dirname "$0")/lib.sh"
CAT="$top_srcdir/directives/qng-415-stttt-2020.xml"

it_setup
it_pki
W0=1588179600          # 2020-04-29T17:00:00Z, the window's start
W1=$((W0 + 345600))    # 96 h later
FIRST=$((W0 - 7200))   # the series run from 2 h before the window
LAST=$((W1 + 3600))    # to 1 h after it
B0=$((W0 - 3600))      # portal outage across the window's start: 3 h
A0=1588240800          # 2020-04-30T10:00:00Z: portal down 2 h
G0=1588291200          # 2020-05-01T00:00:00Z: 6 h without data from the portal
E0=$((W1 - 1800))      # portal down 1 h across the window's end
M0=1588377600          # 2020-05-02T00:00:00Z: mail down 12 h, in maintenance
I0=1588291200          # 2020-05-01T00:00:00Z: cert's incident, open 30 h
I_LEN=108000

# rrd HOST/PLUGIN/TYPE DS AWK-EXPRESSION: an RRD as collectd makes it (60 s
# step, AVERAGE/MIN/MAX) with a value every minute from FIRST to LAST; the
# expression gives the value at t (the row (t-60, t]), or "skip" for none.
rrd() {
  local f="$WORK/rrd/$1.rrd"
  mkdir -p "$(dirname "$f")"
  "$RRDTOOL" create "$f" --start $((FIRST - 60)) --step 60 "DS:$2:GAUGE:120:U:U" \
    RRA:AVERAGE:0.5:1:8000 RRA:MIN:0.5:1:8000 RRA:MAX:0.5:1:8000 || not_ok "rrdtool create $1"
  awk -v first=$FIRST -v last=$LAST -v W0=$W0 -v B0=$B0 -v A0=$A0 -v G0=$G0 -v M0=$M0 \
    -v E0=$E0 -v I0=$I0 -v L=$I_LEN "BEGIN { for (t = first; t <= last; t += 60) { v = ($3); if (v != \"skip\") print t \":\" v } }" |
    xargs -n 720 "$RRDTOOL" update "$f" || not_ok "rrdtool update $1"
}
rrd dc-web/vigil_probe-portal/vigil_state-up value \
  '(t > B0 && t <= B0 + 10800) || (t > A0 && t <= A0 + 7200) || (t > E0 && t <= E0 + 3600) ? 0 : (t > G0 && t < G0 + 21600) ? "skip" : 1'
rrd dc-web/vigil_probe-mail/vigil_state-up value '(t > M0 && t <= M0 + 43200) ? 0 : 1'
rrd dc-web/vigil_backup-db/files-matching value 3
rrd dc-web/vigil_backup-db/duration-newest_age seconds '(t - (W0 - 1800) + 864000) % 86400'
rrd soc-host/vigil_incident-soc/count-open value 0
rrd soc-host/vigil_incident-soc/duration-oldest_open_age seconds 0
rrd cert-host/vigil_incident-cert/count-open value '(t > I0 && t <= I0 + L) ? 1 : 0'
rrd cert-host/vigil_incident-cert/duration-oldest_open_age seconds '(t > I0 && t <= I0 + L) ? t - I0 : 0'
for h in dc-web soc-host cert-host ghost; do rrd "$h/uptime/uptime" value 1000; done
printf 'open\tI1\t%s\tcert-host/vigil_probe-vpn/vigil_state-up\tvpn is down\nclose\tI1\t%s\n' \
  $I0 $((I0 + I_LEN)) > "$WORK/cert.journal"

cat > "$WORK/agencies.xml" <<XML
<inventory xmlns="urn:vigil:inventory:1" id="golden">
  <province xml:lang="en">Golden province</province>
  <agency id="dc" categories="it-centre"><name xml:lang="en">Data centre</name><host>dc-web</host></agency>
  <agency id="soc" categories="incident-team"><name xml:lang="en">SOC</name><host>soc-host</host></agency>
  <agency id="cert" categories="incident-team"><name xml:lang="en">CERT</name><host>cert-host</host></agency>
</inventory>
XML
cat > "$WORK/attestations.xml" <<XML
<attestations xmlns="urn:vigil:attestation:1" directive="qng-415-stttt-2020">
  <maintenance hosts="dc-web" instances="mail" from="$(iso $M0)" to="$(iso $((M0 + 43200)))">
    <approver>Director of the data centre</approver><reason>Mail server migration</reason>
  </maintenance>
  <waiver agency="dc" check="I.6.probe-coverage" expires="2020-06-01T00:00:00+07:00">
    <approver>Director</approver><reason>Probe host replaced on 1 May</reason>
  </waiver>
  <waiver agency="dc" check="I.6.longest-outage" expires="2020-05-01T00:00:00+07:00">
    <approver>Director</approver><reason>Expires before the window ends</reason>
  </waiver>
</attestations>
XML
"$REPORT" --catalogue "$CAT" --inventory "$WORK/agencies.xml" --datadir "$WORK/rrd" \
  --attestations "$WORK/attestations.xml" --journal "cert-host=$WORK/cert.journal" \
  --sign-key "$WORK/pki/province.key" --sign-cert "$WORK/pki/province.pem" \
  --xml "$WORK/report.xml" --export "$WORK/export.xml" --html "$WORK/report.html" --graphs problems \
  --format list > "$WORK/out" 2> "$WORK/err"
expect_eq "vigil-report over the golden province: exit (items fail)" $? 2
R="$WORK/report.xml"
"$XMLLINT" --noout --schema "$top_srcdir/schemas/report.xsd" "$R" 2>&1 | grep -q validates &&
  ok "report.xml validates" || not_ok "report.xml does not validate: $(cat "$WORK/err")"
expect_eq "the window read is the catalogue's" \
  "$(xp "$R" "concat(//*[local-name()='window']/@from, ' ', //*[local-name()='window']/@to)")" \
  "2020-04-30T00:00:00+07:00 2020-05-04T00:00:00+07:00"

ag() { echo "//*[local-name()='agency'][@id='$1']"; }
chk() { echo "$(ag "$1")//*[local-name()='check'][@id='$2']"; }
evi() { echo "$(chk "$1" "$2")/*[local-name()='evidence'][@plugin-instance='$3']"; }
is() { expect_eq "$1" "$(xp "$R" "$2")" "$3"; }

# ---- dc: availability, outages, coverage, maintenance ----
P=$(evi dc I.6.availability portal)
is "portal: known seconds (96 h less the 6 h gap)" "$P/@known-seconds" 324000
is "portal: coverage 324000 / 345600" "$P/@coverage" 0.9375
is "portal: availability 1 - 16200 / 324000" "$P/@value" 0.95
is "portal: exact at 60 s rows" "$P/@exact" true
is "portal: unplanned outage (2 h + 2 h + 30 min inside the window)" "$P/@unplanned-outage-seconds" 16200
is "portal: no maintenance" "$P/@maintenance-seconds" ""
is "portal: availability fails" "$P/@status" fail
is "portal: three outages" "$P/@outages" 3
is "portal: the first starts at the window's start (the part before is not judged)" \
  "$P/*[local-name()='outage'][1]/@from" "2020-04-30T00:00:00+07:00"
is "portal: and lasts 2 h" "$P/*[local-name()='outage'][1]/@seconds" 7200
is "portal: the second" "concat($P/*[local-name()='outage'][2]/@from, ' ', $P/*[local-name()='outage'][2]/@seconds)" \
  "2020-04-30T17:00:00+07:00 7200"
is "portal: the third ends at the window's end" \
  "concat($P/*[local-name()='outage'][3]/@from, ' ', $P/*[local-name()='outage'][3]/@to, ' ', $P/*[local-name()='outage'][3]/@seconds)" \
  "2020-05-03T23:30:00+07:00 2020-05-04T00:00:00+07:00 1800"
is "portal: one gap of 6 h" "concat($P/@gaps, ' ', $P/*[local-name()='gap']/@from, ' ', $P/*[local-name()='gap']/@seconds)" \
  "1 2020-05-01T07:00:00+07:00 21600"
M=$(evi dc I.6.availability mail)
is "mail: availability outside maintenance" "$M/@value" 1
is "mail: coverage outside maintenance" "$M/@coverage" 1
is "mail: maintenance seconds" "$M/@maintenance-seconds" 43200
is "mail: planned outage seconds" "$M/@planned-outage-seconds" 43200
is "mail: unplanned outage seconds" "$M/@unplanned-outage-seconds" 0
is "mail: passes" "$M/@status" pass
is "I.6.availability fails (portal)" "$(chk dc I.6.availability)/@status" fail
is "portal: longest outage 2 h" "$(evi dc I.6.longest-outage portal)/@value" 7200
is "mail: longest outage outside maintenance" "$(evi dc I.6.longest-outage mail)/@value" 0
is "I.6.longest-outage fails: its waiver expired before the window's end" \
  "$(chk dc I.6.longest-outage)/@status" fail
is "portal: probe coverage" "$(evi dc I.6.probe-coverage portal)/@value" 0.9375
is "I.6.probe-coverage waived" "$(chk dc I.6.probe-coverage)/@status" waived
is "I.6 fails" "$(ag dc)//*[local-name()='item'][@id='I.6']/@status" fail
is "I.6.duty: no roster data" "$(chk dc I.6.duty)/@status" nodata
# ---- dc: backups and monitoring ----
is "backup: newest copy 30 min old at the window's start" "$(evi dc I.1.backup-fresh db)/@value" 1800
is "backup fresh" "$(chk dc I.1.backup-fresh)/@status" pass
is "backup: 3 files" "$(evi dc I.1.backup-exists db)/@value" 3
is "monitoring: uptime all along" "$(chk dc I.1.monitoring)/*[local-name()='evidence']/@value" 1

# ---- incident teams ----
for c in I.7.incidents-open I.7.incident-age I.7.monitoring; do
  is "soc, no incident: $c" "$(chk soc $c)/@status" pass
done
is "soc: oldest open age 0" "$(chk soc I.7.incident-age)/*[local-name()='evidence']/@value" 0
is "soc: I.7 passes" "$(ag soc)//*[local-name()='item'][@id='I.7']/@status" pass
is "cert: incidents open 30 h without a break" "$(chk cert I.7.incidents-open)/*[local-name()='evidence']/@value" $I_LEN
is "cert: fails" "$(chk cert I.7.incidents-open)/@status" fail
E="$(chk cert I.7.incident-age)/*[local-name()='evidence']"
is "cert: oldest open age 30 h" "$E/@value" $I_LEN
is "cert: incident-age fails" "$(chk cert I.7.incident-age)/@status" fail
is "cert: the incident named from the journal" \
  "concat($E/*[local-name()='incident']/@id, ' ', $E/*[local-name()='incident']/@opened, ' ', $E/*[local-name()='incident']/@age-seconds, ' ', $E/*[local-name()='incident']/@over)" \
  "I1 2020-05-01T07:00:00+07:00 108000 true"
grep -q "I.7 *fail *I.7.incidents-open: 30 h 00 min @cert .*; incident I1 opened 2020-05-01T00:00:00Z, open 30 h 00 min" "$WORK/out" &&
  ok "the terminal names it" || not_ok "the terminal does not name the incident: $(grep I.7 "$WORK/out")"

grep -q 'class="spans incidents">Sự cố (1): <strong>I1</strong> cert-host/vigil_probe-vpn' "$WORK/report.html" &&
  ok "the page names the incident (in Vietnamese)" || not_ok "the page does not name the incident"
[ -n "${GOLDEN_KEEP:-}" ] && cp "$WORK/report.html" "$WORK/report.xml" "$GOLDEN_KEEP/"

# ---- the data folder ----
S="//*[local-name()='summary']"
is "the stray host" "concat(count($S/*[local-name()='stray-host']), ' ', $S/*[local-name()='stray-host']/@host)" "1 ghost"
is "no inventory host missing" "count($S/*[local-name()='missing-host'])" 0

# ---- the score, from the truth: every applicable check's weight ----
weight() { case $1 in low) echo 1 ;; medium) echo 2 ;; high) echo 3 ;; critical) echo 5 ;; esac; }
applicable() { # the severities of the checks that apply to category $1
  "$XMLLINT" --xpath "//*[local-name()='item'][contains(concat(' ', @applies-to, ' '), ' $1 ')]/*[local-name()='check']/@severity" "$CAT" 2>/dev/null |
    grep -o '"[a-z]*"' | tr -d '"'
}
total=0
for cat in it-centre incident-team incident-team; do
  for s in $(applicable $cat); do total=$((total + $(weight "$s"))); done
done
# passing: dc's two backup checks and monitoring (high); soc's I.1.monitoring
# and its three I.7 checks (high); cert's I.1.monitoring and I.7.monitoring (high)
passed=$((3 * 3 + 4 * 3 + 2 * 3))
waived=$(weight medium) # dc's I.6.probe-coverage
rounded() { awk -v v="$(xp "$R" "$1")" 'BEGIN { printf "%.3f", v }'; }
expect_eq "the score before waivers" "$(rounded "$S/@score")" \
  "$(awk -v p=$passed -v t=$total 'BEGIN { printf "%.3f", 100 * p / t }')"
expect_eq "the score after waivers" "$(rounded "$S/@score-after-waivers")" \
  "$(awk -v p=$passed -v t=$total -v w=$waived 'BEGIN { printf "%.3f", 100 * p / (t - w) }')"

# ---- the export's sums ----
X="$WORK/export.xml"
for f in "$X" "$R"; do
  "$REPORT" --verify "$f" --trust "$WORK/pki/ca.pem" > /dev/null 2>&1 && ok "$(basename "$f") is signed and verifies" ||
    not_ok "$(basename "$f") does not verify"
done
O="//*[local-name()='item'][@id='I.6']/*[local-name()='outage'][@check='I.6.availability'][@category='it-centre']"
expect_eq "export: I.6.availability maintenance, planned, unplanned seconds" \
  "$(xp "$X" "concat($O/@agencies, ' ', $O/@maintenance-seconds, ' ', $O/@planned-outage-seconds, ' ', $O/@unplanned-outage-seconds)")" \
  "1 43200 43200 16200"
expect_eq "export: I.7 for incident teams, one pass and one fail" \
  "$(xp "$X" "concat(//*[local-name()='item'][@id='I.7']/*[local-name()='category'][@id='incident-team']/@pass, ' ', //*[local-name()='item'][@id='I.7']/*[local-name()='category'][@id='incident-team']/@fail)")" \
  "1 1"

# ---- the page in Vietnamese: none of the writer's English ----
# The report again, compared with the first (changed items) and with an
# officer's attestation more, as a director reads it: printed by headless
# Chromium, the visible text read from the PDF.
sed 's|</attestations>|  <attestation agency="soc" check="I.3.briefing" result="pass" date="2020-04-28">\
    <officer>Nguyễn Văn A</officer><evidence>Biên bản phổ biến số 12</evidence>\
  </attestation>\
</attestations>|' "$WORK/attestations.xml" > "$WORK/vi-attestations.xml"
"$REPORT" --catalogue "$CAT" --inventory "$WORK/agencies.xml" --datadir "$WORK/rrd" \
  --attestations "$WORK/vi-attestations.xml" --journal "cert-host=$WORK/cert.journal" --previous "$R" \
  --xml "$WORK/vi.xml" --html "$WORK/vi.html" --graphs problems > /dev/null 2>&1
for st in nodata manual-pass waived fail; do
  [ "$(xp "$WORK/vi.xml" "count(//*[local-name()='check'][@status='$st'])")" -gt 0 ] &&
    ok "the page has a $st check" || not_ok "no $st check to show"
done
[ "$(xp "$WORK/vi.xml" "count(//*[local-name()='item'][@change])")" -gt 0 ] && ok "the page has changed items" ||
  not_ok "no changed item"
it_vietnamese_page "$WORK/vi.html" vi
grep -q "giờ" "$WORK/vi.txt" && grep -q "Không có dữ liệu" "$WORK/vi.txt" &&
  ok "units and statuses in Vietnamese" || not_ok "the page has no Vietnamese units"
it_finish

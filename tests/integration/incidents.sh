#!/usr/bin/env bash
# End to end for vigil_incident: a real collectd receives a FAILURE
# notification through its unixsock (collectdctl putnotif), is killed with
# SIGKILL and restarted with the incident still open, the incident is
# acknowledged with vigil-checkin --ack and closed by an OKAY; vigil-report
# then names the period the incident was open. Notifications go to the
# unixsock as PUTNOTIF lines (tests/sock_send).
set -u
. "$(dirname "$0")/lib.sh"
CHECKIN="$top_builddir/vigil-checkin"
SEND="$top_builddir/tests/sock_send"
[ -x "$SEND" ] || { echo "$SEND is not built (make check builds it)"; exit 1; }

it_setup
cp /usr/lib/collectd/unixsock.so "$WORK/plugins/"
mkdir -p "$WORK/var/acks"
it_collectd_conf inc inc-host "
LoadPlugin unixsock
<Plugin unixsock>
  SocketFile \"$WORK/var/collectd.sock\"
  DeleteSocket true
</Plugin>
LoadPlugin vigil_incident
<Plugin vigil_incident>
  Team \"soc\"
  Journal \"$WORK/var/incidents.journal\"
  AckDir \"$WORK/var/acks\"
</Plugin>"
ctl() { "${RUN_AS[@]}" "$SEND" "$WORK/var/collectd.sock" "$*" > /dev/null; }
it_collectd_start inc
start=$(date +%s)
sleep 2 # the scenario: two quiet seconds, then an incident
opened=$(date +%s)
ctl PUTNOTIF severity=failure time="$opened" host=dc-portal01 plugin=vigil_probe \
  plugin_instance=portal type=vigil_state type_instance=up message=\"portal is down\"
expect_eq "PUTNOTIF failure accepted" "$?" 0
wait_for "the incident in the journal" 10 has_line "$WORK/var/incidents.journal" '^open'$'\t''I1'
sleep 2 # the incident stays open for a while
kill -9 "$(cat "$WORK/inc.pid")"
wait_for "collectd to die" 10 not_running "$(cat "$WORK/inc.pid")"
expect_eq "the journal holds the open incident after SIGKILL" \
  "$(cut -f1,2,4 "$WORK/var/incidents.journal")" "$(printf 'open\tI1\tdc-portal01/vigil_probe-portal/vigil_state-up')"
it_collectd_start inc
grep -q "1 incident(s) still open from the journal" "$WORK/var/inc.log" &&
  ok "restarted collectd restores the open incident" || not_ok "not restored: $(tail -5 "$WORK/var/inc.log")"
"${RUN_AS[@]}" "$CHECKIN" --ack I1 --person nva --ack-dir "$WORK/var/acks" > /dev/null
expect_eq "vigil-checkin --ack" "$?" 0
chmod a+r "$WORK/var/acks/I1"
wait_for "the acknowledgement in the journal" 10 has_line "$WORK/var/incidents.journal" '^ack'
closed=$(date +%s)
ctl PUTNOTIF severity=okay time="$closed" host=dc-portal01 plugin=vigil_probe \
  plugin_instance=portal type=vigil_state type_instance=up message=\"portal is up\"
wait_for "the closing in the journal" 10 has_line "$WORK/var/incidents.journal" '^close'
sleep 2 # the scenario: two seconds with nothing open
end=$(date +%s)
it_collectd_stop inc
expect_eq "the journal: opened, acknowledged, closed" "$(cut -f1,2 "$WORK/var/incidents.journal" | tr '\t\n' ' ')" \
  "open I1 ack I1 close I1 "
expect_eq "acknowledged by nva" "$(grep '^ack' "$WORK/var/incidents.journal" | cut -f4)" nva

cat > "$WORK/agencies.xml" <<XML
<inventory xmlns="urn:vigil:inventory:1" id="it">
  <province xml:lang="en">Test province</province>
  <agency id="cert" categories="incident-team"><name xml:lang="en">CERT</name><host>inc-host</host></agency>
</inventory>
XML
"$REPORT" --catalogue "$top_srcdir/directives/qng-415-stttt-2020.xml" --inventory "$WORK/agencies.xml" \
  --datadir "$WORK/rrd" --from "$(iso "$start")" --to "$(iso $((end - 1)))" \
  --xml "$WORK/report.xml" > /dev/null 2>&1
R="$WORK/report.xml"
"$XMLLINT" --noout --schema "$top_srcdir/schemas/report.xsd" "$R" 2>&1 | grep -q validates &&
  ok "report.xml validates" || not_ok "report.xml does not validate"
C="//*[local-name()='check'][@id='I.7.incidents-open']"
expect_eq "I.7 incidents resolved in time" "$(xp "$R" "$C/@status")" pass
O="$C/*[local-name()='evidence']/*[local-name()='outage']"
expect_eq "one period with an incident open" "$(xp "$R" "count($O)")" 1
expect_between "it starts when the incident opened (to the interval)" \
  "$(date -d "$(xp "$R" "$O/@from")" +%s)" $((opened - 1)) $((opened + 2))
expect_between "it ends when it closed (to the interval)" \
  "$(date -d "$(xp "$R" "$O/@to")" +%s)" $((closed - 1)) $((closed + 2))
A="//*[local-name()='check'][@id='I.7.incident-age']"
expect_eq "I.7 no incident left open too long" "$(xp "$R" "$A/@status")" pass
expect_between "the oldest open incident's age is the incident's length (s)" \
  "$(xp "$R" "$A/*[local-name()='evidence']/@value" | cut -d. -f1)" 1 $((closed - opened + 2))

# The same team before its incident: no incident at all is evidence too.
"$REPORT" --catalogue "$top_srcdir/directives/qng-415-stttt-2020.xml" --inventory "$WORK/agencies.xml" \
  --datadir "$WORK/rrd" --from "$(iso "$start")" --to "$(iso $((opened - 1)))" \
  --xml "$WORK/quiet.xml" > /dev/null 2>&1
for chk in I.7.incidents-open I.7.incident-age; do
  expect_eq "a team with no incident: $chk" \
    "$(xp "$WORK/quiet.xml" "//*[local-name()='check'][@id='$chk']/@status")" pass
done
expect_eq "with an oldest open age of" \
  "$(xp "$WORK/quiet.xml" "$A/*[local-name()='evidence']/@value")" 0

# The catalogue drives the live alarms too: thresholds emitted from it make
# a stale backup raise a FAILURE at once, and vigil_incident records it.
"$REPORT" --catalogue "$top_srcdir/directives/qng-415-stttt-2020.xml" \
  --emit-thresholds "$WORK/thresholds.conf" > /dev/null
expect_eq "vigil-report --emit-thresholds" "$?" 0
cp /usr/lib/collectd/threshold.so "$WORK/plugins/"
mkdir -p "$WORK/backups"
head -c 4096 /dev/urandom > "$WORK/backups/db.sql.gz"
touch -d "@$(($(date +%s) - 3 * 86400))" "$WORK/backups/db.sql.gz"
it_own "$WORK/backups"
it_collectd_conf live live-host "
Include \"$WORK/thresholds.conf\"
LoadPlugin vigil_backup
<Plugin vigil_backup>
  <Location \"db\">
    Path \"$WORK/backups\"
  </Location>
</Plugin>
LoadPlugin vigil_incident
<Plugin vigil_incident>
  Team \"soc\"
  Journal \"$WORK/var/live.journal\"
  AckDir \"$WORK/var/acks\"
</Plugin>"
it_collectd_start live
wait_for "an incident in the live journal" 15 has_line "$WORK/var/live.journal" '^open'
it_collectd_stop live
expect_eq "a stale backup opens an incident through the emitted threshold" \
  "$(cut -f1,4 "$WORK/var/live.journal" 2>/dev/null | head -1)" \
  "$(printf 'open\tlive-host/vigil_backup-db/duration-newest_age')"
it_finish

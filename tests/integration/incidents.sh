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
expect_eq "acknowledged by the user who wrote the file (not the --person it names)" \
  "$(grep '^ack' "$WORK/var/incidents.journal" | cut -f4)" "$("${RUN_AS[@]}" id -un)"
expect_eq "the acknowledgement file is consumed" "$(ls -A "$WORK/var/acks")" ""

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

# With the team host's journal, the evidence names the incident.
"$REPORT" --catalogue "$top_srcdir/directives/qng-415-stttt-2020.xml" --inventory "$WORK/agencies.xml" \
  --datadir "$WORK/rrd" --from "$(iso "$start")" --to "$(iso $((end - 1)))" \
  --journal "inc-host=$WORK/var/incidents.journal" --xml "$WORK/named.xml" > /dev/null 2> "$WORK/named.err"
N="$A/*[local-name()='evidence']/*[local-name()='incident']"
jopened=$(grep '^open' "$WORK/var/incidents.journal" | cut -f3)
jclosed=$(grep '^close' "$WORK/var/incidents.journal" | cut -f3)
expect_eq "--journal: the incident behind I.7's evidence" \
  "$(xp "$WORK/named.xml" "concat(count($N), ' ', $N/@id, ' ', $N/@subject)")" "1 I1 dc-portal01/vigil_probe-portal"
expect_eq "opened when the journal says" "$(date -d "$(xp "$WORK/named.xml" "string($N/@opened)")" +%s)" "$jopened"
expect_eq "closed when the journal says" "$(date -d "$(xp "$WORK/named.xml" "string($N/@closed)")" +%s)" "$jclosed"
expect_eq "its age is its length" "$(xp "$WORK/named.xml" "string($N/@age-seconds)")" $((jclosed - jopened))
expect_eq "acknowledged by" "$(xp "$WORK/named.xml" "string($N/@acknowledged-by)")" "$("${RUN_AS[@]}" id -un)"
expect_eq "not over the 24 h limit" "$(xp "$WORK/named.xml" "string($N/@over)")" ""
expect_eq "the notification's message" "$(xp "$WORK/named.xml" "string($N)")" "portal is down"
"$XMLLINT" --noout --schema "$top_srcdir/schemas/report.xsd" "$WORK/named.xml" 2>&1 | grep -q validates &&
  ok "report.xml with incidents validates" || not_ok "report.xml with incidents does not validate"
printf 'open\tI9\tnot-a-time\tx/y/z\tm\nclose\tI1\t5' > "$WORK/bad.journal"
"$REPORT" --catalogue "$top_srcdir/directives/qng-415-stttt-2020.xml" --inventory "$WORK/agencies.xml" \
  --datadir "$WORK/rrd" --from "$(iso "$start")" --to "$(iso $((end - 1)))" \
  --journal "inc-host=$WORK/bad.journal" --xml "$WORK/bad.xml" > /dev/null 2> "$WORK/bad.err"
grep -qF "$WORK/bad.journal:1: not a journal line (kind, id and time expected); left out" "$WORK/bad.err" &&
  grep -qF "$WORK/bad.journal:2: a torn last line" "$WORK/bad.err" &&
  ok "a bad journal line and a torn one are named with file:line" || not_ok "unclear: $(cat "$WORK/bad.err")"
"$REPORT" --catalogue "$top_srcdir/directives/qng-415-stttt-2020.xml" --inventory "$WORK/agencies.xml" \
  --datadir "$WORK/rrd" --journal "inc-host=$WORK/no-such.journal" --xml "$WORK/none.xml" > /dev/null 2> "$WORK/none.err"
expect_eq "a journal that cannot be read stops the report" "$?" 1
grep -qF "$WORK/no-such.journal: No such file or directory" "$WORK/none.err" && ok "naming it" ||
  not_ok "unclear: $(cat "$WORK/none.err")"

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
# a stale backup, a web service that stops and an expired certificate each
# raise a FAILURE at once, and vigil_incident records one incident for each;
# the service's recovery closes its incident, and nothing else opens one.
"$REPORT" --catalogue "$top_srcdir/directives/qng-415-stttt-2020.xml" \
  --emit-thresholds "$WORK/thresholds.conf" > /dev/null
expect_eq "vigil-report --emit-thresholds" "$?" 0
cp /usr/lib/collectd/threshold.so "$WORK/plugins/"
mkdir -p "$WORK/backups"
head -c 4096 /dev/urandom > "$WORK/backups/db.sql.gz"
touch -d "@$(($(date +%s) - 3 * 86400))" "$WORK/backups/db.sql.gz"
it_own "$WORK/backups"
C="$WORK/certs"
mkdir -p "$C"
ssl() { "${OPENSSL:-openssl}" "$@" > /dev/null 2>&1 || { echo "openssl $* failed"; exit 1; }; }
ssl req -x509 -newkey rsa:2048 -nodes -keyout "$C/ca.key" -out "$C/ca.pem" -days 30 -subj /CN=vigil-test-ca
for cert in expired:-1 soon:3; do # name:days
  ssl req -newkey rsa:2048 -nodes -keyout "$C/${cert%:*}.key" -out "$C/${cert%:*}.csr" -subj /CN=localhost \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1"
  ssl x509 -req -in "$C/${cert%:*}.csr" -CA "$C/ca.pem" -CAkey "$C/ca.key" -days "${cert#*:}" \
    -copy_extensions copy -out "$C/${cert%:*}.pem"
done
chmod -R a+rX "$C"
base=$((20000 + RANDOM % 30000))
web() { # the portal's web server, on for at most a minute; its pid where it_cleanup finds it
  "$top_builddir/tests/probe_server" $base 60 http 200 > "$WORK/web.out" 2>&1 &
  echo $! > "$WORK/web.pid"
}
web
for i in 1 2; do
  cert=$([ $i = 1 ] && echo expired || echo soon)
  "${OPENSSL:-openssl}" s_server -accept "127.0.0.1:$((base + i))" -cert "$C/$cert.pem" -key "$C/$cert.key" \
    -www -quiet > "$WORK/tls-$cert.out" 2>&1 &
  echo $! > "$WORK/tls-$cert.pid"
done
endpoint() { # endpoint NAME PORT: a vigil_tls block for localhost:PORT
  printf '  <Endpoint "%s">\n    Host "localhost"\n    Port "%s"\n    CAFile "%s"\n    Timeout 1\n  </Endpoint>' \
    "$1" "$2" "$C/ca.pem"
}
it_collectd_conf live live-host "
Include \"$WORK/thresholds.conf\"
LoadPlugin vigil_backup
<Plugin vigil_backup>
  <Location \"db\">
    Path \"$WORK/backups\"
  </Location>
</Plugin>
LoadPlugin vigil_probe
<Plugin vigil_probe>
  <Service \"portal\">
    URL \"http://127.0.0.1:$base/\"
    Timeout 1
  </Service>
</Plugin>
LoadPlugin vigil_tls
<Plugin vigil_tls>
$(endpoint expired $((base + 1)))
$(endpoint soon $((base + 2)))
</Plugin>
LoadPlugin vigil_incident
<Plugin vigil_incident>
  Team \"soc\"
  Journal \"$WORK/var/live.journal\"
  AckDir \"$WORK/var/live-acks\"
</Plugin>"
J="$WORK/var/live.journal"
mkdir -p "$WORK/var/live-acks"
listening() { (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null; }
wait_for "the web server" 10 listening $base
wait_for "the TLS servers" 10 listening $((base + 1))
wait_for "the TLS servers" 10 listening $((base + 2))
it_collectd_start live
wait_for "the stale backup's incident" 15 has_line "$J" $'^open\t.*\tlive-host/vigil_backup-db/'
wait_for "the expired certificate's incident" 15 has_line "$J" $'^open\t.*\tlive-host/vigil_tls-expired/'
wait_for "the soon expiring certificate's incident" 15 has_line "$J" $'^open\t.*\tlive-host/vigil_tls-soon/'
wait_for "the portal answering" 15 has_line "$WORK/var/live.log" 'Service "portal" .* is up\.' 
kill "$(cat "$WORK/web.pid")"
wait_for "the portal's outage opening an incident" 15 has_line "$J" $'^open\t.*\tlive-host/vigil_probe-portal/'
web
wait_for "the web server again" 10 listening $base
portal=$(grep -P '^open\t.*\tlive-host/vigil_probe-portal/' "$J" | cut -f2)
wait_for "the portal's recovery closing it" 15 has_line "$J" "^close"$'\t'"$portal"$'\t'
sleep 3 # the scenario: three more intervals with the portal up
it_collectd_stop live
kind_of() { # the journal's kinds of line about a subject, in order
  local ids
  ids=$(grep -P "^open\t.*\tlive-host/$1/" "$J" | cut -f2 | paste -sd'|')
  [ -n "$ids" ] && grep -P "^[a-z]+\t($ids)\t" "$J" | cut -f1 | paste -sd' '
}
expect_eq "a stale backup: one incident, open" "$(kind_of vigil_backup-db)" open
expect_eq "the portal stopped and restarted: one incident, opened and closed" \
  "$(kind_of vigil_probe-portal)" "open close"
expect_eq "an expired certificate: one incident (handshake and time left together), open" \
  "$(kind_of vigil_tls-expired | tr ' ' '\n' | grep -c open)" 1
expect_eq "its failed series" "$(grep -P '^(open|join)\t' "$J" | grep -c 'live-host/vigil_tls-expired/')" 2
expect_eq "a certificate with 3 days left (the catalogue's margin is 14): one incident, open" \
  "$(kind_of vigil_tls-soon)" open
expect_eq "about its time left" "$(grep -P '^open\t' "$J" | grep -o 'live-host/vigil_tls-soon/.*' | cut -f1)" \
  live-host/vigil_tls-soon/timeleft-cert_expiry
expect_eq "no other incident" "$(grep -c '^open' "$J")" 4
expect_eq "no incident about the incidents" "$(grep -c 'vigil_incident' "$J")" 0
it_finish

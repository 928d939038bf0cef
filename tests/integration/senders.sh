#!/usr/bin/env bash
# The network plugin's path made honest, with real collectd instances on
# loopback: a central (Listen with SecurityLevel Encrypt and an AuthFile,
# the filter chain vigil-report --emit-senders writes, vigil_incident with
# IgnoreReceived) and two senders with agency a's credentials, one of them
# claiming agency b's host name.
#   - the value sent for agency-b with a's credentials is dropped, counted
#     for user a, and logged once; a's own values are written;
#   - a value dated a year ahead is dropped and counted for its host, and
#     the host's file keeps updating;
#   - a notification received over the network is not recorded, and an
#     OKAY dated before the incident it would close leaves it open.
set -u
. "$(dirname "$0")/lib.sh"
SEND="$top_builddir/tests/sock_send"
[ -x "$SEND" ] || { echo "$SEND is not built (make check builds it)"; exit 1; }

it_setup
for p in network unixsock; do cp "$STOCK_PLUGINDIR/$p.so" "$WORK/plugins/$p.so"; done
port=$((20000 + ($$ % 20000)))
printf 'a: secret-a\nb: secret-b\n' > "$WORK/var/auth"
chmod 640 "$WORK/var/auth"
mkdir -p "$WORK/var/acks"
it_own "$WORK/var"
it_inventory "$WORK/agencies.xml" a b
"$REPORT" --inventory "$WORK/agencies.xml" --emit-senders "$WORK/senders.conf" > "$WORK/senders.out" 2>&1 &&
  ok "the senders' chain from the inventory: $(cat "$WORK/senders.out")" ||
  not_ok "--emit-senders: $(cat "$WORK/senders.out")"

it_collectd_conf central vigil-central "
LoadPlugin unixsock
<Plugin unixsock>
  SocketFile \"$WORK/var/central.sock\"
  DeleteSocket true
</Plugin>
LoadPlugin network
<Plugin network>
  <Listen \"127.0.0.1\" \"$port\">
    SecurityLevel Encrypt
    AuthFile \"$WORK/var/auth\"
  </Listen>
</Plugin>
LoadPlugin vigil_incident
<Plugin vigil_incident>
  Team \"soc\"
  Journal \"$WORK/var/incidents.journal\"
  AckDir \"$WORK/var/acks\"
  IgnoreReceived true
</Plugin>
Include \"$WORK/senders.conf\""
# sender NAME HOSTNAME USER PASSWORD
sender() {
  it_collectd_conf "$1" "$2" "
LoadPlugin uptime
LoadPlugin unixsock
<Plugin unixsock>
  SocketFile \"$WORK/var/$1.sock\"
  DeleteSocket true
</Plugin>
<LoadPlugin network>
  FlushInterval 1
</LoadPlugin>
<Plugin network>
  <Server \"127.0.0.1\" \"$port\">
    SecurityLevel Encrypt
    Username \"$3\"
    Password \"$4\"
  </Server>
</Plugin>"
  sed -i '/^LoadPlugin rrdtool$/,/^<\/Plugin>$/d' "$WORK/$1.conf"
}
sender agency-a agency-a a secret-a
sender impostor agency-b a secret-a # agency a's credentials, agency b's name
it_collectd_start central
it_collectd_start agency-a
it_collectd_start impostor
up_a="$WORK/rrd/agency-a/uptime/uptime.rrd"
wait_for "agency a's values at the central" 20 test -f "$up_a" && ok "agency a's own values are written"
wait_for "the refusal in the central's log" 20 has_line "$WORK/var/central.log" 'user "a" may not send values for host "agency-b"' &&
  ok "logged: $(grep -o 'vigil_transport plugin: user "a" may not.*' "$WORK/var/central.log" | head -1)"
refused="$WORK/rrd/vigil-central/vigil_transport-a/derive-refused.rrd"
wait_for "user a's refused count" 20 test -f "$refused"
sleep 3 # a few more of the impostor's values
test -e "$WORK/rrd/agency-b" && not_ok "written under agency-b: $(find "$WORK/rrd/agency-b" | head -3)" ||
  ok "nothing written under agency-b"
expect_eq "the refusal logged once for (a, agency-b)" \
  "$(grep -c 'user "a" may not send values for host "agency-b"' "$WORK/var/central.log")" 1

# a value dated a year ahead, sent by agency a's collectd over the network
ahead=$(($(date +%s) + 366 * 86400))
"${RUN_AS[@]}" "$SEND" "$WORK/var/agency-a.sock" "PUTVAL agency-a/uptime/uptime $ahead:1" > /dev/null
wait_for "the future value refused" 20 has_line "$WORK/var/central.log" 'host "agency-a" sent a value dated' &&
  ok "logged: $(grep -o 'vigil_transport plugin: host "agency-a" sent a value dated [0-9]* s ahead' "$WORK/var/central.log" | head -1)"
after=$(date +%s)
sleep 4 # agency a keeps sending
it_collectd_stop impostor
# a FAILURE notification sent over the network from agency a's collectd
"${RUN_AS[@]}" "$SEND" "$WORK/var/agency-a.sock" "PUTNOTIF severity=failure time=$(date +%s) host=agency-a plugin=vigil_probe plugin_instance=portal type=vigil_state type_instance=up message=\"down\"" > /dev/null
wait_for "the received notification ignored" 20 has_line "$WORK/var/central.log" 'notification the network plugin received' &&
  ok "a notification received over the network is not recorded: $(grep -o 'vigil_incident plugin: a notification the network plugin received.*IgnoreReceived)' "$WORK/var/central.log" | head -1)"
# the central's own FAILURE, then an OKAY dated an hour before it
opened=$(date +%s)
ctl() { "${RUN_AS[@]}" "$SEND" "$WORK/var/central.sock" "$*" > /dev/null; }
ctl PUTNOTIF severity=failure time="$opened" host=agency-a plugin=vigil_probe plugin_instance=portal \
  type=vigil_state type_instance=up message=\"portal is down\"
wait_for "the incident opened" 10 has_line "$WORK/var/incidents.journal" '^open'
ctl PUTNOTIF severity=okay time=$((opened - 3600)) host=agency-a plugin=vigil_probe plugin_instance=portal \
  type=vigil_state type_instance=up message=\"portal is up\"
wait_for "the stale OKAY ignored" 10 has_line "$WORK/var/central.log" 'dated 3600 s before incident I1 opened is ignored' &&
  ok "an OKAY dated before the incident is ignored: $(grep -o 'vigil_incident plugin: an OKAY for .* is ignored' "$WORK/var/central.log" | head -1)"
sleep 2 # values of the interval that follows
it_collectd_stop agency-a
sleep 2 # the last packets
it_collectd_stop central

expect_eq "the incident journal: opened by the central's own notification, not closed" \
  "$(cut -f1,2 "$WORK/var/incidents.journal" | tr '\t\n' ' ')" "open I1 "
last=$("$RRDTOOL" last "$up_a")
[ "$last" -ge "$after" ] && [ "$last" -lt "$ahead" ] &&
  ok "agency a's uptime file kept updating after the future value (last update $((last - after)) s after it)" ||
  not_ok "agency a's file: last update $last (future value $ahead, sent at $after)"
maxv() { "$RRDTOOL" fetch "$1" MAX -r 1 -s $(($(date +%s) - 600)) | awk -F'[: ]+' '$1 ~ /^[0-9]+$/ && $2 !~ /nan/ { v = $2 } END { printf "%d", v + 0 }'; }
fut="$WORK/rrd/agency-a/vigil_transport/derive-future_dropped.rrd"
wait_for "the future_dropped file" 5 test -f "$fut"
# derive files hold rates; the count itself is the integral: read the
# last value written instead
expect_eq "agency-a's dropped future values (last value)" \
  "$("$RRDTOOL" lastupdate "$fut" | awk -F': ' 'NR == 3 { print $2 }')" 1
n_ref=$("$RRDTOOL" lastupdate "$refused" | awk -F': ' 'NR == 3 { print $2 }')
[ "${n_ref:-0}" -ge 3 ] && ok "user a's refused values counted: $n_ref" || not_ok "user a's refused count: $n_ref"
n_acc=$("$RRDTOOL" lastupdate "$WORK/rrd/vigil-central/vigil_transport-a/derive-accepted.rrd" | awk -F': ' 'NR == 3 { print $2 }')
[ "${n_acc:-0}" -ge 3 ] && ok "user a's accepted values counted: $n_acc" || not_ok "user a's accepted count: $n_acc"
delay="$WORK/rrd/agency-a/vigil_transport/duration-arrival_delay.rrd"
test -f "$delay" && ok "agency a's arrival delay is recorded: max $(maxv "$delay") s over the run" ||
  not_ok "no arrival delay file"
# the report names agency a's clock: a value of it was dropped as dated ahead
"$REPORT" --catalogue "$top_srcdir/tests/fixtures/test-directive.xml" --inventory "$WORK/agencies.xml" \
  --datadir "$WORK/rrd" --from "$(iso $((after - 20)))" --to "$(iso $((after + 4)))" \
  --xml "$WORK/report.xml" > /dev/null 2> "$WORK/report.err"
expect_eq "report.xml: agency a's clock ahead, with the values dropped" \
  "$(xp "$WORK/report.xml" "concat(//*[local-name()='clock-ahead']/@agency, ' ', //*[local-name()='clock-ahead']/@host, ' ', //*[local-name()='clock-ahead']/@dropped)")" "a agency-a 1"
it_finish

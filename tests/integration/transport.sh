#!/usr/bin/env bash
# The MQTT transport on loopback, configured from examples/mqtt/: a central
# Mosquitto (TLS, client certificates, the ACL vigil-report --emit-acl
# makes), a central collectd subscribing and writing through rrdcached, and
# two agencies, each a collectd publishing to its own Mosquitto whose bridge
# forwards to the central broker.
#   - agency-a publishing under agency-b's name, directly with its own
#     certificate, through its bridge and with a deeper topic, is refused:
#     nothing is written under agency-b, and the broker log names it;
#   - the central broker stopped for 25 s, and later the central collectd
#     stopped for 10 s: afterwards both agencies' heartbeat coverage over
#     the run is exactly 1, every row of the outage holding the value
#     measured then.
set -u
. "$(dirname "$0")/lib.sh"

command -v mosquitto > /dev/null || { echo "mosquitto is not installed"; exit 1; }
MOSQUITTO=$(command -v mosquitto)
it_setup
for p in mqtt rrdcached; do cp "$STOCK_PLUGINDIR/$p.so" "$WORK/plugins/$p.so"; done
ex="$top_srcdir/examples/mqtt"
port=$((20000 + ($$ % 20000))) # the central broker; the agencies' brokers next to it
sock="$WORK/var/rrdcached.sock"
mq="$WORK/mq"
mkdir -p "$mq/central-broker" "$mq/agency-a-broker" "$mq/agency-b-broker"

bash "$ex/make-certs.sh" "$mq/pki" 127.0.0.1 agency-a agency-b vigil-central ||
  { echo "make-certs.sh failed"; exit 1; }
it_inventory "$WORK/agencies.xml" a b
"$REPORT" --inventory "$WORK/agencies.xml" --emit-acl "$mq/pki/acl.conf" > "$WORK/acl.out" 2>&1 &&
  ok "the ACL from the inventory: $(cat "$WORK/acl.out")" || not_ok "--emit-acl: $(cat "$WORK/acl.out")"
it_own "$WORK/rrd" "$WORK/var" "$mq"

# broker_conf NAME EXAMPLE LISTEN-PORT [HOST]: the example with this run's
# paths and ports, persistence in $mq/NAME, and the log at debug level.
broker_conf() {
  local name=$1 example=$2 lport=$3 host=${4:-}
  {
    printf 'pid_file %s/%s.pid\npersistence_location %s/%s/\n' "$mq" "$name" "$mq" "$name"
    printf 'log_dest file %s/var/%s.log\nlog_type all\nlog_timestamp_format %%s\n' "$WORK" "$name"
    sed -e "s|/etc/mosquitto/vigil/|$mq/pki/|" -e "s|^listener 8883$|listener $lport 127.0.0.1|" \
      -e "s|^listener 1883 127.0.0.1$|listener $lport 127.0.0.1|" \
      -e "s|^address mqtt.province.example:8883$|address 127.0.0.1:$port|" \
      -e "s|agency-host|$host|g" -e "s|^restart_timeout .*|restart_timeout 1 2|" \
      -e "s|^autosave_interval 60$|autosave_interval 5|" "$ex/$example"
  } > "$mq/$name.conf"
  [ -z "$host" ] || sed "s|agency-host|$host|g" "$ex/local-acl.conf" > "$mq/pki/local-acl-$host.conf"
  sed -i "s|$mq/pki/local-acl.conf|$mq/pki/local-acl-$host.conf|" "$mq/$name.conf"
}
# broker_start NAME: starts it and waits until it listens.
broker_start() {
  local logged
  logged=$(stat -c %s "$WORK/var/$1.log" 2>/dev/null || echo 0)
  "${RUN_AS[@]}" "$MOSQUITTO" -c "$mq/$1.conf" > "$WORK/$1.out" 2>&1 &
  echo $! > "$WORK/$1.pid"
  wait_for "broker $1 to listen" 10 bash -c "tail -c +$((logged + 1)) '$WORK/var/$1.log' | grep -q 'Opening ipv4 listen socket'" ||
    { echo "mosquitto $1: $(cat "$WORK/$1.out") $(tail -5 "$WORK/var/$1.log" 2>/dev/null)"; exit 1; }
}
broker_stop() {
  local pid
  pid=$(cat "$WORK/$1.pid")
  kill "$pid"
  wait_for "broker $1 to stop" 10 not_running "$pid"
  rm -f "$WORK/$1.pid"
}

broker_conf central-broker central-mosquitto.conf "$port"
broker_conf agency-a-broker agency-mosquitto.conf $((port + 1)) agency-a
broker_conf agency-b-broker agency-mosquitto.conf $((port + 2)) agency-b

it_rrdcached_start "$sock"

it_collectd_conf central vigil-central "
$(grep '^WriteThreads' "$ex/collectd-central-mqtt.conf")
$(it_rrdcached_plugin "$sock")
$(sed -e "s|/etc/collectd/vigil/|$mq/pki/|" -e "s|\"mqtt.province.example\"|\"127.0.0.1\"|" \
  -e "s|^    Port 8883$|    Port $port|" "$ex/collectd-central-mqtt.conf")"
sed -i '/^LoadPlugin rrdtool$/,/^<\/Plugin>$/d' "$WORK/central.conf"
for h in agency-a agency-b; do
  lport=$((port + 1)) && [ $h = agency-b ] && lport=$((port + 2))
  it_collectd_conf "$h" "$h" "LoadPlugin uptime
$(sed -e "s|^    Port 1883$|    Port $lport|" "$ex/collectd-agency-mqtt.conf")"
  sed -i '/^LoadPlugin rrdtool$/,/^<\/Plugin>$/d' "$WORK/$h.conf" # agencies keep no RRD files
done

broker_start central-broker
it_collectd_start central
broker_start agency-a-broker
broker_start agency-b-broker
it_collectd_start agency-a
it_collectd_start agency-b
up="$WORK/rrd/%s/uptime/uptime.rrd"
wait_for "both agencies' values at the central" 20 bash -c \
  "test -f $(printf "$up" agency-a) && test -f $(printf "$up" agency-b)" &&
  ok "both agencies' values reach the central collectd through their bridges"
start=$(date +%s)
grep -q "New bridge connected from 127.0.0.1.* as agency-a .*u'agency-a'" "$WORK/var/central-broker.log" &&
  ok "agency-a's bridge is known by its certificate: $(grep -o "New bridge connected from 127.0.0.1.* as agency-a .*" "$WORK/var/central-broker.log" | head -1)" ||
  not_ok "agency-a's bridge did not connect as agency-a: $(grep 'New bridge' "$WORK/var/central-broker.log" | head -3)"

# marker AGENCY NAME: publishes a value through the agency's broker and
# waits until the central has written it: everything the bridge queued
# before it has been delivered (in order).
marker() {
  local lport=$((port + 1))
  [ "$1" = agency-b ] && lport=$((port + 2))
  mosquitto_pub -h 127.0.0.1 -p "$lport" -q 1 -t "collectd/$1/$2/gauge" -m "$(date +%s):1"
  wait_for "marker $2 of $1 at the central" "${3:-60}" test -f "$WORK/rrd/$1/$2/gauge.rrd"
}

# ---- spoofing ----
pub_direct() { # TOPIC CERT [CLIENT-ID]: straight to the central broker with CERT's identity
  mosquitto_pub -h 127.0.0.1 -p "$port" --cafile "$mq/pki/ca.pem" --cert "$mq/pki/$2.pem" \
    --key "$mq/pki/$2.key" -q 1 -i "${3:-$2-pub}" -t "$1" -m "$(date +%s):7" 2> "$WORK/pub.err"
}
pub_local() { # TOPIC: to agency-a's own broker, as any process of that host could
  mosquitto_pub -h 127.0.0.1 -p $((port + 1)) -q 1 -t "$1" -m "$(date +%s):7" 2> "$WORK/pub.err"
}
# with agency-a's certificate, and agency-b's client id
pub_direct collectd/agency-b/spoof-direct/gauge agency-a agency-b
pub_direct collectd/agency-a/x/agency-b/spoof-deep/gauge agency-a
pub_local collectd/agency-b/spoof-local/gauge
pub_local collectd/agency-a/x/agency-b/spoof-local-deep/gauge
pub_direct collectd/agency-a/control/gauge agency-a # allowed: its own name
pub_local collectd/agency-a/control-local/gauge
marker agency-a after-spoof
wait_for "agency-a's own direct value" 10 test -f "$WORK/rrd/agency-a/control/gauge.rrd" &&
  test -f "$WORK/rrd/agency-a/control-local/gauge.rrd" &&
  ok "agency-a may publish under its own name, directly and through its bridge"
for t in spoof-direct spoof-deep spoof-local spoof-local-deep; do
  if [ -n "$(find "$WORK/rrd" -path "*$t*" | head -1)" ]; then not_ok "$t: written: $(find "$WORK/rrd" -path "*$t*")"; else ok "$t: nothing written"; fi
done
for t in collectd/agency-b/spoof-direct/gauge collectd/agency-a/x/agency-b/spoof-deep/gauge; do
  n=$(grep -c "Denied PUBLISH from agency-a (d0, .*'$t'" "$WORK/var/central-broker.log")
  expect_eq "the central broker's refusals of agency-a's $t" "$n" 1
done
echo "    $(grep "Denied PUBLISH" "$WORK/var/central-broker.log" | head -1 | cut -c1-160)"
for t in collectd/agency-b/spoof-local/gauge collectd/agency-a/x/agency-b/spoof-local-deep/gauge; do
  n=$(grep -c "Denied PUBLISH from .*'$t'" "$WORK/var/agency-a-broker.log")
  expect_eq "agency-a's own broker's refusals of $t" "$n" 1
done
grep -q "Client agency-b already connected" "$WORK/var/central-broker.log" &&
  not_ok "a client naming itself agency-b took agency-b's session" ||
  ok "a client id does not take another host's session (the id is the certificate's name)"
expect_eq "refused publications sent again (d1)" "$(grep -c "Denied PUBLISH from .*(d1," "$WORK/var/central-broker.log")" 0
# a client whose certificate the province's CA did not sign is not let in
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$mq/self.key" \
  -out "$mq/self.pem" -days 2 -subj "/CN=agency-b" 2> /dev/null
if mosquitto_pub -h 127.0.0.1 -p "$port" --cafile "$mq/pki/ca.pem" --cert "$mq/self.pem" \
  --key "$mq/self.key" -q 1 -t collectd/agency-b/self-signed/gauge -m "$(date +%s):7" 2> "$WORK/self.err"; then
  not_ok "a self-signed 'agency-b' certificate was let in"
else
  ok "a self-signed 'agency-b' certificate is refused: $(head -1 "$WORK/self.err")"
fi

# ---- the central broker stopped for 25 s ----
sleep 4 # a stretch of normal operation before the outage
broker_stop central-broker
out_from=$(date +%s)
sleep 25 # the outage
out_to=$(date +%s)
broker_start central-broker
marker agency-a after-outage 90 && marker agency-b after-outage 90 &&
  ok "both bridges delivered their queues after the outage"
grep -q "agency-a.*\(Socket error\|Connection error\|Connecting bridge\)\|Connecting bridge.*vigil-central" \
  "$WORK/var/agency-a-broker.log" && ok "agency-a's bridge noticed the outage and reconnected" ||
  not_ok "agency-a's broker log: $(tail -3 "$WORK/var/agency-a-broker.log")"

# ---- the central collectd stopped for 10 s: its persistent session keeps what arrives ----
sleep 3
it_collectd_stop central
c_from=$(date +%s)
sleep 10 # the central collectd is away
c_to=$(date +%s)
it_collectd_start central
marker agency-a after-restart 60 && marker agency-b after-restart 60 &&
  ok "the central collectd got what arrived while it was away"
sleep 6 # the window goes on a while after the last delivery (its figure lands well inside)
end=$(date +%s)

# ---- a window that ends while the link is down: its last seconds arrive late ----
sleep 2
broker_stop central-broker
late_from=$(date +%s)
sleep 6 # the link is down when the window ends
t1=$(date +%s)
sleep 4 # and for a while after
broker_start central-broker
marker agency-a after-late 60 && marker agency-b after-late 60
# a value dated 30 s before the window's end, sent after it through agency-b's broker
mosquitto_pub -h 127.0.0.1 -p $((port + 2)) -q 1 -t collectd/agency-b/backdated/gauge -m "$((t1 - 30)):1"
marker agency-b after-backdated 30
sleep 2 # the next interval records the arrival delays
it_collectd_stop agency-a
it_collectd_stop agency-b
marker agency-a final 30 && marker agency-b final 30

# ---- what the central wrote ----
from=$((start + 2)) to=$((end - 2))
"$REPORT" --catalogue "$top_srcdir/tests/fixtures/test-directive.xml" --inventory "$WORK/agencies.xml" \
  --datadir "$WORK/rrd" --daemon "unix:$sock" --from "$(iso $from)" --to "$(iso $to)" \
  --xml "$WORK/report.xml" > /dev/null 2> "$WORK/report.err"
rc=$?
[ $rc -eq 0 ] || [ $rc -eq 2 ] && ok "vigil-report --daemon over the run ($((to - from)) s)" ||
  not_ok "vigil-report failed ($rc): $(cat "$WORK/report.err")"
# over the earlier window, agency a's evidence all arrived in time; agency
# b's value backdated into it (sent later) did not
n=$(xp "$WORK/report.xml" "count(//*[local-name()='late-evidence'][@agency='a'])")
expect_eq "agency a's late evidence in a window that ended before the last outage" "$n" 0
[ "$n" = 0 ] || echo "    $(grep -o '<late-evidence agency="a"[^>]*>' "$WORK/report.xml") (window to $(iso $to))"
expect_eq "agency b's late evidence there (the backdated value)" \
  "$(xp "$WORK/report.xml" "count(//*[local-name()='late-evidence'][@agency='b'])")" 1
cov() {
  xp "$WORK/report.xml" "//*[local-name()='agency'][@id='$1']//*[local-name()='check'][@id='A.2.heartbeat']/*[local-name()='evidence']/@coverage"
}
for a in a b; do expect_eq "agency $a: heartbeat coverage over the run, both outages included" "$(cov $a)" 1; done
# The rows of the outages hold the uptime measured then (in seconds since
# collectd started: rising by one a row), not values stamped on arrival.
for h in agency-a agency-b; do
  rows=$("$RRDTOOL" fetch "$(printf "$up" $h)" AVERAGE --daemon "unix:$sock" -r 1 -s $((out_from + 1)) \
    -e $((out_to - 1)) | awk -F'[: ]+' 'NF >= 2 && $1 ~ /^[0-9]+$/ { print $1, $2 }')
  n=$(echo "$rows" | awk '$2 !~ /nan/' | wc -l)
  expect_between "$h: rows with a value during the broker outage ($((out_to - out_from - 2)) s)" "$n" \
    $((out_to - out_from - 3)) $((out_to - out_from))
  # the system's uptime in whole seconds: never falling, and rising over
  # the outage by its length
  rising=$(echo "$rows" | awk '$2 !~ /nan/ { if (n++ && $2 < p) bad++; if (n == 1) { t0 = $1; v0 = $2 } p = $2; t = $1 }
    END { d = (p - v0) - (t - t0); print bad + 0, (d < -3 || d > 3) ? "off by " d " s" : "in step" }')
  expect_eq "$h: the uptime measured during the outage (rows falling, against the clock)" "$rising" "0 in step"
  n=$("$RRDTOOL" fetch "$(printf "$up" $h)" AVERAGE --daemon "unix:$sock" -r 1 -s $((c_from + 1)) \
    -e $((c_to - 1)) | awk -F'[: ]+' 'NF >= 2 && $1 ~ /^[0-9]+$/ && $2 !~ /nan/' | wc -l)
  expect_between "$h: rows with a value while the central collectd was away" "$n" \
    $((c_to - c_from - 3)) $((c_to - c_from))
done
"$REPORT" --catalogue "$top_srcdir/tests/fixtures/test-directive.xml" --inventory "$WORK/agencies.xml" \
  --datadir "$WORK/rrd" --daemon "unix:$sock" --from "$(iso $from)" --to "$(iso $t1)" \
  --xml "$WORK/late.xml" --html "$WORK/late.html" --lang en --export "$WORK/late-export.xml" > /dev/null 2> "$WORK/late.err"
rc=$?
[ $rc -eq 0 ] || [ $rc -eq 2 ] && ok "vigil-report over the window that ended during the outage" ||
  not_ok "vigil-report failed ($rc): $(cat "$WORK/late.err")"
"$XMLLINT" --noout --schema "$top_srcdir/schemas/report.xsd" "$WORK/late.xml" 2> /dev/null &&
  "$XMLLINT" --noout --schema "$top_srcdir/schemas/export.xsd" "$WORK/late-export.xml" 2> /dev/null &&
  ok "report.xml and the export are valid" || not_ok "invalid: $("$XMLLINT" --noout --schema "$top_srcdir/schemas/report.xsd" "$WORK/late.xml" 2>&1 | head -3)"
late() { xp "$WORK/late.xml" "//*[local-name()='late-evidence'][@agency='$1']/@$2"; }
# agency a: what it measured from the outage's start to the window's end arrived after it
expect_between "agency a: seconds of the window that arrived late ($((t1 - late_from)) s were queued)" \
  "$(late a seconds)" $((t1 - late_from - 2)) $((t1 - late_from + 2))
# agency b: the backdated value is the oldest: 30 s
expect_between "agency b: seconds of the window that arrived late (a value backdated 30 s)" \
  "$(late b seconds)" 29 32
expect_eq "agency b's late evidence arrived after the window" \
  "$([ "$(date -d "$(late b arrived-until)" +%s)" -gt "$t1" ] && echo yes)" yes
grep -q 'id="late-evidence"' "$WORK/late.html" && grep -q 'late evidence</a>' "$WORK/late.html" &&
  ok "the page lists them and marks both agencies" || not_ok "the page does not show the late evidence"
expect_eq "the export's late-evidence entries" \
  "$(xp "$WORK/late-export.xml" "count(//*[local-name()='late-evidence'])")" 2
it_collectd_stop central
# (a value delivered twice, at least once being QoS 1's promise, is refused
# as no newer than itself: that is no loss)
refused=$(grep -o 'rrdc_update ([^,]*, \[[0-9.]*:.*using time [0-9.]* when last update time is [0-9.]*' \
  "$WORK/var/central.log" | sed -E 's/^rrdc_update \(([^,]*), .*using time ([0-9.]*) when last update time is ([0-9.]*)$/\1 \2 \3/')
older=$(echo "$refused" | awk 'NF == 3 && $2 + 0 < $3 + 0' | wc -l)
[ "$older" -eq 0 ] && ok "no value refused as older than the last of its file (out of order); delivered twice: $(echo "$refused" | awk 'NF == 3 && $2 + 0 == $3 + 0' | wc -l)" ||
  not_ok "$older values refused as out of order, e.g.: $(echo "$refused" | awk 'NF == 3 && $2 + 0 < $3 + 0' | head -3 | sed "s|$WORK/||")"
it_finish

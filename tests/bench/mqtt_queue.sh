#!/usr/bin/env bash
# What a link outage costs an agency host (make bench): its Mosquitto,
# configured from examples/mqtt/agency-mosquitto.conf, bridges to a central
# broker that does not answer, while QUEUE_VALUES (default 100000) collectd
# values are published to it with QoS 1. The broker is then stopped, which
# writes its queue to disk. Prints the disk and memory per queued value, as
# ratios against the bytes of the values themselves (topic + payload), and
# what an hour of outage costs at 1 value a second; then whether values
# beyond max_queued_messages are refused (the oldest evidence is kept).
#   tests/bench/mqtt_queue.sh BUILDDIR SRCDIR
set -u
top_builddir=$1 top_srcdir=$2
. "$top_srcdir/tests/integration/lib.sh"
it_setup
n=${QUEUE_VALUES:-100000}
port=$((20000 + ($$ % 20000)))
mq="$WORK/mq"
mkdir -p "$mq/db"
bash "$top_srcdir/examples/mqtt/make-certs.sh" "$mq/pki" 127.0.0.1 agency-a > /dev/null
sed "s|agency-host|agency-a|g" "$top_srcdir/examples/mqtt/local-acl.conf" > "$mq/pki/local-acl.conf"
# conf MAX-QUEUED: the example with this run's paths; nobody listens at the central's port
conf() {
  {
    printf 'pid_file %s/broker.pid\npersistence_location %s/db/\nlog_dest file %s/broker.log\n' "$mq" "$mq" "$mq"
    sed -e "s|/etc/mosquitto/vigil/|$mq/pki/|" -e "s|agency-host|agency-a|g" \
      -e "s|^listener 1883 127.0.0.1$|listener $((port + 1)) 127.0.0.1|" \
      -e "s|^address .*|address 127.0.0.1:$port|" -e "s|^max_queued_messages .*|max_queued_messages $1|" \
      "$top_srcdir/examples/mqtt/agency-mosquitto.conf"
  } > "$mq/broker.conf"
}
start() {
  it_own "$mq"
  "${RUN_AS[@]}" mosquitto -c "$mq/broker.conf" > "$mq/broker.out" 2>&1 &
  echo $! > "$WORK/broker.pid"
  wait_for "the broker to listen" 10 grep -q "Opening ipv4 listen socket" "$mq/broker.log" ||
    { cat "$mq/broker.out" "$mq/broker.log"; exit 1; }
}
stop() {
  local pid
  pid=$(cat "$WORK/broker.pid")
  kill "$pid"
  wait_for "the broker to stop" 60 not_running "$pid"
  rm -f "$WORK/broker.pid"
}
topic=collectd/agency-a/vigil_backup-db/timestamp-newest_mtime
t0=1796000000
values() { awk -v n="$1" -v t=$t0 'BEGIN { for (i = 0; i < n; i++) printf "%.3f:%d\n", t + i, 1000000 + i }'; }
# publish N: the values, one QoS 1 publication each, a mosquitto_pub per
# 500 (it may leave before its last acknowledgements when given more)
publish() {
  local dir="$WORK/chunks" f
  rm -rf "$dir" && mkdir -p "$dir"
  values "$1" | split -l 500 - "$dir/c"
  for f in "$dir"/c*; do
    mosquitto_pub -h 127.0.0.1 -p $((port + 1)) -q 1 -t "$topic" -l < "$f"
  done
}
raw=$(values "$n" | awk -v tl=${#topic} '{ b += length($0) + tl } END { print b }')

conf 400000
start
rss0=$(awk '/^VmRSS/ { print $2 }' "/proc/$(cat "$WORK/broker.pid")/status")
publish "$n"
rss1=$(awk '/^VmRSS/ { print $2 }' "/proc/$(cat "$WORK/broker.pid")/status")
stop
db=$(stat -c %s "$mq/db/mosquitto.db")
queued=$(strings "$mq/db/mosquitto.db" | grep -c "$topic")
[ "$queued" = "$n" ] || echo "only $queued of $n values were queued"
awk -v n="$n" -v raw="$raw" -v db="$db" -v r0="$rss0" -v r1="$rss1" 'BEGIN {
  printf "%d values queued during an outage: %.1f bytes each (topic + payload)\n", n, raw / n
  printf "  on disk %d bytes: %.1f bytes a value (%.1fx the values)\n", db, db / n, db / raw
  printf "  in memory %.0f KiB more: %.1f bytes a value (%.1fx the values)\n", r1 - r0, (r1 - r0) * 1024 / n, (r1 - r0) * 1024 / raw
  printf "  an hour of outage at 1 value a second: %.1f MiB on disk, %.1f MiB in memory\n", db / n * 3600 / 1048576, (r1 - r0) * 1024 / n * 3600 / 1048576
}'

# the bound: a queue of 1000 takes 1000 of 1500 values, the first ones
rm -f "$mq/db/mosquitto.db" "$mq/broker.log"
conf 1000
start
publish 1500
dropped=$(grep -c "Outgoing messages are being dropped" "$mq/broker.log")
stop
strings "$mq/db/mosquitto.db" | grep -oE "$t0\.000:1000000|$((t0 + 999))\.000:1000999|$((t0 + 1000))\.000:1001000" | sort -u > "$WORK/kept"
echo "max_queued_messages 1000, 1500 values: the broker said it dropped values $dropped time(s);" \
  "the first kept: $(grep -c ":1000000$" "$WORK/kept"), the 1000th kept: $(grep -c ":1000999$" "$WORK/kept")," \
  "the 1001st kept: $(grep -c ":1001000$" "$WORK/kept")"

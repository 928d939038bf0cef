#!/usr/bin/env bash
# What no configuration and no low-privilege user may do to a real collectd
# running vigil's plugins: two blocks of one name are refused at
# configuration time, naming plugin, block and name, with no invalid read
# or free (under valgrind when VIGIL_VALGRIND=yes); a failed LoadPlugin
# before a vigil_probe block of three services never makes collectd exit by
# a signal (20 runs); FIFOs planted in the check-in and acknowledgement
# folders stall neither the read loop nor notifications, and collectd still
# stops on SIGTERM within 5 s.
set -u
. "$(dirname "$0")/lib.sh"
SEND="$top_builddir/tests/sock_send"
[ -x "$SEND" ] || { echo "$SEND is not built (make check builds it)"; exit 1; }

it_setup

# ---- duplicate names ----
mkdir -p "$WORK/backups"
it_collectd_conf dup dup-host "
LoadPlugin vigil_backup
<Plugin vigil_backup>
  <Location \"db\">
    Path \"$WORK/backups\"
  </Location>
  <Location \"db\">
    Path \"$WORK/backups\"
  </Location>
</Plugin>
LoadPlugin vigil_tls
<Plugin vigil_tls>
  <Endpoint \"a\">
    Host \"127.0.0.1\"
  </Endpoint>
  <Endpoint \"a\">
    Host \"127.0.0.1\"
  </Endpoint>
</Plugin>
LoadPlugin vigil_schedule
<Plugin vigil_schedule>
  StateDir \"$WORK/var\"
  <Office \"bd\">
    Hours \"Mon-Sun 00:00-24:00\"
  </Office>
  <Office \"bd\">
    Hours \"Mon-Sun 00:00-24:00\"
  </Office>
</Plugin>"
vg=()
[ ${#VG_CMD[@]} -gt 0 ] && vg=("${VG_CMD[@]}" "--log-file=$WORK/var/dup.valgrind")
it_own "$WORK/var" "$WORK/rrd"
timeout 60 "${RUN_AS[@]}" "${SAN_ENV[@]}" "${vg[@]}" "$COLLECTD" -f -C "$WORK/dup.conf" \
  > "$WORK/dup.out" 2>&1
rc=$?
expect_eq "collectd refuses the configuration (exit status)" "$rc" 1
for what in 'vigil_backup plugin: Location "db"' 'vigil_tls plugin: Endpoint "a"' \
  'vigil_schedule plugin: Office "bd"'; do
  grep -qF "$what is defined twice; the second one is ignored." "$WORK/dup.out" "$WORK/var/dup.log" 2>/dev/null &&
    ok "refused naming it: $what" || not_ok "no refusal for $what: $(tail -5 "$WORK/dup.out")"
done
it_sanitizer_check dup
it_valgrind_check dup

# ---- a failed LoadPlugin before a three-service vigil_probe block ----
it_collectd_conf failed fail-host "
LoadPlugin no_such_plugin
LoadPlugin vigil_probe
<Plugin vigil_probe>
  <Service \"a\">
    TCP \"127.0.0.1:9\"
  </Service>
  <Service \"b\">
    TCP \"127.0.0.1:9\"
  </Service>
  <Service \"c\">
    URL \"http://127.0.0.1:9/\"
  </Service>
</Plugin>"
signalled=0
statuses=""
for i in $(seq 1 20); do
  timeout 30 "${RUN_AS[@]}" "${SAN_ENV[@]}" "$COLLECTD" -f -C "$WORK/failed.conf" > "$WORK/failed.out" 2>&1
  rc=$?
  statuses="$statuses $rc"
  [ "$rc" -gt 128 ] && signalled=$((signalled + 1))
done
expect_eq "runs of 20 that ended by a signal (exit statuses:$statuses)" "$signalled" 0
it_sanitizer_check failed

# ---- FIFOs planted by the duty group ----
t0=$(date +%s)
mkdir -p "$WORK/spool/soc" "$WORK/acks"
cat > "$WORK/rosters.csv" <<CSV
roster,start,end,person_id,person_name,phone
soc,$(iso $((t0 - 600))),$(iso $((t0 + 3600))),nva,"Nguyễn Văn A",0901000001
CSV
mkfifo "$WORK/spool/soc/nva"
cp "$STOCK_PLUGINDIR/unixsock.so" "$WORK/plugins/"
it_collectd_conf fifo fifo-host "
LoadPlugin unixsock
<Plugin unixsock>
  SocketFile \"$WORK/var/collectd.sock\"
  DeleteSocket true
</Plugin>
LoadPlugin vigil_duty
<Plugin vigil_duty>
  CheckinDir \"$WORK/spool\"
  <Roster \"soc\">
    File \"$WORK/rosters.csv\"
  </Roster>
</Plugin>
LoadPlugin vigil_incident
<Plugin vigil_incident>
  Team \"soc\"
  Journal \"$WORK/var/incidents.journal\"
  AckDir \"$WORK/acks\"
</Plugin>"
it_own "$WORK/spool" "$WORK/acks"
it_collectd_start fifo
covered="$WORK/rrd/fifo-host/vigil_duty-soc/vigil_state-covered.rrd"
open_rrd="$WORK/rrd/fifo-host/vigil_incident-soc/count-open.rrd"
wait_for "the first values" 15 test -f "$open_rrd" -a -f "$covered"
notify() {
  timeout 10 "${RUN_AS[@]}" "$SEND" "$WORK/var/collectd.sock" "PUTNOTIF severity=$1 time=$(date +%s) \
host=dc-portal01 plugin=vigil_probe plugin_instance=portal type=vigil_state type_instance=up \
message=\"portal $1\"" > /dev/null
}
notify failure
expect_eq "a FAILURE is taken (sock_send exit)" "$?" 0
wait_for "incident I1 in the journal" 10 grep -q "^open	I1	" "$WORK/var/incidents.journal"
"${RUN_AS[@]}" mkfifo "$WORK/acks/I1"
# the read loop goes on: both files are written again within a few seconds
l1=$("$RRDTOOL" last "$open_rrd"); c1=$("$RRDTOOL" last "$covered")
advanced() { [ "$("$RRDTOOL" last "$open_rrd")" -ge $((l1 + 3)) ] && [ "$("$RRDTOOL" last "$covered")" -ge $((c1 + 3)) ]; }
wait_for "count-open and covered written 3 s later" 15 advanced && ok "the read loop goes on with FIFOs in both folders"
notify okay
expect_eq "an OKAY is taken while the FIFO is there (sock_send exit)" "$?" 0
wait_for "incident I1 closed in the journal" 10 grep -q "^close	I1	" "$WORK/var/incidents.journal" &&
  ok "the OKAY closed the incident"
expect_eq "the covered value while the check-in is a FIFO" \
  "$("$RRDTOOL" lastupdate "$covered" | awk 'NR == 3 { print $2 + 0 }')" 0
pid=$(cat "$WORK/fifo.pid")
kill "$pid"
stopped=no
for i in $(seq 1 50); do
  kill -0 "$pid" 2>/dev/null || { stopped=yes; break; }
  sleep 0.1
done
expect_eq "collectd stops on SIGTERM within 5 s" "$stopped" yes
it_collectd_stop fifo
it_finish

#!/usr/bin/env bash
# make soak: one real collectd with all nine vigil plugins at Interval 1 for
# SOAK_SECONDS (default 600), their inputs changing all the time: loopback
# web, SMTP and TLS servers (one port closed), fixture roots for posture and
# accounts, auth and mail logs appended to and rotated, backups rotated, a
# roster with check-ins, an office state file rewritten, incidents opened and
# closed through unixsock. collectd's resident memory and open descriptors
# are sampled every 30 s; the run fails if either has grown after the first
# minute (the smallest of the last three samples above the largest of the
# two minutes after the first; for memory, by more than SOAK_SLACK_KIB,
# default 32: eight pages, for a thread's stack reaching one page deeper or
# the heap's top moving, while a leak of 60 bytes a second over the ten
# minutes is more), or if collectd logged an error or did not stop. Memory is collectd's anonymous resident memory (RssAnon: heaps and
# stacks, where a leak grows); pages of libraries and files paged in when a
# path first runs (RssFile) are printed beside it but not judged. Not part of
# `make check`.
#
# collectd runs with one malloc arena (SOAK_ARENAS, default 1): glibc's
# default of one arena per thread lets the resident size of its twenty
# threads creep up with fragmentation while the heap in use stays the same,
# which would hide a leak's slope or fake one. SOAK_ARENAS=0 keeps glibc's
# default, to see that creep (doc/reliability.md has both runs).
set -u
. "$(dirname "$0")/integration/lib.sh"
: "${OPENSSL:=openssl}"
: "${SOAK_SECONDS:=600}"
: "${SOAK_ARENAS:=1}"
: "${SOAK_SLACK_KIB:=32}"
if [ "$SOAK_ARENAS" != 0 ]; then
  [ ${#SAN_ENV[@]} -gt 0 ] || SAN_ENV=(env)
  SAN_ENV+=("GLIBC_TUNABLES=glibc.malloc.arena_max=$SOAK_ARENAS")
fi
SERVER="$top_builddir/tests/probe_server"
SEND="$top_builddir/tests/sock_send"
CHECKIN="$top_builddir/vigil-checkin"
for p in "$SERVER" "$SEND" "$CHECKIN"; do
  [ -x "$p" ] || { echo "$p is not built (make soak builds it)"; exit 1; }
done
[ "$SOAK_SECONDS" -ge 240 ] || { echo "SOAK_SECONDS must be at least 240"; exit 1; }

it_setup
life=$((SOAK_SECONDS + 120)) # the servers outlive the run, then exit by themselves
base=$((20000 + RANDOM % 30000))
port() { echo $((base + $1)); }

# ---- inputs ----
C="$WORK/certs"
mkdir -p "$C"
"$OPENSSL" req -x509 -newkey rsa:2048 -nodes -keyout "$C/leaf.key" -out "$C/leaf.pem" -days 30 \
  -subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" > /dev/null 2>&1 ||
  { echo "openssl could not make a certificate"; exit 1; }
bg() { # bg NAME COMMAND...
  local name=$1
  shift
  "$@" > "$WORK/$name.out" 2>&1 &
  echo $! > "$WORK/$name.pid"
}
bg http "$SERVER" "$(port 1)" "$life" http 200
bg smtp "$SERVER" "$(port 2)" "$life" smtp "$C/leaf.pem" "$C/leaf.key"
bg tls "$OPENSSL" s_server -accept "127.0.0.1:$(port 3)" -cert "$C/leaf.pem" -key "$C/leaf.key" -www -quiet

cp -r "$top_srcdir/tests/fixtures/roots/compliant" "$WORK/root"
mkdir -p "$WORK/root/var/lib/clamav"
printf 'ClamAV-VDB:x:1:2:3:m:d:b:%s' "$(date +%s)" > "$WORK/root/var/lib/clamav/daily.cld"
chmod -R a+rX "$WORK/root"
FX="$top_srcdir/tests/fixtures/posture"
mkdir -p "$WORK/backups" "$WORK/spool" "$WORK/acks" "$WORK/offices"
head -c 4096 /dev/urandom > "$WORK/backups/db-0.sql.gz"
t0=$(date +%s)
cat > "$WORK/rosters.csv" <<CSV
roster,start,end,person_id,person_name,phone,user
soc,$(iso $((t0 - 600))),$(iso $((t0 + life))),nva,"Nguyễn Văn A",0901000001,$("${RUN_AS[@]}" id -un)
CSV
office() { # office OPEN STAFF: the counter system's state file, renamed into place
  printf 'open=%s\nstaff=%s\nvehicles=1\n' "$1" "$2" > "$WORK/offices/.bd.tmp"
  mv "$WORK/offices/.bd.tmp" "$WORK/offices/bd"
}
office 1 3
cp "$STOCK_PLUGINDIR/unixsock.so" "$WORK/plugins/"

it_collectd_conf soak soak-host "
LoadPlugin uptime
LoadPlugin unixsock
<Plugin unixsock>
  SocketFile \"$WORK/var/collectd.sock\"
  DeleteSocket true
</Plugin>
LoadPlugin vigil_probe
<Plugin vigil_probe>
  <Service \"web\">
    URL \"http://127.0.0.1:$(port 1)/\"
    Timeout 1
  </Service>
  <Service \"mail\">
    SMTP \"127.0.0.1:$(port 2)\"
    StartTLS true
    CAFile \"$C/leaf.pem\"
    Timeout 1
  </Service>
  <Service \"closed\">
    TCP \"127.0.0.1:$(port 4)\"
    Timeout 1
  </Service>
</Plugin>
LoadPlugin vigil_tls
<Plugin vigil_tls>
  <Endpoint \"portal\">
    Host \"localhost\"
    Port \"$(port 3)\"
    CAFile \"$C/leaf.pem\"
    Timeout 1
  </Endpoint>
</Plugin>
LoadPlugin vigil_backup
<Plugin vigil_backup>
  <Location \"db\">
    Path \"$WORK/backups\"
    Pattern \"*.sql.gz\"
    MinSize 1024
  </Location>
</Plugin>
LoadPlugin vigil_duty
<Plugin vigil_duty>
  CheckinDir \"$WORK/spool\"
  <Roster \"soc\">
    File \"$WORK/rosters.csv\"
    MaxCheckinAge 60
  </Roster>
</Plugin>
LoadPlugin vigil_schedule
<Plugin vigil_schedule>
  StateDir \"$WORK/offices\"
  <Office \"bd\">
    Hours \"Mon-Sun 00:00-24:00\"
    RequiredStaff 3
  </Office>
</Plugin>
LoadPlugin vigil_posture
<Plugin vigil_posture>
  RootDir \"$WORK/root\"
  <Network>
    AllowHTTP false
  </Network>
  <IDS>
    Process \"Suricata-Main\"
  </IDS>
  <Antivirus>
    Process \"clamd\"
    SignatureDir \"/var/lib/clamav\"
  </Antivirus>
  <Packages>
    Command \"/bin/cat\" \"$FX/apt-upgrade.txt\"
  </Packages>
  <Firewall>
    Command \"/bin/cat\" \"$FX/nft-deny.txt\"
  </Firewall>
</Plugin>
LoadPlugin vigil_accounts
<Plugin vigil_accounts>
  RootDir \"$WORK/root\"
</Plugin>
LoadPlugin vigil_maillog
<Plugin vigil_maillog>
  RootDir \"$WORK/root\"
  OfficialDomain \"quangngai.gov.vn\"
</Plugin>
LoadPlugin vigil_incident
<Plugin vigil_incident>
  Team \"soc\"
  Journal \"$WORK/var/incidents.journal\"
  AckDir \"$WORK/acks\"
</Plugin>"
sed -i 's/^  Timestamp true$/  Timestamp true\n  PrintSeverity true/' "$WORK/soak.conf"
it_own "$WORK/root" "$WORK/backups" "$WORK/spool" "$WORK/acks" "$WORK/offices"
it_collectd_start soak
pid=$(cat "$WORK/soak.pid")
wait_for "collectd's first values" 30 test -f "$WORK/rrd/soak-host/vigil_probe-web/vigil_state-up.rrd" ||
  exit 1

# ---- the run ----
ctl() { timeout 10 "${RUN_AS[@]}" "$SEND" "$WORK/var/collectd.sock" "$*" > /dev/null; }
auth="$WORK/root/var/log/auth.log"
mail="$WORK/root/var/log/mail.log"
rss=() fds=() at=()  # rss: RssAnon
start=$(date +%s)
tick=0
printf '%8s %12s %12s %6s\n' seconds anon_kib file_kib fds
while :; do
  now=$(date +%s)
  elapsed=$((now - start))
  [ "$elapsed" -gt "$SOAK_SECONDS" ] && break
  kill -0 "$pid" 2> /dev/null || { not_ok "collectd died after ${elapsed} s"; break; }
  # every 5 s: log lines, and an incident opened or closed
  echo "May  1 02:1$((tick % 10)):09 web sshd[81$tick]: Failed password for root from 203.0.113.9 port 4711 ssh2" >> "$auth"
  { echo "May  1 02:20:00 mx postfix/qmgr[9]: Q$tick: from=<noreply@zalo.me>, size=4000"
    echo "May  1 02:20:01 mx postfix/virtual[77]: Q$tick: to=<nva@quangngai.gov.vn>, status=sent (delivered)"
  } >> "$mail"
  if [ $((tick % 2)) -eq 0 ]; then sev=failure; else sev=okay; fi
  ctl PUTNOTIF severity=$sev time="$now" host=dc-portal01 plugin=vigil_probe \
    plugin_instance=portal-$((tick / 2 % 7)) type=vigil_state type_instance=up message=\"portal $sev\"
  if [ $((tick % 6)) -eq 0 ]; then
    # every 30 s: a new backup and the oldest one gone, a check-in, the
    # office's state, the logs rotated once in two; then the sample
    head -c 4096 /dev/urandom > "$WORK/backups/db-$tick.sql.gz"
    ls -1t "$WORK/backups"/*.sql.gz | tail -n +4 | xargs -r rm -f
    "${RUN_AS[@]}" "$CHECKIN" --roster soc --person nva --roster-file "$WORK/rosters.csv" \
      --spool "$WORK/spool" > /dev/null 2>&1 || not_ok "vigil-checkin failed after ${elapsed} s"
    office $((tick / 6 % 2)) $((2 + tick / 6 % 2))
    if [ $((tick % 12)) -eq 6 ]; then
      mv "$auth" "$auth.1" && : > "$auth"
      mv "$mail" "$mail.1" && : > "$mail"
      chmod a+r "$auth" "$mail"
    fi
    r=$(awk '/^RssAnon:/ {print $2}' "/proc/$pid/status")
    rf=$(awk '/^RssFile:/ {print $2}' "/proc/$pid/status")
    f=$(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 2> /dev/null | wc -l)
    rss+=("$r") fds+=("$f") at+=("$elapsed")
    printf '%8s %12s %12s %6s\n' "$elapsed" "$r" "$rf" "$f"
  fi
  tick=$((tick + 1))
  sleep $((start + tick * 5 - $(date +%s) > 0 ? start + tick * 5 - $(date +%s) : 0))
done
it_collectd_stop soak
kill -0 "$pid" 2> /dev/null && not_ok "collectd did not stop on SIGTERM within 10 s"

# ---- the verdict ----
n=${#rss[@]}
arenas=$SOAK_ARENAS
[ "$arenas" = 0 ] && arenas="glibc's default"
early_rss=0 early_fds=0 late_rss= late_fds=
for ((i = 0; i < n; i++)); do
  if [ "${at[$i]}" -ge 60 ] && [ "${at[$i]}" -le 180 ]; then
    [ "${rss[$i]}" -gt "$early_rss" ] && early_rss=${rss[$i]}
    [ "${fds[$i]}" -gt "$early_fds" ] && early_fds=${fds[$i]}
  fi
  if [ "$i" -ge $((n - 3)) ]; then
    [ -z "$late_rss" ] || [ "${rss[$i]}" -lt "$late_rss" ] && late_rss=${rss[$i]}
    [ -z "$late_fds" ] || [ "${fds[$i]}" -lt "$late_fds" ] && late_fds=${fds[$i]}
  fi
done
echo "samples: $n; RssAnon (KiB) 1-3 min at most $early_rss, last three at least $late_rss" \
  "(slack $SOAK_SLACK_KIB);" \
  "descriptors $early_fds and $late_fds; malloc arenas: $arenas"
[ "$late_rss" -le $((early_rss + SOAK_SLACK_KIB)) ] && ok "anonymous resident memory flat after the first minute" ||
  not_ok "anonymous resident memory grew from $early_rss KiB to $late_rss KiB"
[ "$late_fds" -le "$early_fds" ] && ok "open descriptors flat after the first minute" ||
  not_ok "open descriptors grew from $early_fds to $late_fds"
errors=$(grep -c '\] \[error\] ' "$WORK/var/soak.log")
[ "$errors" -eq 0 ] && ok "collectd logged no error" ||
  not_ok "collectd logged $errors errors: $(grep '\] \[error\] ' "$WORK/var/soak.log" | head -3)"
for f in vigil_probe-web/vigil_state-up vigil_tls-portal/vigil_state-handshake_ok \
  vigil_backup-db/files-matching vigil_duty-soc/vigil_state-covered vigil_incident-soc/count-open \
  vigil_schedule-bd/vigil_state-as_scheduled; do
  [ -f "$WORK/rrd/soak-host/$f.rrd" ] && ok "$f written" || not_ok "no $f.rrd"
done
it_finish

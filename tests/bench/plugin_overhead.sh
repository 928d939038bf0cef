#!/bin/bash
# CPU cost of the vigil plugins in a real collectd: one collectd with every
# plugin except the network probes (vigil_backup, vigil_accounts,
# vigil_posture, vigil_maillog, vigil_duty, vigil_incident, vigil_schedule,
# on this host's own /etc and /proc) against one with only the stock cpu and
# memory plugins, both at Interval 0.2 for the same number of intervals,
# measured in the same run; both send their values with the network plugin
# (Encrypt). Prints CPU milliseconds per read interval.
#   tests/bench/plugin_overhead.sh BUILDDIR SRCDIR [INTERVALS]
set -u
top_builddir=$(cd "$1" && pwd) top_srcdir=$(cd "$2" && pwd)
intervals=${3:-100}
. "$top_srcdir/tests/integration/lib.sh"
it_setup
for p in cpu memory network; do cp "$STOCK_PLUGINDIR/$p.so" "$WORK/plugins/"; done
FX="$top_srcdir/tests/fixtures"
mkdir -p "$WORK/backups" "$WORK/checkins" "$WORK/state" "$WORK/acks"
for i in $(seq 1 200); do : > "$WORK/backups/db-$i.sql.gz"; done
cat > "$WORK/roster.csv" <<CSV
roster,person,start,end
it,nva,2020-01-01T00:00:00+07:00,2040-01-01T00:00:00+07:00
CSV
it_own "$WORK"

vigil_body="
LoadPlugin vigil_backup
<Plugin vigil_backup>
  <Location \"db\">
    Path \"$WORK/backups\"
    Pattern \"*.sql.gz\"
  </Location>
</Plugin>
LoadPlugin vigil_accounts
<Plugin vigil_accounts>
  AuthLog \"$FX/roots/exposed/var/log/auth.log\"
</Plugin>
LoadPlugin vigil_posture
<Plugin vigil_posture>
  <Network>
    AllowHTTP false
  </Network>
  <IDS>
    Process \"suricata\" \"snort\"
  </IDS>
  <Antivirus>
    Process \"clamd\"
    SignatureDir \"/var/lib/clamav\"
  </Antivirus>
  <Packages>
    Command \"/bin/cat\" \"$FX/posture/apt-upgrade.txt\"
  </Packages>
  <Firewall>
    Command \"/bin/cat\" \"$FX/posture/nft-deny.txt\"
  </Firewall>
</Plugin>
LoadPlugin vigil_maillog
<Plugin vigil_maillog>
  LogFile \"$FX/roots/exposed/var/log/mail.log\"
  OfficialDomain \"quangngai.gov.vn\"
</Plugin>
LoadPlugin vigil_duty
<Plugin vigil_duty>
  CheckinDir \"$WORK/checkins\"
  <Roster \"it\">
    File \"$WORK/roster.csv\"
  </Roster>
</Plugin>
LoadPlugin vigil_incident
<Plugin vigil_incident>
  Team \"soc\"
  Journal \"$WORK/state/incidents.journal\"
  AckDir \"$WORK/acks\"
</Plugin>
LoadPlugin vigil_schedule
<Plugin vigil_schedule>
  StateDir \"$WORK/state\"
  <Office \"post\">
    Hours \"Mon-Fri 07:00-17:00\" \"Sat 07:00-11:30\"
  </Office>
</Plugin>"
stock_body="
LoadPlugin cpu
LoadPlugin memory"

# cpu_ticks PID: user+system clock ticks of the process itself
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# both send what they read, encrypted, as an agency host does
net_body="
LoadPlugin network
<Plugin network>
  <Server \"127.0.0.1\" \"$((20000 + $$ % 20000))\">
    SecurityLevel Encrypt
    Username \"bench\"
    Password \"bench\"
  </Server>
</Plugin>"

measure() { # NAME BODY -> prints "ms_per_interval"
  it_collectd_conf "$1" "bench-$1" "$2$net_body"
  sed -i -e 's/^Interval 1$/Interval 0.2/' -e '/^LoadPlugin rrdtool$/,/^<\/Plugin>$/d' "$WORK/$1.conf"
  it_collectd_start "$1"
  sleep 2 # past start-up
  local pid t0 c0 c1 t1
  pid=$(cat "$WORK/$1.pid")
  c0=$(cpu_ticks "$pid") t0=$(date +%s.%N)
  sleep "$(awk -v n="$intervals" 'BEGIN { print n * 0.2 }')"
  c1=$(cpu_ticks "$pid") t1=$(date +%s.%N)
  grep -iE 'error|failed' "$WORK/var/$1.log" | head -3 >&2
  it_collectd_stop "$1"
  awk -v c="$((c1 - c0))" -v hz="$(getconf CLK_TCK)" -v a="$t0" -v b="$t1" \
    'BEGIN { n = (b - a) / 0.2; printf "%.3f %.0f\n", 1000 * c / hz / n, n }'
}

read -r stock n_stock <<<"$(measure stock "$stock_body")"
read -r vigil n_vigil <<<"$(measure vigil "$vigil_body")"
echo "collectd with cpu+memory: $stock ms CPU per interval ($n_stock intervals)"
echo "collectd with 7 vigil plugins: $vigil ms CPU per interval ($n_vigil intervals)"
awk -v s="$stock" -v v="$vigil" 'BEGIN { printf "the vigil plugins together: %.3f ms per interval more than the stock pair (%.1fx)\n", v - s, (s > 0 ? v / s : 0) }'

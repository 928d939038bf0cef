#!/usr/bin/env bash
# End to end: real collectd daemons (one per agency host, Interval 1) run
# vigil_backup, uptime and rrdtool; vigil-report then judges directive item
# I.1 from the RRD files they wrote, and the report validates against its XSD.
set -u
. "$(dirname "$0")/lib.sh"

it_setup
now=$(date +%s)

# A location without Path is refused: collectd says why and does not start.
it_collectd_conf bad host-bad "
LoadPlugin vigil_backup
<Plugin vigil_backup>
  <Location \"db\">
    Pattern \"*.sql.gz\"
  </Location>
</Plugin>"
it_own "$WORK/var"
timeout 10 "${RUN_AS[@]}" "${SAN_ENV[@]}" "$COLLECTD" -f -C "$WORK/bad.conf" > "$WORK/bad.out" 2>&1
expect_eq "collectd with a bad vigil_backup block exits with" "$?" 1
grep -q 'vigil_backup plugin: Location "db": The `Path'"'"' option is required.' "$WORK/var/bad.log" &&
  ok "the refusal names the plugin, location and option" ||
  not_ok "no refusal logged: $(cat "$WORK/var/bad.log" "$WORK/bad.out")"

mkdir -p "$WORK/backups/fresh" "$WORK/backups/stale" "$WORK/backups/none"
head -c 4096 /dev/urandom > "$WORK/backups/fresh/db-full.sql.gz"
touch -d "@$((now - 7200))" "$WORK/backups/fresh/db-full.sql.gz"        # 2 hours old
head -c 4096 /dev/urandom > "$WORK/backups/stale/db-full.sql.gz"
touch -d "@$((now - 3 * 86400))" "$WORK/backups/stale/db-full.sql.gz"   # 3 days old
head -c 10 /dev/urandom > "$WORK/backups/none/db-full.sql.gz"           # below MinSize

for kind in fresh stale none; do
  it_collectd_conf "$kind" "host-$kind" "
LoadPlugin uptime
LoadPlugin vigil_backup
<Plugin vigil_backup>
  <Location \"db\">
    Path \"$WORK/backups/$kind\"
    Pattern \"*.sql.gz\"
    MinSize 1024
  </Location>
</Plugin>"
  it_collectd_start "$kind"
done
start=$(date +%s)
sleep 9
end=$(date +%s)
for kind in fresh stale none; do it_collectd_stop "$kind"; done

for kind in fresh stale none; do
  log="$WORK/var/$kind.log"
  # (collectd's rrdtool plugin refusing two values in one second under a slow
  # valgrind run is collectd's timing, not vigil's)
  errors=$(grep -iE 'error|could not|failed' "$log" | grep -v 'illegal attempt to update')
  if [ ! -s "$log" ] || [ -n "$errors" ]; then
    not_ok "collectd ($kind) logged errors: $(echo "$errors" | head -3)"
  else
    ok "collectd ($kind) ran without errors"
  fi
done
test -f "$WORK/rrd/host-fresh/vigil_backup-db/duration-newest_age.rrd" &&
  ok "newest_age RRD written" || not_ok "no newest_age RRD: $(ls -R "$WORK/rrd" | head -20)"
test ! -e "$WORK/rrd/host-none/vigil_backup-db/duration-newest_age.rrd" &&
  ok "no newest_age without a backup" || not_ok "newest_age written without a backup"

cat > "$WORK/agencies.xml" <<XML
<inventory xmlns="urn:vigil:inventory:1" id="it">
  <province xml:lang="en">Test province</province>
  <agency id="fresh" categories="state-agency"><name xml:lang="en">Fresh</name><host>host-fresh</host></agency>
  <agency id="stale" categories="state-agency"><name xml:lang="en">Stale</name><host>host-stale</host></agency>
  <agency id="none" categories="state-agency"><name xml:lang="en">None</name><host>host-none</host></agency>
  <agency id="ghost" categories="state-agency"><name xml:lang="en">Ghost</name><host>host-ghost</host></agency>
</inventory>
XML
from=$(iso $((start + 3)))
to=$(iso $((end - 2)))
"$REPORT" --catalogue "$top_srcdir/directives/qng-415-stttt-2020.xml" \
  --inventory "$WORK/agencies.xml" --datadir "$WORK/rrd" --from "$from" --to "$to" \
  --xml "$WORK/report.xml" --summary > "$WORK/summary.txt" 2> "$WORK/report.err"
rc=$?
cat "$WORK/summary.txt" "$WORK/report.err"
expect_eq "exit status (items fail)" "$rc" 2
"$XMLLINT" --noout --schema "$top_srcdir/schemas/report.xsd" "$WORK/report.xml" 2>&1 | grep -q validates &&
  ok "report.xml validates against report.xsd" || not_ok "report.xml does not validate"

A="//*[local-name()='agency']"
C() { echo "$A[@id='$1']/*[local-name()='item'][@id='I.1']/*[local-name()='check'][@id='$2']"; }
R="$WORK/report.xml"
expect_eq "fresh: I.1.backup-fresh" "$(xp "$R" "$(C fresh I.1.backup-fresh)/@status")" pass
age=$(xp "$R" "$(C fresh I.1.backup-fresh)/*[local-name()='evidence']/@value")
expect_between "fresh: newest_age at window start (s)" "$age" 7200 7300
expect_eq "fresh: evidence location" "$(xp "$R" "$(C fresh I.1.backup-fresh)/*[local-name()='evidence']/@plugin-instance")" db
expect_eq "fresh: read at 1 s rows" "$(xp "$R" "$(C fresh I.1.backup-fresh)/*[local-name()='evidence']/@step")" 1
expect_eq "fresh: I.1.backup-exists" "$(xp "$R" "$(C fresh I.1.backup-exists)/@status")" pass
expect_eq "fresh: I.1.monitoring" "$(xp "$R" "$(C fresh I.1.monitoring)/@status")" pass
cov=$(xp "$R" "$(C fresh I.1.monitoring)/*[local-name()='evidence']/@value")
expect_between "fresh: monitoring coverage" "$cov" 0.95 1
expect_eq "fresh: I.1.duty (no duty plugin data)" "$(xp "$R" "$(C fresh I.1.duty)/@status")" nodata
expect_eq "fresh: item I.1 (duty unmeasured)" "$(xp "$R" "$A[@id='fresh']/*[local-name()='item'][@id='I.1']/@status")" nodata

expect_eq "stale: I.1.backup-fresh" "$(xp "$R" "$(C stale I.1.backup-fresh)/@status")" fail
age=$(xp "$R" "$(C stale I.1.backup-fresh)/*[local-name()='evidence']/@value")
expect_between "stale: newest_age at window start (s)" "$age" 259200 259300
expect_eq "stale: item I.1" "$(xp "$R" "$A[@id='stale']/*[local-name()='item'][@id='I.1']/@status")" fail

expect_eq "none: I.1.backup-exists" "$(xp "$R" "$(C none I.1.backup-exists)/@status")" fail
expect_eq "none: matching files" "$(xp "$R" "$(C none I.1.backup-exists)/*[local-name()='evidence']/@value")" 0
expect_eq "none: I.1.backup-fresh" "$(xp "$R" "$(C none I.1.backup-fresh)/@status")" nodata
expect_eq "none: item I.1" "$(xp "$R" "$A[@id='none']/*[local-name()='item'][@id='I.1']/@status")" fail

expect_eq "ghost: item I.1" "$(xp "$R" "$A[@id='ghost']/*[local-name()='item'][@id='I.1']/@status")" nodata
expect_eq "ghost: I.1.monitoring" "$(xp "$R" "$(C ghost I.1.monitoring)/@status")" nodata
expect_eq "ghost: I.6 is not applicable" "$(xp "$R" "$A[@id='ghost']/*[local-name()='item'][@id='I.6']/@status")" not-applicable
expect_eq "summary: I.1 fail count" "$(xp "$R" "//*[local-name()='summary']/*[local-name()='item'][@id='I.1']/@fail")" 2
grep -q "I.1    fail" "$WORK/summary.txt" && ok "terminal summary lists I.1" || not_ok "terminal summary lacks I.1"

it_finish

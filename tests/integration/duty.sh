#!/usr/bin/env bash
# End to end for vigil_duty and vigil-checkin: a real collectd follows a
# roster with a gap; the person on duty checks in with vigil-checkin, the
# next one is refused during the gap and never checks in; vigil-report then
# names the uncovered time.
set -u
. "$(dirname "$0")/lib.sh"
CHECKIN="$top_builddir/vigil-checkin"

it_setup
t0=$(date +%s)
mkdir -p "$WORK/spool"
it_own "$WORK/spool"
chmod 3770 "$WORK/spool" # as vigil-checkin(1) asks
duty_user=$("${RUN_AS[@]}" id -un)
cat > "$WORK/rosters.csv" <<CSV
roster,start,end,person_id,person_name,phone,user
soc,$(iso $((t0 - 600))),$(iso $((t0 + 8))),nva,"Nguyễn Văn A",0901000001,$duty_user
soc,$(iso $((t0 - 600))),$(iso $((t0 + 8))),lvc,"Lê Văn C",,vigil-someone-else
soc,$(iso $((t0 + 12))),$(iso $((t0 + 600))),ttb,"Trần Thị B",,$duty_user
CSV
it_collectd_conf duty duty-host "
LoadPlugin vigil_duty
<Plugin vigil_duty>
  CheckinDir \"$WORK/spool\"
  <Roster \"soc\">
    File \"$WORK/rosters.csv\"
    MaxCheckinAge 30
  </Roster>
</Plugin>"
# the person on duty checks in as their own (unprivileged) user
"${RUN_AS[@]}" "$CHECKIN" --roster soc --person nva --roster-file "$WORK/rosters.csv" --spool "$WORK/spool" > "$WORK/nva.out"
expect_eq "vigil-checkin records the person on duty" "$?" 0
expect_eq "the check-in file's mode" "$(stat -c %a "$WORK/spool/soc/nva")" 640
expect_eq "the roster's folder takes the spool's mode, for the rest of the group" \
  "$(stat -c %a "$WORK/spool/soc")" 3770
# someone checking in for another person is refused by vigil-checkin
"${RUN_AS[@]}" "$CHECKIN" --roster soc --person lvc --roster-file "$WORK/rosters.csv" --spool "$WORK/spool" \
  > /dev/null 2> "$WORK/lvc.err"
expect_eq "vigil-checkin refuses a check-in for another person's user (exit)" "$?" 1
expect_eq "saying whose it is" "$(cat "$WORK/lvc.err")" \
  "vigil-checkin: you are $duty_user, and lvc's user in roster soc is vigil-someone-else: only vigil-someone-else can do this for lvc"
# and a check-in file written by hand for lvc counts for nobody
mkdir -p "$WORK/spool/soc"
echo "$t0" > "$WORK/spool/soc/lvc"
it_collectd_start duty
wait_for "the plugin to refuse lvc's check-in" 10 has_line "$WORK/var/duty.log" \
  "spool/soc/lvc was written by $(id -un), not by lvc's user vigil-someone-else: not counted" &&
  ok "the plugin counts a check-in written by another user for nobody, and says so"
start=$(date +%s)
sleep $((t0 + 9 - $(date +%s)))
"$CHECKIN" --roster soc --person ttb --roster-file "$WORK/rosters.csv" --spool "$WORK/spool" 2> "$WORK/ttb.err"
expect_eq "vigil-checkin refuses during a gap (exit)" "$?" 1
expect_eq "and says who is on duty" "$(cat "$WORK/ttb.err")" \
  "vigil-checkin: ttb is not on duty in roster soc now; on duty: nobody (a gap in the roster)"
sleep $((t0 + 16 - $(date +%s)))
end=$(date +%s)
it_collectd_stop duty

cat > "$WORK/agencies.xml" <<XML
<inventory xmlns="urn:vigil:inventory:1" id="it">
  <province xml:lang="en">Test province</province>
  <agency id="telco" categories="telecom"><name xml:lang="en">Telco</name><host>duty-host</host></agency>
</inventory>
XML
"$REPORT" --catalogue "$top_srcdir/directives/qng-415-stttt-2020.xml" --inventory "$WORK/agencies.xml" \
  --datadir "$WORK/rrd" --from "$(iso $((start + 1)))" --to "$(iso $((end - 1)))" \
  --xml "$WORK/report.xml" > /dev/null 2>&1
R="$WORK/report.xml"
"$XMLLINT" --noout --schema "$top_srcdir/schemas/report.xsd" "$R" 2>&1 | grep -q validates &&
  ok "report.xml validates" || not_ok "report.xml does not validate"
C="//*[local-name()='check'][@id='II.1.shift-duty']"
expect_eq "II.1 shift duty fails" "$(xp "$R" "$C/@status")" fail
share=$(xp "$R" "$C/*[local-name()='evidence']/@value")
expect_between "covered share (nva's shift only)" "$share" 0.2 0.7
O="$C/*[local-name()='evidence']/*[local-name()='outage'][1]"
expect_between "the uncovered time starts when nva's shift ends (to the interval)" \
  "$(date -d "$(xp "$R" "$O/@from")" +%s)" $((t0 + 7)) $((t0 + 9))
expect_between "and lasts to the end of the window (ttb never checked in)" "$(xp "$R" "$O/@seconds")" \
  $((end - 1 - t0 - 8 - 2)) $((end - 1 - t0 - 8 + 1))
it_finish

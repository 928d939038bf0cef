#!/usr/bin/env bash
# Watching a window as it happens, with a real collectd writing through a
# real rrdcached (which keeps every update in its cache: only what
# vigil-report has it flush reaches the files): a probed web server goes
# down twice; `vigil-report --to now` part-way through shows
# the budget spent, left and when it runs out (at-risk), then fail once it
# is gone; a second agency's collectd stopped mid-window is silent since
# then. Then `--watch` over a short window rewrites the page atomically (a
# reader polling it never sees a partial file), reloads itself while the
# window is open, and exits with the final report at the window's end.
set -u
. "$(dirname "$0")/lib.sh"
SERVER="$top_builddir/tests/probe_server"
[ -x "$SERVER" ] || { echo "$SERVER is not built (make check builds it)"; exit 1; }

it_setup
port=$((20000 + RANDOM % 30000))
web() { "$SERVER" "$port" 600 http 200 > /dev/null 2>&1 & echo $! > "$WORK/web.pid"; }
web_down() { kill "$(cat "$WORK/web.pid")"; rm -f "$WORK/web.pid"; date +%s; }
listening() {
  awk -v p="$(printf ':%04X' "$port")" '$4 == "0A" && substr($2, length($2) - 4) == p {f = 1} END {exit !f}' /proc/net/tcp
}
web
wait_for "the web server to listen" 20 listening

# agency a's collectd is also the central one the watch tells (unixsock),
# and records incidents (vigil_incident)
for p in unixsock rrdcached; do cp "$STOCK_PLUGINDIR/$p.so" "$WORK/plugins/"; done
it_collectd_conf probe agency-a "
LoadPlugin unixsock
<Plugin unixsock>
  SocketFile \"$WORK/var/collectd.sock\"
  SocketPerms \"0777\"
</Plugin>
LoadPlugin vigil_incident
<Plugin vigil_incident>
  Team \"dic\"
  Journal \"$WORK/var/incidents.journal\"
  AckDir \"$WORK/var/acks\"
</Plugin>
LoadPlugin vigil_probe
<Plugin vigil_probe>
  <Service \"portal\">
    URL \"http://127.0.0.1:$port/\"
    Timeout 1
  </Service>
</Plugin>"
it_collectd_conf heartbeat agency-b "LoadPlugin uptime"
sock="$WORK/var/rrdcached.sock"
it_own "$WORK/rrd" "$WORK/var"
it_rrdcached_start "$sock"
for conf in probe heartbeat; do
  sed -i '/^LoadPlugin rrdtool$/,/^<\/Plugin>$/d' "$WORK/$conf.conf"
  it_rrdcached_plugin "$sock" >> "$WORK/$conf.conf"
done
it_collectd_start probe
it_collectd_start heartbeat

# catalogue FILE FROM TO: a window [FROM, TO) whose portal must be up 80 %
# of the time (24 s of outage in 120 s) and never down longer than 20 s;
# an agency is silent after 5 s without an update.
catalogue() {
  cat > "$1" <<XML
<directive xmlns="urn:vigil:directive:1" id="watch-test" min-coverage="0" silent-after="5">
  <number>W-1</number>
  <issuer xml:lang="en">Test unit</issuer>
  <date>2031-01-01</date>
  <title xml:lang="vi">Kiểm thử theo dõi</title>
  <title xml:lang="en">Watch test</title>
  <window from="$(iso "$2")" to="$(iso "$3")"/>
  <categories><category id="lab"><label xml:lang="vi">Phòng thí nghiệm</label><label xml:lang="en">Laboratory</label></category></categories>
  <section id="W">
    <title xml:lang="vi">Dịch vụ</title>
    <title xml:lang="en">Services</title>
    <item id="W.1" applies-to="lab">
      <title xml:lang="vi">Cổng thông tin hoạt động</title>
      <title xml:lang="en">The portal stays up</title>
      <text xml:lang="vi">Cổng thông tin hoạt động 80 % thời gian, không gián đoạn quá 20 giây.</text>
      <text xml:lang="en">The portal is up 80 % of the window, never down longer than 20 s.</text>
      <check id="W.1.availability" severity="critical">
        <title xml:lang="vi">Hoạt động 80 % thời gian</title>
        <title xml:lang="en">Up 80 % of the time</title>
        <metric plugin="vigil_probe" plugin-instance="*" type="vigil_state" type-instance="up"/>
        <aggregate function="time_share" op="ge" value="1"/>
        <expect op="ge" value="0.8" unit="ratio"/>
      </check>
      <check id="W.1.longest-outage" severity="high">
        <title xml:lang="vi">Không gián đoạn quá 20 giây</title>
        <title xml:lang="en">No outage longer than 20 s</title>
        <metric plugin="vigil_probe" plugin-instance="*" type="vigil_state" type-instance="up"/>
        <aggregate function="longest_run" op="ge" value="1" state="failed"/>
        <expect op="le" value="20" unit="s"/>
      </check>
    </item>
    <item id="W.2" applies-to="lab">
      <title xml:lang="vi">Giám sát hoạt động</title>
      <title xml:lang="en">Monitoring runs</title>
      <text xml:lang="vi">Có tín hiệu hoạt động.</text>
      <text xml:lang="en">The heartbeat is seen.</text>
      <check id="W.2.heartbeat" severity="low">
        <title xml:lang="vi">Tín hiệu hoạt động</title>
        <title xml:lang="en">Heartbeat</title>
        <metric plugin="uptime" type="uptime"/>
        <aggregate function="coverage"/>
        <expect op="ge" value="0" unit="ratio"/>
      </check>
    </item>
  </section>
</directive>
XML
}
it_inventory "$WORK/agencies.xml" a b
from=$(($(date +%s) + 1))
end=$((from + 120))
catalogue "$WORK/directive.xml" "$from" "$end"
report() { # report NAME: the window so far, into $WORK/NAME.xml
  "$REPORT" --catalogue "$WORK/directive.xml" --inventory "$WORK/agencies.xml" --datadir "$WORK/rrd" \
    --daemon "unix:$sock" --to now --burn-window 60 --xml "$WORK/$1.xml" --html "$WORK/$1.html" \
    --lang en --export "$WORK/$1-export.xml" \
    --format list > "$WORK/$1.out" 2> "$WORK/$1.err"
}
ev() { # ev FILE CHECK ATTR: of the portal's evidence
  xp "$WORK/$1.xml" "//*[local-name()='check'][@id='$2']/*[local-name()='evidence']/@$3"
}
budget() { # budget FILE CHECK ATTR
  xp "$WORK/$1.xml" "//*[local-name()='check'][@id='$2']/*[local-name()='evidence']/*[local-name()='budget']/@$3"
}
secs() { date -d "$1" +%s; } # an instant of the report as seconds

# ---- the first outage: 8 s, early on; a report right after it ----
sleep $((from + 4 - $(date +%s)))
down1=$(web_down)
sleep 8
web
up1=$(date +%s)
sleep 3
# read without having rrdcached flush, the files hold none of the window:
# what the watch reads comes through rrdcached
"$REPORT" --catalogue "$WORK/directive.xml" --inventory "$WORK/agencies.xml" --datadir "$WORK/rrd" \
  --to now --xml "$WORK/unflushed.xml" > /dev/null 2>&1
expect_eq "without --daemon W.1.availability has no known value (all still in rrdcached's cache)" \
  "$(xp "$WORK/unflushed.xml" "//*[local-name()='check'][@id='W.1.availability']/*[local-name()='evidence']/@status")" nodata
report early
expect_eq "a report of the window so far: exit status (at risk is not all passing)" "$?" 2
"$XMLLINT" --noout --schema "$top_srcdir/schemas/report.xsd" "$WORK/early.xml" 2>&1 | grep -q validates &&
  ok "report.xml validates" || not_ok "report.xml does not validate: $(cat "$WORK/early.err")"
now=$(secs "$(xp "$WORK/early.xml" "//*[local-name()='window']/@to")")
outage1=$((up1 - down1))
expect_eq "budget of W.1.availability: allowed (20 % of 120 s)" "$(budget early W.1.availability allowed-seconds)" 24
spent=$(budget early W.1.availability spent-seconds)
expect_between "spent: the outage the test caused ($outage1 s)" "$spent" $((outage1 - 2)) $((outage1 + 2))
expect_eq "left = allowed - spent" "$(awk -v s="$spent" -v l="$(budget early W.1.availability left-seconds)" 'BEGIN { print (24 - s - l < 1e-6 && l - 24 + s < 1e-6) }')" 1
rate=$(budget early W.1.availability rate)
expect_between "the rate: spent over the elapsed part (the window is younger than 60 s)" "$rate" \
  "$(awk -v s="$spent" -v e=$((now - from)) 'BEGIN { print s / e - 0.01 }')" \
  "$(awk -v s="$spent" -v e=$((now - from)) 'BEGIN { print s / e + 0.01 }')"
exhausted=$(secs "$(budget early W.1.availability exhausted)")
expect_between "runs out at now + left / rate" "$exhausted" \
  "$(awk -v n="$now" -v s="$spent" -v r="$rate" 'BEGIN { printf "%d", n + (24 - s) / r - 1 }')" \
  "$(awk -v n="$now" -v s="$spent" -v r="$rate" 'BEGIN { printf "%d", n + (24 - s) / r + 2 }')"
expect_eq "W.1.availability is at-risk: it runs out before the end ($((end - now)) s away)" \
  "$(ev early W.1.availability status)" at-risk
expect_eq "reason code" "$(xp "$WORK/early.xml" "//*[local-name()='check'][@id='W.1.availability']/*[local-name()='evidence']/*[local-name()='reason']/@code")" at-risk
expect_eq "W.1.longest-outage passes so far (nothing in progress)" "$(ev early W.1.longest-outage status)" pass
expect_eq "its budget: nothing in progress" "$(budget early W.1.longest-outage current-seconds)" 0
expect_eq "the item is at-risk" "$(xp "$WORK/early.xml" "//*[local-name()='agency'][@id='a']/*[local-name()='item'][@id='W.1']/@status")" at-risk
expect_eq "the summary lists it first" "$(xp "$WORK/early.xml" "//*[local-name()='summary']/*[local-name()='at-risk'][1]/@check")" W.1.availability
expect_eq "the summary counts it" "$(xp "$WORK/early.xml" "//*[local-name()='summary']/*[local-name()='item'][@id='W.1']/@at-risk")" 1
"$XMLLINT" --noout --schema "$top_srcdir/schemas/export.xsd" "$WORK/early-export.xml" 2>&1 | grep -q validates &&
  ok "the export validates" || not_ok "the export does not validate"
expect_eq "the export counts the item at risk for its category" \
  "$(xp "$WORK/early-export.xml" "//*[local-name()='item'][@id='W.1']/*[local-name()='category'][@id='lab']/@at-risk")" 1
grep -q "^AT RISK: a W.1.availability: the budget runs out at" "$WORK/early.out" &&
  ok "the terminal says it" || not_ok "no AT RISK line: $(cat "$WORK/early.out")"
grep -q 'class="banner at-risk" id="at-risk"' "$WORK/early.html" && ok "the page lists it at the top" ||
  not_ok "no at-risk list on the page"
grep -q 'class="budget b-at-risk"' "$WORK/early.html" && ok "the page draws its budget bar" ||
  not_ok "no budget bar on the page"
grep -q '<table class="open-window">' "$WORK/early.html" && ok "its summary has the at-risk column" ||
  not_ok "no at-risk column in the summary"
expect_eq "nobody is silent yet" "$(xp "$WORK/early.xml" "count(//*[local-name()='summary']/*[local-name()='silent'])")" 0

# ---- agency b's collectd stops; the portal goes down for good ----
it_collectd_stop heartbeat
quiet=$(date +%s)
down2=$(web_down)
# an outage in progress: at-risk by its run, then fail once the budget is gone
sleep 12
report middle
run_now=$(secs "$(xp "$WORK/middle.xml" "//*[local-name()='window']/@to")")
expect_between "the run in progress (down since $((run_now - down2)) s)" \
  "$(budget middle W.1.longest-outage current-seconds)" $((run_now - down2 - 3)) $((run_now - down2 + 1))
expect_eq "W.1.longest-outage is at-risk: the run reaches 20 s before the end" \
  "$(ev middle W.1.longest-outage status)" at-risk
expect_between "it runs out when the run is 20 s long" \
  "$(secs "$(budget middle W.1.longest-outage exhausted)")" $((down2 + 20 - 2)) $((down2 + 20 + 2))
until [ $(($(date +%s) - down2 + outage1)) -ge 30 ]; do sleep 1; done
report late
lnow=$(secs "$(xp "$WORK/late.xml" "//*[local-name()='window']/@to")")
expect_eq "with more than 24 s spent, W.1.availability fails (final)" "$(ev late W.1.availability status)" fail
expect_eq "its budget is spent" "$(budget late W.1.availability state)" spent
expect_between "spent: both outages ($outage1 s + $((lnow - down2)) s)" \
  "$(budget late W.1.availability spent-seconds)" $((outage1 + lnow - down2 - 4)) $((outage1 + lnow - down2 + 2))
expect_eq "the window is still open: provisional" "$(xp "$WORK/late.xml" "/*/@provisional")" true

# ---- agency b is silent since its collectd stopped ----
expect_eq "agency b is silent" "$(xp "$WORK/late.xml" "//*[local-name()='agency'][@id='b']/*[local-name()='freshness']/@silent")" true
expect_eq "agency a is not" "$(xp "$WORK/late.xml" "//*[local-name()='agency'][@id='a']/*[local-name()='freshness']/@silent")" false
since=$(secs "$(xp "$WORK/late.xml" "//*[local-name()='summary']/*[local-name()='silent'][@agency='b']/@since")")
expect_between "silent since its collectd stopped (to the second)" "$since" $((quiet - 2)) $((quiet + 1))
expect_eq "its limit: the catalogue's 5 s (three 1 s steps are less)" \
  "$(xp "$WORK/late.xml" "//*[local-name()='summary']/*[local-name()='silent'][@agency='b']/@limit-seconds")" 5
grep -q "^SILENT: b: no update since" "$WORK/late.out" && ok "the terminal lists it" ||
  not_ok "no SILENT line: $(cat "$WORK/late.out")"
grep -q 'class="banner fail" id="silent"' "$WORK/late.html" && ok "the page lists it at the top" ||
  not_ok "no silent list on the page"

# ---- the same, as the duty officer reads it: in Vietnamese throughout ----
"$REPORT" --catalogue "$WORK/directive.xml" --inventory "$WORK/agencies.xml" --datadir "$WORK/rrd" \
  --daemon "unix:$sock" --to now --burn-window 60 --html "$WORK/late-vi.html" --xml "$WORK/late-vi.xml" \
  > /dev/null 2>&1
expect_eq "the Vietnamese page has a check at risk or spent, and a silent agency" \
  "$(xp "$WORK/late-vi.xml" "count(//*[local-name()='budget'][@state != 'ok']) > 0 and count(//*[local-name()='summary']/*[local-name()='silent']) = 1")" true
it_vietnamese_page "$WORK/late-vi.html" late-vi
grep -q "Ngân sách lỗi" "$WORK/late-vi.txt" && grep -q "im lặng" "$WORK/late-vi.txt" &&
  ok "budgets and silence in Vietnamese" || not_ok "no Vietnamese budget or silence: $(head -c 600 "$WORK/late-vi.txt")"
web

# ---- --watch over a window of 13 s: refreshes every 2 s, then the final
# report; it tells collectd what is silent, spent or at risk, and what
# clears: agency b's collectd starts again after the first refresh; then
# rrdcached goes away (a refresh fails, the last page stays) and comes
# back (the next refresh is whole again) ----
wfrom=$(($(date +%s) - 30))
wend=$(($(date +%s) + 13))
catalogue "$WORK/watch-directive.xml" "$wfrom" "$wend"
"$REPORT" --catalogue "$WORK/watch-directive.xml" --inventory "$WORK/agencies.xml" --datadir "$WORK/rrd" \
  --daemon "unix:$sock" --watch --interval 2 --notify "unix:$WORK/var/collectd.sock" --xml "$WORK/watch.xml" \
  --html "$WORK/status.html" --lang en \
  > "$WORK/watch.out" 2> "$WORK/watch.err" &
watcher=$!
echo "$watcher" > "$WORK/watcher.pid"
# a reader polls the page the whole time: every read is a whole page
mkdir "$WORK/seen"
partial=0
versions=0
last=""
restarted=""
cached_down=""
cached_back=""
for ((i = 0; i < 500; i++)); do
  kill -0 "$watcher" 2> /dev/null || break
  if [ -z "$restarted" ] && grep -q "refreshed" "$WORK/watch.out"; then
    it_collectd_start heartbeat
    restarted=$(date +%s)
    kill "$(cat "$WORK/rrdcached.pid")"
    cached_down=$(date +%s)
  fi
  if [ -n "$cached_down" ] && [ -z "$cached_back" ] && grep -q "this refresh failed" "$WORK/watch.err"; then
    wait_for "rrdcached to stop" 10 not_running "$(cat "$WORK/rrdcached.pid")"
    it_rrdcached_start "$sock"
    cached_back=$(grep -c "refreshed" "$WORK/watch.out")
  fi
  if [ -f "$WORK/status.html" ]; then
    cp "$WORK/status.html" "$WORK/read.html"
    tail -c 8 "$WORK/read.html" | grep -q '</html>' || partial=$((partial + 1))
    sum=$(md5sum < "$WORK/read.html")
    if [ "$sum" != "$last" ]; then
      versions=$((versions + 1))
      cp "$WORK/read.html" "$WORK/seen/$versions.html"
      last=$sum
    fi
  fi
  sleep 0.05
done
wait "$watcher"
wcode=$?
rm -f "$WORK/watcher.pid"
ended=$(date +%s)
expect_eq "the reader never saw a partial page" "$partial" 0
grep -q "rrdcached at unix:$sock: cannot connect" "$WORK/watch.err" &&
  grep -q ": this refresh failed, the last one's outputs stay; next at " "$WORK/watch.err" &&
  ok "with rrdcached gone a refresh failed and said why" ||
  not_ok "no failed refresh: $(cat "$WORK/watch.err")"
[ -n "$cached_back" ] && [ "$(grep -c "refreshed" "$WORK/watch.out")" -gt "$cached_back" ] &&
  ok "with rrdcached back the next refresh was whole" ||
  not_ok "no refresh after rrdcached came back: $(cat "$WORK/watch.out" "$WORK/watch.err")"
[ "$versions" -ge 4 ] && ok "the page was rewritten $versions times (3 refreshes and the final one)" ||
  not_ok "the page was seen in $versions versions: $(cat "$WORK/watch.out" "$WORK/watch.err")"
expect_between "--watch exits by itself at the window's end" "$ended" "$wend" $((wend + 5))
expect_eq "with the final report's exit status" "$wcode" 2
[ "$(grep -c ': refreshed; next at ' "$WORK/watch.out")" -ge 3 ] && ok "each refresh says when the next is" ||
  not_ok "refreshes: $(cat "$WORK/watch.out")"
grep -q "the window has ended: the final report is written" "$WORK/watch.out" && ok "and says so" ||
  not_ok "no final line: $(cat "$WORK/watch.out")"
grep -q '<meta http-equiv="refresh" content="2">' "$WORK/seen/1.html" &&
  ok "a page of the open window reloads itself every 2 s" || not_ok "no refresh in the first page"
grep -q 'http-equiv="refresh"' "$WORK/status.html" && not_ok "the final page still reloads itself" ||
  ok "the final page does not reload itself"
expect_eq "the final report is not provisional" "$(xp "$WORK/watch.xml" "/*/@provisional")" ""
expect_eq "and ends at the window's end" "$(secs "$(xp "$WORK/watch.xml" "//*[local-name()='window']/@to")")" "$wend"

# ---- what collectd was told, as vigil_incident journalled it ----
J="$WORK/var/incidents.journal"
jline() { # jline KIND KEY: the journal's lines of that kind about KEY
  awk -F '\t' -v k="$1" -v key="$2" '$1 == k && $4 == key' "$J"
}
expect_eq "the silent agency b opened an incident" \
  "$(jline open agency-b/vigil_report-freshness/vigil_state-silent | wc -l)" 1
grep -q "agency b is silent: no update since" "$J" && ok "with the reason" || not_ok "no reason: $(cat "$J")"
expect_eq "and closed it once b sent again" \
  "$(awk -F '\t' '$1 == "close"' "$J" | wc -l)" 1
expect_eq "the spent budget of W.1.availability opened one" \
  "$(jline open agency-a/vigil_report-W.1.availability/vigil_state-budget | wc -l)" 1
grep -q "the budget of W.1.availability is spent: it can no longer be met" "$J" &&
  ok "saying it can no longer be met" || not_ok "no reason: $(cat "$J")"
grep -q "notifications to collectd" "$WORK/watch.err" && not_ok "a notification failed: $(cat "$WORK/watch.err")" ||
  ok "every notification was taken"
it_collectd_stop heartbeat
it_collectd_stop probe
it_finish

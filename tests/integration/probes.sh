#!/usr/bin/env bash
# End to end for vigil_probe and vigil_tls: real servers on 127.0.0.1 that
# this test starts and stops (openssl s_server with certificates made here,
# tests/probe_server for HTTP/SMTP/IMAP/silent peers, dnsmasq for DNS), a
# real collectd probing them at Interval 1, one web server stopped halfway;
# then vigil-report's figures for items I.2 and I.6.
set -u
. "$(dirname "$0")/lib.sh"
: "${OPENSSL:=openssl}"
: "${DNSMASQ:=$(command -v dnsmasq || echo /usr/sbin/dnsmasq)}"
SERVER="$top_builddir/tests/probe_server"
[ -x "$SERVER" ] || { echo "$SERVER is not built (make check builds it)"; exit 1; }

it_setup
C="$WORK/certs"
mkdir -p "$C"
base=$((20000 + RANDOM % 30000))
port() { echo $((base + $1)); }

# ---- certificates ----
ssl() { "$OPENSSL" "$@" > /dev/null 2>&1 || { echo "openssl $* failed"; exit 1; }; }
ssl req -x509 -newkey rsa:2048 -nodes -keyout "$C/ca.key" -out "$C/ca.pem" -days 30 -subj /CN=vigil-test-ca
leaf() { # leaf NAME CN DAYS
  ssl req -newkey rsa:2048 -nodes -keyout "$C/$1.key" -out "$C/$1.csr" -subj "/CN=$2" \
    -addext "subjectAltName=DNS:$2,IP:127.0.0.1"
  ssl x509 -req -in "$C/$1.csr" -CA "$C/ca.pem" -CAkey "$C/ca.key" -days "$3" -copy_extensions copy \
    -out "$C/$1.pem"
}
leaf good localhost 30
leaf expired localhost -1
leaf other other.example 30
ssl req -x509 -newkey rsa:2048 -nodes -keyout "$C/self.key" -out "$C/self.pem" -days 30 \
  -subj /CN=localhost -addext "subjectAltName=DNS:localhost"

# ---- servers; each writes its pid where it_cleanup finds it ----
bg() { # bg NAME COMMAND...: runs a server in the background
  local name=$1
  shift
  "$@" > "$WORK/$name.out" 2>&1 &
  echo $! > "$WORK/$name.pid"
}
s_server() { # s_server NAME PORT CERT [extra]
  local name=$1 p=$2 cert=$3
  shift 3
  bg "$name" "$OPENSSL" s_server -accept "127.0.0.1:$p" -cert "$C/$cert.pem" -key "$C/$cert.key" \
    -www -quiet "$@"
}
s_server tls-good "$(port 1)" good
s_server tls-expired "$(port 2)" expired
s_server tls-self "$(port 3)" self
s_server tls-other "$(port 4)" other
s_server tls-old "$(port 5)" good -tls1 -cipher 'DEFAULT:@SECLEVEL=0'
bg http-200 "$SERVER" "$(port 6)" 60 http 200
bg http-500 "$SERVER" "$(port 7)" 60 http 500
bg silent "$SERVER" "$(port 8)" 60 silent
bg smtp "$SERVER" "$(port 9)" 60 smtp "$C/good.pem" "$C/good.key"
bg imap "$SERVER" "$(port 10)" 60 imap "$C/good.pem" "$C/good.key"
bg redirect "$SERVER" "$(port 14)" 60 redirect "http://127.0.0.1:$(port 6)/landing"
flappy_until=$(($(date +%s) + 7))
bg flappy "$SERVER" "$(port 11)" 7 http 200      # goes away by itself after 7 s
dns_user=()
[ "$(id -u)" = 0 ] && dns_user=(--user=nobody)
bg dns "$DNSMASQ" --keep-in-foreground --no-daemon --conf-file=/dev/null --no-resolv --no-hosts \
  --listen-address=127.0.0.1 --bind-interfaces --port="$(port 12)" --pid-file= \
  --address=/portal.test/127.0.0.1 "${dns_user[@]}"
listening() { # listening PORT...: every port has a listening TCP socket
  local p
  for p in "$@"; do
    awk -v p="$(printf ':%04X' "$p")" '$4 == "0A" && substr($2, length($2) - 4) == p {f = 1} END {exit !f}' \
      /proc/net/tcp || return 1
  done
}
# collectd starts only once every server is up (a slow start would read as
# an outage); none is connected to, so none is disturbed
wait_for "the test servers to listen" 20 listening "$(port 1)" "$(port 2)" "$(port 3)" "$(port 4)" \
  "$(port 5)" "$(port 6)" "$(port 7)" "$(port 8)" "$(port 9)" "$(port 10)" "$(port 11)" "$(port 14)"

CA="$C/ca.pem"
svc() { printf '  <Service "%s">\n    %s\n    Timeout 1\n  </Service>\n' "$1" "$2"; }
ep() { printf '  <Endpoint "%s">\n    Host "%s"\n    Port "%s"\n    CAFile "%s"\n    Timeout 1\n%s  </Endpoint>\n' "$1" "$2" "$3" "$CA" "${4:-}"; }
it_collectd_conf probes probe-host "
LoadPlugin vigil_probe
<Plugin vigil_probe>
$(svc web-ok "URL \"http://127.0.0.1:$(port 6)/\"")
$(svc web-500 "URL \"http://127.0.0.1:$(port 7)/\"")
$(svc web-hang "URL \"http://127.0.0.1:$(port 8)/\"")
$(svc web-body "URL \"http://127.0.0.1:$(port 6)/\"
    ExpectBody \"vigil test p[a-z]+\"")
$(svc web-body-miss "URL \"http://127.0.0.1:$(port 6)/\"
    ExpectBody \"Cổng thông tin\"")
$(svc web-redirect "URL \"http://127.0.0.1:$(port 14)/\"
    ExpectStatus 200")
$(svc web-redirect-kept "URL \"http://127.0.0.1:$(port 14)/\"
    ExpectStatus 200
    FollowRedirects false")
$(svc https-ok "URL \"https://localhost:$(port 1)/\"
    CAFile \"$CA\"")
$(svc https-expired "URL \"https://localhost:$(port 2)/\"
    CAFile \"$CA\"")
$(svc flappy "URL \"http://127.0.0.1:$(port 11)/\"")
$(svc smtp "SMTP \"127.0.0.1:$(port 9)\"
    StartTLS true
    CAFile \"$CA\"")
$(svc imap "IMAP \"127.0.0.1:$(port 10)\"")
$(svc smtp-silent "SMTP \"127.0.0.1:$(port 8)\"")
$(svc dns-ok "DNS \"portal.test\"
    Server \"127.0.0.1:$(port 12)\"")
$(svc dns-nx "DNS \"nothing.invalid\"
    Server \"127.0.0.1:$(port 12)\"")
$(svc tcp-closed "TCP \"127.0.0.1:$(port 13)\"")
</Plugin>
LoadPlugin vigil_tls
<Plugin vigil_tls>
$(ep good localhost "$(port 1)")
$(ep expired localhost "$(port 2)")
$(ep self localhost "$(port 3)")
$(ep other localhost "$(port 4)")
$(ep old localhost "$(port 5)")
$(ep smtp localhost "$(port 9)" '    StartTLS "smtp"
')
</Plugin>"
it_collectd_start probes
start=$(date +%s)
# the flappy web server dies at ~7 s; bring it back at 12 s
sleep 11.5
stopped_at=$flappy_until
bg flappy "$SERVER" "$(port 11)" 60 http 200
restarted_at=$(date +%s)
sleep 8
end=$(date +%s)
it_collectd_stop probes
log="$WORK/var/probes.log"

cat > "$WORK/agencies.xml" <<XML
<inventory xmlns="urn:vigil:inventory:1" id="it">
  <province xml:lang="en">Test province</province>
  <agency id="dc" categories="state-agency it-centre"><name xml:lang="vi">Trung tâm Dữ liệu Bưu điện</name><name xml:lang="en">Data centre</name><host>probe-host</host></agency>
  <agency id="evil" categories="state-agency"><name xml:lang="en">&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;</name><host>ghost-host</host></agency>
</inventory>
XML
"$REPORT" --catalogue "$top_srcdir/directives/qng-415-stttt-2020.xml" \
  --inventory "$WORK/agencies.xml" --datadir "$WORK/rrd" --from "$(iso $((start + 3)))" \
  --to "$(iso $((end - 1)))" --xml "$WORK/report.xml" --html "$WORK/report.html" --lang en \
  --export "$WORK/export.xml" \
  > /dev/null 2> "$WORK/report.err"
expect_eq "vigil-report exit status" "$?" 2
"$XMLLINT" --noout --schema "$top_srcdir/schemas/report.xsd" "$WORK/report.xml" 2>&1 | grep -q validates &&
  ok "report.xml validates" || not_ok "report.xml does not validate"

R="$WORK/report.xml"
"$XMLLINT" --noout --schema "$top_srcdir/schemas/export.xsd" "$WORK/export.xml" 2>&1 | grep -q validates &&
  ok "export.xml validates" || not_ok "export.xml does not validate"
"$REPORT" --verify "$WORK/export.xml" 2>&1 | grep -q "valid and its digest matches, but who made it is not verified" &&
  ok "vigil-report --verify finds the unsigned export intact (and not verified)" || not_ok "--verify refused the export"
sed 's/fail="1"/fail="0"/' "$WORK/export.xml" > "$WORK/tampered.xml"
"$REPORT" --verify "$WORK/tampered.xml" 2> "$WORK/verify.err"
expect_eq "--verify refuses a tampered export (exit)" "$?" 1
grep -q "does not match its digest" "$WORK/verify.err" && ok "and says why" ||
  not_ok "--verify said: $(cat "$WORK/verify.err")"
ev() { # ev CHECK INSTANCE ATTR
  local item=${1%.*}
  xp "$R" "//*[local-name()='item'][@id='$item']/*[local-name()='check'][@id='$1']/*[local-name()='evidence'][@plugin-instance='$2']/@$3"
}
for s in web-ok web-body web-redirect https-ok smtp imap dns-ok; do
  expect_eq "I.6 availability of $s" "$(ev I.6.availability $s value)" 1
  expect_eq "I.6 availability of $s status" "$(ev I.6.availability $s status)" pass
done
for s in web-500 web-hang web-body-miss web-redirect-kept https-expired smtp-silent dns-nx tcp-closed; do
  expect_eq "I.6 availability of $s (down)" "$(ev I.6.availability $s value)" 0
  expect_eq "I.6 availability of $s status" "$(ev I.6.availability $s status)" fail
done
expect_eq "probe data coverage of web-hang (down is up=0, not missing)" \
  "$(ev I.6.probe-coverage web-hang status)" pass

# The flappy server was down from its death (~7 s) to its restart: the
# longest outage must match that, to the interval (1 s) plus one probe.
outage=$((restarted_at - stopped_at))
got=$(ev I.6.longest-outage flappy value)
expect_between "flappy: longest outage (s), down for ${outage} s" "$got" $((outage - 2)) $((outage + 2))
expect_eq "flappy: longest outage exact at 1 s rows" "$(ev I.6.longest-outage flappy exact)" true
share=$(ev I.6.availability flappy value)
known=$(ev I.6.availability flappy known-seconds)
expect_between "flappy: availability = 1 - outage/known" "$share" \
  "$(awk -v o=$((outage + 2)) -v k="$known" 'BEGIN { printf "%.12f", 1 - o / k - 1e-9 }')" \
  "$(awk -v o=$((outage - 2)) -v k="$known" 'BEGIN { printf "%.12f", 1 - o / k + 1e-9 }')"
expect_eq "flappy: availability fails" "$(ev I.6.availability flappy status)" fail
expect_eq "flappy: one outage listed" "$(ev I.6.availability flappy outages)" 1
got=$(xp "$R" "//*[local-name()='check'][@id='I.6.availability']/*[local-name()='evidence'][@plugin-instance='flappy']/*[local-name()='outage']/@seconds")
expect_between "flappy: the listed outage's length (s)" "$got" $((outage - 2)) $((outage + 2))

expect_eq "TLS good: handshake" "$(ev I.2.tls-handshake good status)" pass
expect_eq "TLS good: protocol" "$(ev I.2.tls-protocol good value)" 1.3
expect_eq "TLS good: certificate valid past the window" "$(ev I.2.cert-valid good status)" pass
expect_eq "TLS STARTTLS smtp: handshake" "$(ev I.2.tls-handshake smtp status)" pass
for e in expired self other old; do
  expect_eq "TLS $e: handshake fails" "$(ev I.2.tls-handshake $e value)" 0
done
expect_eq "TLS expired: certificate time left" "$(ev I.2.cert-valid expired value)" 0
expect_eq "TLS expired: cert-valid fails" "$(ev I.2.cert-valid expired status)" fail
expect_eq "TLS 1.0-only: protocol read as 1.0" "$(ev I.2.tls-protocol old value)" 1
expect_eq "TLS 1.0-only: tls-protocol fails" "$(ev I.2.tls-protocol old status)" fail

count() { grep -c "$1" "$log"; }
expect_eq "body mismatch logged with its reason" \
  "$(count 'Service "web-body-miss" .* is down: the body does not match "Cổng thông tin".')" 1
expect_eq "kept redirect logged with its status" \
  "$(count 'Service "web-redirect-kept" .* is down: HTTP status 302.')" 1
expect_eq "expired reason logged once" \
  "$(count 'Endpoint "expired" (localhost:[0-9]*): not OK: certificate not valid for localhost: certificate has expired.')" 1
expect_eq "self-signed reason logged once" \
  "$(count 'Endpoint "self" (localhost:[0-9]*): not OK: certificate not valid for localhost: self-signed certificate')" 1
expect_eq "wrong host reason logged once" \
  "$(count 'Endpoint "other" (localhost:[0-9]*): not OK: certificate not valid for localhost: hostname mismatch')" 1
expect_eq "TLS 1.0 reason logged once" \
  "$(count 'Endpoint "old" (localhost:[0-9]*): not OK: negotiated TLS 1.0, below MinProtocol 1.2')" 1
# up, down (once per reason: a connection reset as the server dies, then
# refused connections), up again; never the same reason twice
expect_eq "flappy: up, down, back up in the log" \
  "$(grep -o 'Service "flappy" .* is [a-z]*' "$log" | sed 's/.* is //' | uniq | tr '\n' ' ')" "up down up "
expect_eq "flappy: no reason logged twice" \
  "$(grep 'Service "flappy" .* is down' "$log" | sed 's/^\[[^]]*\] //; s/after [0-9]* m[a-z]*//' | sort | uniq -d)" ""
expect_eq "flappy: refused connections logged once" "$(count 'Service "flappy" .* is down: Failed to connect')" 1

# Approved maintenance over the flappy server's outage: planned, not counted.
cat > "$WORK/maintenance.xml" <<XML
<attestations xmlns="urn:vigil:attestation:1" directive="qng-415-stttt-2020">
  <maintenance hosts="probe-host" instances="flappy web-*" from="$(iso $((stopped_at - 2)))" to="$(iso $((restarted_at + 3)))">
    <approver>Head of IT</approver><reason>Web server upgrade</reason>
  </maintenance>
  <maintenance hosts="probe-host" instances="web-ok" from="$(iso $((start + 3)))" to="$(iso $((start + 3 + (end - start - 4) * 6 / 10)))">
    <approver>Head of IT</approver><reason>Planned, and the service stayed up</reason>
  </maintenance>
</attestations>
XML
"$REPORT" --catalogue "$top_srcdir/directives/qng-415-stttt-2020.xml" \
  --inventory "$WORK/agencies.xml" --datadir "$WORK/rrd" --from "$(iso $((start + 3)))" \
  --to "$(iso $((end - 1)))" --attestations "$WORK/maintenance.xml" --xml "$WORK/planned.xml" \
  2> /dev/null
P="$WORK/planned.xml"
pev() {
  xp "$P" "//*[local-name()='check'][@id='$1']/*[local-name()='evidence'][@plugin-instance='$2']/@$3"
}
expect_eq "planned: flappy's longest unplanned outage" "$(pev I.6.longest-outage flappy value)" 0
expect_eq "planned: flappy availability outside maintenance" "$(pev I.6.availability flappy value)" 1
expect_between "planned: flappy's planned outage (s)" "$(pev I.6.availability flappy planned-outage-seconds)" \
  $((outage - 2)) $((outage + 2))
expect_eq "planned: maintenance time left out (s)" "$(pev I.6.availability flappy maintenance-seconds)" \
  $((restarted_at + 3 - stopped_at + 2))
expect_eq "planned: web-ok, up through 60 % of the window in maintenance, passes (coverage is of the rest)" \
  "$(xp "$P" "//*[local-name()='check'][@id='I.6.availability']/*[local-name()='evidence'][@plugin-instance='web-ok']/@status")" pass
expect_between "planned: web-ok's coverage outside maintenance" "$(pev I.6.availability web-ok coverage)" 0.9 1
expect_eq "planned: web-500 is down all the same" "$(pev I.6.availability web-500 value)" 0
expect_eq "planned: web-500 outage outside maintenance is unplanned" \
  "$(awk -v k="$(pev I.6.availability web-500 known-seconds)" -v u="$(pev I.6.availability web-500 unplanned-outage-seconds)" 'BEGIN { print (k == u) }')" 1

# ---- the HTML report in a real browser ----
it_need_chromium
cat > "$WORK/harness.html" <<'HTML'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>harness</title></head><body>
<iframe id="f" src="report.html" width="1200" height="800"></iframe>
<pre id="out">pending</pre>
<script>
var f = document.getElementById('f');
f.onload = function () {
  var d = f.contentDocument, lines = [];
  d.querySelectorAll('table.matrix td[data-item]').forEach(function (td) {
    var a = td.closest('tr').querySelector('td.name a').getAttribute('href').slice(4);
    lines.push('cell ' + a + '/' + td.getAttribute('data-item') + '=' + td.getAttribute('data-status'));
  });
  lines.push('scripts ' + d.querySelectorAll('script').length);
  lines.push('js ' + (d.documentElement.className.indexOf('js') >= 0));
  d.querySelectorAll('section.agency h2').forEach(function (h) {
    lines.push('name ' + JSON.stringify(h.firstChild.textContent));
  });
  d.querySelectorAll('.controls input[type=checkbox]').forEach(function (b) {
    b.checked = b.value === 'fail';
    b.dispatchEvent(new Event('change'));
  });
  var shown = [].filter.call(d.querySelectorAll('table.matrix tr[data-statuses]'),
                             function (r) { return !r.classList.contains('hidden'); });
  lines.push('fail-filter-rows ' + shown.length);
  /* the search, with every status shown, then with the failure filter */
  var box = d.querySelector('.controls input[type=search]');
  function rowsFor(q) {
    box.value = q;
    box.dispatchEvent(new Event('input'));
    return [].filter.call(d.querySelectorAll('table.matrix tr[data-statuses]'),
                          function (r) { return !r.classList.contains('hidden'); })
      .map(function (r) { return r.querySelector('td.name a').getAttribute('href').slice(4); }).join(',');
  }
  lines.push('search-fail "buu dien" ' + rowsFor('buu dien'));
  d.querySelectorAll('.controls input[type=checkbox]').forEach(function (b) {
    b.checked = true;
    b.dispatchEvent(new Event('change'));
  });
  ['buu dien', 'BƯU ĐIỆN', 'du lieu trung', 'evil', 'I.6', 'I.6.availability', 'I.1.backup-exists', 'II.1',
   'nowhere'].forEach(function (q) { lines.push('search "' + q + '" ' + rowsFor(q)); });
  rowsFor('I.6');
  lines.push('search-sections "I.6" ' + [].filter.call(d.querySelectorAll('section.agency'),
    function (s) { return !s.classList.contains('hidden'); }).length);
  var imgs = d.querySelectorAll('img'), decoded = 0;
  imgs.forEach(function (i) { if (i.complete && i.naturalWidth > 100) decoded++; });
  lines.push('images ' + imgs.length + ' decoded ' + decoded);
  document.getElementById('out').textContent = lines.join('\n');
};
</script>
</body></html>
HTML
browser() { it_browser 60 --virtual-time-budget=5000 "$@"; }
browser --dump-dom "file://$WORK/harness.html" | sed -n '/<pre id="out">/,/<\/pre>/p' \
  | sed 's/<[^>]*>//g; s/&quot;/"/g; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g' > "$WORK/dom.txt"
grep -q '^cell ' "$WORK/dom.txt" && ok "chromium rendered the report" ||
  not_ok "chromium rendered nothing: $(head -c 600 "$WORK/chromium.err")"
want=$(for a in dc evil; do
  "$XMLLINT" --xpath "//*[local-name()='agency'][@id='$a']/*[local-name()='item']" "$R" 2>/dev/null |
    grep -oE '<item id="[^"]+" status="[^"]+"' | sed -E "s/<item id=\"([^\"]+)\" status=\"([^\"]+)\"/cell $a\/\1=\2/"
done | sort)
expect_eq "matrix cells in the browser equal report.xml" "$(grep '^cell ' "$WORK/dom.txt" | sort)" "$want"
# a graph for each series read whose evidence did not pass, in an item that did not pass
n_graphs=$("$XMLLINT" --xpath "count(//*[local-name()='agency']/*[local-name()='item'][@status != 'pass' and @status != 'manual-pass' and @status != 'not-applicable']/*[local-name()='check']/*[local-name()='evidence'][@step][@status != 'pass' and @status != 'manual-pass' and @status != 'not-applicable'])" "$R")
[ "$n_graphs" -gt 0 ] && ok "some evidence to draw ($n_graphs)" || not_ok "no evidence to draw"
expect_eq "graphs present and decoded" "$(grep '^images ' "$WORK/dom.txt")" "images $n_graphs decoded $n_graphs"
expect_eq "report.xml carries no picture" "$(grep -c '<graph' "$R")" 0
expect_eq "only the page's own script" "$(grep '^scripts ' "$WORK/dom.txt")" "scripts 1"
expect_eq "the filter script ran" "$(grep '^js ' "$WORK/dom.txt")" "js true"
expect_eq "hostile agency name shown as text" "$(grep -F 'name "<img' "$WORK/dom.txt")" \
  'name "<img src=x onerror=alert(1)><script>alert(2)</script>"'
expect_eq "status filter keeps only agencies with failures" "$(grep '^fail-filter-rows ' "$WORK/dom.txt")" \
  "fail-filter-rows 1"
# the search: accents and case aside, every word in the row; ids whole or as a prefix
applies() { # the agencies (in matrix order) to which an item or check applies
  for a in dc evil; do
    [ "$("$XMLLINT" --xpath "count(//*[local-name()='agency'][@id='$a']//*[@id='$1'][@status != 'not-applicable'])" "$R" 2>/dev/null)" -gt 0 ] &&
      printf '%s\n' "$a"
  done | paste -sd, -
}
expect_eq "search without accents finds the Vietnamese name" "$(grep '^search "buu dien"' "$WORK/dom.txt")" 'search "buu dien" dc'
expect_eq "search in capitals with accents" "$(grep '^search "BƯU' "$WORK/dom.txt")" 'search "BƯU ĐIỆN" dc'
expect_eq "search: every word, in any order" "$(grep '^search "du lieu' "$WORK/dom.txt")" 'search "du lieu trung" dc'
expect_eq "search by agency id" "$(grep '^search "evil"' "$WORK/dom.txt")" 'search "evil" evil'
for q in I.6 I.6.availability I.1.backup-exists II.1; do
  expect_eq "search by id $q: the agencies it applies to" "$(grep "^search \"$q\"" "$WORK/dom.txt")" "search \"$q\" $(applies $q)"
done
expect_eq "search for nothing known shows no row" "$(grep '^search "nowhere"' "$WORK/dom.txt")" 'search "nowhere" '
expect_eq "the search filters the agency sections too" "$(grep '^search-sections' "$WORK/dom.txt")" \
  "search-sections \"I.6\" $(applies I.6 | tr ',' '\n' | grep -c .)"
expect_eq "search and the failure filter combine" "$(grep '^search-fail' "$WORK/dom.txt")" \
  "search-fail \"buu dien\" $( [ "$(xp "$R" "count(//*[local-name()='agency'][@id='dc']/*[local-name()='item'][@status='fail'])")" -gt 0 ] && echo dc)"
tidy -errors -q "$WORK/report.html" > "$WORK/tidy.out" 2>&1 && ok "tidy finds no HTML errors" ||
  not_ok "tidy: $(head -5 "$WORK/tidy.out")"
browser --window-size=1280,4000 --screenshot="$top_builddir/tests/report-screenshot.png" \
  "file://$WORK/report.html" > /dev/null
[ -s "$top_builddir/tests/report-screenshot.png" ] && ok "screenshot saved: tests/report-screenshot.png" ||
  not_ok "no screenshot"
it_finish

#!/usr/bin/env bash
# Hostile names on their way from collectd to the outputs: a plugin
# instance with markup characters and quotes (from collectd's own
# configuration), one with a control character (a folder made beside
# collectd's), a 250-byte one, and agency names with markup, a spreadsheet
# formula and 10,000 characters. report.xml stays valid with every name
# escaped, the HTML page shows them as text, the CSV guards the formula,
# and no file is made from a name. Inventories, catalogues and attestations
# with a DOCTYPE (external entities, entity expansion) are refused.
set -u
. "$(dirname "$0")/lib.sh"

it_setup
loc='a<b>&c"d'"'"'e'
long=$(printf 'L%.0s' $(seq 1 250))
mkdir -p "$WORK/backups"
head -c 4096 /dev/urandom > "$WORK/backups/db.sql.gz"
it_collectd_conf hostile host-hostile "
LoadPlugin uptime
LoadPlugin vigil_backup
<Plugin vigil_backup>
  <Location \"${loc//\"/\\\"}\">
    Path \"$WORK/backups\"
    Pattern \"*.sql.gz\"
  </Location>
  <Location \"$long\">
    Path \"$WORK/backups\"
    Pattern \"*.sql.gz\"
  </Location>
</Plugin>"
it_collectd_start hostile
start=$(date +%s)
sleep 5
end=$(date +%s)
it_collectd_stop hostile
pdir="$WORK/rrd/host-hostile/vigil_backup-$loc"
[ -f "$pdir/files-matching.rrd" ] && ok "collectd wrote the plugin instance '$loc'" ||
  not_ok "no RRD for '$loc': $(ls "$WORK/rrd/host-hostile")"
# a control character and bytes that are not UTF-8 in a folder name
ctl="$WORK/rrd/host-hostile/vigil_backup-x"$'\x01'"y"$'\xff'"z"
mkdir -p "$ctl" && cp "$pdir/files-matching.rrd" "$ctl/"

bad_name='<script>alert(1)</script> & "quoted" '"'apos'"
long_name=$(printf 'N%.0s' $(seq 1 10000))
cat > "$WORK/agencies.xml" <<XML
<inventory xmlns="urn:vigil:inventory:1" id="it">
  <province xml:lang="en">Test &amp; &lt;province&gt;</province>
  <agency id="hostile" categories="state-agency"><name xml:lang="en">&lt;script&gt;alert(1)&lt;/script&gt; &amp; "quoted" 'apos'</name><host>host-hostile</host></agency>
  <agency id="formula" categories="state-agency"><name xml:lang="en">=HYPERLINK("http://evil.example","x")</name><host>host-none</host></agency>
  <agency id="long" categories="state-agency"><name xml:lang="en">$long_name</name><host>host-none2</host></agency>
</inventory>
XML
mkdir -p "$WORK/out"
before=$(find "$WORK" | sort)
"$REPORT" --catalogue "$top_srcdir/directives/qng-415-stttt-2020.xml" --inventory "$WORK/agencies.xml" \
  --datadir "$WORK/rrd" --from "$(iso $((start + 2)))" --to "$(iso $((end - 1)))" \
  --xml "$WORK/out/report.xml" --html "$WORK/out/report.html" --csv "$WORK/out/report.csv" \
  --graphs all --lang en > /dev/null 2> "$WORK/out/../report.err"
rc=$?
after=$(find "$WORK" | sort | grep -v "$WORK/report.err")
[ $rc -le 2 ] && ok "vigil-report exit status $rc" || not_ok "vigil-report failed ($rc): $(cat "$WORK/report.err")"
"$XMLLINT" --noout --schema "$top_srcdir/schemas/report.xsd" "$WORK/out/report.xml" 2> "$WORK/xsd.err" &&
  ok "report.xml is valid with the hostile names" || not_ok "report.xml invalid: $(head -3 "$WORK/xsd.err")"
pinsts=$(xp "$WORK/out/report.xml" "//*[local-name()='check'][@id='I.1.backup-exists']/*[local-name()='evidence']/@plugin-instance" ; "$XMLLINT" --xpath "//*[local-name()='check'][@id='I.1.backup-exists']/*[local-name()='evidence']/@plugin-instance" "$WORK/out/report.xml" 2>/dev/null)
echo "$pinsts" | grep -qF 'plugin-instance="a&lt;b&gt;&amp;c&quot;d'"'"'e"' &&
  ok "the markup plugin instance is escaped in report.xml" || not_ok "plugin instances: $pinsts"
echo "$pinsts" | grep -qF 'plugin-instance="x?y?z"' &&
  ok "the control character and the stray byte are shown as '?'" || not_ok "plugin instances: $pinsts"
# collectd keeps 127 bytes of a plugin instance; the report shows what it wrote
echo "$pinsts" | grep -qF "plugin-instance=\"${long:0:127}\"" &&
  ok "the long instance is shown as collectd wrote it (127 bytes)" || not_ok "long instance missing: $pinsts"
expect_eq "the agency name read back from report.xml" \
  "$(xp "$WORK/out/report.xml" "//*[local-name()='agency'][@id='hostile']/*[local-name()='name'][@*[local-name()='lang']='en']")" "$bad_name"
expect_eq "the 10,000-character name, whole" \
  "$(xp "$WORK/out/report.xml" "string-length(//*[local-name()='agency'][@id='long']/*[local-name()='name'][1])")" 10000

grep -q '<script>alert' "$WORK/out/report.html" && not_ok "raw <script>alert in the HTML page" ||
  ok "no raw markup from data in the HTML page"
grep -qF '&lt;script&gt;alert(1)&lt;/script&gt; &amp; "quoted"' "$WORK/out/report.html" &&
  ok "the agency name is text in the HTML page" || not_ok "agency name not found escaped in the HTML"
if command -v tidy > /dev/null; then
  tidy -q -e "$WORK/out/report.html" > "$WORK/tidy.out" 2>&1
  grep -q "Error:" "$WORK/tidy.out" && not_ok "tidy: $(grep Error: "$WORK/tidy.out" | head -3)" ||
    ok "tidy finds no error in the HTML page"
fi
grep -qF "formula,'=HYPERLINK(" "$WORK/out/report.csv" || grep -qF "formula,\"'=HYPERLINK(" "$WORK/out/report.csv" &&
  ok "the CSV guards the formula" || not_ok "CSV: $(grep formula "$WORK/out/report.csv")"
grep -qF '"<script>alert(1)</script> & ""quoted"" '"'apos'"'"' "$WORK/out/report.csv" &&
  ok "the CSV quotes the name (RFC 4180)" || not_ok "CSV: $(grep hostile "$WORK/out/report.csv")"
expect_eq "the CSV begins with a UTF-8 byte order mark, then its header" \
  "$(head -c 10 "$WORK/out/report.csv" | od -An -c | tr -s ' ')" " 357 273 277 a g e n c y ,"
expect_eq "one BOM, not one a row" "$(grep -c $'\xEF\xBB\xBF' "$WORK/out/report.csv")" 1
expect_eq "files made by vigil-report" "$(comm -13 <(echo "$before") <(echo "$after") | sed "s|$WORK/||" | tr '\n' ' ')" \
  "out/report.csv out/report.html out/report.xml "
# --csv-no-bom: the same rows without the mark
"$REPORT" --catalogue "$top_srcdir/directives/qng-415-stttt-2020.xml" --inventory "$WORK/agencies.xml" \
  --datadir "$WORK/rrd" --from "$(iso $((start + 2)))" --to "$(iso $((end - 1)))" \
  --csv "$WORK/nobom.csv" --csv-no-bom > /dev/null 2>&1
expect_eq "--csv-no-bom: the same rows, the header first" "$(tail -c +4 "$WORK/out/report.csv" | md5sum)" \
  "$(md5sum < "$WORK/nobom.csv")"

# XML with a DOCTYPE: external entities and entity expansion are refused
cat > "$WORK/xxe.xml" <<'XML'
<?xml version="1.0"?>
<!DOCTYPE inventory [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<inventory xmlns="urn:vigil:inventory:1" id="it">
  <province xml:lang="en">&secret;</province>
</inventory>
XML
cat > "$WORK/bomb.xml" <<'XML'
<?xml version="1.0"?>
<!DOCTYPE directive [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<directive xmlns="urn:vigil:directive:1" id="&g;"/>
XML
t0=$(date +%s)
"$REPORT" --catalogue "$WORK/bomb.xml" --inventory "$WORK/agencies.xml" --datadir "$WORK/rrd" \
  --xml "$WORK/out/bomb.xml" > /dev/null 2> "$WORK/bomb.err"
rc=$? t1=$(date +%s)
expect_eq "catalogue with an entity bomb: exit" $rc 1
grep -qE "bomb.xml:[0-9]+: (a DOCTYPE is not allowed here|Detected an entity reference loop)" "$WORK/bomb.err" &&
  ok "refused: $(grep -E 'DOCTYPE|entity' "$WORK/bomb.err" | head -1)" || not_ok "bomb: $(cat "$WORK/bomb.err")"
expect_between "seconds spent on the bomb" $((t1 - t0)) 0 2
"$REPORT" --catalogue "$top_srcdir/directives/qng-415-stttt-2020.xml" --inventory "$WORK/xxe.xml" \
  --datadir "$WORK/rrd" --xml "$WORK/out/xxe.xml" > /dev/null 2> "$WORK/xxe.err"
expect_eq "inventory with an external entity: exit" $? 1
grep -q "xxe.xml:[0-9]*: a DOCTYPE is not allowed here" "$WORK/xxe.err" &&
  ok "refused: $(grep DOCTYPE "$WORK/xxe.err" | head -1)" || not_ok "xxe: $(cat "$WORK/xxe.err")"
grep -q "root:" "$WORK/xxe.err" && not_ok "the external entity was read" || ok "nothing of /etc/passwd read"
sed 's/<inventory /<attestations /; s/<\/inventory>/<\/attestations>/; s/urn:vigil:inventory:1/urn:vigil:attestation:1/' \
  "$WORK/xxe.xml" > "$WORK/xxe-att.xml"
"$REPORT" --catalogue "$top_srcdir/directives/qng-415-stttt-2020.xml" --inventory "$WORK/agencies.xml" \
  --attestations "$WORK/xxe-att.xml" --datadir "$WORK/rrd" --xml "$WORK/out/att.xml" > /dev/null 2> "$WORK/att.err"
expect_eq "attestations with an external entity: exit" $? 1
grep -q "xxe-att.xml:[0-9]*: a DOCTYPE is not allowed here" "$WORK/att.err" &&
  ok "refused: $(grep DOCTYPE "$WORK/att.err" | head -1)" || not_ok "attestations: $(cat "$WORK/att.err")"

it_finish

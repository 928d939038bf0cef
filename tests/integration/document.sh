#!/usr/bin/env bash
# The director's document at province scale: a province of 300 agencies
# generated through librrd (collectd's default RRD layout, a value every
# 10 minutes over the 415 window and the days before, one host in ten
# failing something, one in four with a gap), judged with the default page;
# headless Chromium opens the page, and the page itself is compared with
# report.xml read beside it: every cell of the matrix, the groups of the
# matrix, the summary's counts, an agency section for each agency (short
# when it passes everything), graphs only where something did not pass, and
# all of them decodable; printed to A4, it reads well page by page. The
# --html-dir site of the same report links each agency to its own page.
set -u
. "$(dirname "$0")/lib.sh"

it_setup
GEN="$top_builddir/tests/bench/gen_province"
CAT="$top_srcdir/directives/qng-415-stttt-2020.xml"
N=300

"$GEN" --layout default --step 600 "$WORK/p" "$N" > "$WORK/gen.out" 2>&1 &&
  ok "generated $N agencies: $(cat "$WORK/gen.out")" || not_ok "gen_province: $(cat "$WORK/gen.out")"
"$REPORT" --catalogue "$CAT" --inventory "$WORK/p/agencies.xml" --datadir "$WORK/p/data" \
  --xml "$WORK/report.xml" --html "$WORK/report.html" --html-dir "$WORK/site" > /dev/null 2> "$WORK/report.err"
expect_eq "vigil-report exit status (some items fail)" "$?" 2
expect_eq "nothing on stderr" "$(cat "$WORK/report.err")" ""
"$XMLLINT" --noout --schema "$top_srcdir/schemas/report.xsd" "$WORK/report.xml" 2> "$WORK/xsd.err" &&
  ok "report.xml is valid" || not_ok "report.xml: $(head -3 "$WORK/xsd.err")"
expect_eq "report.xml carries no picture" "$(grep -c '<graph' "$WORK/report.xml")" 0
expect_eq "agencies in report.xml" "$(xp "$WORK/report.xml" "count(/*/*[local-name()='agency'])")" "$N"

it_need_chromium
# The harness loads the page in a frame and report.xml with XMLHttpRequest,
# and says what differs.
cat > "$WORK/harness.html" <<'HTML'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>harness</title></head><body>
<iframe id="f" src="report.html" width="1200" height="800"></iframe>
<pre id="out">pending</pre>
<script>
var NS = 'urn:vigil:report:1';
function kids(n, name) {
  return [].filter.call(n.childNodes, function (c) { return c.localName === name && c.namespaceURI === NS; });
}
var f = document.getElementById('f');
f.onload = function () {
  var d = f.contentDocument, lines = [];
  var x = new XMLHttpRequest();
  x.open('GET', 'report.xml', false);
  x.send();
  var r = new DOMParser().parseFromString(x.responseText, 'application/xml').documentElement;
  var agencies = kids(r, 'agency'), cats = kids(kids(r, 'catalogue')[0], 'category');
  lines.push('dcl ' + Math.round(f.contentWindow.performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd));
  /* every cell: the status report.xml gives that agency and item */
  var rows = d.querySelectorAll('table.matrix tr[data-statuses]'), cells = 0, wrong = [];
  var byId = {};
  rows.forEach(function (tr) {
    var href = tr.querySelector('td.name a').getAttribute('href');
    byId[href.slice(href.indexOf('#ag-') + 4)] = tr;
  });
  agencies.forEach(function (a) {
    var tr = byId[a.getAttribute('id')];
    kids(a, 'item').forEach(function (it) {
      var td = tr ? tr.querySelector('td[data-item="' + it.getAttribute('id') + '"]') : null;
      cells++;
      if (!td || td.getAttribute('data-status') !== it.getAttribute('status'))
        wrong.push(a.getAttribute('id') + '/' + it.getAttribute('id'));
    });
  });
  lines.push('rows ' + rows.length);
  lines.push('cells ' + cells + ' wrong ' + wrong.length + ' ' + wrong.slice(0, 5).join(','));
  /* the rows come in groups: each category's agencies (by their first
   * category) under its heading, in the inventory's order */
  var order = [], seen = [];
  d.querySelectorAll('table.matrix tbody tr').forEach(function (tr) {
    if (tr.className === 'group') seen.push(tr.textContent.trim());
    else order.push(tr.querySelector('td.name a').getAttribute('href').slice(4));
  });
  var want = [], heads = [];
  cats.forEach(function (c) {
    var members = agencies.filter(function (a) { return a.getAttribute('categories').split(' ')[0] === c.getAttribute('id'); });
    if (members.length) heads.push(c.getAttribute('id'));
    members.forEach(function (a) { want.push(a.getAttribute('id')); });
  });
  lines.push('order ' + (order.join(' ') === want.join(' ')) + ' groups ' + seen.length + '/' + heads.length);
  /* the summary's table of counts */
  var sumWrong = 0, sumItems = kids(kids(r, 'summary')[0], 'item');
  var sumRows = d.querySelectorAll('#summary table:not(.by-category) tbody tr');
  sumItems.forEach(function (it, i) {
    var tds = sumRows[i] ? sumRows[i].querySelectorAll('td.num') : [];
    ['pass', 'fail', 'nodata', 'error', 'manual-pass', 'manual-fail', 'not-applicable', 'waived'].forEach(function (s, k) {
      if (!tds[k] || tds[k].textContent.trim() !== it.getAttribute(s)) sumWrong++;
    });
  });
  lines.push('summary ' + sumItems.length + ' wrong ' + sumWrong);
  /* items x categories: passing / applicable for each category with agencies */
  var catWrong = 0, catCells = 0, catHeads = [].map.call(d.querySelectorAll('table.by-category thead th'),
    function (th) { return th.textContent.trim(); }).slice(1);
  var catRows = d.querySelectorAll('table.by-category tbody tr');
  sumItems.forEach(function (it, i) {
    var tds = catRows[i] ? catRows[i].querySelectorAll('td') : [];
    cats.forEach(function (c, k) {
      var n = kids(it, 'category').filter(function (x) { return x.getAttribute('id') === c.getAttribute('id'); })[0];
      if (!n) return;
      var col = catHeads.indexOf(kids(c, 'label')[0].textContent.trim());
      var all = 0;
      ['pass', 'fail', 'nodata', 'error', 'manual-pass', 'manual-fail', 'waived'].forEach(function (s) { all += +n.getAttribute(s); });
      var want = all === 0 ? '–' : (+n.getAttribute('pass') + +n.getAttribute('manual-pass')) + ' / ' + all;
      catCells++;
      if (col < 0 || !tds[col + 1] || tds[col + 1].textContent.trim().indexOf(want) !== 0) catWrong++;
    });
  });
  lines.push('by-category ' + (catCells > 0) + ' wrong ' + catWrong);
  /* a section per agency: short when every item passes or does not apply */
  var shortWrong = 0;
  agencies.forEach(function (a) {
    var s = d.getElementById('ag-' + a.getAttribute('id'));
    var passes = kids(a, 'item').every(function (it) {
      return ['pass', 'manual-pass', 'not-applicable'].indexOf(it.getAttribute('status')) >= 0;
    }) && kids(a, 'error').length === 0;
    if (!s || s.classList.contains('compact') !== passes) shortWrong++;
  });
  lines.push('sections ' + d.querySelectorAll('section.agency').length + ' short-wrong ' + shortWrong +
             ' short ' + d.querySelectorAll('section.agency.compact').length);
  /* graphs only under evidence that did not pass, in an item that did not */
  var misplaced = [].filter.call(d.querySelectorAll('tr.graph'), function (g) {
    return g.closest('div.item') === null || g.closest('div.item').querySelector('h3 .st-pass') !== null;
  }).length;
  var imgs = d.querySelectorAll('img'), decoded = 0;
  imgs.forEach(function (i) { if (i.complete && i.naturalWidth > 100) decoded++; });
  lines.push('images ' + imgs.length + ' decoded ' + decoded + ' misplaced ' + misplaced);
  document.getElementById('out').textContent = lines.join('\n');
};
</script>
</body></html>
HTML
browser() { it_browser 120 --virtual-time-budget=20000 "$@"; }
browser --dump-dom "file://$WORK/harness.html" | sed -n '/<pre id="out">/,/<\/pre>/p' |
  sed 's/<[^>]*>//g' > "$WORK/dom.txt"
grep -q '^rows ' "$WORK/dom.txt" && ok "chromium opened the page ($(grep '^dcl ' "$WORK/dom.txt") ms to DOMContentLoaded)" ||
  not_ok "chromium rendered nothing: $(head -c 600 "$WORK/chromium.err")"
expect_eq "one matrix row per agency" "$(grep '^rows ' "$WORK/dom.txt")" "rows $N"
expect_eq "every cell as report.xml says" "$(grep '^cells ' "$WORK/dom.txt" | sed 's/ *$//')" "cells $((N * 10)) wrong 0"
expect_eq "rows in inventory order under their category, each heading once" \
  "$(grep '^order ' "$WORK/dom.txt" | cut -d' ' -f1-2)" "order true"
grep -qE '^order true groups ([0-9]+)/\1$' "$WORK/dom.txt" && ok "a heading for each category with agencies" ||
  not_ok "headings: $(grep '^order ' "$WORK/dom.txt")"
expect_eq "summary counts as report.xml's" "$(grep '^summary ' "$WORK/dom.txt")" "summary 10 wrong 0"
expect_eq "items x categories as report.xml's" "$(grep '^by-category ' "$WORK/dom.txt")" "by-category true wrong 0"
expect_eq "a section per agency, short exactly when all passes" \
  "$(grep '^sections ' "$WORK/dom.txt" | cut -d' ' -f1-4)" "sections $N short-wrong 0"
n_img=$(grep '^images ' "$WORK/dom.txt" | cut -d' ' -f2)
[ "${n_img:-0}" -gt 0 ] && ok "graphs of what did not pass: $n_img" || not_ok "no graph on the page"
expect_eq "graphs decoded, none under what passed" "$(grep '^images ' "$WORK/dom.txt")" \
  "images $n_img decoded $n_img misplaced 0"

# Printed on A4 by headless Chromium, read back with pdftotext: no page
# (but the last) with under 200 characters, no page ending on a heading,
# the matrix's header on every page it runs over, the summary's item names
# on lines of several words, and the outcome on the first page.
browser --no-pdf-header-footer --print-to-pdf="$WORK/report.pdf" "file://$WORK/report.html" > /dev/null
pages=$(pdfinfo "$WORK/report.pdf" 2> /dev/null | awk '/^Pages:/ {print $2}')
[ "${pages:-0}" -gt 10 ] && ok "printed: $pages pages" || not_ok "no PDF printed: $(head -c 300 "$WORK/chromium.err")"
expect_eq "page size" "$(pdfinfo "$WORK/report.pdf" | sed -nE 's/^Page size: +//p')" "594.96 x 841.92 pts (A4)"
pdftotext -layout "$WORK/report.pdf" "$WORK/report.txt"
expect_eq "pages under 200 characters (the last aside)" \
  "$(awk -v RS='\f' -v last="$pages" 'NR < last { n = gsub(/[^ \n]/, "&"); if (n < 200) printf "%d(%d) ", NR, n }' "$WORK/report.txt")" ""
expect_eq "pages ending on a heading (an agency's or an item's)" \
  "$(awk -v RS='\f' -v last="$pages" 'NR < last {
      n = split($0, l, "\n"); e = ""
      for (i = n; i > 0 && e == ""; i--) { e = l[i]; gsub(/^ +| +$/, "", e) }
      if (e ~ /\(a[0-9]+\)$/ || e ~ /^I+\.[0-9]+ .*(Đạt|Không đạt|Không có dữ liệu|Lỗi|Miễn trừ|\))$/ || e ~ /^Kiểm tra +Trạng thái/) printf "%d: %s| ", NR, e
    }' "$WORK/report.txt")" ""
expect_eq "matrix pages without the matrix's header" \
  "$(awk -v RS='\f' '/\nCo quan [0-9]+ +[?✓✗!W–]/ && !/Đơn vị +I\.1 +I\.2/ { printf "%d ", NR }' "$WORK/report.txt")" ""
first=$(awk -v RS='\f' 'NR == 1' "$WORK/report.txt")
for want in "kết quả đơn vị × hạng mục không đạt" "Điểm tuân thủ" "I.1 Giám sát, trực kỹ thuật" "I.4 Tường lửa, phát hiện"; do
  case "$first" in
  *"$want"*) ok "page 1 says: $want" ;;
  *) not_ok "page 1 lacks: $want" ;;
  esac
done

# The site: an index and a page per agency, the index's links resolving.
expect_eq "site pages" "$(find "$WORK/site/agencies" -name '*.html' | wc -l)" "$N"
first=$(xp "$WORK/report.xml" "/*/*[local-name()='agency'][1]/@id")
grep -q "href=\"agencies/$first.html#ag-$first\"" "$WORK/site/index.html" &&
  ok "the index links to agencies/$first.html" || not_ok "no link to $first's page in the index"
grep -q "<section id=\"ag-$first\" class=\"agency full\"" "$WORK/site/agencies/$first.html" &&
  ok "$first's page shows it in full" || not_ok "$first's page: $(head -c 300 "$WORK/site/agencies/$first.html")"
it_finish

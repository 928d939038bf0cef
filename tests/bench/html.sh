#!/bin/bash
# Benchmark of the HTML writer on synthetic provinces (collectd's default RRD
# layout, made by gen_province as tests/bench/run.sh does): the default page
# against the --xml-only run of the same province measured in the same run
# (wall time ratio), its size, the peak RSS at each size and its ratio from
# the first size to the last, the time headless Chromium takes to reach
# DOMContentLoaded on the page, and the --html-dir site.
#
#   tests/bench/html.sh BUILDDIR SRCDIR [HOSTS...]     (default: 100 1000)
# Each time is the fastest of three runs, after one that warms the cache.
# Targets (issue "the director's document"): page <= 20 MB, peak RSS <=
# 64 MiB and within 10 % from the first size to the last, wall <= 3x the
# --xml-only run, DOMContentLoaded < 3 s.
set -u
build=$1 src=$2
shift 2
sizes=${*:-100 1000}
dir=${BENCH_DIR:-/var/tmp/vigil-bench}
mkdir -p "$dir"

. "$(dirname "$0")/lib.sh"
verdict() { awk -v c="$1" 'BEGIN { print (c ? "met" : "NOT MET") }'; }

# Milliseconds from navigation to DOMContentLoaded of PAGE in headless Chromium.
dcl_ms() {
  local page=$1 chromium
  chromium=$(command -v chromium || true)
  if [ -z "$chromium" ]; then
    echo "n/a"
    return
  fi
  cat > "$dir/dcl.html" <<HTML
<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<iframe id="f" src="file://$page"></iframe><pre id="out">pending</pre>
<script>
document.getElementById('f').onload = function () {
  var t = this.contentWindow.performance.getEntriesByType('navigation')[0];
  document.getElementById('out').textContent = 'dcl ' + Math.round(t.domContentLoadedEventEnd);
};
</script></body></html>
HTML
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$dir/chromium-profile" --allow-file-access-from-files \
    --dump-dom "file://$dir/dcl.html" 2> /dev/null | sed -n 's/.*<pre id="out">dcl \([0-9]*\)<.*/\1/p'
}

bench_machine
first=${sizes%% *}
last=${sizes##* }
for n in $sizes; do
  bench_province default "$n"
  echo "== $n agencies, $((n * 20)) files, collectd's default layout"
  report=("$build/vigil-report" --schemas "$src/schemas" -c "$src/directives/qng-415-stttt-2020.xml"
    -i "$p/agencies.xml" -d "$p/data")
  "${report[@]}" -x "$dir/warm.xml" > /dev/null 2>&1 # warm the page cache
  read -r xw _ _ xm <<< "$(secs "${report[@]}" -x "$dir/xml-$n.xml")"
  echo "--xml only: ${xw} s wall, peak RSS $((xm / 1024)) MiB"
  read -r hw hu hs hm <<< "$(secs "${report[@]}" -x "$dir/page-$n.xml" --html "$dir/page-$n.html")"
  size=$(stat -c %s "$dir/page-$n.html")
  graphs=$(grep -o '<img ' "$dir/page-$n.html" | wc -l)
  echo "--xml --html (default page): ${hw} s wall (${hu} s user, ${hs} s system), $(ratio "$hw" "$xw")x" \
    "the --xml run; page $(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1e6 }') MB with $graphs graphs;" \
    "peak RSS $((hm / 1024)) MiB"
  eval "rss_$n=$hm wall_ratio_$n=$(ratio "$hw" "$xw") size_$n=$size"
  read -r sw _ _ sm <<< "$(secs "${report[@]}" -x "$dir/site-$n.xml" --html-dir "$dir/site-$n")"
  echo "--xml --html-dir (a page per agency, every graph): ${sw} s wall, $(ratio "$sw" "$xw")x the" \
    "--xml run; $(du -sm "$dir/site-$n" | cut -f1) MB in $(find "$dir/site-$n" -name '*.html' | wc -l) pages;" \
    "peak RSS $((sm / 1024)) MiB"
  dcl=$(dcl_ms "$dir/page-$n.html")
  echo "headless Chromium: DOMContentLoaded of the default page after ${dcl} ms"
  eval "dcl_$n=${dcl:-0}"
done
eval "r1=\$rss_$first r2=\$rss_$last wr=\$wall_ratio_$last sz=\$size_$last dcl=\$dcl_$last"
echo "== targets at $last agencies"
echo "page $(awk -v s="$sz" 'BEGIN { printf "%.1f", s / 1e6 }') MB <= 20 MB: $(verdict "$((sz <= 20000000))")"
echo "peak RSS $((r2 / 1024)) MiB <= 64 MiB: $(verdict "$((r2 <= 65536))")"
echo "peak RSS $last / $first agencies: $(ratio "$r2" "$r1")x, within 10 %:" \
  "$(verdict "$(awk -v a="$r1" -v b="$r2" 'BEGIN { print (b <= a * 1.1 && b >= a * 0.9) }')")"
echo "wall ${wr}x the --xml run <= 3x: $(verdict "$(awk -v r="$wr" 'BEGIN { print (r <= 3) }')")"
echo "DOMContentLoaded ${dcl} ms < 3000 ms: $(verdict "$((dcl > 0 && dcl < 3000))")"

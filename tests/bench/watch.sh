#!/bin/bash
# Benchmark of a --watch refresh on synthetic provinces (collectd's default
# RRD layout, made by gen_province as tests/bench/run.sh does): the report
# of an open window, as --watch writes it every --interval seconds, against
# a plain --xml run of the same province in the same run (wall time
# ratio), read the same way: through rrdcached, as every report at the
# central is (the ratio to a run that reads the files without it is
# printed too). The province's four days of data end at 2020-05-04T00:00+07;
# the catalogue's window is made a day longer and the clock of
# vigil-report is set (faketime) 30 s after the last value, so the window
# is open and four days of it have elapsed: every budget is projected at
# the last hour's rate. The refresh reads through an rrdcached of the
# province (--daemon: every file flushed first).
#
#   tests/bench/watch.sh BUILDDIR SRCDIR [HOSTS...]     (default: 100 1000)
# Each time is the fastest of three runs, after one that warms the cache.
# Target (issue "watching the holiday"): a refresh costs <= 2x the --xml run.
set -u
build=$1 src=$2
shift 2
sizes=${*:-100 1000}
dir=${BENCH_DIR:-/var/tmp/vigil-bench}
mkdir -p "$dir"

. "$(dirname "$0")/lib.sh"
verdict() { awk -v c="$1" 'BEGIN { print (c ? "met" : "NOT MET") }'; }
if ! command -v faketime > /dev/null; then
  echo "watch benchmark: faketime is not installed (apt-get install faketime): not measured"
  exit 0
fi
now=$((1588525200 + 30))
sed 's|to="2020-05-04T00:00:00+07:00"|to="2020-05-05T00:00:00+07:00"|' \
  "$src/directives/qng-415-stttt-2020.xml" > "$dir/open-window.xml"

bench_machine
last=${sizes##* }
for n in $sizes; do
  bench_province default "$n"
  echo "== $n agencies, $((n * 20)) files, an open window four days in"
  sock="$dir/rrdcached.sock"
  rm -f "$sock" "$dir/rrdcached.pid"
  rrdcached -g -l "unix:$sock" -b "$p/data" -B -w 3600 -f 7200 -p "$dir/rrdcached.pid" > /dev/null 2>&1 &
  cached=$!
  for ((i = 0; i < 100; i++)); do [ -S "$sock" ] && break; sleep 0.1; done
  report=(faketime "@$now" "$build/vigil-report" --schemas "$src/schemas" -c "$dir/open-window.xml"
    -i "$p/agencies.xml" -d "$p/data" --to now)
  "${report[@]}" -x "$dir/warm.xml" > /dev/null 2>&1 # warm the page cache
  read -r dw _ _ _ <<< "$(secs "${report[@]}" -x "$dir/watch-xml-$n.xml")"
  echo "--to now --xml, the files read without rrdcached: ${dw} s wall"
  read -r xw _ _ xm <<< "$(secs "${report[@]}" --daemon "unix:$sock" -x "$dir/watch-xml-$n.xml")"
  echo "--to now --xml --daemon (every file flushed first): ${xw} s wall, peak RSS $((xm / 1024)) MiB"
  at_risk=$(grep -c '<at-risk ' "$dir/watch-xml-$n.xml")
  silent=$(grep -c '<silent ' "$dir/watch-xml-$n.xml")
  echo "  provisional: $(grep -c 'provisional="true"' "$dir/watch-xml-$n.xml") marks; $at_risk checks at" \
    "risk, $silent agencies silent; $(grep -c '<budget ' "$dir/watch-xml-$n.xml") budgets"
  for g in none problems; do
    read -r rw ru rs rm <<< "$(secs "${report[@]}" --daemon "unix:$sock" -x "$dir/watch-$n.xml" \
      --html "$dir/watch-$n.html" --graphs "$g")"
    echo "a refresh (--daemon, --xml, --html, --graphs $g): ${rw} s wall (${ru} s user, ${rs} s" \
      "system), $(ratio "$rw" "$xw")x the --xml --daemon run ($(ratio "$rw" "$dw")x the one" \
      "without rrdcached); page" \
      "$(awk -v s="$(stat -c %s "$dir/watch-$n.html")" 'BEGIN { printf "%.1f", s / 1e6 }') MB;" \
      "peak RSS $((rm / 1024)) MiB"
    eval "ratio_${g}_$n=$(ratio "$rw" "$xw")"
  done
  kill "$cached"
  wait "$cached" 2> /dev/null
done
eval "rn=\$ratio_none_$last rp=\$ratio_problems_$last"
echo "== target at $last agencies"
echo "a refresh of the status page (--watch's default, no graph) ${rn}x the --xml run <= 2x:" \
  "$(verdict "$(awk -v r="$rn" 'BEGIN { print (r <= 2) }')")"
echo "with the graphs of what did not pass (--graphs problems): ${rp}x"

#!/bin/bash
# Benchmarks of vigil-report against two baselines measured in the same run:
# (a) fetch_floor, which only calls rrd_fetch_r on every file over the window,
# and (b) a shell loop of `rrdtool fetch` per file. Prints figures and ratios.
#
#   tests/bench/run.sh BUILDDIR SRCDIR [HOSTS...]     (default: 100 1000)
# Each figure is the fastest of three runs, after a run that warms the cache.
# BENCH_DIR (default /var/tmp/vigil-bench) keeps the generated provinces.
set -u
build=$1 src=$2
shift 2
sizes=${*:-100 1000}
dir=${BENCH_DIR:-/var/tmp/vigil-bench}
from=1588179600 to=1588525200 # the 415 catalogue's window, 2020-04-30..05-04 +07
mkdir -p "$dir"

secs() { # command... -> prints "wall user sys maxrss_kb" of the fastest of 3 runs
  local rc i
  : > "$dir/times"
  for i in 1 2 3; do
    /usr/bin/time -f "%e %U %S %M" -o "$dir/time.out" "$@" >/dev/null 2>"$dir/err.out"
    rc=$?
    if [ $rc -gt 2 ]; then
      echo "bench: $* failed ($rc):" >&2
      cat "$dir/err.out" >&2
      exit 1
    fi
    tail -1 "$dir/time.out" >> "$dir/times"
  done
  sort -n "$dir/times" | head -1
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "machine: $(nproc) processors, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
for n in $sizes; do
  p="$dir/p$n"
  if [ ! -f "$p/done" ]; then
    rm -rf "$p"
    echo "== generating $n hosts ($((n * 20)) files) in $p"
    "$build/tests/bench/gen_province" "$p" "$n" || exit 1
    touch "$p/done"
  fi
  echo "== $n hosts, $((n * 20)) files, 4-day window at 60 s"
  "$build/tests/bench/fetch_floor" "$p/data" $from $to >/dev/null # warm the page cache
  read -r fa_w _ <<<"$(secs "$build/tests/bench/fetch_floor" "$p/data" $from $to)"
  read -r ft_w _ <<<"$(secs "$build/tests/bench/fetch_floor" "$p/data" $from $to --threads 2)"
  read -r fp_w _ <<<"$(secs "$build/tests/bench/fetch_floor" "$p/data" $from $to --procs 2)"
  echo "baseline (a) rrd_fetch_r loop: 1 thread ${fa_w} s; 2 threads ${ft_w} s; 2 processes ${fp_w} s"
  for j in 1 2; do
    read -r w u s m <<<"$(secs "$build/vigil-report" --jobs $j --schemas "$src/schemas" \
      -c "$src/directives/qng-415-stttt-2020.xml" -i "$p/agencies.xml" -d "$p/data" \
      -x "$dir/report-$n.xml")"
    echo "vigil-report --jobs $j: ${w} s wall (${u} s user, ${s} s system), peak RSS $((m / 1024)) MiB;" \
      "$(ratio "$w" "$fa_w")x baseline (a)"
    eval "vr_w$j=$w vr_m$j=$m"
  done
  t0=$(date +%s.%N)
  find "$p/data" -name '*.rrd' | sort | while read -r f; do
    rrdtool fetch "$f" AVERAGE -s $from -e $to >/dev/null || exit 1
  done
  t1=$(date +%s.%N)
  fb_w=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
  echo "baseline (b) rrdtool fetch per file from a shell loop: ${fb_w} s;" \
    "vigil-report --jobs 2 is $(ratio "$fb_w" "$vr_w2")x faster"
  eval "rss_$n=$vr_m2"
done
# The national level: 63 provinces' exports (each from the 100-host data
# under its own inventory id) merged into one, as the ministry does
first=${sizes%% *}
nat="$dir/national"
rm -rf "$nat" && mkdir -p "$nat"
for i in $(seq -w 1 63); do
  sed "s/id=\"synthetic\"/id=\"p$i\"/" "$dir/p$first/agencies.xml" > "$nat/inv-$i.xml"
  "$build/vigil-report" --schemas "$src/schemas" -c "$src/directives/qng-415-stttt-2020.xml" \
    -i "$nat/inv-$i.xml" -d "$dir/p$first/data" -e "$nat/export-$i.xml" > /dev/null 2>&1
  [ $? -le 2 ] || { echo "bench: export $i failed" >&2; exit 1; }
done
read -r mw _ _ mm <<<"$(secs "$build/vigil-report" --schemas "$src/schemas" --merge "$nat"/export-*.xml \
  --export "$nat/national.xml")"
echo "== national: 63 province exports ($(du -ch "$nat"/export-*.xml | tail -1 | cut -f1) in all," \
  "$(stat -c %s "$nat/export-01.xml") bytes each) merged in ${mw} s, peak RSS $((mm / 1024)) MiB;" \
  "national export $(stat -c %s "$nat/national.xml") bytes"
rm -rf "$nat"

# rrdcached's write rate: the generator writing 50 hosts through it
rd="$dir/rrdcached"
rm -rf "$rd" && mkdir -p "$rd"
rrdcached -g -l "unix:$rd/sock" -b "$rd" -B -w 3600 -z 1 -f 7200 -t 4 -p "$rd/pid" > "$rd/out" 2>&1 &
rpid=$!
for i in $(seq 1 50); do [ -S "$rd/sock" ] && break; sleep 0.1; done
echo "== rrdcached: $("$build/tests/bench/gen_province" "$rd/p" 50 1588525200 "unix:$rd/sock")"
kill $rpid
wait $rpid 2>/dev/null
rm -rf "$rd"

set -- $sizes
if [ $# -ge 2 ]; then
  a=$(eval echo "\$rss_$1") b=$(eval echo "\$rss_${!#}")
  echo "peak RSS at $1 hosts $((a / 1024)) MiB, at ${!#} hosts $((b / 1024)) MiB: ratio $(ratio "$b" "$a")"
fi

#!/bin/bash
# Benchmarks of vigil-report against baselines measured in the same run, on
# collectd's default RRD layout and on the one doc/deployment.md recommends:
# the floor (fetch_floor: rrd_fetch_r of the consolidation functions vigil
# needs, on every file, with as many processes as vigil-report's default
# jobs), the file opens per agency (strace), peak memory at each size, and
# a shell loop of `rrdtool fetch` per file. Prints figures and ratios.
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

. "$(dirname "$0")/lib.sh"

bench_machine
jobs=$(nproc) # vigil-report's default --jobs
strip_time() { sed -E 's/generated="[^"]*"//' "$1"; }
first=${sizes%% *}
for layout in default deployment; do
  # the consolidation functions vigil-report reads for the window: the
  # default layout's 1-week archive has 50 points a row (AVERAGE, MIN and
  # MAX); the deployment layout has one point a row (AVERAGE alone)
  cfs=AVERAGE,MIN,MAX
  [ $layout = deployment ] && cfs=AVERAGE
  for n in $sizes; do
    bench_province "$layout" "$n"
    echo "== $layout layout: $n hosts, $((n * 20)) files, 4-day window ($cfs)"
    "$build/tests/bench/fetch_floor" "$p/data" $from $to --cf $cfs >/dev/null # warm the page cache
    read -r f1_w _ <<<"$(secs "$build/tests/bench/fetch_floor" "$p/data" $from $to --cf $cfs)"
    read -r fj_w _ <<<"$(secs "$build/tests/bench/fetch_floor" "$p/data" $from $to --cf $cfs --procs $jobs)"
    echo "floor: rrd_fetch_r of $cfs on every file: 1 process ${f1_w} s; $jobs processes ${fj_w} s"
    read -r w u s m <<<"$(secs "$build/vigil-report" --schemas "$src/schemas" \
      -c "$src/directives/qng-415-stttt-2020.xml" -i "$p/agencies.xml" -d "$p/data" \
      -x "$dir/report-$layout-$n.xml")"
    echo "vigil-report (default --jobs $jobs): ${w} s wall (${u} s user, ${s} s system)," \
      "peak RSS $((m / 1024)) MiB; $(ratio "$w" "$fj_w")x the $jobs-process floor"
    eval "rss_${layout}_$n=$m"
    "$build/vigil-report" --jobs 1 --schemas "$src/schemas" -c "$src/directives/qng-415-stttt-2020.xml" \
      -i "$p/agencies.xml" -d "$p/data" -x "$dir/report-$layout-$n-j1.xml" >/dev/null 2>&1
    if [ "$(strip_time "$dir/report-$layout-$n.xml")" = "$(strip_time "$dir/report-$layout-$n-j1.xml")" ]; then
      echo "reports of --jobs 1 and --jobs $jobs: byte-identical (but for the generation time)"
    else
      echo "bench: reports of --jobs 1 and --jobs $jobs differ" >&2
      exit 1
    fi
    if [ "$n" = "$first" ] && command -v strace >/dev/null; then
      strace -f -qq -e trace=open,openat -o "$dir/opens.txt" "$build/vigil-report" --jobs 1 \
        --schemas "$src/schemas" -c "$src/directives/qng-415-stttt-2020.xml" -i "$p/agencies.xml" \
        -d "$p/data" -x "$dir/report-opens.xml" >/dev/null 2>&1
      opens=$(grep -c '\.rrd"' "$dir/opens.txt")
      most=$(grep -o '"[^"]*\.rrd"' "$dir/opens.txt" | sort | uniq -c | sort -rn | awk 'NR == 1 {print $1}')
      echo "file opens (strace): $opens opens of .rrd files for $n agencies ($(ratio "$opens" "$n") per agency," \
        "$((n * 20)) files), at most $most per file"
    fi
    if [ $layout = deployment ] && [ "$n" = "$first" ]; then
      t0=$(date +%s.%N)
      find "$p/data" -name '*.rrd' | sort | while read -r f; do
        rrdtool fetch "$f" AVERAGE -s $from -e $to >/dev/null || exit 1
      done
      t1=$(date +%s.%N)
      fb_w=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
      echo "rrdtool fetch per file from a shell loop: ${fb_w} s; vigil-report is $(ratio "$fb_w" "$w")x faster"
    fi
  done
done
# The national level: 63 provinces' exports (each from the 100-host data
# under its own inventory id) merged into one, as the ministry does
nat="$dir/national"
rm -rf "$nat" && mkdir -p "$nat"
for i in $(seq -w 1 63); do
  sed "s/id=\"synthetic\"/id=\"p$i\"/" "$dir/deployment-$first/agencies.xml" > "$nat/inv-$i.xml"
  "$build/vigil-report" --schemas "$src/schemas" -c "$src/directives/qng-415-stttt-2020.xml" \
    -i "$nat/inv-$i.xml" -d "$dir/deployment-$first/data" -e "$nat/export-$i.xml" > /dev/null 2>&1
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
  for layout in default deployment; do
    a=$(eval echo "\$rss_${layout}_$1") b=$(eval echo "\$rss_${layout}_${!#}")
    echo "$layout layout: peak RSS at $1 hosts $((a / 1024)) MiB, at ${!#} hosts $((b / 1024)) MiB: ratio $(ratio "$b" "$a")"
  done
fi

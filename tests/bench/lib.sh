# Helpers of the benchmarks, sourced by their scripts. $dir is where they
# keep their files.

secs() { # command... -> prints "wall user sys maxrss_kb" of the fastest of 3 runs
  local rc i
  : > "$dir/times"
  for i in 1 2 3; do
    /usr/bin/time -f "%e %U %S %M" -o "$dir/time.out" "$@" >/dev/null 2>"$dir/err.out"
    rc=$?
    if [ $rc -ne 0 ] && [ $rc -ne 2 ]; then
      echo "bench: $* failed ($rc):" >&2
      cat "$dir/err.out" >&2
      exit 1
    fi
    tail -1 "$dir/time.out" >> "$dir/times"
  done
  sort -n "$dir/times" | head -1
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# bench_machine: a line saying what this machine is.
bench_machine() {
  echo "machine: $(nproc) processors, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
}

# bench_province LAYOUT N: makes $dir/LAYOUT-N (N hosts of 20 files, with
# gen_province in $build) unless it is there already, and sets p to it.
bench_province() {
  p="$dir/$1-$2"
  if [ ! -f "$p/done" ]; then
    rm -rf "$p"
    echo "== generating $2 hosts ($(($2 * 20)) files, $1 layout) in $p"
    "$build/tests/bench/gen_province" --layout "$1" "$p" "$2" || exit 1
    touch "$p/done"
  fi
}

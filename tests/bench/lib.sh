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

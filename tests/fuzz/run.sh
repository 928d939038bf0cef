#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a
# bounded time from its seed corpus. A crash fails the run; its input is kept
# under fuzz-out/crashes/ to become a regression test.
#   tests/fuzz/run.sh SRCDIR BUILDDIR SECONDS [TARGET...]
# FUZZ_RUNS=N stops each target after N executions (SECONDS still bounds it).
set -u
src=${1:?srcdir}
build=${2:?builddir}
seconds=${3:-30}
shift 3 2> /dev/null
runs_limit=()
[ -n "${FUZZ_RUNS:-}" ] && runs_limit=(-runs="$FUZZ_RUNS")
out="$build/fuzz-out"
mkdir -p "$out/crashes"
CC=${CLANG:-clang}
CFLAGS=(-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
        -I"$build" -I"$src/lib" -I"$src/reports" -I"$src/plugins" -I"$src/tests" -I"$src/tests/fuzz"
        -DVIGIL_SCHEMADIR="\"$src/schemas\"")
PLUGIN=(-DHAVE_CONFIG_H -I/usr/include/collectd "$src/tests/collectd_stub.c")
XML=($(pkg-config --cflags --libs libxml-2.0 libcrypto))
C="$src/plugins/common"
# what every plugin links (vg_plugin needs the task, the roster's zones and the buffer)
CORE="$C/vg_plugin.c $C/vg_task.c $C/vg_worker.c $C/vg_root.c $C/vg_roster.c $C/vg_deadline.c $src/lib/dynbuf.c $src/lib/timeutil.c $src/lib/textscan.c"
declare -A SOURCES=(
  [time]="$src/lib/timeutil.c $src/lib/textscan.c"
  [catalogue]="$src/reports/catalogue.c $src/reports/xmlload.c $src/lib/timeutil.c $src/reports/aggregate.c"
  [export]="$src/reports/export.c $src/reports/signature.c $src/reports/xmlload.c $src/lib/atomic_file.c $src/lib/timeutil.c $src/reports/units.c $src/reports/aggregate.c"
  [roster]="$C/vg_roster.c $C/vg_root.c $src/lib/dynbuf.c $src/lib/timeutil.c"
  [posture]="$CORE $C/vg_spawn.c"
  [accounts]="$CORE $C/vg_tail.c $C/vg_spawn.c"
  [maillog]="$CORE $C/vg_tail.c"
  [schedule]="$CORE"
  [inventory]="$src/reports/inventory.c $src/reports/catalogue.c $src/reports/xmlload.c $src/lib/timeutil.c $src/reports/aggregate.c"
  [attestation]="$src/reports/attestation.c $src/reports/inventory.c $src/reports/catalogue.c $src/reports/xmlload.c $src/lib/timeutil.c $src/reports/aggregate.c $src/reports/rrd_source.c"
  [config_probe]="$CORE $C/vg_conn.c"
  [config_tls]="$CORE $C/vg_conn.c"
  [config_backup]="$CORE"
  [config_duty]="$CORE"
  [config_schedule]="$CORE"
  [config_posture]="$CORE"
  [config_accounts]="$CORE $C/vg_tail.c"
  [config_maillog]="$CORE $C/vg_tail.c"
  [config_incident]="$CORE"
)
# the configuration targets: one build of fuzz_config.c per plugin
declare -A CONFIG_PLUGIN=([config_probe]=vigil_probe [config_tls]=vigil_tls
  [config_backup]=vigil_backup [config_duty]=vigil_duty [config_schedule]=vigil_schedule
  [config_posture]=vigil_posture [config_accounts]=vigil_accounts [config_maillog]=vigil_maillog
  [config_incident]=vigil_incident)
failed=0
passed=0
printf '%-16s %12s %8s %s\n' target executions seconds result > "$out/summary.txt"
targets=(time catalogue export roster posture accounts maillog schedule inventory attestation
  config_probe config_tls config_backup config_duty config_schedule config_posture
  config_accounts config_maillog config_incident)
[ $# -gt 0 ] && targets=("$@")
for t in "${targets[@]}"; do
  [ -n "${SOURCES[$t]:-}" ] || { echo "fuzz: no target $t"; failed=$((failed + 1)); continue; }
  extra=()
  main="$src/tests/fuzz/fuzz_$t.c"
  case $t in
    catalogue|inventory) extra=("${XML[@]}" -DVIGIL_TOP_SRCDIR="\"$src\"") ;;
    export) extra=("${XML[@]}" $(pkg-config --cflags --libs xmlsec1-openssl) -DVIGIL_TOP_SRCDIR="\"$src\"") ;;
    attestation) extra=("${XML[@]}" $(pkg-config --cflags --libs librrd) -DVIGIL_TOP_SRCDIR="\"$src\"") ;;
    posture|accounts|maillog|schedule) extra=("${PLUGIN[@]}" -lm -lpthread) ;;
    config_*)
      main="$src/tests/fuzz/fuzz_config.c"
      extra=("${PLUGIN[@]}" -DFUZZ_PLUGIN="\"${CONFIG_PLUGIN[$t]}.c\"" -lm -lpthread
             $(pkg-config --cflags --libs libcurl openssl))
      [ $t = config_probe ] && extra+=(-DFUZZ_ENDPOINTS -lresolv)
      case $t in
        config_probe|config_tls) extra+=(-DFUZZ_NO_WORKERS) ;;
        config_posture|config_accounts) extra+=(-DFUZZ_NO_WORKERS -DFUZZ_NO_SPAWN) ;;
      esac
      ;;
  esac
  srcs=${SOURCES[$t]}
  # fuzz_config.c stands in for the workers there
  [[ " ${extra[*]} " == *" -DFUZZ_NO_WORKERS "* ]] && srcs=${srcs//"$C/vg_worker.c"/}
  # shellcheck disable=SC2086
  if ! "$CC" "${CFLAGS[@]}" "$main" $srcs "${extra[@]}" \
       -o "$out/fuzz_$t" 2> "$out/fuzz_$t.build.log"; then
    echo "fuzz: cannot build fuzz_$t:"; tail -20 "$out/fuzz_$t.build.log"
    failed=$((failed + 1))
    continue
  fi
  corpus="$out/corpus/$t"
  mkdir -p "$corpus"
  cp -n "$src/tests/fuzz/seeds/$t"/* "$corpus/" 2> /dev/null
  # full stacks for the leak checker, so that library leaks match
  # tests/lsan.supp (slower, so only where libxml2's reader runs)
  unwind=1
  case $t in inventory|attestation) unwind=0 ;; esac
  t0=$SECONDS
  ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=$unwind LSAN_OPTIONS="suppressions=$src/tests/lsan.supp" \
    "$out/fuzz_$t" -max_total_time="$seconds" "${runs_limit[@]}" -timeout=10 -rss_limit_mb=1024 \
    -artifact_prefix="$out/crashes/$t-" "$corpus" > "$out/fuzz_$t.log" 2>&1
  rc=$?
  runs=$(sed -nE 's/^Done ([0-9]+) runs.*/\1/p' "$out/fuzz_$t.log" | tail -1)
  if [ $rc -eq 0 ]; then
    passed=$((passed + 1))
    printf '%-16s %12s %8s %s\n' "$t" "${runs:-?}" $((SECONDS - t0)) "no crash" >> "$out/summary.txt"
  else
    failed=$((failed + 1))
    printf '%-16s %12s %8s %s\n' "$t" "${runs:-?}" $((SECONDS - t0)) "CRASH (see $out/fuzz_$t.log)" >> "$out/summary.txt"
    grep -E 'ERROR|SUMMARY|runtime error' "$out/fuzz_$t.log" | head -5
  fi
done
cat "$out/summary.txt"
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

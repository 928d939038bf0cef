#!/usr/bin/env bash
# Fails on banned functions and on code clang-format would change.
set -u
cd "$(dirname "$0")/.."
rc=0
code="plugins/*.c plugins/common/*.[ch] lib/*.[ch] reports/*.[ch] checkin/*.c tests/bench/*.c"
banned='\b(strcpy|strcat|sprintf|vsprintf|strtok|strtok_r|sscanf|gets|system|popen|atoi|atol)[[:space:]]*\('
# shellcheck disable=SC2086
if grep -nE "$banned" $code; then
  echo "lint: banned functions above (use sstrncpy/snprintf/strtol, posix_spawn; lib/textscan.h and"
  echo "      lib/timeutil.h for words, numbers, dates and zones)"
  rc=1
fi
# plugins run threads inside collectd: strerror's buffer is shared; STRERRNO or sstrerror
if grep -nE '(^|[^_[:alnum:]])strerror[[:space:]]*\(' plugins/*.c plugins/common/*.[ch]; then
  echo "lint: strerror in a plugin above (use STRERRNO or sstrerror)"
  rc=1
fi
if command -v clang-format > /dev/null; then
  for f in plugins/*.c plugins/common/*.[ch] lib/*.[ch] reports/*.[ch] checkin/*.c tests/*.[ch] tests/bench/*.c; do
    if ! clang-format --dry-run --Werror "$f" > /dev/null 2>&1; then
      echo "lint: $f is not formatted (clang-format -i $f)"
      rc=1
    fi
  done
else
  echo "lint: clang-format not installed; formatting not checked"
fi
[ $rc -eq 0 ] && echo "lint: 1 passed, 0 failed" || echo "lint: 0 passed, 1 failed"
exit $rc

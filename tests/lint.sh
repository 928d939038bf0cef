#!/usr/bin/env bash
# Fails on banned functions and on code clang-format would change.
set -u
cd "$(dirname "$0")/.."
rc=0
banned='\b(strcpy|strcat|sprintf|vsprintf|strtok|gets|system|popen|atoi|atol)[[:space:]]*\('
if grep -nE "$banned" plugins/*.c plugins/common/*.[ch] reports/*.[ch] checkin/*.c tests/bench/*.c; then
  echo "lint: banned functions above (use sstrncpy/snprintf/strtol, posix_spawn)"
  rc=1
fi
if command -v clang-format > /dev/null; then
  for f in plugins/*.c plugins/common/*.[ch] reports/*.[ch] checkin/*.c tests/*.[ch] tests/bench/*.c; do
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

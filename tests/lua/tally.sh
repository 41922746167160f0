#!/usr/bin/env bash
# tests/lua/tally.sh SCRIPT ARGS... - run a busted wrapper (run.sh or
# asan.sh), print its output, then one plain `N passed, N failed, N skipped`
# line summed over busted's closing lines (`N successes / N failures /
# N errors / N pending`), which is the line tests/run.sh tallies. Errors
# count as failures; the wrapper's exit status is kept.
script=$1
shift
out=$(bash "$script" "$@" 2>&1)
rc=$?
printf '%s\n' "$out"
printf '%s\n' "$out" | awk -v rc="$rc" '
  /^[0-9]+ success(es)? \/ [0-9]+ failures? \/ [0-9]+ errors? \/ [0-9]+ pending/ {
    pass += $1; fail += $4 + $7; skip += $10; runs++
  }
  END {
    if (runs == 0) { print "lua: no busted summary"; exit 1 }
    printf "%d passed, %d failed, %d skipped\n", pass, fail, skip
  }'
exit $rc

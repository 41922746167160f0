#!/usr/bin/env bash
# tests/eval/check.sh - score the annotated articles with nm-score and hold
# each metric to its floor: ../shared/corpus/dev against floors.txt, and the
# Wikinews articles annotated for this project (tests/eval/wikinews-a to -e,
# see tests/eval/README.md) against floors-wikinews-a.txt to -e.txt. One
# check per floor, plus one that the scorer ran on each set; skipped when
# ../shared (the scorer) is absent, the dev set alone when only it is.
# NEWSMARK names the binary (default build/bin/newsmark), NM_SHARED the
# shared folder (default ../shared).
set -u
cd "$(dirname "$0")/../.." || exit 2
NEWSMARK=${NEWSMARK:-build/bin/newsmark}
SHARED=${NM_SHARED:-../shared}
score=$SHARED/tools/nm-score

if [ ! -f "$score" ]; then
  echo "1..0 # SKIP $score is absent"
  echo "0 passed, 0 failed, 1 skipped"
  exit 0
fi

n=0 pass=0 fail=0 skip=0
check() { # PASSED DESC [DIAG]
  n=$((n + 1))
  if [ "$1" = 1 ]; then
    pass=$((pass + 1))
    echo "ok $n - $2"
  else
    fail=$((fail + 1))
    echo "not ok $n - $2"
    [ -z "${3:-}" ] || echo "#   $3"
  fi
}

score_set() { # GOLD-DIR FLOORS-FILE
  local gold=$1 floors=$2 out rc last metric floor value
  if [ ! -d "$gold" ]; then
    n=$((n + 1)) skip=$((skip + 1))
    echo "ok $n - # SKIP $gold is absent"
    return
  fi
  out=$(python3 "$score" --gold "$gold" --cmd "$NEWSMARK --format json {}" 2>&1)
  rc=$?
  echo "$out" | sed 's/^/# /'
  last=$(echo "$out" | tail -n 1)
  if [ $rc = 0 ] && [[ $last == *=* ]]; then
    check 1 "nm-score ran on $gold"
  else
    check 0 "nm-score ran on $gold" "exit $rc: $last"
  fi
  while read -r metric floor _; do
    case $metric in '' | '#'*) continue ;; esac
    value=$(echo "$last" | tr ' ' '\n' | sed -n "s/^$metric=//p")
    if [ -z "$value" ]; then
      check 0 "$gold: $metric >= $floor" "nm-score printed no $metric"
    elif awk -v v="$value" -v f="$floor" 'BEGIN { exit !(v + 0 >= f + 0) }'; then
      check 1 "$gold: $metric = $value >= $floor"
    else
      check 0 "$gold: $metric = $value >= $floor" "below the floor in $floors"
    fi
  done < "$floors"
}

score_set "$SHARED/corpus/dev" tests/eval/floors.txt
score_set tests/eval/wikinews-a tests/eval/floors-wikinews-a.txt
score_set tests/eval/wikinews-b tests/eval/floors-wikinews-b.txt
score_set tests/eval/wikinews-c tests/eval/floors-wikinews-c.txt
score_set tests/eval/wikinews-d tests/eval/floors-wikinews-d.txt
score_set tests/eval/wikinews-e tests/eval/floors-wikinews-e.txt

echo "1..$n"
if [ $skip -gt 0 ]; then
  echo "$pass passed, $fail failed, $skip skipped"
else
  echo "$pass passed, $fail failed"
fi
[ $fail = 0 ]

#!/usr/bin/env bash
# tests/eval/check.sh - score the dev articles with nm-score and hold each
# metric to its floor in tests/eval/floors.txt. One check per floor, plus
# one that the scorer ran; skipped when ../shared/corpus/dev is absent.
# NEWSMARK names the binary (default build/bin/newsmark), NM_SHARED the
# shared folder (default ../shared).
set -u
cd "$(dirname "$0")/../.." || exit 2
NEWSMARK=${NEWSMARK:-build/bin/newsmark}
SHARED=${NM_SHARED:-../shared}
dev=$SHARED/corpus/dev
score=$SHARED/tools/nm-score
floors=tests/eval/floors.txt

if [ ! -d "$dev" ] || [ ! -f "$score" ]; then
  echo "1..0 # SKIP $dev or $score is absent"
  echo "0 passed, 0 failed, 1 skipped"
  exit 0
fi

n=0 pass=0 fail=0
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

out=$(python3 "$score" --gold "$dev" --cmd "$NEWSMARK --format json {}" 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
last=$(echo "$out" | tail -n 1)
if [ $rc = 0 ] && [[ $last == *=* ]]; then
  check 1 "nm-score ran on $dev"
else
  check 0 "nm-score ran on $dev" "exit $rc: $last"
fi

while read -r metric floor _; do
  case $metric in '' | '#'*) continue ;; esac
  value=$(echo "$last" | tr ' ' '\n' | sed -n "s/^$metric=//p")
  if [ -z "$value" ]; then
    check 0 "$metric >= $floor" "nm-score printed no $metric"
  elif awk -v v="$value" -v f="$floor" 'BEGIN { exit !(v + 0 >= f + 0) }'; then
    check 1 "$metric = $value >= $floor"
  else
    check 0 "$metric = $value >= $floor" "below the floor in $floors"
  fi
done < "$floors"

echo "1..$n"
echo "$pass passed, $fail failed"
[ $fail = 0 ]

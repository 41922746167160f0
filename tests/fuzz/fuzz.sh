#!/usr/bin/env bash
# tests/fuzz/fuzz.sh - run libFuzzer harnesses one after another; `make fuzz`
# builds them into BUILD/fuzz/ and calls this.
#
#   bash tests/fuzz/fuzz.sh [--build DIR] NAME...     (NAME: parse, rules)
#
# Environment: FUZZ_SECONDS (60) per harness, FUZZ_JOBS / FUZZ_WORKERS (1/1),
# FUZZ_TIMEOUT (10) seconds per input, FUZZ_MERGE=1 to merge what was found
# into tests/fuzz/corpus/NAME, FUZZ_ARGS more libFuzzer flags, FUZZ_MAX_LEN
# (4096) the largest input, FUZZ_ENTROPIC (0) libFuzzer's -entropic.
#
# Each harness reads its seeds from tests/fuzz/corpus/NAME and writes new
# inputs to BUILD/fuzz/NAME/corpus (kept between runs), crash, leak, timeout
# and oom reproducers to BUILD/fuzz/NAME/artifacts/, and its log to
# BUILD/fuzz/NAME/fuzz-N.log (one per job). Prints, per harness, the
# executions (libFuzzer's stat::number_of_executed_units), coverage and any
# finding, then a total line. Exits 1 when anything was found.
set -u
cd "$(dirname "$0")/../.." || exit 2
root=$PWD

build=build
names=()
while [ $# -gt 0 ]; do
  case $1 in
  --build) build=$2; shift ;;
  -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
  *) names+=("$1") ;;
  esac
  shift
done
case $build in /*) ;; *) build=$root/$build ;; esac
if [ ${#names[@]} = 0 ]; then
  for f in tests/fuzz/fuzz_*.c; do
    n=${f#tests/fuzz/fuzz_}
    names+=("${n%.c}")
  done
fi

secs=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-1}
workers=${FUZZ_WORKERS:-1}
timeout=${FUZZ_TIMEOUT:-10}
merge=${FUZZ_MERGE:-}
max_len=${FUZZ_MAX_LEN:-4096}
entropic=${FUZZ_ENTROPIC:-0}
# shellcheck disable=SC2206
extra=(${FUZZ_ARGS:-})

total=0
found=0
start_all=$SECONDS
echo "fuzz: $(date -u '+%Y-%m-%d %H:%M UTC'), ${secs}s per harness," \
  "-jobs=$jobs -workers=$workers, $(git rev-parse --short HEAD 2> /dev/null \
  || echo no-git)$(git diff --quiet HEAD -- core 2> /dev/null \
  || echo ' + uncommitted core/ changes')"

for name in "${names[@]}"; do
  bin=$build/fuzz/fuzz_$name
  seeds=$root/tests/fuzz/corpus/$name
  work=$build/fuzz/$name
  if [ ! -x "$bin" ]; then
    echo "fuzz $name: $bin not built (make fuzz builds it)" >&2
    found=$((found + 1))
    continue
  fi
  dict=$root/tests/fuzz/newsmark.dict
  [ -f "$root/tests/fuzz/$name.dict" ] && dict=$root/tests/fuzz/$name.dict
  mkdir -p "$work/corpus" "$work/artifacts" "$seeds"
  rm -f "$work"/fuzz-*.log "$work/fuzz.out"
  before=$(ls "$work/artifacts")
  corpus_before=$(find "$work/corpus" -type f | wc -l)
  # libFuzzer re-reads the corpus directory every -reload seconds (1 by
  # default) for inputs other jobs found; one process alone has none to
  # find, and over a corpus of 60 000 files the stat calls took a tenth of
  # its time. Several jobs look every 10 seconds.
  reload=10
  [ "$jobs" = 1 ] && [ "$workers" = 1 ] && reload=0
  cmd=("$bin" -dict="$dict" -max_total_time="$secs" -timeout="$timeout"
    -max_len="$max_len" -entropic="$entropic" -reload="$reload"
    -jobs="$jobs" -workers="$workers" -print_final_stats=1
    -artifact_prefix="$work/artifacts/" "${extra[@]}" "$work/corpus" "$seeds")
  echo "fuzz $name: ${cmd[*]#$root/}"
  t0=$SECONDS
  (cd "$work" && "${cmd[@]}") > "$work/fuzz.out" 2>&1
  rc=$?
  secs_run=$((SECONDS - t0))

  # -jobs writes one fuzz-N.log per job; without it, all is in fuzz.out
  logs=("$work"/fuzz-*.log)
  [ -e "${logs[0]}" ] || logs=("$work/fuzz.out")
  execs=0
  for log in "${logs[@]}"; do
    n=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' \
      "$log" | tail -n 1)
    if [ -z "$n" ]; then # no final stats (killed): the last status line
      n=$(sed -n 's/^#\([0-9][0-9]*\)[[:space:]].*/\1/p' "$log" | tail -n 1)
    fi
    execs=$((execs + ${n:-0}))
  done
  total=$((total + execs))
  status=$(grep -h -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|RELOAD|INITED)' \
    "${logs[@]}" | tail -n 1 | grep -o -E 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[^ ]+' \
    || true)
  corpus_after=$(find "$work/corpus" -type f | wc -l)
  echo "fuzz $name: $execs executions in ${secs_run}s," \
    "$((execs / (secs_run > 0 ? secs_run : 1)))/s; ${status:-no status};" \
    "corpus $corpus_before -> $corpus_after files (exit $rc)"

  new=$(comm -13 <(printf '%s\n' "$before" | sort) \
    <(ls "$work/artifacts" | sort))
  # Stopped by SIGINT (pkill -INT, to end a long run early): libFuzzer exits
  # non-zero though it found nothing; only a report or a reproducer counts.
  if [ -z "$new" ] && [ $rc != 0 ] &&
    grep -q 'libFuzzer: run interrupted' "${logs[@]}" &&
    ! grep -q -E 'ERROR: |SUMMARY: |deadly signal|runtime error' "${logs[@]}"; then
    echo "fuzz $name: interrupted, no finding"
    rc=0
  fi
  if [ -n "$new" ] || [ $rc != 0 ]; then
    found=$((found + 1))
    echo "fuzz $name: FOUND SOMETHING (exit $rc)"
    for a in $new; do echo "  reproducer: ${work#$root/}/artifacts/$a"; done
    grep -h -E 'ERROR: |SUMMARY: |check failed|runtime error|Test unit written' \
      "${logs[@]}" | sort -u | head -n 20 | sed 's/^/  /'
    echo "  log: ${logs[*]#$root/}"
  fi

  if [ "$merge" = 1 ]; then
    n0=$(find "$seeds" -type f | wc -l)
    "$bin" -merge=1 -dict="$dict" "$seeds" "$work/corpus" \
      > "$work/merge.log" 2>&1 || echo "fuzz $name: merge failed" \
      "(${work#$root/}/merge.log)"
    n1=$(find "$seeds" -type f | wc -l)
    echo "fuzz $name: merged $((n1 - n0)) new inputs into tests/fuzz/corpus/$name"
  fi
done

echo "fuzz: total $total executions in $((SECONDS - start_all))s over" \
  "${#names[@]} harnesses; $found with findings"
[ $found = 0 ]

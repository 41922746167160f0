#!/usr/bin/env bash
# tests/run.sh - run every test suite and print ONE final summary line,
# `N passed, N failed` (`, N skipped` when some were skipped). Exits 1 when
# anything failed. `make test` builds what it needs and calls this.
#
#   bash tests/run.sh [--build DIR] [--unit "BIN..."] [--asan-unit "BIN..."]
#                     [--feed-unit "BIN..."]
#                     [--asan | --asan-only]
#
# Suites: unit (each test program), spec (golden files), cli
# (tests/cli/*.sh), docs (tests/docs/*.sh, *.py), patho (tests/patho, pathological inputs), eval (floors
# on ../shared/corpus/dev), nvim (tests/nvim, headless Neovim), host (tests/pager,
# tests/vis, tests/mle: the plugins in the real programs), then unit, spec
# and cli (but install.sh and scripts.sh) again under ASan+UBSan with --asan. Each suite ends with its own
# `N passed, N failed` line; one that crashes or exits non-zero without a
# failure counts as one failure. Logs go to DIR/test-logs/; VERBOSE=1 prints
# them whole.
set -u
cd "$(dirname "$0")/.." || exit 2

build=build
unit=""
asan_unit=""
feed_unit=""
mode=plain # plain, asan (plain then asan), asan-only
while [ $# -gt 0 ]; do
  case $1 in
  --build) build=$2; shift ;;
  --unit) unit=$2; shift ;;
  --asan-unit) asan_unit=$2; shift ;;
  --feed-unit) feed_unit=$2; shift ;;
  --asan) mode=asan ;;
  --asan-only) mode=asan-only ;;
  *) echo "tests/run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

# Without --unit, every tests/core/test_*.c that has been built.
default_bins() {
  local dir=$1 src bin
  for src in tests/core/test_*.c; do
    [ -e "$src" ] || continue
    bin=$dir/$(basename "$src" .c)
    echo "$bin"
  done
}
[ -n "$unit" ] || unit=$(default_bins "$build/tests")
[ -n "$asan_unit" ] || asan_unit=$(default_bins "$build/asan/tests")

logs=$build/test-logs
mkdir -p "$logs"
total_pass=0 total_fail=0 total_skip=0
export NM_SHARED=${NM_SHARED:-../shared}
# The CLI reads a config file (docs/config.md): keep the developer's own out
# of the tests (an empty XDG_CONFIG_HOME, no NEWSMARK_CONFIG).
unset NEWSMARK_CONFIG
mkdir -p "$build/test-config-home"
XDG_CONFIG_HOME=$(cd "$build/test-config-home" && pwd)
export XDG_CONFIG_HOME
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

summary_re='^([A-Za-z_-]+: )?([0-9]+) passed, ([0-9]+) failed(, ([0-9]+) skipped)?$'

# run_suite GROUP NAME COMMAND...: run one suite, tally its summary line.
run_suite() {
  local group=$1 name=$2
  shift 2
  local log=$logs/$group-$name.log
  local start=$SECONDS
  "$@" > "$log" 2>&1 < /dev/null
  local rc=$? secs=$((SECONDS - start))
  local line pass=0 fail=0 skip=0 found=0
  line=$(grep -E "$summary_re" "$log" | tail -n 1)
  if [[ $line =~ $summary_re ]]; then
    found=1
    pass=${BASH_REMATCH[2]} fail=${BASH_REMATCH[3]} skip=${BASH_REMATCH[5]:-0}
  fi
  local note=""
  if [ $found = 0 ]; then
    fail=$((fail + 1)) note=" (no summary line; exit $rc)"
  elif [ $rc != 0 ] && [ "$fail" = 0 ]; then
    fail=1 note=" (exit $rc)"
  fi
  total_pass=$((total_pass + pass))
  total_fail=$((total_fail + fail))
  total_skip=$((total_skip + skip))
  local status=PASS
  [ "$fail" = 0 ] || status=FAIL
  [ "$fail" != 0 ] || [ "$pass" != 0 ] || [ "$skip" = 0 ] || status=SKIP
  printf '%-4s  %-10s %-24s %4d ok %3d bad %3d skip %4ds%s\n' \
    "$status" "$group" "$name" "$pass" "$fail" "$skip" "$secs" "$note"
  if [ "${VERBOSE:-}" = 1 ]; then
    sed 's/^/      /' "$log"
  elif [ "$status" = FAIL ]; then
    # the failing checks with their diagnostics; the end of the log when
    # the suite crashed or printed no failing check
    local shown
    shown=$(awk '/^not ok/ {p = 1; print; next} /^#/ && p {print; next}
                 {p = 0}' "$log" | head -n 60)
    [ -z "$shown" ] || printf '%s\n' "$shown" | sed 's/^/      /'
    if [ -z "$shown" ] || [ -n "$note" ]; then
      tail -n 15 "$log" | sed 's/^/      /'
    fi
    echo "      (log: $log)"
  fi
}

run_unit() {
  local group=$1 bins=$2 bin
  if [ -z "$bins" ]; then
    echo "      ($group: no tests/core/test_*.c)"
    return
  fi
  for bin in $bins; do
    if [ ! -x "$bin" ]; then
      total_fail=$((total_fail + 1))
      echo "FAIL  $group $(basename "$bin"): not built (make test builds it)"
      continue
    fi
    run_suite "$group" "$(basename "$bin")" "$bin"
  done
}

# fuzz: each harness's replay driver (make test builds DIR/replay_NAME) over
# its committed corpus tests/fuzz/corpus/NAME.
run_fuzz() {
  local group=$1 dir=$2 corpus name
  for corpus in tests/fuzz/corpus/*/; do
    [ -d "$corpus" ] || continue
    corpus=${corpus%/} name=$(basename "$corpus")
    if [ ! -x "$dir/replay_$name" ]; then
      total_fail=$((total_fail + 1))
      echo "FAIL  $group replay-$name: not built (make test builds it)"
      continue
    fi
    run_suite "$group" "replay-$name" "$dir/replay_$name" "$corpus"
  done
}

if [ $mode != asan-only ]; then
  run_unit unit "$unit"
  run_suite spec golden env NEWSMARK="$build/bin/newsmark" \
    python3 tests/spec/run.py
  for t in tests/cli/*.sh; do
    [ -e "$t" ] || continue
    run_suite cli "$(basename "$t" .sh)" env NEWSMARK="$build/bin/newsmark" \
      NM_BUILD="$build" bash "$t"
  done
  # the documentation: man pages, generated references, links, the
  # commands and config examples the pages show (tests/docs/)
  for t in tests/docs/*.sh tests/docs/*.py; do
    [ -e "$t" ] || continue
    case $t in *.py) runner=python3 ;; *) runner=bash ;; esac
    run_suite docs "$(basename "$t")" env NEWSMARK="$build/bin/newsmark" \
      NM_BUILD="$build" $runner "$t"
  done
  run_suite patho patho env NEWSMARK="$build/bin/newsmark" \
    bash tests/patho/run.sh
  run_suite eval floors env NEWSMARK="$build/bin/newsmark" \
    bash tests/eval/check.sh
  run_fuzz fuzz "$build/fuzz"
  # the Lua module's busted specs, one suite per interpreter
  for abi in 5.4 5.3 jit; do
    run_suite lua "lua-$abi" bash tests/lua/tally.sh tests/lua/run.sh \
      --build "$build" --lua "$abi"
  done
  # the Neovim adapter, headless (tests/nvim/run.lua)
  run_suite nvim headless bash tests/nvim/run.sh --build "$build"
  # every entry point with a newsmark.core whose parse raises
  run_suite nvim faults bash tests/nvim/run.sh --build "$build" \
    --script faults.lua
  # the pager filter and the vis and mle plugins, in the real programs
  # (each runs its editors under timeout -s KILL; this is a backstop)
  for host in pager vis mle; do
    run_suite host "$host" env NEWSMARK="$build/bin/newsmark" \
      timeout -s KILL 600 bash "tests/$host/run.sh"
  done
  # each host's entry points when the Lua side fails (tests/HOST/faults.sh)
  for host in pager vis mle; do
    [ -f "tests/$host/faults.sh" ] || continue
    run_suite host "$host-faults" env NEWSMARK="$build/bin/newsmark" \
      timeout -s KILL 300 bash "tests/$host/faults.sh"
  done
fi
if [ $mode != plain ]; then
  run_unit asan-unit "$asan_unit"
  # the second thread of a long parse (core/src/feed.c) on for every text,
  # under ThreadSanitizer and ASan+UBSan
  [ -n "$feed_unit" ] && run_unit feed-unit "$feed_unit"
  run_suite asan-spec golden env NEWSMARK="$build/asan/bin/newsmark" \
    python3 tests/spec/run.py
  run_fuzz asan-fuzz "$build/asan/fuzz"
  run_suite asan-patho patho env NEWSMARK="$build/asan/bin/newsmark" \
    bash tests/patho/run.sh --scale 0.0625 --no-growth
  run_suite asan-lua lua-5.4 bash tests/lua/tally.sh tests/lua/asan.sh \
    --build "$build" --no-build
  # the CLI tests too, but for install.sh (it builds with the plain flags)
  # and scripts.sh (the Lua scripts use the plain build/lua/5.4 module) and
  # sidecar-crash.sh (pure Lua: the binary does not matter)
  for t in tests/cli/*.sh; do
    case $t in */install.sh | */scripts.sh | */sidecar-crash.sh | *'*'*) continue ;; esac
    run_suite asan-cli "$(basename "$t" .sh)" \
      env NEWSMARK="$build/asan/bin/newsmark" NM_BUILD="$build" bash "$t"
  done
fi

if [ $total_skip -gt 0 ]; then
  echo "$total_pass passed, $total_fail failed, $total_skip skipped"
else
  echo "$total_pass passed, $total_fail failed"
fi
[ $total_fail = 0 ]

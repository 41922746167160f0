#!/usr/bin/env bash
# tests/vis/faults.sh - the vis adapter's entry points when the Lua side
# fails, in the real vis (tests/vis/faults/visrc.lua): a newsmark.core
# whose parse raises, and the Lua 5.4 build found where vis (Lua 5.3)
# looks. Each time one message, and vis goes on editing. Ends with
# `N passed, N failed`.
. "$(dirname "$0")/../lib/hosts.bash"

if ! command -v vis > /dev/null; then
  skip "vis" "vis is not installed (make deps)"
  finish
  exit
fi
for abi in 5.3 5.4; do
  if [ ! -f "build/lua/$abi/newsmark/core.so" ]; then
    is "the Lua $abi module is built (make lua)" missing "build/lua/$abi/newsmark/core.so"
    finish
    exit
  fi
done

mkdir -p "$T/home"
for mode in parse wrongabi; do
  : > "$T/tap"
  env -u NEWSMARK_CONFIG HOME="$T/home" XDG_CONFIG_HOME="$T/home/.config" \
    TERM=xterm VIS_PATH="$ROOT/tests/vis/faults" NM_VIS_MODE="$mode" \
    NM_VIS_OUT="$T/tap" timeout -s KILL 20 vis '+nmfaults' "$SAMPLE" \
    < /dev/null > /dev/null 2> "$T/vis.err"
  rc=$?
  while IFS= read -r line; do
    case $line in
    "ok "*) _result 1 "vis $mode: ${line#ok * - }" ;;
    "not ok "*) _result 0 "vis $mode: ${line#not ok * - }" ;;
    "#"*) echo "$line" ;;
    esac
  done < "$T/tap"
  is "vis $mode: exits 0 (rc $rc; 137 = killed by the timeout)" "$rc" 0
done

finish

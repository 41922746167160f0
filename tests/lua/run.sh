#!/usr/bin/env bash
# tests/lua/run.sh - the busted specs under lua5.4, lua5.3 and luajit.
#
# Usage: tests/lua/run.sh [--build DIR] [--lua "5.4 5.3 jit"] [busted args]
# Run from anywhere; paths are taken relative to the repository root.
# Expects DIR/lua/<abi>/newsmark/core.so (`make lua`; DIR defaults to
# build). Each interpreter runs `<lua> /usr/bin/busted` (plain `busted`
# would run under whatever /usr/bin/lua is) with LUA_CPATH set to that
# ABI's build and LUA_PATH to plugin/lua, and prints busted's own summary.
# An interpreter that is not installed is skipped with a message, unless
# NM_LUA_REQUIRE_ALL=1. Exits non-zero when any run fails or no run
# happened. NM_BUSTED_OUTPUT picks busted's output handler
# (default plainTerminal).
set -u

root=$(cd "$(dirname "$0")/../.." && pwd)
build=build
abis="5.4 5.3 jit"
while [ $# -gt 0 ]; do
  case $1 in
  --build) build=$2; shift 2 ;;
  --lua) abis=$2; shift 2 ;;
  *) break ;;
  esac
done
case $build in /*) ;; *) build=$root/$build ;; esac

busted=${BUSTED:-$(command -v busted || echo /usr/bin/busted)}
if [ ! -f "$busted" ]; then
  echo "run.sh: busted not found (apt-get install lua-busted)" >&2
  exit 1
fi

failed=0 ran=0
for abi in $abis; do
  case $abi in
  jit) lua=luajit ;;
  *) lua=lua$abi ;;
  esac
  so=$build/lua/$abi/newsmark/core.so
  echo "== $lua ($so)"
  if ! command -v "$lua" >/dev/null; then
    if [ "${NM_LUA_REQUIRE_ALL:-0}" = 1 ]; then
      echo "run.sh: $lua is not installed" >&2
      failed=1
    else
      echo "run.sh: $lua is not installed: skipped"
    fi
    continue
  fi
  if [ ! -f "$so" ]; then
    echo "run.sh: $so is missing: run 'make lua' first" >&2
    failed=1
    continue
  fi
  ran=$((ran + 1))
  (
    cd "$root" &&
      LUA_CPATH="$build/lua/$abi/?.so;;" \
        LUA_PATH="$root/plugin/lua/?.lua;$root/plugin/lua/?/init.lua;;" \
        "$lua" "$busted" -o "${NM_BUSTED_OUTPUT:-plainTerminal}" \
        --pattern=_spec "$@" tests/lua
  ) || failed=1
done

if [ "$ran" = 0 ]; then
  echo "run.sh: no interpreter ran the specs" >&2
  exit 1
fi
exit $failed

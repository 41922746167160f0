#!/usr/bin/env bash
# tests/nvim/run.sh [--build DIR] [--script FILE] - the Neovim adapter's
# headless tests (tests/nvim/run.lua, or FILE in tests/nvim, e.g.
# faults.lua) against DIR/lua/jit/newsmark/core.so (`make lua`).
# Prints TAP-like lines and a final `N passed, N failed, N skipped`; exits
# non-zero on a failure. Without nvim the suite is skipped.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
build=build
script=run.lua
while [ $# -gt 0 ]; do
  case $1 in
  --build) build=$2; shift 2 ;;
  --script) script=$2; shift 2 ;;
  *) echo "tests/nvim/run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
case $build in /*) ;; *) build=$root/$build ;; esac

if ! command -v nvim > /dev/null; then
  echo "nvim: not installed (make deps): skipped"
  echo "0 passed, 0 failed, 1 skipped"
  exit 0
fi
if [ ! -f "$build/lua/jit/newsmark/core.so" ]; then
  echo "nvim: $build/lua/jit/newsmark/core.so is missing: run 'make lua' first" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
cd "$root" || exit 2
# -u NONE: no user config; the test sources plugin/newsmark.lua itself.
NM_ROOT=$root NM_BUILD=$build timeout -s KILL 180 \
  nvim --headless -u NONE -i NONE -n --cmd "set rtp^=$root/plugin" \
  -c "luafile $root/tests/nvim/$script" < /dev/null
rc=$?
[ $rc = 137 ] && echo "nvim: killed after 180 s" >&2
exit $rc

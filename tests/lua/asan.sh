#!/usr/bin/env bash
# tests/lua/asan.sh - the Lua 5.4 specs against an ASan+UBSan newsmark.core.
#
# Usage: tests/lua/asan.sh [--build DIR] [--no-build] [busted args]
#
# 1. Unless --no-build: `make lua-asan` (core/lua/module.mk) builds
#    DIR/asan/lua/5.4/newsmark/core.so: lnewsmark.c and the library's ASan
#    archive compiled with -fsanitize=address,undefined
#    -fno-sanitize-recover=all. NM_MAKE overrides the make command.
# 2. Runs the stock (uninstrumented) lua5.4 with the ASan runtime preloaded,
#    LD_PRELOAD=$(gcc -print-file-name=libasan.so), since it must be the
#    first library loaded; the UBSan runtime comes in as a NEEDED library
#    of core.so. detect_leaks=0: the interpreter and busted are not ours.
#    Any ASan report or UBSan error aborts the run, which then fails.
set -u

root=$(cd "$(dirname "$0")/../.." && pwd)
build=build
do_build=1
while [ $# -gt 0 ]; do
  case $1 in
  --build) build=$2; shift 2 ;;
  --no-build) do_build=0; shift ;;
  *) break ;;
  esac
done
case $build in /*) ;; *) build=$root/$build ;; esac

if ! command -v lua5.4 >/dev/null; then
  echo "asan.sh: lua5.4 is not installed" >&2
  exit 1
fi
cc=${CC:-gcc}
libasan=$($cc -print-file-name=libasan.so)
if [ ! -e "$libasan" ]; then
  echo "asan.sh: $cc has no libasan.so ($libasan)" >&2
  exit 1
fi

if [ $do_build = 1 ]; then
  ${NM_MAKE:-make} -C "$root" B="$build" lua-asan || exit 1
fi
so=$build/asan/lua/5.4/newsmark/core.so
if [ ! -f "$so" ]; then
  echo "asan.sh: $so is missing (make lua-asan)" >&2
  exit 1
fi
if ! nm -D "$so" 2>/dev/null | grep -q __asan_; then
  echo "asan.sh: $so is not built with -fsanitize=address" >&2
  exit 1
fi

busted=${BUSTED:-$(command -v busted || echo /usr/bin/busted)}
echo "== lua5.4 + ASan/UBSan ($so)"
cd "$root" || exit 1
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"
LD_PRELOAD="$libasan${LD_PRELOAD:+:$LD_PRELOAD}" \
  LUA_CPATH="$build/asan/lua/5.4/?.so;;" \
  LUA_PATH="$root/plugin/lua/?.lua;$root/plugin/lua/?/init.lua;;" \
  lua5.4 "$busted" -o "${NM_BUSTED_OUTPUT:-plainTerminal}" --pattern=_spec \
  "$@" tests/lua

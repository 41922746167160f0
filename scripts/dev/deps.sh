#!/usr/bin/env bash
# scripts/dev/deps.sh - install the Debian 12 packages newsmark needs that
# are missing: checks each with dpkg-query, then runs `apt-get update` once
# and `apt-get install -y` for what is missing. Nothing to do: no apt-get.
#
#   bash scripts/dev/deps.sh            (root, or sudo when present)
#   NM_DEPS_EXTRA="pkg..." bash scripts/dev/deps.sh   also these
set -euo pipefail

# Build, tests (unit, golden, CLI, sanitizers, valgrind), Lua bindings for
# 5.4 / 5.3 / LuaJIT and their busted specs, scorer, benchmark, formatting.
PACKAGES=(
  build-essential pkg-config libpcre2-dev
  lua5.4 liblua5.4-dev lua5.3 liblua5.3-dev luajit libluajit-5.1-dev
  lua-busted
  python3 valgrind clang libclang-rt-14-dev clang-format hyperfine
  luarocks # tests/cli/install.sh runs `luarocks make` of the rockspec
  parallel # tests/cli/scripts.sh runs docs/scripts.md's GNU parallel example
  mandoc   # tests/docs/man.sh lints the man pages (mandoc -Tlint)
  jq       # the docs' examples pipe JSON through jq (tests/docs/examples.py)
)
# The editors and the pager the host tests drive (tests/nvim, tests/vis,
# tests/mle, tests/pager; tmux runs the terminal ones).
EDITOR_PACKAGES=(neovim vis mle tmux less)

wanted=("${PACKAGES[@]}" "${EDITOR_PACKAGES[@]}")
# shellcheck disable=SC2206
[ -z "${NM_DEPS_EXTRA:-}" ] || wanted+=($NM_DEPS_EXTRA)

if ! command -v dpkg-query > /dev/null; then
  echo "deps: not a Debian system; install by hand: ${wanted[*]}" >&2
  exit 0
fi

missing=()
for p in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2> /dev/null || true)
  [ "${status:0:2}" = ii ] || missing+=("$p")
done
if [ ${#missing[@]} = 0 ]; then
  echo "deps: all ${#wanted[@]} packages are installed"
  exit 0
fi

sudo=()
if [ "$(id -u)" != 0 ]; then
  if command -v sudo > /dev/null; then
    sudo=(sudo)
  else
    echo "deps: missing ${missing[*]}; run as root to install them" >&2
    exit 1
  fi
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"

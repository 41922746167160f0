#!/usr/bin/env bash
# tests/docs/man.sh - the man pages in docs/man/: each one lints clean
# (mandoc -Tlint, else groff -man -ww -z), renders, and documents its tool:
# every long option that the tool's --help prints appears in the page, and
# every long option the page's OPTIONS section describes is one that --help
# prints (so a removed option does not linger); each installed program has
# a page. `make install` putting them in share/man/man1 is checked by
# tests/cli/install.sh.
. "$(dirname "$0")/../cli/lib.bash"
BUILD=${NM_BUILD:-build}
export NM_BUILD=$BUILD

# page NAME -> the command that prints NAME's --help
help_of() {
  case $1 in
  newsmark) "$NEWSMARK" --help ;;
  newsmark-annotate) lua5.4 scripts/newsmark-annotate --help ;;
  newsmark-stats) lua5.4 scripts/newsmark-stats --help ;;
  newsmark-pager) sh plugin/bin/newsmark-pager --help ;;
  newsmark-mle) lua5.4 plugin/bin/newsmark-mle --help ;;
  *) return 1 ;;
  esac
}

# the page as plain text, for option lookups: no \- escapes or fonts
plain() {
  sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\(aq/'"'"'/g' "$1"
}

# long options in text on stdin
long_opts() {
  grep -oE -- '--[a-z][a-z0-9-]*' | sort -u
}

# the long options an OPTIONS section describes: its .TP item lines
page_opts() {
  plain "$1" | awk '/^\.SH /{sec=$0; next} sec==".SH OPTIONS" && tp {print; tp=0; next}
    /^\.TP/ {tp=1; next} {tp=0}' | long_opts
}

if command -v mandoc > /dev/null; then
  lint() { mandoc -Tlint -Wstyle "$1"; }
  linter="mandoc -Tlint"
else
  lint() { groff -man -ww -z "$1" 2>&1 | grep . && return 1 || return 0; }
  linter="groff -man -ww -z (mandoc not installed)"
fi

pages=(docs/man/*.1)
ok "there are man pages" test -e "${pages[0]}"
version=$(sed -n 's/^#define NM_VERSION_STRING "\(.*\)"/\1/p' core/include/newsmark.h)
for page in "${pages[@]}"; do
  name=$(basename "$page" .1)
  lint "$page" > "$T/lint" 2>&1
  is "$name.1: $linter says nothing" "$(cat "$T/lint")" ""
  MANWIDTH=80 man -l "$page" > "$T/rendered" 2> "$T/err"
  ok "$name.1: man renders it" grep -q "^NAME" "$T/rendered"
  ok "$name.1: .TH names it" grep -qi "^\.TH $name 1 " "$page"
  ok "$name.1: .TH says newsmark $version (core/include/newsmark.h)" \
    grep -qF "\"newsmark $version\"" "$page"
  if ! help_of "$name" > "$T/help" 2> "$T/err"; then
    _result 0 "$name --help runs"
    continue
  fi
  missing=
  for o in $(long_opts < "$T/help"); do
    plain "$page" | grep -qF -- "$o" || missing="$missing $o"
  done
  is "$name.1 describes every long option of $name --help" "${missing:-none missing}" "none missing"
  stale=
  for o in $(page_opts "$page"); do
    case $o in --help | --version) continue ;; esac
    grep -qF -- "$o" "$T/help" || stale="$stale $o"
  done
  is "$name.1 describes no option that $name --help lacks" "${stale:-none}" "none"
  n=$(page_opts "$page" | wc -l)
  ok "$name.1 has an OPTIONS section with options ($n)" test "$n" -gt 0
done

# every program make install puts in bin/ has a page
for prog in newsmark scripts/newsmark-annotate scripts/newsmark-stats \
  plugin/bin/newsmark-pager plugin/bin/newsmark-mle; do
  ok "$(basename "$prog") has docs/man/$(basename "$prog").1" test -f "docs/man/$(basename "$prog").1"
done
finish

#!/usr/bin/env bash
# --color=auto|always|never, NO_COLOR, and the default format on a terminal.
. "$(dirname "$0")/lib.bash"
article > "$T/a.txt"

run -f ansi --color=always "$T/a.txt"
is "--color=always: exit 0" "$rc" 0
ok "--color=always: SGR sequences" has_esc "$T/out"
run -f ansi --color "$T/a.txt"
ok "bare --color means always" has_esc "$T/out"
NO_COLOR=1 "$NEWSMARK" -f ansi --color=always "$T/a.txt" > "$T/out" 2> "$T/err"
ok "--color=always wins over NO_COLOR" has_esc "$T/out"

run -f ansi --color=never "$T/a.txt"
is "--color=never: exit 0" "$rc" 0
ok "--color=never: no escape bytes" bash -c '! grep -q $'"'\\033'"' "$1"' _ "$T/out"
ok "--color=never: the text unchanged" same "$T/out" "$T/a.txt"

run -f ansi "$T/a.txt"
ok "auto, not a terminal: no colour" same "$T/out" "$T/a.txt"
run "$T/a.txt"
ok "default format off a terminal is json" valid_json "$T/out"

# On a terminal (script(1) gives the command a pty).
if command -v script > /dev/null && script -qec true /dev/null < /dev/null > /dev/null 2>&1; then
  on_tty() { # ENV-ASSIGNMENTS... -- ARGS...: run newsmark on a pty
    script -qec "env $* " /dev/null < /dev/null > "$T/tty.out" 2>&1
  }
  on_tty -u NO_COLOR "$NEWSMARK" "$T/a.txt"
  ok "terminal: default format is ansi with colour" has_esc "$T/tty.out"
  on_tty NO_COLOR=1 "$NEWSMARK" "$T/a.txt"
  ok "terminal with NO_COLOR=1: no colour" bash -c '! grep -q $'"'\\033'"' "$1"' _ "$T/tty.out"
  ok "terminal with NO_COLOR=1: still the text (ansi, not json)" contains "$T/tty.out" "Town council approves"
  on_tty NO_COLOR= "$NEWSMARK" "$T/a.txt"
  ok "terminal with NO_COLOR empty: colour" has_esc "$T/tty.out"
  on_tty -u NO_COLOR "$NEWSMARK" --color=never "$T/a.txt"
  ok "terminal with --color=never: no colour" bash -c '! grep -q $'"'\\033'"' "$1"' _ "$T/tty.out"
  on_tty -u NO_COLOR "$NEWSMARK" -o "$T/tty.json" "$T/a.txt"
  ok "terminal but -o FILE: json, no colour" valid_json "$T/tty.json"
else
  skip "terminal behaviour" "script(1) cannot open a pty here"
fi

finish

#!/usr/bin/env bash
# tests/pager/run.sh - plugin/bin/newsmark-pager through real less: golden
# ANSI (the CLI's own output) for files and for stdin (`||-`), pass-through
# of binary and non-article input, fallback when newsmark fails, --mail
# header skipping, NO_COLOR, and one tmux run whose capture-pane -e shows
# the colours at the right places. Ends with `N passed, N failed`.
. "$(dirname "$0")/../lib/hosts.bash"
PAGER_SH=$ROOT/plugin/bin/newsmark-pager
LESS_CMD=(timeout -s KILL 20 less -R)
unset LESS NO_COLOR
export LESSSECURE='' LESSHISTFILE=-

"$NEWSMARK" --format ansi --color=always "$SAMPLE" > "$T/golden"
ok "the CLI colours the sample" grep -q $'\033\\[' "$T/golden"

# less's stdout is not a tty here, so it copies its input (filtered by
# LESSOPEN) to the pipe; HOSTS.md §5.
LESSOPEN="||$PAGER_SH %s" "${LESS_CMD[@]}" "$SAMPLE" > "$T/out" 2> "$T/err"
is "file: less exits 0" "$?" 0
ok "file: less -R shows the CLI's ANSI, byte for byte" cmp -s "$T/out" "$T/golden"
sed $'s/\033\\[[0-9;]*m//g' "$T/out" > "$T/stripped"
ok "file: without the SGR, the article is unchanged" cmp -s "$T/stripped" "$SAMPLE"
is "file: a name is bold blue (person)" "$(attrs "$T/out" "Helen Marsh" 3)" "bold fg=4"
is "file: a quote has the CLI's quote colour" \
  "$(attrs "$T/out" "We have listened")" "$(attrs "$T/golden" "We have listened")"
ok "file: the quote is coloured" bash -c '[ "$(python3 tests/lib/screen.py "$1" "We have listened")" != plain ]' _ "$T/out"

# stdin: `||-` passes `-`; the pager reads its standard input.
LESSOPEN="||-$PAGER_SH %s" "${LESS_CMD[@]}" < "$SAMPLE" > "$T/out" 2> /dev/null
ok "stdin (||-): coloured like the file" cmp -s "$T/out" "$T/golden"
LESSOPEN="||$PAGER_SH %s" "${LESS_CMD[@]}" < "$SAMPLE" > "$T/out" 2> /dev/null
ok "stdin without the dash: less does not filter (plain text)" cmp -s "$T/out" "$SAMPLE"

# Binary input: nothing printed, exit 1, so less shows the original.
head -c 6000 "$(command -v less)" > "$T/bin.dat"
"$PAGER_SH" "$T/bin.dat" > "$T/out" 2> /dev/null
is "binary file: the pager exits 1" "$?" 1
ok "binary file: the pager prints nothing" test ! -s "$T/out"
LESSOPEN="||$PAGER_SH %s" "${LESS_CMD[@]}" -f "$T/bin.dat" > "$T/out" 2> /dev/null
ok "binary file: less shows it unchanged" cmp -s "$T/out" "$T/bin.dat"
LESSOPEN="||-$PAGER_SH %s" "${LESS_CMD[@]}" -f < "$T/bin.dat" > "$T/out" 2> /dev/null
ok "binary stdin: passed through unchanged" cmp -s "$T/out" "$T/bin.dat"
# Control bytes and invalid UTF-8 without NUL.
{ cat "$SAMPLE"; head -c 400 /dev/urandom | tr -d '\000'; } > "$T/noise.dat"
printf '\001\002\003\004\005\006\016\017' >> "$T/noise.dat"
"$PAGER_SH" "$T/noise.dat" > "$T/out" 2> /dev/null
is "random bytes after an article: not an article (exit 1)" "$?" 1
ok "random bytes after an article: nothing printed" test ! -s "$T/out"
: > "$T/empty.txt"
"$PAGER_SH" "$T/empty.txt" > "$T/out" 2> /dev/null
is "empty file: exit 1 (less shows it as it is)" "$?" 1
"$PAGER_SH" "$T/no-such-file" > "$T/out" 2> /dev/null
is "missing file: exit 1, less reports it" "$?" 1

# A failing newsmark: fall back cleanly.
NEWSMARK=/bin/false "$PAGER_SH" "$SAMPLE" > "$T/out" 2> "$T/err"
is "NEWSMARK=/bin/false: exit 1" "$?" 1
ok "NEWSMARK=/bin/false: nothing printed" test ! -s "$T/out"
NEWSMARK=/bin/false LESSOPEN="||$PAGER_SH %s" "${LESS_CMD[@]}" "$SAMPLE" > "$T/out" 2> /dev/null
ok "NEWSMARK=/bin/false: less shows the original" cmp -s "$T/out" "$SAMPLE"
NEWSMARK=/bin/false LESSOPEN="||-$PAGER_SH %s" "${LESS_CMD[@]}" < "$SAMPLE" > "$T/out" 2> /dev/null
ok "NEWSMARK=/bin/false, stdin: the original" cmp -s "$T/out" "$SAMPLE"
printf '#!/bin/sh\necho half-written\nexit 3\n' > "$T/partial.sh"
chmod +x "$T/partial.sh"
NEWSMARK=$T/partial.sh "$PAGER_SH" "$SAMPLE" > "$T/out" 2> /dev/null
ok "a newsmark that writes then fails: nothing printed" test ! -s "$T/out"
NEWSMARK=$T/no-such-newsmark "$PAGER_SH" "$SAMPLE" > "$T/out" 2> /dev/null
is "a missing newsmark: exit 1" "$?" 1

# NO_COLOR and --color=never: no colour, the original.
NO_COLOR=1 LESSOPEN="||$PAGER_SH %s" "${LESS_CMD[@]}" "$SAMPLE" > "$T/out" 2> /dev/null
ok "NO_COLOR=1: less shows the original" cmp -s "$T/out" "$SAMPLE"
NO_COLOR=1 "$PAGER_SH" - < "$SAMPLE" > "$T/out"
ok "NO_COLOR=1, stdin: the original" cmp -s "$T/out" "$SAMPLE"
"$PAGER_SH" --color=never "$SAMPLE" > "$T/out"
is "--color=never: exit 1" "$?" 1
"$PAGER_SH" --color=auto "$SAMPLE" > "$T/out"
is "--color=auto off a terminal: exit 1" "$?" 1
"$PAGER_SH" --bogus "$SAMPLE" > /dev/null 2>&1
is "an unknown option: exit 2" "$?" 2

# --mail (neomutt display_filter): headers unchanged, body coloured.
{
  printf 'From: Desk <desk@example.org>\nSubject: Helen Marsh on the fund\n'
  printf 'Date: Tue, 1 Oct 2024 09:00:00 +0000\n\n'
  cat "$SAMPLE"
} > "$T/mail.txt"
"$PAGER_SH" --mail - < "$T/mail.txt" > "$T/out"
is "--mail: exit 0" "$?" 0
head -n 4 "$T/out" > "$T/head"
head -n 4 "$T/mail.txt" > "$T/want"
ok "--mail: the headers are printed unchanged (no SGR)" cmp -s "$T/head" "$T/want"
tail -n +5 "$T/out" > "$T/body"
ok "--mail: the body is coloured like the article" cmp -s "$T/body" "$T/golden"
NEWSMARK=/bin/false "$PAGER_SH" --mail - < "$T/mail.txt" > "$T/out"
ok "--mail with a failing newsmark: the message unchanged" cmp -s "$T/out" "$T/mail.txt"
printf 'From: x\nSubject: only headers\n' | "$PAGER_SH" --mail - > "$T/out"
is "--mail, headers only: passed through" "$(cat "$T/out")" $'From: x\nSubject: only headers'

# The shared config, read by the CLI (when it has --config).
printf 'styles = { person = "4;35" }\n' > "$T/config.lua"
if "$NEWSMARK" --help 2>&1 | grep -q -- '--config'; then
  "$PAGER_SH" --config="$T/config.lua" "$SAMPLE" > "$T/out"
  is "--config=FILE: the config's person style" "$(attrs "$T/out" "Helen Marsh" 3)" "underline fg=5"
  NEWSMARK_CONFIG=$T/config.lua LESSOPEN="||$PAGER_SH %s" "${LESS_CMD[@]}" "$SAMPLE" > "$T/out" 2> /dev/null
  is "NEWSMARK_CONFIG: the CLI reads it under less" "$(attrs "$T/out" "Helen Marsh" 3)" "underline fg=5"
  printf 'styles = { person = "blue" }\n' > "$T/bad.lua"
  NEWSMARK_CONFIG=$T/bad.lua LESSOPEN="||$PAGER_SH %s" "${LESS_CMD[@]}" "$SAMPLE" > "$T/out" 2> /dev/null
  ok "a broken config: less shows the original" cmp -s "$T/out" "$SAMPLE"
  "$PAGER_SH" --no-config "$SAMPLE" > "$T/out"
  ok "--no-config is passed on" cmp -s "$T/out" "$T/golden"
else
  skip "--config=FILE" "this newsmark has no --config"
fi

# The real thing: less on a terminal, in tmux.
if has_tmux; then
  tmux_start 100 40 "env TERM=xterm-256color LESSOPEN='||$PAGER_SH %s' \
    timeout -s KILL 30 less -R '$SAMPLE'"
  tmux_wait "Harbour towns" 10
  ok "tmux: less shows the article" tmux_wait "Harbour towns" 1
  tmux_capture "$T/screen"
  tmux_keys q
  tmux_stop
  is "tmux: the headline is bold" "$(attrs "$T/screen" "Harbour towns win")" "bold"
  is "tmux: a name is bold blue" "$(attrs "$T/screen" "Helen Marsh" 3)" "bold fg=4"
  is "tmux: a quote has the CLI's quote colour" \
    "$(attrs "$T/screen" "We have listened")" "$(attrs "$T/golden" "We have listened")"
  is "tmux: the caption is dim" "$(attrs "$T/screen" "speaks to residents")" "dim"
  is "tmux: the text after a quote is plain" "$(attrs "$T/screen" " outside the ")" "plain"
else
  skip "tmux: less shows the colours" "tmux is not installed"
fi

finish

#!/usr/bin/env bash
# tests/pager/faults.sh - plugin/bin/newsmark-pager when the Lua side fails:
# the CLI runs the shared config (Lua 5.4, linked in), and a config that
# raises - a string, a table, a syntax error, too much memory, a loop - must
# never lose the text. The file form prints nothing and exits 1 (less then
# shows the original); the stdin form passes the input through unchanged.
# The CLI says what is wrong, on one line. Ends with `N passed, N failed`.
. "$(dirname "$0")/../lib/hosts.bash"
PAGER_SH=$ROOT/plugin/bin/newsmark-pager
LESS_CMD=(timeout -s KILL 20 less -R)
unset LESS NO_COLOR
export LESSSECURE='' LESSHISTFILE=-

if ! "$NEWSMARK" --help 2>&1 | grep -q -- '--config'; then
  skip "faults in the config" "this newsmark has no --config"
  finish
fi

printf 'error("injected fault")\n' > "$T/raise.lua"
printf 'error({ code = 7 })\n' > "$T/table.lua"
printf 'styles = { person = \n' > "$T/syntax.lua"
printf 'local s = string.rep("x", 1 << 40)\n' > "$T/memory.lua"
printf 'while true do end\n' > "$T/loop.lua"

for c in raise table syntax memory loop; do
  cfg=$T/$c.lua
  "$NEWSMARK" --config="$cfg" --format ansi --color=always "$SAMPLE" \
    > "$T/cli.out" 2> "$T/cli.err"
  rc=$?
  is "$c: the CLI says the config is bad (exit 4)" "$rc" 4
  is "$c: one line on stderr" "$(wc -l < "$T/cli.err" | tr -d ' ')" 1
  ok "$c: it names the config file" grep -qF "$cfg" "$T/cli.err"
  ok "$c: no address in the message" bash -c '! grep -q "0x[0-9a-f]" "$1"' _ "$T/cli.err"
  ok "$c: nothing on stdout" test ! -s "$T/cli.out"

  "$PAGER_SH" --config="$cfg" "$SAMPLE" > "$T/out" 2> /dev/null
  is "$c: pager, file form: exit 1" "$?" 1
  ok "$c: pager, file form: nothing written" test ! -s "$T/out"
  "$PAGER_SH" --config="$cfg" - < "$SAMPLE" > "$T/out" 2> /dev/null
  is "$c: pager, stdin form: exit 0" "$?" 0
  ok "$c: pager, stdin form: the text passes through" cmp -s "$T/out" "$SAMPLE"
  NEWSMARK_CONFIG=$cfg LESSOPEN="||$PAGER_SH %s" "${LESS_CMD[@]}" "$SAMPLE" \
    > "$T/out" 2> /dev/null
  ok "$c: under less, the original" cmp -s "$T/out" "$SAMPLE"
done

finish

#!/usr/bin/env bash
# tests/mle/faults.sh - the mle side when Lua fails: a newsmark.core whose
# parse raises (injected with package.preload: LUA_INIT_5_4 for the
# launcher, a wrapper uscript for mle), and the Lua 5.3 build found where
# Lua 5.4 looks. The launcher still starts mle (the reason on stderr, one
# line), the uscript's commands report once and mle goes on editing.
# Ends with `N passed, N failed`.
. "$(dirname "$0")/../lib/hosts.bash"
LAUNCHER=$ROOT/plugin/bin/newsmark-mle
USCRIPT=$ROOT/plugin/mle/newsmark.lua
KEYS=(-K newsmark,,1 -k cmd_newsmark_quotes,f5, -k cmd_newsmark_next,f6,
  -k cmd_newsmark_prev,f7, -k cmd_newsmark_speaker,f8, -n newsmark)
mkdir -p "$HOME"

if ! command -v mle > /dev/null || ! command -v lua5.4 > /dev/null; then
  skip "mle" "mle or lua5.4 is not installed (make deps)"
  finish
  exit
fi
for abi in 5.3 5.4; do
  if [ ! -f "$ROOT/build/lua/$abi/newsmark/core.so" ]; then
    is "the Lua $abi module is built (make lua)" missing "build/lua/$abi/newsmark/core.so"
    finish
    exit
  fi
done

# the real module, but parse raises
INJECT="local real = package.loadlib('$ROOT/build/lua/5.4/newsmark/core.so', 'luaopen_newsmark_core')()
package.preload['newsmark.core'] = function()
  return setmetatable({ parse = function() error('injected fault in newsmark.core.parse') end },
    { __index = real })
end"

# ------------------------------------------------------------ launcher
LUA_INIT_5_4=$INJECT "$LAUNCHER" --print "$SAMPLE" > "$T/args" 2> "$T/err"
is "launcher, raising parse: exit 0" "$?" 0
is "launcher, raising parse: one line on stderr" "$(wc -l < "$T/err" | tr -d ' ')" 1
ok "launcher, raising parse: it has the error" grep -qF 'injected fault in newsmark.core.parse' "$T/err"
ok "launcher, raising parse: no rules" bash -c '! grep -q "^-s$" "$1"' _ "$T/args"
ok "launcher, raising parse: mle still gets the uscript" grep -qxF "$USCRIPT" "$T/args"
ok "launcher, raising parse: and the file" test "$(tail -n 1 "$T/args")" = "$SAMPLE"
LUA_INIT_5_4=$INJECT MLE=/bin/true "$LAUNCHER" "$SAMPLE" 2> /dev/null
is "launcher, raising parse: runs mle" "$?" 0

# a copy of the plugin without build/, and the 5.3 build on the 5.4 path
mkdir -p "$T/copy/plugin"
cp -r "$ROOT/plugin/lua" "$ROOT/plugin/mle" "$ROOT/plugin/bin" "$T/copy/plugin/"
LUA_CPATH_5_4="$ROOT/build/lua/5.3/?.so" "$T/copy/plugin/bin/newsmark-mle" --print \
  "$SAMPLE" > "$T/args" 2> "$T/err"
is "launcher, Lua 5.3 build: exit 0" "$?" 0
is "launcher, Lua 5.3 build: one line on stderr" "$(wc -l < "$T/err" | tr -d ' ')" 1
ok "launcher, Lua 5.3 build: names Lua 5.4" grep -qF 'not built for Lua 5.4' "$T/err"

# ------------------------------------------------------------- uscript
printf "%s\ndofile('%s')\n" "$INJECT" "$USCRIPT" > "$T/fault.lua"
rm -f "$T/log"
NEWSMARK_MLE_LOG=$T/log timeout -s KILL 10 mle -N -H1 -x "$T/fault.lua" "${KEYS[@]}" \
  -M 'm f6 enter f7 f8 f5 Q' -p m < "$SAMPLE" > "$T/out" 2> /dev/null
is "uscript, raising parse: mle exits 0" "$?" 0
is "uscript, raising parse: reported once for four commands" "$(grep -c 'newsmark' "$T/log")" 1
ok "uscript, raising parse: the report has the error" grep -qF 'injected fault in newsmark.core.parse' "$T/log"
ok "uscript, raising parse: mle still edits (Q typed)" test "$(head -c 9 "$T/out")" = "QHarbour "

rm -f "$T/log"
LUA_CPATH_5_4="$ROOT/build/lua/5.3/?.so" NEWSMARK_MLE_LOG=$T/log timeout -s KILL 10 mle -N -H1 \
  -x "$T/copy/plugin/mle/newsmark.lua" "${KEYS[@]}" -M 'm f6 enter f8 f5 Q' -p m \
  < "$SAMPLE" > "$T/out" 2> /dev/null
is "uscript, Lua 5.3 build: mle exits 0" "$?" 0
is "uscript, Lua 5.3 build: reported once" "$(grep -c 'newsmark' "$T/log")" 1
ok "uscript, Lua 5.3 build: names Lua 5.4" grep -qF 'not built for Lua 5.4, which mle runs' "$T/log"
ok "uscript, Lua 5.3 build: mle still edits (Q typed)" test "$(head -c 9 "$T/out")" = "QHarbour "

finish

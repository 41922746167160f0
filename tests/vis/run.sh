#!/usr/bin/env bash
# tests/vis/run.sh - the vis adapter in the real vis 0.8 (Lua 5.3):
#  1. headless runs of `vis +nmselftest` (tests/vis/visrc.lua): painted
#     styles, commands, options, edits, an injected failure, a missing C
#     module, a config and a broken config;
#  2. one tmux run whose capture-pane -e shows the colours at the right
#     places on tests/corpus/sample.txt, and the key bindings.
#  0. tests/vis/stub.lua: the adapter against a stubbed `vis` (lua5.3);
# Every vis runs under `timeout -s KILL` (vis can spin when left running).
# Ends with `N passed, N failed`.
. "$(dirname "$0")/../lib/hosts.bash"
VISRC_DIR=$ROOT/tests/vis
CORE53=$ROOT/build/lua/5.3/newsmark/core.so

if ! command -v vis > /dev/null; then
  skip "vis" "vis is not installed (make deps)"
  finish
  exit
fi
if [ ! -f "$CORE53" ]; then
  is "the Lua 5.3 module is built (make lua)" "missing" "$CORE53"
  finish
  exit
fi

# the adapter against a stubbed vis (a viewport that starts mid-quote)
lua5.3 tests/vis/stub.lua "$ROOT" > "$T/stub" 2>&1
while IFS= read -r line; do
  case $line in
  "ok "*) _result 1 "stub: ${line#ok * - }" ;;
  "not ok "*) _result 0 "stub: ${line#not ok * - }" ;;
  "#"*) echo "$line" ;;
  esac
done < "$T/stub"
grep -q '^[0-9]* passed, 0 failed$' "$T/stub" || { _result 0 "stub: ran to the end"; tail -n 5 "$T/stub" | sed 's/^/#   /'; }

# selftest MODE [ENV...]: run vis +nmselftest with NM_VIS_MODE=MODE and
# fold its TAP lines into this suite's.
selftest() {
  local mode=$1
  shift
  : > "$T/tap"
  env -u NEWSMARK_CONFIG HOME="$T/home" XDG_CONFIG_HOME="$T/home/.config" \
    TERM=xterm VIS_PATH="$VISRC_DIR" NM_VIS_MODE="$mode" NM_VIS_OUT="$T/tap" \
    "$@" timeout -s KILL 20 vis '+nmselftest' "$SAMPLE" \
    < /dev/null > /dev/null 2> "$T/vis.err"
  local rc=$?
  local line
  while IFS= read -r line; do
    case $line in
    "ok "*) _result 1 "vis $mode: ${line#ok * - }" ;;
    "not ok "*) _result 0 "vis $mode: ${line#not ok * - }" ;;
    "#"*) echo "$line" ;;
    esac
  done < "$T/tap"
  is "vis $mode: exits 0 (rc $rc; 137 = killed by the timeout)" "$rc" 0
}
mkdir -p "$T/home"

selftest full
selftest nocore
printf 'styles = { person = { fg = "red", underline = true } }\npalette = { { fg = "green", bold = true } }\n' > "$T/good.lua"
selftest config NEWSMARK_CONFIG="$T/good.lua"
printf 'styles = { person = "blue" }\n' > "$T/bad.lua"
selftest badconfig NEWSMARK_CONFIG="$T/bad.lua"

# The screen: vis in tmux, the plugin loaded by the same visrc.
if has_tmux; then
  tmux_start 200 45 "env -u NEWSMARK_CONFIG HOME='$T/home' XDG_CONFIG_HOME='$T/home/.config' \
    TERM=xterm-256color VIS_PATH='$VISRC_DIR' timeout -s KILL 60 vis '$SAMPLE'"
  ok "tmux: vis shows the article" tmux_wait "Harbour towns" 10
  sleep 0.3
  tmux_capture "$T/screen"
  # vis paints the theme's colours (allocated palette entries) under ours:
  # take them from plain text and leave them out of the comparisons
  base=$(attrs "$T/screen" " outside the ")
  is "tmux: plain text has only the theme's colours" "$(sed -E 's/(fg|bg)=[0-9]+ ?//g; s/ $//' <<< "$base")" ""
  a() {
    local got tok
    got=$(attrs "$T/screen" "$@")
    for tok in $base; do got=$(sed -E "s/(^| )$tok( |$)/\1/; s/ $//" <<< "$got"); done
    echo "${got:-plain}"
  }
  is "tmux: a name has the person style" "$(a "Helen Marsh said" 1 0:11)" "$(expect vis person)"
  is "tmux: a place" "$(a "Portsmouth")" "$(expect vis place)"
  is "tmux: an organization" "$(a "Department for Environment")" "$(expect vis organization)"
  is "tmux: Helen Marsh's quote has speaker colour 1" "$(a "We have listened")" "$(expect vis slot1)"
  is "tmux: her second quote too" "$(a "No town on this coast")" "$(expect vis slot1)"
  is "tmux: Tomasz Nowak's quote has speaker colour 2" "$(a "Every storm we wait")" "$(expect vis slot2)"
  is "tmux: the cue is underlined" "$(a "told reporters")" "$(expect vis cue)"
  is "tmux: the name after the quote" "$(a "money,” Marsh told" 1 8:5)" "$(expect vis person)"
  is "tmux: the headline is bold" "$(a "arbour towns win")" "$(expect vis headline)"
  is "tmux: the text between is plain" "$(a "outside the")" "plain"
  # keys: ]q to the first quote (line 11), gK for its speaker; vis draws
  # its own cursor, so read the position from the status line
  tmux_keys ']q'
  ok "tmux: ]q goes to the first quote (status: line 11, column 1)" tmux_wait "11, 1" 5
  tmux_keys 'gK'
  ok "tmux: gK shows the speaker" tmux_wait "[after]" 5
  tmux_keys ':newsmark toggle' Enter
  sleep 0.3
  tmux_capture "$T/screen2"
  is "tmux: :newsmark toggle turns it off" "$(attrs "$T/screen2" "have listened")" "$(attrs "$T/screen2" " outside the ")"
  tmux_keys ':q!' Enter
  tmux_stop
else
  skip "tmux: vis shows the colours" "tmux is not installed"
fi

finish

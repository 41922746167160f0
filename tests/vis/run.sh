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
selftest annotfail
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
  _tmux_sock=$_tmux_sock.n # a fresh server: the old one may still be going away
else
  skip "tmux: vis shows the colours" "tmux is not installed"
fi

# Annotating in tmux: label a selection, change a speaker, reject a name,
# save; the sidecar's JSON; a second vis shows the annotations; a save
# after another editor's is merged.
if has_tmux; then
  A=$T/ann/article.txt
  mkdir -p "$T/ann"
  cp "$SAMPLE" "$A"
  printf 'labels = { "claim" }\n' > "$T/ann/config.lua"
  vis_ann() {
    tmux_start 200 45 "env HOME='$T/home' XDG_CONFIG_HOME='$T/home/.config' NEWSMARK_CONFIG='$T/ann/config.lua' \
      TERM=xterm-256color VIS_PATH='$VISRC_DIR' timeout -s KILL 60 vis '$A'"
    tmux_wait "Harbour towns" 10
    sleep 0.3
  }
  k() { # keys, then a pause (an Escape followed at once by a key is read as Alt+key)
    tmux_keys "$@"
    sleep 0.3
  }
  # the attributes of TEXT without the theme's colours
  plain_base=
  b() {
    local got tok
    got=$(attrs "$@")
    for tok in $plain_base; do got=$(sed -E "s/(^| )$tok( |$)/\1/; s/ $//" <<< "$got"); done
    echo "${got:-plain}"
  }
  vis_ann
  tmux_capture "$T/a0"
  plain_base=$(attrs "$T/a0" " outside the ")
  is "annotate: Portsmouth is a place before" "$(b "$T/a0" "Portsmouth")" "$(expect vis place)"
  k '/bidding process' Enter
  k v e w e
  k ':newsmark label bogus' Enter
  ok "annotate: a bad label lists the valid ones" tmux_wait "unknown label 'bogus' (person, organization, place, quote, scare_quote, speaker_ref, claim)" 5
  k ':newsmark label claim' Enter
  ok "annotate: :newsmark label claim on the selection" tmux_wait "“bidding process” labelled claim" 5
  k Escape
  k '/Every storm' Enter
  k ':newsmark speaker' Enter
  ok "annotate: :newsmark speaker alone lists the people, numbered" tmux_wait "people: 1 Helen Marsh" 5
  k ':newsmark speaker Helen Marsh' Enter
  ok "annotate: :newsmark speaker Helen Marsh" tmux_wait "“Every storm we wait is another street… — Helen Marsh" 5
  k '/Portsmouth' Enter
  k ':newsmark reject' Enter
  ok "annotate: :newsmark reject" tmux_wait "rejected place “Portsmouth”" 5
  k gg
  tmux_capture "$T/a1"
  ok "annotate: the label is drawn on gold (background 220)" grep -qw "bg=220" <<< "$(b "$T/a1" "bidding process")"
  is "annotate: the quote now has Helen Marsh's colour" "$(b "$T/a1" "Every storm we wait")" "$(expect vis slot1)"
  is "annotate: the rejected place looks like the caption around it" "$(b "$T/a1" "Portsmouth")" "$(b "$T/a1" "residents on the")"
  ok "annotate: no sidecar before saving" test ! -e "$A.newsmark.json"
  k ':w' Enter
  sleep 0.3
  ok "annotate: :w writes the sidecar" test -s "$A.newsmark.json"
  ok "annotate: no temporary file left" bash -c '! ls "$1".newsmark.json.tmp.* 2>/dev/null' _ "$A"
  j() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$A.newsmark.json" "$1"; }
  is "annotate: sidecar: the label" "$(j '[(l["label"], l["text"]) for l in d["labels"]]')" "[('claim', 'bidding process')]"
  is "annotate: sidecar: the speaker, set by hand" \
    "$(j '[(q["speaker"], q.get("manual")) for q in d["quotes"] if q["text"].startswith("“Every storm")]')" "[('Helen Marsh', True)]"
  is "annotate: sidecar: the rejected place" \
    "$(j '[(a["kind"], a["selector"]["exact"]) for a in d["annotations"] if a["status"] == "rejected"]')" "[('place', 'Portsmouth')]"
  is "annotate: sidecar: revision 1" "$(j 'd["revision"]')" 1
  k ':q' Enter
  tmux_stop
  _tmux_sock=$_tmux_sock.n # a fresh server: the old one may still be going away
  # a new vis finds them
  vis_ann
  tmux_capture "$T/a2"
  ok "reopened: the label is drawn on gold" grep -qw "bg=220" <<< "$(b "$T/a2" "bidding process")"
  is "reopened: the speaker change is drawn" "$(b "$T/a2" "Every storm we wait")" "$(expect vis slot1)"
  is "reopened: the rejected place stays like the caption" "$(b "$T/a2" "Portsmouth")" "$(b "$T/a2" "residents on the")"
  # another editor saves first (a label on "sea wall"); this one's :w merges
  cat > "$T/other.lua" << 'LUA'
    package.path = arg[1] .. "/plugin/lua/?.lua;" .. package.path
    local annotate = require("newsmark.annotate")
    local f = assert(io.open(arg[2], "rb")); local text = f:read("a"); f:close()
    local store = assert(annotate.load(annotate.sidecar_path(arg[2]), text, nil, { labels = { "claim" } }))
    local s = text:find("sea wall", 1, true) - 1
    store:label(s, s + 8, "claim", "from the other editor")
    assert(annotate.save(annotate.sidecar_path(arg[2]), store, { fsync = false }))
LUA
  lua5.4 "$T/other.lua" "$ROOT" "$A"
  k '/Okafor' Enter
  k ':newsmark reject' Enter
  k ':w' Enter
  ok "conflict: the merge is reported" tmux_wait "saved by another editor: merged (nothing lost)" 5
  is "conflict: both labels are in the sidecar" "$(j 'sorted(l["text"] for l in d["labels"])')" "['bidding process', 'sea wall']"
  is "conflict: and the new rejection" \
    "$(j 'sorted(a["selector"]["exact"] for a in d["annotations"] if a["status"] == "rejected")')" "['David Okafor', 'Portsmouth']"
  is "conflict: revision 3" "$(j 'd["revision"]')" 3
  k ':q' Enter
  tmux_stop
  _tmux_sock=$_tmux_sock.n # a fresh server: the old one may still be going away
  # an unreadable sidecar: reported, the colours go on, :w leaves it alone
  printf '{ not json' > "$A.newsmark.json"
  vis_ann
  ok "bad sidecar: reported" tmux_wait "(annotations off for this file)" 5
  tmux_capture "$T/a3"
  is "bad sidecar: the colours go on (Portsmouth is a place again)" "$(b "$T/a3" "Portsmouth")" "$(expect vis place)"
  k ':newsmark reject' Enter
  ok "bad sidecar: the commands say so" tmux_wait "no annotations for this window" 5
  k ':w' Enter
  sleep 0.3
  is "bad sidecar: :w leaves it as it was" "$(cat "$A.newsmark.json")" "{ not json"
  k ':q' Enter
  tmux_stop
else
  skip "tmux: annotating in vis" "tmux is not installed"
fi

finish

#!/usr/bin/env bash
# tests/mle/run.sh - the mle adapter with the real mle 1.5 (Lua 5.4):
#  1. plugin/bin/newsmark-mle --print: the generated syntax rules;
#  2. the uscript's commands in mle's headless mode (stdin is a pipe: mle
#     runs the startup macro and prints the active buffer), with
#     $NEWSMARK_MLE_LOG collecting the messages;
#  3. failures: no C module, a bad config (reported once, mle goes on);
#  4. one tmux run of newsmark-mle whose capture-pane -e shows the colours
#     at the right places on tests/corpus/sample.txt, and the F-keys.
# Every mle runs under `timeout -s KILL`. Ends with `N passed, N failed`.
. "$(dirname "$0")/../lib/hosts.bash"
LAUNCHER=$ROOT/plugin/bin/newsmark-mle
USCRIPT=$ROOT/plugin/mle/newsmark.lua
KEYS=(-K newsmark,,1 -k cmd_newsmark_quotes,f5, -k cmd_newsmark_next,f6,
  -k cmd_newsmark_prev,f7, -k cmd_newsmark_speaker,f8, -n newsmark)
export HOME=$T/home XDG_CONFIG_HOME=$T/home/.config
unset NEWSMARK_CONFIG
mkdir -p "$HOME"

if ! command -v mle > /dev/null || ! command -v lua5.4 > /dev/null; then
  skip "mle" "mle or lua5.4 is not installed (make deps)"
  finish
  exit
fi
if [ ! -f "$ROOT/build/lua/5.4/newsmark/core.so" ]; then
  is "the Lua 5.4 module is built (make lua)" missing build/lua/5.4/newsmark/core.so
  finish
  exit
fi

# ---------------------------------------------------------------- rules
"$LAUNCHER" --print "$SAMPLE" > "$T/args" 2> "$T/err"
is "--print: exit 0" "$?" 0
ok "--print: nothing on stderr" test ! -s "$T/err"
is "--print: the syntax is forced with -y newsmark" "$(grep -c '^newsmark$' "$T/args")" 2
n_rules=$(grep -c '^-s$' "$T/args")
ok "--print: one -s per span piece ($n_rules)" test "$n_rules" -ge 30
# Helen Marsh in the caption: line 6, byte column 22, bold blue (256 + 5)
ok "a name: anchored at its byte column, bold blue" \
  grep -qxF '(?<=^.{22})Helen\x20Marsh,261,0' "$T/args"
# after "LONDON (Reuters) —" the column counts bytes (— is 3 bytes)
ok "a name after multibyte text: byte column 43 (41 characters)" \
  grep -qxF '(?<=^.{43})Helen\x20Marsh,261,0' "$T/args"
q1=$(grep -F '^“We\x20have\x20listened\x2c\x20and\x20we\x20have\x20found\x20the\x20money\x2c”,' "$T/args")
ok "a quote at the start of a line: ^-anchored ($q1)" test -n "$q1"
q2=$(grep -F '“No\x20town' "$T/args")
q3=$(grep -F '“Every\x20storm' "$T/args")
is "the same speaker, the same colour" "${q2##*”,}" "${q1##*”,}"
ok "another speaker, another colour" test "${q3##*”,}" != "${q1##*”,}"
ok "commas are escaped (\\x2c): none reaches mle's comma-split syntax" \
  bash -c '! grep -A1 -x -- -s "$1" | grep -v -x -- -s | grep -v "^--$" | sed "s/,[0-9]*,[0-9]*$//" | grep -q ","' _ "$T/args"
ok "a quote over two paragraphs gives one rule per line" \
  grep -qF '^“They\x20deserve\x20better' "$T/args"
ok "the uscript is passed with -x" grep -qxF "$USCRIPT" "$T/args"
ok "the keys: kmap newsmark falls through" grep -qxF 'newsmark,,1' "$T/args"
ok "F6 is cmd_newsmark_next" grep -qxF 'cmd_newsmark_next,f6,' "$T/args"
ok "the file is passed last" test "$(tail -n 1 "$T/args")" = "$SAMPLE"
"$LAUNCHER" --print --no-keys -t 8 "$SAMPLE" > "$T/args2"
ok "--no-keys: no kmap" bash -c '! grep -q "^-K$" "$1"' _ "$T/args2"
ok "mle options are passed on (-t 8)" grep -qx -- '8' "$T/args2"
MLE=/bin/echo "$LAUNCHER" "$SAMPLE" > "$T/echo"
is "without --print it runs \$MLE with the same arguments" \
  "$(cat "$T/echo")" "$(tr '\n' ' ' < "$T/args" | sed 's/ $//')"
printf 'styles = { person = "blue" }\n' > "$T/bad.lua"
NEWSMARK_CONFIG=$T/bad.lua "$LAUNCHER" --print "$SAMPLE" > "$T/args3" 2> "$T/err3"
is "a bad config: still exit 0" "$?" 0
ok "a bad config: no rules" bash -c '! grep -q "^-s$" "$1"' _ "$T/args3"
ok "a bad config: the uscript and keys are still there" grep -qxF "$USCRIPT" "$T/args3"
ok "a bad config: the reason on stderr" grep -q 'bad.lua.*styles.person' "$T/err3"
"$LAUNCHER" --print "$T/missing.txt" > /dev/null 2> "$T/err4"
ok "an unreadable file: reported, mle still runs" grep -q 'cannot read' "$T/err4"

# ------------------------------------------------------------- commands
# headless: mle -H1 reads the buffer from stdin, runs the macro, prints
# the active buffer. Q marks where the cursor went.
headless() { # MACRO-KEYS...
  rm -f "$T/log"
  NEWSMARK_MLE_LOG=$T/log timeout -s KILL 10 mle -N -H1 -x "$USCRIPT" \
    "${KEYS[@]}" -M "m $*" -p m < "$SAMPLE" > "$T/out" 2> "$T/err"
  rc=$?
}
headless f6 Q
is "next quote: mle exits 0" "$rc" 0
is "next quote: the cursor is at the first quote (line 11; £ and — before it)" \
  "$(sed -n 11p "$T/out" | cut -c1-20)" "Q“We have listened"
headless f6 f6 Q
ok "next quote twice: the second quote, mid-line (UTF-8 characters, not bytes)" \
  grep -qF 'Westminster. Q“No town' "$T/out"
headless f6 f6 f7 Q
is "previous quote: back to the first" "$(sed -n 11p "$T/out" | cut -c1-20)" "Q“We have listened"
headless f7 Q
ok "previous quote from the top wraps to the last quote" grep -qF 'Q“The money is real' "$T/out"
headless f6 f8 enter
ok "speaker: the quote under the cursor is Helen Marsh's" grep -qF '— Helen Marsh [after]' "$T/log"
headless f6 f6 f6 right right f8 enter
ok "speaker inside a quote: Tomasz Nowak" grep -qF '— Tomasz Nowak' "$T/log"
headless f8 enter
ok "speaker outside a quote: says so" grep -qF 'no quote here' "$T/log"
cmp -s <(head -c 200 "$T/out") <(head -c 200 "$SAMPLE")
is "speaker: the buffer is unchanged" "$?" 0
headless f5
is "list quotes: a new buffer with 8 lines" "$(grep -c '—' "$T/out")" 8
is "list quotes: line, quote, speaker" "$(head -n 1 "$T/out")" \
  "11: “We have listened, and we have found the money,” — Helen Marsh"
ok "list quotes: the quote over two paragraphs is on one line" \
  grep -qF '15: “I have residents who have not slept in their own beds since October. …' "$T/out"

# ------------------------------------------------------------- failures
NEWSMARK_CONFIG=$T/bad.lua headless f6 enter f6 Q
is "a bad config: mle exits 0" "$rc" 0
is "a bad config: reported once for two commands" "$(grep -c 'newsmark' "$T/log")" 1
ok "a bad config: the message names the key" grep -q 'styles.person' "$T/log"
ok "a bad config: the commands are inert (Enter closes the report; Q typed at the top)" \
  test "$(head -c 9 "$T/out")" = "QHarbour "
ok "no err[...] from mle in the buffer" bash -c '! grep -q "^err\[" "$1"' _ "$T/out"
# no C module: a copy of the plugin without build/ and no cpath
mkdir -p "$T/copy/plugin"
cp -r "$ROOT/plugin/lua" "$ROOT/plugin/mle" "$T/copy/plugin/"
rm -f "$T/log"
LUA_CPATH_5_4="$T/none/?.so" NEWSMARK_MLE_LOG=$T/log timeout -s KILL 10 mle -N -H1 \
  -x "$T/copy/plugin/mle/newsmark.lua" "${KEYS[@]}" -M 'm f6 enter f8 f5 Q' -p m \
  < "$SAMPLE" > "$T/out" 2> /dev/null
is "no C module: mle exits 0" "$?" 0
is "no C module: reported once for three commands" "$(grep -c 'C module is missing' "$T/log")" 1
ok "no C module: the buffer is still edited (Q typed)" test "$(head -c 9 "$T/out")" = "QHarbour "
rm -f "$T/log"
timeout -s KILL 10 mle -N -H1 -x "$T/nonexistent.lua" -M 'm Q' -p m < "$SAMPLE" > "$T/out" 2> /dev/null
is "(mle itself ignores a missing uscript: exit 0)" "$?" 0

# ----------------------------------------------------------- annotating
# headless again, on a copy named by $NEWSMARK_MLE_FILE (mle does not tell
# a script a buffer's path): search, select (M-a + right), F10 label,
# F9 speaker NAME, F12 reject, F9 save; then the sidecar's JSON
A=$T/ann/article.txt
mkdir -p "$T/ann"
cp "$SAMPLE" "$A"
printf 'labels = { "claim" }\n' > "$T/ann/config.lua"
AKEYS=(-K newsmark,,1 -k cmd_newsmark_annotate,f9, -k cmd_newsmark_label,f10,
  -k cmd_newsmark_accept,f11, -k cmd_newsmark_reject,f12, -n newsmark)
annotate() { # MACRO-KEYS...
  rm -f "$T/log"
  NEWSMARK_CONFIG=$T/ann/config.lua NEWSMARK_MLE_FILE=$A NEWSMARK_MLE_LOG=$T/log \
    timeout -s KILL 10 mle -N -H1 -x "$USCRIPT" "${AKEYS[@]}" -M "m $*" -p m < "$A" > "$T/out" 2> "$T/err"
  rc=$?
}
typed() { sed 's/./& /g; s/ $//; s/  / space /g' <<< "$1"; } # "ab c" -> "a b space c"
right15=$(printf 'right %.0s' $(seq 15))
annotate C-f $(typed "bidding p") enter M-a $right15 f10 $(typed "bogus") enter enter
ok "mle label: a bad kind lists the valid ones" \
  grep -qF "unknown label 'bogus' (person, organization, place, quote, scare_quote, speaker_ref, claim)" "$T/log"
annotate f10 $(typed "claim") enter enter
ok "mle label: without a selection, says so" grep -qF "select the text to label first" "$T/log"
annotate C-f $(typed "bidding p") enter M-a $right15 f10 $(typed "claim") enter enter \
  C-f $(typed "Every storm") enter f9 $(typed "speaker Helen Marsh") enter enter \
  C-f $(typed "Portsmouth") enter f12 enter f9 $(typed "save") enter enter
is "mle annotate: exit 0" "$rc" 0
ok "mle annotate: F10 labels the selection" grep -qF "“bidding process” labelled claim" "$T/log"
ok "mle annotate: F9 speaker NAME" grep -qF "“Every storm we wait is another street… — Helen Marsh" "$T/log"
ok "mle annotate: F12 rejects the place" grep -qF "rejected place “Portsmouth”" "$T/log"
ok "mle annotate: F9 save writes the sidecar" grep -qF "annotations saved to $A.newsmark.json (revision 1)" "$T/log"
ok "mle annotate: the buffer is unchanged" cmp -s <(head -c 300 "$T/out") <(head -c 300 "$A")
j() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$A.newsmark.json" "$1"; }
is "mle sidecar: the label" "$(j '[(l["label"], l["text"]) for l in d["labels"]]')" "[('claim', 'bidding process')]"
is "mle sidecar: the speaker, set by hand" \
  "$(j '[(q["speaker"], q.get("manual")) for q in d["quotes"] if q["text"].startswith("“Every storm")]')" "[('Helen Marsh', True)]"
is "mle sidecar: the rejected place" \
  "$(j '[(a["kind"], a["selector"]["exact"]) for a in d["annotations"] if a["status"] == "rejected"]')" "[('place', 'Portsmouth')]"
rm -f "$T/log"
NEWSMARK_MLE_LOG=$T/log timeout -s KILL 10 mle -N -H1 -x "$USCRIPT" "${AKEYS[@]}" -M 'm f12 enter' -p m < "$A" > /dev/null 2>&1
ok "mle annotate: without the article's path, says so" grep -qF "needs the article's path" "$T/log"
rm -f "$T/log"
NEWSMARK_MLE_FILE=$A NEWSMARK_MLE_LOG=$T/log timeout -s KILL 10 mle -N -H1 -x "$USCRIPT" "${AKEYS[@]}" \
  -M 'm f12 enter' -p m < "$ROOT/tests/spec/basic.txt" > /dev/null 2>&1
ok "mle annotate: another text than the article's file, refused" grep -qF "this buffer is not $A as saved" "$T/log"
ok "mle annotate: and its sidecar is untouched" test "$(j 'd["revision"]')" = 1
# the labelled words gone from the file: reported at the first command, listed, kept
mkdir -p "$T/gone"
sed 's/bidding process/tender/' "$A" > "$T/gone/article.txt"
cp "$A.newsmark.json" "$T/gone/article.txt.newsmark.json"
rm -f "$T/log"
NEWSMARK_CONFIG=$T/ann/config.lua NEWSMARK_MLE_FILE=$T/gone/article.txt NEWSMARK_MLE_LOG=$T/log \
  timeout -s KILL 10 mle -N -H1 -x "$USCRIPT" "${AKEYS[@]}" -M "m f9 enter $(typed unanchored) enter" -p m \
  < "$T/gone/article.txt" > "$T/out" 2> /dev/null
ok "mle unanchored: reported at the first command" \
  grep -qF "1 annotation of article.txt.newsmark.json could not be placed in the text (F9 unanchored lists it)" "$T/log"
ok "mle unanchored: F9 unanchored lists it" grep -qF 'claim “bidding process”, was at byte 897: not found' "$T/log"
NEWSMARK_CONFIG=$T/ann/config.lua "$LAUNCHER" --print "$T/gone/article.txt" > /dev/null 2> "$T/gerr"
ok "mle unanchored: the launcher says so on stderr" grep -qF "could not be placed" "$T/gerr"
# an unreadable sidecar: reported, left alone, the commands refuse
printf '{ not json' > "$T/gone/article.txt.newsmark.json"
rm -f "$T/log"
NEWSMARK_CONFIG=$T/ann/config.lua NEWSMARK_MLE_FILE=$T/gone/article.txt NEWSMARK_MLE_LOG=$T/log \
  timeout -s KILL 10 mle -N -H1 -x "$USCRIPT" "${AKEYS[@]}" -M "m f12 enter f12 enter" -p m \
  < "$T/gone/article.txt" > /dev/null 2> /dev/null
ok "mle bad sidecar: reported" grep -qF "article.txt.newsmark.json" "$T/log"
ok "mle bad sidecar: then the commands are off for the buffer" grep -qF "annotations are off for this buffer" "$T/log"
is "mle bad sidecar: left as it was" "$(cat "$T/gone/article.txt.newsmark.json")" "{ not json"

# a Lua error inside an annotation command: reported once, mle goes on
printf 'package.preload["newsmark.annotator"] = function() error("injected annotation failure") end\ndofile("%s")\n' \
  "$USCRIPT" > "$T/inject.lua"
rm -f "$T/log"
NEWSMARK_MLE_FILE=$A NEWSMARK_MLE_LOG=$T/log timeout -s KILL 10 mle -N -H1 -x "$T/inject.lua" "${AKEYS[@]}" \
  -M 'm f12 enter f12 f11 Q' -p m < "$A" > "$T/out" 2> /dev/null
is "mle failure: exit 0" "$?" 0
is "mle failure: reported once for three commands" "$(grep -c 'injected annotation failure' "$T/log")" 1
ok "mle failure: the report says newsmark is off" grep -qF "(newsmark is off for this session)" "$T/log"
ok "mle failure: the buffer is still edited (Q typed)" test "$(head -c 9 "$T/out")" = "QHarbour "
ok "mle failure: no err[...] from mle in the buffer" bash -c '! grep -q "^err\[" "$1"' _ "$T/out"

# the launcher's rules follow the sidecar
NEWSMARK_CONFIG=$T/ann/config.lua "$LAUNCHER" --print "$A" > "$T/aargs" 2> "$T/aerr"
ok "rules: the label is drawn black on yellow" grep -qxF '(?<=^.{169})bidding\x20process,1,4' "$T/aargs"
ok "rules: the rejected place has no rule" bash -c '! grep -q "Portsmouth,[0-9]*,[0-9]*$" "$1"' _ "$T/aargs"
c1=$(grep -F '^“We\x20have\x20listened' "$T/aargs")
c3=$(grep -F '“Every\x20storm' "$T/aargs")
is "rules: the quote has its new speaker's colour" "${c3##*”,}" "${c1##*”,}"
printf '#!/bin/sh\necho "NEWSMARK_MLE_FILE=$NEWSMARK_MLE_FILE"\n' > "$T/fake-mle"
chmod +x "$T/fake-mle"
(cd "$T/ann" && MLE=$T/fake-mle "$LAUNCHER" article.txt > "$T/env" 2> /dev/null)
is "the launcher tells the uscript the file (absolute)" "$(cat "$T/env")" "NEWSMARK_MLE_FILE=$A"

# ---------------------------------------------------------------- screen
if has_tmux; then
  cp "$SAMPLE" "$T/sample.txt"
  tmux_start 200 40 "env TERM=xterm-256color HOME='$HOME' NEWSMARK_MLE_LOG='$T/tlog' \
    timeout -s KILL 60 '$LAUNCHER' '$T/sample.txt'"
  ok "tmux: mle shows the article" tmux_wait "Harbour towns" 10
  sleep 0.3
  tmux_capture "$T/screen"
  a() { attrs "$T/screen" "$@"; }
  is "tmux: the headline is bold" "$(a "Harbour towns win")" "$(expect mle headline)"
  is "tmux: a name has the person style" "$(a "Helen Marsh said" 1 0:11)" "$(expect mle person)"
  is "tmux: a place" "$(a "Portsmouth")" "$(expect mle place)"
  is "tmux: an organization" "$(a "Department for Environment")" "$(expect mle organization)"
  is "tmux: speaker 1's quote" "$(a "We have listened")" "$(expect mle slot1)"
  is "tmux: her second quote too" "$(a "No town on this coast")" "$(expect mle slot1)"
  is "tmux: speaker 2's quote" "$(a "Every storm we wait")" "$(expect mle slot2)"
  is "tmux: speaker 4's quote" "$(a "a sticking plaster")" "$(expect mle slot4)"
  is "tmux: the cue is underlined" "$(a "told reporters")" "$(expect mle cue)"
  is "tmux: the name after the quote" "$(a "money,” Marsh told" 1 8:5)" "$(expect mle person)"
  is "tmux: plain text is plain" "$(a " outside the ")" "plain"
  is "tmux: the caption (dim: mle has no dim) is plain" "$(a "speaks to residents")" "plain"
  tmux_keys F6
  ok "tmux: F6 goes to the first quote (line 11)" tmux_wait "line:11/" 5
  tmux_keys F8
  ok "tmux: F8 shows the speaker in the prompt" tmux_wait "— Helen Marsh [after]" 5
  tmux_keys Enter
  tmux_keys X
  sleep 0.3
  tmux_capture "$T/screen2"
  is "tmux: after an edit before it, the quote's rule no longer matches (never the wrong text)" \
    "$(attrs "$T/screen2" "We have listened")" "plain"
  is "tmux: other lines keep their colours" "$(attrs "$T/screen2" "Every storm we wait")" "$(expect mle slot2)"
  tmux_keys F5
  ok "tmux: F5 lists the quotes in a new buffer" tmux_wait "23: “The money is real" 5
  tmux_stop
  _tmux_sock=$_tmux_sock.n # a fresh server: the old one may still be going away
  # annotating: the sidecar made above is drawn; F12 + C-s adds to it
  tmux_start 200 40 "env TERM=xterm-256color HOME='$HOME' NEWSMARK_CONFIG='$T/ann/config.lua' \
    NEWSMARK_MLE_LOG='$T/tlog' timeout -s KILL 60 '$LAUNCHER' '$A'"
  ok "tmux annotate: mle shows the article" tmux_wait "Harbour towns" 20
  sleep 0.3
  tmux_capture "$T/a1"
  is "tmux annotate: the label, black on yellow" "$(attrs "$T/a1" "bidding process")" "fg=0 bg=3"
  is "tmux annotate: the rejected place is plain" "$(attrs "$T/a1" "Portsmouth")" "plain"
  is "tmux annotate: the quote in its new speaker's colour" "$(attrs "$T/a1" "Every storm we wait")" "$(expect mle slot1)"
  is "tmux annotate: David Okafor is a name" "$(attrs "$T/a1" "David Okafor")" "$(expect mle person)"
  tmux_keys C-f
  sleep 0.2
  tmux_keys 'David Okafor' Enter
  sleep 0.2
  tmux_keys F12
  ok "tmux annotate: F12 rejects" tmux_wait "rejected person “David Okafor”" 5
  tmux_keys Enter
  sleep 0.2
  tmux_keys C-s
  ok "tmux annotate: C-s saves the file" tmux_wait "Wrote" 5
  sleep 0.3
  is "tmux annotate: and the sidecar (revision 2)" "$(j 'd["revision"]')" 2
  is "tmux annotate: with the new rejection" \
    "$(j 'sorted(a["selector"]["exact"] for a in d["annotations"] if a["status"] == "rejected")')" "['David Okafor', 'Portsmouth']"
  tmux_stop
  _tmux_sock=$_tmux_sock.n # a fresh server: the old one may still be going away
  tmux_start 200 40 "env TERM=xterm-256color HOME='$HOME' NEWSMARK_CONFIG='$T/ann/config.lua' \
    timeout -s KILL 60 '$LAUNCHER' '$A'"
  ok "tmux reopened: mle shows the article" tmux_wait "Harbour towns" 20
  sleep 0.3
  tmux_capture "$T/a2"
  is "tmux reopened: the rejected name is plain" "$(attrs "$T/a2" "David Okafor")" "plain"
  is "tmux reopened: the label is still drawn" "$(attrs "$T/a2" "bidding process")" "fg=0 bg=3"
  tmux_stop
else
  skip "tmux: mle shows the colours" "tmux is not installed"
fi

finish

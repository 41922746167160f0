#!/usr/bin/env bash
# docs/editors/screenshots.sh - remake the PNGs of docs/editors/: each host
# runs in tmux on tests/corpus/sample.txt, `capture-pane -e` is drawn into
# a PNG by tests/lib/screen.py --png (Pillow: apt-get install python3-pil).
#   bash docs/editors/screenshots.sh     (after make all lua)
. "$(dirname "$0")/../../tests/lib/hosts.bash"
PY=${PYTHON_PIL:-/usr/bin/python3}
W=100 H=32
shot() { # NAME WAIT-FOR CMD [KEYS...]
  local name=$1 wait=$2 cmd=$3
  shift 3
  tmux_start $W $H "$cmd"
  tmux_wait "$wait" 10 || echo "screenshots: $name: '$wait' did not appear" >&2
  sleep 0.5
  if [ $# -gt 0 ]; then
    tmux_keys "$@"
    sleep 0.5
  fi
  tmux_capture "$T/$name.cap"
  tmux_stop
  "$PY" tests/lib/screen.py "$T/$name.cap" --png "docs/editors/$name.png"
  echo "docs/editors/$name.png"
}
mkdir -p "$T/home" "$T/vis"
cat > "$T/vis/visrc.lua" << VISRC
require('vis')
vis.events.subscribe(vis.events.INIT, function() vis:command('set change-256colors false') end)
package.path = '$ROOT/plugin/vis/?.lua;' .. package.path
require('newsmark').setup({})
VISRC
cp "$SAMPLE" "$T/article.txt"
env_="env -u NEWSMARK_CONFIG HOME=$T/home TERM=xterm-256color"
shot less "Harbour" "$env_ LESSOPEN='||$ROOT/plugin/bin/newsmark-pager %s' timeout -s KILL 30 less -R $T/article.txt"
shot vis "Harbour" "$env_ VIS_PATH=$T/vis timeout -s KILL 30 vis $T/article.txt" ']q' 'gK'
shot mle "Harbour" "$env_ timeout -s KILL 30 $ROOT/plugin/bin/newsmark-mle -w 1 $T/article.txt" F6 F8

# Annotating (the "Annotating" sections): a config with a user label, then
# a label, a speaker change and a rejection made with the commands.
printf 'labels = { "claim" }\n' > "$T/config.lua"
cp "$SAMPLE" "$T/vis-ann.txt"
tmux_start $W $H "$env_ NEWSMARK_CONFIG=$T/config.lua VIS_PATH=$T/vis timeout -s KILL 30 vis $T/vis-ann.txt"
tmux_wait "Harbour" 10
sleep 0.5
for keys in '/bidding process' Enter v e w e ':newsmark label claim' Enter Escape \
  '/Every storm' Enter ':newsmark speaker Helen Marsh' Enter '/Portsmouth' Enter ':newsmark reject' Enter \
  '/Every storm' Enter; do
  tmux_keys "$keys"
  sleep 0.3
done
tmux_capture "$T/vis-annotate.cap"
tmux_stop
"$PY" tests/lib/screen.py "$T/vis-annotate.cap" --png docs/editors/vis-annotate.png
echo docs/editors/vis-annotate.png
cp "$SAMPLE" "$T/mle-ann.txt"
# the label, the rejection and the speaker change are made and saved
# first (mle draws annotations from the sidecar when it starts); the shot
# is of the next session, with a note being added to the label
tmux_start $W $H "$env_ NEWSMARK_CONFIG=$T/config.lua timeout -s KILL 30 $ROOT/plugin/bin/newsmark-mle -w 1 $T/mle-ann.txt"
tmux_wait "Harbour" 10
sleep 0.5
for keys in C-f 'bidding p' Enter M-a Right Right Right Right Right Right Right Right Right Right Right Right Right Right Right \
  F10 claim Enter Enter M-a C-f Portsmouth Enter F12 Enter C-f 'Every storm' Enter F9 'speaker Helen Marsh' Enter \
  Enter C-s; do
  tmux_keys "$keys"
  sleep 0.3
done
tmux_stop
tmux_start $W $H "$env_ NEWSMARK_CONFIG=$T/config.lua timeout -s KILL 30 $ROOT/plugin/bin/newsmark-mle -w 1 $T/mle-ann.txt"
tmux_wait "Harbour" 10
sleep 0.5
for keys in C-f 'bidding' Enter F9 'note check the figure' Enter; do
  tmux_keys "$keys"
  sleep 0.3
done
tmux_capture "$T/mle-annotate.cap"
tmux_stop
"$PY" tests/lib/screen.py "$T/mle-annotate.cap" --png docs/editors/mle-annotate.png
echo docs/editors/mle-annotate.png

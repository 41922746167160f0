#!/usr/bin/env bash
# docs/editors/neovim-annotate-screenshot.sh - remake
# docs/editors/neovim-annotate.png: nvim (no user config but setup({}), the
# default colorscheme, 256 colours) in a 120x44 tmux pane on
# tests/corpus/sample.txt, annotated by typing the commands: a user label
# ("claim", from a config file), a speaker changed, a name rejected, a
# name labelled by hand with a note, a place accepted; then
# `:Newsmark annotations`. `capture-pane -e` is drawn into a PNG by
# tests/lib/screen.py --png (Pillow: apt-get install python3-pil).
#   bash docs/editors/neovim-annotate-screenshot.sh     (after make lua)
. "$(dirname "$0")/../../tests/lib/hosts.bash"
PY=${PYTHON_PIL:-/usr/bin/python3}
mkdir -p "$T/home"
cp "$SAMPLE" "$T/article.txt"
echo 'return { labels = { "claim" } }' > "$T/config.lua"
cat > "$T/init.lua" << INIT
vim.opt.rtp:prepend("$ROOT/plugin")
vim.o.wrap, vim.o.linebreak, vim.o.number = true, true, true
vim.o.signcolumn = "yes"
vim.g.mapleader = " "
require("newsmark").setup({})
INIT
tmux_start 120 44 "env -C $T NEWSMARK_CONFIG=$T/config.lua HOME=$T/home TERM=xterm-256color \
  timeout -s KILL 60 nvim -u $T/init.lua -i NONE -n article.txt"
tmux_wait "Harbour" 10 || echo "neovim-annotate-screenshot: nvim did not start" >&2
sleep 0.5
cmd() { tmux_keys "$@"; sleep 0.3; }
cmd "/a £40 million fund" Enter v 17l ":Newsmark label claim" Enter
cmd "/The money is real" Enter ":Newsmark speaker David Okafor" Enter
cmd "/Okafor added" Enter ":Newsmark reject" Enter
cmd "/The official" Enter v 11l ":Newsmark label person" Enter
cmd ":Newsmark note the same person as Nowak?" Enter
cmd "/Westminster" Enter ":Newsmark accept" Enter
cmd ":Newsmark annotations" Enter
cmd ":resize 6" Enter ":wincmd p" Enter ":nohlsearch" Enter "gg" ":echo" Enter
sleep 0.8
tmux_capture "$T/annotate.cap"
tmux_stop
"$PY" tests/lib/screen.py "$T/annotate.cap" --png docs/editors/neovim-annotate.png
echo "docs/editors/neovim-annotate.png"

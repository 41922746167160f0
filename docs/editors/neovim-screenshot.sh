#!/usr/bin/env bash
# docs/editors/neovim-screenshot.sh - remake docs/editors/neovim.png: nvim
# (no user config, the default colorscheme, 256 colours) in a 120x40 tmux
# pane on tests/corpus/sample.txt, with `:Newsmark quotes` open and the
# hover window on "Okafor"; `capture-pane -e` is drawn into a PNG by
# tests/lib/screen.py --png (Pillow: apt-get install python3-pil).
#   bash docs/editors/neovim-screenshot.sh     (after make lua)
. "$(dirname "$0")/../../tests/lib/hosts.bash"
PY=${PYTHON_PIL:-/usr/bin/python3}
mkdir -p "$T/home"
cp "$SAMPLE" "$T/article.txt"
cat > "$T/init.lua" << INIT
vim.opt.rtp:prepend("$ROOT/plugin")
vim.o.wrap, vim.o.linebreak, vim.o.number = true, true, true
vim.g.mapleader = " "
require("newsmark").setup({})
INIT
tmux_start 120 40 "env -C $T -u NEWSMARK_CONFIG HOME=$T/home TERM=xterm-256color \
  timeout -s KILL 60 nvim -u $T/init.lua -i NONE -n article.txt"
tmux_wait "Harbour" 10 || echo "neovim-screenshot: nvim did not start" >&2
sleep 0.5
tmux_keys ":Newsmark quotes" Enter
sleep 0.3
tmux_keys ":resize 7" Enter ":wincmd p" Enter "gg" "/Okafor added" Enter ":nohlsearch" Enter " nk"
sleep 0.8
tmux_capture "$T/neovim.cap"
tmux_stop
"$PY" tests/lib/screen.py "$T/neovim.cap" --png docs/editors/neovim.png
echo "docs/editors/neovim.png"

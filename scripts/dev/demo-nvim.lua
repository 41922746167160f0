-- scripts/dev/demo-nvim.lua - a clean, isolated Neovim set-up for the demo:
-- only this repository's plugin on the runtimepath, its LuaJIT module from
-- the build tree, no user config. `make demo-nvim` runs
--   nvim --clean -u scripts/dev/demo-nvim.lua -i NONE -n tests/corpus/sample.txt
local root = vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h:h:h")
vim.opt.rtp:prepend(root .. "/plugin")
vim.o.wrap, vim.o.linebreak, vim.o.number = true, true, true
vim.g.mapleader = " "
require("newsmark").setup({
  core_cpath = root .. "/build/lua/jit/?.so",
})

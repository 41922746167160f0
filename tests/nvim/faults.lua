-- tests/nvim/faults.lua: every Neovim entry point with a newsmark.core that
-- raises (tests/nvim/run.sh --script faults.lua).
--
-- newsmark.core is replaced, through package.preload, by the real module
-- whose `parse` raises. Then each way in from the editor is driven: the
-- FileType autocmd that attaches, :Newsmark and its subcommands, the
-- mappings, text changes (the debounced re-parse), the decoration provider
-- (a redraw), switching buffers. Whatever the order, the error must be
-- reported once, as one notification, and the editor must go on editing.
-- Prints TAP-like lines and `N passed, N failed, N skipped`.
local api = vim.api
local ROOT = os.getenv("NM_ROOT") or vim.fn.getcwd()
local BUILD = os.getenv("NM_BUILD") or (ROOT .. "/build")
local SAMPLE = ROOT .. "/tests/corpus/sample.txt"
local T = dofile(ROOT .. "/tests/nvim/tap.lua")
local test, ok = T.test, T.ok

local notes = {}
vim.notify = function(msg, level)
  notes[#notes + 1] = { msg = tostring(msg), level = level }
end
-- what the plugin echoes (not errors; kept off the summary line)
local echoed = {}
api.nvim_echo = function(chunks)
  for _, c in ipairs(chunks) do
    echoed[#echoed + 1] = c[1]
  end
end
local function errors()
  local list = {}
  for _, m in ipairs(notes) do
    if m.level == vim.log.levels.ERROR then
      list[#list + 1] = m.msg
    end
  end
  return list
end

-- the real module, with a parse that raises
local open = package.loadlib(BUILD .. "/lua/jit/newsmark/core.so", "luaopen_newsmark_core")
local real = open and open()
local parses = 0
local fake = setmetatable({
  parse = function()
    parses = parses + 1
    error("injected fault in newsmark.core.parse")
  end,
}, { __index = real })
package.preload["newsmark.core"] = function()
  return fake
end

vim.cmd("runtime! plugin/newsmark.lua")
require("newsmark").setup({ debounce_ms = 10 })

test("the real module loads (the fault is only in parse)", function()
  ok(real and type(real.parse) == "function", "core.so: " .. tostring(real))
end)

test("attach, commands, mappings, edits, redraws: one notification, editing goes on", function()
  vim.cmd("edit " .. vim.fn.fnameescape(SAMPLE))
  vim.bo.filetype = "text" -- the FileType autocmd attaches
  local buf = api.nvim_get_current_buf()
  vim.wait(50)
  for _, sub in ipairs({ "quotes", "people", "speakers", "labels", "hover", "next", "prev",
    "next-speaker", "prev-speaker", "toggle", "toggle", "refresh" }) do
    vim.cmd("Newsmark " .. sub) -- none may raise
  end
  for _, keys in ipairs({ "]q", "[q", "]s", "[s" }) do
    api.nvim_feedkeys(api.nvim_replace_termcodes(keys, true, false, true), "x", false)
  end
  api.nvim_buf_set_lines(buf, 0, 0, false, { "A new first line." }) -- TextChanged
  vim.wait(60)
  vim.cmd("redraw!") -- the decoration provider
  vim.cmd("enew")
  api.nvim_buf_set_lines(0, 0, -1, false, { '"Yes," she said.' })
  vim.bo.filetype = "text"
  vim.wait(60)
  vim.cmd("redraw!")
  vim.cmd("buffer " .. buf)
  vim.cmd("redraw!")
  vim.wait(30)
  local errs = errors()
  ok(parses >= 1, "parse was reached (" .. parses .. ")")
  ok(#errs >= 1, "the error was reported")
  -- once per buffer at most: a buffer that failed goes inert
  ok(#errs <= 2, #errs .. " notifications: " .. table.concat(errs, " | "))
  ok(errs[1]:find("injected fault in newsmark.core.parse", 1, true), errs[1])
  -- and the editor still edits
  api.nvim_buf_set_lines(buf, 0, 1, false, { "Edited." })
  ok(api.nvim_buf_get_lines(buf, 0, 1, false)[1] == "Edited.", "the buffer takes edits")
  vim.cmd("normal! Gdd")
  ok(vim.fn.mode() == "n", "normal mode")
end)

T.finish()

-- tests/vis/faults/visrc.lua - the visrc of tests/vis/faults.sh
-- (VIS_PATH=tests/vis/faults). NM_VIS_MODE:
--   parse     newsmark.core is the real module whose parse raises
--   wrongabi  package.cpath finds the Lua 5.4 build first
-- `:nmfaults` then drives every entry point (redraws, the command, the
-- option, the key mappings), checks that one message was shown and that
-- vis still edits, writes TAP to $NM_VIS_OUT and exits 0 or 1.
require('vis')
local root = debug.getinfo(1, "S").source:match("^@(.*)/tests/vis/faults/[^/]*$")
package.path = root .. "/plugin/vis/?.lua;" .. package.path
local mode = os.getenv("NM_VIS_MODE") or "parse"
local parses = 0
if mode == "parse" then
  local so = root .. "/build/lua/5.3/newsmark/core.so"
  local open = package.loadlib(so, "luaopen_newsmark_core")
  local real = open and open()
  package.preload["newsmark.core"] = function()
    return setmetatable({
      parse = function()
        parses = parses + 1
        error("injected fault in newsmark.core.parse")
      end,
    }, { __index = real })
  end
end
local nm = require("newsmark").setup({})
if mode == "wrongabi" then
  -- after setup, which puts build/lua/5.3 first; the module loads lazily
  package.cpath = root .. "/build/lua/5.4/?.so;" .. package.cpath
end

local out, n, bad = {}, 0, 0
local function ok(cond, desc, extra)
  n = n + 1
  out[#out + 1] = (cond and "ok " or "not ok ") .. n .. " - " .. desc
  if not cond then
    bad = bad + 1
    out[#out + 1] = "#   " .. tostring(extra)
  end
end

local function drive(win)
  vis:redraw()
  for _, sub in ipairs({ "quotes", "people", "next", "prev", "next-speaker", "speaker", "toggle", "toggle" }) do
    vis:command("newsmark " .. sub)
  end
  vis:command("set newsmark off")
  vis:command("set newsmark on")
  for _, keys in ipairs({ "]q", "[q", "]s", "[s", "gK" }) do
    vis:feedkeys(keys)
  end
  vis:redraw()
  vis:redraw()
  -- and vis still edits
  win.file:insert(0, "Edited. ")
  return win.file:content(0, 8)
end

vis:command_register("nmfaults", function(_, _, win)
  local done, res = pcall(drive, win)
  ok(done, "every entry point returned", res)
  ok(res == "Edited. ", "vis still edits", res)
  local msgs = table.concat(nm.messages, " | ")
  -- `:newsmark toggle` still says on / off without the C module: not errors
  local errs = 0
  for _, m in ipairs(nm.messages) do
    errs = errs + (m:find(" in this window$") and 0 or 1)
  end
  ok(errs == 1, "one error message", #nm.messages .. ": " .. msgs)
  if mode == "parse" then
    ok(parses >= 1, "parse was reached", parses)
    ok(msgs:find("injected fault in newsmark.core.parse", 1, true), "the message has the error", msgs)
    ok(msgs:find("newsmark is off", 1, true), "and says newsmark is off", msgs)
  else
    local v = _VERSION:match("%d+%.%d+")
    ok(msgs:find("not built for Lua " .. v, 1, true), "the message names Lua " .. v, msgs)
    ok(msgs:find("undefined symbol", 1, true) or msgs:find("version", 1, true), "and the loader's reason", msgs)
  end
  out[#out + 1] = "1.." .. n
  local f = io.open(os.getenv("NM_VIS_OUT") or "/dev/stderr", "w")
  f:write(table.concat(out, "\n"), "\n")
  f:close()
  vis:exit(bad == 0 and 0 or 1)
  return true
end, "newsmark fault test")

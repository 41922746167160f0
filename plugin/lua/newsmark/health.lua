--- :checkhealth newsmark (Neovim 0.7 reports through health#report_*;
-- later versions through vim.health.start/ok/warn/error).
local M = {}

local function reporter()
  local h = vim.health or {}
  local function pick(new)
    return h[new] or h["report_" .. new] or function(msg, advice)
      if advice then
        vim.fn["health#report_" .. new](msg, advice)
      else
        vim.fn["health#report_" .. new](msg)
      end
    end
  end
  return pick("start"), pick("ok"), pick("warn"), pick("error"), pick("info")
end

function M.check()
  local start, ok, warn, error, info = reporter()
  local nv = require("newsmark.nvim")
  start("newsmark")
  if vim.fn.has("nvim-0.7") == 1 then
    ok("Neovim " .. tostring(vim.version().major) .. "." .. vim.version().minor .. "." .. vim.version().patch)
  else
    error("Neovim 0.7 or later is needed")
  end
  local lua = rawget(_G, "jit") and jit.version or _VERSION
  info("Lua: " .. lua .. " (newsmark.core must be the LuaJIT / Lua 5.1 ABI build)")

  local core, err = nv.core()
  if core then
    local where = package.searchpath and package.searchpath("newsmark.core", package.cpath)
      or vim.api.nvim_get_runtime_file("lua/newsmark/core.so", false)[1]
      or "the runtimepath"
    ok(("newsmark.core found: %s (%s)"):format(tostring(where), tostring(core._VERSION)))
  else
    error(err, { "make nvim (or make lua LUA=jit) in the newsmark source tree", "or setup({ core_cpath = '/path/to/build/lua/jit/?.so' })" })
  end

  local path = nv.opts and type(nv.opts.config) == "string" and nv.opts.config
  if not path and not (nv.opts and type(nv.opts.config) == "table") then
    local p, perr = require("newsmark.config").path()
    path = p
    if perr then
      error(perr)
    end
  end
  local cfg, cerr = nv.config()
  if cfg then
    ok("config valid: " .. (path or (nv.opts and nv.opts.config and "setup().config") or "no file, the defaults"))
  else
    error(cerr, { "fix the file, then :Newsmark refresh" })
  end
  if core and cfg then
    local s, serr = require("newsmark.view").new({ core = core, config = cfg })
    if s then
      ok(("config compiles: %d rules"):format(s.compiled.rules and s.compiled.rules:count() or 0))
    else
      error("config does not compile: " .. tostring(serr))
    end
  end

  if not nv.opts then
    warn("setup() was not called: no buffer is highlighted automatically", { 'require("newsmark").setup()' })
  elseif nv.broken then
    error("inactive: " .. nv.broken)
  else
    local n = 0
    for _ in pairs(nv.bufs) do
      n = n + 1
    end
    ok(("setup() done; %d buffer%s attached; filetypes: %s"):format(n, n == 1 and "" or "s", table.concat(nv.opts.filetypes, ", ")))
  end
end

return M

--- newsmark.nvim: the Neovim (>= 0.7) adapter. `:help newsmark`.
-- It owns one namespace, one augroup, one decoration provider and the
-- per-buffer state; the work (parsing, styled ranges, lists, jumps) is
-- newsmark.view's. Every entry point from the editor runs through
-- guard(): a Lua error is reported once with vim.notify and the buffer
-- (or, for a missing C module or a bad config, the plugin) goes inert.
local M = {}
local api = vim.api

M.ns = api.nvim_create_namespace("newsmark")
M.opts = nil -- resolved setup() options
M.bufs = {} -- buf -> state { buf, session, snap, enabled, labels, edits, tick, timer, inert }
M.broken = nil -- a message once the plugin has gone inert
local reported = {}
local core_mod, cfg_cache, provider_set

--- Report `msg` once per `key` (scheduled: callers may be in a redraw).
function M.report(key, msg)
  if reported[key] then
    return
  end
  reported[key] = true
  vim.schedule(function()
    vim.notify("newsmark: " .. msg, vim.log.levels.ERROR)
  end)
end

--- Go inert: for one buffer, or for the whole plugin (buf == nil).
function M.fail(buf, msg)
  msg = tostring(msg)
  if buf == nil then
    M.broken = M.broken or msg
    for b in pairs(M.bufs) do
      M.detach(b)
    end
    M.report("plugin", msg)
    return
  end
  local st = M.bufs[buf]
  if st then
    st.inert, st.enabled = true, false
    if st.timer then
      st.timer:stop()
    end
    pcall(api.nvim_buf_clear_namespace, buf, M.ns, 0, -1)
  end
  M.report(buf, msg .. " (highlighting is off in this buffer)")
end

--- Run fn(...) protected; on error report once and go inert.
function M.guard(buf, fn, ...)
  if M.broken or (buf and M.bufs[buf] and M.bufs[buf].inert) then
    return nil
  end
  local args, n = { ... }, select("#", ...)
  local ok, res = xpcall(function()
    return fn(unpack(args, 1, n))
  end, debug.traceback)
  if not ok then
    M.fail(buf, res)
    return nil
  end
  return res
end

-- ----------------------------------------------------------- resources

local function here_root()
  local src = vim.fn.fnamemodify((debug.getinfo(1, "S").source:gsub("^@", "")), ":p")
  return src:match("^(.*)/plugin/lua/newsmark/nvim/init%.lua$")
end

--- newsmark.core, or nil and a message naming the ABI Neovim needs.
function M.core()
  if core_mod then
    return core_mod
  end
  local nm = require("newsmark")
  local opts = M.opts or {}
  if opts.core_cpath and not package.cpath:find(opts.core_cpath, 1, true) then
    package.cpath = opts.core_cpath .. ";" .. package.cpath
  end
  local core, err = nm.load()
  local root = here_root()
  if not core and root and vim.loop.fs_stat(root .. "/build/lua/jit/newsmark/core.so") then
    package.cpath = root .. "/build/lua/jit/?.so;" .. package.cpath
    core, err = nm.load()
  end
  if not core then
    err = tostring(err)
    if err:find("not found:", 1, true) then
      err = err:gsub(":?\n.*", " (not on package.cpath nor in a runtimepath lua/ directory)")
    else
      err = err:gsub("%s*\n%s*", " ")
      if err:find("undefined symbol", 1, true) or err:find("version mismatch", 1, true) then
        err = err .. " (this core.so was built for another Lua)"
      end
    end
    return nil,
      ("cannot load the C module newsmark.core: Neovim runs %s (the Lua 5.1 ABI) and needs the LuaJIT build "
        .. "(`make lua LUA=jit` or `make nvim`, then see :help newsmark-install): %s"):format(
        rawget(_G, "jit") and jit.version or _VERSION,
        tostring(err)
      )
  end
  core_mod = core
  return core
end

--- The newsmark config (validated), or nil and a message.
function M.config()
  if cfg_cache then
    return cfg_cache
  end
  local config = require("newsmark.config")
  local c = (M.opts or {}).config
  local cfg, err
  if type(c) == "table" then
    cfg, err = config.validate(c, "setup().config")
  else
    local path = c and vim.fn.expand(c)
    if not path then
      path, err = config.path()
    end
    if path then
      cfg, err = config.load(path)
    elseif not err then
      cfg = config.defaults()
    end
  end
  if not cfg then
    return nil, "config: " .. tostring(err)
  end
  cfg_cache = cfg
  return cfg
end

-- A session for a buffer (the compiled config is shared); highlight
-- groups are (re)defined from it.
local function new_session()
  local core, err = M.core()
  if not core then
    err = tostring(err)
    if err:find("not found:", 1, true) then
      err = err:gsub(":?\n.*", " (not on package.cpath nor in a runtimepath lua/ directory)")
    else
      err = err:gsub("%s*\n%s*", " ")
      if err:find("undefined symbol", 1, true) or err:find("version mismatch", 1, true) then
        err = err .. " (this core.so was built for another Lua)"
      end
    end
    return nil, err
  end
  local cfg, cerr = M.config()
  if not cfg then
    return nil, cerr
  end
  local session, serr = require("newsmark.view").new({ core = core, config = cfg })
  if not session then
    return nil, "config: " .. tostring(serr)
  end
  require("newsmark.nvim.highlight").apply(session:styles())
  M.styles = session:styles()
  return session
end

local function set_provider()
  if provider_set then
    return
  end
  provider_set = true
  local paint = require("newsmark.nvim.paint")
  api.nvim_set_decoration_provider(M.ns, {
    on_win = function(_, _, buf, top, bot)
      local st = M.bufs[buf]
      if st and st.enabled and st.snap and not st.inert and not M.broken then
        M.guard(buf, paint.window, st, M.ns, top, bot, M.opts, true)
      end
      return false
    end,
  })
end

-- ---------------------------------------------------------------- setup

--- setup(opts): validate the options, define the highlight groups, the
-- augroup (ColorScheme, FileType) and the decoration provider.
function M.setup(user)
  local opts, err = require("newsmark.nvim.options").resolve(user)
  if not opts then
    M.opts = M.opts or require("newsmark.nvim.options").defaults()
    M.fail(nil, err)
    return
  end
  M.opts, cfg_cache, core_mod, M.broken = opts, nil, nil, nil
  reported.plugin = nil
  local group = api.nvim_create_augroup("newsmark", { clear = true })
  api.nvim_create_autocmd("ColorScheme", {
    group = group,
    desc = "newsmark: define the Newsmark* highlight groups again",
    callback = function()
      M.guard(nil, require("newsmark.nvim.highlight").apply, M.styles)
      if M.opts.annotate then
        M.guard(nil, function()
          local cfg = M.config()
          require("newsmark.nvim.annotate").apply_highlights(cfg and cfg.labels)
          for _, st in pairs(M.bufs) do
            if st.ann then
              require("newsmark.nvim.annotate").render(st)
            end
          end
        end)
      end
    end,
  })
  if opts.annotate then
    api.nvim_create_autocmd("BufWritePost", {
      group = group,
      desc = "newsmark: save the annotations beside the article (FILE.newsmark.json)",
      callback = function(a)
        local st = M.bufs[a.buf]
        if st and not st.inert then
          M.guard(a.buf, require("newsmark.nvim.annotate").save, st, a.match)
        end
      end,
    })
    api.nvim_create_autocmd("BufReadPost", {
      group = group,
      desc = "newsmark: load the annotations again when the article is read again",
      callback = function(a)
        local st = M.bufs[a.buf]
        if st and st.enabled and not st.inert then
          M.guard(a.buf, require("newsmark.nvim.annotate").reread, st)
        end
      end,
    })
  end
  api.nvim_create_autocmd("BufWipeout", {
    group = group,
    desc = "newsmark: forget the buffer",
    callback = function(a)
      M.forget(a.buf)
    end,
  })
  if opts.auto_attach and #opts.filetypes > 0 then
    api.nvim_create_autocmd("FileType", {
      group = group,
      pattern = opts.filetypes,
      desc = "newsmark: attach to article buffers",
      callback = function(a)
        M.guard(a.buf, M.attach, a.buf)
      end,
    })
    for _, b in ipairs(api.nvim_list_bufs()) do
      if api.nvim_buf_is_loaded(b) and vim.tbl_contains(opts.filetypes, vim.bo[b].filetype) then
        M.guard(b, M.attach, b)
      end
    end
  end
  set_provider()
end

local function ensure_opts()
  if not M.opts then
    M.setup({ auto_attach = false })
  end
end

-- ---------------------------------------------------------- per buffer

local function buf_id(buf)
  return (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
end

--- Reparse `buf` now and repaint.
function M.reparse(buf)
  local st = M.bufs[buf_id(buf)]
  if not st or st.inert then
    return nil
  end
  st.timer:stop()
  local lines = api.nvim_buf_get_lines(st.buf, 0, -1, false)
  local text = table.concat(lines, "\n") .. "\n"
  local snap, err = st.session:parse(text)
  if not snap then
    error("parse failed: " .. tostring(err), 0)
  end
  st.snap, st.edits, st.tick = snap, {}, api.nvim_buf_get_changedtick(st.buf)
  if M.opts.annotate then
    require("newsmark.nvim.annotate").sync(st) -- the store follows the text (and undo)
  end
  M.redraw(st.buf)
  return snap
end

--- Ask for the buffer to be drawn again (the provider repaints it).
function M.redraw(buf)
  pcall(api.nvim__buf_redraw_range, buf, 0, -1)
end

--- The buffer's state and an up-to-date snapshot (reparsed if stale).
function M.snapshot(buf)
  buf = buf_id(buf)
  local st = M.bufs[buf]
  if not st then
    local _, err = M.attach(buf)
    st = M.bufs[buf]
    if not st then
      return nil, err
    end
  end
  if st.inert then
    return nil, "inert"
  end
  if not st.snap or st.tick ~= api.nvim_buf_get_changedtick(buf) then
    M.reparse(buf)
  end
  return st, st.snap
end

local function schedule(st)
  st.timer:stop()
  st.timer:start(
    M.opts.debounce_ms,
    0,
    vim.schedule_wrap(function()
      if M.bufs[st.buf] == st and st.enabled and api.nvim_buf_is_valid(st.buf) then
        M.guard(st.buf, M.reparse, st.buf)
      end
    end)
  )
end

--- Attach to a buffer (highlight it); returns its state or nil, msg.
function M.attach(buf)
  ensure_opts()
  buf = buf_id(buf)
  if M.broken then
    return nil, M.broken
  end
  local st = M.bufs[buf]
  if st then
    if not st.inert and not st.enabled then
      st.enabled = true
      M.reparse(buf)
    end
    return st
  end
  local session, err = new_session()
  if not session then
    M.fail(nil, err)
    return nil, err
  end
  set_provider()
  st = { buf = buf, session = session, enabled = true, labels = M.opts.labels, edits = {} }
  st.timer = vim.loop.new_timer()
  M.bufs[buf] = st
  api.nvim_buf_attach(buf, false, {
    on_lines = function(_, _, _, first, last_old, last_new)
      if M.bufs[buf] ~= st or st.inert then
        return true -- detach
      end
      if st.enabled and not st.quiet then -- (quiet: a change of no text, annotate.lua)
        local edits = st.edits
        edits[#edits + 1] = { first, last_old, last_new }
        local ok, e = pcall(schedule, st)
        if not ok then
          vim.schedule(function()
            M.fail(buf, e)
          end)
        end
      end
    end,
    on_reload = function()
      if M.bufs[buf] == st and st.enabled then
        st.edits[#st.edits + 1] = { 0, math.huge, 0 }
        pcall(schedule, st)
      end
    end,
    on_detach = function()
      if M.bufs[buf] == st then
        M.forget(buf)
      end
    end,
  })
  require("newsmark.nvim.commands").map(buf, M.opts.mappings)
  M.reparse(buf)
  return st
end

--- Stop highlighting a buffer (it stays attached; attach() resumes).
function M.detach(buf)
  buf = buf_id(buf)
  local st = M.bufs[buf]
  if st then
    st.enabled, st.snap = false, nil
    st.timer:stop()
    pcall(api.nvim_buf_clear_namespace, buf, M.ns, 0, -1)
    M.redraw(buf)
  end
end

--- Drop everything about a buffer.
function M.forget(buf)
  local st = M.bufs[buf]
  if st then
    M.bufs[buf] = nil
    if st.timer and not st.timer:is_closing() then
      st.timer:stop()
      st.timer:close()
    end
  end
end

--- Highlighting on/off for a buffer.
function M.toggle(buf)
  buf = buf_id(buf)
  local st = M.bufs[buf]
  if st and st.enabled then
    M.detach(buf)
    return false
  end
  return M.attach(buf) ~= nil
end

--- Re-read the config, then reparse every attached buffer.
function M.refresh()
  cfg_cache = nil
  for b, st in pairs(M.bufs) do
    if st.enabled and not st.inert then
      local session, err = new_session()
      if not session then
        M.fail(nil, err)
        return
      end
      st.session = session
      M.reparse(b)
    end
  end
end

--- Test hook: paint rows [top, bot] (default: all) as persistent marks,
-- exactly as the decoration provider would (highlights and speaker
-- labels, after clearing the namespace); returns the marks.
function M.paint_persistent(buf, top, bot)
  local st = select(1, M.snapshot(buf))
  if type(st) ~= "table" then
    return {}
  end
  bot = bot or api.nvim_buf_line_count(st.buf) - 1
  return require("newsmark.nvim.paint").window(st, M.ns, top or 0, bot, M.opts, false)
end

--- :Newsmark {sub} (plugin/newsmark.lua)
function M.command(a)
  ensure_opts()
  return require("newsmark.nvim.commands").run(a)
end

function M.complete(lead, line)
  return require("newsmark.nvim.commands").complete(lead, line)
end

return M

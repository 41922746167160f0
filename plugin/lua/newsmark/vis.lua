--- newsmark.vis: the vis 0.8 adapter (docs/editors/vis.md).
--
-- Translates newsmark.view's styled ranges into vis calls and nothing
-- more: on every WIN_HIGHLIGHT it paints the viewport with win:style (vis
-- clears styles after each redraw, and its ends are inclusive), and
-- `:newsmark quotes|people|next|prev|next-speaker|prev-speaker|speaker|
-- toggle` work on the current window. Loaded by plugin/vis/newsmark.lua,
-- which sets the package paths; `vis` is the editor's global.
--
-- Any error inside a handler is reported once with vis:info and the
-- plugin goes inert, so a bug can never break the editor.
local M = {}

local FIRST_ID, LAST_ID = 40, 63 -- lexer style ids above the lexers' own

local opts = { pattern = { "%.txt$" }, keys = true, maxsize = 4 * 1024 * 1024 }
local core, view, cfg, failed
-- Keyed by vis's objects, held strongly until WIN_CLOSE / FILE_CLOSE: vis
-- caches its Lua objects weakly, so a weak key could come back as a new
-- object and lose its state.
local docs = {} -- file -> {session, snap, fp}
local wins = {} -- win -> {on =, styles = {id = s}}
local ids, next_id = {}, FIRST_ID -- vis style string -> id
M.ids = ids
M.enabled = true -- the `newsmark` option (every window)
M.painted = {} -- the last paint: { {id, start, finish_inclusive}, ... }
M.messages = {} -- what was shown with vis:info (tests read it)

local function say(msg)
  M.messages[#M.messages + 1] = msg
  vis:info(msg)
end

-- Run fn; on error report once and go inert.
local function guard(fn)
  return function(...)
    if failed then
      return nil
    end
    local ok, res = pcall(fn, ...)
    if ok then
      return res
    end
    failed = tostring(res)
    pcall(say, "newsmark: " .. failed .. " (newsmark is off until vis restarts)")
    return nil
  end
end

-- Load the C module, the config and the view layer once; false when the
-- plugin has to stay inert (already reported).
local load_err
local function ready()
  if view then
    return true
  end
  if load_err then
    return false
  end
  local ok, mod = pcall(require, "newsmark.core")
  if not ok then
    -- vis embeds Lua 5.3 (or whatever _VERSION says): name it, since a
    -- core.so built for another Lua fails with an undefined symbol
    local v = _VERSION:match("%d+%.%d+") or "5.3"
    load_err = ("newsmark: the C module is missing or not built for Lua %s, which vis runs "
      .. "(make lua LUA=%s): %s"):format(v, v, (tostring(mod):gsub("%s*\n%s*", " ")))
    say(load_err)
    return false
  end
  local config = require("newsmark.config")
  local path, perr = config.path()
  local c, err = config.defaults(), perr
  if path then
    c, err = config.load(path)
  end
  if not c then
    load_err = "newsmark: " .. tostring(err)
    say(load_err)
    return false
  end
  core, cfg, view = mod, c, require("newsmark.view")
  return true
end

-- A config style (style_hex table) as a vis style string. vis 0.8 does
-- not keep the theme's colours under a style without `fore:`/`back:`, so
-- the theme's defaults are added; it has no dim attribute (the style's
-- grey foreground stands in).
local function vis_style(hex)
  local theme = vis.lexers and vis.lexers.STYLE_DEFAULT
  theme = type(theme) == "string" and theme or ""
  local parts = {}
  for _, w in ipairs({ { "fore", "fg" }, { "back", "bg" } }) do
    local c = hex["cterm" .. w[2]] or hex[w[2]] -- "#rrggbb": vis maps it
    parts[#parts + 1] = c and (w[1] .. ":" .. c) or theme:match(w[1] .. ":[^,]+")
  end
  local attrs = { { "bold", "bold" }, { "italic", "italics" }, { "underline", "underlined" } }
  attrs[4] = { "reverse", "reverse" }
  for _, a in ipairs(attrs) do
    parts[#parts + 1] = hex[a[1]] and a[2] or nil
  end
  return table.concat(parts, ",")
end

-- The style id of a vis style string (nil once 40..63 are used up).
local function style_id(win, style)
  local id = ids[style]
  if not id then
    if next_id > LAST_ID then
      return nil
    end
    id, next_id = next_id, next_id + 1
    ids[style] = id
  end
  local w = wins[win]
  if w.styles[id] ~= style then
    if win.style_define then
      win:style_define(id, style)
    elseif vis.ui and vis.ui.style_define then
      vis.ui:style_define(id, style)
    end
    w.styles[id] = style
  end
  return id
end

local function win_state(win)
  local w = wins[win]
  if not w then
    local name = win.file and win.file.name or ""
    local on = false
    for _, p in ipairs(opts.pattern) do
      on = on or (name:find(p) ~= nil)
    end
    w = { on = on, styles = {} }
    wins[win] = w
  end
  return w
end

-- The parsed snapshot of a window's file, re-parsed only when the cheap
-- fingerprint (size, modified flag, visible text) changed; vis has no
-- change event.
local function snapshot(win, vp)
  local file = win.file
  if file.size > opts.maxsize then
    return nil
  end
  local d = docs[file]
  if not d then
    local session, err = view.new({ core = core, config = cfg })
    if not session then
      error(err, 0)
    end
    d = { session = session }
    docs[file] = d
  end
  local fp = ("%d:%s:"):format(file.size, tostring(file.modified))
  if vp then
    fp = fp .. vp.start .. ":" .. file:content(vp.start, math.min(vp.finish, file.size) - vp.start)
  end
  if d.fp ~= fp or not d.snap then
    local snap, err = d.session:parse(file:content(0, file.size))
    if not snap then
      error(err, 0)
    end
    d.snap, d.fp = snap, fp
  end
  return d.session, d.snap
end

function M.highlight(win)
  local w = win_state(win)
  M.painted = {}
  if not (M.enabled and w.on) or not ready() then
    return nil
  end
  local vp = win.viewport
  if not vp or vp.finish <= vp.start then
    return nil
  end
  local session, snap = snapshot(win, vp)
  if not snap then
    return nil
  end
  local list = { table.unpack(session:ranges(snap, vp.start, vp.finish)) }
  -- lowest priority first: vis merges attributes and the later colour wins
  table.sort(list, function(a, b)
    if a.priority ~= b.priority then
      return a.priority < b.priority
    end
    return a.start < b.start
  end)
  for _, r in ipairs(list) do
    local s, e = math.max(r.start, vp.start), math.min(r.finish, vp.finish) - 1
    local id = e >= s and style_id(win, vis_style(r.hex))
    if id then
      win:style(id, s, e)
      M.painted[#M.painted + 1] = { id, s, e, r.kind }
    end
  end
  return nil
end

-- 1-based line and byte column of an offset, for listings.
local function line_of(text, off)
  local before = text:sub(1, off)
  return select(2, before:gsub("\n", "")) + 1, off - (before:match(".*\n()") or 1) + 2
end

local function one_line(s, max)
  s = s:gsub("%s+", " ")
  if #s > max then
    s = s:sub(1, max):gsub("[\128-\191]*$", ""):gsub("[\192-\255]$", "") .. "…"
  end
  return s
end

local SUB = {}
local USAGE = "quotes people next prev next-speaker prev-speaker speaker toggle"

function SUB.quotes(session, snap)
  local out = {}
  for _, q in ipairs(session:quotes(snap)) do
    local l, c = line_of(snap.text, q.start)
    local who = session:label(snap, q) or "— ?"
    out[#out + 1] = ("%d:%d %s %s"):format(l, c, one_line(q.text, 60), who)
  end
  return #out > 0 and table.concat(out, "\n") or "newsmark: no quotes"
end

function SUB.people(session, snap)
  local out = {}
  for _, e in ipairs(session:people(snap)) do
    local role = e.role and " (" .. e.role .. ")" or ""
    out[#out + 1] = ("%s%s: %d mentions, %d quotes"):format(e.name, role, e.mentions, e.quotes or 0)
  end
  return #out > 0 and table.concat(out, "\n") or "newsmark: no people"
end

local function jump(win, q, err)
  if q then
    win.selection.pos = q.start
  else
    say("newsmark: " .. tostring(err or "no quotes"))
  end
end

-- next/prev quote, and next/prev quote by the same speaker
for name, f in pairs({ next = { "next_quote", 1 }, prev = { "next_quote", -1 },
  ["next-speaker"] = { "next_by_speaker", 1 }, ["prev-speaker"] = { "next_by_speaker", -1 } }) do
  SUB[name] = function(session, snap, win)
    jump(win, session[f[1]](session, snap, win.selection.pos, f[2], true))
  end
end

function SUB.speaker(session, snap, win)
  local at = session:at(snap, win.selection.pos)
  if not (at and at.quote) then
    local e = at and at.entity
    say(e and ("newsmark: %s (%s)"):format(e.name, e.kind) or "newsmark: no quote here")
  else
    local q = at.quote
    local who = q.speaker and (session:label(snap, q) .. " [" .. q.method .. "]")
    say(("newsmark: %s %s"):format(one_line(q.text, 40), who or "— no speaker found"))
  end
end

local function command(argv, _, win)
  local sub = argv[1] or "quotes"
  win = win or vis.win
  if sub == "toggle" then
    local w = win_state(win)
    w.on = not w.on
    say("newsmark: " .. (w.on and "on" or "off") .. " in this window")
    return true
  end
  if not SUB[sub] then
    say("newsmark: unknown subcommand " .. sub .. " (" .. USAGE .. ")")
    return false
  end
  if not ready() then
    return false
  end
  local session, snap = snapshot(win)
  if not snap then
    say("newsmark: the file is larger than the maxsize option")
    return false
  end
  local out = SUB[sub](session, snap, win)
  if out then
    M.messages[#M.messages + 1] = out
    vis:message(out)
  end
  return true
end

--- setup(opts): pattern (Lua patterns of file names highlighted on open,
-- default { "%.txt$" }; {} for none), keys (map ]q [q ]s [s gK in normal
-- mode; default true), maxsize (bytes; larger files are left alone).
function M.setup(o)
  for k, v in pairs(o or {}) do
    opts[k] = v
  end
  if type(opts.pattern) == "string" then
    opts.pattern = { opts.pattern }
  end
  vis.events.subscribe(vis.events.WIN_HIGHLIGHT, guard(M.highlight))
  vis.events.subscribe(vis.events.WIN_CLOSE, function(win)
    wins[win] = nil
  end)
  vis.events.subscribe(vis.events.FILE_CLOSE, function(file)
    docs[file] = nil
  end)
  vis:command_register("newsmark", guard(command), "newsmark: " .. USAGE:gsub(" ", "|"))
  if vis.option_register then
    vis:option_register("newsmark", "bool", guard(function(value, toggle)
      M.enabled = (toggle and not M.enabled) or (not toggle and value)
      return true
    end), "Highlight news articles (newsmark)")
  end
  if opts.keys then
    local keys = { ["]q"] = "next", ["[q"] = "prev", gK = "speaker" }
    keys["]s"], keys["[s"] = "next-speaker", "prev-speaker"
    for key, sub in pairs(keys) do
      vis:map(vis.modes.NORMAL, key, guard(function()
        command({ sub }, false, vis.win)
      end), "newsmark: " .. sub)
    end
  end
  return M
end

function M.failed()
  return failed
end

return M

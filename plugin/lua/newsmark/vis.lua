--- newsmark.vis: the vis 0.8 adapter (docs/editors/vis.md).
--
-- Translates newsmark.view's styled ranges into vis calls and nothing
-- more: on every WIN_HIGHLIGHT it paints the viewport with win:style (vis
-- clears styles after each redraw, and its ends are inclusive), and
-- `:newsmark quotes|people|next|prev|next-speaker|prev-speaker|speaker|
-- toggle` work on the current window. Annotating (newsmark.annotator):
-- `:newsmark label|speaker|accept|reject|delete|note|accept-all|
-- reject-all|annotations|unanchored|save` on the selection or the cursor;
-- the sidecar is loaded with the article and written on FILE_SAVE_POST.
-- Loaded by plugin/vis/newsmark.lua, which sets the package paths; `vis`
-- is the editor's global.
--
-- Any error inside a handler is reported once with vis:info and the
-- plugin goes inert, so a bug can never break the editor.
local M = {}

local FIRST_ID, LAST_ID = 40, 63 -- lexer style ids above the lexers' own

local opts = { pattern = { "%.txt$" }, keys = true, maxsize = 4 * 1024 * 1024 }
local core, view, cfg, failed, annotator
-- Keyed by vis's objects, held strongly until WIN_CLOSE / FILE_CLOSE: vis
-- caches its Lua objects weakly, so a weak key could come back as a new
-- object and lose its state.
local docs = {} -- file -> {session, snap, fp, ed (annotator; false: its sidecar is unreadable)}
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
  annotator = require("newsmark.annotator")
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
    if d.ed and d.ed.snap ~= snap then
      local msg = d.ed:update(snap) -- an edit: re-anchor the annotations
      if msg then
        say(msg)
      end
    end
  end
  M.annotations(file)
  return d.session, d.snap
end

--- The annotations of a file (newsmark.annotator), loaded from its
-- sidecar the first time the file is parsed; nil for a file without a
-- path, or when the sidecar cannot be read (reported once: nothing is
-- written over it, and the highlighting goes on without it).
function M.annotations(file)
  local d = docs[file]
  if not d or not d.snap or not file.path then
    return nil
  end
  if d.ed == nil then
    local ed, msg = annotator.open({ path = file.path, session = d.session, snap = d.snap,
      labels = cfg.labels, hint = ":newsmark unanchored" })
    d.ed = ed or false
    if msg then
      say(ed and msg or ("newsmark: " .. tostring(msg) .. " (annotations off for this file)"))
    end
  end
  return d.ed or nil
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
  local ed = M.annotations(win.file)
  -- a copy either way: it is sorted below
  local list = ed and ed:ranges(vp.start, vp.finish)
    or { table.unpack(session:ranges(snap, vp.start, vp.finish)) }
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


local SUB = {}
local listing_people = false
local USAGE = "quotes people next prev next-speaker prev-speaker speaker toggle label accept reject "
  .. "delete note accept-all reject-all annotations unanchored save"

function SUB.quotes(session, snap)
  local out = {}
  for _, q in ipairs(session:quotes(snap)) do
    local l, c = line_of(snap.text, q.start)
    local who = session:label(snap, q) or "— ?"
    out[#out + 1] = ("%d:%d %s %s"):format(l, c, view.one_line(q.text, 60), who)
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

-- gK: the speaker of the quote under the cursor, one line
-- (and `:newsmark speaker` alone, which adds the people to choose from,
-- numbered for `:newsmark speaker N`: one line, so the focus stays)
SUB["speaker-info"] = function(session, snap, win)
  local at = session:at(snap, win.selection.pos)
  local msg
  if not (at and at.quote) then
    local e = at and at.entity
    msg = e and ("newsmark: %s (%s)"):format(e.name, e.kind) or "newsmark: no quote here"
  else
    local q = at.quote
    local ed = M.annotations(win.file)
    local who = q.speaker and (session:label(snap, q) .. " [" .. q.method .. "]")
    for _, s in ipairs(ed and ed.store:spans("quote") or {}) do
      local rec = ed.store.by_id[s.id]
      if s.start == q.start and s.finish == q.finish and rec.speaker_manual then
        who = "— " .. (s.speaker or "no speaker") .. " [set by hand]"
      end
    end
    msg = ("newsmark: %s %s"):format(view.one_line(q.text, 40), who or "— no speaker found")
  end
  local ed = M.annotations(win.file)
  if ed and listing_people then
    local names = {}
    for i, e in ipairs(ed:people()) do
      names[#names + 1] = i .. " " .. e.name
    end
    msg = msg .. "; people: " .. (#names > 0 and table.concat(names, ", ") or "none")
  end
  say(msg)
end

-- The annotation commands (newsmark.annotator) on the selection, or the
-- cursor. `speaker` alone lists the people to choose from.
local function annotation_command(sub, argv, win)
  local ed = M.annotations(win.file)
  if not ed then
    say("newsmark: no annotations for this window (a file with a name and a readable sidecar is needed)")
    return
  end
  local sel = win.selection
  local ctx = { pos = sel.pos, sel = sel.anchored and sel.range or nil }
  if sub == "speaker" and #argv < 2 then
    local session, snap = snapshot(win)
    listing_people = true
    SUB["speaker-info"](session, snap, win)
    listing_people = false
    return
  end
  local words = { sub, table.unpack(argv, 2) }
  local out, err = ed:run(words, ctx)
  if out and sub == "label" and ctx.sel and vis.feedkeys then
    vis:feedkeys("<Escape>") -- back to normal mode: the selection would hide the label's colour
  end
  if not out then
    say(err)
  elseif out:find("\n") then
    M.messages[#M.messages + 1] = out
    vis:message(out)
  else
    say(out)
  end
end

local ANNOTATION = {}
for _, name in ipairs({ "label", "speaker", "accept", "reject", "delete", "note", "accept-all",
  "reject-all", "annotations", "unanchored", "save" }) do
  ANNOTATION[name] = true
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
  if not SUB[sub] and not ANNOTATION[sub] then
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
  if ANNOTATION[sub] then
    annotation_command(sub, argv, win)
    return true
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
  if vis.events.FILE_SAVE_POST then -- (every vis with Lua has it; a stub may not)
    vis.events.subscribe(vis.events.FILE_SAVE_POST, guard(M.saved))
  end
  vis:command_register("newsmark", guard(command), "newsmark: " .. USAGE:gsub(" ", "|"))
  if vis.option_register then
    vis:option_register("newsmark", "bool", guard(function(value, toggle)
      M.enabled = (toggle and not M.enabled) or (not toggle and value)
      return true
    end), "Highlight news articles (newsmark)")
  end
  if opts.keys then
    local keys = { ["]q"] = "next", ["[q"] = "prev", gK = "speaker-info" }
    keys["]s"], keys["[s"] = "next-speaker", "prev-speaker"
    for key, sub in pairs(keys) do
      vis:map(vis.modes.NORMAL, key, guard(function()
        command({ sub }, false, vis.win)
      end), "newsmark: " .. sub)
    end
  end
  return M
end

--- FILE_SAVE_POST: the article was written to `path`; write its sidecar
-- beside it (when there are annotations to keep), over the text as saved.
function M.saved(file, path)
  local d = docs[file]
  if not (d and d.ed and d.session) then
    return nil
  end
  local snap = d.session:parse(file:content(0, file.size))
  if snap and d.ed.snap ~= snap then
    d.snap, d.fp = snap, nil
    local msg = d.ed:update(snap)
    if msg then
      say(msg)
    end
  end
  local ok, msg = d.ed:save(path)
  if not ok or msg and msg:find("merged", 1, true) then
    say(msg)
  elseif msg then
    M.messages[#M.messages + 1] = msg -- quiet: vis shows its own "written" line
  end
  return nil
end

function M.failed()
  return failed
end

return M

--- newsmark.annotator: annotating one article from an editor that has
-- commands but no rich UI (vis, mle). Pure Lua for 5.4, 5.3 and LuaJIT; no
-- editor API.
--
-- It joins a newsmark.view session (the analysis, the styles) and a
-- newsmark.annotate store (the manual layer, the sidecar), and offers:
--
--   local ed, msg = annotator.open({ path =, session =, snap =, labels = })
--   ed:update(snap)                 the text changed: re-anchor the store
--   ed:ranges([from, to])           session:ranges as the store says:
--                                   rejected spans gone, manual ones added
--   ed:run(words, { pos =, sel = }) one command ("label person", "reject",
--                                   …) -> message | nil, error
--   ed:save([path])                 write the sidecar (merge on conflict)
--   ed:touch()                      the store was changed directly
--
-- The commands are the same words in every host (docs/editors/vis.md,
-- docs/editors/mle.md): label KIND, speaker [NAME|N|-], accept, reject,
-- delete, note [TEXT], accept-all [KIND], reject-all [KIND], annotations,
-- unanchored, save.
--
-- Error convention (docs/lua.md): misuse raises; a bad command or a
-- failed save returns nil, msg.
local annotate = require("newsmark.annotate")
local config = require("newsmark.config")
local view = require("newsmark.view")

local M = {}
local unpack = table.unpack or unpack -- luacheck: ignore 143

--- The commands, in the order the usage line lists them.
M.COMMANDS = { "label", "speaker", "accept", "reject", "delete", "note", "accept-all",
  "reject-all", "annotations", "unanchored", "save" }

-- The look of a span with a user label: black on gold, a highlighter pen
-- (no built-in kind uses a background, so it never looks like one).
local LABEL_STYLE = { fg = 0, bg = 220 }
M.label_style = LABEL_STYLE

local STORE_KINDS = {}
for _, k in ipairs(annotate.KINDS) do
  STORE_KINDS[k] = true
end

local Ed = {}
Ed.__index = Ed

local function argcheck(cond, n, fname, msg)
  if not cond then
    error(("bad argument #%d to '%s' (%s)"):format(n, fname, msg), 3)
  end
end

local one_line = view.one_line

-- The text of a span for a message, in quotation marks unless it has its own.
local function quoted(s, max)
  s = one_line(s, max)
  if s:find("^\226\128[\156\152]") or s:find('^"') then
    return s
  end
  return "“" .. s .. "”"
end

local function exists(path)
  local f = io.open(path, "rb")
  return f and (f:close() or true) or false
end

--- Open the annotations of an article: `o.path` (the article's file; the
-- sidecar is annotate.sidecar_path(o.path)), `o.session` and `o.snap` (a
-- newsmark.view session and its snapshot of the text), `o.labels` (the
-- config's user labels). Returns the editor state, or nil and a message
-- (a sidecar that cannot be read: it is left alone, and nothing will be
-- written over it).
function M.open(o)
  argcheck(type(o) == "table", 1, "open", "table expected")
  argcheck(type(o.path) == "string" and o.path ~= "", 1, "open", "path expected")
  argcheck(type(o.session) == "table" and type(o.snap) == "table", 1, "open", "session and snap expected")
  local sidecar = annotate.sidecar_path(o.path)
  local store, unanchored = annotate.load(sidecar, o.snap.text, o.snap, { labels = o.labels })
  if not store then
    return nil, unanchored
  end
  local self = setmetatable({
    path = o.path,
    sidecar = sidecar,
    session = o.session,
    snap = o.snap,
    store = store,
    labels = o.labels or {},
    hint = o.hint or "unanchored",
  }, Ed)
  return self, #unanchored > 0 and self:unanchored_message() or nil
end

--- "newsmark: 2 annotations could not be placed …" or nil.
function Ed:unanchored_message()
  local n = #self.store.unanchored
  if n == 0 then
    return nil
  end
  return ("newsmark: %d annotation%s of %s could not be placed in the text (%s lists %s)"):format(
    n, n == 1 and "" or "s", self.sidecar:match("[^/]*$"), self.hint, n == 1 and "it" or "them")
end

--- The text changed (a new snapshot): the manual layer is re-anchored on
-- it (annotate's selectors). Returns the unanchored message when that
-- left annotations without a place, else nil.
function Ed:update(snap)
  self.snap = snap
  if snap.text == self.store.text then
    return nil
  end
  local before = #self.store.unanchored
  self._rev = (self._rev or 0) + 1
  self.store:reanalyse(snap)
  if #self.store.unanchored > before then
    return self:unanchored_message()
  end
end

-- kind:start:finish of a span
local function key(s)
  return s.kind .. ":" .. s.start .. ":" .. s.finish
end

-- The style of a user label (computed once).
local label_range
local function label_look()
  if not label_range then
    label_range = { hex = config.style_hex(LABEL_STYLE), sgr = config.style_sgr(LABEL_STYLE) }
  end
  return label_range
end

-- The style a built-in kind (or speaker slot) has in the session, with
-- `underline` added (manual work is underlined, so it can be told from
-- the analysis'): { hex, sgr, group } or nil when the config shows
-- nothing for it.
function Ed:_kind_look(kind, slot, underline)
  self._looks = self._looks or {}
  local k = kind .. ":" .. tostring(slot) .. ":" .. tostring(underline)
  local look = self._looks[k]
  if look == nil then
    look = false
    for _, st in ipairs(self.session:styles()) do
      if (slot and st.slot == slot) or (not slot and st.kind == kind and not st.slot and not st.rule) then
        local hex = {}
        for f, v in pairs(st.hex) do
          hex[f] = v
        end
        local sgr = st.sgr
        if underline then
          hex.underline = true
          sgr = (sgr ~= "" and sgr .. ";" or "") .. "4"
        end
        look = { hex = hex, sgr = sgr, group = st.group }
        break
      end
    end
    self._looks[k] = look
  end
  return look or nil
end

--- The styled ranges overlapping [from, to) (session:ranges' fields), as
-- the store says: an analysed span that is rejected (or hidden by a
-- manual one) is left out; a manual span, or an analysed quote whose
-- speaker a person changed, gets the style of its label (a built-in kind
-- underlined, a quote in its new speaker's colour; a user label black on
-- gold, group "NewsmarkLabel").
function Ed:ranges(from, to)
  local snap = self.snap
  local lo, hi = from or 0, to or snap.len
  -- the store's view of the whole text, kept until the store changes (a
  -- host asks on every redraw; this keeps a redraw's cost to the viewport)
  local c = self._view
  if not c or c.store_rev ~= self._rev or c.snap ~= snap then
    c = { store_rev = self._rev, snap = snap, shown = {}, extra = {}, replaced = {} }
    local store = self.store
    for _, s in ipairs(store:spans()) do
      c.shown[key(s)] = true
      local rec = store.by_id[s.id]
      if s.status == "manual" or (rec and rec.speaker_manual) then
        c.extra[#c.extra + 1] = s
        c.replaced[key(s)] = true
      end
    end
    self._view = c
  end
  local shown, replaced, extra = c.shown, c.replaced, {}
  for _, s in ipairs(c.extra) do
    if s.finish > lo and s.start < hi then
      extra[#extra + 1] = s
    end
  end
  local out = {}
  for _, r in ipairs(self.session:ranges(snap, from, to)) do
    local k = r.kind .. ":" .. r.start .. ":" .. r.finish
    if not STORE_KINDS[r.kind] or (shown[k] and not replaced[k]) then
      out[#out + 1] = r
    end
  end
  for _, s in ipairs(extra) do
    local look, slot
    if STORE_KINDS[s.kind] then
      if s.kind == "quote" and s.speaker and self.session.compiled.speaker_colors
        and self.session._slot then
        -- the speaker's palette colour, as the analysis would have given it
        slot = self.session:_slot(s.speaker)
      end
      look = self:_kind_look(s.kind, slot, s.status == "manual")
    else
      look = label_look()
    end
    if look then
      out[#out + 1] = {
        start = s.start,
        finish = s.finish,
        kind = s.kind,
        group = look.group or "NewsmarkLabel",
        sgr = look.sgr,
        hex = look.hex,
        priority = view.priority[s.kind] or 55,
        speaker = s.speaker,
        slot = slot,
        label = not STORE_KINDS[s.kind] or nil,
        manual = s.status == "manual" or nil,
        id = s.id,
      }
    end
  end
  table.sort(out, function(a, b)
    if a.start ~= b.start then
      return a.start < b.start
    end
    return a.finish > b.finish
  end)
  return out
end

--- Tell the editor state that its store was changed directly (not with
-- run, update or save), so that `ranges` recomputes.
function Ed:touch()
  self._rev = (self._rev or 0) + 1
end

--- Every label `label` accepts: the built-in kinds, then the user labels.
function Ed:label_names()
  local out, seen = {}, {}
  for _, k in ipairs(annotate.KINDS) do
    out[#out + 1], seen[k] = k, true
  end
  for _, l in ipairs(self.labels) do
    if not seen[l] then
      out[#out + 1], seen[l] = l, true
    end
  end
  local more = {}
  for l in pairs(self.store.labels) do
    if not seen[l] then
      more[#more + 1] = l
    end
  end
  table.sort(more)
  for _, l in ipairs(more) do
    out[#out + 1] = l
  end
  return out
end

-- The span under `pos` (or exactly the selection): the innermost visible
-- one; with `rejected`, a rejected one when nothing visible is there.
function Ed:_at(ctx, rejected)
  local pos, sel = ctx.pos, ctx.sel
  local best
  local function pick(list)
    for _, s in ipairs(list) do
      if sel and sel.finish > sel.start and s.start == sel.start and s.finish == sel.finish then
        return s
      end
      if pos and s.start <= pos and pos < s.finish then
        if not best or s.finish - s.start < best.finish - best.start then
          best = s
        end
      end
    end
    return best
  end
  local s = pick(self.store:spans())
  if not s and rejected then
    local hidden = {}
    for _, x in ipairs(self.store:spans(nil, { rejected = true })) do
      if x.status == "rejected" then
        hidden[#hidden + 1] = x
      end
    end
    s = pick(hidden)
  end
  return s
end

local function describe(s)
  return ("%s %s (%s)"):format(s.kind, quoted(s.text, 40), s.status)
end

-- The selection without the blanks at its ends.
local function trimmed(text, sel)
  local s, f = sel.start, sel.finish
  while s < f and text:sub(s + 1, s + 1):match("%s") do
    s = s + 1
  end
  while f > s and text:sub(f, f):match("%s") do
    f = f - 1
  end
  return s, f
end

local CMD = {}

function CMD.label(self, args, ctx)
  local kind = args[1]
  local valid = table.concat(self:label_names(), ", ")
  if not kind then
    return nil, "newsmark: label what? (" .. valid .. ")"
  end
  local ok_kind = false
  for _, l in ipairs(self:label_names()) do
    ok_kind = ok_kind or l == kind
  end
  if not ok_kind then
    return nil, ("newsmark: unknown label '%s' (%s)"):format(kind, valid)
  end
  local sel = ctx.sel
  if not sel or sel.finish <= sel.start then
    return nil, "newsmark: select the text to label first"
  end
  local s, f = trimmed(self.store.text, sel)
  if f <= s then
    return nil, "newsmark: the selection is only blanks"
  end
  local note = #args > 1 and table.concat(args, " ", 2) or nil
  local id = self.store:label(s, f, kind, note)
  local got = self.store:get(id)
  return ("newsmark: %s labelled %s%s"):format(quoted(got.text, 40), kind,
    got.status == "accepted" and " (the analysis' span, accepted)" or "")
end

-- The people a speaker can be, numbered as `speaker` lists them.
function Ed:people()
  local out = {}
  for _, e in ipairs(self.store:entities()) do
    if e.kind == "person" then
      out[#out + 1] = e
    end
  end
  return out
end

function CMD.speaker(self, args, ctx)
  local people = self:people()
  local quote
  for _, s in ipairs(self.store:spans("quote")) do
    if ctx.pos and s.start <= ctx.pos and ctx.pos < s.finish then
      if not quote or s.finish - s.start < quote.finish - quote.start then
        quote = s
      end
    end
  end
  if #args == 0 then
    local lines = {}
    if quote then
      lines[1] = ("newsmark: %s — %s; speaker NAME or N sets it, speaker - removes it"):format(
        quoted(quote.text, 40), quote.speaker or "no speaker")
    else
      lines[1] = "newsmark: put the cursor in a quote, then: speaker NAME (or N, or - for none)"
    end
    for i, e in ipairs(people) do
      lines[#lines + 1] = ("%d %s%s"):format(i, e.name, e.manual and " (added)" or "")
    end
    if #people == 0 then
      lines[#lines + 1] = "(no people in this article: any name adds one)"
    end
    return table.concat(lines, "\n")
  end
  if not quote then
    return nil, "newsmark: no quote under the cursor"
  end
  local who = table.concat(args, " ")
  if who == "-" then
    who = nil
  elseif who:match("^%d+$") then
    local e = people[tonumber(who)]
    if not e then
      return nil, ("newsmark: no person %s (1..%d; speaker alone lists them)"):format(who, #people)
    end
    who = e.name
  end
  local name = self.store:set_speaker(quote.id, who)
  return ("newsmark: %s — %s"):format(quoted(quote.text, 40), name or "no speaker")
end

function CMD.accept(self, _, ctx)
  local s = self:_at(ctx, true)
  if not s then
    return nil, "newsmark: no annotation under the cursor"
  end
  self.store:accept(s.id)
  return "newsmark: accepted " .. describe(self.store:get(s.id))
end

function CMD.reject(self, _, ctx)
  local s = self:_at(ctx)
  if not s then
    return nil, "newsmark: no annotation under the cursor"
  end
  self.store:reject(s.id)
  local now = self.store:get(s.id)
  return now and ("newsmark: rejected " .. describe(now))
    or ("newsmark: deleted the manual " .. s.kind .. " " .. quoted(s.text, 40))
end

function CMD.delete(self, _, ctx)
  local s = self:_at(ctx, true)
  if not s then
    return nil, "newsmark: no annotation under the cursor"
  end
  if s.automatic and s.status == "automatic" and not s.note then
    return nil, "newsmark: " .. describe(s) .. " is the analysis' own; reject hides it"
  end
  self.store:delete(s.id)
  local now = self.store:get(s.id)
  return now and ("newsmark: back to the analysis: " .. describe(now))
    or ("newsmark: deleted " .. s.kind .. " " .. quoted(s.text, 40))
end

function CMD.note(self, args, ctx)
  local s = self:_at(ctx, true)
  if not s then
    return nil, "newsmark: no annotation under the cursor"
  end
  local text = table.concat(args, " ")
  self.store:note(s.id, text)
  return text == "" and ("newsmark: note removed from " .. describe(s))
    or ("newsmark: note on " .. describe(s) .. ": " .. one_line(text, 60))
end

local function all(which)
  return function(self, args)
    local kind = args[1]
    if kind and not STORE_KINDS[kind] and not self.store.labels[kind] then
      return nil, ("newsmark: unknown label '%s' (%s)"):format(kind, table.concat(self:label_names(), ", "))
    end
    local n = self.store[which .. "_all"](self.store, kind)
    return ("newsmark: %sed %d %s span%s"):format(which, n, kind or "analysed", n == 1 and "" or "s")
  end
end
CMD["accept-all"] = all("accept")
CMD["reject-all"] = all("reject")

local function line_of(text, off)
  local before = text:sub(1, off)
  return select(2, before:gsub("\n", "")) + 1
end

function CMD.annotations(self)
  local lines = {}
  for _, s in ipairs(self.store:spans(nil, { rejected = true })) do
    local rec = self.store.by_id[s.id]
    if s.status ~= "automatic" or s.note or (rec and rec.speaker_manual) then
      local extra = {}
      if rec and rec.speaker_manual then
        extra[#extra + 1] = "speaker " .. (s.speaker or "none")
      end
      if s.note then
        extra[#extra + 1] = "note: " .. one_line(s.note, 50)
      end
      lines[#lines + 1] = ("%d: %s %s %s%s"):format(line_of(self.store.text, s.start), s.status, s.kind,
        quoted(s.text, 50), #extra > 0 and " — " .. table.concat(extra, "; ") or "")
    end
  end
  for _, u in ipairs(self.store.unanchored) do
    lines[#lines + 1] = ("?: unanchored %s %s (%s)"):format(tostring(u.kind),
      quoted(tostring(u.selector and u.selector.exact or ""), 50), tostring(u.reason))
  end
  return #lines > 0 and table.concat(lines, "\n") or "newsmark: no annotations yet"
end

function CMD.unanchored(self)
  local lines = {}
  for _, u in ipairs(self.store.unanchored) do
    lines[#lines + 1] = ("%s %s, was at byte %d: %s%s"):format(tostring(u.kind),
      quoted(tostring(u.selector and u.selector.exact or ""), 50), u.start or 0, tostring(u.reason),
      u.note and (" — note: " .. one_line(u.note, 40)) or "")
  end
  return #lines > 0 and table.concat(lines, "\n") or "newsmark: every annotation has its place"
end

function CMD.save(self)
  local ok, msg = self:save(nil, true)
  if not ok then
    return nil, msg
  end
  return msg or ("newsmark: nothing to save in " .. self.sidecar)
end

--- Run one command: `words` is a list (`{ "label", "claim" }`) or a
-- string ("label claim"); `ctx.pos` is the cursor's byte offset and
-- `ctx.sel` the selection `{ start, finish }` (bytes, half-open) or nil.
-- Returns the message to show, or nil and an error message.
function Ed:run(words, ctx)
  if type(words) == "string" then
    local list = {}
    for w in words:gmatch("%S+") do
      list[#list + 1] = w
    end
    words = list
  end
  argcheck(type(words) == "table", 1, "run", "list or string expected")
  ctx = ctx or {}
  self._rev = (self._rev or 0) + 1 -- a command may change the store
  local name = words[1]
  local fn = name and CMD[name]
  if not fn then
    return nil, ("newsmark: %s (%s)"):format(name and ("unknown command " .. name) or "which command?",
      table.concat(M.COMMANDS, ", "))
  end
  return fn(self, { unpack(words, 2) }, ctx)
end

--- Is there anything the sidecar must hold (or forget)?
function Ed:_worth_saving(path)
  local st = self.store
  if #st.unanchored > 0 or #st.entities_manual > 0 or exists(path) then
    return true
  end
  return #st:_saved() > 0
end

--- Write the sidecar (to `path`'s sidecar when the article was saved
-- under another name) if the store changed and there is something to
-- keep; `force` writes even without a change. A conflict (another editor
-- saved it first) is merged (annotate.merge: nothing is lost; this
-- editor wins on the same span) and written. Returns true and a message
-- (nil when nothing was written), or nil and an error.
function Ed:save(path, force)
  local sidecar = path and annotate.sidecar_path(path) or self.sidecar
  local store = self.store
  if not (store.changed or force) or not self:_worth_saving(sidecar) then
    return true, nil
  end
  -- saved under another name: the article there was just replaced by this
  -- text, so a sidecar there described the old one; no conflict check
  local ok, err, disk = annotate.save(sidecar, store, { force = sidecar ~= self.sidecar or nil })
  local merged = false
  if not ok and disk and err:find("^conflict: ") then
    local theirs, lerr = annotate.load(sidecar, store.text, self.snap, { labels = self.labels })
    if not theirs then
      return nil, "newsmark: " .. tostring(lerr) .. " (annotations not saved)"
    end
    annotate.merge(store, theirs)
    self._rev = (self._rev or 0) + 1
    merged = true
    ok, err = annotate.save(sidecar, store)
  end
  if not ok then
    return nil, "newsmark: " .. tostring(err) .. " (annotations not saved)"
  end
  if merged then
    return true, ("newsmark: %s had been saved by another editor: merged (nothing lost), saved revision %d")
      :format(sidecar, store.revision)
  end
  return true, ("newsmark: annotations saved to %s (revision %d)"):format(sidecar, store.revision)
end

return M

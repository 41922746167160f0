--- newsmark.annotate: the annotation store and its sidecar file
-- (docs/annotations.md). Pure Lua for 5.4, 5.3 and LuaJIT; no editor API, no
-- globals, no C beyond what the caller passes in.
--
-- A store merges the automatic spans of an analysis (a `newsmark.core` doc,
-- a `newsmark.view` snapshot or a plain list) with the manual layer: labels,
-- accept / reject decisions, notes and speaker links a person made. The
-- manual layer is saved beside the article (`annotate.save`) and re-anchored
-- on the text when loaded (`annotate.load`) or re-analysed
-- (`store:reanalyse`), W3C TextQuoteSelector style.
--
-- Error convention (docs/lua.md): misuse (a wrong argument type, an unknown
-- label or id) raises; a runtime failure (an unreadable or malformed
-- sidecar, a save conflict, a failed write) returns nil, msg.
local json = require("newsmark.json")

local M = {}

M.VERSION = 1 -- the sidecar schema version ("version")
M.CONTEXT = 32 -- bytes of prefix / suffix context in a selector

--- The built-in labels. `speaker_ref` is the speaker link span (`he`,
-- `the official`) that names a quote's speaker.
M.KINDS = { "person", "organization", "place", "quote", "scare_quote", "speaker_ref" }
M.STATUSES = { "automatic", "accepted", "rejected", "manual" }

local BUILTIN, STATUS = {}, {}
for _, k in ipairs(M.KINDS) do
  BUILTIN[k] = true
end
for _, s in ipairs(M.STATUSES) do
  STATUS[s] = true
end
-- kinds that hide one another where a person decided: names, quotes
local CLASS = {
  person = "name",
  organization = "name",
  place = "name",
  quote = "quote",
  scare_quote = "quote",
}
local ENTITY_KEY = { person = "people", organization = "organizations", place = "places" }

local Store = {}
Store.__index = Store

local function argcheck(cond, n, fname, msg)
  if not cond then
    error(("bad argument #%d to '%s' (%s)"):format(n, fname, msg), 3)
  end
end

local function fold(s)
  return (tostring(s):lower():gsub("%s+", " "):gsub("^ ", ""):gsub(" $", ""))
end

local function is_int(v)
  return type(v) == "number" and v >= 0 and v == math.floor(v)
end

-- An offset, id or counter read from a file: a whole number small enough
-- to be exact (1e300 is "whole" too, but string.sub refuses it).
local function is_count(v)
  return is_int(v) and v < 2 ^ 53
end

local function by_position(a, b)
  if a.start ~= b.start then
    return a.start < b.start
  end
  if a.finish ~= b.finish then
    return a.finish > b.finish
  end
  return a.id < b.id
end

---------------------------------------------------------------- hashing

--- A simple, portable hash of `s` (two polynomial hashes modulo primes,
-- exact in doubles and in 64-bit integers): `"nm1:" .. 16 hex digits`. Not
-- cryptographic; it only tells whether the article changed.
function M.hash(s)
  local h1, h2 = 5381, 7
  local byte = string.byte
  for i = 1, #s, 256 do
    local bytes = { byte(s, i, i + 255) }
    for j = 1, #bytes do
      local b = bytes[j]
      h1 = (h1 * 33 + b) % 4294967291
      h2 = (h2 * 65599 + b) % 2147483629
    end
  end
  return ("nm1:%08x%08x"):format(h1, h2)
end

--------------------------------------------------------------- selectors

-- Move `i` (a 0-based offset) back to a UTF-8 character boundary, so that
-- prefix and suffix are valid UTF-8 whenever the text is (json.encode
-- would otherwise turn a cut character into U+FFFD).
local function char_start(text, i)
  while i > 0 and i < #text do
    local b = text:byte(i + 1)
    if b < 0x80 or b >= 0xC0 then
      break
    end
    i = i - 1
  end
  return i
end

--- The TextQuoteSelector of `[start, finish)` in `text`.
function M.selector(text, start, finish)
  local p = char_start(text, math.max(0, start - M.CONTEXT))
  local s = char_start(text, math.min(#text, finish + M.CONTEXT))
  return json.object({
    type = "TextQuoteSelector",
    exact = text:sub(start + 1, finish),
    prefix = text:sub(p + 1, start),
    suffix = text:sub(finish + 1, s),
  }, { "type", "exact", "prefix", "suffix" })
end

-- How many bytes of `prefix` agree with the text before `start` (from the
-- end), and of `suffix` with the text after `finish`.
local function agreement(text, start, finish, prefix, suffix)
  local n = 0
  for k = 1, math.min(#prefix, start) do
    if prefix:byte(#prefix - k + 1) ~= text:byte(start - k + 1) then
      break
    end
    n = n + 1
  end
  for k = 1, math.min(#suffix, #text - finish) do
    if suffix:byte(k) ~= text:byte(finish + k) then
      break
    end
    n = n + 1
  end
  return n
end

--- Re-anchor a selector in `text`. `old` is the offset the annotation had.
-- Returns start, finish, or nil and why ("not found", "ambiguous: N places").
-- The rules (docs/annotations.md): the old offsets when the text there is
-- still `exact`; else the only occurrence of `exact`; else, among several,
-- the one whose prefix and suffix agree best with the selector's (at least
-- one byte), the nearest to `old` among equals; a tie is ambiguous.
function M.anchor(text, sel, old)
  local exact = sel.exact
  if type(exact) ~= "string" or exact == "" then
    return nil, "no exact text"
  end
  old = is_count(old) and old or 0
  if text:sub(old + 1, old + #exact) == exact then
    return old, old + #exact
  end
  local hits, from = {}, 1
  while true do
    local i = text:find(exact, from, true)
    if not i then
      break
    end
    hits[#hits + 1] = i - 1
    from = i + 1
  end
  if #hits == 0 then
    return nil, "not found"
  elseif #hits == 1 then
    return hits[1], hits[1] + #exact
  end
  local prefix = type(sel.prefix) == "string" and sel.prefix or ""
  local suffix = type(sel.suffix) == "string" and sel.suffix or ""
  local best, best_score, best_dist, tie = nil, 0, nil, false
  for _, s in ipairs(hits) do
    local score = agreement(text, s, s + #exact, prefix, suffix)
    local dist = math.abs(s - old)
    if score > best_score or (score == best_score and score > 0 and dist < best_dist) then
      best, best_score, best_dist, tie = s, score, dist, false
    elseif score == best_score and score > 0 and dist == best_dist then
      tie = true
    end
  end
  if not best or tie then
    return nil, ("ambiguous: %d places"):format(#hits)
  end
  return best, best + #exact
end

------------------------------------------------------- automatic spans

-- The automatic spans of `source`: a doc (`doc:spans`), a snapshot
-- (`{ doc = }`), a plain `{ spans = { { kind, start, finish, speaker,
-- speaker_kind, entity }, … } }` or nil. Returns a list of
-- `{ kind, start, finish, speaker, speaker_kind, entity }`.
local function automatic(source)
  if source == nil then
    return {}
  end
  local doc = source
  if type(source) == "table" and source.doc ~= nil then
    doc = source.doc
  end
  if type(doc) == "table" and type(doc.spans) == "table" then
    local out = {}
    for i, s in ipairs(doc.spans) do
      argcheck(BUILTIN[s.kind] and is_int(s.start) and is_int(s.finish), 1, "new",
        "spans[" .. i .. "]: { kind =, start =, finish = } expected")
      out[#out + 1] = {
        kind = s.kind,
        start = s.start,
        finish = s.finish,
        speaker = s.speaker,
        speaker_kind = s.speaker_kind,
        entity = s.entity,
      }
    end
    return out
  end
  local ok = (type(doc) == "userdata" or type(doc) == "table") and pcall(function()
    return doc.spans
  end)
  argcheck(ok and doc.spans ~= nil, 1, "new", "a newsmark doc, a snapshot or { spans = } expected")
  local quotes = {}
  for _, q in ipairs(doc:quotes()) do
    quotes[q.index] = q
  end
  local out = {}
  -- one doc:entity call per entity, not per mention: it lists the
  -- entity's mentions, so calling it for every mention is quadratic
  local names = {}
  for _, s in ipairs(doc:spans()) do
    if BUILTIN[s.kind] then
      local a = { kind = s.kind, start = s.start, finish = s.finish }
      local q = quotes[s.index]
      if q then
        a.speaker, a.speaker_kind = q.speaker, q.speaker_kind
      elseif s.link and s.kind ~= "quote" and s.kind ~= "scare_quote" then
        local name = names[s.link]
        if name == nil then
          local e = doc:entity(s.link)
          name = e and e.name or false
          names[s.link] = name
        end
        a.entity = name or nil
      end
      out[#out + 1] = a
    end
  end
  return out
end

------------------------------------------------------------------ store

-- Does the manual layer need to keep this record?
local function persisted(r)
  return r.status ~= "automatic" or r.note ~= nil or r.speaker_manual
end

local function new_record(self, t)
  local r = {
    id = t.id or self.next_id,
    kind = t.kind,
    status = t.status or "automatic",
    note = t.note,
    start = t.start,
    finish = t.finish,
    speaker = t.speaker,
    speaker_kind = t.speaker_kind,
    speaker_manual = t.speaker_manual or nil,
    entity = t.entity,
    auto = t.auto or nil,
    auto_speaker = t.auto_speaker,
    auto_speaker_kind = t.auto_speaker_kind,
  }
  if r.id >= self.next_id then
    self.next_id = r.id + 1
  end
  self.items[#self.items + 1] = r
  self.by_id[r.id] = r
  return r
end

-- Rebuild the store on `text`: the automatic spans of `source` merged with
-- `saved`, the manual layer (records with offsets, a selector and the old
-- text's hash). Records that cannot be re-anchored go to self.unanchored.
local function build(self, source, text, saved, same_text)
  self.text, self.items, self.by_id, self.unanchored = text, {}, {}, {}
  local autos = automatic(source)
  local anchored = {}
  for _, a in ipairs(saved) do
    local s, f, why
    local exact = a.selector and a.selector.exact
    local here = same_text and a.start < a.finish and a.finish <= #text
    if a.invalid then
      why = a.invalid -- kept as it was, never placed
    elseif a.pinned and a.start < a.finish and a.finish <= #text then
      s, f = a.start, a.finish -- where the editor's mark followed the edits
    elseif here and exact == nil then
      s, f = a.start, a.finish -- a hand-written entry on the unchanged text
    elseif here and type(exact) == "string" and json.clean_utf8(text:sub(a.start + 1, a.finish)) == exact then
      -- the unchanged text, where `exact` was saved with its invalid bytes
      -- as U+FFFD (JSON holds only UTF-8): the offsets still hold
      s, f = a.start, a.finish
    else
      s, f = M.anchor(text, a.selector or {}, a.start)
      why = f
    end
    if s then
      local c = {}
      for k, v in pairs(a) do
        c[k] = v
      end
      c.start, c.finish = s, f
      anchored[#anchored + 1] = c
    else
      a.reason = why
      self.unanchored[#self.unanchored + 1] = a
    end
  end
  -- decisions by kind and range: a list, as the analysis can give two
  -- spans of one kind on one range (a pronoun naming two quotes' speaker)
  local decided = {}
  for _, a in ipairs(anchored) do
    if a.status ~= "manual" then
      local key = a.kind .. ":" .. a.start .. ":" .. a.finish
      decided[key] = decided[key] or {}
      table.insert(decided[key], a)
    end
  end
  for _, a in ipairs(autos) do
    local key = a.kind .. ":" .. a.start .. ":" .. a.finish
    local d
    for _, c in ipairs(decided[key] or {}) do
      if not c.used then
        d = c
        break
      end
    end
    local r
    if d then
      d.used = true
      r = new_record(self, { id = d.id, kind = a.kind, status = d.status, note = d.note,
        start = a.start, finish = a.finish, entity = a.entity, auto = true,
        auto_speaker = a.speaker, auto_speaker_kind = a.speaker_kind })
      if d.speaker_manual then
        r.speaker, r.speaker_kind, r.speaker_manual = d.speaker, d.speaker_kind, true
      else
        r.speaker, r.speaker_kind = a.speaker, a.speaker_kind
      end
    else
      r = { kind = a.kind, start = a.start, finish = a.finish, speaker = a.speaker,
        speaker_kind = a.speaker_kind, entity = a.entity, auto = true,
        auto_speaker = a.speaker, auto_speaker_kind = a.speaker_kind }
      a.pending = r
    end
  end
  -- decisions on automatic spans the new analysis did not find, and manual
  -- spans: kept (ids first, so fresh ids never collide with saved ones)
  for _, a in ipairs(anchored) do
    if not a.used then
      new_record(self, a)
    end
  end
  for _, a in ipairs(autos) do
    if a.pending then
      new_record(self, a.pending)
    end
  end
  table.sort(self.items, by_position)
  return self
end

--- A new store over `text` with the automatic spans of `source` (a
-- `newsmark.core` doc, a `newsmark.view` snapshot, `{ spans = {…} }`, or
-- nil). `opts.labels`: user labels allowed besides the built-in kinds (the
-- config's). `opts.data`: a decoded sidecar to merge (what `annotate.load`
-- passes). Returns the store and the list of unanchored annotations.
function M.new(source, text, opts)
  if type(source) == "table" and source.text and text == nil then
    text = source.text
  end
  argcheck(type(text) == "string", 2, "new", "string expected, got " .. type(text))
  opts = opts or {}
  local self = setmetatable({ labels = {}, next_id = 1, revision = 0, entities_manual = {} }, Store)
  for _, l in ipairs(opts.labels or {}) do
    argcheck(type(l) == "string" and l ~= "", 3, "new", "labels: non-empty strings expected")
    self.labels[l] = true
  end
  local saved, same = {}, false
  local data = opts.data
  if data then
    self.revision = is_count(data.revision) and data.revision or 0
    self.next_id = is_count(data.next_id) and data.next_id or 1
    local art = type(data.article) == "table" and data.article or {}
    same = art.hash == M.hash(text) and art.length == #text
    self.article_changed = art.hash ~= nil and not same
    for _, e in ipairs(type(data.entities) == "table" and data.entities or {}) do
      if type(e) == "table" and type(e.name) == "string" then
        self.entities_manual[#self.entities_manual + 1] =
          { name = e.name, kind = type(e.kind) == "string" and e.kind or "person" }
      end
    end
    saved = M.decode_annotations(data.annotations, self)
  end
  build(self, source, text, saved, same)
  return self, self.unanchored
end

--- Check and convert a sidecar's `annotations` array into records; entries
-- that do not make sense (no kind, no selector) are kept as unanchored.
function M.decode_annotations(list, store)
  local out = {}
  list = type(list) == "table" and list or {}
  -- ids: a hand-edited or merged sidecar may repeat one, or leave some out
  -- while `next_id` is stale; fresh ids start above every id in the file
  -- (unanchored entries keep theirs too), so no two records share one
  local seen = {}
  if store then
    for _, a in ipairs(list) do
      if type(a) == "table" and is_count(a.id) and a.id >= store.next_id then
        store.next_id = a.id + 1
      end
    end
  end
  for _, a in ipairs(list) do
    if type(a) == "table" then
      local kind = a.kind or a.label
      local sel = type(a.selector) == "table" and a.selector or {}
      local invalid
      if type(kind) ~= "string" or kind == "" then
        kind, invalid = nil, "no kind"
      end
      local r = {
        id = is_count(a.id) and a.id > 0 and a.id or nil,
        kind = kind,
        status = STATUS[a.status] and a.status or "manual",
        note = type(a.note) == "string" and a.note or nil,
        start = is_count(a.start) and a.start or 0,
        finish = is_count(a["end"]) and a["end"] or 0,
        speaker = type(a.speaker) == "string" and a.speaker or nil,
        speaker_kind = type(a.speaker_kind) == "string" and a.speaker_kind or nil,
        speaker_manual = a.speaker_manual == true or nil,
        entity = type(a.entity) == "string" and a.entity or nil,
        selector = { exact = sel.exact, prefix = sel.prefix, suffix = sel.suffix },
        raw = a,
        invalid = invalid,
      }
      if store and type(kind) == "string" and not BUILTIN[kind] then
        store.labels[kind] = true -- a label from another config stays usable
      end
      if r.id and seen[r.id] then
        r.id = nil
      end
      if not r.id and store then
        r.id = store.next_id
        store.next_id = store.next_id + 1
      end
      if r.id then
        seen[r.id] = true
      end
      out[#out + 1] = r
    end
  end
  return out
end

function Store:_get(id, fname)
  local r = self.by_id[id]
  argcheck(r ~= nil, 1, fname, "no annotation " .. tostring(id))
  return r
end

-- Record a change; the items are sorted again when next read (so that
-- labelling thousands of spans does not sort thousands of times).
function Store:_touch()
  self._dirty = true
  self.changed = true
end

function Store:_sorted()
  if self._dirty then
    table.sort(self.items, by_position)
    self._dirty = false
  end
  return self.items
end

local function view_of(self, r)
  return {
    id = r.id,
    kind = r.kind,
    status = r.status,
    note = r.note,
    start = r.start,
    finish = r.finish,
    text = self.text:sub(r.start + 1, r.finish),
    speaker = r.speaker,
    speaker_kind = r.speaker_kind,
    entity = r.entity,
    automatic = r.auto or false,
  }
end

--- The merged spans in order (start ascending, end descending), optionally
-- of one kind: manual, accepted and automatic ones; an automatic span
-- overlapped by a manual or accepted one of the same class (names, quotes)
-- is hidden. Rejected spans are hidden unless `opts.rejected`; with
-- `opts.all` every record is listed. Each span is a copy: `{ id, kind,
-- status, note, start, finish, text, speaker, speaker_kind, entity,
-- automatic }`.
function Store:spans(kind, opts)
  opts = opts or {}
  local decided = {}
  for _, r in ipairs(self:_sorted()) do
    if r.status == "manual" or r.status == "accepted" then
      decided[#decided + 1] = r
    end
  end
  local out = {}
  for _, r in ipairs(self.items) do
    local show = opts.all or r.status ~= "rejected" or opts.rejected
    if show and not opts.all and r.status == "automatic" then
      local class = CLASS[r.kind] or r.kind
      for _, d in ipairs(decided) do
        if (CLASS[d.kind] or d.kind) == class and d.start < r.finish and r.start < d.finish then
          show = false
          break
        end
      end
    end
    if show and (kind == nil or r.kind == kind) then
      out[#out + 1] = view_of(self, r)
    end
  end
  return out
end

--- One annotation (a copy as in `spans`), or nil.
function Store:get(id)
  local r = self.by_id[id]
  return r and view_of(self, r)
end

-- The entity name of a name span over `[start, finish)`: an entity whose
-- name equals the text or ends with it (a surname), else the text.
function Store:_entity_for(kind, text)
  local ft = fold(text)
  for _, e in ipairs(self:entities(kind)) do
    local fe = fold(e.name)
    if fe == ft or fe:sub(-#ft - 1) == " " .. ft then
      return e.name
    end
  end
  return text
end

--- Add a manual span `[start, finish)` labelled `label` (a built-in kind or
-- a user label) with an optional note; returns its id. Labelling exactly an
-- automatic span of that kind accepts it instead (and keeps its id).
function Store:label(start, finish, label, note)
  argcheck(is_int(start), 1, "label", "offset expected")
  argcheck(is_int(finish) and finish > start and finish <= #self.text, 2, "label",
    "an end after start, within the text, expected")
  argcheck(type(label) == "string" and (BUILTIN[label] or self.labels[label]), 3, "label",
    "unknown label '" .. tostring(label) .. "'")
  argcheck(note == nil or type(note) == "string", 4, "label", "string expected")
  for _, r in ipairs(self.items) do
    if r.auto and r.kind == label and r.start == start and r.finish == finish then
      r.status = "accepted"
      if note then
        r.note = note
      end
      self:_touch()
      return r.id
    end
  end
  local r = new_record(self, { kind = label, status = "manual", note = note ~= "" and note or nil,
    start = start, finish = finish })
  if ENTITY_KEY[label] then
    r.entity = self:_entity_for(label, self.text:sub(start + 1, finish))
  end
  self:_touch()
  return r.id
end

--- The entities: those of the visible name spans and the quotes' speakers,
-- plus the people made by `set_speaker`. `{ id, name, kind, manual,
-- mentions = { {start, finish}, … } }`, optionally of one kind; ids are
-- positions in this list, valid until the store changes.
function Store:entities(kind)
  local list, by = {}, {}
  self:_sorted()
  local function add(name, k, manual)
    local key = fold(name)
    local e = by[key]
    if not e then
      e = { name = name, kind = k or "person", manual = manual or false, mentions = {} }
      by[key] = e
      list[#list + 1] = e
    end
    return e
  end
  for _, r in ipairs(self.items) do
    if ENTITY_KEY[r.kind] and r.status ~= "rejected" then
      local e = add(r.entity or self.text:sub(r.start + 1, r.finish), r.kind, r.status == "manual")
      e.mentions[#e.mentions + 1] = { r.start, r.finish }
    end
  end
  for _, r in ipairs(self.items) do
    if r.kind == "quote" and r.speaker and r.status ~= "rejected" then
      add(r.speaker, r.speaker_kind ~= "unknown" and r.speaker_kind or "person", r.speaker_manual)
    end
  end
  for _, m in ipairs(self.entities_manual) do
    add(m.name, m.kind, true).manual = true
  end
  local out = {}
  for _, e in ipairs(list) do
    if kind == nil or e.kind == kind then
      out[#out + 1] = e
      e.id = #out
    end
  end
  return out
end

--- Link quote `quote_id` to a speaker: an entity id from `entities()`, an
-- entity name, or a new name (which becomes a manual person entity); nil or
-- false removes the speaker. An automatic quote becomes accepted.
function Store:set_speaker(quote_id, who)
  local r = self:_get(quote_id, "set_speaker")
  argcheck(r.kind == "quote", 1, "set_speaker", "annotation " .. tostring(quote_id) .. " is not a quote")
  argcheck(who == nil or who == false or type(who) == "string" or is_int(who), 2, "set_speaker",
    "entity id or name expected")
  local name, kind
  if type(who) == "number" then
    local e = self:entities()[who]
    argcheck(e ~= nil, 2, "set_speaker", "no entity " .. who)
    name, kind = e.name, e.kind
  elseif type(who) == "string" then
    for _, e in ipairs(self:entities()) do
      if fold(e.name) == fold(who) then
        name, kind = e.name, e.kind
        break
      end
    end
    if not name then
      name, kind = who, "person"
      self.entities_manual[#self.entities_manual + 1] = { name = who, kind = "person" }
    end
  end
  r.speaker, r.speaker_kind, r.speaker_manual = name, name and kind or nil, true
  if r.status == "automatic" or r.status == "rejected" then
    r.status = "accepted"
  end
  self:_touch()
  return name
end

--- Accept an automatic span (it shows even where a manual span overlaps it).
function Store:accept(id)
  local r = self:_get(id, "accept")
  if r.status ~= "manual" then
    r.status = "accepted"
  end
  self:_touch()
end

--- Reject a span: an automatic one is hidden, and stays rejected when the
-- text is analysed again; a manual one is deleted.
function Store:reject(id)
  local r = self:_get(id, "reject")
  if r.status == "manual" then
    return self:delete(id)
  end
  r.status = "rejected"
  self:_touch()
end

local function all(self, kind, fname, status)
  argcheck(kind == nil or type(kind) == "string", 1, fname, "kind expected")
  local n = 0
  for _, r in ipairs(self.items) do
    if r.status == "automatic" and (kind == nil or r.kind == kind) then
      r.status, n = status, n + 1
    end
  end
  self:_touch()
  return n
end

--- Accept or reject every automatic span (still `automatic`) of `kind`
-- (nil: every kind); returns how many changed.
function Store:accept_all(kind)
  return all(self, kind, "accept_all", "accepted")
end

function Store:reject_all(kind)
  return all(self, kind, "reject_all", "rejected")
end

--- Remove what the person did to a span: a manual span goes, an automatic
-- one returns to `automatic` without note or speaker change. An unanchored
-- annotation (its id, from `unanchored`) is forgotten.
function Store:delete(id)
  for i, u in ipairs(self.unanchored) do
    if u.id == id then
      table.remove(self.unanchored, i)
      self.changed = true
      return
    end
  end
  local r = self:_get(id, "delete")
  if r.status == "manual" or not r.auto then
    for i, x in ipairs(self.items) do
      if x == r then
        table.remove(self.items, i)
        break
      end
    end
    self.by_id[id] = nil
  else
    r.status, r.note = "automatic", nil
    if r.speaker_manual then
      r.speaker, r.speaker_kind, r.speaker_manual = r.auto_speaker, r.auto_speaker_kind, nil
    end
  end
  self:_touch()
end

--- Set (or with nil / "" clear) the note of a span.
function Store:note(id, text)
  argcheck(text == nil or type(text) == "string", 2, "note", "string expected")
  local r = self:_get(id, "note")
  r.note = text ~= "" and text or nil
  self:_touch()
end

-- The manual layer as records with their selectors in the current text.
function Store:_saved()
  local out = {}
  for _, r in ipairs(self:_sorted()) do
    if persisted(r) then
      local c = {}
      for k, v in pairs(r) do
        c[k] = v
      end
      c.selector = M.selector(self.text, r.start, r.finish)
      out[#out + 1] = c
    end
  end
  return out
end

--- Analyse again: `source` is the new analysis (doc, snapshot or list) of
-- `text` (default the snapshot's text). The manual layer is re-anchored on
-- the new text; decisions on automatic spans apply to the new automatic
-- span of the same kind over the same re-anchored text. Annotations that
-- cannot be re-anchored (and those that could not be before) are listed
-- in the returned `unanchored`, and kept in the sidecar.
--
-- `opts.positions` (`{ [id] = { start, finish }, … }`): where an editor
-- that tracked the spans through the edits (Neovim's extmarks) says they
-- are now in `text`. Such a span is placed there without re-anchoring,
-- also when the text inside it was edited; an empty or out-of-range
-- position is ignored (the span is re-anchored as usual).
function Store:reanalyse(source, text, opts)
  if text == nil and type(source) == "table" then
    text = source.text
  end
  argcheck(type(text) == "string", 2, "reanalyse", "string expected, got " .. type(text))
  argcheck(opts == nil or type(opts) == "table", 3, "reanalyse", "table expected")
  local positions = opts and opts.positions or {}
  local saved = self:_saved()
  for _, c in ipairs(saved) do
    local p = positions[c.id]
    if type(p) == "table" and is_int(p[1]) and is_int(p[2]) and p[1] < p[2] and p[2] <= #text then
      c.start, c.finish, c.pinned = p[1], p[2], true
    end
  end
  for _, u in ipairs(self.unanchored) do
    saved[#saved + 1] = u
  end
  build(self, source, text, saved, false)
  self.changed = true
  return self.unanchored
end

------------------------------------------------------------ the document

local QUOTE_KEYS = { "id", "start", "end", "text", "speaker", "speaker_kind", "status", "manual", "note" }

--- The sidecar document (a table, keys in order; see docs/annotations.md):
-- FORMAT.md's keys for the merged result, then `version`, `revision`,
-- `article`, `next_id`, `entities` and `annotations`.
function Store:document()
  local null = json.null
  local doc = {}
  local quotes, scare = json.array(), json.array()
  local ents = { people = json.array(), organizations = json.array(), places = json.array() }
  local labels = json.array()
  local entity_rows = {}
  for _, e in ipairs(self:entities()) do
    local key = ENTITY_KEY[e.kind]
    if key then
      local ms = json.array()
      entity_rows[fold(e.name)] = ms
      local row = json.object({ name = e.name, mentions = ms }, { "name", "mentions", "manual" })
      if e.manual then
        row.manual = true
      end
      ents[key][#ents[key] + 1] = row
    end
  end
  for _, s in ipairs(self:spans()) do
    if s.kind == "quote" then
      local q = json.object({
        id = s.id,
        start = s.start,
        ["end"] = s.finish,
        text = s.text,
        speaker = s.speaker or null,
        speaker_kind = s.speaker_kind or (s.speaker and "person" or "unknown"),
        status = s.status,
        note = s.note,
      }, QUOTE_KEYS)
      if s.status == "manual" or self.by_id[s.id].speaker_manual then
        q.manual = true -- what newsmark.batch's sidecar reader takes
      end
      quotes[#quotes + 1] = q
    elseif s.kind == "scare_quote" then
      scare[#scare + 1] = json.array({ s.start, s.finish })
    elseif ENTITY_KEY[s.kind] then
      local ms = entity_rows[fold(s.entity or s.text)]
      if ms then
        ms[#ms + 1] = json.array({ s.start, s.finish })
      end
    elseif not BUILTIN[s.kind] then
      labels[#labels + 1] = json.object({ label = s.kind, start = s.start, ["end"] = s.finish,
        text = s.text, note = s.note }, { "label", "start", "end", "text", "note" })
    end
  end
  doc.quotes, doc.people, doc.organizations, doc.places = quotes, ents.people, ents.organizations, ents.places
  doc.scare_quotes, doc.labels = scare, labels
  for key, v in pairs(self:layer()) do
    doc[key] = v
  end
  return json.object(doc, { "quotes", "people", "organizations", "places", "scare_quotes", "labels",
    "version", "revision", "article", "next_id", "entities", "annotations" })
end

--- The manual layer alone, the keys of the sidecar that `new` and `load`
-- read back: `{ version, revision, article, next_id, entities,
-- annotations }` (a table, keys in order). Cheaper than `document()` (no
-- FORMAT.md keys): what an editor records per undo state.
function Store:layer()
  local null = json.null
  local annotations = json.array()
  for _, r in ipairs(self:_saved()) do
    local a = json.object({
      id = r.id,
      kind = r.kind,
      status = r.status,
      note = r.note,
      start = r.start,
      ["end"] = r.finish,
      selector = r.selector,
      speaker = r.speaker_manual and (r.speaker or null) or nil,
      speaker_kind = r.speaker_manual and r.speaker_kind or nil,
      speaker_manual = r.speaker_manual,
      entity = r.status == "manual" and r.entity or nil,
    }, { "id", "kind", "status", "note", "start", "end", "selector", "speaker", "speaker_kind",
      "speaker_manual", "entity" })
    annotations[#annotations + 1] = a
  end
  for _, u in ipairs(self.unanchored) do
    local a = json.object({}, { "id", "kind", "status", "note", "start", "end", "selector" })
    for k, v in pairs(u.raw or {}) do
      a[k] = v
    end
    if not u.raw then
      a.id, a.kind, a.status, a.note = u.id, u.kind, u.status, u.note
      a.start, a["end"] = u.start, u.finish
      a.selector = json.object({ type = "TextQuoteSelector", exact = u.selector.exact,
        prefix = u.selector.prefix, suffix = u.selector.suffix }, { "type", "exact", "prefix", "suffix" })
      a.speaker, a.speaker_kind = u.speaker, u.speaker_kind
      a.speaker_manual, a.entity = u.speaker_manual, u.entity
    end
    a.id = u.id
    a.unanchored = u.reason or true
    annotations[#annotations + 1] = a
  end
  local manual_entities = json.array()
  for _, m in ipairs(self.entities_manual) do
    manual_entities[#manual_entities + 1] = json.object({ name = m.name, kind = m.kind }, { "name", "kind" })
  end
  return json.object({
    version = M.VERSION,
    revision = self.revision,
    article = json.object({ length = #self.text, hash = M.hash(self.text) }, { "length", "hash" }),
    next_id = self.next_id,
    entities = manual_entities,
    annotations = annotations,
  }, { "version", "revision", "article", "next_id", "entities", "annotations" })
end

--- The sidecar document as JSON text (indented by 2; `opts` as json.encode).
function Store:to_json(opts)
  return json.encode(self:document(), opts or { indent = 2 }) .. "\n"
end

------------------------------------------------------------ the sidecar

--- The sidecar of an article: `DIR/NAME.txt.newsmark.json` for
-- `DIR/NAME.txt`: the whole file name, so `a.txt` and `a.md` never share one.
-- newsmark.batch reads the same file (docs/scripts.md).
function M.sidecar_path(path)
  argcheck(type(path) == "string" and path ~= "", 1, "sidecar_path", "path expected")
  return path .. ".newsmark.json"
end

local function read_file(path)
  local f, err = io.open(path, "rb")
  if not f then
    return nil, err
  end
  local data = f:read("*a")
  f:close()
  return data
end

--- Read and decode a sidecar: the table, false when the file does not
-- exist, or nil and a message.
function M.read(path)
  local data = read_file(path)
  if data == nil then
    local f = io.open(path, "rb")
    if f then -- exists but could not be read
      f:close()
      return nil, path .. ": cannot read"
    end
    return false
  end
  local t, err = M.decode(data)
  if t == nil then
    return nil, path .. ": " .. err
  end
  return t
end

--- Decode the text of a sidecar: the table, or nil and a message (what
-- `read` does once the file is read; the fuzz harness feeds it directly).
function M.decode(data)
  argcheck(type(data) == "string", 1, "decode", "string expected, got " .. type(data))
  local t, err = json.decode(data)
  if t == nil then
    return nil, err
  end
  if type(t) ~= "table" or json.is_array(t) then
    return nil, "not a JSON object"
  end
  if t.version ~= nil and (not is_int(t.version) or t.version > M.VERSION) then
    return nil, "sidecar version " .. tostring(t.version) .. " is newer than this newsmark"
  end
  return t
end

--- Load the sidecar `path` for `text` (and the automatic spans of `source`,
-- as in `new`): returns the store and the list of annotations that could not
-- be re-anchored (`{ id, kind, status, note, start, finish, selector,
-- reason }`), or nil and a message. A missing sidecar gives an empty manual
-- layer at revision 0.
function M.load(path, text, source, opts)
  argcheck(type(path) == "string", 1, "load", "path expected")
  argcheck(type(text) == "string", 2, "load", "string expected, got " .. type(text))
  local data, err = M.read(path)
  if data == nil then
    return nil, err
  end
  local o = {}
  for k, v in pairs(opts or {}) do
    o[k] = v
  end
  o.data = data or nil
  local store, unanchored = M.new(source, text, o)
  store.changed = false
  return store, unanchored
end

local function shell_quote(s)
  return "'" .. s:gsub("'", "'\\''") .. "'"
end

local function run(cmd)
  local a, _, c = os.execute(cmd)
  return a == true or a == 0 or (a == nil and c == 0)
end

local seeded = false
local function tmp_name(path)
  if not seeded then
    math.randomseed(os.time() + math.floor((os.clock() * 1e6) % 1e6))
    seeded = true
  end
  local addr = tostring({}):match("0x(%x+)") or ""
  return ("%s.tmp.%s%06x"):format(path, addr, math.random(0, 0xFFFFFF))
end

--- The revision of the sidecar on disk: 0 when there is none, or nil and a
-- message when it cannot be read.
function M.disk_revision(path)
  local data, err = M.read(path)
  if data == nil then
    return nil, err
  end
  if not data then
    return 0
  end
  return is_count(data.revision) and data.revision or 0
end

--- Save the store's manual layer atomically: write `PATH.tmp.<random>`,
-- flush, fsync it (best effort: `sync FILE` from coreutils when present,
-- unless `opts.fsync == false`), close, then rename over `path`. A crash
-- leaves the old file or the new one, never a mix.
--
-- Conflict check: unless `opts.force`, the revision on disk must be
-- `opts.expected_revision` (default: the store's revision, the one it was
-- loaded with); else nothing is written and it returns nil,
-- "conflict: …", the disk revision. On success the store's revision is
-- the new one and it returns true, revision.
function M.save(path, store, opts)
  argcheck(type(path) == "string", 1, "save", "path expected")
  argcheck(getmetatable(store) == Store, 2, "save", "store expected")
  opts = opts or {}
  if not opts.force then
    local expected = opts.expected_revision or store.revision
    local disk, err = M.disk_revision(path)
    if disk == nil then
      return nil, "conflict: " .. err
    end
    if disk ~= expected then
      return nil, ("conflict: %s was saved by another editor (revision %d, expected %d); "
        .. "load it and merge"):format(path, disk, expected), disk
    end
  end
  local old_rev = store.revision
  store.revision = math.max(old_rev, opts.expected_revision or 0) + 1
  local text = store:to_json()
  local tmp = tmp_name(path)
  local f, err = io.open(tmp, "wb")
  if not f then
    store.revision = old_rev
    return nil, err
  end
  local ok, werr = f:write(text)
  if ok then
    ok, werr = f:flush()
  end
  f:close()
  if ok and opts.fsync ~= false then
    run("sync -- " .. shell_quote(tmp) .. " 2>/dev/null") -- best effort
  end
  if ok then
    ok, werr = os.rename(tmp, path)
  end
  if not ok then
    os.remove(tmp)
    store.revision = old_rev
    return nil, path .. ": " .. tostring(werr)
  end
  store.changed = false
  return true, store.revision
end

--- Merge after a conflict: `ours` (this editor's store) and `theirs` (the
-- store `annotate.load` made from the file on disk, over the same text).
-- Returns `ours`, changed: it keeps its own manual layer, takes theirs'
-- annotations that are on spans it has no decision for (ours win on the
-- same kind and range), theirs' manual people and unanchored
-- annotations, and theirs' revision (so `save` then succeeds).
function M.merge(ours, theirs)
  argcheck(getmetatable(ours) == Store, 1, "merge", "store expected")
  argcheck(getmetatable(theirs) == Store, 2, "merge", "store expected")
  local mine = {}
  for _, r in ipairs(ours.items) do
    if persisted(r) then
      mine[r.kind .. ":" .. r.start .. ":" .. r.finish] = true
    end
  end
  for _, r in ipairs(theirs.items) do
    local key = r.kind .. ":" .. r.start .. ":" .. r.finish
    if persisted(r) and not mine[key] then
      local target
      for _, x in ipairs(ours.items) do
        if x.auto and r.auto and x.kind == r.kind and x.start == r.start and x.finish == r.finish then
          target = x
          break
        end
      end
      if target then
        target.status, target.note = r.status, r.note
        if r.speaker_manual then
          target.speaker, target.speaker_kind, target.speaker_manual = r.speaker, r.speaker_kind, true
        end
      else
        local c = {}
        for k, v in pairs(r) do
          c[k] = v
        end
        c.id = nil
        c.auto = nil
        new_record(ours, c)
      end
      if not BUILTIN[r.kind] then
        ours.labels[r.kind] = true
      end
    end
  end
  local names = {}
  for _, m in ipairs(ours.entities_manual) do
    names[fold(m.name)] = true
  end
  for _, m in ipairs(theirs.entities_manual) do
    if not names[fold(m.name)] then
      ours.entities_manual[#ours.entities_manual + 1] = { name = m.name, kind = m.kind }
    end
  end
  local seen = {}
  for _, u in ipairs(ours.unanchored) do
    seen[u.selector and u.selector.exact or ""] = true
  end
  for _, u in ipairs(theirs.unanchored) do
    if not seen[u.selector and u.selector.exact or ""] then
      u.id = ours.next_id
      ours.next_id = ours.next_id + 1
      ours.unanchored[#ours.unanchored + 1] = u
    end
  end
  ours.revision = math.max(ours.revision, theirs.revision)
  ours:_touch()
  return ours
end

return M

--- newsmark.view: the editor-agnostic layer every host adapter uses
-- (docs/editors/api.md). Spans become styled ranges, quotes get a colour
-- per speaker, and lists, jumps, hover data, labels and exports are
-- computed here, so that an adapter (Neovim, vis, mle, a pager) only
-- translates them into its native calls.
--
-- Pure Lua for 5.4, 5.3 and LuaJIT; no editor API, no globals.
--
--   local view = require("newsmark.view")
--   local session = assert(view.new({ core = require("newsmark.core"), config = cfg }))
--   local snap = assert(session:parse(text))
--   for _, r in ipairs(session:ranges(snap, top, bottom)) do
--     paint(r.start, r.finish, r.group)      -- 0-based bytes, half-open
--   end
--
-- API (every offset is a 0-based byte offset; ranges are half-open):
--
--   view.new({ core =, config = }) -> session | nil, msg
--       core: the newsmark.core module (default: require("newsmark").load()).
--       config: a config from newsmark.config (load, validate or defaults);
--       nil means config.defaults(). The config is compiled once
--       (config.compile) and shared by every session made from the same
--       table; a compile error (a bad rule) returns nil, msg.
--   session:parse(text) -> snap | nil, msg, code
--       Parses with the compiled rules and lexicon. The same text as the
--       previous call returns the previous snapshot. A snapshot has the
--       fields `doc` (a newsmark.doc), `text` and `len`; treat it as
--       read-only. Quotes get their speaker colours here, in document
--       order, so a speaker keeps its palette slot for the session's life.
--   session:ranges(snap [, from, to]) -> { range, ... }
--       The styled ranges overlapping [from, to) (default: everything), in
--       span order (start ascending, end descending): { start, finish, kind,
--       group, sgr, hex, priority, entity, speaker, slot, rule, index }.
--       group: a style name, "Newsmark" .. CamelKind ("NewsmarkPerson";
--       "NewsmarkDate" for date_line, apart from dateline's "NewsmarkDateline"),
--       "NewsmarkSpeaker<slot>" for a quote coloured by its speaker, and
--       "NewsmarkRule_<name>" for a rule with its own style.
--       sgr: SGR parameters ("1;34"); hex: config.style_hex's table
--       { fg = "#rrggbb", bg =, ctermfg =, ctermbg =, bold =, ... }.
--       priority: higher wins where ranges overlap (blocks 10, dateline 20,
--       quotes 30, cues/roles/speaker refs 40, names 50, rules 60).
--       entity: the entity id (names, roles, speaker refs; a quote's
--       speaker); speaker: the speaker's name (quotes and cues).
--       Kinds hidden by cfg.show and kinds with an empty style (paragraph
--       by default) are left out. The tables are shared between calls:
--       do not modify them.
--   session:styles() -> { { group, kind, style, sgr, hex, is_default,
--       slot, rule }, ... }: every group ranges() can return, to define
--       them up front; is_default is true when the config leaves the
--       kind's style at its default (an adapter may then use a native
--       default instead, e.g. a link to a standard Neovim group).
--   session:quotes(snap [, from, to]) -> { { start, finish, text, speaker,
--       speaker_id, speaker_kind, method, cue = {index, start, finish} | nil,
--       index, slot, group, partial, continued, nested, unclosed }, ... }
--       in document order; with from/to only those overlapping [from, to).
--   session:entities(snap [, kind]) -> { { id, kind, name, role,
--       mentions (count), quotes (count, as in JSON: a quote split around
--       its cue counts once), first (offset of the first mention),
--       spans = { {start, finish}, ... } }, ... } sorted by mentions
--       (most first), then by first mention.
--   session:people(snap) -> session:entities(snap, "person")
--   session:speakers(snap) -> { { speaker, speaker_id, kind, quotes,
--       spans (quote spans), words, first, slot, group }, ... } for the
--       attributed quotes, most quotes first (then words, then first quote).
--   session:at(snap, offset) -> { quote =, entity =, span = } | nil
--       What is under `offset`: the innermost quote (or the quote of a cue)
--       and the entity named there, else the quote's speaker; span is the
--       innermost of those spans { start, finish, kind }.
--   session:next_quote(snap, offset, dir [, wrap]) -> quote | nil
--       The first quote starting after `offset` (dir >= 0) or the last one
--       starting before it (dir < 0); `wrap` goes round the document.
--   session:next_by_speaker(snap, offset, dir [, wrap]) -> quote | nil, msg
--       The same, among the quotes of the speaker of the quote at `offset`
--       (or, outside a quote, of the nearest quote before it).
--   session:label(snap, quote) -> "— John Kerry" | nil (no speaker)
--   session:export(snap, format [, opts]) -> string | nil, msg, code
--       doc:render(format) with the config's ANSI styles; formats json,
--       jsonl, html, brat, ansi, dump; opts.name names the file.
--
-- Error convention (docs/lua.md): misuse (a wrong argument type, an
-- unknown format) raises; a runtime failure returns nil, msg.
local config = require("newsmark.config")

local M = {}

-- kind -> priority offset (higher wins)
local PRIORITY = {
  boilerplate = 10,
  headline = 10,
  standfirst = 10,
  image_credit = 10,
  caption = 10,
  source_line = 10,
  byline = 10,
  date_line = 10,
  subhead = 10,
  paragraph = 10,
  dateline = 20,
  quote = 30,
  scare_quote = 30,
  role = 40,
  cue = 40,
  speaker_ref = 40,
  person = 50,
  organization = 50,
  place = 50,
  rule = 60,
}
M.priority = PRIORITY

local ENTITY_KINDS = { person = true, organization = true, place = true, role = true, speaker_ref = true }
local FORMATS = { json = true, jsonl = true, html = true, brat = true, ansi = true, dump = true }

-- Group names are compared without case by Neovim and Vim, so date_line
-- cannot be NewsmarkDateLine next to dateline's NewsmarkDateline.
local GROUP_NAME = { date_line = "NewsmarkDate" }

--- "NewsmarkPerson" for "person", "NewsmarkImageCredit" for "image_credit"
-- ("NewsmarkDate" for date_line, which would clash with dateline's).
function M.group_name(kind)
  return GROUP_NAME[kind] or "Newsmark" .. (kind:gsub("^%l", string.upper):gsub("_(%l)", string.upper))
end

--- `s` on one line (runs of white space become one space), cut to at most
-- `max` bytes (no cut when nil) on a UTF-8 character boundary, with "…"
-- when cut: for messages and lists in every host.
function M.one_line(s, max)
  s = s:gsub("%s+", " ")
  if max and #s > max then
    s = s:sub(1, max):gsub("[\128-\191]*$", ""):gsub("[\192-\255]$", "") .. "…"
  end
  return s
end

--- The group of a rule with its own style: "NewsmarkRule_" .. name with
-- every character outside [A-Za-z0-9_] replaced by "_".
function M.rule_group(name)
  return "NewsmarkRule_" .. name:gsub("[^%w_]", "_")
end

local function argcheck(cond, n, fname, msg)
  if not cond then
    error(("bad argument #%d to '%s' (%s)"):format(n, fname, msg), 3)
  end
end

-- -------------------------------------------------------------- compile

-- cfg table -> compiled (shared by sessions made from the same config)
local compiled_cache = setmetatable({}, { __mode = "k" })

local function same(a, b)
  if type(a) ~= type(b) then
    return false
  end
  if type(a) ~= "table" then
    return a == b
  end
  for k, v in pairs(a) do
    if not same(v, b[k]) then
      return false
    end
  end
  for k in pairs(b) do
    if a[k] == nil then
      return false
    end
  end
  return true
end

-- A core lexicon object from the config's lexicon table, built once.
local function build_lexicon(core, words)
  if not words or next(words) == nil then
    return nil
  end
  local lex, err = core.lexicon()
  if not lex then
    return nil, err
  end
  for class, list in pairs(words) do
    for k, v in pairs(list) do
      local ok, aerr
      if type(k) == "number" then
        ok, aerr = lex:add(class, v)
      else
        ok, aerr = lex:add(class, k, v ~= true and v or nil)
      end
      if not ok then
        return nil, ("lexicon.%s: %s"):format(class, tostring(aerr))
      end
    end
  end
  return lex
end

local function compile(cfg, core)
  local key = cfg
  local c = key and compiled_cache[key]
  if c and c.core == core then
    return c
  end
  cfg = cfg or config.defaults()
  local out, err = config.compile(cfg, core)
  if not out then
    return nil, err
  end
  local lex, lerr = build_lexicon(core, out.lexicon)
  if out.lexicon and not lex then
    return nil, lerr
  end
  c = { core = core, cfg = cfg, compiled = out, lexicon = lex }
  -- the styles ranges() can return, by group
  local defaults = config.defaults()
  c.styles, c.by_group = {}, {}
  local function add(entry)
    entry.sgr = config.style_sgr(entry.style)
    entry.hex = config.style_hex(entry.style)
    c.styles[#c.styles + 1] = entry
    c.by_group[entry.group] = entry
  end
  for _, kind in ipairs(config.kinds) do
    local style = out.styles[kind]
    add({
      group = M.group_name(kind),
      kind = kind,
      style = style,
      is_default = same(style, defaults.styles[kind]),
    })
  end
  for slot, style in ipairs(out.palette) do
    add({
      group = "NewsmarkSpeaker" .. slot,
      kind = "quote",
      slot = slot,
      style = style,
      is_default = same(style, defaults.palette[slot]),
    })
  end
  c.rule_group = {}
  local taken = {}
  for i, r in ipairs(cfg.rules or {}) do
    if r.style ~= nil then
      local g = M.rule_group(r.name)
      if taken[g:lower()] then -- "a.b" and "a-b", or "Money" and "money"
        g = g .. "_" .. i
      end
      taken[g:lower()] = true
      c.rule_group[r.name] = g
      add({ group = g, kind = "rule", rule = r.name, style = r.style, is_default = false })
    end
  end
  if key then
    compiled_cache[key] = c
  end
  return c
end

-- -------------------------------------------------------------- session

local Session = {}
Session.__index = Session

--- A new session (one per document/buffer: it keeps the speaker colours).
function M.new(opts)
  argcheck(opts == nil or type(opts) == "table", 1, "new", "table expected")
  opts = opts or {}
  local core = opts.core
  if core == nil then
    local err
    core, err = require("newsmark").load()
    if not core then
      return nil, err
    end
  end
  argcheck(type(core) == "table" and type(core.parse) == "function", 1, "new", "core: newsmark.core expected")
  argcheck(opts.config == nil or type(opts.config) == "table", 1, "new", "config: table expected")
  local c, err = compile(opts.config, core)
  if not c then
    return nil, err
  end
  local self = setmetatable({
    core = core,
    config = c.cfg,
    compiled = c.compiled,
    _c = c,
    _colors = { palette = c.compiled.palette }, -- config.speaker_color state
    _slots = {}, -- speaker key -> palette slot
    _last = nil,
  }, Session)
  return self
end

-- The palette slot of a speaker (stable for the session).
function Session:_slot(key)
  local slot = self._slots[key]
  if slot == nil then
    local style = config.speaker_color(self._colors, key)
    local palette = self._colors.palette
    for i = 1, #palette do
      if rawequal(palette[i], style) then
        slot = i
        break
      end
    end
    slot = slot or 1
    self._slots[key] = slot
  end
  return slot
end

local function count_words(s)
  local n = 0
  -- quotation marks are not words: “ ” ‘ ’ „ « » ‹ ›
  s = s:gsub("\226\128[\156\157\152\153\158\185\186]", " "):gsub("\194[\171\187]", " ")
  for w in s:gmatch("%S+") do
    if w:find("[%w\128-\255]") then
      n = n + 1
    end
  end
  return n
end

--- Parse `text`; the previous snapshot when the text is the same.
function Session:parse(text)
  argcheck(type(text) == "string", 1, "parse", "string expected, got " .. type(text))
  local last = self._last
  if last and last.text == text then
    return last
  end
  local doc, err, code = self.core.parse(text, { rules = self.compiled.rules, lexicon = self._c.lexicon })
  if not doc then
    return nil, err, code
  end
  local snap = { doc = doc, text = text, len = #text, _ranges = {}, _ent = {} }
  -- quotes, with speaker colours given in document order
  local quotes, by_index = doc:quotes(), {}
  local colored = self.compiled.speaker_colors
  for i = 1, #quotes do
    local q = quotes[i]
    if q.speaker and colored then
      q.slot = self:_slot(q.speaker)
      q.group = "NewsmarkSpeaker" .. q.slot
    else
      q.group = M.group_name("quote")
    end
    by_index[q.index] = q
  end
  snap.quotes, snap._qbyindex = quotes, by_index
  self._last = snap
  return snap
end

local function check_snap(snap, fname)
  argcheck(type(snap) == "table" and snap.doc ~= nil, 1, fname, "snapshot expected")
end

-- The range of span `s` (a doc span table), or false when it is not shown.
function Session:_range(snap, s)
  local r = snap._ranges[s.index]
  if r ~= nil then
    return r
  end
  local kind = s.kind
  r = false
  if self.compiled.show[kind] ~= false then
    local c = self._c
    local group = M.group_name(kind)
    local entity, speaker, slot, rule
    if kind == "quote" then
      local q = snap._qbyindex[s.index]
      if q then
        group, slot, speaker, entity = q.group, q.slot, q.speaker, q.speaker_id
      end
    elseif kind == "cue" then
      local q = s.link and snap._qbyindex[s.link]
      speaker = q and q.speaker
    elseif kind == "rule" then
      rule = s.rule
      group = rule and c.rule_group[rule] or group
    elseif ENTITY_KINDS[kind] then
      entity = s.link
    end
    local st = c.by_group[group]
    if st and (st.sgr ~= "" or slot) then
      r = {
        start = s.start,
        finish = s.finish,
        kind = kind,
        group = group,
        sgr = st.sgr,
        hex = st.hex,
        priority = PRIORITY[kind] or 0,
        entity = entity,
        speaker = speaker,
        slot = slot,
        rule = rule,
        index = s.index,
      }
    end
  end
  snap._ranges[s.index] = r
  return r
end

--- Styled ranges overlapping [from, to) (default: the whole text).
function Session:ranges(snap, from, to)
  check_snap(snap, "ranges")
  argcheck(from == nil or type(from) == "number", 2, "ranges", "number expected")
  argcheck(to == nil or type(to) == "number", 3, "ranges", "number expected")
  local doc = snap.doc
  local spans
  if from == nil and to == nil then
    spans = doc:spans()
  else
    from = math.max(from or 0, 0)
    to = math.min(to or snap.len, snap.len)
    if to <= from then
      -- an empty range at the end still shows what covers it
      if from >= snap.len then
        return {}
      end
      to = from + 1
    end
    spans = doc:range(from, to)
  end
  local out, n = {}, 0
  for i = 1, #spans do
    local r = self:_range(snap, spans[i])
    if r then
      n = n + 1
      out[n] = r
    end
  end
  return out
end

--- Every style ranges() can use.
function Session:styles()
  return self._c.styles
end

--- The quotes in document order; with from/to, those overlapping
-- [from, to) (found through the span index, not by a scan).
function Session:quotes(snap, from, to)
  check_snap(snap, "quotes")
  if from == nil and to == nil then
    return snap.quotes
  end
  argcheck(type(from) == "number" and type(to) == "number", 2, "quotes", "two offsets expected")
  local out = {}
  if to > from then
    for _, s in ipairs(snap.doc:range(math.max(from, 0), to, "quote")) do
      out[#out + 1] = snap._qbyindex[s.index]
    end
  end
  return out
end

--- Entities of one kind (or all), most mentioned first.
function Session:entities(snap, kind)
  check_snap(snap, "entities")
  argcheck(kind == nil or type(kind) == "string", 2, "entities", "string expected")
  local key = kind or "*"
  local list = snap._ent[key]
  if list then
    return list
  end
  list = {}
  for _, e in ipairs(snap.doc:entities(kind)) do
    local spans, first = {}, math.huge
    for i, m in ipairs(e.mentions) do
      spans[i] = { start = m.start, finish = m.finish }
      if m.start < first then
        first = m.start
      end
    end
    list[#list + 1] = {
      id = e.id,
      kind = e.kind,
      name = e.name,
      role = e.role,
      mentions = #e.mentions,
      quotes = e.quotes,
      first = first < math.huge and first or nil,
      spans = spans,
    }
  end
  table.sort(list, function(a, b)
    if a.mentions ~= b.mentions then
      return a.mentions > b.mentions
    end
    return (a.first or math.huge) < (b.first or math.huge) or (a.first == b.first and a.id < b.id)
  end)
  snap._ent[key] = list
  return list
end

--- The people, most mentioned first.
function Session:people(snap)
  check_snap(snap, "people")
  return self:entities(snap, "person")
end

function Session:_entity(snap, id)
  if not id then
    return nil
  end
  local byid = snap._entbyid
  if not byid then
    byid = {}
    for _, e in ipairs(self:entities(snap)) do
      byid[e.id] = e
    end
    snap._entbyid = byid
  end
  return byid[id]
end

--- Speakers of the attributed quotes, most quotes first.
function Session:speakers(snap)
  check_snap(snap, "speakers")
  if snap._speakers then
    return snap._speakers
  end
  local list, by = {}, {}
  for _, q in ipairs(snap.quotes) do
    if q.speaker then
      local s = by[q.speaker]
      if not s then
        local e = self:_entity(snap, q.speaker_id)
        s = {
          speaker = q.speaker,
          speaker_id = q.speaker_id,
          kind = q.speaker_kind,
          quotes = e and e.quotes or 0,
          spans = 0,
          words = 0,
          first = q.start,
          slot = q.slot,
          group = q.group,
        }
        by[q.speaker] = s
        list[#list + 1] = s
      end
      s.spans = s.spans + 1
      s.words = s.words + count_words(q.text)
    end
  end
  for _, s in ipairs(list) do
    if s.quotes == 0 then
      s.quotes = s.spans
    end
  end
  table.sort(list, function(a, b)
    if a.quotes ~= b.quotes then
      return a.quotes > b.quotes
    elseif a.words ~= b.words then
      return a.words > b.words
    end
    return a.first < b.first
  end)
  snap._speakers = list
  return list
end

--- What is at `offset`: { quote =, entity =, span = } or nil.
function Session:at(snap, offset)
  check_snap(snap, "at")
  argcheck(type(offset) == "number", 2, "at", "number expected")
  if offset < 0 or offset >= snap.len then
    return nil
  end
  local quote, entity_id, span
  for _, s in ipairs(snap.doc:range(offset, offset + 1)) do
    local k = s.kind
    if k == "quote" then
      quote = snap._qbyindex[s.index] or quote
      span = s
    elseif k == "cue" then
      quote = s.link and snap._qbyindex[s.link] or quote
      span = s
    elseif ENTITY_KINDS[k] and s.link then
      entity_id = s.link
      span = s
    end
  end
  if not quote and not entity_id then
    return nil
  end
  local entity = self:_entity(snap, entity_id or (quote and quote.speaker_id))
  return {
    quote = quote,
    entity = entity,
    span = span and { start = span.start, finish = span.finish, kind = span.kind },
  }
end

-- Index of the last quote starting at or before `offset` (0 when none).
local function last_at_or_before(quotes, offset)
  local lo, hi = 1, #quotes
  local found = 0
  while lo <= hi do
    local mid = math.floor((lo + hi) / 2)
    if quotes[mid].start <= offset then
      found, lo = mid, mid + 1
    else
      hi = mid - 1
    end
  end
  return found
end

--- The next (dir >= 0) or previous (dir < 0) quote from `offset`.
function Session:next_quote(snap, offset, dir, wrap)
  check_snap(snap, "next_quote")
  argcheck(type(offset) == "number", 2, "next_quote", "number expected")
  local quotes = snap.quotes
  local n = #quotes
  if n == 0 then
    return nil
  end
  local i = last_at_or_before(quotes, offset)
  if (dir or 1) >= 0 then
    i = i + 1
    if i > n then
      return wrap and quotes[1] or nil
    end
    return quotes[i]
  end
  if i >= 1 and quotes[i].start == offset then
    i = i - 1
  end
  if i < 1 then
    return wrap and quotes[n] or nil
  end
  return quotes[i]
end

--- The next/previous quote by the speaker of the quote at `offset`.
function Session:next_by_speaker(snap, offset, dir, wrap)
  check_snap(snap, "next_by_speaker")
  argcheck(type(offset) == "number", 2, "next_by_speaker", "number expected")
  local quotes = snap.quotes
  local i = last_at_or_before(quotes, offset)
  -- prefer a quote that contains offset (a nested one starts later)
  local ref = quotes[i]
  for j = i, 1, -1 do
    if quotes[j].start <= offset and offset < quotes[j].finish then
      ref = quotes[j]
      break
    end
  end
  if not ref then
    return nil, "no quote here"
  end
  if not ref.speaker then
    return nil, "this quote has no speaker"
  end
  local n = #quotes
  local k
  for j = 1, n do
    if quotes[j] == ref then
      k = j
      break
    end
  end
  local step = (dir or 1) >= 0 and 1 or -1
  for s = 1, n - 1 do
    local j = k + step * s
    if j < 1 or j > n then
      if not wrap then
        break
      end
      j = (j - 1) % n + 1
    end
    if quotes[j].speaker == ref.speaker then
      return quotes[j]
    end
  end
  return nil, ("no %s quote by %s"):format(step > 0 and "later" or "earlier", ref.speaker)
end

--- "— Speaker" for a quote, or nil when it has no speaker.
function Session:label(snap, quote)
  check_snap(snap, "label")
  argcheck(type(quote) == "table", 2, "label", "quote expected")
  if not quote.speaker then
    return nil
  end
  return "\226\128\148 " .. quote.speaker
end

--- The document rendered as `format` (json, jsonl, html, brat, ansi, dump).
function Session:export(snap, format, opts)
  check_snap(snap, "export")
  argcheck(FORMATS[format], 2, "export", "unknown format " .. tostring(format))
  argcheck(opts == nil or type(opts) == "table", 3, "export", "table expected")
  return snap.doc:render(format, {
    name = opts and opts.name,
    ansi_styles = self.compiled.ansi_styles,
  })
end

return M

--- newsmark.interop: annotations in and out of other tools' formats
-- (docs/formats.md): brat standoff (.txt + .ann), doccano JSONL, and the
-- JSON of FORMAT.md / the sidecar. Pure Lua for 5.4, 5.3 and LuaJIT; no
-- editor API, no globals.
--
-- Export takes an annotation store (newsmark.annotate) and writes what the
-- format can hold. Import reads a file into a list of spans and applies
-- them to a fresh store over the automatic analysis (`M.apply`): a span
-- that is exactly an automatic one keeps or decides it, any other becomes
-- a manual span, and an automatic span the file leaves out is rejected.
-- So store -> format -> store gives back what the format holds.
--
-- Offsets: the store counts bytes (docs/spans.md); brat and doccano count
-- characters (code points). An invalid UTF-8 byte counts as one character,
-- as in `newsmark --format brat` (core/src/render.c).
--
-- Error convention (docs/lua.md): misuse raises; a malformed file returns
-- nil, "NAME:LINE: message".
local annotate = require("newsmark.annotate")
local json = require("newsmark.json")

local M = {}

local BUILTIN, STATUS = {}, {}
for _, k in ipairs(annotate.KINDS) do
  BUILTIN[k] = true
end
for _, k in ipairs(annotate.STATUSES) do
  STATUS[k] = true
end

------------------------------------------------------------ characters

-- The length in bytes of the character at byte `i` (1-based) of `s`, by
-- the core's rule (core/src/text.h): a well-formed UTF-8 sequence, else
-- one byte. Also returns the code point (U+FFFD for an invalid byte).
local function char_at(s, i)
  local c = s:byte(i)
  if c < 0x80 then
    return 1, c
  end
  local need, value
  if c >= 0xC2 and c <= 0xDF then
    need, value = 1, c - 0xC0
  elseif c >= 0xE0 and c <= 0xEF then
    need, value = 2, c - 0xE0
  elseif c >= 0xF0 and c <= 0xF4 then
    need, value = 3, c - 0xF0
  else
    return 1, 0xFFFD
  end
  if #s - i < need then
    return 1, 0xFFFD
  end
  for k = 1, need do
    local b = s:byte(i + k)
    if b < 0x80 or b >= 0xC0 then
      return 1, 0xFFFD
    end
    value = value * 64 + (b - 0x80)
  end
  if (need == 2 and (value < 0x800 or (value >= 0xD800 and value <= 0xDFFF)))
    or (need == 3 and (value < 0x10000 or value > 0x10FFFF)) then
    return 1, 0xFFFD
  end
  return need + 1, value
end

--- The character index of `text`: `idx.nchars`; `idx.byte(c)` the byte
-- offset of character offset `c` (0-based, `c == nchars` is the end);
-- `idx.char(b)` the character offset of byte offset `b` (a byte inside a
-- character counts as that character's start); `idx.cp(c)` the code point
-- of character `c`.
function M.char_index(text)
  local starts, cps, of_byte = {}, {}, {}
  local i, n = 1, 0
  while i <= #text do
    local len, cp = char_at(text, i)
    starts[n + 1], cps[n + 1] = i - 1, cp
    for k = 0, len - 1 do
      of_byte[i - 1 + k] = n
    end
    n = n + 1
    i = i + len
  end
  starts[n + 1] = #text
  of_byte[#text] = n
  return {
    nchars = n,
    byte = function(c)
      return starts[c + 1]
    end,
    char = function(b)
      return of_byte[b]
    end,
    cp = function(c)
      return cps[c + 1]
    end,
  }
end

-- The bytes [a, b) of `s` as brat's text field shows them: U+FFFD for each
-- invalid byte, as the core's renderer writes it (json.clean_utf8 would
-- write one per invalid sequence, as Python does).
local function field_text(s, a, b)
  local out, i = {}, a + 1
  while i <= b do
    local len, cp = char_at(s, i)
    if len == 1 and cp == 0xFFFD then
      out[#out + 1] = "\239\191\189"
    else
      out[#out + 1] = s:sub(i, i + len - 1)
    end
    i = i + len
  end
  return table.concat(out)
end

-- What brat (Python's str.splitlines over the .ann file) takes for a line
-- break; a text field cannot hold one, so spans are cut at them.
local function is_break(cp)
  return cp == 10 or cp == 13 or cp == 11 or cp == 12 or (cp >= 0x1C and cp <= 0x1E)
    or cp == 0x85 or cp == 0x2028 or cp == 0x2029
end

-- One line: line breaks and tabs as spaces (notes, names).
local function one_line(s)
  local out, i = {}, 1
  s = json.clean_utf8(s)
  while i <= #s do
    local len, cp = char_at(s, i)
    if is_break(cp) or cp == 9 then
      out[#out + 1] = " "
    else
      out[#out + 1] = s:sub(i, i + len - 1)
    end
    i = i + len
  end
  return table.concat(out)
end

-- Is `t` usable as a JSON array (an array, or an empty object: `{}`)?
local function arrayish(t)
  return type(t) == "table" and (json.is_array(t) or next(t) == nil)
end

local function fold(s)
  return (tostring(s):lower():gsub("%s+", " "):gsub("^ ", ""):gsub(" $", ""))
end

local function is_int(v)
  return type(v) == "number" and v >= 0 and v == math.floor(v)
end

---------------------------------------------------------------- labels

-- The built-in kinds and their names in brat and doccano (the names of
-- `newsmark --format brat`; Place is read as Location's synonym).
M.TYPES = {
  person = "Person",
  organization = "Organization",
  place = "Location",
  quote = "Quote",
  scare_quote = "ScareQuote",
  speaker_ref = "SpeakerRef",
}
local KIND_OF = { Place = "place" }
for k, v in pairs(M.TYPES) do
  KIND_OF[v] = k
end
--- Types of `newsmark --format brat` that are analysis output, not
-- annotations: skipped on import (with the relations that use them).
M.SKIP_TYPES = { Cue = true, Role = true }

local CLASS = {
  person = "name",
  organization = "name",
  place = "name",
  quote = "quote",
  scare_quote = "quote",
}

-- A label as a brat type: [A-Za-z0-9_.-] only (as the core writes rule
-- labels); brat types cannot hold a space.
local function brat_type(kind)
  return M.TYPES[kind] or (kind:gsub("[^%w_%.%-]", "_"))
end

local function kind_of(label)
  return KIND_OF[label] or label
end

-- The spans a person sees, in order; with `rejected`, the rejected ones
-- too (brat can say so; doccano cannot, and leaves them out).
local function export_spans(store, rejected)
  return store:spans(nil, { rejected = rejected })
end

-- The mention a quote's speaker is linked to: among `names` (exported
-- name spans, not rejected) those of the speaker's entity, the one nearest
-- the quote and outside it (before it on a tie).
local function speaker_mention(q, names)
  local want = fold(q.speaker)
  local best, best_d
  for _, m in ipairs(names) do
    if m.status ~= "rejected" and fold(m.entity or m.text) == want then
      local d
      if m.finish <= q.start then
        d = q.start - m.finish
      elseif m.start >= q.finish then
        d = m.start - q.finish + 0.5 -- after the quote loses a tie
      end
      if d and (not best_d or d < best_d) then
        best, best_d = m, d
      end
    end
  end
  return best
end

------------------------------------------------------------------ brat

-- The fragments of byte range [s, f) cut at line breaks, in characters:
-- a list of { cs, ce } and their texts joined by a space.
local function fragments(idx, text, s, f)
  local frags, texts = {}, {}
  local c, ce = idx.char(s), idx.char(f)
  local open
  while c < ce do
    if is_break(idx.cp(c)) then
      open = nil
    else
      if not open then
        open = { c, c + 1 }
        frags[#frags + 1] = open
      else
        open[2] = c + 1
      end
    end
    c = c + 1
  end
  for i, fr in ipairs(frags) do
    texts[i] = field_text(text, idx.byte(fr[1]), idx.byte(fr[2]))
  end
  return frags, table.concat(texts, " ")
end

--- The brat `.ann` text of a store (its `.txt` is `store.text`, byte for
-- byte). Every span a person sees and every rejected one is a T line
-- (`T1\tQuote 12 40;41 60\ttext`: cut into fragments at line breaks, as
-- the core does); a status other than automatic is an attribute
-- (`A1\tStatus T1 accepted`); a quote's speaker is a relation to the
-- nearest mention of that entity (`R1\tSpeaker Arg1:T1 Arg2:T4`), or,
-- when the speaker has no mention, a comment `#1\tSpeaker T1\tNAME`; a
-- note is `#2\tAnnotatorNotes T1\tnote` (line breaks and tabs as spaces).
-- Returns the text and the number of spans that could not be written
-- (those made only of line breaks).
function M.to_brat(store)
  local text = store.text
  local idx = M.char_index(text)
  local lines, attrs, rels, notes = {}, {}, {}, {}
  local tid, names = {}, {}
  local skipped = 0
  local spans = export_spans(store, true)
  for _, s in ipairs(spans) do
    local frags, ftext = fragments(idx, text, s.start, s.finish)
    if #frags == 0 then
      skipped = skipped + 1
    else
      local n = #lines + 1
      tid[s.id] = n
      local parts = {}
      for i, fr in ipairs(frags) do
        parts[i] = fr[1] .. " " .. fr[2]
      end
      lines[n] = ("T%d\t%s %s\t%s"):format(n, brat_type(s.kind), table.concat(parts, ";"), ftext)
      if s.status ~= "automatic" then
        attrs[#attrs + 1] = ("A%d\tStatus T%d %s"):format(#attrs + 1, n, s.status)
      end
      if s.note then
        notes[#notes + 1] = { n, "AnnotatorNotes", s.note }
      end
      if CLASS[s.kind] == "name" then
        names[#names + 1] = s
      end
    end
  end
  for _, s in ipairs(spans) do
    if s.kind == "quote" and s.speaker and tid[s.id] then
      local m = speaker_mention(s, names)
      if m and tid[m.id] then
        rels[#rels + 1] = ("R%d\tSpeaker Arg1:T%d Arg2:T%d"):format(#rels + 1, tid[s.id], tid[m.id])
      else
        notes[#notes + 1] = { tid[s.id], "Speaker", s.speaker }
      end
    end
  end
  table.sort(notes, function(a, b)
    if a[1] ~= b[1] then
      return a[1] < b[1]
    end
    return a[2] < b[2]
  end)
  local out = {}
  for _, l in ipairs(lines) do
    out[#out + 1] = l
  end
  for _, l in ipairs(attrs) do
    out[#out + 1] = l
  end
  for _, l in ipairs(rels) do
    out[#out + 1] = l
  end
  for i, nt in ipairs(notes) do
    out[#out + 1] = ("#%d\t%s T%d\t%s"):format(i, nt[2], nt[1], one_line(nt[3]))
  end
  return #out > 0 and table.concat(out, "\n") .. "\n" or "", skipped
end

-- The lines of a string with their numbers (a final line without "\n"
-- too); a "\r" before "\n" is dropped.
local function each_line(s)
  local pos, n = 1, 0
  return function()
    if pos > #s then
      return nil
    end
    local e = s:find("\n", pos, true)
    local line = s:sub(pos, (e or #s + 1) - 1)
    pos = (e or #s) + 1
    n = n + 1
    if line:sub(-1) == "\r" then
      line = line:sub(1, -2)
    end
    return n, line
  end
end

--- Read a brat `.ann` over its `.txt` `text`. `opts.name` names the file
-- in messages (default "<ann>"). Returns `{ spans = { span, … }, warnings
-- = { msg, … } }` or nil, "NAME:LINE: message". Each span: `kind`, `start`,
-- `finish` (bytes), `status` (from a Status attribute, else nil), `note`,
-- and for a quote `speaker_set = true` with `speaker_span` (the Arg2 of a
-- Speaker relation) or `speaker` (a name, or nil for none).
--
-- Checked: every line's shape, ids unique, offsets within the text and in
-- order, the text field equal to the text at the offsets (fragments joined
-- by a space), references to existing annotations, Status values. A
-- discontinuous span is taken as its hull (first start to last end); when
-- a gap holds more than line breaks, a warning says so. Events (E),
-- normalizations (N), equivalences (*) and other attributes and relations
-- are ignored with a warning; the core's analysis types Cue and Role, the
-- relations that use them, and its machine notes (`entity: NAME`,
-- `speaker: NAME; method: …`) are skipped silently.
function M.from_brat(text, ann, opts)
  opts = opts or {}
  local name = opts.name or "<ann>"
  local idx = M.char_index(text)
  local tb, order, attrs, rels, notes, warnings = {}, {}, {}, {}, {}, {}
  local seen = {}
  local function fail(n, msg)
    return nil, ("%s:%d: %s"):format(name, n, msg)
  end
  for n, line in each_line(ann) do
    if not line:match("^%s*$") then
      local id, rest = line:match("^([^\t]+)\t(.*)$")
      if not id then
        return fail(n, "expected an id and a tab")
      end
      local c = id:sub(1, 1)
      if c ~= "*" then
        if not id:match("^[A-Za-z#]%d+") then
          return fail(n, "bad id '" .. id .. "'")
        end
        if seen[id] then
          return fail(n, ("id %s used twice (also line %d)"):format(id, seen[id]))
        end
        seen[id] = n
      end
      if c == "T" then
        local head, stext = rest:match("^([^\t]*)\t(.*)$")
        if not head then
          return fail(n, id .. ": expected TYPE START END, a tab and the text")
        end
        local typ, offs = head:match("^(%S+) (.+)$")
        if not typ then
          return fail(n, id .. ": expected TYPE START END")
        end
        local frags = {}
        for part in (offs .. ";"):gmatch("([^;]*);") do
          local a, b = part:match("^(%d+) (%d+)$")
          if not a then
            return fail(n, ("%s: bad offsets '%s' (START END[;START END]...)"):format(id, offs))
          end
          a, b = tonumber(a), tonumber(b)
          if a >= b then
            return fail(n, ("%s: empty or reversed span %d %d"):format(id, a, b))
          end
          if b > idx.nchars then
            return fail(n, ("%s: offset %d is past the end of the text (%d characters)"):format(
              id, b, idx.nchars))
          end
          if #frags > 0 and a < frags[#frags][2] then
            return fail(n, ("%s: fragments overlap or are out of order ('%s')"):format(id, offs))
          end
          frags[#frags + 1] = { a, b }
        end
        local texts = {}
        for i, fr in ipairs(frags) do
          texts[i] = field_text(text, idx.byte(fr[1]), idx.byte(fr[2]))
        end
        local want = table.concat(texts, " ")
        if want ~= stext then
          return fail(n, ("%s: the text '%s' does not match the .txt at %s ('%s')"):format(
            id, stext, offs, want))
        end
        for i = 2, #frags do
          for ch = frags[i - 1][2], frags[i][1] - 1 do
            if not is_break(idx.cp(ch)) then
              warnings[#warnings + 1] = ("%s:%d: %s is discontinuous; taken as one span %d-%d"):format(
                name, n, id, frags[1][1], frags[#frags][2])
              break
            end
          end
        end
        tb[id] = {
          type = typ,
          kind = kind_of(typ),
          start = idx.byte(frags[1][1]),
          finish = idx.byte(frags[#frags][2]),
          line = n,
          skip = M.SKIP_TYPES[typ] or nil,
        }
        order[#order + 1] = id
      elseif c == "A" or c == "M" then
        local aname, target, value = rest:match("^(%S+) (%S+) ?(%S*)%s*$")
        if not aname then
          return fail(n, id .. ": expected NAME TARGET [VALUE]")
        end
        if aname == "Status" then
          if not STATUS[value] then
            return fail(n, ("%s: Status '%s' is not one of automatic, accepted, rejected, manual"):format(
              id, value))
          end
          attrs[#attrs + 1] = { target = target, value = value, line = n }
        else
          warnings[#warnings + 1] = ("%s:%d: attribute %s ignored"):format(name, n, aname)
        end
      elseif c == "R" then
        local rtype, a1, a2 = rest:match("^(%S+) Arg1:(%S+) Arg2:(%S+)%s*$")
        if not rtype then
          return fail(n, id .. ": expected TYPE Arg1:ID Arg2:ID")
        end
        rels[#rels + 1] = { type = rtype, a1 = a1, a2 = a2, line = n, id = id }
      elseif c == "#" then
        local ntype, target, ntext = rest:match("^(%S+) (%S+)\t(.*)$")
        if not ntype then
          ntype, target = rest:match("^(%S+) (%S+)%s*$")
          ntext = ""
        end
        if not ntype then
          return fail(n, id .. ": expected TYPE TARGET, a tab and the text")
        end
        notes[#notes + 1] = { type = ntype, target = target, text = ntext, line = n }
      elseif c == "E" or c == "N" or c == "*" then
        warnings[#warnings + 1] = ("%s:%d: %s annotations are not read; ignored"):format(name, n,
          c == "E" and "event" or c == "N" and "normalization" or "equivalence")
      else
        return fail(n, "unknown annotation type of id '" .. id .. "'")
      end
    end
  end
  local function target(ref, n, what)
    local t = tb[ref]
    if not t then
      return nil, ("%s:%d: %s refers to %s, which is not a text-bound annotation"):format(name, n, what, ref)
    end
    return t
  end
  for _, a in ipairs(attrs) do
    local t, err = target(a.target, a.line, "Status")
    if not t then
      return nil, err
    end
    if t.status then
      return fail(a.line, ("a second Status for %s (line %d)"):format(a.target, t.status_line))
    end
    t.status, t.status_line = a.value, a.line
  end
  for _, r in ipairs(rels) do
    local t1, err = target(r.a1, r.line, r.id)
    local t2
    if t1 then
      t2, err = target(r.a2, r.line, r.id)
    end
    if not t2 then
      return nil, err
    end
    if r.type == "Speaker" then
      if t1.kind ~= "quote" or CLASS[t2.kind] ~= "name" then
        return fail(r.line, ("%s: Speaker goes from a Quote to a Person, Organization or Location, not %s to %s")
          :format(r.id, t1.type, t2.type))
      end
      if t1.speaker_span then
        return fail(r.line, ("a second Speaker for %s (line %d)"):format(r.a1, t1.speaker_line))
      end
      t1.speaker_span, t1.speaker_line = t2, r.line
    elseif not (t1.skip or t2.skip) then
      warnings[#warnings + 1] = ("%s:%d: relation %s ignored"):format(name, r.line, r.type)
    end
  end
  for _, nt in ipairs(notes) do
    local t, err = target(nt.target, nt.line, nt.type)
    if not t then
      return nil, err
    end
    if nt.type == "Speaker" then
      t.speaker_name = nt.text ~= "" and nt.text or nil
      t.speaker_named = true
    elseif nt.type == "AnnotatorNotes" then
      local machine = (t.kind == "quote" and nt.text:match("^speaker: (.-); method: "))
      if machine then
        t.core_speaker = machine ~= "none" and machine or false
      elseif not (CLASS[t.kind] == "name" and nt.text:match("^entity: ")) and nt.text ~= "" then
        t.note = t.note and t.note .. " " .. nt.text or nt.text
      end
    else
      warnings[#warnings + 1] = ("%s:%d: comment type %s ignored"):format(name, nt.line, nt.type)
    end
  end
  local spans = {}
  for _, id in ipairs(order) do
    local t = tb[id]
    if not t.skip then
      local s = { kind = t.kind, start = t.start, finish = t.finish, status = t.status, note = t.note,
        line = t.line }
      t.out = s
      if t.kind == "quote" then
        s.speaker_set = true
        if t.speaker_named then
          s.speaker = t.speaker_name
        elseif t.core_speaker ~= nil and not t.speaker_span then
          s.speaker = t.core_speaker or nil
        end
      end
      spans[#spans + 1] = s
    end
  end
  for _, id in ipairs(order) do
    local t = tb[id]
    if t.out and t.speaker_span and not t.speaker_named then
      t.out.speaker_span = t.speaker_span.out
    end
  end
  return { spans = spans, warnings = warnings }
end

--------------------------------------------------------------- doccano

--- A doccano JSONL line (without "\n") for a store: `{"text": …, "label":
-- [[start, end, "LABEL"], …]}` (sequence labelling export), offsets in
-- characters, the spans a person sees (rejected ones are left out, which
-- is how a rejection comes back). With `opts.relations`, the relation
-- export: `"entities": [{"id", "label", "start_offset", "end_offset"}]`
-- and `"relations": [{"id", "from_id", "to_id", "type": "Speaker"}]` (a
-- speaker without a mention cannot be written). `opts.fields`: extra keys
-- first (an object with its key order, e.g. `{ id = "a1" }`).
function M.to_doccano(store, opts)
  opts = opts or {}
  local text = store.text
  local idx = M.char_index(text)
  local keys, obj = {}, {}
  for _, k in ipairs(opts.fields and json.keys(opts.fields) or {}) do
    keys[#keys + 1], obj[k] = k, opts.fields[k]
  end
  obj.text = text
  keys[#keys + 1] = "text"
  local spans = export_spans(store, false)
  if opts.relations then
    local ents, rels, eid, names = json.array(), json.array(), {}, {}
    for _, s in ipairs(spans) do
      local e = json.object({ id = #ents + 1, label = brat_type(s.kind), start_offset = idx.char(s.start),
        end_offset = idx.char(s.finish) }, { "id", "label", "start_offset", "end_offset" })
      ents[#ents + 1] = e
      eid[s.id] = e.id
      if CLASS[s.kind] == "name" then
        names[#names + 1] = s
      end
    end
    for _, s in ipairs(spans) do
      if s.kind == "quote" and s.speaker then
        local m = speaker_mention(s, names)
        if m then
          rels[#rels + 1] = json.object({ id = #rels + 1, from_id = eid[s.id], to_id = eid[m.id],
            type = "Speaker" }, { "id", "from_id", "to_id", "type" })
        end
      end
    end
    obj.entities, obj.relations = ents, rels
    keys[#keys + 1], keys[#keys + 2] = "entities", "relations"
  else
    local label = json.array()
    for _, s in ipairs(spans) do
      label[#label + 1] = json.array({ idx.char(s.start), idx.char(s.finish), brat_type(s.kind) })
    end
    obj.label = label
    keys[#keys + 1] = "label"
  end
  return json.encode(json.object(obj, keys))
end

-- `data` decoded when it is JSON text; either way it must be an object.
-- Returns the table, or nil and "NAME: why".
local function json_object(data, name)
  local t = data
  if type(data) == "string" then
    local err
    t, err = json.decode(data)
    if t == nil then
      return nil, name .. ": invalid JSON: " .. err
    end
  end
  if type(t) ~= "table" or json.is_array(t) then
    return nil, name .. ": not a JSON object"
  end
  return t
end

--- Read one doccano JSONL record (a line, or its decoded table). Takes the
-- documented export shapes: `label` or `labels` as `[[start, end, "LABEL"],
-- …]`, or `entities` as `[{"id", "label", "start_offset", "end_offset"}, …]`
-- (or triples) with `relations` `[{"from_id", "to_id", "type"}, …]`.
-- Offsets are characters. `opts.name` names it in messages. Returns
-- `{ text =, spans =, warnings =, record = }` or nil, msg. A quote with a
-- `Speaker` relation gets `speaker_set` and that mention as its speaker;
-- the speakers of other quotes are left to the analysis (doccano cannot
-- tell "no speaker" from "no mention to point to").
function M.from_doccano(line, opts)
  opts = opts or {}
  local name = opts.name or "<doccano>"
  local rec, bad = json_object(line, name)
  if not rec then
    return nil, bad
  end
  local text = rec.text
  if type(text) ~= "string" then
    return nil, name .. ': no "text" string'
  end
  local idx = M.char_index(text)
  local spans, warnings, by_id = {}, {}, {}
  local function fail(msg)
    return nil, name .. ": " .. msg
  end
  local function add(where, s, e, label, id)
    if not is_int(s) or not is_int(e) or type(label) ~= "string" or label == "" then
      return fail(where .. ": expected start, end (whole numbers) and a label")
    end
    if s >= e then
      return fail(("%s: empty or reversed span %d %d"):format(where, s, e))
    end
    if e > idx.nchars then
      return fail(("%s: offset %d is past the end of the text (%d characters)"):format(where, e, idx.nchars))
    end
    local sp = { kind = kind_of(label), start = idx.byte(s), finish = idx.byte(e) }
    spans[#spans + 1] = sp
    if id ~= nil then
      if by_id[id] then
        return fail(where .. ": entity id " .. tostring(id) .. " used twice")
      end
      by_id[id] = sp
    end
    return true
  end
  local key, list
  for _, k in ipairs({ "label", "labels", "entities" }) do
    if rec[k] ~= nil then
      if key then
        return fail(("both %q and %q"):format(key, k))
      end
      key, list = k, rec[k]
    end
  end
  if list ~= nil and not arrayish(list) then
    return fail(key .. " is not an array")
  end
  for i, item in ipairs(list or {}) do
    local where = ("%s[%d]"):format(key, i)
    local ok, err
    if type(item) == "table" and json.is_array(item) then
      ok, err = add(where, item[1], item[2], item[3])
    elseif type(item) == "table" then
      ok, err = add(where, item.start_offset, item.end_offset, item.label, item.id)
    else
      ok, err = fail(where .. ": not an array or an object")
    end
    if not ok then
      return nil, err
    end
  end
  local rels = rec.relations
  if rels ~= nil then
    if not arrayish(rels) then
      return fail("relations is not an array")
    end
    for i, r in ipairs(rels) do
      local where = ("relations[%d]"):format(i)
      if type(r) ~= "table" or r.from_id == nil or r.to_id == nil or type(r.type) ~= "string" then
        return fail(where .. ': expected "from_id", "to_id" and "type"')
      end
      local a, b = by_id[r.from_id], by_id[r.to_id]
      if not a or not b then
        return fail(where .. ": no entity with id " .. tostring(a and r.to_id or r.from_id))
      end
      if r.type == "Speaker" then
        if a.kind ~= "quote" or CLASS[b.kind] ~= "name" then
          return fail(where .. ": Speaker goes from a Quote to a Person, Organization or Location")
        end
        if a.speaker_span then
          return fail(where .. ": a second Speaker for one quote")
        end
        a.speaker_span, a.speaker_set = b, true
      else
        warnings[#warnings + 1] = ("%s: %s: relation %s ignored"):format(name, where, r.type)
      end
    end
  end
  return { text = text, spans = spans, warnings = warnings, record = rec }
end

------------------------------------------------------------------ JSON

--- The JSON of a store: its sidecar document (docs/annotations.md), which
-- holds everything (FORMAT.md's keys, then the manual layer).
function M.to_json(store)
  return store:to_json()
end

-- A list of [start, end] pairs: nil, or a message.
local function check_range(where, s, e, text)
  if not is_int(s) or not is_int(e) or s >= e then
    return where .. ": expected whole numbers start < end"
  end
  if e > #text then
    return ("%s: end %d is past the end of the article (%d bytes)"):format(where, e, #text)
  end
end

--- Read FORMAT.md JSON (a gold file, `newsmark --format json`, or a
-- sidecar's FORMAT.md keys) over the article `text` into spans, as
-- `from_brat` returns them: `quotes` (with their `speaker` and, when given,
-- `status` and `note`), `nested_quotes`, the `mentions` of `people`,
-- `organizations` and `places`, `scare_quotes`, and `labels` (`label`,
-- `start`, `end`, `note`). Offsets are bytes. A quote's `text`, when
-- given, must equal the article there. Returns `{ spans =, warnings = }`
-- or nil, "NAME: key[i]: message".
function M.from_format_json(t, text, opts)
  opts = opts or {}
  local name = opts.name or "<json>"
  local spans = {}
  local function fail(msg)
    return nil, name .. ": " .. msg
  end
  local function list(key)
    local l = t[key]
    if l == nil then
      return {}
    end
    if not arrayish(l) then
      return nil, key .. " is not an array"
    end
    return l
  end
  for _, key in ipairs({ "quotes", "nested_quotes" }) do
    local l, err = list(key)
    if not l then
      return fail(err)
    end
    for i, q in ipairs(l) do
      local where = ("%s[%d]"):format(key, i)
      if type(q) ~= "table" then
        return fail(where .. ": not an object")
      end
      local e = check_range(where, q.start, q["end"], text)
      if e then
        return fail(e)
      end
      if type(q.text) == "string" and q.text ~= json.clean_utf8(text:sub(q.start + 1, q["end"])) then
        return fail(where .. ": its text does not match the article at " .. q.start .. "-" .. q["end"])
      end
      local s = { kind = "quote", start = q.start, finish = q["end"], speaker_set = q.speaker ~= nil,
        speaker = type(q.speaker) == "string" and q.speaker or nil,
        status = STATUS[q.status] and q.status or nil,
        note = type(q.note) == "string" and q.note or nil }
      spans[#spans + 1] = s
    end
  end
  for key, kind in pairs({ people = "person", organizations = "organization", places = "place" }) do
    local l, err = list(key)
    if not l then
      return fail(err)
    end
    for i, e in ipairs(l) do
      local where = ("%s[%d]"):format(key, i)
      if type(e) ~= "table" or (e.mentions ~= nil and type(e.mentions) ~= "table") then
        return fail(where .. ": not an object with mentions")
      end
      for j, m in ipairs(e.mentions or {}) do
        local mw = ("%s.mentions[%d]"):format(where, j)
        if type(m) ~= "table" then
          return fail(mw .. ": not [start, end]")
        end
        local me = check_range(mw, m[1], m[2], text)
        if me then
          return fail(me)
        end
        spans[#spans + 1] = { kind = kind, start = m[1], finish = m[2],
          entity = type(e.name) == "string" and e.name or nil }
      end
    end
  end
  local sq, serr = list("scare_quotes")
  if not sq then
    return fail(serr)
  end
  for i, r in ipairs(sq) do
    local where = ("scare_quotes[%d]"):format(i)
    local e
    if type(r) == "table" then
      e = check_range(where, r[1], r[2], text)
    else
      e = where .. ": not [start, end]"
    end
    if e then
      return fail(e)
    end
    spans[#spans + 1] = { kind = "scare_quote", start = r[1], finish = r[2] }
  end
  local labels, lerr = list("labels")
  if not labels then
    return fail(lerr)
  end
  for i, l in ipairs(labels) do
    local where = ("labels[%d]"):format(i)
    if type(l) ~= "table" or type(l.label) ~= "string" or l.label == "" then
      return fail(where .. ": expected an object with a label")
    end
    local e = check_range(where, l.start, l["end"], text)
    if e then
      return fail(e)
    end
    spans[#spans + 1] = { kind = l.label, start = l.start, finish = l["end"],
      note = type(l.note) == "string" and l.note or nil }
  end
  return { spans = spans, warnings = {} }
end

----------------------------------------------------------------- apply

--- Apply imported spans (as `from_brat`, `from_doccano`, `from_format_json`
-- return them) to `store`, a fresh store over the automatic analysis:
--
-- 1. A span exactly on an automatic span of its kind keeps it, with its
--    status (accepted, rejected; automatic or none leaves it), note and
--    speaker; any other span becomes a manual span (`store:label`; names
--    longest first, so a surname joins the full name's entity).
-- 2. A quote with `speaker_set` gets that speaker when it differs from
--    the automatic one (`speaker_span`: the entity of that mention).
-- 3. Unless `opts.missing == "keep"`, every automatic span of a kind in
--    `opts.kinds` (default: every kind) that the spans leave out is
--    rejected, except where a manual or accepted span of its class covers
--    it (it is hidden anyway).
--
-- A `rejected` span with no automatic span under it cannot be kept (there
-- is nothing to reject): it is reported. Returns the store and a list of
-- warnings.
function M.apply(store, spans, opts)
  opts = opts or {}
  local warnings = {}
  -- the automatic spans by kind and range; the analysis can give two of
  -- one kind on one range (a pronoun naming the speaker of two quotes),
  -- and each imported span takes its own
  local autos, all_autos = {}, {}
  for _, s in ipairs(store:spans(nil, { all = true })) do
    if s.automatic then
      local key = s.kind .. ":" .. s.start .. ":" .. s.finish
      autos[key] = autos[key] or {}
      table.insert(autos[key], s)
      all_autos[#all_autos + 1] = s
    end
  end
  local sorted = {}
  for i, s in ipairs(spans) do
    sorted[i] = s
    s._order = i
  end
  table.sort(sorted, function(a, b)
    local an, bn = CLASS[a.kind] == "name", CLASS[b.kind] == "name"
    if an ~= bn then
      return an
    end
    if an and a.finish - a.start ~= b.finish - b.start then
      return a.finish - a.start > b.finish - b.start
    end
    return a._order < b._order
  end)
  local present, covers = {}, {}
  for _, s in ipairs(sorted) do
    local a
    for _, c in ipairs(autos[s.kind .. ":" .. s.start .. ":" .. s.finish] or {}) do
      if not present[c.id] then
        a = c
        break
      end
    end
    if a then
      present[a.id] = true
      s._id = a.id
      if s.note then
        store:note(a.id, s.note)
      end
      if s.status == "accepted" or s.status == "manual" then
        store:accept(a.id)
        covers[#covers + 1] = s
      end
    elseif s.status == "rejected" then
      warnings[#warnings + 1] = ("%s %d-%d is rejected but the analysis has no such span: not kept")
        :format(s.kind, s.start, s.finish)
    else
      local ok, id = pcall(store.label, store, s.start, s.finish, s.kind, s.note)
      if not ok then
        error(id, 2)
      end
      s._id = id
      covers[#covers + 1] = s
    end
  end
  -- speakers, once every mention is in the store
  for _, s in ipairs(sorted) do
    if s.kind == "quote" and s.speaker_set and s._id then
      local who = s.speaker
      if s.speaker_span and s.speaker_span._id then
        local m = store:get(s.speaker_span._id)
        who = m and (m.entity or m.text)
      end
      local cur = store:get(s._id)
      if fold(who or "") ~= fold(cur.speaker or "") then
        store:set_speaker(s._id, who)
      end
    end
  end
  -- statuses last: set_speaker makes a quote accepted
  for _, s in ipairs(sorted) do
    if s._id and s.status == "rejected" then
      store:reject(s._id)
    end
  end
  -- an automatic span the file shows where a manual or accepted span of
  -- its class would hide it was accepted (doccano cannot say so)
  local function covered(a)
    for _, c in ipairs(covers) do
      if c._id ~= a.id and (CLASS[c.kind] or c.kind) == (CLASS[a.kind] or a.kind)
        and c.start < a.finish and a.start < c.finish then
        return true
      end
    end
    return false
  end
  for _, s in ipairs(sorted) do
    if s._id and s.status == nil then
      local cur = store:get(s._id)
      if cur and cur.automatic and cur.status == "automatic" and covered(cur) then
        store:accept(s._id)
      end
    end
  end
  if opts.missing ~= "keep" then
    local kinds = opts.kinds
    for _, a in ipairs(all_autos) do
      if not present[a.id] and (kinds == nil or kinds[a.kind]) then
        if not covered(a) then
          store:reject(a.id)
        end
      end
    end
  end
  for _, s in ipairs(spans) do
    s._order, s._id = nil, nil
  end
  return store, warnings
end

-- The user labels among imported spans (kinds that are not built in).
local function user_labels(spans, labels)
  local out, seen = {}, {}
  for _, l in ipairs(labels or {}) do
    out[#out + 1], seen[l] = l, true
  end
  for _, s in ipairs(spans) do
    if not BUILTIN[s.kind] and not seen[s.kind] then
      out[#out + 1], seen[s.kind] = s.kind, true
    end
  end
  return out
end

-- The options with `kinds`, the kinds whose missing automatic spans are
-- rejected: names, quotes and scare quotes, and whatever else the file
-- has (speaker_ref spans and user labels only when it has some: the core's
-- brat and doccano files never hold speaker_ref spans).
local function with_kinds(opts, spans)
  local o = {}
  for k, v in pairs(opts) do
    o[k] = v
  end
  if not o.kinds then
    o.kinds = { person = true, organization = true, place = true, quote = true, scare_quote = true }
    for _, s in ipairs(spans) do
      o.kinds[s.kind] = true
    end
  end
  return o
end

local function import(parsed, source, text, opts)
  local store = annotate.new(source, text, { labels = user_labels(parsed.spans, opts.labels) })
  local _, warnings = M.apply(store, parsed.spans, opts)
  for _, w in ipairs(warnings) do
    parsed.warnings[#parsed.warnings + 1] = (opts.name and opts.name .. ": " or "") .. w
  end
  return store, parsed.warnings
end

--- Import a brat pair: `text` (the .txt), `ann` (the .ann), `source` (the
-- automatic analysis of `text`: a doc, a snapshot, `{ spans = }` or nil),
-- `opts` (`name`, `labels`, `missing`). Returns a new store and a list of
-- warnings, or nil, msg.
function M.import_brat(text, ann, source, opts)
  opts = opts or {}
  local parsed, err = M.from_brat(text, ann, opts)
  if not parsed then
    return nil, err
  end
  return import(parsed, source, text, with_kinds(opts, parsed.spans))
end

--- Import one doccano record (a line or a table); `analyse(text)` returns
-- the automatic analysis of its text (or nil). Returns a new store, the
-- warnings and the decoded record, or nil, msg.
function M.import_doccano(line, analyse, opts)
  opts = opts or {}
  local parsed, err = M.from_doccano(line, opts)
  if not parsed then
    return nil, err
  end
  local store, warnings = import(parsed, analyse and analyse(parsed.text), parsed.text,
    with_kinds(opts, parsed.spans))
  return store, warnings, parsed.record
end

--- Import JSON over `text`: a sidecar (it has `annotations`: loaded as
-- `annotate.load` would, re-anchored) or FORMAT.md (`from_format_json`,
-- applied like brat; speaker_ref spans and user labels it does not list
-- are left alone). `data`: the JSON text or its decoded table. Returns a
-- new store and a list of warnings (the unanchored annotations of a
-- sidecar among them), or nil, msg.
function M.import_json(data, text, source, opts)
  opts = opts or {}
  local name = opts.name or "<json>"
  local t, err = json_object(data, name)
  if not t then
    return nil, err
  end
  if t.annotations ~= nil then
    if t.version ~= nil and (not is_int(t.version) or t.version > annotate.VERSION) then
      return nil, name .. ": sidecar version " .. tostring(t.version) .. " is newer than this newsmark"
    end
    local store, unanchored = annotate.new(source, text, { data = t, labels = opts.labels })
    local warnings = {}
    for _, u in ipairs(unanchored) do
      warnings[#warnings + 1] = ("%s: %s %q could not be re-anchored (%s)"):format(name, tostring(u.kind),
        tostring(u.selector and u.selector.exact), tostring(u.reason))
    end
    return store, warnings
  end
  local parsed, why = M.from_format_json(t, text, opts)
  if not parsed then
    return nil, why
  end
  return import(parsed, source, text, with_kinds(opts, parsed.spans))
end

------------------------------------------------- the record of the CLI

-- The automatic spans of a FORMAT.md record (the core's JSON): quotes and
-- nested quotes with their speakers, the mentions of each entity with its
-- name, scare quotes. Also returns the original quote objects by range.
local function record_spans(rec)
  local spans, quotes = {}, {}
  for _, key in ipairs({ "quotes", "nested_quotes" }) do
    for _, q in ipairs(type(rec[key]) == "table" and rec[key] or {}) do
      if is_int(q.start) and is_int(q["end"]) then
        spans[#spans + 1] = { kind = "quote", start = q.start, finish = q["end"],
          speaker = type(q.speaker) == "string" and q.speaker or nil,
          speaker_kind = type(q.speaker) == "string" and q.speaker_kind or nil }
        quotes[q.start .. ":" .. q["end"]] = { obj = q, key = key }
      end
    end
  end
  for key, kind in pairs({ people = "person", organizations = "organization", places = "place" }) do
    for _, e in ipairs(type(rec[key]) == "table" and rec[key] or {}) do
      for _, m in ipairs(type(e.mentions) == "table" and e.mentions or {}) do
        if is_int(m[1]) and is_int(m[2]) then
          spans[#spans + 1] = { kind = kind, start = m[1], finish = m[2], entity = e.name }
        end
      end
    end
  end
  for _, r in ipairs(type(rec.scare_quotes) == "table" and rec.scare_quotes or {}) do
    if is_int(r[1]) and is_int(r[2]) then
      spans[#spans + 1] = { kind = "scare_quote", start = r[1], finish = r[2] }
    end
  end
  return spans, quotes
end

local ENTITY_LISTS = { { "people", "person" }, { "organizations", "organization" }, { "places", "place" } }
local QUOTE_KEYS = { "id", "start", "end", "text", "speaker", "speaker_kind", "speaker_id", "method",
  "cue", "partial", "continued", "nested", "unclosed" }

--- Read the sidecar at `path` for applying it: the decoded table, false
-- when there is none, or nil and a message when it cannot be read, is not
-- JSON, is newer than this newsmark, or is not a sidecar (no
-- `annotations` array). What the scripts and the CLI share.
function M.read_sidecar(path)
  local side, err = annotate.read(path)
  if side == nil then
    return nil, err
  end
  if side and not arrayish(side.annotations) then
    return nil, path .. ': not a newsmark sidecar (no "annotations" array; see docs/annotations.md)'
  end
  return side
end

--- The store of a core JSON record with a sidecar merged: the automatic
-- spans taken from the record (as `apply_record` does). Returns the store
-- and its unanchored annotations.
function M.record_store(rec, text, sidecar)
  return annotate.new({ spans = (record_spans(rec)) }, text, { data = sidecar })
end

--- Apply a sidecar to a record of the core's JSON (`newsmark --format
-- json`, decoded) of `text`. `sidecar`: the decoded sidecar (annotate.read).
-- The automatic spans are taken from the record itself, the sidecar's
-- manual layer is merged over them (annotate.new, re-anchored), and the
-- record's FORMAT.md keys are rewritten from the merged view: rejected
-- spans go, manual ones come in (quotes with `"method": "manual"`), a
-- changed speaker is set (`speaker`, `speaker_kind`, `speaker_id`), quotes
-- a person touched get `status` (and `note`, `"manual": true` for manual
-- quotes and changed speakers), new people get new ids with `"manual":
-- true`, and each entity's `quotes` count follows. Spans with user labels
-- go to `"labels"` and annotations that could not be re-anchored to
-- `"unanchored"` (keys added only when not empty). Everything else is
-- left as the core wrote it, so a sidecar that changes nothing gives back
-- the same record. Returns the record (changed in place).
function M.apply_record(rec, text, sidecar)
  local autos, originals = record_spans(rec)
  local store = annotate.new({ spans = autos }, text, { data = sidecar })
  local null = json.null
  local quotes, nested = json.array(), json.array()
  local scare = json.array()
  local labels = json.array()
  local mentions = {} -- kind -> fold(entity name) -> list of [s, e]
  for _, pair in ipairs(ENTITY_LISTS) do
    mentions[pair[2]] = {}
  end
  local before, after = {}, {}
  for _, key in ipairs({ "quotes", "nested_quotes" }) do
    for _, q in ipairs(type(rec[key]) == "table" and rec[key] or {}) do
      if type(q.speaker_id) == "number" then
        before[q.speaker_id] = (before[q.speaker_id] or 0) + 1
      end
    end
  end
  -- entities: the record's, by kind and folded name; then new ones
  local by_name, next_id = {}, 0
  for _, pair in ipairs(ENTITY_LISTS) do
    by_name[pair[2]] = {}
    for _, e in ipairs(type(rec[pair[1]]) == "table" and rec[pair[1]] or {}) do
      if type(e.name) == "string" then
        by_name[pair[2]][fold(e.name)] = e
      end
      if type(e.id) == "number" and e.id >= next_id then
        next_id = e.id + 1
      end
    end
  end
  local added = {}
  local function entity(kind, name)
    local e = by_name[kind] and by_name[kind][fold(name)]
    if not e and by_name[kind] then
      e = json.object({ id = next_id, name = name, role = null, quotes = 0, mentions = json.array(),
        manual = true }, { "id", "name", "role", "quotes", "mentions", "manual" })
      next_id = next_id + 1
      by_name[kind][fold(name)] = e
      added[#added + 1] = { kind, e }
    end
    return e
  end
  local function speaker_entity(name, kind)
    if not name then
      return nil
    end
    for _, k in ipairs({ kind or "person", "person", "organization", "place" }) do
      local e = by_name[k] and by_name[k][fold(name)]
      if e then
        return e, k
      end
    end
    return entity("person", name), "person"
  end
  for _, s in ipairs(store:spans()) do
    if s.kind == "quote" then
      local orig = s.automatic and originals[s.start .. ":" .. s.finish]
      local q
      if orig then
        q = orig.obj
        local was = type(q.speaker) == "string" and q.speaker or ""
        if fold(was) ~= fold(s.speaker or "") then
          local e, k = speaker_entity(s.speaker, s.speaker_kind)
          q.speaker = s.speaker or null
          q.speaker_kind = s.speaker and (k or s.speaker_kind) or "unknown"
          q.speaker_id = e and e.id or null
          q.manual = true
        end
      else
        local e, k = speaker_entity(s.speaker, s.speaker_kind)
        q = json.object({ id = null, start = s.start, ["end"] = s.finish, text = s.text,
          speaker = s.speaker or null, speaker_kind = s.speaker and (k or s.speaker_kind) or "unknown",
          speaker_id = e and e.id or null, method = "manual", cue = null, partial = false,
          continued = false, nested = false, unclosed = false, manual = true }, QUOTE_KEYS)
      end
      if s.status ~= "automatic" then
        q.status = s.status
      end
      q.note = s.note
      if type(q.speaker_id) == "number" then
        after[q.speaker_id] = (after[q.speaker_id] or 0) + 1
      end
      if orig and orig.key == "nested_quotes" then
        nested[#nested + 1] = q
      else
        quotes[#quotes + 1] = q
      end
    elseif s.kind == "scare_quote" then
      scare[#scare + 1] = json.array({ s.start, s.finish })
    elseif mentions[s.kind] then
      local e = entity(s.kind, s.entity or s.text)
      local l = mentions[s.kind][e]
      if not l then
        l = json.array()
        mentions[s.kind][e] = l
      end
      l[#l + 1] = json.array({ s.start, s.finish })
    elseif not BUILTIN[s.kind] then
      labels[#labels + 1] = json.object({ label = s.kind, start = s.start, ["end"] = s.finish,
        text = s.text, note = s.note }, { "label", "start", "end", "text", "note" })
    end
  end
  rec.quotes = quotes
  if rec.nested_quotes ~= nil or #nested > 0 then
    rec.nested_quotes = nested
  end
  for _, pair in ipairs(ENTITY_LISTS) do
    local key, kind = pair[1], pair[2]
    local out = json.array()
    local list = type(rec[key]) == "table" and rec[key] or {}
    for _, a in ipairs(added) do
      if a[1] == kind then
        list[#list + 1] = a[2]
      end
    end
    for _, e in ipairs(list) do
      local ms = mentions[kind][e]
      local had = type(e.mentions) == "table" and #e.mentions or 0
      local id = e.id
      local speaks = type(id) == "number" and (after[id] or 0) > 0
      if ms or speaks or (had == 0 and not e.manual) then
        e.mentions = ms or json.array()
        if type(id) == "number" and type(e.quotes) == "number" then
          e.quotes = e.quotes + (after[id] or 0) - (before[id] or 0)
        end
        out[#out + 1] = e
      end
    end
    rec[key] = out
  end
  rec.scare_quotes = scare
  if #labels > 0 then
    rec.labels = labels
  end
  if #store.unanchored > 0 then
    local un = json.array()
    for _, u in ipairs(store.unanchored) do
      un[#un + 1] = json.object({ id = u.id, kind = u.kind, status = u.status, exact = u.selector
        and u.selector.exact or null, reason = u.reason or null }, { "id", "kind", "status", "exact", "reason" })
    end
    rec.unanchored = un
  end
  return rec
end

return M

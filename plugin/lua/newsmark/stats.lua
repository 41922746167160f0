--- newsmark.stats: who is quoted in a corpus, how often and at what length
-- (newsmark-stats, docs/scripts.md). Works on annotation records (the
-- FORMAT.md JSON that `doc:render("json")` and newsmark-annotate write),
-- so it counts the same way whether the articles are parsed now or were
-- annotated before.
--
--   local acc = stats.new()
--   acc:add(record [, text])          once per article
--   local res = acc:result({ top = 10 })
--   io.write(stats.format(res, "table" | "csv" | "json"))
--
-- Pure Lua; runs under Lua 5.4, 5.3 and LuaJIT.
local json = require("newsmark.json")

local M = {}

local null = json.null

local function str(v)
  if type(v) == "string" and v ~= "" then
    return v
  end
  return nil
end

local function fold(s)
  return (s:lower():gsub("%s+", " "):gsub("^ ", ""):gsub(" $", ""))
end

-- Quote marks, dashes, ellipsis and other punctuation that is not part of a
-- word when it stands alone (UTF-8).
local PUNCT = {
  "\226\128\156", -- “
  "\226\128\157", -- ”
  "\226\128\152", -- ‘
  "\226\128\153", -- ’
  "\226\128\148", -- —
  "\226\128\147", -- –
  "\226\128\166", -- …
  "\194\171", -- «
  "\194\187", -- »
  "\226\128\158", -- „
  "\226\128\185", -- ‹
  "\226\128\186", -- ›
}

--- The number of words in `s`: white-space separated tokens that hold a
-- letter or a digit (any non-ASCII character counts as a letter, but quote
-- marks, dashes and the ellipsis do not).
function M.words(s)
  if type(s) ~= "string" then
    return 0
  end
  for _, p in ipairs(PUNCT) do
    s = s:gsub(p, " ")
  end
  local n = 0
  for token in s:gmatch("%S+") do
    if token:find("[%w\128-\255]") then
      n = n + 1
    end
  end
  return n
end

-- Does `role` name `org` as a word sequence (case-insensitive)?
local function words_of(s)
  return (fold(s):gsub("[^%w\128-\255]+", " "):gsub("^ ", ""):gsub(" $", ""))
end

local function names_in(role, org)
  local o = words_of(org)
  if o == "" then
    return false
  end
  return (" " .. words_of(role) .. " "):find(" " .. o .. " ", 1, true) ~= nil
end

local Acc = {}
Acc.__index = Acc

--- A new, empty accumulator.
function M.new()
  return setmetatable({
    articles = 0,
    quotes = 0,
    words = 0,
    unattributed = 0,
    unattributed_words = 0,
    speakers = {}, -- key -> entry
    speaker_order = {},
    orgs = {},
    org_order = {},
  }, Acc)
end

local function get_speaker(acc, name, kind)
  local key = kind .. "\0" .. fold(name)
  local e = acc.speakers[key]
  if not e then
    e = { name = name, kind = kind, quotes = 0, words = 0, articles = 0, seen = nil }
    acc.speakers[key] = e
    acc.speaker_order[#acc.speaker_order + 1] = key
  end
  return e
end

local function get_org(acc, name)
  local key = fold(name)
  local e = acc.orgs[key]
  if not e then
    e = { name = name, quotes = 0, words = 0, speakers = {}, nspeakers = 0, articles = 0 }
    acc.orgs[key] = e
    acc.org_order[#acc.org_order + 1] = key
  end
  return e
end

-- The organization a person speaks for: the longest name of an
-- organization of the article (its canonical name or, with the text, a
-- mention of it) that the person's role contains.
local function org_of_role(role, orgs)
  local best, best_len
  for _, o in ipairs(orgs) do
    for _, form in ipairs(o.forms) do
      if #form > (best_len or 0) and names_in(role, form) then
        best, best_len = o.name, #form
      end
    end
  end
  return best
end

--- Count one article. `rec` is an annotation record (FORMAT.md: `quotes`
-- with `speaker`, `speaker_kind`, `speaker_id` and `text`; `people` and
-- `organizations` with `id`, `name`, `role`, `mentions`). `text`, the
-- article (default `rec.text`), lets mentions of an organization count as
-- its names when matching roles ("JPL Director"). Raises when `rec` is not
-- a table.
function Acc:add(rec, text)
  if type(rec) ~= "table" then
    error("bad argument #1 to 'add' (table expected, got " .. type(rec) .. ")", 2)
  end
  text = type(text) == "string" and text or str(rec.text)
  self.articles = self.articles + 1
  local by_id, by_name = {}, {}
  for _, key in ipairs({ "people", "organizations" }) do
    local list = rec[key]
    for _, e in ipairs(type(list) == "table" and list or {}) do
      if type(e) == "table" then
        if e.id ~= nil and e.id ~= null then
          by_id[e.id] = e
        end
        if str(e.name) then
          by_name[fold(e.name)] = by_name[fold(e.name)] or e
        end
      end
    end
  end
  local orgs = {}
  for _, o in ipairs(type(rec.organizations) == "table" and rec.organizations or {}) do
    if type(o) == "table" and str(o.name) then
      local forms, seen = { o.name }, { [fold(o.name)] = true }
      if text then
        for _, m in ipairs(type(o.mentions) == "table" and o.mentions or {}) do
          if type(m) == "table" and type(m[1]) == "number" and type(m[2]) == "number" then
            local form = text:sub(m[1] + 1, m[2])
            if form ~= "" and not seen[fold(form)] then
              seen[fold(form)] = true
              forms[#forms + 1] = form
            end
          end
        end
      end
      orgs[#orgs + 1] = { name = o.name, forms = forms }
    end
  end
  local in_article, org_in_article = {}, {}
  for _, q in ipairs(type(rec.quotes) == "table" and rec.quotes or {}) do
    if type(q) == "table" then
      local n = M.words(q.text)
      self.quotes = self.quotes + 1
      self.words = self.words + n
      local name = str(q.speaker)
      if not name then
        self.unattributed = self.unattributed + 1
        self.unattributed_words = self.unattributed_words + n
      else
        local kind = str(q.speaker_kind) or "unknown"
        local sp = get_speaker(self, name, kind)
        sp.quotes = sp.quotes + 1
        sp.words = sp.words + n
        if not in_article[sp] then
          in_article[sp] = true
          sp.articles = sp.articles + 1
        end
        -- the organization the quote is counted for
        local org
        if kind == "organization" then
          org = name
        else
          local ent = (q.speaker_id ~= nil and by_id[q.speaker_id]) or by_name[fold(name)]
          local role = ent and str(ent.role)
          if role then
            org = org_of_role(role, orgs)
          end
          if not org and role then
            sp.role = sp.role or role
          end
        end
        if org then
          local o = get_org(self, org)
          o.quotes = o.quotes + 1
          o.words = o.words + n
          local skey = kind .. "\0" .. fold(name)
          if not o.speakers[skey] then
            o.speakers[skey] = true
            o.nspeakers = o.nspeakers + 1
          end
          if not org_in_article[o] then
            org_in_article[o] = true
            o.articles = o.articles + 1
          end
        end
      end
    end
  end
end

local function share(n, total)
  if total == 0 then
    return 0
  end
  return math.floor(n / total * 10000 + 0.5) / 10000
end

local function by_count(a, b)
  if a.quotes ~= b.quotes then
    return a.quotes > b.quotes
  end
  if a.words ~= b.words then
    return a.words > b.words
  end
  return a.name < b.name
end

--- The totals as a table: `{ articles, quotes, words, unattributed =
-- { quotes, words, share }, speakers = { {name, kind, quotes, words,
-- words_per_quote, share, articles}, … }, organizations = { {name, quotes,
-- words, share, speakers, articles}, … } }`, each list sorted by quotes,
-- then words, then name. Shares are fractions of all quotes, rounded to 4
-- places. `opts.top` keeps the first N of each list.
function Acc:result(opts)
  opts = opts or {}
  local res = {
    articles = self.articles,
    quotes = self.quotes,
    words = self.words,
    unattributed = {
      quotes = self.unattributed,
      words = self.unattributed_words,
      share = share(self.unattributed, self.quotes),
    },
    speakers = {},
    organizations = {},
  }
  for _, key in ipairs(self.speaker_order) do
    local e = self.speakers[key]
    res.speakers[#res.speakers + 1] = {
      name = e.name,
      kind = e.kind,
      quotes = e.quotes,
      words = e.words,
      words_per_quote = math.floor(e.words / e.quotes * 10 + 0.5) / 10,
      share = share(e.quotes, self.quotes),
      articles = e.articles,
    }
  end
  for _, key in ipairs(self.org_order) do
    local e = self.orgs[key]
    res.organizations[#res.organizations + 1] = {
      name = e.name,
      quotes = e.quotes,
      words = e.words,
      share = share(e.quotes, self.quotes),
      speakers = e.nspeakers,
      articles = e.articles,
    }
  end
  table.sort(res.speakers, by_count)
  table.sort(res.organizations, by_count)
  local top = tonumber(opts.top)
  if top and top >= 0 then
    for _, list in ipairs({ res.speakers, res.organizations }) do
      for i = #list, top + 1, -1 do
        list[i] = nil
      end
    end
  end
  return res
end

------------------------------------------------------------------ output

local SPEAKER_KEYS = { "name", "kind", "quotes", "words", "words_per_quote", "share", "articles" }
local ORG_KEYS = { "name", "quotes", "words", "share", "speakers", "articles" }

--- `res` as JSON (one object, pretty, key order as in Acc:result).
function M.to_json(res)
  local speakers, orgs = json.array(), json.array()
  for i, s in ipairs(res.speakers) do
    speakers[i] = json.object(s, SPEAKER_KEYS)
  end
  for i, o in ipairs(res.organizations) do
    orgs[i] = json.object(o, ORG_KEYS)
  end
  local obj = json.object({
    articles = res.articles,
    quotes = res.quotes,
    words = res.words,
    unattributed = json.object(res.unattributed, { "quotes", "words", "share" }),
    speakers = speakers,
    organizations = orgs,
  }, { "articles", "quotes", "words", "unattributed", "speakers", "organizations" })
  return json.encode(obj, { indent = 2 }) .. "\n"
end

local function csv_field(v)
  v = tostring(v)
  if v:find('[",\r\n]') then
    return '"' .. v:gsub('"', '""') .. '"'
  end
  return v
end

-- A share with at most 4 decimals and no trailing zeros: 0.1136, 0.5, 0, 1.
local function csv_number(v)
  return (("%.4f"):format(v):gsub("0+$", ""):gsub("%.$", ""))
end

--- `res` as CSV (RFC 4180, "\r\n" line ends): one header, then a row per
-- speaker (`section` speaker), per organization (`organization`), one for
-- the quotes without a named source (`unattributed`) and one for all
-- (`total`, with the article count in `articles`).
function M.to_csv(res)
  local rows = { { "section", "name", "kind", "quotes", "words", "share", "articles" } }
  for _, s in ipairs(res.speakers) do
    rows[#rows + 1] = { "speaker", s.name, s.kind, s.quotes, s.words, csv_number(s.share), s.articles }
  end
  for _, o in ipairs(res.organizations) do
    rows[#rows + 1] = { "organization", o.name, "organization", o.quotes, o.words, csv_number(o.share), o.articles }
  end
  local u = res.unattributed
  rows[#rows + 1] = { "unattributed", "", "", u.quotes, u.words, csv_number(u.share), "" }
  rows[#rows + 1] = { "total", "", "", res.quotes, res.words, csv_number(res.quotes > 0 and 1 or 0), res.articles }
  local out = {}
  for _, r in ipairs(rows) do
    local f = {}
    for i, v in ipairs(r) do
      f[i] = csv_field(v)
    end
    out[#out + 1] = table.concat(f, ",") .. "\r\n"
  end
  return table.concat(out)
end

-- The display width of a UTF-8 string (code points; good enough for names).
local function width(s)
  local _, cont = s:gsub("[\128-\191]", "")
  return #s - cont
end

local function pad(s, w, right)
  s = tostring(s)
  local fill = string.rep(" ", math.max(0, w - width(s)))
  return right and fill .. s or s .. fill
end

local function percent(x)
  return ("%.1f%%"):format(x * 100)
end

local function table_text(title, head, rows, right)
  local w = {}
  for i, h in ipairs(head) do
    w[i] = width(h)
  end
  for _, r in ipairs(rows) do
    for i, v in ipairs(r) do
      w[i] = math.max(w[i], width(tostring(v)))
    end
  end
  local out = { title, "\n" }
  local function line(r)
    local cells = {}
    for i, v in ipairs(r) do
      cells[i] = pad(v, w[i], right[i])
    end
    out[#out + 1] = (table.concat(cells, "  "):gsub("%s+$", "")) .. "\n"
  end
  line(head)
  local rule = {}
  for i = 1, #head do
    rule[i] = string.rep("-", w[i])
  end
  line(rule)
  for _, r in ipairs(rows) do
    line(r)
  end
  if #rows == 0 then
    out[#out + 1] = "(none)\n"
  end
  return table.concat(out)
end

--- `res` as aligned plain-text tables for a terminal.
function M.to_table(res)
  local out = {}
  out[#out + 1] = ("%d articles, %d quotes, %d quoted words; %d quotes (%s) without a named source\n\n"):format(
    res.articles,
    res.quotes,
    res.words,
    res.unattributed.quotes,
    percent(res.unattributed.share)
  )
  local rows = {}
  for _, s in ipairs(res.speakers) do
    rows[#rows + 1] =
      { s.name, s.kind, s.quotes, s.words, ("%.1f"):format(s.words_per_quote), percent(s.share), s.articles }
  end
  out[#out + 1] = table_text(
    "Speakers",
    { "speaker", "kind", "quotes", "words", "words/quote", "share", "articles" },
    rows,
    { false, false, true, true, true, true, true }
  )
  rows = {}
  for _, o in ipairs(res.organizations) do
    rows[#rows + 1] = { o.name, o.quotes, o.words, percent(o.share), o.speakers, o.articles }
  end
  out[#out + 1] = "\n"
  out[#out + 1] = table_text(
    "Organizations (quotes by the organization or by people whose role names it)",
    { "organization", "quotes", "words", "share", "speakers", "articles" },
    rows,
    { false, true, true, true, true, true }
  )
  return table.concat(out)
end

--- `res` in `format`: "table", "csv" or "json". Raises on another name.
function M.format(res, format)
  if format == "table" then
    return M.to_table(res)
  elseif format == "csv" then
    return M.to_csv(res)
  elseif format == "json" then
    return M.to_json(res)
  end
  error("bad argument #2 to 'format' (unknown format '" .. tostring(format) .. "')", 2)
end

return M

#!/usr/bin/env lua5.4
-- gen-lexicons.lua - build the built-in lexicon (core/data/lexicon_data.{c,h})
-- from Debian's data packages.
--
--   lua5.4 scripts/dev/gen-lexicons.lua core/data
--
-- Needs: iso-codes, unicode-cldr-core, wordnet-base, libgeonames-common,
-- libtext-names-perl, ruby-faker (see core/data/README.md). The output is
-- committed, so building the library needs none of them. The output is
-- deterministic: every table is sorted before it is written, so
-- regenerating gives the same bytes.
--
-- A missing Faker or geonames catalog is reported on stderr and that source
-- is skipped; the other packages are required.
--
-- Data paths can be overridden with NM_ISO_DIR, NM_CLDR_DIR, NM_WORDNET_DIR,
-- NM_LOCALEDIR (geonames catalogs), NM_TEXT_NAMES_PM and NM_FAKER_LOCALES.

local OUTDIR = arg[1]
if not OUTDIR then
  io.stderr:write("usage: lua5.4 scripts/dev/gen-lexicons.lua OUTDIR\n")
  os.exit(2)
end

local function first_line(cmd)
  local p = io.popen(cmd)
  local s = p and p:read("l")
  if p then p:close() end
  return s
end

local ISO = os.getenv("NM_ISO_DIR") or "/usr/share/iso-codes/json"
local CLDR = os.getenv("NM_CLDR_DIR") or "/usr/share/unicode/cldr/common"
local WN = os.getenv("NM_WORDNET_DIR") or "/usr/share/wordnet"
local TEXT_NAMES = os.getenv("NM_TEXT_NAMES_PM")
  or "/usr/share/perl5/Text/Names.pm"
local LOCALEDIR = os.getenv("NM_LOCALEDIR") or "/usr/share/locale"
local FAKER = os.getenv("NM_FAKER_LOCALES")
  or first_line("ls -d /usr/share/rubygems-integration/all/gems/faker-*/lib/locales"
    .. " 2>/dev/null | sort -V | tail -n 1")

-- The class bits are read from internal.h so the two cannot drift apart.
local HERE = (arg[0]:match("^(.*)/[^/]*$") or ".")
local INTERNAL_H = HERE .. "/../../core/src/internal.h"

---------------------------------------------------------------- utilities

local function slurp(path)
  local f, err = io.open(path, "rb")
  if not f then
    io.stderr:write("gen-lexicons: cannot read " .. path .. ": " .. tostring(err)
      .. "\n(install the packages named in core/data/README.md)\n")
    os.exit(1)
  end
  local s = f:read("a")
  f:close()
  return s
end

local function sorted_keys(t)
  local k = {}
  for key in pairs(t) do k[#k + 1] = key end
  table.sort(k)
  return k
end

local function set(list)
  local s = {}
  for _, v in ipairs(list) do s[v] = true end
  return s
end

local function words(s)
  local t = {}
  for w in s:gmatch("%S+") do t[#t + 1] = w end
  return t
end

local function fold(s) return (s:gsub("[A-Z]", string.lower)) end

local function trim(s) return (s:gsub("^%s+", ""):gsub("%s+$", "")) end

local function xml_unescape(s)
  return (s:gsub("&(#?%w+);", function(e)
    if e == "amp" then return "&" end
    if e == "lt" then return "<" end
    if e == "gt" then return ">" end
    if e == "quot" then return '"' end
    if e == "apos" then return "'" end
    local n = e:match("^#(%d+)$")
    if n then return utf8.char(tonumber(n)) end
    n = e:match("^#x(%x+)$")
    if n then return utf8.char(tonumber(n, 16)) end
    return "&" .. e .. ";"
  end))
end

-- A small JSON reader: enough for iso-codes (objects, arrays, strings).
local function json_decode(s)
  local pos = 1
  local function ws() pos = s:find("[^ \t\r\n]", pos) or #s + 1 end
  local value
  local function str()
    local out = {}
    pos = pos + 1
    while true do
      local c = s:sub(pos, pos)
      if c == '"' then pos = pos + 1; break end
      if c == "\\" then
        local e = s:sub(pos + 1, pos + 1)
        if e == "u" then
          local cp = tonumber(s:sub(pos + 2, pos + 5), 16)
          pos = pos + 6
          if cp >= 0xD800 and cp <= 0xDBFF and s:sub(pos, pos + 1) == "\\u" then
            local lo = tonumber(s:sub(pos + 2, pos + 5), 16)
            cp = 0x10000 + (cp - 0xD800) * 0x400 + (lo - 0xDC00)
            pos = pos + 6
          end
          out[#out + 1] = utf8.char(cp)
        else
          local map = { b = "\b", f = "\f", n = "\n", r = "\r", t = "\t" }
          out[#out + 1] = map[e] or e
          pos = pos + 2
        end
      elseif c == "" then
        error("unterminated JSON string")
      else
        local j = s:find('["\\]', pos)
        out[#out + 1] = s:sub(pos, j - 1)
        pos = j
      end
    end
    return table.concat(out)
  end
  function value()
    ws()
    local c = s:sub(pos, pos)
    if c == "{" then
      local t = {}
      pos = pos + 1
      ws()
      if s:sub(pos, pos) == "}" then pos = pos + 1; return t end
      while true do
        ws()
        local k = str()
        ws()
        pos = pos + 1 -- ':'
        t[k] = value()
        ws()
        c = s:sub(pos, pos)
        pos = pos + 1
        if c == "}" then return t end
      end
    elseif c == "[" then
      local t = {}
      pos = pos + 1
      ws()
      if s:sub(pos, pos) == "]" then pos = pos + 1; return t end
      while true do
        t[#t + 1] = value()
        ws()
        c = s:sub(pos, pos)
        pos = pos + 1
        if c == "]" then return t end
      end
    elseif c == '"' then
      return str()
    else
      local lit = s:match("^[%w%.%-+]+", pos)
      pos = pos + #lit
      if lit == "true" then return true end
      if lit == "false" then return false end
      if lit == "null" then return nil end
      return tonumber(lit)
    end
  end
  return value()
end

-- Latin letters with diacritics -> ASCII, so "Córdoba" also matches
-- "Cordoba" as English news spells it.
local DEACCENT = {}
do
  local groups = {
    a = "àáâãäåāăą", A = "ÀÁÂÃÄÅĀĂĄ", c = "çćčĉċ", C = "ÇĆČĈĊ",
    d = "ďđ", D = "ĎĐ", e = "èéêëēĕėęě", E = "ÈÉÊËĒĔĖĘĚ", g = "ğĝġģ",
    G = "ĞĜĠĢ", h = "ĥħḩ", H = "ĤĦḨ", i = "ìíîïīĭįı", I = "ÌÍÎÏĪĬĮİ",
    j = "ĵ", J = "Ĵ", k = "ķ", K = "Ķ", l = "ĺļľŀł", L = "ĹĻĽĿŁ",
    n = "ñńņňŉ", N = "ÑŃŅŇ", o = "òóôõöøōŏő", O = "ÒÓÔÕÖØŌŎŐ", r = "ŕŗř",
    R = "ŔŖŘ", s = "śŝşšș", S = "ŚŜŞŠȘ", t = "ţťŧț", T = "ŢŤŦȚ",
    u = "ùúûüũūŭůűų", U = "ÙÚÛÜŨŪŬŮŰŲ", w = "ŵ", W = "Ŵ", y = "ýÿŷ",
    Y = "ÝŸŶ", z = "źżž", Z = "ŹŻŽ",
  }
  for ascii, chars in pairs(groups) do
    for _, cp in utf8.codes(chars) do DEACCENT[utf8.char(cp)] = ascii end
  end
  DEACCENT["ß"] = "ss"
  DEACCENT["æ"] = "ae"
  DEACCENT["Æ"] = "Ae"
  DEACCENT["œ"] = "oe"
  DEACCENT["’"] = "'"
  DEACCENT["‘"] = "'"
end

-- The ASCII spelling of `s`, or nil when `s` has a byte we cannot map.
local function deaccent(s)
  if not s:find("[\128-\255]") then return s end
  local ok = true
  local out = s:gsub("[\192-\255][\128-\191]*", function(ch)
    local r = DEACCENT[ch]
    if not r then ok = false end
    return r or ch
  end)
  return ok and out or nil
end

-- True when every letter of `s` is Latin (ASCII or a known accented one).
local function latin(s) return deaccent(s) ~= nil end

---------------------------------------------------------------- classes

local W = {}
do
  local h = slurp(INTERNAL_H)
  for name, shift in h:gmatch("NM__W_([%u_]+)%s*=%s*1u%s*<<%s*(%d+)") do
    W[name] = 1 << tonumber(shift)
  end
  for _, need in ipairs { "TITLE", "HONORIFIC", "SPEECH", "PARTICLE", "COUNTRY",
    "CITY", "REGION", "ORG_HEAD", "GIVEN", "DEMONYM", "COMMON", "CALENDAR",
    "ORG", "PERSON_NOUN", "PERSON", "PREFIX", "ACRONYM", "FEMALE", "MALE",
    "GROUP", "ADJECTIVE" } do
    assert(W[need], "internal.h lacks NM__W_" .. need)
  end
  W.PLACE = W.COUNTRY | W.CITY | W.REGION
end

---------------------------------------------------------------- the store

-- One entry per (folded key, acronym or not). An acronym entry matches only
-- a word written without lower-case letters, so "US" (country) and "us"
-- (pronoun) are two entries under the same key.
local entries = {}
local stats = {}

-- Canonical names: the lower rank wins, then the first one added.
local RANK = { country = 1, org = 2, region = 3, city = 4, demonym = 5 }

local function normalise(word)
  word = trim(word:gsub("_", " "):gsub("%s+", " "))
  return word
end

local function is_acronym_form(word)
  return word:find("%u") and not word:find("%l") and #word:gsub("[^%u]", "") >= 2
end

-- Add `word` with class bits `cls`. opts.canon: canonical name; opts.rank:
-- its RANK; opts.acronym: only match when written in capitals.
local function add(word, cls, opts)
  opts = opts or {}
  word = normalise(word)
  if word == "" or #word > 255 or word:find("[%c]") then return end
  local acr = opts.acronym and true or false
  local key = fold(word)
  local id = key .. (acr and "\0A" or "\0a")
  local e = entries[id]
  if not e then
    e = { key = key, classes = 0, acronym = acr }
    entries[id] = e
  end
  e.classes = e.classes | cls | (acr and W.ACRONYM or 0)
  if opts.canon then
    local r = opts.rank or 9
    if not e.canon or r < e.rank then
      e.canon, e.rank = opts.canon, r
    end
  end
  if opts.tag then stats[opts.tag] = (stats[opts.tag] or 0) + 1 end
end

-- Add `word` and, when it has accents, its ASCII spelling; straight and
-- curly apostrophes both.
local function add_variants(word, cls, opts)
  add(word, cls, opts)
  local a = deaccent(word)
  if a and a ~= word then add(a, cls, opts) end
  if word:find("'") then add((word:gsub("'", "’")), cls, opts) end
end

local function has(word, bits)
  local e = entries[fold(normalise(word)) .. "\0a"]
  return e and (e.classes & bits) ~= 0
end

---------------------------------------------------------------- WordNet

local POS_FILES = { n = "noun", v = "verb", a = "adj", r = "adv" }

-- Call fn(synset) for each synset of data.<pos>. synset = {offset, lex,
-- words = {lemma...}, ptrs = {{sym, off, pos, src, tgt}}, gloss}.
local function wn_synsets(pos, fn)
  for line in io.lines(WN .. "/data." .. POS_FILES[pos]) do
    if line:sub(1, 2) ~= "  " then
      local off, lex, _, wc, rest = line:match("^(%d+) (%d+) (%a) (%x+) (.*)$")
      local ss = { offset = off, lex = tonumber(lex), words = {}, ptrs = {} }
      local p = rest
      for _ = 1, tonumber(wc, 16) do
        local w
        w, p = p:match("^(%S+) %x (.*)$")
        ss.words[#ss.words + 1] = w:gsub("%(%a+%)$", "")
      end
      local np
      np, p = p:match("^(%d+) (.*)$")
      for _ = 1, tonumber(np) do
        local sym, o, ps, st
        sym, o, ps, st, p = p:match("^(%S+) (%d+) (%a) (%x%x%x%x) ?(.*)$")
        ss.ptrs[#ss.ptrs + 1] = { sym = sym, off = o, pos = ps,
          src = tonumber(st:sub(1, 2), 16), tgt = tonumber(st:sub(3, 4), 16) }
      end
      ss.gloss = line:match("| (.*)$") or ""
      fn(ss)
    end
  end
end

local wn_lower = {}      -- all-lower-case lemmas (any POS), "_" -> " "
local wn_verbs = {}      -- verb lemmas, folded
local wn_nouns = {}      -- noun lemmas, folded
local wn_person = {}     -- lower-case noun.person lemmas
local wn_location = {}   -- noun.location synsets by offset
local wn_person_inst = {} -- noun.person instance synsets (real people)
local wn_adj = {}        -- adjective synsets, for pertainyms
local wn_object = {}     -- capitalised noun.object lemmas (seas, mountains)
local wn_group = {}      -- capitalised noun.person lemmas of a kind, not of
                         -- one person: "Muslim", "Texan", "Baptist"
local wn_cap_adj = {}    -- capitalised adjective lemmas: "Australian"

for pos in pairs { n = 1, v = 1, a = 1, r = 1 } do
  wn_synsets(pos, function(ss)
    for _, w in ipairs(ss.words) do
      local lemma = w:gsub("_", " ")
      if not lemma:find("%u") then wn_lower[lemma] = true end
      if pos == "v" then wn_verbs[fold(lemma)] = true end
      if pos == "n" then wn_nouns[fold(lemma)] = true end
      if pos == "a" and w:match("^%u%l+$") then wn_cap_adj[w] = true end
      if pos == "n" and ss.lex == 18 and not lemma:find("%u") then
        wn_person[lemma] = true
      end
    end
    if pos == "n" and ss.lex == 15 then wn_location[ss.offset] = ss end
    if pos == "n" and ss.lex == 17 then
      for _, w in ipairs(ss.words) do
        if w:match("^%u") then wn_object[fold(w:gsub("_", " "))] = true end
      end
    end
    if pos == "n" and ss.lex == 18 then
      local instance, kind = false, false
      for _, ptr in ipairs(ss.ptrs) do
        instance = instance or ptr.sym == "@i"
        kind = kind or ptr.sym == "@"
      end
      if instance then wn_person_inst[#wn_person_inst + 1] = ss end
      -- a hypernym and no instance hypernym: a kind of person ("Muslim":
      -- a religious person), where "Kerry" is one (an instance of senator)
      if kind and not instance then
        for _, w in ipairs(ss.words) do
          if w:match("^%u%l+$") then wn_group[w] = true end
        end
      end
    end
    if pos == "a" then wn_adj[#wn_adj + 1] = ss end
  end)
end
table.sort(wn_person_inst, function(a, b) return a.offset < b.offset end)
table.sort(wn_adj, function(a, b) return a.offset < b.offset end)

local verb_exc = {} -- lemma -> sorted list of irregular forms
for line in io.lines(WN .. "/verb.exc") do
  local form, lemma = line:match("^(%S+) (%S+)$")
  if form then
    form, lemma = form:gsub("_", " "), lemma:gsub("_", " ")
    verb_exc[lemma] = verb_exc[lemma] or {}
    table.insert(verb_exc[lemma], form)
  end
end
for _, forms in pairs(verb_exc) do table.sort(forms) end

---------------------------------------------------------------- common words

-- Closed-class words WordNet does not list (it has only open classes).
local FUNCTION_WORDS = [[
a an the this that these those some any no every each either neither both all
many much few several such another other own same
i me my mine myself you your yours yourself yourselves he him his himself she
her hers herself it its itself we us our ours ourselves they them their
theirs themselves who whom whose which what whatever whoever whichever
one ones someone somebody something anyone anybody anything everyone
everybody everything nobody nothing none
about above across after against along amid amidst among amongst around as
at before behind below beneath beside besides between beyond by concerning
despite down during except for from in inside into like near of off on onto
out outside over past per regarding since through throughout till to toward
towards under underneath unlike until unto up upon via with within without
and but or nor so yet if because although though while whilst whereas unless
whether once than when where whenever wherever why how
be am is are was were been being have has had having do does did done doing
will would shall should can could may might must ought
not never no yes very also just only even still already there here then now
too quite rather however meanwhile moreover furthermore therefore thus hence
indeed perhaps maybe again ever else
]]
for _, w in ipairs(words(FUNCTION_WORDS)) do add(w, W.COMMON) end

-- Every lower-case single-word WordNet lemma: a capitalised one at a
-- sentence start is not a name by itself. Multi-word lemmas and ones with
-- digits or dots do not help the caller and are left out.
for _, lemma in ipairs(sorted_keys(wn_lower)) do
  -- Single letters are left out: "J" is an initial, not a word.
  if lemma:match("^[a-z][a-z%-]*[a-z]$") then
    add(lemma, W.COMMON, { tag = "common" })
  end
end

---------------------------------------------------------------- calendar

local en_xml = slurp(CLDR .. "/main/en.xml")
do
  local greg = en_xml:match('<calendar type="gregorian">(.-)</calendar>')
  for ctx in greg:gmatch("<monthContext.-</monthContext>") do
    for width, body in ctx:gmatch('<monthWidth type="(%a+)">(.-)</monthWidth>') do
      if width ~= "narrow" then
        for name in body:gmatch("<month [^>]*>([^<]+)</month>") do
          add(name, W.CALENDAR, { tag = "calendar" })
        end
      end
    end
  end
  for ctx in greg:gmatch("<dayContext.-</dayContext>") do
    for width, body in ctx:gmatch('<dayWidth type="(%a+)">(.-)</dayWidth>') do
      if width == "wide" or width == "abbreviated" then
        for name in body:gmatch("<day [^>]*>([^<]+)</day>") do
          add(name, W.CALENDAR, { tag = "calendar" })
        end
      end
    end
  end
  -- News abbreviations CLDR does not spell: "Sept.", "Tues.", "Thurs."
  for _, w in ipairs { "Sept", "Tues", "Thur", "Thurs", "Weds" } do
    add(w, W.CALENDAR, { tag = "calendar" })
  end
end

-- A place name: capitalised words, a few lower-case particles between
-- them ("Isle of Man", "Rio de Janeiro"), no digits.
local LOWER_OK = set { "of", "de", "del", "la", "le", "el", "es", "al",
  "upon", "on", "am", "an", "der", "do", "da", "dos", "das", "du", "sur" }
local function proper_lemma(n)
  if not n:match("^%u") or n:find("%d") then return false end
  for w in n:gmatch("%S+") do
    if w:match("^%l") and not LOWER_OK[w] then return false end
  end
  return true
end

---------------------------------------------------------------- countries

local function add_acronym(word, cls, opts)
  opts = { canon = opts.canon, rank = opts.rank, tag = opts.tag, acronym = true }
  add(word, cls, opts)
  -- "U.S." as the caller passes it (without the trailing dot) and with it.
  local dotted = word:gsub("(%u)", "%1."):gsub("%.$", "")
  add(dotted, cls, opts)
  add(dotted .. ".", cls, opts)
end

local territories = {}   -- code -> {name=, short=, variant=}
for code, alt, name in en_xml:gmatch('<territory type="(%w+)"([^>]*)>([^<]+)</territory>') do
  local t = territories[code] or {}
  territories[code] = t
  name = xml_unescape(name)
  local a = alt:match('alt="(%w+)"')
  if a then t[a] = name else t.name = name end
end

local iso1 = json_decode(slurp(ISO .. "/iso_3166-1.json"))["3166-1"]
table.sort(iso1, function(a, b) return a.alpha_2 < b.alpha_2 end)

-- Names that read badly as a canonical ("Congo - Kinshasa").
local function clean_name(s)
  if not s then return nil end
  s = s:gsub(" & ", " and ")
  if s:find("[,%(]") or s:find(" %- ") then return nil end
  return s
end

-- Country synonyms that neither CLDR nor iso-codes spell.
local COUNTRY_ALIASES = {
  US = { "America", "United States of America" },
  GB = { "Britain", "Great Britain" },
  AE = { "Emirates" },
  NL = { "Holland" },
  CD = { "Democratic Republic of the Congo", "Democratic Republic of Congo",
    "DR Congo" },
  CG = { "Republic of the Congo", "Congo-Brazzaville" },
  TR = { "Turkey" },
  CZ = { "Czech Republic" },
}
local COUNTRY_CANON = {
  CD = "Democratic Republic of the Congo",
  CG = "Republic of the Congo",
  TR = "Turkey",
  MO = "Macau",
  HK = "Hong Kong",
  PS = "Palestine",
}
-- Acronyms in news use beyond CLDR's all-capital short forms ("US", "UK").
local COUNTRY_ACRONYMS = {
  US = { "USA" }, AE = { "UAE" }, CD = { "DRC" }, CN = { "PRC" },
  KP = { "DPRK" }, SA = { "KSA" },
}

local country_canon = {} -- folded key -> canonical
for _, c in ipairs(iso1) do
  local code = c.alpha_2
  local t = territories[code] or {}
  local canon = COUNTRY_CANON[code] or clean_name(c.common_name)
    or clean_name(t.name) or clean_name(t.short) or clean_name(c.name)
    or clean_name(c.official_name) or c.name
  canon = canon:gsub("’", "'")
  local opts = { canon = canon, rank = RANK.country, tag = "country" }
  local names = {}
  for _, n in pairs { canon, c.name, c.common_name, c.official_name, t.name,
    t.short, t.variant } do
    names[#names + 1] = n
  end
  table.sort(names)
  for _, a in ipairs(COUNTRY_ALIASES[code] or {}) do names[#names + 1] = a end
  local derived = {}
  for _, n in ipairs(names) do
    n = n:gsub("^the ", "")
    if is_acronym_form(n) then
      add_acronym(n, W.COUNTRY, opts)
    elseif not n:find(",") then
      -- "Myanmar (Burma)" names both; "Congo (DRC)" gives an acronym.
      local base, inner = n:match("^(.-) %((.-)%)$")
      if base then
        if is_acronym_form(inner) then
          add_acronym(inner, W.COUNTRY, opts)
        elseif proper_lemma(inner) and #words(inner) <= 3
            and not wn_lower[fold(inner)] then
          add_variants(inner, W.COUNTRY, opts)
          derived[#derived + 1] = inner
        end
        n = base
      end
      if not n:find(" %- ") and not n:find("%(") then
        add_variants(n, W.COUNTRY, opts)
        derived[#derived + 1] = n
      end
    end
  end
  for _, a in ipairs(COUNTRY_ACRONYMS[code] or {}) do
    add_acronym(a, W.COUNTRY, opts)
  end
  -- A name two countries share ("Congo") names neither.
  for _, n in ipairs(derived) do
    local k = fold(n)
    if country_canon[k] and country_canon[k] ~= canon then
      country_canon[k] = false
    elseif country_canon[k] == nil then
      country_canon[k] = canon
    end
  end
end

-- Former countries (iso-codes' ISO 3166-3): history in the news names them
-- ("the Soviet Union", "Yugoslavia", "Zaire"). The name before a comma, with
-- the short names news uses that the standard does not give; a name a
-- country of today has ("France, Metropolitan", "Burma") stays today's.
local FORMER_ALIASES = {
  SU = { "Soviet Union" }, DD = { "East Germany" }, CS = { "Czechoslovakia" },
}
local iso3 = json_decode(slurp(ISO .. "/iso_3166-3.json"))["3166-3"]
table.sort(iso3, function(a, b) return a.alpha_4 < b.alpha_4 end)
for _, c in ipairs(iso3) do
  local name = c.name:match("^([^,]+)")
  local names = { name }
  for _, a in ipairs(FORMER_ALIASES[c.alpha_2] or {}) do names[#names + 1] = a end
  local canon = FORMER_ALIASES[c.alpha_2] and FORMER_ALIASES[c.alpha_2][1] or name
  if not name:find("[%(]") and country_canon[fold(canon)] == nil then
    local opts = { canon = canon, rank = RANK.country, tag = "country" }
    for _, n in ipairs(names) do
      if is_acronym_form(n) then
        add_acronym(n, W.COUNTRY, opts)
      elseif country_canon[fold(n)] == nil then
        add_variants(n, W.COUNTRY, opts)
      end
    end
  end
end

-- WordNet synonyms of countries ("Burma", "Persia", "Deutschland"), found as
-- noun.location synsets that hold a country name and whose gloss says it is
-- a country, republic, kingdom... of today (not the US state Georgia, not
-- an ancient or former one).
local country_like = {}
for _, off in ipairs(sorted_keys(wn_location)) do
  local ss = wn_location[off]
  local canon
  for _, w in ipairs(ss.words) do
    canon = canon or country_canon[fold((w:gsub("_", " ")))] or nil
  end
  local g = ss.gloss:lower()
  local function any_of(list)
    for _, w in ipairs(list) do
      if g:find(w, 1, true) then return true end
    end
    return false
  end
  if canon and any_of { "republic", "kingdom", "country", "monarchy", "nation",
        "sultanate", "emirate", "principality" }
      and not any_of { "ancient", "historic", "biblical", "former", "state in" } then
    country_like[off] = canon
    for _, w in ipairs(ss.words) do
      local n = w:gsub("_", " ")
      -- Acronyms and one-word names ("Burma", "Holland"); WordNet's
      -- multi-word synonyms are mostly historical ("Gold Coast").
      if n:match("^%u") and not n:find(" ") then
        if is_acronym_form((n:gsub("%.", ""))) then
          add(n:gsub("%.$", ""), W.COUNTRY,
            { canon = canon, rank = RANK.country, acronym = true })
          add(n, W.COUNTRY, { canon = canon, rank = RANK.country, acronym = true })
        else
          add_variants(n, W.COUNTRY, { canon = canon, rank = RANK.country })
        end
      end
    end
  end
end

---------------------------------------------------------------- regions

-- iso 3166-2 subdivision types that name places news writes about; the
-- rest (districts, municipalities, parishes, counties) are many, small and
-- often equal to surnames ("Kerry").
local REGION_TYPES = set {
  "State", "Province", "Region", "Governorate", "Emirate", "Prefecture",
  "Oblast", "Republic", "Autonomous region", "Autonomous community",
  "Autonomous republic", "Autonomous province", "Autonomous city",
  "Autonomous city in north africa", "Land", "Voivodship", "Canton",
  "Federal district", "Federal territory", "Capital district",
  "Capital territory", "Special administrative region", "Union territory",
  "Administrative region", "Regional state", "Division", "Territory",
  "Overseas region", "Overseas territory", "Overseas collectivity",
  "Country", "Island", "Islands, groups of islands", "Dependency",
}
local CITY_TYPES = set {
  "City", "Capital city", "Metropolitan city", "Republican city",
  "Autonomous city", "Autonomous city in north africa", "Special municipality",
}

local subdiv_en = {}
do
  local s = slurp(CLDR .. "/subdivisions/en.xml")
  for code, name in s:gmatch('<subdivision type="(%w+)">([^<]+)</subdivision>') do
    subdiv_en[code] = xml_unescape(name)
  end
end

-- A single lower-case English word ("Centre", "North", "Capital") is not a
-- name by itself; such regions are dropped.
local function common_word(name)
  local f = fold(name)
  return wn_lower[f] or has(f, W.COMMON)
end

local iso2 = json_decode(slurp(ISO .. "/iso_3166-2.json"))["3166-2"]
table.sort(iso2, function(a, b) return a.code < b.code end)
for _, s in ipairs(iso2) do
  local is_region, is_city = REGION_TYPES[s.type], CITY_TYPES[s.type]
  if is_region or is_city then
    local cls = (s.type == "Country") and W.COUNTRY
      or (is_city and W.CITY or W.REGION)
    -- CLDR's English name; iso-codes' own romanisation only when CLDR has
    -- none and it is plain ASCII.
    local names = {}
    local en = subdiv_en[fold((s.code:gsub("%-", "")))]
    if en then
      names[1] = en
    else
      for n in s.name:gmatch("[^;/]+") do
        n = trim((n:gsub("%b[]", ""):gsub("%b()", "")))
        if not n:find("[\128-\255]") then names[#names + 1] = n end
      end
    end
    local canon = names[1]
    for _, n in ipairs(names) do
      n = trim((n:gsub("%b()", "")))
      if not n:find(",") and latin(n) and not common_word(n) then
        add_variants(n, cls, { canon = canon,
          rank = is_city and RANK.city or RANK.region, tag = "region" })
      end
    end
  end
end

-- Continents and world regions: CLDR's numeric territories ("Africa",
-- "Latin America", "Western Asia") plus WordNet regions news names often.
for _, code in ipairs(sorted_keys(territories)) do
  local t = territories[code]
  if code:match("^%d%d%d$") and t.name and t.name:match("^%u") then
    add_variants(t.name, W.REGION, { canon = t.name, rank = RANK.region, tag = "region" })
  end
end
local WORLD_REGIONS = {
  "Middle East", "Mideast", "Near East", "Far East", "Balkans", "Caucasus",
  "Scandinavia", "Maghreb", "Sahel", "Levant", "Arctic", "Antarctic",
  "Persian Gulf", "Gulf of Mexico", "Horn of Africa", "Mediterranean",
  "Arabian Peninsula", "Siberia", "Kashmir", "Crimea", "Donbas", "Gaza Strip",
  "West Bank", "Golan Heights", "Kurdistan", "Tibet", "Xinjiang", "Darfur",
  "Sinai", "Patagonia", "Amazon", "Himalayas", "Alps", "Pacific", "Atlantic",
  "Indian Ocean", "Pacific Ocean", "Atlantic Ocean", "Red Sea", "Black Sea",
  "Caspian Sea", "South China Sea", "East China Sea", "Baltic", "Baltic Sea",
  "Gulf", "Silicon Valley", "Wall Street",
}
do
  -- Keep those WordNet knows as places (data-backed), or that CLDR has.
  local known = {}
  for _, ss in pairs(wn_location) do
    for _, w in ipairs(ss.words) do known[fold(w:gsub("_", " "))] = true end
  end
  for k in pairs(wn_object) do known[k] = true end
  for _, n in ipairs(WORLD_REGIONS) do
    if known[fold(n)] then
      add(n, W.REGION, { canon = n, rank = RANK.region, tag = "region" })
    else
      stats["region not in WordNet: " .. n] = 1
    end
  end
end

---------------------------------------------------------------- cities

-- CLDR time zone cities: "Dubai, United Arab Emirates" names Dubai.
do
  local s = slurp(CLDR .. "/bcp47/timezone.xml")
  for attrs in s:gmatch("<type (.-)/>") do
    local desc = attrs:match('description="([^"]*)"')
    local alias = attrs:match('alias="([^"]*)"') or ""
    if desc and not attrs:find('deprecated="true"')
        and not alias:find("^Antarctica/") and not alias:find("^Etc/") then
      desc = xml_unescape(desc)
      local city = trim(desc:match("^([^,]+)") or desc)
      if desc:find(",") and not city:find("Station") and not city:find("%(")
          and not city:find("Time") and latin(city) then
        add_variants(city, W.CITY, { canon = city, rank = RANK.city, tag = "city" })
        -- "St. Johns": also without the dot, as the caller splits it
        if city:find("^St%. ") then
          add_variants(city:gsub("^St%. ", "St "), W.CITY,
            { canon = city, rank = RANK.city })
        end
      end
    end
  end
end

-- WordNet noun.location synsets whose gloss starts by calling the place a
-- city, capital, port or town ("the capital and largest city of Brunei").
local CITY_HEADS = set { "city", "capital", "port", "town", "seaport",
  "metropolis" }
local STOP = set { "of", "in", "on", "near", "with", "at", "from", "between",
  "by", "to", "for", "and" }
local function city_gloss(gloss)
  local first = gloss:lower():match("^[^;]*")
  local n = 0
  for w in first:gmatch("[%a%-]+") do
    n = n + 1
    if CITY_HEADS[w] then return true end
    if n > 6 or (STOP[w] and n > 1 and w ~= "and") then return false end
  end
  return false
end
for _, off in ipairs(sorted_keys(wn_location)) do
  local ss = wn_location[off]
  if city_gloss(ss.gloss) and not country_like[off] then
    local canon
    for _, w in ipairs(ss.words) do
      local n = w:gsub("_", " ")
      if proper_lemma(n) and not n:find("[Cc]apital") then
        canon = canon or n
        add_variants(n, W.CITY, { canon = canon, rank = RANK.city, tag = "city" })
      end
    end
  end
end

-- Geonames city names (libgeonames-common ships them as gettext catalogs:
-- msgid is the geonames id, msgstr the name in that language). A city that
-- many languages bother to translate is a well-known one, so only ids found
-- in at least GEONAMES_MIN_LOCALES catalogs are kept (about 3,500 of 28,000).
local GEONAMES_MIN_LOCALES = 15
local function read_mo(path)
  local d = slurp(path)
  local e = "<"
  if string.unpack("<I4", d) ~= 0x950412de then e = ">" end
  local n, oo, to = string.unpack(e .. "I4I4I4", d, 9)
  local t = {}
  for i = 0, n - 1 do
    local kl, ko = string.unpack(e .. "I4I4", d, oo + 8 * i + 1)
    local vl, vo = string.unpack(e .. "I4I4", d, to + 8 * i + 1)
    t[d:sub(ko + 1, ko + kl)] = d:sub(vo + 1, vo + vl)
  end
  return t
end
do
  local p = io.popen("ls " .. LOCALEDIR .. "/*/LC_MESSAGES/geonames.mo 2>/dev/null")
  local paths = {}
  for path in p:lines() do paths[#paths + 1] = path end
  p:close()
  table.sort(paths)
  local en, seen = nil, {}
  for _, path in ipairs(paths) do
    local loc = path:match("/([^/]+)/LC_MESSAGES/geonames%.mo$")
    local mo = read_mo(path)
    if loc == "en" then
      en = mo
    elseif not loc:find("^en") then
      for id in pairs(mo) do seen[id] = (seen[id] or 0) + 1 end
    end
  end
  if not en then
    stats["geonames catalog for en not found"] = 1
  else
    for _, id in ipairs(sorted_keys(en)) do
      local name = en[id]
      if id:match("^%d+$") and (seen[id] or 0) >= GEONAMES_MIN_LOCALES
          and proper_lemma(name) and latin(name) then
        add_variants(name, W.CITY, { canon = name, rank = RANK.city, tag = "city" })
      end
    end
  end
end

---------------------------------------------------------------- demonyms

-- WordNet pertainyms: the adjective "Russian" points (\) at the noun
-- "Russia". The canonical is the place's canonical name.
local function place_canon(name)
  local e = entries[fold(name) .. "\0a"]
  if e and (e.classes & (W.COUNTRY | W.REGION | W.CITY)) ~= 0 and e.canon then
    return e.canon, e.rank
  end
  return nil
end
local PLURAL_OK = { "an$", "ean$", "ian$", "i$", "ite$", "er$", "ot$" }
local function demonym_plural(d)
  if d:find(" ") then return nil end
  for _, pat in ipairs(PLURAL_OK) do
    if d:find(pat) then return d .. "s" end
  end
  return nil
end
do
  local demonyms = {}
  for _, ss in ipairs(wn_adj) do
    for _, ptr in ipairs(ss.ptrs) do
      if ptr.sym == "\\" and ptr.pos == "n" then
        local target = wn_location[ptr.off]
        local src = ss.words[ptr.src] or ss.words[1]
        if target and src and src:match("^%u") and not src:find("_") then
          local tw = target.words[ptr.tgt] or target.words[1]
          local canon, rank = place_canon(tw:gsub("_", " "))
          if not canon then
            for _, w in ipairs(target.words) do
              canon, rank = place_canon(w:gsub("_", " "))
              if canon then break end
            end
          end
          if canon then
            local d = demonyms[src]
            -- Prefer a country over a city: "American" -> United States.
            if not d or rank < d.rank then
              demonyms[src] = { canon = canon, rank = rank }
            end
          end
        end
      end
    end
  end
  for _, d in ipairs(sorted_keys(demonyms)) do
    local opts = { canon = demonyms[d].canon, rank = RANK.demonym, tag = "demonym" }
    add(d, W.DEMONYM, opts)
    local pl = demonym_plural(d)
    if pl then add(pl, W.DEMONYM, opts) end
  end
end

---------------------------------------------------------------- speech verbs

-- Lemmas that introduce or attribute speech in news ("she said", "he told
-- reporters", "officials warned"). Each must be a WordNet verb.
local SPEECH_LEMMAS = [[
say tell add note claim state explain announce insist argue emphasise
emphasize stress warn write reply respond ask answer declare admit acknowledge
confirm deny suggest recall continue conclude comment remark observe tweet
post urge predict promise vow pledge caution concede contend assert maintain
elaborate allege report describe call complain joke quip shout whisper
testify agree speak reiterate recount mention reveal disclose propose
recommend demand counter retort protest lament boast underline underscore
highlight exclaim mutter murmur scream yell cry wonder inform advise assure
reassure clarify confess hint imply indicate interject object opine proclaim
question rebut reflect reaffirm repeat scoff snap speculate stammer swear
theorize theorise threaten venture volunteer affirm attest forecast
criticise criticize plead recollect summarise summarize characterise characterize
]]
local SPEECH_PHRASES = { "point out", "go on" }

local function ends(s, suf) return s:sub(-#suf) == suf end
local function consonant_y(s) return s:match("[^aeiou]y$") ~= nil end

-- The inflected forms of a one-word verb lemma.
local function inflect(lemma)
  local forms = { [lemma] = true }
  local exc = verb_exc[lemma] or {}
  local past_exc, ing_exc = false, false
  for _, f in ipairs(exc) do
    forms[f] = true
    if ends(f, "ing") then ing_exc = true else past_exc = true end
  end
  -- third person singular
  if lemma:match("[sxz]$") or ends(lemma, "ch") or ends(lemma, "sh")
      or lemma:match("[^aeiou]o$") then
    forms[lemma .. "es"] = true
  elseif consonant_y(lemma) then
    forms[lemma:sub(1, -2) .. "ies"] = true
  else
    forms[lemma .. "s"] = true
  end
  -- past and past participle; British doubled "-lled" forms also keep the
  -- American single-l spelling
  local doubled_l = false
  for _, f in ipairs(exc) do
    if ends(f, "lled") then doubled_l = true end
  end
  if not past_exc or doubled_l then
    if ends(lemma, "e") then
      forms[lemma .. "d"] = true
    elseif consonant_y(lemma) then
      forms[lemma:sub(1, -2) .. "ied"] = true
    else
      forms[lemma .. "ed"] = true
    end
  end
  if not ing_exc or doubled_l then
    if ends(lemma, "ie") then
      forms[lemma:sub(1, -3) .. "ying"] = true
    elseif lemma:match("[eoy]e$") then
      forms[lemma .. "ing"] = true
    elseif ends(lemma, "e") then
      forms[lemma:sub(1, -2) .. "ing"] = true
    else
      forms[lemma .. "ing"] = true
    end
  end
  return sorted_keys(forms)
end

do
  local lemmas = {}
  for _, l in ipairs(words(SPEECH_LEMMAS)) do lemmas[l] = true end
  -- British and American spellings of -ise/-ize and -yse/-yze verbs.
  for _, l in ipairs(sorted_keys(lemmas)) do
    if l:find("ize$") then lemmas[l:gsub("ize$", "ise")] = true end
    if l:find("ise$") and wn_verbs[l:gsub("ise$", "ize")] then
      lemmas[l:gsub("ise$", "ize")] = true
    end
  end
  for _, l in ipairs(sorted_keys(lemmas)) do
    local ok = wn_verbs[l] or (l:find("ise$") and wn_verbs[l:gsub("ise$", "ize")])
    if not ok then
      stats["speech lemma not in WordNet: " .. l] = 1
    else
      for _, f in ipairs(inflect(l)) do add(f, W.SPEECH, { tag = "speech" }) end
    end
  end
  for _, ph in ipairs(SPEECH_PHRASES) do
    local v, rest = ph:match("^(%S+) (.*)$")
    if wn_verbs[ph] then
      for _, f in ipairs(inflect(v)) do add(f .. " " .. rest, W.SPEECH, { tag = "speech" }) end
    else
      stats["speech phrase not in WordNet: " .. ph] = 1
    end
  end
  -- Fixed attribution phrases whose head is already a cue.
  for _, ph in ipairs { "told reporters", "told journalists", "told the press",
    "said in a statement", "wrote on twitter", "posted on twitter",
    "wrote on facebook", "posted on facebook" } do
    add(ph, W.SPEECH, { tag = "speech" })
  end
end

---------------------------------------------------------------- titles

-- Job titles used before a name ("Foreign Minister Sergei Lavrov"). Single
-- words must be WordNet noun.person lemmas; multi-word ones must have such
-- a head word.
local TITLES = [[
president premier minister secretary director spokesman spokeswoman
spokesperson chairman chairwoman chairperson chair senator governor mayor
king queen prince princess emir sultan pope archbishop bishop cardinal imam
rabbi ayatollah administrator leader speaker ambassador envoy commissioner
chancellor judge justice prosecutor general colonel lieutenant major captain
sergeant corporal admiral commander marshal brigadier chief head manager
professor coach councillor councilor councilman councilwoman rep
representative congressman congresswoman assemblyman assemblywoman whip
deputy undersecretary treasurer comptroller auditor sheriff inspector
superintendent constable detective dean provost rector editor founder
cofounder co-founder director-general secretary-general president-elect
vice-president vice-chancellor attorney-general lord baroness baron duke
duchess earl count countess attorney adviser advisor officer emeritus
]]
local TITLE_PHRASES = [[
prime minister|first minister|chief minister|state minister|minister of state
secretary of state|secretary general|director general|general director
chief executive|chief executive officer|chief operating officer
chief financial officer|chief technology officer|managing director
executive director|vice president|vice chairman|vice premier|vice chancellor
attorney general|solicitor general|surgeon general|inspector general
chief justice|chief of staff|chief of police|police chief|fire chief
press secretary|permanent secretary|assistant secretary|under secretary
deputy secretary|cabinet secretary|foreign secretary|home secretary
defence secretary|defense secretary|health secretary|treasury secretary
commerce secretary|energy secretary|interior secretary|labor secretary
education secretary|transport secretary|transportation secretary
crown prince|lord mayor|deputy mayor|high commissioner|special envoy
majority leader|minority leader|party leader|opposition leader
supreme leader|house speaker|senate majority leader|senate minority leader
lieutenant general|major general|brigadier general|lieutenant colonel
rear admiral|vice admiral|field marshal|air marshal|commander in chief
commander-in-chief|editor in chief|editor-in-chief|head coach|team manager
general manager|general secretary|club president|bishop of rome
national security adviser|national security advisor|district attorney
]]
-- Portfolios for "Foreign Minister", "Minister of Foreign Affairs", ...
local PORTFOLIO_ADJ = [[
foreign defence defense interior finance health education justice trade
energy economy agriculture labour labor transport environment culture
information home housing industry tourism oil petroleum water planning
communications commerce immigration security climate development sports
youth
]]
local PORTFOLIO_NOUN = [[
foreign affairs|defence|defense|the interior|interior|finance|health
education|justice|trade|energy|economy|agriculture|labour|labor|transport
environment|culture|information|home affairs|internal affairs|housing
industry|tourism|oil|petroleum|water|planning|communications|commerce
immigration|security|climate change|development|sports|youth|state
economic affairs|social affairs|religious affairs|public health|higher education
foreign affairs and international cooperation|homeland security
]]
local DEPUTY_OF = [[
prime minister|foreign minister|minister|secretary of state|director
director general|secretary general|president|chairman|governor|mayor
leader|speaker|commander|chief|head|ambassador|spokesman|spokeswoman
defence minister|defense minister|interior minister|finance minister
health minister|minister of foreign affairs|chief executive
]]

do
  local single = {}
  local hyphenated = {}
  for _, t in ipairs(words(TITLES)) do
    if wn_person[t] or wn_nouns[t] then
      single[t] = true
      add(t, W.TITLE | W.PERSON_NOUN, { tag = "title" })
    elseif t:find("%-") then
      hyphenated[#hyphenated + 1] = t
    else
      stats["title not in WordNet: " .. t] = 1
    end
  end
  -- "secretary-general" is a title when "secretary general" is one.
  -- A phrase is a title when WordNet has it, when its head ("minister" in
  -- "minister of state") is a title, or when it is a title with a modifier
  -- in front ("acting chief executive").
  local function known_title(ph)
    if single[ph] or wn_nouns[ph] or wn_nouns[ph:gsub("%-", " ")] then
      return true
    end
    local pre = ph:match("^(.-) of ") or ph:match("^(.-) for ")
      or ph:match("^(.-) in ") or ph
    local head = pre:match("(%S+)$")
    if head ~= ph and single[head] then return true end
    local rest = ph:match("^%S+ (.+)$")
    return rest ~= nil and known_title(rest)
  end
  local function add_title(ph)
    ph = trim(ph)
    if ph == "" then return end
    if known_title(ph) then
      add(ph, W.TITLE | W.PERSON_NOUN, { tag = "title" })
    else
      stats["title phrase without a known head: " .. ph] = 1
    end
  end
  for ph in TITLE_PHRASES:gmatch("[^|\n]+") do add_title(ph) end
  for _, t in ipairs(hyphenated) do
    local spaced = t:gsub("%-", " ")
    if known_title(spaced) then
      add(t, W.TITLE | W.PERSON_NOUN, { tag = "title" })
    else
      stats["title not in WordNet: " .. t] = 1
    end
  end
  for _, p in ipairs(words(PORTFOLIO_ADJ)) do
    add_title(p .. " minister")
    add_title(p .. " secretary")
  end
  for p in PORTFOLIO_NOUN:gmatch("[^|\n]+") do
    p = trim(p)
    add_title("minister of " .. p)
    add_title("minister for " .. p)
    add_title("secretary of " .. p)
    add_title("secretary for " .. p)
  end
  for ph in DEPUTY_OF:gmatch("[^|\n]+") do
    add_title("deputy " .. trim(ph))
    add_title("acting " .. trim(ph))
  end
  -- Titles written as acronyms.
  for _, a in ipairs { "CEO", "CFO", "COO", "CTO", "MP", "MEP", "MLA", "MK" } do
    add(a, W.TITLE | W.PERSON_NOUN, { acronym = true, tag = "title" })
  end
end

-- Nouns that describe a person and can stand for a speaker ("the official
-- said", "a witness told"): every lower-case single-word noun.person lemma.
for _, lemma in ipairs(sorted_keys(wn_person)) do
  if lemma:match("^[a-z][a-z%-]*[a-z]$") then
    add(lemma, W.PERSON_NOUN, { tag = "person noun" })
  end
end
-- Members of a people, faith or party, capitalised in WordNet: the plural
-- ("Muslims", "Texans") names a group, not a person.
for _, lemma in ipairs(sorted_keys(wn_group)) do
  add(lemma, W.GROUP, { tag = "group member" })
end
-- Capitalised adjectives ("Australian state", "Muslim majority"): before a
-- noun no name.
for _, lemma in ipairs(sorted_keys(wn_cap_adj)) do
  add(lemma, W.ADJECTIVE, { tag = "capitalised adjective" })
end
for _, ph in ipairs { "police officer", "security official", "government official",
  "senior official", "eyewitness", "witness", "spokesperson",
  "security source", "military source", "diplomatic source" } do
  add(ph, W.PERSON_NOUN, { tag = "person noun" })
end

---------------------------------------------------------------- closed lists

-- Honorifics, as the caller passes them (without a trailing dot); the
-- dotted spelling is there too for callers that keep it.
local HONORIFICS = [[
mr mrs ms miss mx dr prof sir dame lord lady sen rep gov gen col capt lt
sgt rev fr sheikh sheik shaikh hon maj cpl adm cmdr supt insp det messrs
mme mlle herr frau sr sra srta dott sayyid sayed mullah swami cde
]]
for _, h in ipairs(words(HONORIFICS)) do
  add(h, W.HONORIFIC, { tag = "honorific" })
  if #h <= 5 and h ~= "miss" and h ~= "sir" and h ~= "dame" and h ~= "lord"
      and h ~= "lady" and h ~= "swami" and not h:find("^sh") then
    add(h .. ".", W.HONORIFIC, { tag = "honorific" })
  end
end

-- Name particles ("Osama bin Laden", "Ursula von der Leyen"). "al-" glued
-- to a name is split by the caller.
local PARTICLES = [[
al el bin ibn bint abu abd ould de del della dei der den des di da das dos
do du la le van von ter ten zu st ul
]]
for _, p in ipairs(words(PARTICLES)) do add(p, W.PARTICLE, { tag = "particle" }) end

-- Head words that end (or start) organization names.
local ORG_HEADS = [[
ministry department council party committee commission agency administration
authority bank university college institute association union federation
league organisation organization company corporation corp inc ltd llc plc
group foundation court parliament congress senate assembly police army navy
force forces service services office bureau board embassy consulate church
school hospital fund program programme network news times post journal tribe
patrol
laboratory laboratories labs center centre society trust club museum zoo
airlines airline airways international holdings industries enterprises
partners institution coalition alliance movement front brigade brigades
guard command cabinet government secretariat tribunal observatory
academy division directorate ministries agencies commissions councils
unit team network newspaper magazine press broadcasting broadcaster radio
television tv studios records publishers pharmaceuticals motors bancorp
systems technologies solutions energy entertainment herald observer gazette
tribune chronicle bulletin courier telegraph inquirer examiner
centers centres institutes networks exchange house units corps
]]
for _, h in ipairs(words(ORG_HEADS)) do add(h, W.ORG_HEAD, { tag = "org head" }) end

-- Well-known organizations whose names are not recognisable by shape:
-- international bodies, legislatures, news outlets, companies and platforms.
-- name|canonical;
-- all-capital names match only in capitals.
local KNOWN_ORGS = [[
UN|United Nations
United Nations|United Nations
UN Security Council|United Nations Security Council
Security Council|United Nations Security Council
UNSC|United Nations Security Council
UN General Assembly|United Nations General Assembly
NATO|NATO
Nato|NATO
EU|European Union
European Union|European Union
European Commission|European Commission
European Parliament|European Parliament
WHO|World Health Organization
World Health Organization|World Health Organization
World Health Organisation|World Health Organization
IMF|International Monetary Fund
International Monetary Fund|International Monetary Fund
World Bank|World Bank
WTO|World Trade Organization
World Trade Organization|World Trade Organization
OPEC|OPEC
G7|G7
G-7|G7
G8|G8
G-8|G8
G20|G20
G-20|G20
Mercosur|Mercosur
OECD|OECD
ASEAN|ASEAN
African Union|African Union
Arab League|Arab League
GCC|Gulf Cooperation Council
Gulf Cooperation Council|Gulf Cooperation Council
UNESCO|UNESCO
UNICEF|UNICEF
UNHCR|UNHCR
UNDP|United Nations Development Programme
WFP|World Food Programme
World Food Programme|World Food Programme
ICC|International Criminal Court
International Criminal Court|International Criminal Court
ICJ|International Court of Justice
International Court of Justice|International Court of Justice
IAEA|International Atomic Energy Agency
International Atomic Energy Agency|International Atomic Energy Agency
Interpol|Interpol
Red Cross|Red Cross
ICRC|International Committee of the Red Cross
Red Crescent|Red Crescent
Amnesty International|Amnesty International
Human Rights Watch|Human Rights Watch
MSF|Medecins Sans Frontieres
Doctors Without Borders|Medecins Sans Frontieres
Greenpeace|Greenpeace
FIFA|FIFA
IOC|International Olympic Committee
FBI|FBI
CIA|CIA
NSA|National Security Agency
NASA|NASA
FDA|Food and Drug Administration
CDC|Centers for Disease Control and Prevention
EPA|Environmental Protection Agency
Pentagon|Pentagon
White House|White House
Kremlin|Kremlin
Downing Street|Downing Street
Federal Reserve|Federal Reserve
ECB|European Central Bank
European Central Bank|European Central Bank
Bank of England|Bank of England
ESA|European Space Agency
European Space Agency|European Space Agency
Roscosmos|Roscosmos
JAXA|JAXA
ISRO|Indian Space Research Organisation
SpaceX|SpaceX
Reuters|Reuters
Wikinews|Wikinews
WN|Wikinews
Wikipedia|Wikipedia
AP|Associated Press
Associated Press|Associated Press
AFP|Agence France-Presse
Agence France-Presse|Agence France-Presse
Agence France Presse|Agence France-Presse
BBC|BBC
CNN|CNN
Al Jazeera|Al Jazeera
Bloomberg|Bloomberg
Xinhua|Xinhua
TASS|TASS
Interfax|Interfax
RIA Novosti|RIA Novosti
Yonhap|Yonhap
Kyodo|Kyodo
WAM|Emirates News Agency
Emirates News Agency|Emirates News Agency
KUNA|Kuwait News Agency
SPA|Saudi Press Agency
Anadolu|Anadolu Agency
Anadolu Agency|Anadolu Agency
NPR|NPR
NBC|NBC
CBS|CBS
ABC|ABC
Sky News|Sky News
Fox News|Fox News
New York Times|New York Times
Washington Post|Washington Post
Wall Street Journal|Wall Street Journal
Financial Times|Financial Times
Gulf News|Gulf News
Twitter|Twitter
Facebook|Facebook
Google|Google
YouTube|YouTube
Instagram|Instagram
WhatsApp|WhatsApp
TikTok|TikTok
Microsoft|Microsoft
Boeing|Boeing
Airbus|Airbus
Walmart|Walmart
Costco|Costco
Toyota|Toyota
Volkswagen|Volkswagen
Samsung|Samsung
Huawei|Huawei
Netflix|Netflix
Uber|Uber
IBM|IBM
Intel|Intel
Nvidia|Nvidia
Sony|Sony
Pfizer|Pfizer
Moderna|Moderna
AstraZeneca|AstraZeneca
ExxonMobil|ExxonMobil
Exxon Mobil|ExxonMobil
Gazprom|Gazprom
Saudi Aramco|Saudi Aramco
Alibaba|Alibaba
Tencent|Tencent
Baidu|Baidu
Hasbro|Hasbro
Mattel|Mattel
Lego|Lego
LEGO|Lego
Goldman Sachs|Goldman Sachs
JPMorgan|JPMorgan Chase
JPMorgan Chase|JPMorgan Chase
Citigroup|Citigroup
Woolworths|Woolworths
Aldi|Aldi
ALDI|Aldi
Spotify|Spotify
Airbnb|Airbnb
Lufthansa|Lufthansa
Qantas|Qantas
Ryanair|Ryanair
Siemens|Siemens
Unilever|Unilever
WikiLeaks|WikiLeaks
Wikimedia Foundation|Wikimedia Foundation
GitHub|GitHub
Reddit|Reddit
Hezbollah|Hezbollah
Hizbollah|Hezbollah
Hamas|Hamas
Taliban|Taliban
al-Qaeda|al-Qaeda
al Qaeda|al-Qaeda
Al-Qaida|al-Qaeda
al-Qaida|al-Qaeda
ISIS|Islamic State
ISIL|Islamic State
Islamic State|Islamic State
Daesh|Islamic State
Boko Haram|Boko Haram
al-Shabab|al-Shabab
al-Shabaab|al-Shabab
Houthis|Houthis
PKK|PKK
YPG|People's Protection Units
SDF|Syrian Democratic Forces
MSNBC|MSNBC
CNBC|CNBC
PBS|PBS
NHK|NHK
Daily Mail|Daily Mail
USA Today|USA Today
Los Angeles Times|Los Angeles Times
Politico|Politico
Newsweek|Newsweek
Khaleej Times|Khaleej Times
Arab News|Arab News
Al Arabiya|Al Arabiya
Times of India|Times of India
Hindustan Times|Hindustan Times
NDTV|NDTV
South China Morning Post|South China Morning Post
Global Times|Global Times
Press Trust of India|Press Trust of India
PTI|Press Trust of India
Lok Sabha|Lok Sabha
Rajya Sabha|Rajya Sabha
Knesset|Knesset
State Duma|State Duma
Bundestag|Bundestag
Federal National Council|Federal National Council
Dubai Police|Dubai Police
Abu Dhabi Police|Abu Dhabi Police
ADNOC|Abu Dhabi National Oil Company
Etihad|Etihad
Emaar|Emaar
DP World|DP World
NOAA|National Oceanic and Atmospheric Administration
USGS|United States Geological Survey
NIH|National Institutes of Health
FEMA|Federal Emergency Management Agency
FAA|Federal Aviation Administration
NHS|National Health Service
Met Office|Met Office
Scotland Yard|Scotland Yard
Europol|Europol
OSCE|OSCE
UNRWA|UNRWA
IPCC|Intergovernmental Panel on Climate Change
UEFA|UEFA
NBA|NBA
NFL|NFL
]]
for line in KNOWN_ORGS:gmatch("[^\n]+") do
  local name, canon = line:match("^(.-)|(.*)$")
  add(name, W.ORG, { canon = canon, rank = RANK.org, tag = "org",
    acronym = is_acronym_form(name) })
  if is_acronym_form(name) and not name:find("[ %.]") and #name <= 4 then
    local dotted = name:gsub("(%u)", "%1."):gsub("%.$", "")
    add(dotted, W.ORG, { canon = canon, rank = RANK.org, acronym = true })
  end
end

---------------------------------------------------------------- given names

-- 1. US census 1990 first names with frequencies (Text::Names): a name is
--    male or female when one frequency is at least 4 times the other.
local given = {} -- name -> {m=, f=} frequencies or flags
local function given_rec(n)
  local g = given[n]
  if not g then g = { m = 0, f = 0, src = {} }; given[n] = g end
  return g
end
do
  local pm = slurp(TEXT_NAMES)
  local function census(var, field)
    local body = pm:match("%$" .. var .. " = <<ENDNAMES;\n(.-)\nENDNAMES")
    assert(body, "Text::Names: no " .. var)
    for name, freq in body:gmatch("([%u]+)%s+([%d%.]+)[^\n]*") do
      local n = name:sub(1, 1) .. name:sub(2):lower()
      local g = given_rec(n)
      g[field] = g[field] + tonumber(freq)
      g.census = true
    end
  end
  census("COMMON_MALE_FIRSTNAMES", "m")
  census("COMMON_FEMALE_FIRSTNAMES", "f")
end

-- 2. Faker's per-locale first names (many cultures). Only Latin-script
--    locales; gender comes from the locale's male/female lists.
local FAKER_LOCALES = {
  "ca", "da-DK", "de", "ee", "en-IND", "en-NEP", "en-NG", "en-PAK", "en-ZA",
  "es", "es-AR", "fi-FI", "fr", "id", "it", "lt", "lv", "nb-NO", "pl",
  "pt", "pt-BR", "sk", "sv", "tr",
}
-- Read `key: [a, b, ...]` or a block list of `- a` items from a locale's
-- name section; only the keys we ask for.
local function yaml_lists(text)
  local lists = {}
  local cur
  for line in text:gmatch("[^\n]*") do
    local key, rest = line:match("^%s+([%w_]+):%s*(.*)$")
    if key then
      cur = nil
      if rest:match("^%[") then
        local body = rest
        lists[key] = lists[key] or {}
        for item in body:gmatch("[^%[%],]+") do
          item = trim(item):gsub('^"(.*)"$', "%1"):gsub("^'(.*)'$", "%1")
          if item ~= "" then table.insert(lists[key], item) end
        end
      elseif rest == "" then
        cur = key
        lists[key] = lists[key] or {}
      end
    elseif cur then
      local item = line:match("^%s+%-%s+(.*)$")
      if item then
        item = trim(item):gsub('^"(.*)"$', "%1"):gsub("^'(.*)'$", "%1")
        table.insert(lists[cur], item)
      end
    end
  end
  return lists
end
if FAKER then
  for _, loc in ipairs(FAKER_LOCALES) do
    local f = io.open(FAKER .. "/" .. loc .. ".yml", "rb")
        or io.open(FAKER .. "/" .. loc .. "/name.yml", "rb")
    if f then
      local text = f:read("a")
      f:close()
      -- Only the name: section.
      local sect = text:match("\n    name:%s*\n(.-)\n    [%w_]+:%s*\n") or
          text:match("\n    name:%s*\n(.*)$") or ""
      local lists = yaml_lists(sect)
      local function take(key, field)
        for _, n in ipairs(lists[key] or {}) do
          if not n:find("#{") and not n:find("[%s%d%.]") and n:match("^[%u\192-\223]")
              and latin(n) then
            local g = given_rec(n)
            g.src[loc] = true
            if field then g[field .. "_loc"] = true end
          end
        end
      end
      take("male_first_name", "m")
      take("female_first_name", "f")
      take("first_name", nil)
    else
      stats["faker locale missing: " .. loc] = 1
    end
  end
else
  stats["faker locales not found"] = 1
end

-- 3. WordNet instances of people ("Sergei Rachmaninoff", "Mikhail
--    Gorbachev"): the first word of a two- or three-word name, when it is
--    not a title or honorific.
do
  local skip = {}
  for _, w in ipairs(words(TITLES .. HONORIFICS .. PARTICLES)) do skip[w] = true end
  for _, w in ipairs(words([[saint st first second third fourth great little
    old young big new north south east west black white red holy blessed
    mother father brother sister uncle aunt madame monsieur signor don dona
    emperor czar tsar kaiser khan pharaoh caliph shah maharaja rani raja
    viscount marquis marquess the]])) do skip[w] = true end
  local count = {}
  for _, ss in ipairs(wn_person_inst) do
    for _, w in ipairs(ss.words) do
      local parts = {}
      for p in w:gmatch("[^_]+") do parts[#parts + 1] = p end
      if #parts >= 2 and #parts <= 4 then
        local first = parts[1]
        if first:match("^%u%l+$") and parts[#parts]:match("^%u") and #first >= 2
            and not skip[fold(first)] then
          count[first] = (count[first] or 0) + 1
        end
      end
    end
  end
  for _, n in ipairs(sorted_keys(count)) do
    -- Places and demonyms are not given names ("Alaska Native", "African").
    if not has(n, W.PLACE | W.DEMONYM | W.ORG) and (count[n] >= 2 or not wn_lower[fold(n)]) then
      given_rec(n).wordnet = true
    end
  end
end

-- A country, demonym or organization is rarely a given name in news
-- ("India", "German"); keep the ones the census finds common ("Jordan").
local GIVEN_MIN_FREQ_IF_NAME = 0.02 -- percent of the census population
for _, n in ipairs(sorted_keys(given)) do
  local g = given[n]
  local e = entries[fold(n) .. "\0a"]
  if e and (e.classes & (W.COUNTRY | W.DEMONYM | W.ORG)) ~= 0
      and g.m + g.f < GIVEN_MIN_FREQ_IF_NAME then
    goto next_name
  end
  local cls = W.GIVEN
  if g.census then
    if g.m > 0 and g.m >= 4 * g.f then cls = cls | W.MALE
    elseif g.f > 0 and g.f >= 4 * g.m then cls = cls | W.FEMALE end
  elseif g.m_loc and not g.f_loc then
    cls = cls | W.MALE
  elseif g.f_loc and not g.m_loc then
    cls = cls | W.FEMALE
  end
  -- Census spellings are upper case; keep names that are also places or
  -- orgs ("Paris", "Georgia") as given names too: the caller weighs them.
  add(n, cls, { tag = "given" })
  -- The ASCII spelling ("Asa" for Swedish "Åsa") may be another name with
  -- another gender, so it gets no gender of its own.
  local a = deaccent(n)
  if a and a ~= n then add(a, W.GIVEN) end
  ::next_name::
end

---------------------------------------------------------------- prefixes

-- A multi-word key's proper word-prefixes get NM__W_PREFIX so the caller
-- knows to keep extending ("bandar" -> "bandar seri" -> "bandar seri
-- begawan").
do
  local prefixes = {}
  for _, id in ipairs(sorted_keys(entries)) do
    local key = entries[id].key
    local pos = 1
    while true do
      local s = key:find(" ", pos, true)
      if not s then break end
      prefixes[key:sub(1, s - 1)] = true
      pos = s + 1
    end
  end
  for _, p in ipairs(sorted_keys(prefixes)) do add(p, W.PREFIX) end
end

---------------------------------------------------------------- output

local function fnv1a(s)
  local h = 0x811c9dc5
  for i = 1, #s do
    h = ((h ~ s:byte(i)) * 0x01000193) & 0xffffffff
  end
  return h
end

local ids = sorted_keys(entries)
local n_entries = #ids
local slots = 1
while slots < 2 * n_entries do slots = slots * 2 end

-- The string pool is rows of ROW bytes, each written as one string literal
-- (ISO C guarantees only 4095 characters in a literal). No string crosses
-- a row. Keys are not NUL-terminated, so a key that is a prefix of the next
-- key in sorted order shares its bytes; canonical names are NUL-terminated.
local ROW = 4096
local rows, row = {}, {}
local row_len = 0
local function pool_put(s)
  assert(#s < ROW)
  if row_len + #s > ROW - 1 then
    rows[#rows + 1] = table.concat(row)
    row, row_len = {}, 0
  end
  local off = #rows * ROW + row_len
  row[#row + 1] = s
  row_len = row_len + #s
  return off
end

local key_off = {}
do
  -- Longest first among keys sharing a prefix: walk sorted keys backwards.
  local keys = {}
  for _, id in ipairs(ids) do keys[entries[id].key] = true end
  local sorted = sorted_keys(keys)
  local last, last_off
  for i = #sorted, 1, -1 do
    local k = sorted[i]
    if last and last:sub(1, #k) == k then
      key_off[k] = last_off
    else
      last_off = pool_put(k)
      last = k
      key_off[k] = last_off
    end
  end
end
local canon_off = {}
do
  local canons = {}
  for _, id in ipairs(ids) do
    if entries[id].canon then canons[entries[id].canon] = true end
  end
  for _, c in ipairs(sorted_keys(canons)) do canon_off[c] = pool_put(c .. "\0") end
end
rows[#rows + 1] = table.concat(row)

local table_slots = {}
for _, id in ipairs(ids) do
  local e = entries[id]
  local h = fnv1a(e.key)
  local i = h & (slots - 1)
  while table_slots[i] do i = (i + 1) & (slots - 1) end
  table_slots[i] = e
  e.hash = h
end

-- A row as C string literals of at most ~76 source characters each; every
-- non-printable byte, quote, backslash and "?" (trigraphs) as a 3-digit
-- octal escape, so no escape can run into the next character.
local function c_rows(r)
  local lines, cur = {}, {}
  local n = 0
  for i = 1, #r do
    local c = r:sub(i, i)
    local piece = c
    if c:find('[%c"\\?\128-\255]') then piece = string.format("\\%03o", c:byte()) end
    if n + #piece > 74 then
      lines[#lines + 1] = '"' .. table.concat(cur) .. '"'
      cur, n = {}, 0
    end
    cur[#cur + 1] = piece
    n = n + #piece
  end
  lines[#lines + 1] = '"' .. table.concat(cur) .. '"'
  return table.concat(lines, "\n ")
end

local out = {}
local function w(s) out[#out + 1] = s end
w("/* lexicon_data.c - generated by scripts/dev/gen-lexicons.lua from\n")
w(" * iso-codes, unicode-cldr-core, wordnet-base, libgeonames-common,\n")
w(" * libtext-names-perl and ruby-faker (see README.md). Do not edit;\n")
w(" * regenerate. */\n")
w('#include "lexicon_data.h"\n\n')
w(string.format("const nm__lex_entry nm__lex_table[%d] = {\n", slots))
for i = 0, slots - 1 do
  local e = table_slots[i]
  if e then
    w(string.format("[%d]={0x%08x,%d,%d,0x%x,%d},\n", i, e.hash, key_off[e.key],
      #e.key, e.classes, e.canon and canon_off[e.canon] or -1))
  end
end
w("};\n\n")
w(string.format("const char nm__lex_pool[%d][%d] = {\n", #rows, ROW))
for _, r in ipairs(rows) do w("{" .. c_rows(r) .. "},\n") end
w("};\n")

local f = assert(io.open(OUTDIR .. "/lexicon_data.c", "wb"))
f:write(table.concat(out))
f:close()

local h = {}
h[#h + 1] = [[
/* lexicon_data.h - generated by scripts/dev/gen-lexicons.lua. Do not edit.
 *
 * The built-in lexicon: an open-addressing hash table (FNV-1a 32 over the
 * ASCII-lower-cased key, linear probing, load <= 0.5) and one string pool.
 * Used only by lexicon.c. */
#ifndef NM_LEXICON_DATA_H
#define NM_LEXICON_DATA_H

#include <stdint.h>

/* One slot. `len` 0 marks an empty slot. A key may appear twice: once
 * plain and once with NM__W_ACRONYM ("us" and "US"). */
typedef struct nm__lex_entry {
  uint32_t hash;         /* FNV-1a 32 of the folded key */
  uint32_t key;          /* offset of the folded key (not NUL-terminated) */
  unsigned len : 8;      /* key length in bytes */
  unsigned classes : 24; /* NM__W_* bits */
  int32_t canonical;     /* offset of a NUL-terminated name, or -1 */
} nm__lex_entry;

]]
h[#h + 1] = string.format("#define NM__LEX_SLOTS %du\n", slots)
h[#h + 1] = string.format("#define NM__LEX_ENTRIES %du\n", n_entries)
h[#h + 1] = string.format("#define NM__LEX_POOL_ROWS %du\n", #rows)
h[#h + 1] = string.format("#define NM__LEX_POOL_ROW %du\n\n", ROW)
h[#h + 1] = [[
extern const nm__lex_entry nm__lex_table[NM__LEX_SLOTS];
/* Rows of one pool; read it as (const char *)nm__lex_pool + offset. */
extern const char nm__lex_pool[NM__LEX_POOL_ROWS][NM__LEX_POOL_ROW];

#endif /* NM_LEXICON_DATA_H */
]]
f = assert(io.open(OUTDIR .. "/lexicon_data.h", "wb"))
f:write(table.concat(h))
f:close()

-- NM_LEX_DUMP=FILE writes every entry as "key<TAB>classes<TAB>canonical",
-- for reviewing what a change to the sources did.
local dump = os.getenv("NM_LEX_DUMP")
if dump then
  local names = {}
  for name, bit in pairs(W) do
    if name ~= "PLACE" then names[#names + 1] = { name, bit } end
  end
  table.sort(names, function(a, b) return a[2] < b[2] end)
  local df = assert(io.open(dump, "wb"))
  for _, id in ipairs(ids) do
    local e = entries[id]
    local cls = {}
    for _, nb in ipairs(names) do
      if e.classes & nb[2] ~= 0 then cls[#cls + 1] = nb[1] end
    end
    df:write(e.key, "\t", table.concat(cls, ","), "\t", e.canon or "", "\n")
  end
  df:close()
end

-- A summary on stderr: counts per source and what was left out.
io.stderr:write(string.format("gen-lexicons: %d entries in %d slots, pool %d rows\n",
  n_entries, slots, #rows))
for _, k in ipairs(sorted_keys(stats)) do
  io.stderr:write(string.format("  %-40s %d\n", k, stats[k]))
end

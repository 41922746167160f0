--- newsmark.config: the one config loader and validator (docs/config.md).
--
-- Every host (the CLI, the pager filter, the editor plugins) reads the same
-- Lua file through this module: `path()` finds it, `load()` runs it in a
-- sandbox and validates it against `schema`, `compile()` turns it into
-- what newsmark.core wants (a rule set, a lexicon table, SGR styles).
--
-- Pure Lua for 5.4, 5.3 and LuaJIT; no globals, no editor API. The C
-- module is optional: with it, bad patterns are reported with PCRE2's own
-- message at validation time; without it, `compile()` is where a rule set
-- needs it.
--
-- Error convention (docs/lua.md): misuse (a wrong argument type) raises;
-- a bad config returns nil, msg, where msg is
--   FILE:LINE: key.path: message
-- (`:LINE` when the line could be found in the source, the key path when
-- the error is about a key).
local M = {}

local unpack = table.unpack or unpack -- luacheck: ignore 143
local floor = math.floor

-- The span kinds in nm_kind order (core/include/newsmark.h); kept here so
-- that the module works without the C module.
local KINDS = {
  "boilerplate",
  "headline",
  "standfirst",
  "image_credit",
  "caption",
  "source_line",
  "byline",
  "date_line",
  "subhead",
  "paragraph",
  "dateline",
  "quote",
  "scare_quote",
  "person",
  "organization",
  "place",
  "role",
  "cue",
  "speaker_ref",
  "rule",
}
M.kinds = KINDS

-- The ANSI renderer's defaults (core/src/render.c, ansi_default), so that
-- a config without `styles` colours exactly like the CLI always did.
local DEFAULT_STYLES = {
  boilerplate = "2",
  headline = "1",
  standfirst = "3",
  image_credit = "2",
  caption = "2",
  source_line = "2",
  byline = "3",
  date_line = "2",
  subhead = "1;4",
  paragraph = "",
  dateline = "1",
  quote = "32",
  scare_quote = "33",
  person = "1;34",
  organization = "36",
  place = "35",
  role = "3",
  cue = "4",
  speaker_ref = "3;34",
  rule = "7",
}

-- Eight speaker colours from the xterm 256-colour cube that stay apart on
-- dark and light backgrounds: orange, azure, orchid, green, gold, red,
-- teal, lavender. (The CLI's ANSI renderer has six of its own,
-- core/src/render.c speaker_palette, and takes no palette.)
local DEFAULT_PALETTE = { 208, 39, 170, 70, 178, 167, 37, 141 }

local CANONICAL = { person = true, organization = true, place = true }

-- --------------------------------------------------------------- colours

local COLOR_NAMES = {
  black = 0,
  red = 1,
  green = 2,
  yellow = 3,
  blue = 4,
  magenta = 5,
  cyan = 6,
  white = 7,
  bright_black = 8,
  gray = 8,
  grey = 8,
  bright_red = 9,
  bright_green = 10,
  bright_yellow = 11,
  bright_blue = 12,
  bright_magenta = 13,
  bright_cyan = 14,
  bright_white = 15,
}
M.color_names = COLOR_NAMES

-- xterm's 16 system colours.
local XTERM16 = {
  [0] = "#000000",
  "#cd0000",
  "#00cd00",
  "#cdcd00",
  "#0000ee",
  "#cd00cd",
  "#00cdcd",
  "#e5e5e5",
  "#7f7f7f",
  "#ff0000",
  "#00ff00",
  "#ffff00",
  "#5c5cff",
  "#ff00ff",
  "#00ffff",
  "#ffffff",
}
local CUBE = { [0] = 0, 95, 135, 175, 215, 255 }

local function hex3(r, g, b)
  return ("#%02x%02x%02x"):format(r, g, b)
end

--- The xterm 256-colour palette entry `n` (0..255) as "#rrggbb".
local function xterm_hex(n)
  if n < 16 then
    return XTERM16[n]
  elseif n < 232 then
    n = n - 16
    return hex3(CUBE[floor(n / 36)], CUBE[floor(n / 6) % 6], CUBE[n % 6])
  end
  local v = 8 + 10 * (n - 232)
  return hex3(v, v, v)
end

-- The nearest xterm 256-colour index of an RGB colour (cube or gray ramp).
local function nearest_256(r, g, b)
  local function level(v)
    if v < 48 then
      return 0
    elseif v < 115 then
      return 1
    end
    return floor((v - 35) / 40)
  end
  local lr, lg, lb = level(r), level(g), level(b)
  local cube = 16 + 36 * lr + 6 * lg + lb
  local cr, cg, cb = CUBE[lr], CUBE[lg], CUBE[lb]
  local avg = floor((r + g + b) / 3)
  local gi = avg > 238 and 23 or floor(math.max(avg - 3, 0) / 10)
  local gv = 8 + 10 * gi
  local function d(x, y, z)
    return (r - x) ^ 2 + (g - y) ^ 2 + (b - z) ^ 2
  end
  if d(gv, gv, gv) < d(cr, cg, cb) then
    return 232 + gi
  end
  return cube
end

local function is_integer(v)
  return type(v) == "number" and v == floor(v) and v > -math.huge and v < math.huge
end

-- A colour as {index = 0..255 | nil, hex = "#rrggbb"}; nil when invalid.
local function parse_color(c)
  if type(c) == "number" then
    if is_integer(c) and c >= 0 and c <= 255 then
      return { index = c, hex = xterm_hex(c) }
    end
  elseif type(c) == "string" then
    local h = c:match("^#(%x%x%x%x%x%x)$")
    if h then
      return { hex = "#" .. h:lower() }
    end
    local n = COLOR_NAMES[c]
    if n then
      return { index = n, hex = XTERM16[n] }
    end
  end
  return nil
end

-- SGR parameters for a colour; `bg` picks the background codes.
local function color_sgr(c, bg)
  local p = parse_color(c)
  if p.index and p.index < 16 and type(c) == "string" then
    local base = bg and 40 or 30
    return tostring(p.index < 8 and base + p.index or base + 60 + p.index - 8)
  elseif p.index then
    return (bg and "48;5;" or "38;5;") .. p.index
  end
  local r, g, b = p.hex:match("#(%x%x)(%x%x)(%x%x)")
  return ("%s;2;%d;%d;%d"):format(
    bg and "48" or "38",
    tonumber(r, 16),
    tonumber(g, 16),
    tonumber(b, 16)
  )
end

-- ---------------------------------------------------------------- styles

local STYLE_FLAGS = { "bold", "dim", "italic", "underline", "reverse" }
local STYLE_SGR = { bold = "1", dim = "2", italic = "3", underline = "4", reverse = "7" }
local STYLE_KEYS = { "fg", "bg", "bold", "dim", "italic", "underline", "reverse" }

-- Why `s` is not a style, or nil. `at` is a function(path_suffix, msg)
-- that raises; used by the validator and by style_sgr/style_hex.
local function style_error(s)
  if type(s) == "string" then
    if not s:match("^[0-9;:]*$") then
      return nil, ('expected SGR parameters such as "1;33" or a style table, got %q'):format(s)
    end
    if #s > 63 then
      return nil, "SGR parameters longer than 63 bytes"
    end
    return true
  elseif type(s) ~= "table" then
    return nil, ("expected a style (SGR string or table), got %s"):format(type(s))
  end
  for k, v in pairs(s) do
    if k == "fg" or k == "bg" then
      if not parse_color(v) then
        return k,
          ('expected a colour ("#rrggbb", a name such as "red" or 0..255), got %s'):format(
            type(v) == "string" and ("%q"):format(v) or tostring(v)
          )
      end
    elseif STYLE_SGR[k] then
      if type(v) ~= "boolean" then
        return k, ("expected a boolean, got %s"):format(type(v))
      end
    else
      return k, "unknown key"
    end
  end
  return true
end

--- SGR parameters ("1;38;5;208") for a style: an SGR string is returned
-- as it is, a table is turned into codes (bold 1, dim 2, italic 3,
-- underline 4, reverse 7, then fg, then bg; names 0..7 as 30..37, 8..15 as
-- 90..97, numbers as 38;5;N, "#rrggbb" as 38;2;R;G;B). nil gives "".
function M.style_sgr(style)
  if style == nil then
    return ""
  end
  local bad, msg = style_error(style)
  if bad ~= true then
    error(("bad argument #1 to 'style_sgr' (%s%s)"):format(bad and bad .. ": " or "", msg), 2)
  end
  if type(style) == "string" then
    return style
  end
  local out = {}
  for _, f in ipairs(STYLE_FLAGS) do
    if style[f] then
      out[#out + 1] = STYLE_SGR[f]
    end
  end
  if style.fg ~= nil then
    out[#out + 1] = color_sgr(style.fg, false)
  end
  if style.bg ~= nil then
    out[#out + 1] = color_sgr(style.bg, true)
  end
  return table.concat(out, ";")
end

-- Parse SGR parameters into a style table with 0..255 indices or hex
-- colours ({fg =, bg =, bold =, ...}). Extended colours come as
-- 38;5;N / 38;2;R;G;B or in the colon form 38:5:N / 38:2:[ID]:R:G:B.
local function sgr_to_table(s)
  local st, params = {}, {}
  for p in (s .. ";"):gmatch("([^;]*);") do
    params[#params + 1] = p
  end
  local function rgb(r, g, b)
    r, g, b = tonumber(r), tonumber(g), tonumber(b)
    if r and g and b and r <= 255 and g <= 255 and b <= 255 then
      return hex3(r, g, b)
    end
  end
  local function index(n)
    n = tonumber(n)
    if n and n >= 0 and n <= 255 and n == floor(n) then
      return n
    end
  end
  local i = 1
  while i <= #params do
    local p = params[i]
    local sub = {}
    for x in (p .. ":"):gmatch("([^:]*):") do
      sub[#sub + 1] = x
    end
    local n = tonumber(sub[1]) or 0
    local step = 1
    local color
    if n == 38 or n == 48 then
      if #sub > 1 then -- colon form
        if sub[2] == "5" then
          color = index(sub[3])
        elseif sub[2] == "2" then
          local o = #sub >= 6 and 4 or 3
          color = rgb(sub[o], sub[o + 1], sub[o + 2])
        end
      elseif params[i + 1] == "5" then
        color, step = index(params[i + 2]), 3
      elseif params[i + 1] == "2" then
        color, step = rgb(params[i + 2], params[i + 3], params[i + 4]), 5
      end
    end
    if n == 0 then
      st = {}
    elseif n == 1 then
      st.bold = true
    elseif n == 2 then
      st.dim = true
    elseif n == 3 then
      st.italic = true
    elseif n == 4 then
      st.underline = true
    elseif n == 7 then
      st.reverse = true
    elseif n == 22 then
      st.bold, st.dim = nil, nil
    elseif n == 23 then
      st.italic = nil
    elseif n == 24 then
      st.underline = nil
    elseif n == 27 then
      st.reverse = nil
    elseif n >= 30 and n <= 37 then
      st.fg = n - 30
    elseif n >= 90 and n <= 97 then
      st.fg = n - 90 + 8
    elseif n == 39 then
      st.fg = nil
    elseif n >= 40 and n <= 47 then
      st.bg = n - 40
    elseif n >= 100 and n <= 107 then
      st.bg = n - 100 + 8
    elseif n == 49 then
      st.bg = nil
    elseif n == 38 then
      st.fg = color
    elseif n == 48 then
      st.bg = color
    end
    i = i + step
  end
  return st
end

--- A style for GUIs: {fg = "#rrggbb", bg = "#rrggbb", ctermfg = 0..255,
-- ctermbg = 0..255, bold = true, dim = true, italic = true, underline =
-- true, reverse = true}, each field present only when set. Names and
-- 256-colour numbers map to hex through the xterm palette; a hex colour
-- gets the nearest 256-colour index as ctermfg/ctermbg. A dim style
-- without a foreground gets fg "#7f7f7f", since most GUIs have no dim.
function M.style_hex(style)
  if style == nil then
    return {}
  end
  local bad, msg = style_error(style)
  if bad ~= true then
    error(("bad argument #1 to 'style_hex' (%s%s)"):format(bad and bad .. ": " or "", msg), 2)
  end
  local st = type(style) == "string" and sgr_to_table(style) or style
  local out = {}
  for _, f in ipairs(STYLE_FLAGS) do
    if st[f] then
      out[f] = true
    end
  end
  for _, which in ipairs({ "fg", "bg" }) do
    local c = st[which] ~= nil and parse_color(st[which])
    if c then
      out[which] = c.hex
      local r, g, b = c.hex:match("#(%x%x)(%x%x)(%x%x)")
      out["cterm" .. which] = c.index
        or nearest_256(tonumber(r, 16), tonumber(g, 16), tonumber(b, 16))
    end
  end
  if out.dim and not out.fg then
    out.fg = "#7f7f7f"
  end
  return out
end

-- ---------------------------------------------------------------- schema

local STYLE_DOC = 'An SGR string such as `"1;33"` or a style table '
  .. '`{ fg =, bg =, bold =, dim =, italic =, underline =, reverse = }` (see "Styles").'

local function word_class(name, what, example)
  return {
    name = name,
    type = "words",
    canonical = CANONICAL[name] or false,
    default = "{}",
    doc = what,
    example = example,
  }
end

local function kinds_default(f)
  local parts = {}
  for _, k in ipairs(KINDS) do
    parts[#parts + 1] = f(k)
  end
  return parts
end

--- The config schema: a tree of nodes, which the validator walks and from
-- which docs/config.md is generated (scripts/dev/gen-config-doc.lua).
-- A node has `type` ("table" with ordered `fields`, "list" of `items`,
-- "map" from the names in `keys` to `values`, "words", "style",
-- "string", "integer", "boolean"), `doc`, `default` (Lua source, or for
-- styles a list of {kind, SGR}) or `default_doc` (prose), and `example`
-- (Lua source); `required` keys have no default. `also` lists keys that
-- are not valid but suggest this one in an "unknown key" error.
M.schema = {
  type = "table",
  doc = "The whole config: a table returned by the file, or its keys set as globals.",
  fields = {
    {
      name = "rules",
      type = "list",
      also = { "rule", "patterns", "regex", "regexes" },
      default = "{}",
      doc = "Custom rules: PCRE2 patterns (UTF; any bytes in the text are matched safely) "
        .. "whose matches become `rule` spans, labelled and coloured like the built-in kinds. "
        .. "The CLI adds its `--rule` options after these. Each pattern is compiled once, "
        .. "when the config is loaded; one that does not compile is an error with PCRE2's "
        .. "message and the offset in the pattern.",
      example = "rules = {\n"
        .. '  { name = "money", pattern = [[\\$\\d[\\d,.]*(?: (?:million|billion))?]],'
        .. ' label = "money",\n    style = { fg = "#2e8b57", bold = true } },\n}',
      items = {
        type = "table",
        name = "rule",
        doc = "One rule.",
        fields = {
          {
            name = "name",
            type = "string",
            required = true,
            match = "^[A-Za-z0-9_.%-]+$",
            match_doc = "letters, digits, `_`, `.` and `-`",
            doc = "The rule's name: unique in the config, letters, digits, `_`, `.` and `-`.",
            example = 'name = "money"',
          },
          {
            name = "pattern",
            type = "string",
            required = true,
            nonempty = true,
            doc = "A PCRE2 pattern (UTF mode; see pcre2pattern(3)). "
              .. "Use a long string `[[...]]` so that "
              .. "backslashes need no escaping.",
            example = "pattern = [[\\b\\d{1,2} (?:January|February|March) \\d{4}\\b]]",
          },
          {
            name = "label",
            type = "string",
            nonempty = true,
            default_doc = "the name",
            doc = "What a hit is shown as (JSON, HTML, brat): "
              .. "non-empty UTF-8 without control characters.",
            example = 'label = "date"',
          },
          {
            name = "priority",
            type = "integer",
            min = -2147483648,
            max = 2147483647,
            default = "0",
            doc = "Where hits of two rules overlap, the higher priority wins.",
            example = "priority = 2",
          },
          {
            name = "style",
            type = "style",
            also = { "color", "colour" },
            default_doc = "`styles.rule`",
            doc = "How the rule's hits are coloured by hosts that colour rules one by one "
              .. "(the editor plugins). The CLI's ANSI output colours every rule hit with "
              .. "`styles.rule`.",
            example = 'style = { fg = "yellow", underline = true }',
          },
        },
      },
    },
    {
      name = "lexicon",
      type = "table",
      also = { "lexicons", "words", "dictionary" },
      default = "{}",
      doc = "Words added to the built-in lexicon, by class. Each class is a list of words; "
        .. "for person, organization and place a word may also map to its canonical name "
        .. '(`["DOE"] = "U.S. Department of Energy"`), so mentions of the short form link to '
        .. "the same entity.",
      example = "lexicon = {\n"
        .. '  organization = { "Riverton Gazette", ["DOE"] = "U.S. Department of Energy" },\n'
        .. '  speech_verb = { "dijo", "afirmó" },\n}',
      fields = {
        word_class(
          "person",
          "Full names of people.",
          'person = { "Katya Ivanova", ["Katya"] = "Katya Ivanova" }'
        ),
        word_class(
          "organization",
          "Organizations.",
          'organization = { "Roscosmos", ["DOE"] = "U.S. Department of Energy" }'
        ),
        word_class("place", "Places.", 'place = { "Jezero Crater", ["NYC"] = "New York City" }'),
        word_class(
          "title",
          "Job titles that can stand before a name.",
          'title = { "Deputy Mayor", "Chief Rabbi" }'
        ),
        word_class(
          "speech_verb",
          "Speech cues, as lemmas (inflections are derived for English; "
            .. "other languages list each form).",
          'speech_verb = { "emphasise", "dijo", "afirmó" }'
        ),
        word_class(
          "given_name",
          "Given names, which help find people.",
          'given_name = { "Oleksandr", "Siobhán" }'
        ),
      },
    },
    {
      name = "show",
      type = "map",
      keys = KINDS,
      key_doc = "kind",
      values = { type = "boolean" },
      also = { "kinds", "hide", "visible" },
      default_doc = "every kind `true`",
      doc = "Which kinds are shown. A kind set to `false` is not coloured (the spans are still "
        .. "found, and JSON, dump and brat output still list them).",
      example = "show = { boilerplate = false, role = false }",
    },
    {
      name = "styles",
      type = "map",
      keys = KINDS,
      key_doc = "kind",
      values = { type = "style" },
      also = { "colors", "colours", "color", "colour", "style", "theme", "highlights" },
      default = kinds_default(function(k)
        return { k, DEFAULT_STYLES[k] }
      end),
      doc = "The style of each kind; kinds not given keep their default. " .. STYLE_DOC,
      example = 'styles = {\n  quote = { fg = "green" },\n  person = "1;38;5;33",\n'
        .. '  organization = { fg = "#008080", italic = true },\n}',
    },
    {
      name = "palette",
      type = "list",
      items = { type = "style" },
      min = 1,
      also = { "speaker_palette", "colors", "colours" },
      default = (function()
        local p = {}
        for i, c in ipairs(DEFAULT_PALETTE) do
          p[i] = "{ fg = " .. c .. " }"
        end
        return "{ " .. table.concat(p, ", ") .. " }"
      end)(),
      doc = "Speaker colours: each speaker gets the next entry in order of their first quote, "
        .. "and keeps it for every quote (the list wraps around). The editor plugins and the "
        .. "pager use it; the CLI's ANSI renderer has six speaker colours of its own and does not "
        .. "read the list.",
      example = "palette = {\n"
        .. '  { fg = "#e6194b" }, { fg = "#3cb44b" }, { fg = "#4363d8" }, "1;38;5;208",\n}',
    },
    {
      name = "speaker_colors",
      type = "boolean",
      also = { "speaker_colours", "speakers" },
      default = "true",
      doc = "Colour quotes by speaker with `palette`, and quotes without a known speaker with "
        .. "`styles.quote`; `false` colours every quote with `styles.quote`. In the CLI, "
        .. "`styles.quote` only applies when this is `false` (its renderer takes no quote "
        .. "style while it colours by speaker).",
      example = "speaker_colors = false",
    },
    {
      name = "labels",
      type = "list",
      also = { "label", "user_labels", "tags" },
      default = "{}",
      doc = "Extra labels for annotating by hand, next to the built-in kinds (person, "
        .. "organization, place, quote, scare_quote): the editors offer them when a span is "
        .. "labelled, and the sidecar keeps them (docs/annotations.md). Names as rule names; "
        .. "not a built-in kind.",
      example = 'labels = { "claim", "statistic", "source.anonymous" }',
      items = {
        type = "string",
        name = "label",
        nonempty = true,
        match = "^[A-Za-z0-9_.%-]+$",
        match_doc = "letters, digits, `_`, `.` and `-`",
      },
    },
  },
}

-- ------------------------------------------------------- source locations

-- A path segment always shown as ["key"] (lexicon words).
local LIT = {}
local function lit(k)
  return setmetatable({ k }, LIT)
end
local function unlit(seg)
  if getmetatable(seg) == LIT then
    return seg[1]
  end
  return seg
end

-- Lua tokens with their line numbers: {t = "name"|"string"|"number"|"op"|
-- "eof", v = value, line = n}. Comments are skipped. Good enough to walk
-- table constructors; not a full lexer (string escapes are kept raw).
local function tokenize(src)
  local toks, n = {}, 0
  local i, line, len = 1, 1, #src
  local function add(t, v, l)
    n = n + 1
    toks[n] = { t = t, v = v, line = l or line }
  end
  local function newlines(s)
    local _, c = s:gsub("\n", "")
    return c
  end
  local function long_bracket(at)
    local eqs = src:match("^%[(=*)%[", at)
    if not eqs then
      return nil
    end
    local open_end = at + #eqs + 1
    local s, e = src:find("]" .. eqs .. "]", open_end + 1, true)
    local body = src:sub(open_end + 1, (s or len + 1) - 1)
    return body, (e or len) + 1
  end
  while i <= len do
    local c = src:sub(i, i)
    if c == "\n" then
      line = line + 1
      i = i + 1
    elseif c:match("%s") then
      i = i + 1
    elseif c == "-" and src:sub(i + 1, i + 1) == "-" then
      local body, after = long_bracket(i + 2)
      if body then
        line = line + newlines(src:sub(i, after - 1))
        i = after
      else
        i = (src:find("\n", i, true) or len + 1)
      end
    elseif c == "[" and src:match("^%[=*%[", i) then
      local body, after = long_bracket(i)
      local start = line
      line = line + newlines(src:sub(i, after - 1))
      add("string", (body:gsub("^\r?\n", "")), start)
      i = after
    elseif c == '"' or c == "'" then
      local j, start = i + 1, line
      while j <= len do
        local ch = src:sub(j, j)
        if ch == "\\" then
          if src:sub(j + 1, j + 1) == "\n" then
            line = line + 1
          end
          j = j + 2
        elseif ch == c or ch == "\n" then
          break
        else
          j = j + 1
        end
      end
      add("string", (src:sub(i + 1, j - 1):gsub("\\(.)", "%1")), start)
      i = j + 1
    elseif c:match("[%a_]") then
      local name = src:match("^[%w_]+", i)
      add("name", name)
      i = i + #name
    elseif c:match("%d") or (c == "." and src:sub(i + 1, i + 1):match("%d")) then
      local num = src:match("^[%w%.]+", i)
      i = i + #num
      if num:match("[eEpP]$") and src:sub(i, i):match("[%+%-]") then
        local rest = src:match("^[%+%-][%w%.]*", i)
        num = num .. rest
        i = i + #rest
      end
      add("number", tonumber(num))
    else
      local op = src:sub(i, i + 2)
      if op ~= "..." then
        op = src:sub(i, i + 1)
        if
          not (
            op == "=="
            or op == "~="
            or op == "<="
            or op == ">="
            or op == ".."
            or op == "::"
            or op == "//"
          )
        then
          op = c
        end
      end
      add("op", op)
      i = i + #op
    end
  end
  add("eof", nil)
  return toks
end

local OPENERS = { ["{"] = "}", ["("] = ")", ["["] = "]" }

-- Bracket depth and matching closers for a token list.
local function structure(toks)
  local depth, match, stack = {}, {}, {}
  for i, tk in ipairs(toks) do
    if tk.t == "op" and OPENERS[tk.v] then
      depth[i] = #stack
      stack[#stack + 1] = i
    elseif tk.t == "op" and (tk.v == "}" or tk.v == ")" or tk.v == "]") then
      local open = table.remove(stack)
      if open then
        match[open] = i
      end
      depth[i] = #stack
    else
      depth[i] = #stack
    end
  end
  return depth, match
end

-- A locator: line_of(path) gives the line of the key path in `src`, or nil.
local function locator(src)
  local toks = tokenize(src)
  local depth, match = structure(toks)
  local function is(i, v)
    local tk = toks[i]
    return tk and tk.t == "op" and tk.v == v
  end
  local function field_end(i)
    return is(i, ",") or is(i, ";") or is(i, "}") or toks[i].t == "eof"
  end

  -- The constructor a value starting at token `vi` is: `{` itself, or a
  -- name assigned a constructor at depth 0 (`local x = {...}`).
  local function resolve(vi)
    if is(vi, "{") then
      return vi
    end
    local tk = toks[vi]
    if not (tk and tk.t == "name" and field_end(vi + 1)) then
      return nil
    end
    local found
    for j = 1, #toks - 2 do
      if
        depth[j] == 0
        and toks[j].t == "name"
        and toks[j].v == tk.v
        and is(j + 1, "=")
        and is(j + 2, "{")
        and not is(j - 1, ".")
        and j ~= vi
      then
        found = j + 2
      end
    end
    return found
  end

  -- Field `key` of the constructor opening at `open`: the token index where
  -- the field starts and where its value starts.
  local function find_field(open, key)
    local close = match[open]
    if not close then
      return nil
    end
    local inner = depth[open] + 1
    local pos = 0
    local s = open + 1
    while s < close do
      local fkey, vstart
      if toks[s].t == "name" and is(s + 1, "=") then
        fkey, vstart = toks[s].v, s + 2
      elseif is(s, "[") and match[s] and is(match[s] + 1, "=") then
        if match[s] == s + 2 and (toks[s + 1].t == "string" or toks[s + 1].t == "number") then
          fkey = toks[s + 1].v
        end
        vstart = match[s] + 2
      else
        pos = pos + 1
        fkey, vstart = pos, s
      end
      if fkey == key then
        return s, vstart
      end
      -- next field
      local j = vstart
      while j < close and not ((is(j, ",") or is(j, ";")) and depth[j] == inner) do
        j = j + 1
      end
      s = j + 1
    end
    return nil
  end

  -- The table the file returns (`return {...}` or `return name`) at depth 0.
  local root
  for j = #toks, 1, -1 do
    if toks[j].t == "name" and toks[j].v == "return" and depth[j] == 0 then
      root = resolve(j + 1)
      if root then
        break
      end
    end
  end

  -- A global assignment `key = ...` at depth 0.
  local function find_global(key)
    for j = 1, #toks - 1 do
      if
        depth[j] == 0
        and toks[j].t == "name"
        and toks[j].v == key
        and is(j + 1, "=")
        and not is(j - 1, ".")
      then
        if not (toks[j - 1] and toks[j - 1].t == "name" and toks[j - 1].v == "local") then
          return j, j + 2
        end
      end
    end
  end

  return function(path)
    local line, ctor = nil, root
    for k, seg in ipairs(path) do
      seg = unlit(seg)
      local s, v
      if ctor then
        s, v = find_field(ctor, seg)
      elseif k == 1 and type(seg) == "string" then
        s, v = find_global(seg)
      end
      if not s then
        break
      end
      line = toks[s].line
      if k < #path then
        ctor = resolve(v)
        if not ctor then
          break
        end
      end
    end
    if line then
      return line
    end
    -- best effort: the first line where the last named key is assigned
    for k = #path, 1, -1 do
      if type(unlit(path[k])) == "string" then
        local pat = unlit(path[k]):gsub("%p", "%%%0")
        local ln = 1
        for l in (src .. "\n"):gmatch("([^\n]*)\n") do
          if l:match("%f[%w_]" .. pat .. "%s*=[^=]") or l:match("%f[%w_]" .. pat .. "%s*=$") then
            return ln
          end
          ln = ln + 1
        end
        return nil
      end
    end
    return nil
  end
end

-- ------------------------------------------------------------ validation

local function fmt_path(path)
  local out = {}
  for i, seg in ipairs(path) do
    if getmetatable(seg) == LIT then
      seg = tostring(seg[1])
      out[#out + 1] = '["'
        .. seg:gsub('[%c"\\]', function(ch)
          return ("\\%03d"):format(ch:byte())
        end)
        .. '"]'
    elseif type(seg) == "number" then
      out[#out + 1] = "[" .. seg .. "]"
    elseif type(seg) == "string" and seg:match("^[%a_][%w_]*$") then
      out[#out + 1] = (i > 1 and "." or "") .. seg
    else
      out[#out + 1] = '["'
        .. tostring(seg):gsub('[%c"\\]', function(ch)
          return ("\\%03d"):format(ch:byte())
        end)
        .. '"]'
    end
  end
  return table.concat(out)
end

local function append(path, seg)
  local p = { unpack(path) }
  p[#p + 1] = seg
  return p
end

local function describe_value(v)
  if type(v) == "string" then
    if #v > 40 then
      v = v:sub(1, 37) .. "..."
    end
    return (("%q"):format(v):gsub("\\\n", "\\n"))
  elseif type(v) == "number" or type(v) == "boolean" then
    return tostring(v)
  end
  return type(v)
end

local function edit_distance(a, b)
  if math.abs(#a - #b) > 2 then
    return 3
  end
  local prev = {}
  for j = 0, #b do
    prev[j] = j
  end
  for i = 1, #a do
    local cur = { [0] = i }
    for j = 1, #b do
      local cost = a:sub(i, i) == b:sub(j, j) and 0 or 1
      cur[j] = math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
    end
    prev = cur
  end
  return prev[#b]
end

-- The valid key closest to `key` (edit distance <= 2, or a hint from
-- `also`), or nil.
local function suggest(key, names, hints)
  if type(key) ~= "string" then
    return nil
  end
  local lower = key:lower()
  if hints and hints[lower] then
    return hints[lower]
  end
  local best, bestd
  for _, n in ipairs(names) do
    local d = edit_distance(lower, n)
    if d <= 2 and d < #n and (not bestd or d < bestd) then
      best, bestd = n, d
    end
  end
  return best
end

local FAIL = {}

-- Raise a validation failure: `path` is what the message names, `at` the
-- key path whose line is looked up (default `path`).
local function fail(path, msg, at)
  error(setmetatable({ path = path, msg = msg, at = at or path }, FAIL), 0)
end

local function unknown_key(path, key, names, hints, what)
  local s = suggest(key, names, hints)
  local shown = type(key) == "string" and ("'%s'"):format(key) or ("[%s]"):format(tostring(key))
  local msg = ("unknown %s %s"):format(what or "key", shown)
  if s then
    msg = msg .. (" (did you mean '%s'?)"):format(s)
  else
    msg = msg .. (" (expected one of: %s)"):format(table.concat(names, ", "))
  end
  fail(path, msg, append(path, key))
end

local function expect(path, what, v)
  fail(path, ("expected %s, got %s"):format(what, describe_value(v)))
end

-- Keys of `t` sorted for a deterministic first error.
local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do
    keys[#keys + 1] = k
  end
  table.sort(keys, function(a, b)
    local ta, tb = type(a), type(b)
    if ta ~= tb then
      return ta == "number"
    end
    if ta == "number" or ta == "string" then
      return a < b
    end
    return tostring(a) < tostring(b)
  end)
  return keys
end

-- The length of a list table, checking that it has no other keys.
local function check_list(path, t, items)
  local n = 0
  for _, k in ipairs(sorted_keys(t)) do
    if not (is_integer(k) and k >= 1) then
      local msg = ("expected a list of %s, found key %s"):format(
        items.name and items.name .. "s" or "items",
        describe_value(k)
      )
      for _, f in ipairs(items.fields or {}) do
        if f.name == k then
          msg = msg
            .. (" (a single %s? wrap it in a list: %s = { { ... } })"):format(
              items.name,
              path[#path]
            )
          break
        end
      end
      fail(path, msg, append(path, k))
    end
    n = n + 1
  end
  for i = 1, n do
    if t[i] == nil then
      fail(path, ("not a list: item [%d] is missing"):format(i))
    end
  end
  return n
end

local check_node

local function check_style(path, v)
  local bad, msg = style_error(v)
  if bad == true then
    return
  end
  if bad then
    if msg == "unknown key" then
      unknown_key(
        path,
        bad,
        STYLE_KEYS,
        { color = "fg", colour = "fg", foreground = "fg", background = "bg" }
      )
    end
    fail(append(path, bad), msg)
  end
  fail(path, msg)
end

local function check_words(node, path, v)
  if type(v) ~= "table" then
    expect(path, "a list of words", v)
  end
  for _, k in ipairs(sorted_keys(v)) do
    local w = v[k]
    local p = append(path, type(k) == "string" and lit(k) or k)
    if is_integer(k) then
      if type(w) ~= "string" then
        expect(p, "a word (string)", w)
      elseif w == "" then
        fail(p, "empty word")
      end
    elseif type(k) == "string" then
      if k == "" then
        fail(p, "empty word")
      end
      if node.canonical then
        if w ~= true and type(w) ~= "string" then
          expect(p, "a canonical name (string) or true", w)
        elseif w == "" then
          fail(p, "empty canonical name")
        end
      elseif w ~= true then
        fail(
          p,
          "canonical names are only for person, organization and place; list the word instead"
        )
      end
    else
      fail(path, ("expected words, found key %s"):format(describe_value(k)), p)
    end
  end
end

function check_node(node, path, v, ctx)
  local t = node.type
  if t == "string" then
    if type(v) ~= "string" then
      expect(path, "a string", v)
    end
    if node.nonempty and v == "" then
      fail(path, "must not be empty")
    end
    if node.match and not v:match(node.match) then
      fail(
        path,
        ("%s is not a valid %s (use %s)"):format(
          describe_value(v),
          type(path[#path]) == "string" and path[#path] or node.name or "value",
          node.match_doc
        )
      )
    end
  elseif t == "boolean" then
    if type(v) ~= "boolean" then
      expect(path, "a boolean (true or false)", v)
    end
  elseif t == "integer" then
    if not is_integer(v) then
      expect(path, "an integer", v)
    end
    if (node.min and v < node.min) or (node.max and v > node.max) then
      fail(path, ("%s is out of range (%d..%d)"):format(tostring(v), node.min, node.max))
    end
  elseif t == "style" then
    check_style(path, v)
  elseif t == "words" then
    check_words(node, path, v)
  elseif t == "table" then
    if type(v) ~= "table" then
      expect(path, "a table", v)
    end
    local names, by_name, hints = {}, {}, {}
    for _, f in ipairs(node.fields) do
      names[#names + 1] = f.name
      by_name[f.name] = f
      for _, a in ipairs(f.also or {}) do
        hints[a] = hints[a] or f.name
      end
    end
    for _, k in ipairs(sorted_keys(v)) do
      if type(k) ~= "string" then
        fail(
          path,
          ("unexpected list item [%s] (a %s has the keys %s)"):format(
            tostring(k),
            node.name or "table",
            table.concat(names, ", ")
          ),
          append(path, k)
        )
      elseif not by_name[k] then
        unknown_key(path, k, names, hints)
      end
    end
    for _, f in ipairs(node.fields) do
      local fv = v[f.name]
      if fv == nil then
        if f.required then
          fail(path, ("missing key '%s'"):format(f.name))
        end
      else
        check_node(f, append(path, f.name), fv, ctx)
      end
    end
  elseif t == "list" then
    if type(v) ~= "table" then
      expect(path, "a list", v)
    end
    local n = check_list(path, v, node.items)
    if node.min and n < node.min then
      fail(path, ("needs at least %d item%s"):format(node.min, node.min == 1 and "" or "s"))
    end
    for i = 1, n do
      check_node(node.items, append(path, i), v[i], ctx)
    end
  elseif t == "map" then
    if type(v) ~= "table" then
      expect(path, ("a table of %s = value"):format(node.key_doc or "key"), v)
    end
    local allowed = {}
    for _, k in ipairs(node.keys) do
      allowed[k] = true
    end
    for _, k in ipairs(sorted_keys(v)) do
      if not allowed[k] then
        unknown_key(path, k, node.keys, nil, node.key_doc)
      end
      check_node(node.values, append(path, k), v[k], ctx)
    end
  else
    error("newsmark.config: bad schema node type " .. tostring(t))
  end
  if node.after then
    node.after(path, v, ctx)
  end
end

-- rules: unique names, and patterns that compile (with the C module).
local function field_of(name)
  for _, f in ipairs(M.schema.fields) do
    if f.name == name then
      return f
    end
  end
end

-- labels: unique, and not a kind the analysis already has.
field_of("labels").after = function(path, labels)
  local seen = {}
  for i, l in ipairs(labels) do
    for _, k in ipairs(KINDS) do
      if l == k then
        fail(append(path, i), ("'%s' is a built-in kind, not a label"):format(l))
      end
    end
    if seen[l] then
      fail(append(path, i), ("duplicate label '%s' (also labels[%d])"):format(l, seen[l]))
    end
    seen[l] = i
  end
end

field_of("rules").after = function(path, rules, ctx)
  local seen = {}
  for i, r in ipairs(rules) do
    if seen[r.name] then
      fail(
        append(append(path, i), "name"),
        ("duplicate rule name '%s' (also rules[%d])"):format(r.name, seen[r.name])
      )
    end
    seen[r.name] = i
  end
  local core = ctx.core
  if not core or #rules == 0 then
    return
  end
  local set = core.rules()
  if not set then
    return
  end
  for i, r in ipairs(rules) do
    local ok, msg, code = set:add(r.name, r.pattern, { label = r.label, priority = r.priority })
    if not ok then
      set:close()
      msg = tostring(msg):gsub('^rule "[^"]*": ', "")
      local key = "pattern"
      if code ~= core.errors.EREGEX then
        key = r.label and msg:find("label", 1, true) and "label" or "name"
      end
      fail(append(append(path, i), key), msg)
    end
  end
  set:close()
end

-- ------------------------------------------------------------- defaults

local function deep_copy(v)
  if type(v) ~= "table" then
    return v
  end
  local out = {}
  for k, x in pairs(v) do
    out[k] = deep_copy(x)
  end
  return out
end

--- The full default config, a fresh table on every call.
function M.defaults()
  local show, styles, palette = {}, {}, {}
  for _, k in ipairs(KINDS) do
    show[k] = true
    styles[k] = DEFAULT_STYLES[k]
  end
  for i, c in ipairs(DEFAULT_PALETTE) do
    palette[i] = { fg = c }
  end
  return {
    rules = {},
    lexicon = {},
    show = show,
    styles = styles,
    palette = palette,
    speaker_colors = true,
    labels = {},
  }
end

-- --------------------------------------------------------- C module use

local core_mod, core_tried
local function find_core()
  if not core_tried then
    core_tried = true
    local ok, mod = pcall(require, "newsmark.core")
    core_mod = ok and type(mod) == "table" and mod or nil
  end
  return core_mod
end

-- What validate() saw: cfg -> {name =, text =} (weak, so cfgs can go).
local origin = setmetatable({}, { __mode = "k" })

local function message(name, line, path, msg)
  local p = fmt_path(path or {})
  return ("%s%s: %s%s"):format(name, line and ":" .. line or "", p ~= "" and p .. ": " or "", msg)
end

local function read_file(path)
  local f = io.open(path, "rb")
  if not f then
    return nil
  end
  local text = f:read("*a")
  f:close()
  return text
end

--- Validate a config table; returns the full config (defaults overlaid
-- with `tbl`, a new table) or nil, "SOURCE[:LINE]: key.path: message".
-- `source_name` (default "config") names the file in messages; when
-- `source_text` (the file's text) is not given and `source_name` is a
-- readable file, it is read to find lines.
function M.validate(tbl, source_name, source_text)
  if source_name ~= nil and type(source_name) ~= "string" then
    error("bad argument #2 to 'validate' (string expected, got " .. type(source_name) .. ")", 2)
  end
  local name = source_name or "config"
  if type(tbl) ~= "table" then
    return nil,
      message(name, nil, nil, ("expected the config to be a table, got %s"):format(type(tbl)))
  end
  if source_text == nil and source_name then
    source_text = read_file(source_name)
  end
  local ctx = { core = find_core() }
  local ok, err = pcall(check_node, M.schema, {}, tbl, ctx)
  if not ok then
    if getmetatable(err) ~= FAIL then
      error(err, 0)
    end
    local line
    if type(source_text) == "string" then
      local okl, l = pcall(locator(source_text), err.at)
      line = okl and l or nil
    end
    return nil, message(name, line, err.path, err.msg)
  end

  local cfg = M.defaults()
  for i, r in ipairs(tbl.rules or {}) do
    cfg.rules[i] = {
      name = r.name,
      pattern = r.pattern,
      label = r.label,
      priority = r.priority or 0,
      style = deep_copy(r.style),
    }
  end
  cfg.lexicon = deep_copy(tbl.lexicon or {})
  for k, v in pairs(tbl.show or {}) do
    cfg.show[k] = v
  end
  for k, v in pairs(tbl.styles or {}) do
    cfg.styles[k] = deep_copy(v)
  end
  if tbl.palette then
    cfg.palette = deep_copy(tbl.palette)
  end
  if tbl.speaker_colors ~= nil then
    cfg.speaker_colors = tbl.speaker_colors
  end
  cfg.labels = deep_copy(tbl.labels or {})
  origin[cfg] = { name = name, text = source_text }
  return cfg
end

-- ----------------------------------------------------------------- load

local SANDBOX_NAMES = {
  "pairs",
  "ipairs",
  "tostring",
  "tonumber",
  "type",
  "select",
  "error",
  "assert",
  "next",
}
local MISSING_HINT = {
  io = true,
  os = true,
  require = true,
  load = true,
  loadfile = true,
  loadstring = true,
  dofile = true,
  debug = true,
  package = true,
  print = true,
  setmetatable = true,
  getmetatable = true,
  rawset = true,
  rawget = true,
  collectgarbage = true,
  pcall = true,
  coroutine = true,
}

-- A fresh environment: the safe builtins (copies of the library tables,
-- so a config cannot change the host's) behind __index; what the config
-- assigns lands in the table itself.
local function sandbox()
  local base = {}
  for _, n in ipairs(SANDBOX_NAMES) do
    base[n] = _G[n]
  end
  base.unpack = unpack
  for _, lib in ipairs({ "string", "table", "math" }) do
    local copy = {}
    for k, v in pairs(_G[lib]) do
      copy[k] = v
    end
    base[lib] = copy
  end
  base.string.dump = nil
  base.table.unpack = unpack
  return setmetatable({}, { __index = base })
end

local CHUNK = "newsmark-config" -- a chunk name rewritten to the path

local function compile_chunk(src, env)
  local fn, err
  if setfenv and loadstring then -- Lua 5.1 / LuaJIT
    if src:byte(1) == 27 then
      return nil, CHUNK .. ": binary chunks are not accepted"
    end
    fn, err = loadstring(src, "=" .. CHUNK)
    if fn then
      setfenv(fn, env)
    end
  else
    fn, err = load(src, "=" .. CHUNK, "t", env)
  end
  return fn, err
end

-- Run `fn` with a budget of instructions (best effort: the debug library
-- may be missing, and LuaJIT's compiled code does not count).
local MAX_STEPS = 20 -- of 1e6 instructions
local function run_limited(fn)
  local dbg = rawget(_G, "debug")
  local sethook = dbg and dbg.sethook
  local old
  if sethook and dbg.gethook then
    old = { dbg.gethook() }
    local steps = 0
    sethook(function()
      steps = steps + 1
      if steps > MAX_STEPS then
        local info = dbg.getinfo(2, "Sl")
        local at = info and info.source == "=" .. CHUNK and info.currentline
        local where = at and at > 0 and ":" .. at or ""
        error(CHUNK .. where .. ": the config runs too long (an endless loop?)", 0)
      end
    end, "", 1000000)
  end
  local jit = rawget(_G, "jit")
  if jit and jit.off then
    jit.off(fn, true) -- count hooks do not fire in compiled loops
  end
  local ok, res = pcall(fn)
  if old then
    if type(old[1]) == "function" then
      sethook(old[1], old[2], old[3])
    else
      sethook()
    end
  end
  return ok, res
end

local function rewrite(msg, path)
  if type(msg) ~= "string" then
    -- error({...}) in a config: "table: 0x..." would say nothing
    msg = ("the config raised a %s, not an error message"):format(type(msg))
  end
  local out = msg:gsub(CHUNK:gsub("%p", "%%%0"), function()
    return path
  end)
  if out:sub(1, #path) ~= path then
    out = path .. ": " .. out
  end
  local missing = out:match("global '([%w_]+)'")
  if missing and MISSING_HINT[missing] then
    out = out .. (" (a config file runs in a sandbox without %s)"):format(missing)
  end
  return out
end

--- Find the config file: `env.NEWSMARK_CONFIG`, else
-- `$XDG_CONFIG_HOME/newsmark/config.lua` when XDG_CONFIG_HOME is set (to
-- an absolute path), else `$HOME/.config/newsmark/config.lua`, the last
-- two only when the file exists. Empty variables count as unset. `env` is
-- a table of environment variables (default: os.getenv).
-- Returns the path, nil when there is no config, or nil, msg when
-- NEWSMARK_CONFIG names a file that cannot be read.
function M.path(env)
  if env ~= nil and type(env) ~= "table" then
    error("bad argument #1 to 'path' (table expected, got " .. type(env) .. ")", 2)
  end
  local function get(k)
    local v
    if env then
      v = env[k]
    else
      v = os.getenv(k)
    end
    if type(v) ~= "string" or v == "" then
      return nil
    end
    return v
  end
  local function readable(p)
    local f, err = io.open(p, "rb")
    if f then
      f:close()
      return true
    end
    return false, err
  end
  local explicit = get("NEWSMARK_CONFIG")
  if explicit then
    local ok, err = readable(explicit)
    if not ok then
      return nil, "NEWSMARK_CONFIG: " .. tostring(err)
    end
    return explicit
  end
  -- XDG Base Directory: $XDG_CONFIG_HOME (absolute) replaces ~/.config
  local dir = get("XDG_CONFIG_HOME")
  if not (dir and dir:sub(1, 1) == "/") then
    local home = get("HOME")
    dir = home and home .. "/.config"
  end
  local p = dir and dir .. "/newsmark/config.lua"
  if p and readable(p) then
    return p
  end
  return nil
end

--- Load a config file: run it in a sandbox (only string, table, math,
-- pairs, ipairs, tostring, tonumber, type, select, error, assert, next,
-- unpack), take the table it returns or, when it returns nothing, the
-- globals it set, and validate it. Returns the full config or nil, msg
-- ("FILE:LINE: message").
function M.load(path)
  if type(path) ~= "string" then
    error("bad argument #1 to 'load' (string expected, got " .. type(path) .. ")", 2)
  end
  local f, oerr = io.open(path, "rb")
  if not f then
    return nil, tostring(oerr)
  end
  local src, rerr = f:read("*a")
  f:close()
  if not src then
    return nil, path .. ": " .. tostring(rerr)
  end
  -- a first line "#!..." is skipped like lua(1) does; keep the line count
  local text = src:gsub("^#[^\n]*", "")
  local env = sandbox()
  local fn, cerr = compile_chunk(text, env)
  if not fn then
    return nil, rewrite(cerr, path)
  end
  local ok, res = run_limited(fn)
  if not ok then
    return nil, rewrite(res, path)
  end
  local tbl
  if res == nil then
    tbl = {}
    for k, v in pairs(env) do
      tbl[k] = v
    end
  elseif type(res) == "table" then
    tbl = res
  else
    return nil,
      ("%s: the config must return a table or set its keys as globals (it returned a %s)"):format(
        path,
        type(res)
      )
  end
  return M.validate(tbl, path, src)
end

-- -------------------------------------------------------------- compile

--- Turn a config (from load, validate or defaults) into what hosts use:
-- { rules = newsmark.rules or nil (no rules), lexicon = table for
-- core.parse or nil (no words), styles = kind -> style, palette = {style},
-- show = kind -> boolean, speaker_colors = boolean, ansi_styles = kind ->
-- SGR string ("" for kinds switched off; for doc:render), rule_styles =
-- rule name -> style }. `core` is newsmark.core (default: required when
-- the config has rules). Returns that, or nil, msg.
function M.compile(cfg, core)
  if type(cfg) ~= "table" then
    error("bad argument #1 to 'compile' (table expected, got " .. type(cfg) .. ")", 2)
  end
  local src = origin[cfg]
  if not src then
    local err
    cfg, err = M.validate(cfg)
    if not cfg then
      return nil, err
    end
    src = origin[cfg]
  end
  local out = {
    styles = deep_copy(cfg.styles),
    palette = deep_copy(cfg.palette),
    show = deep_copy(cfg.show),
    speaker_colors = cfg.speaker_colors,
    ansi_styles = {},
    rule_styles = {},
  }
  for _, k in ipairs(KINDS) do
    out.ansi_styles[k] = cfg.show[k] and M.style_sgr(cfg.styles[k]) or ""
  end
  if next(cfg.lexicon) ~= nil then
    out.lexicon = deep_copy(cfg.lexicon)
  end
  if #cfg.rules > 0 then
    core = core or find_core()
    if not core then
      return nil,
        message(src.name, nil, { "rules" }, "the newsmark.core C module is needed for rules")
    end
    local set, err = core.rules()
    if not set then
      return nil, message(src.name, nil, { "rules" }, tostring(err))
    end
    for i, r in ipairs(cfg.rules) do
      local ok, msg, code = set:add(r.name, r.pattern, { label = r.label, priority = r.priority })
      if not ok then
        set:close()
        msg = tostring(msg):gsub('^rule "[^"]*": ', "")
        local key = code == core.errors.EREGEX and "pattern"
          or (r.label and msg:find("label", 1, true) and "label")
          or "name"
        local path = { "rules", i, key }
        local line = src.text and locator(src.text)(path)
        return nil, message(src.name, line, path, msg)
      end
      out.rule_styles[r.name] = r.style ~= nil and deep_copy(r.style) or deep_copy(cfg.styles.rule)
    end
    out.rules = set
  end
  return out
end

-- ------------------------------------------------------------- speakers

--- The palette style of a speaker: speakers get palette entries in the
-- order they are first asked for, wrapping around, and keep them for as
-- long as `state` lives. `state` is a table the caller keeps per document
-- or session; set `state.palette` (e.g. compiled.palette) before the first
-- call, or the default palette is used. Returns nil for a nil key.
function M.speaker_color(state, speaker_key)
  if type(state) ~= "table" then
    error("bad argument #1 to 'speaker_color' (table expected, got " .. type(state) .. ")", 2)
  end
  if speaker_key == nil then
    return nil
  end
  local palette = state.palette
  if type(palette) ~= "table" or #palette == 0 then
    palette = state._default_palette
    if not palette then
      palette = M.defaults().palette
      state._default_palette = palette
    end
  end
  local seen = state.speakers
  if not seen then
    seen = {}
    state.speakers = seen
    state.count = 0
  end
  local n = seen[speaker_key]
  if not n then
    state.count = (state.count or 0) + 1
    n = state.count
    seen[speaker_key] = n
  end
  return palette[(n - 1) % #palette + 1]
end

return M

-- newsmark.config (plugin/lua/newsmark/config.lua, docs/config.md): lookup,
-- sandboxed loading, validation errors with file, line and key path,
-- defaults, styles, speaker colours, compile, and the generated docs.
local config = require("newsmark.config")
local core = require("newsmark.core")

-- A scratch directory for config files, removed at the end.
local tmpdir
do
  local name = os.tmpname()
  os.remove(name)
  tmpdir = name .. ".nmconfig"
  os.execute("mkdir -p '" .. tmpdir .. "'")
end

local function write(name, text)
  local path = tmpdir .. "/" .. name
  local dir = path:match("^(.*)/[^/]*$")
  os.execute("mkdir -p '" .. dir .. "'")
  local f = assert(io.open(path, "wb"))
  f:write(text)
  f:close()
  return path
end

local function exists(path)
  local f = io.open(path, "rb")
  if f then
    f:close()
    return true
  end
  return false
end

-- load() a config written from `text`; returns cfg, msg, path.
local function load_text(text, name)
  local path = write(name or "config.lua", text)
  local cfg, msg = config.load(path)
  return cfg, msg, path
end

-- The error message of loading `text`, with the scratch path as "FILE".
local function load_error(text)
  local cfg, msg, path = load_text(text)
  assert.is_nil(cfg, "expected an error")
  assert.is_string(msg)
  return (msg:gsub(path:gsub("%p", "%%%0"), "FILE"))
end

local function validate_error(tbl)
  local cfg, msg = config.validate(tbl, "t.lua", "")
  assert.is_nil(cfg, "expected an error")
  return msg
end

teardown(function()
  os.execute("rm -rf '" .. tmpdir .. "'")
end)

describe("config.path", function()
  it("takes NEWSMARK_CONFIG first, and it must exist", function()
    local p = write("explicit.lua", "return {}")
    write("xdg/newsmark/config.lua", "return {}")
    assert.equal(p, config.path({ NEWSMARK_CONFIG = p, XDG_CONFIG_HOME = tmpdir .. "/xdg" }))
    local none, msg = config.path({ NEWSMARK_CONFIG = tmpdir .. "/missing.lua" })
    assert.is_nil(none)
    assert.matches("^NEWSMARK_CONFIG: .*missing%.lua: No such file", msg)
  end)

  it("then $XDG_CONFIG_HOME/newsmark/config.lua, which replaces ~/.config", function()
    local xdg = write("xdg/newsmark/config.lua", "return {}")
    write("home/.config/newsmark/config.lua", "return {}")
    local env = { XDG_CONFIG_HOME = tmpdir .. "/xdg", HOME = tmpdir .. "/home" }
    assert.equal(xdg, config.path(env))
    -- set but without the file: no config, not ~/.config
    local none, msg =
      config.path({ XDG_CONFIG_HOME = tmpdir .. "/empty", HOME = tmpdir .. "/home" })
    assert.is_nil(none)
    assert.is_nil(msg)
  end)

  it("then $HOME/.config/newsmark/config.lua; empty and relative values are unset", function()
    local home = write("home/.config/newsmark/config.lua", "return {}")
    assert.equal(home, config.path({ HOME = tmpdir .. "/home" }))
    assert.equal(
      home,
      config.path({ NEWSMARK_CONFIG = "", XDG_CONFIG_HOME = "", HOME = tmpdir .. "/home" })
    )
    assert.equal(home, config.path({ XDG_CONFIG_HOME = "relative/dir", HOME = tmpdir .. "/home" }))
  end)

  it("is nil without a message when there is no config", function()
    local p, msg = config.path({ HOME = tmpdir .. "/nobody" })
    assert.is_nil(p)
    assert.is_nil(msg)
    assert.is_nil(config.path({}))
  end)

  it("raises for a wrong argument", function()
    assert.has_error(function()
      config.path("HOME")
    end)
  end)
end)

describe("config.load", function()
  it("takes a returned table", function()
    local cfg, msg = load_text('return { styles = { quote = "1;32" }, speaker_colors = false }')
    assert.is_nil(msg)
    assert.equal("1;32", cfg.styles.quote)
    assert.is_false(cfg.speaker_colors)
    assert.equal("1;34", cfg.styles.person) -- a default
  end)

  it("takes globals when nothing is returned", function()
    local cfg = assert(
      load_text('rules = { { name = "m", pattern = "\\\\$\\\\d+" } }\nshow = { role = false }\n')
    )
    assert.equal("m", cfg.rules[1].name)
    assert.equal("\\$\\d+", cfg.rules[1].pattern)
    assert.is_false(cfg.show.role)
    assert.is_true(cfg.show.quote)
  end)

  it("ignores helper globals when a table is returned, and allows locals and functions", function()
    local cfg = assert(load_text([[
      helper = 1
      local function red(extra)
        local s = { fg = "red" }
        for k, v in pairs(extra) do s[k] = v end
        return s
      end
      return { styles = { quote = red({ bold = true }) } }
    ]]))
    assert.same({ fg = "red", bold = true }, cfg.styles.quote)
  end)

  it("skips a #! first line and keeps line numbers", function()
    assert.is_table((load_text("#!/usr/bin/env lua\nreturn {}\n")))
    assert.equal(
      "FILE:3: unknown key 'colour' (did you mean 'styles'?)",
      load_error("#!/x\nreturn {\n  colour = 1,\n}\n")
    )
  end)

  it("reports a file that cannot be read", function()
    local cfg, msg = config.load(tmpdir .. "/nope.lua")
    assert.is_nil(cfg)
    assert.matches("nope%.lua: No such file or directory", msg)
    assert.has_error(function()
      config.load(nil)
    end)
  end)

  it("reports syntax errors as FILE:LINE: message", function()
    assert.matches("^FILE:3: ", load_error("return {\n  rules = {},\n  x = = 1,\n}\n"))
    assert.matches("^FILE:[23]: .*near", load_error("return {\n  rules = {\n"))
  end)

  it("reports runtime errors with their line", function()
    assert.equal("FILE:2: boom", load_error('local x = 1\nerror("boom")\n'))
  end)

  it("needs a table", function()
    assert.matches("^FILE: the config must return a table", load_error("return 5"))
  end)

  describe("sandbox", function()
    it("has no os: os.execute fails cleanly and runs nothing", function()
      local marker = tmpdir .. "/executed"
      local msg = load_error('os.execute("touch ' .. marker .. '")\nreturn {}\n')
      assert.matches("^FILE:1: .*'os'.*sandbox without os", msg)
      assert.is_false(exists(marker))
    end)

    it("has no io, require, load, dofile or print", function()
      assert.matches(
        "^FILE:1: .*sandbox without io",
        load_error('local f = io.open("/etc/passwd")\n')
      )
      assert.matches("sandbox without require", load_error('require("os")\n'))
      assert.matches("sandbox without load", load_error('load("return 1")()\n'))
      assert.matches("sandbox without dofile", load_error('dofile("/etc/passwd")\n'))
      assert.matches("sandbox without print", load_error('print("hi")\n'))
      assert.matches("sandbox without setmetatable", load_error("setmetatable({}, {})\n"))
    end)

    it("has string, table, math and the safe builtins", function()
      local cfg = assert(load_text([[
        local t = {}
        table.insert(t, string.format("%d", math.floor(1.5)))
        assert(type(tostring(1)) == "string" and tonumber("2") == 2 and select("#", 1, 2) == 2)
        for _ in pairs({}) do end
        for _ in ipairs({}) do end
        assert(next({}) == nil and unpack({ 1 }) == 1 and table.unpack({ 2 }) == 2)
        return { lexicon = { title = t } }
      ]]))
      assert.same({ "1" }, cfg.lexicon.title)
    end)

    it("cannot change the host's libraries", function()
      assert.is_table(
        (load_text("string.upper = nil\ntable.concat = nil\nmath.floor = nil\nreturn {}\n"))
      )
      assert.equal("A", string.upper("a"))
      assert.equal("ab", table.concat({ "a", "b" }))
      assert.equal(1, math.floor(1.5))
    end)

    it("leaks no globals into the host", function()
      assert.is_table((load_text("leaked_global_xyz = 1\nreturn {}\n")))
      assert.is_nil(rawget(_G, "leaked_global_xyz"))
    end)

    it("stops an endless loop", function()
      local msg = load_error("local n = 0\nwhile true do\n  n = n + 1\nend\n")
      assert.matches("^FILE:%d: the config runs too long", msg)
    end)

    it("refuses binary chunks", function()
      local dump = string.dump(function()
        return {}
      end)
      local cfg, msg = load_text(dump, "binary.lua")
      assert.is_nil(cfg)
      assert.is_string(msg)
    end)
  end)
end)

describe("validation errors", function()
  it("name unknown keys, with a suggestion when one is close", function()
    assert.equal(
      "t.lua: unknown key 'rulez' (did you mean 'rules'?)",
      validate_error({ rulez = {} })
    )
    assert.equal(
      "t.lua: unknown key 'colour' (did you mean 'styles'?)",
      validate_error({ colour = {} })
    )
    assert.matches(
      "^t.lua: unknown key 'zzzzzz' %(expected one of: rules, lexicon, show, styles, palette,",
      validate_error({ zzzzzz = 1 })
    )
    assert.equal(
      "t.lua: rules[1]: unknown key 'patern' (did you mean 'pattern'?)",
      validate_error({ rules = { { name = "a", pattern = "a", patern = "b" } } })
    )
    assert.equal(
      "t.lua: styles: unknown kind 'qoute' (did you mean 'quote'?)",
      validate_error({ styles = { qoute = "1" } })
    )
    assert.equal(
      "t.lua: show: unknown kind 'persons' (did you mean 'person'?)",
      validate_error({ show = { persons = true } })
    )
    assert.equal(
      "t.lua: lexicon: unknown key 'people' (expected one of: person, organization, place, "
        .. "title, speech_verb, given_name)",
      validate_error({ lexicon = { people = {} } })
    )
    assert.equal(
      "t.lua: styles.quote: unknown key 'colour' (did you mean 'fg'?)",
      validate_error({ styles = { quote = { colour = "red" } } })
    )
  end)

  it("takes user labels and refuses kinds, duplicates and bad names", function()
    local cfg = assert(config.validate({ labels = { "claim", "source.anonymous" } }, "t.lua"))
    assert.same({ "claim", "source.anonymous" }, cfg.labels)
    assert.same({}, assert(config.validate({}, "t.lua")).labels)
    assert.equal(
      "t.lua: labels[2]: 'person' is a built-in kind, not a label",
      validate_error({ labels = { "claim", "person" } })
    )
    assert.equal(
      "t.lua: labels[2]: duplicate label 'a' (also labels[1])",
      validate_error({ labels = { "a", "a" } })
    )
    assert.equal(
      't.lua: labels[1]: "a b" is not a valid label (use letters, digits, `_`, `.` and `-`)',
      validate_error({ labels = { "a b" } })
    )
    assert.equal(
      "t.lua: unknown key 'tags' (did you mean 'labels'?)",
      validate_error({ tags = { "a" } })
    )
  end)

  it("name wrong types at every depth", function()
    assert.equal(
      't.lua: speaker_colors: expected a boolean (true or false), got "yes"',
      validate_error({ speaker_colors = "yes" })
    )
    assert.equal('t.lua: rules: expected a list, got "x"', validate_error({ rules = "x" }))
    assert.equal("t.lua: rules[1]: expected a table, got 5", validate_error({ rules = { 5 } }))
    assert.equal(
      "t.lua: rules[1].pattern: expected a string, got 5",
      validate_error({ rules = { { name = "a", pattern = 5 } } })
    )
    assert.equal(
      "t.lua: rules[1].priority: expected an integer, got 1.5",
      validate_error({ rules = { { name = "a", pattern = "a", priority = 1.5 } } })
    )
    assert.equal(
      't.lua: show.quote: expected a boolean (true or false), got "no"',
      validate_error({ show = { quote = "no" } })
    )
    assert.equal(
      "t.lua: styles.person.fg: expected a colour "
        .. '("#rrggbb", a name such as "red" or 0..255), got "#12345"',
      validate_error({ styles = { person = { fg = "#12345" } } })
    )
    assert.matches(
      "^t.lua: styles.person.bg: expected a colour",
      validate_error({ styles = { person = { bg = 256 } } })
    )
    assert.equal(
      "t.lua: styles.person.bold: expected a boolean, got number",
      validate_error({ styles = { person = { bold = 1 } } })
    )
    assert.matches(
      '^t.lua: styles.quote: expected SGR parameters such as "1;33"',
      validate_error({ styles = { quote = "bold" } })
    )
    assert.equal(
      "t.lua: palette[2]: expected a style (SGR string or table), got boolean",
      validate_error({ palette = { "1", true } })
    )
    assert.equal(
      "t.lua: lexicon.person[1]: expected a word (string), got 5",
      validate_error({ lexicon = { person = { 5 } } })
    )
    assert.equal(
      't.lua: lexicon.organization["DOE"]: expected a canonical name (string) or true, got 5',
      validate_error({ lexicon = { organization = { DOE = 5 } } })
    )
    assert.matches(
      '^t.lua: lexicon.title%["X"%]: canonical names are only for person',
      validate_error({ lexicon = { title = { X = "Y" } } })
    )
    assert.equal(
      "t.lua: expected the config to be a table, got string",
      (select(2, config.validate("x", "t.lua")))
    )
  end)

  it("check lists, required keys, names and ranges", function()
    assert.matches(
      "a single rule%? wrap it in a list",
      validate_error({ rules = { name = "a", pattern = "b" } })
    )
    assert.equal(
      "t.lua: rules[1]: missing key 'pattern'",
      validate_error({ rules = { { name = "a" } } })
    )
    assert.equal(
      't.lua: rules[1].name: "a b" is not a valid name (use letters, digits, `_`, `.` and `-`)',
      validate_error({ rules = { { name = "a b", pattern = "x" } } })
    )
    assert.equal(
      "t.lua: rules[2].name: duplicate rule name 'm' (also rules[1])",
      validate_error({ rules = { { name = "m", pattern = "a" }, { name = "m", pattern = "b" } } })
    )
    assert.equal(
      "t.lua: rules[1].pattern: must not be empty",
      validate_error({ rules = { { name = "a", pattern = "" } } })
    )
    assert.matches(
      "^t.lua: rules%[1%].priority: 2147483648 is out of range",
      validate_error({ rules = { { name = "a", pattern = "a", priority = 2147483648 } } })
    )
    assert.equal("t.lua: palette: needs at least 1 item", validate_error({ palette = {} }))
    assert.equal(
      "t.lua: palette: not a list: item [1] is missing",
      validate_error({ palette = { [2] = "1" } })
    )
    assert.equal(
      "t.lua: lexicon.person[1]: empty word",
      validate_error({ lexicon = { person = { "" } } })
    )
  end)

  it("give PCRE2's message and offset for a bad pattern", function()
    assert.equal(
      "t.lua: rules[2].pattern: missing closing parenthesis at offset 6",
      validate_error({
        rules = { { name = "ok", pattern = "a" }, { name = "date", pattern = "(\\d{4}" } },
      })
    )
    assert.matches(
      "^t.lua: rules%[1%].label: label must be",
      validate_error({ rules = { { name = "a", pattern = "a", label = "x\ty" } } })
    )
  end)

  it("carry the line of the key in the file", function()
    local text = table.concat({
      "-- a comment with rules = { in it",
      "local money = [[\\$\\d+]]",
      "return {",
      "  rules = {",
      "    { name = 'money', pattern = money },",
      "    {",
      "      name = 'date',",
      "      pattern = '(\\\\d{4}',",
      "    },",
      "  },",
      "  styles = {",
      "    quote = 'bold',",
      "  },",
      "}",
    }, "\n")
    assert.equal(
      "FILE:8: rules[2].pattern: missing closing parenthesis at offset 6",
      load_error(text)
    )
    text = text:gsub("%(\\\\d{4}", "x")
    assert.equal(
      'FILE:12: styles.quote: expected SGR parameters such as "1;33" or a style table, got "bold"',
      load_error(text)
    )
  end)

  it("find lines through locals, globals and bracketed keys", function()
    assert.matches(
      '^FILE:3: lexicon.organization%["DOE"%]',
      load_error(
        'local orgs = {\n  "X",\n  ["DOE"] = 5,\n}\nreturn { lexicon = { organization = orgs } }\n'
      )
    )
    assert.matches(
      "^FILE:4: speaker_colors:",
      load_error('rules = {\n  { name = "m", pattern = "x" },\n}\nspeaker_colors = "yes"\n')
    )
    assert.matches(
      "^FILE:4: show: unknown kind 'qoute'",
      load_error("return {\n  show = { quote = true,\n\n    qoute = false },\n}\n")
    )
    assert.matches(
      "^FILE:3: palette%[2%]:",
      load_error('return { palette = {\n  "1",\n  "x",\n} }\n')
    )
  end)
end)

describe("config.defaults", function()
  it("is the full default config, fresh on every call", function()
    local a, b = config.defaults(), config.defaults()
    assert.are_not.equal(a, b)
    assert.same(a, b)
    a.styles.quote = "1"
    assert.equal("32", config.defaults().styles.quote)
    assert.same({}, a.rules)
    assert.same({}, a.lexicon)
    assert.is_true(a.speaker_colors)
    assert.equal(8, #a.palette)
    for _, k in ipairs(config.kinds) do
      assert.is_true(a.show[k], k)
      assert.is_string(a.styles[k], k)
    end
    assert.is_table(config.validate(config.defaults()))
  end)

  it("has the CLI's ANSI colours and every core kind", function()
    local d = config.defaults()
    assert.equal("32", d.styles.quote)
    assert.equal("1;34", d.styles.person)
    assert.equal("7", d.styles.rule)
    assert.equal("", d.styles.paragraph)
    local n = 0
    for name, num in pairs(core.kinds) do
      if type(name) == "string" then
        n = n + 1
        assert.equal(name, config.kinds[num + 1])
      end
    end
    assert.equal(n, #config.kinds)
  end)

  it("a palette of distinct colours", function()
    local seen = {}
    for _, s in ipairs(config.defaults().palette) do
      local hex = config.style_hex(s).fg
      assert.is_nil(seen[hex])
      seen[hex] = true
    end
  end)
end)

describe("styles", function()
  it("style_sgr", function()
    assert.equal("1;38;5;208", config.style_sgr({ fg = 208, bold = true }))
    assert.equal("31", config.style_sgr({ fg = "red" }))
    assert.equal("94;40", config.style_sgr({ fg = "bright_blue", bg = "black" }))
    assert.equal("38;2;255;136;0", config.style_sgr({ fg = "#FF8800" }))
    assert.equal(
      "1;2;3;4;7;48;5;17",
      config.style_sgr({
        reverse = true,
        underline = true,
        italic = true,
        dim = true,
        bold = true,
        bg = 17,
      })
    )
    assert.equal("1;33", config.style_sgr("1;33"))
    assert.equal("", config.style_sgr(nil))
    assert.equal("", config.style_sgr({}))
    assert.has_error(function()
      config.style_sgr({ fg = "nope" })
    end)
    assert.has_error(function()
      config.style_sgr("\27[31m")
    end)
  end)

  it("style_hex", function()
    assert.same({ fg = "#cdcd00", ctermfg = 3, bold = true }, config.style_hex("1;33"))
    assert.same({ fg = "#ff8700", ctermfg = 208 }, config.style_hex({ fg = 208 }))
    assert.same({ fg = "#ff8700", ctermfg = 208, bold = true }, config.style_hex("1;38;5;208"))
    assert.same({ fg = "#ff8700", ctermfg = 208 }, config.style_hex("38:5:208"))
    assert.same(
      { fg = "#010203", ctermfg = 16, bg = "#ff0000", ctermbg = 196 },
      config.style_hex("38:2::1:2:3;48;2;255;0;0")
    )
    assert.equal("#000000", config.style_hex({ fg = 16 }).fg)
    assert.equal("#ffffff", config.style_hex({ fg = 231 }).fg)
    assert.equal("#080808", config.style_hex({ fg = 232 }).fg)
    assert.equal("#eeeeee", config.style_hex({ fg = 255 }).fg)
    assert.equal("#5c5cff", config.style_hex("94").fg)
    assert.same(
      { fg = "#ff8800", ctermfg = 208, underline = true },
      config.style_hex({ fg = "#FF8800", underline = true })
    )
    assert.equal(244, config.style_hex({ fg = "#808080" }).ctermfg)
    assert.same({ fg = "#7f7f7f", dim = true }, config.style_hex("2"))
    assert.same({ italic = true, fg = "#0000ee", ctermfg = 4 }, config.style_hex("3;34"))
    assert.same({}, config.style_hex(""))
    assert.same({}, config.style_hex("1;0"))
    assert.has_error(function()
      config.style_hex(5)
    end)
  end)
end)

describe("config.speaker_color", function()
  it("gives speakers palette entries in order of first use, stably", function()
    local state = { palette = { "1", "2", "3" } }
    assert.equal("1", config.speaker_color(state, "Kerry"))
    assert.equal("2", config.speaker_color(state, "Lavrov"))
    assert.equal("1", config.speaker_color(state, "Kerry"))
    assert.equal("3", config.speaker_color(state, "Brooks"))
    assert.equal("1", config.speaker_color(state, "Diaz")) -- wraps around
    assert.equal("2", config.speaker_color(state, "Lavrov"))
    assert.equal("1", config.speaker_color({ palette = state.palette }, "Lavrov"))
    assert.is_nil(config.speaker_color(state, nil))
  end)

  it("uses the default palette without one", function()
    local state = {}
    assert.same(config.defaults().palette[1], config.speaker_color(state, 7))
    assert.same(config.defaults().palette[2], config.speaker_color(state, 8))
    assert.has_error(function()
      config.speaker_color(nil, "x")
    end)
  end)
end)

describe("config.compile", function()
  local text = 'The DOE said $5 million. "We agree," said Katya Ivanova.\n'

  it("gives a rule set, a lexicon table and styles usable with core", function()
    local cfg = assert(config.validate({
      rules = {
        {
          name = "money",
          pattern = [[\$\d[\d,.]*(?: (?:million|billion))?]],
          label = "cash",
          style = "1;32",
        },
      },
      lexicon = { organization = { DOE = "U.S. Department of Energy" } },
      show = { person = false },
      styles = { quote = { fg = 208, bold = true } },
    }))
    local c = assert(config.compile(cfg, core))
    assert.equal(1, c.rules:count())
    assert.same({ index = 1, name = "money", label = "cash", priority = 0 }, c.rules:info(1))
    local doc = assert(core.parse(text, { rules = c.rules, lexicon = c.lexicon }))
    local hits = doc:spans("rule")
    assert.equal(1, #hits)
    assert.equal("$5 million", doc:text(hits[1].index))
    assert.equal("money", hits[1].rule)
    local orgs = doc:entities("organization")
    assert.equal("U.S. Department of Energy", orgs[1].name)
    assert.equal("1;38;5;208", c.ansi_styles.quote)
    assert.equal("", c.ansi_styles.person)
    assert.equal("1;32", c.rule_styles.money)
    assert.is_false(c.show.person)
    local ansi = assert(doc:render("ansi", { ansi_styles = c.ansi_styles }))
    assert.truthy(ansi:find("\27[1;38;5;208m", 1, true))
    -- the rule set is reusable across documents
    local doc2 = assert(core.parse("Only $7 here.", { rules = c.rules }))
    assert.equal(1, #doc2:spans("rule"))
  end)

  it("has no rule set or lexicon when the config has none", function()
    local c = assert(config.compile(config.defaults(), core))
    assert.is_nil(c.rules)
    assert.is_nil(c.lexicon)
    assert.equal("32", c.ansi_styles.quote)
    assert.equal(8, #c.palette)
  end)

  it("validates a table that did not come from load or validate", function()
    local c = assert(config.compile({ rules = { { name = "x", pattern = "x" } } }))
    assert.equal(1, c.rules:count())
    local none, msg = config.compile({ rulez = {} })
    assert.is_nil(none)
    assert.equal("config: unknown key 'rulez' (did you mean 'rules'?)", msg)
    assert.has_error(function()
      config.compile("x")
    end)
  end)
end)

describe("docs", function()
  it("docs/config.md's key reference is generated from the schema", function()
    local gen = assert(loadfile("scripts/dev/gen-config-doc.lua"))("--module")
    local f = assert(io.open("docs/config.md", "rb"))
    local doc = f:read("*a")
    f:close()
    local want = assert(gen.splice(doc, gen.generate(config)))
    assert.is_true(want == doc, "docs/config.md is out of date: run make docs")
  end)

  it("documents every schema key", function()
    local f = assert(io.open("docs/config.md", "rb"))
    local doc = f:read("*a")
    f:close()
    for _, field in ipairs(config.schema.fields) do
      assert.truthy(doc:find("### `" .. field.name .. "`", 1, true), field.name)
    end
  end)

  it("docs/examples/config.lua loads, validates and compiles", function()
    local cfg, msg = config.load("docs/examples/config.lua")
    assert.is_nil(msg)
    local c = assert(config.compile(cfg, core))
    local doc = assert(core.parse("The Gazette said $3.2 million on March 12, 2021.", {
      rules = c.rules,
      lexicon = c.lexicon,
    }))
    local names = {}
    for _, s in ipairs(doc:spans("rule")) do
      names[#names + 1] = s.rule
    end
    assert.same({ "money", "date" }, names)
    assert.equal("Riverton Gazette", doc:entities("organization")[1].name)
  end)
end)

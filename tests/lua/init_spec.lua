-- plugin/lua/newsmark/init.lua: the pure-Lua layer over newsmark.core.
local newsmark = require("newsmark")
local core = require("newsmark.core")

describe("newsmark (init.lua)", function()
  it("re-exports core", function()
    assert.is_true(newsmark.available())
    assert.equal(core, newsmark.load())
    assert.equal(core._VERSION, newsmark._VERSION)
    assert.equal(core.kinds, newsmark.kinds)
    assert.equal(core.rules, newsmark.rules)
    assert.is_nil(newsmark.no_such_field)
  end)

  it("abi() names the build directory of this interpreter", function()
    local want = rawget(_G, "jit") and "jit" or _VERSION:match("%d+%.%d+")
    assert.equal(want, newsmark.abi())
  end)

  it("compile_rules builds a rule set from specs", function()
    local rules = assert(newsmark.compile_rules({
      { name = "kerry", pattern = "Kerry", label = "Kerry", priority = 3 },
      { "agree", "agree" },
    }))
    assert.equal(2, rules:count())
    assert.same({ index = 1, name = "kerry", label = "Kerry", priority = 3 }, rules:info(1))
    local r, msg, code = newsmark.compile_rules({ { "ok", "x" }, { "bad", "a(" } })
    assert.is_nil(r)
    assert.matches("bad", msg)
    assert.equal(core.errors.EREGEX, code)
    assert.has_error(function() newsmark.compile_rules("x") end)
    assert.has_error(function() newsmark.compile_rules({ 5 }) end)
  end)

  it("parse accepts rule specs as well as a rule set", function()
    local text = 'Kerry said: "We agree."'
    local doc = assert(newsmark.parse(text, { rules = { { "kerry", "Kerry" } } }))
    assert.equal("kerry", doc:spans("rule")[1].rule)
    local rules = newsmark.compile_rules({ { "agree", "agree" } })
    doc = assert(newsmark.parse(text, { rules = rules }))
    assert.equal("agree", doc:spans("rule")[1].rule)
    local d, msg, code = newsmark.parse(text, { rules = { { "bad", "(" } } })
    assert.is_nil(d)
    assert.is_string(msg)
    assert.equal(core.errors.EREGEX, code)
    assert.equal(text, newsmark.parse(text):text())
  end)

  it("parse_file reads bytes from a file", function()
    local path = os.tmpname()
    local f = assert(io.open(path, "wb"))
    f:write("Title\r\n\r\nBody \255 text.\n")
    f:close()
    local doc = assert(newsmark.parse_file(path))
    assert.equal("Title\r\n\r\nBody \255 text.\n", doc:text())
    os.remove(path)
    local d, msg = newsmark.parse_file(path)
    assert.is_nil(d)
    assert.is_string(msg)
  end)

  it("stays loadable and inert when the C module is missing", function()
    local saved_cpath = package.cpath
    local function restore()
      package.cpath = saved_cpath
      package.loaded["newsmark.core"] = core
      package.loaded["newsmark"] = newsmark
    end
    package.loaded["newsmark"] = nil
    package.loaded["newsmark.core"] = nil
    package.cpath = "/nonexistent/?.so"
    local ok, m = pcall(require, "newsmark")
    local avail, why = false, nil
    local doc, msg, kinds
    if ok then
      avail, why = m.available()
      doc, msg = m.parse("x")
      kinds = m.kinds
    end
    restore()
    assert.is_true(ok)
    assert.is_false(avail)
    assert.matches("newsmark.core is not available", why)
    assert.is_nil(doc)
    assert.matches("not available", msg)
    assert.is_nil(kinds)
    -- a changed cpath makes it try again (core is back in package.loaded)
    package.cpath = saved_cpath .. ";"
    local again = m.available()
    restore()
    assert.is_true(again)
  end)
end)

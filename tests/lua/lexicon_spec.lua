-- newsmark.lexicon and the lexicon table form of nm.parse's options.
local nm = require("newsmark.core")

describe("nm.lexicon", function()
  it("makes a lexicon that words can be added to", function()
    local lex = nm.lexicon()
    assert.matches("^newsmark%.lexicon: 0x%x+$", tostring(lex))
    assert.is_true(lex:add("person", "Katya"))
    assert.is_true(lex:add("organization", "DOE", "U.S. Department of Energy"))
    assert.is_true(lex:add(nm.lexicon_classes.place, "Jezero Crater"))
    assert.is_true(lex:add("title", "Foreign Minister"))
    assert.is_true(lex:add("speech_verb", "emphasise"))
    assert.is_true(lex:add("given_name", "Sergei"))
  end)

  it("returns nil, msg, EINVAL for an empty word", function()
    local ok, msg, code = nm.lexicon():add("person", "")
    assert.is_nil(ok)
    assert.is_string(msg)
    assert.equal(nm.errors.EINVAL, code)
  end)

  it("raises on wrong types and unknown classes", function()
    local lex = nm.lexicon()
    assert.has_error(function() lex:add("nonclass", "x") end)
    assert.has_error(function() lex:add(99, "x") end)
    assert.has_error(function() lex:add({}, "x") end)
    assert.has_error(function() lex:add("person") end)
    assert.has_error(function() lex:add("person", {}) end)
    assert.has_error(function() lex:add("person", "x", {}) end)
    assert.has_error(function() lex.add(nm.rules(), "person", "x") end)
  end)

  it("close() is idempotent and later calls raise", function()
    local lex = nm.lexicon()
    lex:close()
    lex:close()
    local ok, err = pcall(lex.add, lex, "person", "x")
    assert.is_false(ok)
    assert.matches("attempt to use a closed newsmark%.lexicon", err)
    assert.has_error(function() nm.parse("x", { lexicon = lex }) end)
  end)
end)

describe("parse with a lexicon", function()
  local TEXT = "Talks\n\nThe DOE said Katya Smirnova visited Jezero Crater.\n"

  it("accepts a lexicon object, reusable across docs", function()
    local lex = nm.lexicon()
    lex:add("organization", "DOE", "U.S. Department of Energy")
    lex:add("person", "Katya Smirnova")
    for _ = 1, 3 do
      local doc = nm.parse(TEXT, { lexicon = lex })
      assert.equal(TEXT, doc:text())
    end
  end)

  it("accepts a table, array items and keyed canonical names", function()
    local doc = nm.parse(TEXT, {
      lexicon = {
        person = { "Katya Smirnova" },
        organization = { ["DOE"] = "U.S. Department of Energy" },
        place = { "Jezero Crater", ["Jezero"] = true },
        title = { "Foreign Minister" },
        speech_verb = { "emphasise" },
        given_name = { "Katya" },
      },
    })
    assert.equal(TEXT, doc:text())
  end)

  it("raises on a malformed lexicon table", function()
    assert.has_error(function() nm.parse(TEXT, { lexicon = { nonclass = { "x" } } }) end)
    assert.has_error(function() nm.parse(TEXT, { lexicon = { [1] = { "x" } } }) end)
    assert.has_error(function() nm.parse(TEXT, { lexicon = { person = "x" } }) end)
    assert.has_error(function() nm.parse(TEXT, { lexicon = { person = { 5 } } }) end)
    assert.has_error(function() nm.parse(TEXT, { lexicon = { person = { x = 5 } } }) end)
    assert.has_error(function() nm.parse(TEXT, { lexicon = { person = { x = false } } }) end)
  end)

  it("returns nil, msg, code when core refuses a word", function()
    local doc, msg, code = nm.parse(TEXT, { lexicon = { person = { "" } } })
    assert.is_nil(doc)
    assert.matches("lexicon", msg)
    assert.equal(nm.errors.EINVAL, code)
  end)
end)

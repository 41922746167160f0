-- newsmark.core: module fields and functions (docs/lua.md, "Module").
local nm = require("newsmark.core")

describe("newsmark.core module", function()
  it("is a table without globals", function()
    assert.is_table(nm)
    assert.is_nil(rawget(_G, "newsmark"))
    assert.equal(nm, require("newsmark.core"))
  end)

  it("has _VERSION and version()", function()
    assert.matches("^newsmark %d+%.%d+%.%d+$", nm._VERSION)
    local v = nm.version()
    assert.is_number(v)
    local major, minor, patch = nm._VERSION:match("(%d+)%.(%d+)%.(%d+)")
    assert.equal(tonumber(major) * 10000 + tonumber(minor) * 100 + tonumber(patch), v)
  end)

  it("maps kinds both ways", function()
    assert.equal(0, nm.kinds.boilerplate)
    assert.equal("paragraph", nm.kinds[nm.kinds.paragraph])
    for _, name in ipairs({ "headline", "quote", "scare_quote", "person", "organization",
                            "place", "role", "cue", "speaker_ref", "rule", "dateline" }) do
      local k = nm.kinds[name]
      assert.is_number(k, name)
      assert.equal(name, nm.kinds[k])
      assert.equal(name, nm.kind_name(k))
      assert.equal(k, nm.kind_from_name(name))
    end
    assert.is_nil(nm.kind_name(999))
    assert.is_nil(nm.kind_name(-1))
    assert.is_nil(nm.kind_from_name("nope"))
  end)

  it("maps methods, formats, lexicon classes and errors both ways", function()
    assert.equal(0, nm.methods.none)
    assert.equal("after", nm.methods[nm.methods.after])
    assert.equal("after", nm.method_name(nm.methods.after))
    assert.is_nil(nm.method_name(99))
    for _, f in ipairs({ "json", "jsonl", "ansi", "html", "brat", "dump" }) do
      assert.equal(f, nm.formats[nm.formats[f]])
    end
    local classes = { "person", "organization", "place", "title", "speech_verb", "given_name" }
    for _, c in ipairs(classes) do
      assert.equal(c, nm.lexicon_classes[nm.lexicon_classes[c]])
    end
    assert.equal(0, nm.errors.OK)
    assert.equal(-1, nm.errors.ENOMEM)
    assert.equal(-5, nm.errors.EREGEX)
    assert.equal("ELIMIT", nm.errors[-6])
  end)

  it("strerror describes every code and tolerates unknown ones", function()
    for code = -6, 0 do
      assert.is_string(nm.strerror(code))
      assert.is_true(#nm.strerror(code) > 0)
    end
    assert.is_string(nm.strerror(12345))
    assert.has_error(function() nm.strerror("x") end)
  end)

  it("close() closes any newsmark object and nothing else", function()
    local d = nm.parse("x")
    local r = nm.rules()
    local l = nm.lexicon()
    nm.close(d)
    nm.close(r)
    nm.close(l)
    nm.close(d) -- idempotent
    assert.equal("newsmark.doc: closed", tostring(d))
    assert.equal("newsmark.rules: closed", tostring(r))
    assert.equal("newsmark.lexicon: closed", tostring(l))
    assert.has_error(function() nm.close({}) end)
    assert.has_error(function() nm.close() end)
    assert.has_error(function() nm.close(io.stdout) end)
  end)

  it("loads only once per state and keeps one metatable per type", function()
    local a, b = nm.parse("a"), nm.parse("b")
    assert.equal(getmetatable(a), getmetatable(b))
    assert.not_equal(getmetatable(a), getmetatable(nm.rules()))
  end)
end)

-- __close (Lua 5.4 to-be-closed variables). The syntax does not parse on
-- 5.3 or LuaJIT, so the chunks are compiled with load() on 5.4 only.
local nm = require("newsmark.core")
local is54 = _VERSION == "Lua 5.4"

describe("__close", function()
  if not is54 then
    pending("to-be-closed variables need Lua 5.4 (running " .. _VERSION .. ")")
    return
  end

  it("closes docs, rules and lexicons at the end of the scope", function()
    local chunk = assert(load([[
      local nm = ...
      local outer
      do
        local rules <close> = nm.rules()
        local lex <close> = nm.lexicon()
        local doc <close> = nm.parse("Kerry said.", { rules = rules, lexicon = lex })
        outer = { doc = doc, rules = rules, lex = lex }
        assert(doc:count() >= 1)
      end
      return outer
    ]]))
    local t = chunk(nm)
    assert.equal("newsmark.doc: closed", tostring(t.doc))
    assert.equal("newsmark.rules: closed", tostring(t.rules))
    assert.equal("newsmark.lexicon: closed", tostring(t.lex))
    assert.has_error(function() t.doc:text() end)
  end)

  it("closes on error too, and an explicit close before is fine", function()
    local chunk = assert(load([[
      local nm, box = ...
      local doc <close> = nm.parse("x")
      box.doc = doc
      doc:close()
      error("boom")
    ]]))
    local box = {}
    local ok, err = pcall(chunk, nm, box)
    assert.is_false(ok)
    assert.matches("boom", err)
    assert.equal("newsmark.doc: closed", tostring(box.doc))
  end)
end)

-- newsmark.rules: building, matching, limits, sharing across docs.
local nm = require("newsmark.core")

describe("nm.rules", function()
  it("makes an empty rule set", function()
    local r = nm.rules()
    assert.equal(0, r:count())
    assert.equal(0, #r)
    assert.matches("^newsmark%.rules: 0x%x+ %(0 rules%)$", tostring(r))
  end)

  it("accepts limits and rejects bad ones", function()
    local limits = { match_limit = 1000, depth_limit = 100, heap_limit = 1024, max_hits = 10 }
    assert.is_not_nil(nm.rules(limits))
    assert.is_not_nil(nm.rules({}))
    assert.has_error(function() nm.rules(5) end)
    assert.has_error(function() nm.rules({ match_limit = -1 }) end)
    assert.has_error(function() nm.rules({ depth_limit = 1.5 }) end)
    assert.has_error(function() nm.rules({ heap_limit = "x" }) end)
    assert.has_error(function() nm.rules({ max_hits = 2 ^ 40 }) end)
  end)
end)

describe("rules:add", function()
  local r
  before_each(function() r = nm.rules() end)

  it("returns true and counts rules", function()
    assert.is_true(r:add("kerry", "\\bKerry\\b"))
    assert.is_true(r:add("agree", "agree", { label = "Agreement", priority = 5 }))
    assert.equal(2, r:count())
    assert.same({ index = 1, name = "kerry", label = "kerry", priority = 0 }, r:info(1))
    assert.same({ index = 2, name = "agree", label = "Agreement", priority = 5 }, r:info(2))
    assert.is_nil(r:info(0))
    assert.is_nil(r:info(3))
    assert.has_error(function() r:info("x") end)
  end)

  it("returns nil, PCRE2's message with the offset, EREGEX on a bad pattern", function()
    local ok, msg, code = r:add("bad", "a(b")
    assert.is_nil(ok)
    assert.equal(nm.errors.EREGEX, code)
    assert.matches("missing closing parenthesis", msg)
    assert.matches("offset 3", msg)
    assert.matches("bad", msg)
    assert.equal(0, r:count()) -- unchanged
  end)

  it("returns nil, msg, ERULE on bad or duplicate names and labels", function()
    assert.is_true(r:add("one", "x"))
    local ok, msg, code = r:add("one", "y")
    assert.is_nil(ok)
    assert.equal(nm.errors.ERULE, code)
    assert.matches("duplicate", msg)
    ok, msg, code = r:add("", "y")
    assert.is_nil(ok)
    assert.matches("name", msg)
    assert.equal(nm.errors.ERULE, code)
    ok, msg, code = r:add("has space", "y")
    assert.is_nil(ok)
    assert.is_string(msg)
    assert.equal(nm.errors.ERULE, code)
    ok, msg, code = r:add("lbl", "y", { label = "bell\7" })
    assert.is_string(msg)
    assert.is_nil(ok)
    assert.equal(nm.errors.ERULE, code)
    assert.equal(1, r:count())
  end)

  it("accepts patterns with NUL bytes and UTF-8", function()
    assert.is_true(r:add("nul", "a\0b"))
    assert.is_true(r:add("utf", "ça"))
    local hits = r:match("xa\0b ça")
    assert.equal(2, #hits)
    assert.same({ rule = "nul", rule_index = 1, start = 1, finish = 4 }, hits[1])
    assert.same({ rule = "utf", rule_index = 2, start = 5, finish = 8 }, hits[2])
  end)

  it("raises on wrong types", function()
    assert.has_error(function() r:add() end)
    assert.has_error(function() r:add({}, "x") end)
    assert.has_error(function() r:add("n", {}) end)
    assert.has_error(function() r:add("n", "x", 5) end)
    assert.has_error(function() r:add("n", "x", { label = 5 }) end)
    assert.has_error(function() r:add("n", "x", { priority = 1.5 }) end)
    assert.has_error(function() r:add("n", "x", { priority = "high" }) end)
    assert.has_error(function() r:add("n", "x", { priority = 2 ^ 40 }) end)
    assert.has_error(function() r.add(nm.lexicon(), "n", "x") end)
  end)
end)

describe("rules:match", function()
  it("returns hits in order of rule, then offset", function()
    local r = nm.rules()
    r:add("a", "a+")
    r:add("b", "b")
    local hits = r:match("aab b a")
    assert.same({
      { rule = "a", rule_index = 1, start = 0, finish = 2 },
      { rule = "a", rule_index = 1, start = 6, finish = 7 },
      { rule = "b", rule_index = 2, start = 2, finish = 3 },
      { rule = "b", rule_index = 2, start = 4, finish = 5 },
    }, hits)
    assert.same({}, r:match(""))
    assert.same({}, nm.rules():match("anything"))
    assert.has_error(function() r:match() end)
    assert.has_error(function() r:match({}) end)
  end)

  it("matches invalid UTF-8 without failing", function()
    local r = nm.rules()
    r:add("w", "\\w+")
    local hits = r:match("ab\255\254cd")
    assert.is_table(hits)
    assert.is_true(#hits >= 2)
  end)

  it("reports a catastrophic pattern as a limit, quickly, with partial hits", function()
    local r = nm.rules()
    assert.is_true(r:add("early", "^a"))
    assert.is_true(r:add("cat", "(a+)+$"))
    assert.is_true(r:add("late", "b"))
    local text = ("a"):rep(20000) .. "b"
    local t0 = os.clock()
    local hits, msg, code, partial = r:match(text)
    assert.is_true(os.clock() - t0 < 10)
    assert.is_nil(hits)
    assert.equal(nm.errors.ELIMIT, code)
    assert.matches("cat", msg)
    assert.matches("limit", msg)
    assert.is_table(partial)
    local names = {}
    for _, h in ipairs(partial) do
      names[h.rule] = true
    end
    assert.is_true(names.early)
    assert.is_true(names.late) -- the other rules still run
  end)

  it("obeys a low match limit", function()
    local r = nm.rules({ match_limit = 10 })
    r:add("slow", "(\\w+\\s?)+$")
    local hits, _, code = r:match(("word "):rep(50) .. "!")
    assert.is_nil(hits)
    assert.equal(nm.errors.ELIMIT, code)
  end)

  it("raises on a closed rule set", function()
    local r = nm.rules()
    r:close()
    r:close()
    for _, call in ipairs({
      function() return r:add("x", "x") end,
      function() return r:count() end,
      function() return r:info(1) end,
      function() return r:match("x") end,
      function() return #r end,
    }) do
      local ok, err = pcall(call)
      assert.is_false(ok)
      assert.matches("attempt to use a closed newsmark%.rules", err)
    end
  end)
end)

describe("rules in documents", function()
  local TEXT = 'Kerry said: "We agree."\n\n"We agree," said John Kerry.\n'

  it("add RULE spans named by their rule", function()
    local r = nm.rules()
    r:add("kerry", "Kerry")
    r:add("agree", "agree", { priority = 2 })
    local doc = nm.parse(TEXT, { rules = r })
    local hits = doc:spans("rule")
    assert.equal(4, #hits)
    for _, s in ipairs(hits) do
      assert.is_string(s.rule)
      assert.equal(r:info(s.link).name, s.rule)
      assert.equal(s.rule == "kerry" and "Kerry" or "agree", doc:text(s.index))
    end
  end)

  it("keep working when rules are added after a parse", function()
    local r = nm.rules()
    r:add("kerry", "Kerry")
    local d1 = nm.parse(TEXT, { rules = r })
    r:add("agree", "agree")
    local d2 = nm.parse(TEXT, { rules = r })
    assert.equal(2, #d1:spans("rule"))
    assert.equal(4, #d2:spans("rule"))
    assert.equal("kerry", d1:spans("rule")[1].rule)
  end)

  it("record a limit as a diagnostic and still parse", function()
    local r = nm.rules()
    r:add("cat", "(a+)+$")
    local text = "Title\n\n" .. ("a"):rep(20000) .. "b\n"
    local t0 = os.clock()
    local doc = assert(nm.parse(text, { rules = r }))
    assert.is_true(os.clock() - t0 < 10)
    local diags = doc:diagnostics()
    assert.is_true(#diags >= 1)
    assert.equal(nm.errors.ELIMIT, diags[1].code)
    assert.matches("cat", diags[1].message)
    assert.is_number(diags[1].offset)
    assert.is_number(diags[1].line)
    assert.is_number(diags[1].column)
    assert.is_true(#doc:blocks() >= 1)
  end)

  it("a closed rule set leaves its docs usable, without rule names", function()
    local r = nm.rules()
    r:add("kerry", "Kerry")
    local doc = nm.parse(TEXT, { rules = r })
    r:close()
    local hits = doc:spans("rule")
    assert.equal(2, #hits)
    assert.is_nil(hits[1].rule)
    assert.equal(1, hits[1].link)
    assert.is_string(doc:render("dump"))
    assert.is_string(doc:render("json"))
  end)
end)

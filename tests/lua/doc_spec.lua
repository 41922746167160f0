-- newsmark.doc: every method, offsets, closed docs and wrong types.
local nm = require("newsmark.core")

local ARTICLE = table.concat({
  "Talks resume in Geneva",
  "",
  "GENEVA: US Secretary of State John Kerry met Sergei Lavrov on Monday.",
  "",
  '"We agree," said John Kerry.',
  "",
  'Kerry said: "We will meet again."',
  "",
}, "\n")

-- the same checks as lnewsmark.c's span tables, for any span
local function check_span(doc, s, i)
  assert.equal(i, s.index)
  assert.is_number(s.start)
  assert.is_number(s.finish)
  assert.is_true(s.start <= s.finish and s.finish <= doc:len())
  assert.is_string(s.kind)
  assert.is_number(nm.kinds[s.kind])
  assert.is_number(s.flags)
  if s.parent then
    local p = doc:span(s.parent)
    assert.is_true(s.parent < i)
    assert.is_true(p.start <= s.start and s.finish <= p.finish)
  end
end

describe("nm.parse", function()
  it("returns a doc for any input", function()
    for _, text in ipairs({ "", "x", "\0\0\0", "\255\254 invalid", "a\r\nb\rc\n", ARTICLE }) do
      local doc = nm.parse(text)
      assert.equal("userdata", type(doc))
      assert.equal(text, doc:text())
      assert.equal(#text, doc:len())
    end
  end)

  it("keeps its own copy of the text", function()
    local parts = { "Hello", " ", "world" }
    local doc = nm.parse(table.concat(parts))
    parts = nil -- luacheck: ignore 311 (dropped for the collector)
    collectgarbage()
    assert.equal("Hello world", doc:text())
  end)

  it("raises on wrong argument types", function()
    assert.has_error(function() nm.parse() end)
    assert.has_error(function() nm.parse({}) end)
    assert.has_error(function() nm.parse("x", 5) end)
    assert.has_error(function() nm.parse("x", { rules = {} }) end)
    assert.has_error(function() nm.parse("x", { rules = nm.lexicon() }) end)
    assert.has_error(function() nm.parse("x", { lexicon = 5 }) end)
    assert.has_error(function() nm.parse("x", { lexicon = nm.rules() }) end)
    local r = nm.rules()
    r:close()
    assert.has_error(function() nm.parse("x", { rules = r }) end, nil)
    local ok, err = pcall(nm.parse, "x", { rules = r })
    assert.is_false(ok)
    assert.matches("closed", err)
  end)

  it("accepts empty options", function()
    assert.equal("x", nm.parse("x", {}):text())
    assert.equal("x", nm.parse("x", nil):text())
  end)
end)

describe("newsmark.doc", function()
  local doc
  before_each(function() doc = nm.parse(ARTICLE) end)

  it("counts spans: count(), #doc", function()
    assert.is_true(doc:count() >= 4)
    assert.equal(doc:count(), #doc)
  end)

  it("__tostring names the type and the span count", function()
    assert.matches("^newsmark%.doc: 0x%x+ %(" .. doc:count() .. " spans%)$", tostring(doc))
  end)

  it("span(i) is 1-based and nil out of range", function()
    for i = 1, doc:count() do
      check_span(doc, doc:span(i), i)
    end
    assert.is_nil(doc:span(0))
    assert.is_nil(doc:span(doc:count() + 1))
    assert.is_nil(doc:span(-1))
    assert.has_error(function() doc:span("x") end)
    assert.has_error(function() doc:span() end)
  end)

  it("spans are sorted by start asc, end desc", function()
    local spans = doc:spans()
    assert.equal(doc:count(), #spans)
    for i = 2, #spans do
      local a, b = spans[i - 1], spans[i]
      assert.is_true(a.start < b.start or (a.start == b.start and a.finish >= b.finish))
    end
  end)

  it("spans(kind) filters by name or number", function()
    local paras = doc:spans("paragraph")
    assert.equal(3, #paras)
    for _, s in ipairs(paras) do
      assert.equal("paragraph", s.kind)
    end
    assert.same(paras, doc:spans(nm.kinds.paragraph))
    assert.same({}, doc:spans("rule"))
    assert.has_error(function() doc:spans("nokind") end)
    assert.has_error(function() doc:spans(999) end)
    assert.has_error(function() doc:spans({}) end)
  end)

  it("text(i) is the span's bytes", function()
    local text = doc:text()
    for i = 1, doc:count() do
      local s = doc:span(i)
      assert.equal(text:sub(s.start + 1, s.finish), doc:text(i))
    end
    assert.is_nil(doc:text(0))
    assert.is_nil(doc:text(doc:count() + 1))
    assert.has_error(function() doc:text("x") end)
  end)

  it("blocks() are the outermost block spans", function()
    local blocks = doc:blocks()
    assert.is_true(#blocks >= 4)
    assert.equal("headline", blocks[1].kind)
    assert.equal("Talks resume in Geneva", doc:text(blocks[1].index))
    for _, b in ipairs(blocks) do
      assert.is_true(nm.kinds[b.kind] <= nm.kinds.paragraph)
      assert.is_nil(b.parent)
    end
  end)

  it("flat([kind]) is {start, finish, kind, ...}", function()
    local flat = doc:flat()
    assert.equal(3 * doc:count(), #flat)
    for i = 1, doc:count() do
      local s = doc:span(i)
      assert.equal(s.start, flat[3 * i - 2])
      assert.equal(s.finish, flat[3 * i - 1])
      assert.equal(nm.kinds[s.kind], flat[3 * i])
    end
    local fp = doc:flat("paragraph")
    assert.equal(3 * #doc:spans("paragraph"), #fp)
    assert.equal(nm.kinds.paragraph, fp[3])
  end)

  it("range(start, finish) returns every span overlapping it", function()
    local len = doc:len()
    local spans = doc:spans()
    local ranges = {
      { 0, 1 }, { 0, len }, { 5, 40 }, { 30, 31 }, { len - 3, len }, { len, len + 10 },
    }
    for _, r in ipairs(ranges) do
      local want = {}
      for _, s in ipairs(spans) do
        if s.start < r[2] and s.finish > r[1] then
          want[#want + 1] = s
        end
      end
      assert.same(want, doc:range(r[1], r[2]))
    end
    assert.same({}, doc:range(3, 3))
    local p = doc:range(0, len, "paragraph")
    assert.same(doc:spans("paragraph"), p)
    assert.has_error(function() doc:range(5, 2) end)
    assert.has_error(function() doc:range(-1, 2) end)
    assert.has_error(function() doc:range(0) end)
    assert.has_error(function() doc:range(0, 5, "nokind") end)
  end)

  it("range_first(start) is the first index that can overlap", function()
    assert.equal(1, doc:range_first(0))
    assert.equal(doc:count() + 1, doc:range_first(doc:len()))
    for off = 0, doc:len() do
      local first = doc:range_first(off)
      for i = 1, first - 1 do
        assert.is_true(doc:span(i).finish <= off)
      end
    end
  end)

  it("line_col / line_start / line_count are 0-based", function()
    assert.equal(8, doc:line_count())
    assert.same({ 0, 0 }, { doc:line_col(0) })
    local l2 = doc:line_start(2)
    assert.equal(("Talks resume in Geneva\n\n"):len(), l2)
    assert.same({ 2, 0 }, { doc:line_col(l2) })
    assert.same({ 2, 6 }, { doc:line_col(l2 + 6) })
    assert.equal(doc:len(), doc:line_start(1000))
    local last = { doc:line_col(doc:len() + 100) } -- clamped to the end
    assert.equal(doc:line_count() - 1, last[1])
    assert.has_error(function() doc:line_col(-1) end)
    assert.has_error(function() doc:line_col("x") end)
    assert.has_error(function() doc:line_start(-1) end)
  end)

  it("diagnostics() is an array (empty without rules)", function()
    assert.same({}, doc:diagnostics())
  end)

  it("render(format) returns a string for every format", function()
    for name, _ in pairs(nm.formats) do
      if type(name) == "string" then
        local out, err = doc:render(name)
        assert.is_string(out, err)
        if name ~= "brat" then -- an .ann file with no entities is empty
          assert.is_true(#out > 0, name)
        end
      end
    end
    assert.is_string(doc:render(nm.formats.dump))
    assert.is_string(doc:render("json", { name = "article.txt", no_text = true }))
    local styles = { quote = "1;33", [nm.kinds.person] = "4" }
    assert.is_string(doc:render("ansi", { ansi_styles = styles }))
    assert.has_error(function() doc:render("nope") end)
    assert.has_error(function() doc:render(99) end)
    assert.has_error(function() doc:render() end)
    assert.has_error(function() doc:render("dump", 5) end)
    assert.has_error(function() doc:render("dump", { name = 5 }) end)
    assert.has_error(function() doc:render("ansi", { ansi_styles = { nokind = "1" } }) end)
    assert.has_error(function() doc:render("ansi", { ansi_styles = { quote = 1 } }) end)
    assert.has_error(function() doc:render("ansi", { ansi_styles = 5 }) end)
  end)

  it("render('json', {name=}) puts the name in the output", function()
    assert.matches("article%-one%.txt", doc:render("json", { name = "article-one.txt" }))
  end)

  it("close() is idempotent and later calls raise", function()
    doc:close()
    doc:close()
    assert.equal("newsmark.doc: closed", tostring(doc))
    for _, m in ipairs({ "text", "len", "count", "spans", "blocks", "flat", "quotes", "entities",
                         "entity_count", "diagnostics", "line_count" }) do
      local ok, err = pcall(doc[m], doc)
      assert.is_false(ok, m)
      assert.matches("attempt to use a closed newsmark%.doc", err, nil, m)
    end
    for _, call in ipairs({
      function() return doc:span(1) end,
      function() return doc:range(0, 1) end,
      function() return doc:range_first(0) end,
      function() return doc:entity(1) end,
      function() return doc:quote_cue(1) end,
      function() return doc:line_col(0) end,
      function() return doc:line_start(0) end,
      function() return doc:render("dump") end,
      function() return #doc end,
    }) do
      local ok, err = pcall(call)
      assert.is_false(ok)
      assert.matches("closed newsmark%.doc", err)
    end
  end)

  it("methods reject other userdata as self", function()
    local r = nm.rules()
    local ok, err = pcall(doc.text, r)
    assert.is_false(ok)
    assert.matches("newsmark%.doc expected", err)
    assert.has_error(function() doc.count({}) end)
    assert.has_error(function() doc.count() end)
  end)
end)

describe("unicode offsets", function()
  local TEXT = "Zoë Ångström in Zürich\n\nThe café owner said: “Ça va très bien.”\n\n"
    .. "«Привет», сказал Иван. 日本語のテキスト。\n"
    .. "“Ünïcödé” 🎉 done.\n"

  it("are bytes: text(i) equals text:sub(start + 1, finish)", function()
    local rules = nm.rules()
    assert.is_true(rules:add("umlaut", "[äöüÄÖÜ]\\w*"))
    assert.is_true(rules:add("emoji", "🎉"))
    local doc = nm.parse(TEXT, { rules = rules })
    assert.is_true(#doc:spans("rule") >= 3)
    for i = 1, doc:count() do
      local s = doc:span(i)
      assert.equal(TEXT:sub(s.start + 1, s.finish), doc:text(i))
    end
    local e = doc:spans("rule")
    local emoji = e[#e]
    assert.equal("🎉", doc:text(emoji.index))
    assert.equal(4, emoji.finish - emoji.start)
    assert.equal(TEXT:find("🎉", 1, true) - 1, emoji.start)
    for _, h in ipairs(rules:match(TEXT)) do
      local sub = TEXT:sub(h.start + 1, h.finish)
      if h.rule == "emoji" then
        assert.equal("🎉", sub)
      else
        assert.matches("^[\195]", sub) -- starts at a lead byte of ä/ö/ü/Ä/Ö/Ü
      end
    end
  end)

  it("line_col columns are byte columns", function()
    local doc = nm.parse(TEXT)
    local off = TEXT:find("owner", 1, true) - 1
    local line, col = doc:line_col(off)
    assert.equal(2, line)
    assert.equal(("The café "):len(), col)
  end)
end)

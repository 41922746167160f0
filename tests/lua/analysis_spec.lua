-- quotes(), entities(), entity(), quote_cue() on an article with clear
-- quotes, names and speakers.
local nm = require("newsmark.core")

local ARTICLE = table.concat({
  "Talks resume in Geneva",
  "",
  "US Secretary of State John Kerry met Russian Foreign Minister Sergei Lavrov"
    .. " in Geneva on Monday.",
  "",
  '"We agree," said John Kerry.',
  "",
  'Kerry said: "We will meet again."',
  "",
}, "\n")

local function find_quote(quotes, text)
  for _, q in ipairs(quotes) do
    if q.text == text then
      return q
    end
  end
end

describe("doc:quotes()", function()
  local doc = nm.parse(ARTICLE)
  local quotes = doc:quotes()

  it("finds the direct quotes with their bytes", function()
    assert.equal(2, #quotes)
    for _, q in ipairs(quotes) do
      assert.equal(ARTICLE:sub(q.start + 1, q.finish), q.text)
      assert.equal("quote", doc:span(q.index).kind)
      assert.is_boolean(q.partial)
      assert.is_boolean(q.continued)
      assert.is_boolean(q.nested)
      assert.is_boolean(q.unclosed)
      assert.is_string(q.method)
      assert.is_number(nm.methods[q.method])
    end
    assert.is_table(find_quote(quotes, '"We agree,"'))
    assert.is_table(find_quote(quotes, '"We will meet again."'))
  end)

  it("attributes a quote followed by its attribution", function()
    local q = find_quote(quotes, '"We agree,"')
    assert.equal("John Kerry", q.speaker)
    assert.equal("person", q.speaker_kind)
    assert.equal("after", q.method)
    assert.is_table(q.cue)
    assert.equal("said", ARTICLE:sub(q.cue.start + 1, q.cue.finish))
    assert.equal(q.cue.index, doc:quote_cue(q.index))
    assert.equal("cue", doc:span(q.cue.index).kind)
    assert.is_false(q.unclosed)
  end)

  it("attributes a colon introduction to the same person", function()
    local q = find_quote(quotes, '"We will meet again."')
    assert.equal("John Kerry", q.speaker)
    assert.equal("colon", q.method)
    assert.equal(find_quote(quotes, '"We agree,"').speaker_id, q.speaker_id)
  end)

  it("quote_cue is nil for non-quotes and out of range", function()
    assert.is_nil(doc:quote_cue(1))
    assert.is_nil(doc:quote_cue(0))
    assert.is_nil(doc:quote_cue(doc:count() + 1))
    assert.has_error(function() doc:quote_cue("x") end)
  end)
end)

describe("doc:entities()", function()
  local doc = nm.parse(ARTICLE)

  it("lists people with mentions, roles and quote counts", function()
    local ents = doc:entities()
    assert.equal(doc:entity_count(), #ents)
    local kerry
    for i, e in ipairs(ents) do
      assert.equal(i, e.id)
      assert.same(e, doc:entity(e.id))
      if e.name == "John Kerry" then
        kerry = e
      end
    end
    assert.is_table(kerry)
    assert.equal("person", kerry.kind)
    assert.equal(2, kerry.quotes)
    assert.is_true(#kerry.mentions >= 3)
    for _, m in ipairs(kerry.mentions) do
      local s = doc:span(m.index)
      assert.equal(m.start, s.start)
      assert.equal(m.finish, s.finish)
      assert.equal(kerry.id, s.link)
      assert.matches("Kerry$", ARTICLE:sub(m.start + 1, m.finish))
    end
    assert.matches("Secretary of State", kerry.role or "")
  end)

  it("filters by kind", function()
    local people = doc:entities("person")
    assert.is_true(#people >= 2)
    for _, e in ipairs(people) do
      assert.equal("person", e.kind)
    end
    for _, e in ipairs(doc:entities("place")) do
      assert.equal("place", e.kind)
    end
    assert.has_error(function() doc:entities("nokind") end)
  end)

  it("entity(id) is nil out of range", function()
    assert.is_nil(doc:entity(0))
    assert.is_nil(doc:entity(doc:entity_count() + 1))
    assert.has_error(function() doc:entity("x") end)
  end)

  it("links mention spans to entities, 1-based", function()
    for _, kind in ipairs({ "person", "organization", "place" }) do
      for _, s in ipairs(doc:spans(kind)) do
        local e = doc:entity(s.link)
        assert.is_table(e)
        assert.equal(kind, e.kind)
      end
    end
  end)
end)

describe("a lexicon's canonical names", function()
  it("name the entity a mention links to", function()
    local text = "Energy plan\n\nThe DOE said on Monday that prices would fall.\n"
    local lexicon = { organization = { DOE = "U.S. Department of Energy" } }
    local doc = nm.parse(text, { lexicon = lexicon })
    local names = {}
    for _, e in ipairs(doc:entities("organization")) do
      names[e.name] = true
    end
    assert.is_true(names["U.S. Department of Energy"])
  end)
end)

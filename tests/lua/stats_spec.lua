-- plugin/lua/newsmark/stats.lua: quote statistics over annotation records.
local stats = require("newsmark.stats")
local json = require("newsmark.json")
local core = require("newsmark.core")

local null = json.null

local function q(speaker, kind, text, id)
  return { speaker = speaker or null, speaker_kind = kind or (speaker and "person" or "unknown"), text = text,
    speaker_id = id or null }
end

-- Two articles by hand (FORMAT.md records).
local A = {
  quotes = {
    q("Jane Roe", "person", "“We will build it,”", 1),
    q("Jane Roe", "person", "“and soon.”", 1),
    q(nil, nil, "“Nobody said this.”"),
    q("Acme Corp", "organization", '"No comment — at all."', 2),
  },
  people = { { id = 1, name = "Jane Roe", role = "Acme Corp spokeswoman", mentions = {} } },
  organizations = { { id = 2, name = "Acme Corp", mentions = {} } },
}
local B = {
  text = "The JPL chief spoke. JPL is in California.",
  quotes = {
    q("jane  roe", "person", "“Again.”", 5),
    q("Ann Lee", "person", "“Space is big …”", 7),
  },
  people = {
    { id = 5, name = "Jane Roe", role = json.null, mentions = {} },
    { id = 7, name = "Ann Lee", role = "JPL Director", mentions = {} },
  },
  organizations = { { id = 8, name = "Jet Propulsion Laboratory", mentions = { { 21, 24 } } } },
}

describe("newsmark.stats", function()
  it("counts words, not quote marks or dashes", function()
    assert.equal(4, stats.words("“We will build it,”"))
    assert.equal(4, stats.words('"No comment — at all."'))
    assert.equal(3, stats.words("“Space is big …”"))
    assert.equal(2, stats.words("café 42"))
    assert.equal(0, stats.words(""))
    assert.equal(0, stats.words(nil))
    assert.equal(0, stats.words("“ — ”"))
  end)

  it("counts speakers, organizations and unattributed quotes", function()
    local acc = stats.new()
    acc:add(A)
    acc:add(B)
    local r = acc:result()
    assert.equal(2, r.articles)
    assert.equal(6, r.quotes)
    assert.equal(4 + 2 + 3 + 4 + 1 + 3, r.words)
    assert.same({ quotes = 1, words = 3, share = 0.1667 }, r.unattributed)
    assert.equal(3, #r.speakers)
    assert.same({ name = "Jane Roe", kind = "person", quotes = 3, words = 7, words_per_quote = 2.3, share = 0.5,
      articles = 2 }, r.speakers[1])
    assert.same({ "Acme Corp", "organization", 1, 4 }, { r.speakers[2].name, r.speakers[2].kind,
      r.speakers[2].quotes, r.speakers[2].words })
    assert.equal("Ann Lee", r.speakers[3].name)
    -- Acme: its own quote and Jane's two in A (her role names it); not her
    -- quote in B, where she has no role. JPL through a mention in the text.
    assert.equal(2, #r.organizations)
    assert.same({ name = "Acme Corp", quotes = 3, words = 10, share = 0.5, speakers = 2, articles = 1 },
      r.organizations[1])
    assert.same({ "Jet Propulsion Laboratory", 1 }, { r.organizations[2].name, r.organizations[2].quotes })
  end)

  it("needs the text for roles that name an organization by a mention", function()
    local b = {}
    for k, v in pairs(B) do
      b[k] = v
    end
    b.text = nil
    local acc = stats.new()
    acc:add(b)
    assert.equal(0, #acc:result().organizations)
    acc = stats.new()
    acc:add(b, B.text)
    assert.equal(1, #acc:result().organizations)
  end)

  it("keeps the top N", function()
    local acc = stats.new()
    acc:add(A)
    acc:add(B)
    local r = acc:result({ top = 1 })
    assert.equal(1, #r.speakers)
    assert.equal(1, #r.organizations)
    assert.equal(0, #acc:result({ top = 0 }).speakers)
  end)

  it("copes with an empty corpus and odd records", function()
    local acc = stats.new()
    local r = acc:result()
    assert.same({ quotes = 0, words = 0, share = 0 }, r.unattributed)
    acc:add({})
    acc:add({ quotes = { 5, { speaker = 3 } }, people = "x" })
    r = acc:result()
    assert.equal(2, r.articles)
    assert.equal(1, r.quotes)
    assert.equal(1, r.unattributed.quotes)
    assert.has_error(function()
      acc:add(nil)
    end)
  end)

  it("formats a table, CSV and JSON", function()
    local acc = stats.new()
    acc:add(A)
    acc:add(B)
    local r = acc:result()
    local t = stats.format(r, "table")
    assert.matches("2 articles, 6 quotes, 17 quoted words; 1 quotes %(16.7%%%) without a named source", t)
    assert.matches("\nJane Roe +person +3 +7 +2.3 +50.0%% +2\n", t)
    assert.matches("\nAnn Lee +person +1 +3 +3.0 +16.7%% +1\n", t)
    local csv = stats.format(r, "csv")
    local rows = {}
    for line in csv:gmatch("([^\r\n]*)\r\n") do
      rows[#rows + 1] = line
    end
    assert.equal("section,name,kind,quotes,words,share,articles", rows[1])
    assert.equal("speaker,Jane Roe,person,3,7,0.5,2", rows[2])
    assert.equal("organization,Acme Corp,organization,3,10,0.5,1", rows[5])
    assert.equal("unattributed,,,1,3,0.1667,", rows[7])
    assert.equal("total,,,6,17,1,2", rows[8])
    local j = assert(json.decode(stats.format(r, "json")))
    assert.same({ "articles", "quotes", "words", "unattributed", "speakers", "organizations" }, json.keys(j))
    assert.equal("Jane Roe", j.speakers[1].name)
    assert.equal(0.5, j.organizations[1].share)
    assert.has_error(function()
      stats.format(r, "xml")
    end)
  end)

  it("quotes CSV fields that need it", function()
    local acc = stats.new()
    acc:add({ quotes = { q('Smith, "Jr"', "person", "“Hi.”") } })
    assert.matches('\r\nspeaker,"Smith, ""Jr""",person,1,1,1,1\r\n', stats.format(acc:result(), "csv"))
  end)

  it("counts what the core finds", function()
    local text = '"This bridge will serve the town," Mayor Alan Brooks said. "We owe it to them."\n'
    local doc = core.parse(text)
    local rec = json.decode(doc:render("json"))
    local acc = stats.new()
    acc:add(rec, text)
    local r = acc:result()
    assert.equal(#doc:quotes(), r.quotes)
    assert.equal("Alan Brooks", r.speakers[1].name)
  end)
end)

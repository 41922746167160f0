-- plugin/lua/newsmark/view.lua: the editor-agnostic layer every host uses.
local core = require("newsmark.core")
local config = require("newsmark.config")
local view = require("newsmark.view")

local function read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

local SAMPLE = read("tests/corpus/sample.txt")

local function find(text, needle, init)
  local s, e = text:find(needle, init or 1, true)
  assert(s, "not in the sample: " .. needle)
  return s - 1, e -- 0-based start, half-open end
end

local function session(cfg)
  return assert(view.new({ core = core, config = cfg }))
end

describe("newsmark.view", function()
  it("new() takes defaults, a config table, and reports a bad rule", function()
    local s = session()
    assert.is_table(s.compiled)
    local cfg = assert(config.validate({ show = { person = false } }))
    assert.is_false(session(cfg).compiled.show.person)
    -- the same config table is compiled once and shared
    assert.equal(session(cfg)._c, session(cfg)._c)
    local bad = assert(config.validate({ rules = { { name = "ok", pattern = "x" } } }))
    bad.rules[1].pattern = "a("
    local s2, msg = view.new({ core = core, config = bad })
    assert.is_nil(s2)
    assert.matches("rules", msg)
    assert.has_error(function()
      view.new({ core = "nope" })
    end)
    assert.has_error(function()
      view.new(42)
    end)
  end)

  it("new() without core loads it", function()
    assert.is_table(assert(view.new()).core)
  end)

  it("parse() caches by text and reparses a new text", function()
    local s = session()
    local a = assert(s:parse(SAMPLE))
    assert.equal(a, s:parse(SAMPLE))
    assert.equal(SAMPLE, a.text)
    assert.equal(#SAMPLE, a.len)
    local b = assert(s:parse(SAMPLE .. "\nMore."))
    assert.are_not.equal(a, b)
    assert.equal("", assert(s:parse("")).text)
    assert.has_error(function()
      s:parse(nil)
    end)
  end)

  it("ranges() styles names, quotes by speaker, cues and structure", function()
    local s = session()
    local snap = s:parse(SAMPLE)
    local all = s:ranges(snap)
    local by = {}
    for _, r in ipairs(all) do
      assert.is_true(r.start <= r.finish and r.finish <= #SAMPLE)
      assert.is_string(r.group)
      assert.is_string(r.sgr)
      assert.is_table(r.hex)
      assert.is_number(r.priority)
      by[SAMPLE:sub(r.start + 1, r.finish) .. "/" .. r.kind] = r
    end
    local p = by["Tomasz Nowak/person"]
    assert.same({ "NewsmarkPerson", "1;34" }, { p.group, p.sgr })
    assert.equal(50, p.priority)
    assert.is_number(p.entity)
    local pl = by["Westminster/place"]
    assert.equal("NewsmarkPlace", pl.group)
    assert.equal("NewsmarkHeadline", by["Harbour towns win reprieve as ministers agree flood fund/headline"].group)
    assert.is_truthy(by["LONDON (Reuters) —/dateline"])
    -- quotes: one palette slot per speaker, in order of first quote
    local qs, q1 = find(SAMPLE, "“We have listened")
    local q = nil
    for _, r in ipairs(all) do
      if r.kind == "quote" and r.start == qs then
        q = r
      end
    end
    assert.truthy(q, q1)
    assert.same({ "NewsmarkSpeaker1", 1, "Helen Marsh" }, { q.group, q.slot, q.speaker })
    assert.equal("38;5;208", q.sgr)
    assert.equal("#ff8700", q.hex.fg)
    local nowak
    for _, r in ipairs(all) do
      if r.kind == "quote" and r.speaker == "Tomasz Nowak" then
        nowak = r
      end
    end
    assert.equal("NewsmarkSpeaker2", nowak.group)
    local cue = by["told reporters/cue"]
    assert.same({ "NewsmarkCue", "Helen Marsh" }, { cue.group, cue.speaker })
    -- paragraphs have an empty style and are not painted
    for _, r in ipairs(all) do
      assert.are_not.equal("paragraph", r.kind)
    end
  end)

  it("ranges(from, to) gives what overlaps the viewport, as the same tables", function()
    local s = session()
    local snap = s:parse(SAMPLE)
    local from = find(SAMPLE, "Westminster")
    local part = s:ranges(snap, from, from + 5)
    local kinds = {}
    for _, r in ipairs(part) do
      assert.is_true(r.start < from + 5 and r.finish > from)
      kinds[#kinds + 1] = r.kind
    end
    assert.same({ "place" }, kinds)
    local full = s:ranges(snap)
    local same
    for _, r in ipairs(full) do
      same = same or (r == part[1])
    end
    assert.is_true(same)
    assert.same({}, s:ranges(snap, #SAMPLE, #SAMPLE + 10))
    assert.same({}, s:ranges(s:parse(""), 0, 10))
    -- a zero-width range inside a span still finds it
    assert.equal("place", s:ranges(snap, from + 2, from + 2)[1].kind)
  end)

  it("ranges() honours show, speaker_colors, styles, palette and rule styles", function()
    local cfg = assert(config.validate({
      show = { person = false, headline = false },
      speaker_colors = false,
      styles = { place = { fg = "#112233", bold = true } },
      rules = {
        { name = "money", pattern = "£\\d+ million", style = { fg = "red" } },
        { name = "days", pattern = "\\b(?:Monday|Tuesday)\\b" },
      },
    }))
    local s = session(cfg)
    local snap = assert(s:parse(SAMPLE))
    local seen = {}
    for _, r in ipairs(s:ranges(snap)) do
      assert.are_not.equal("person", r.kind)
      assert.are_not.equal("headline", r.kind)
      seen[r.group] = r
    end
    assert.truthy(seen.NewsmarkQuote)
    assert.is_nil(seen.NewsmarkSpeaker1)
    assert.equal("1;38;2;17;34;51", seen.NewsmarkPlace.sgr)
    assert.equal("#112233", seen.NewsmarkPlace.hex.fg)
    assert.same({ "money", "31", 60 }, { seen.NewsmarkRule_money.rule, seen.NewsmarkRule_money.sgr, 60 })
    assert.equal("days", seen.NewsmarkRule.rule)
    local groups = {}
    for _, st in ipairs(s:styles()) do
      groups[st.group] = st
    end
    assert.is_false(groups.NewsmarkPlace.is_default)
    assert.is_true(groups.NewsmarkPerson.is_default)
    assert.equal("money", groups.NewsmarkRule_money.rule)
    assert.equal(8, groups.NewsmarkSpeaker8.slot)
  end)

  it("speaker slots are stable across edits and wrap around the palette", function()
    local cfg = assert(config.validate({ palette = { "31", "32" } }))
    local s = session(cfg)
    local snap = s:parse(SAMPLE)
    local slot = {}
    for _, q in ipairs(s:quotes(snap)) do
      if q.speaker then
        slot[q.speaker] = q.slot
      end
    end
    assert.same({ 1, 2, 1 }, { slot["Helen Marsh"], slot["Tomasz Nowak"], slot["Met Office"] })
    -- remove Helen Marsh's paragraphs: Nowak keeps slot 2
    local cut = SAMPLE:gsub("“We have listened.-\n\n", "")
    local snap2 = s:parse(cut)
    for _, q in ipairs(s:quotes(snap2)) do
      if q.speaker == "Tomasz Nowak" then
        assert.equal(2, q.slot)
        assert.equal("NewsmarkSpeaker2", q.group)
      end
    end
  end)

  it("quotes() lists each quote with speaker, method and cue", function()
    local s = session()
    local snap = s:parse(SAMPLE)
    local qs = s:quotes(snap)
    assert.equal(8, #qs)
    local q = qs[1]
    assert.equal(find(SAMPLE, "“We have listened"), q.start)
    assert.equal("Helen Marsh", q.speaker)
    assert.is_number(q.speaker_id)
    assert.equal("after", q.method)
    assert.equal("told reporters", SAMPLE:sub(q.cue.start + 1, q.cue.finish))
    assert.equal(SAMPLE:sub(q.start + 1, q.finish), q.text)
    for i = 2, #qs do
      assert.is_true(qs[i - 1].start <= qs[i].start)
    end
    -- a viewport: the quotes overlapping it
    local from = find(SAMPLE, "told reporters")
    local some = s:quotes(snap, from, qs[2].start + 1)
    assert.same({ qs[2] }, some)
    assert.same({ qs[1], qs[2] }, s:quotes(snap, qs[1].finish - 1, qs[2].start + 1))
    assert.same({}, s:quotes(snap, 0, 10))
    assert.same({}, s:quotes(snap, 600, 600))
  end)

  it("entities(), people() and speakers() count mentions, quotes and words", function()
    local s = session()
    local snap = s:parse(SAMPLE)
    local people = s:people(snap)
    assert.equal("Helen Marsh", people[1].name)
    assert.equal("Environment Secretary", people[1].role)
    assert.equal(6, people[1].mentions)
    assert.equal(3, people[1].quotes)
    assert.equal(6, #people[1].spans)
    assert.equal(find(SAMPLE, "Helen Marsh"), people[1].first)
    for _, p in ipairs(people) do
      assert.equal("person", p.kind)
    end
    local orgs = s:entities(snap, "organization")
    assert.equal("Reuters", orgs[1].name)
    assert.is_true(#s:entities(snap) > #people)
    local sp = s:speakers(snap)
    assert.same({ "Helen Marsh", "Tomasz Nowak", "David Okafor", "Met Office" }, {
      sp[1].speaker,
      sp[2].speaker,
      sp[3].speaker,
      sp[4].speaker,
    })
    assert.same({ 3, 3, 31 }, { sp[1].quotes, sp[1].spans, sp[1].words })
    assert.same({ 1, 2 }, { sp[4].quotes, sp[4].words }) -- “above-average rainfall”
    assert.equal("organization", sp[4].kind)
    assert.equal("NewsmarkSpeaker1", sp[1].group)
  end)

  it("at() finds the quote and entity under an offset", function()
    local s = session()
    local snap = s:parse(SAMPLE)
    local inq = find(SAMPLE, "listened")
    local a = s:at(snap, inq)
    assert.equal("Helen Marsh", a.quote.speaker)
    assert.equal("Helen Marsh", a.entity.name)
    assert.equal(6, a.entity.mentions)
    assert.equal("quote", a.span.kind)
    local okafor = find(SAMPLE, "Okafor added")
    a = s:at(snap, okafor + 1)
    assert.is_nil(a.quote)
    assert.equal("David Okafor", a.entity.name)
    assert.equal("person", a.span.kind)
    local cue = find(SAMPLE, "told reporters")
    a = s:at(snap, cue + 3)
    assert.equal("Helen Marsh", a.quote.speaker)
    assert.equal("cue", a.span.kind)
    assert.is_nil(s:at(snap, find(SAMPLE, "payments")))
    assert.is_nil(s:at(snap, -1))
    assert.is_nil(s:at(snap, #SAMPLE))
  end)

  it("next_quote() and next_by_speaker() jump in both directions", function()
    local s = session()
    local snap = s:parse(SAMPLE)
    local qs = s:quotes(snap)
    assert.equal(qs[1], s:next_quote(snap, 0, 1))
    assert.equal(qs[2], s:next_quote(snap, qs[1].start, 1))
    assert.equal(qs[1], s:next_quote(snap, qs[1].start + 3, -1))
    assert.is_nil(s:next_quote(snap, qs[1].start, -1))
    assert.equal(qs[#qs], s:next_quote(snap, qs[1].start, -1, true))
    assert.is_nil(s:next_quote(snap, qs[#qs].start, 1))
    assert.equal(qs[1], s:next_quote(snap, qs[#qs].start, 1, true))
    -- Helen Marsh: quotes 1, 2 and 8
    assert.equal(qs[2], s:next_by_speaker(snap, qs[1].start + 1, 1))
    assert.equal(qs[8], s:next_by_speaker(snap, qs[2].start, 1))
    assert.equal(qs[2], s:next_by_speaker(snap, qs[8].start, -1))
    local none, msg = s:next_by_speaker(snap, qs[8].start, 1)
    assert.is_nil(none)
    assert.matches("Helen Marsh", msg)
    assert.equal(qs[1], s:next_by_speaker(snap, qs[8].start, 1, true))
    -- outside a quote: the speaker of the quote before
    assert.equal(qs[8], s:next_by_speaker(snap, qs[2].finish + 5, 1))
    local n, m = s:next_by_speaker(snap, 0, 1)
    assert.is_nil(n)
    assert.equal("no quote here", m)
    assert.is_nil(s:next_quote(s:parse("No quotes."), 0, 1))
  end)

  it("label() and export()", function()
    local s = session()
    local snap = s:parse(SAMPLE)
    assert.equal("— Helen Marsh", s:label(snap, s:quotes(snap)[1]))
    assert.is_nil(s:label(snap, { start = 0, finish = 1 }))
    local json = assert(s:export(snap, "json", { name = "sample.txt" }))
    assert.matches('"file"', json)
    assert.matches("Helen Marsh", json)
    assert.matches("^T%d+\t", assert(s:export(snap, "brat")))
    assert.matches("<html", assert(s:export(snap, "html")))
    assert.has_error(function()
      s:export(snap, "pdf")
    end)
    assert.has_error(function()
      s:ranges({}, 0, 1)
    end)
  end)

  it("group names", function()
    assert.equal("NewsmarkImageCredit", view.group_name("image_credit"))
    assert.equal("NewsmarkSpeakerRef", view.group_name("speaker_ref"))
    -- group names are compared without case in Neovim: every kind's differs
    local seen = {}
    for _, k in ipairs(config.kinds) do
      local g = view.group_name(k):lower()
      assert.is_nil(seen[g], g)
      seen[g] = true
    end
    assert.equal("NewsmarkRule_a_b_c", view.rule_group("a.b-c"))
  end)
end)

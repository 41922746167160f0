-- plugin/lua/newsmark/annotator.lua: the annotation commands vis and mle
-- share (docs/editors/vis.md, docs/editors/mle.md).
local annotator = require("newsmark.annotator")
local annotate = require("newsmark.annotate")
local json = require("newsmark.json")
local view = require("newsmark.view")
local core = require("newsmark.core")

local function read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

local function write(path, s)
  local f = assert(io.open(path, "wb"))
  f:write(s)
  f:close()
end

local ROOT = os.getenv("NM_ROOT") or "."
local SAMPLE = read(ROOT .. "/tests/corpus/sample.txt")

local function at(text, s, nth)
  local from = 1
  for i = 1, nth or 1 do
    local p = assert(text:find(s, from, true), s)
    if i == (nth or 1) then
      return p - 1, p - 1 + #s
    end
    from = p + 1
  end
end

local function tmpdir()
  local p = os.tmpname()
  os.remove(p)
  assert(os.execute("mkdir -p '" .. p .. "'"))
  return p
end

local function open(dir, text, labels)
  local path = dir .. "/article.txt"
  write(path, text)
  local session = assert(view.new({ core = core }))
  local snap = assert(session:parse(text))
  local ed, msg = annotator.open({ path = path, session = session, snap = snap, labels = labels or { "claim" } })
  return ed, msg, session, path
end

local function range_of(ed, s, f, kind)
  for _, r in ipairs(ed:ranges()) do
    if r.start == s and r.finish == f and (not kind or r.kind == kind) then
      return r
    end
  end
end

describe("annotator", function()
  local dir
  before_each(function()
    dir = tmpdir()
  end)
  after_each(function()
    os.execute("rm -rf '" .. dir .. "'")
  end)

  it("labels a selection (blanks trimmed) and shows it in the ranges", function()
    local ed = open(dir, SAMPLE)
    local s, f = at(SAMPLE, "bidding process")
    local msg = assert(ed:run("label claim", { sel = { start = s - 1, finish = f + 1 }, pos = s }))
    assert.matches("labelled claim", msg)
    local r = range_of(ed, s, f, "claim")
    assert.is_table(r, "a range for the user label")
    assert.equal("NewsmarkLabel", r.group)
    assert.equal(0, r.hex.ctermfg)
    assert.equal(220, r.hex.ctermbg)
  end)

  it("refuses an unknown label and lists the valid ones", function()
    local ed = open(dir, SAMPLE)
    local ok, err = ed:run({ "label", "bogus" }, { sel = { start = 0, finish = 7 } })
    assert.is_nil(ok)
    assert.matches("unknown label 'bogus'", err)
    assert.matches("person, organization, place, quote, scare_quote, speaker_ref, claim", err, 1, true)
    local ok2, err2 = ed:run("label person", { pos = 3 })
    assert.is_nil(ok2)
    assert.matches("select the text", err2)
  end)

  it("a manual name is drawn in the kind's style, underlined", function()
    local ed = open(dir, SAMPLE)
    local s, f = at(SAMPLE, "sea wall")
    assert(ed:run("label place", { sel = { start = s, finish = f } }))
    local r = range_of(ed, s, f, "place")
    assert.is_table(r)
    assert.is_true(r.hex.underline)
    assert.is_true(r.manual)
  end)

  it("rejects the span under the cursor: its range goes", function()
    local ed = open(dir, SAMPLE)
    local s, f = at(SAMPLE, "Portsmouth")
    assert.is_table(range_of(ed, s, f, "place"))
    local msg = assert(ed:run("reject", { pos = s + 2 }))
    assert.matches("rejected place “Portsmouth”", msg, 1, true)
    assert.is_nil(range_of(ed, s, f, "place"))
    -- delete brings it back; accept on a rejected one too
    assert(ed:run("delete", { pos = s + 2 }))
    assert.is_table(range_of(ed, s, f, "place"))
    assert(ed:run("reject", { pos = s }))
    assert.matches("accepted", assert(ed:run("accept", { pos = s })))
    assert.is_table(range_of(ed, s, f, "place"))
  end)

  it("changes a quote's speaker: by name, by number, a new person", function()
    local ed = open(dir, SAMPLE)
    local q = at(SAMPLE, "\226\128\156Every storm")
    local list = assert(ed:run("speaker", { pos = q + 3 }))
    assert.matches("Tomasz Nowak", list)
    local n
    for line in list:gmatch("[^\n]+") do
      n = n or line:match("^(%d+) Helen Marsh")
    end
    assert.is_string(n, list)
    assert.matches("— Helen Marsh", assert(ed:run("speaker " .. n, { pos = q + 3 })), 1, true)
    local got
    for _, s in ipairs(ed.store:spans("quote")) do
      got = s.start == q and s or got
    end
    assert.equal("Helen Marsh", got.speaker)
    -- the range now has Helen Marsh's palette slot, like her other quotes
    local first = at(SAMPLE, "\226\128\156We have listened")
    local r1, r2
    for _, r in ipairs(ed:ranges()) do
      r1 = (r.kind == "quote" and r.start == first) and r or r1
      r2 = (r.kind == "quote" and r.start == q) and r or r2
    end
    assert.equal(r1.slot, r2.slot)
    assert(ed:run("speaker Jane Roe", { pos = q + 3 }))
    assert.matches("Jane Roe %(added%)", assert(ed:run("speaker", { pos = q })))
    local none, err = ed:run("speaker Helen Marsh", { pos = 0 })
    assert.is_nil(none)
    assert.matches("no quote under the cursor", err)
  end)

  it("notes, accept-all and reject-all, listings", function()
    local ed = open(dir, SAMPLE)
    local s = at(SAMPLE, "Portsmouth")
    assert(ed:run("note check the spelling", { pos = s }))
    assert.matches("note: check the spelling", ed:run("annotations", {}))
    assert.matches("rejected %d+ scare_quote", assert(ed:run("reject-all scare_quote", {})))
    local _, err = ed:run("reject-all bogus", {})
    assert.matches("unknown label", err)
    assert.matches("every annotation has its place", ed:run("unanchored", {}))
    local _, err2 = ed:run("frobnicate", {})
    assert.matches("unknown command frobnicate %(label, speaker", err2)
  end)

  it("saves only when there is something to keep, and reloads it", function()
    local ed, _, session, path = open(dir, SAMPLE)
    local ok, msg = ed:save()
    assert.is_true(ok)
    assert.is_nil(msg)
    assert.is_nil(io.open(path .. ".newsmark.json"), "no sidecar for an untouched article")
    local s, f = at(SAMPLE, "Project Breakwater")
    assert(ed:run("label claim", { sel = { start = s, finish = f } }))
    assert.matches("revision 1", select(2, assert(ed:save())))
    local doc = json.decode(read(path .. ".newsmark.json"))
    assert.equal("claim", doc.labels[1].label)
    assert.equal("Project Breakwater", doc.labels[1].text)
    -- a new editor on the same file finds it
    local ed2 = annotator.open({ path = path, session = session, snap = assert(session:parse(SAMPLE)) })
    assert.is_table(range_of(ed2, s, f, "claim"))
  end)

  it("saved under another name: the sidecar goes beside the new name", function()
    local ed, _, _, path = open(dir, SAMPLE)
    local s, f = at(SAMPLE, "bidding process")
    assert(ed:run("label claim", { sel = { start = s, finish = f } }))
    assert(ed:save())
    write(dir .. "/copy.txt.newsmark.json", '{"revision": 7, "annotations": []}')
    local ok, msg = ed:save(dir .. "/copy.txt", true)
    assert.is_true(ok)
    assert.matches("copy.txt.newsmark.json", msg)
    assert.not_matches("merged", msg)
    local doc = json.decode(read(dir .. "/copy.txt.newsmark.json"))
    assert.equal("bidding process", doc.labels[1].text)
    assert.truthy(io.open(path .. ".newsmark.json"), "the first sidecar stays")
  end)

  it("merges when another editor saved first: nothing lost", function()
    local ed, _, session, path = open(dir, SAMPLE)
    local ed2 = annotator.open({ path = path, session = session, snap = ed.snap, labels = { "claim" } })
    local s, f = at(SAMPLE, "Project Breakwater")
    assert(ed2:run("label claim", { sel = { start = s, finish = f } }))
    assert(ed2:save())
    local p = at(SAMPLE, "Portsmouth")
    assert(ed:run("reject", { pos = p }))
    local ok, msg = ed:save()
    assert.is_true(ok)
    assert.matches("saved by another editor: merged", msg)
    local store = assert(annotate.load(path .. ".newsmark.json", SAMPLE, ed.snap, { labels = { "claim" } }))
    local kinds = {}
    for _, x in ipairs(store:spans(nil, { rejected = true })) do
      if x.status ~= "automatic" then
        kinds[#kinds + 1] = x.status .. " " .. x.text
      end
    end
    table.sort(kinds)
    assert.same({ "manual Project Breakwater", "rejected Portsmouth" }, kinds)
  end)

  it("re-anchors after an edit and reports what it cannot place", function()
    local ed, _, session, path = open(dir, SAMPLE)
    local s, f = at(SAMPLE, "Project Breakwater")
    assert(ed:run("label claim", { sel = { start = s, finish = f } }))
    assert(ed:save())
    local edited = "Breaking: " .. SAMPLE
    assert.is_nil(ed:update(assert(session:parse(edited))))
    assert.is_table(range_of(ed, s + 10, f + 10, "claim"))
    -- the labelled words removed outside the editor: listed, not lost
    local gone = SAMPLE:gsub("Project Breakwater", "the scheme")
    write(path, gone)
    local ed2, msg = annotator.open({ path = path, session = session, snap = assert(session:parse(gone)),
      hint = ":newsmark unanchored" })
    assert.matches("1 annotation of article.txt.newsmark.json could not be placed", msg, 1, true)
    assert.matches(":newsmark unanchored lists it", msg, 1, true)
    assert.matches("claim “Project Breakwater”.*not found", ed2:run("unanchored", {}))
  end)

  it("an unreadable sidecar is an error, and is left alone", function()
    local path = dir .. "/article.txt"
    write(path, SAMPLE)
    write(path .. ".newsmark.json", "{ not json")
    local session = assert(view.new({ core = core }))
    local ed, err = annotator.open({ path = path, session = session, snap = assert(session:parse(SAMPLE)) })
    assert.is_nil(ed)
    assert.matches("newsmark.json", err)
    assert.equal("{ not json", read(path .. ".newsmark.json"))
  end)
end)

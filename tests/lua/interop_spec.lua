-- plugin/lua/newsmark/interop.lua: brat, doccano and JSON in and out of the
-- annotation store (docs/formats.md). The fixtures in fixtures/interop/
-- were written by hand from brat's and doccano's documented formats.
local interop = require("newsmark.interop")
local annotate = require("newsmark.annotate")
local json = require("newsmark.json")
local core = require("newsmark.core")

local DIR = "tests/lua/fixtures/interop/"

local function read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

local BRIDGE = read(DIR .. "bridge.txt")
local BRIDGE_ANN = read(DIR .. "bridge.ann")

local function find(text, s, nth)
  local from = 1
  for k = 1, nth or 1 do
    local i = assert(text:find(s, from, true), s)
    if k == (nth or 1) then
      return i - 1, i - 1 + #s
    end
    from = i + 1
  end
end

-- What a person sees and decided, without ids: comparable across stores.
local function view(store)
  local out = {}
  for _, s in ipairs(store:spans(nil, { rejected = true })) do
    out[#out + 1] = table.concat({ s.kind, s.start, s.finish, s.status, s.note or "-", s.speaker or "-",
      s.entity or "-" }, "|")
  end
  table.sort(out)
  return out
end

local function span(store, kind, text, opts)
  for _, s in ipairs(store:spans(kind, opts)) do
    if s.text == text then
      return s
    end
  end
end

-- A store over a real analysis with one of each kind of decision.
local function worked(text)
  text = text or BRIDGE
  local doc = assert(core.parse(text))
  local store = annotate.new(doc, text, { labels = { "claim" } })
  local q1 = assert(span(store, "quote", "“This bridge will serve the old town for a century,”"))
  local q2 = assert(span(store, "quote", "“We owe it to the next generation.”"))
  store:set_speaker(q1.id, "Rosa Diaz") -- a name without a mention
  store:note(q2.id, "second\tquote")
  store:reject(assert(span(store, "person", "Gruene")).id)
  store:accept(assert(span(store, "place", "ZÜRICH")).id)
  local s, f = find(text, "city council of Zürich")
  store:label(s, f, "organization")
  s, f = find(text, "build a new bridge\nover the Limmat")
  store:label(s, f, "claim", "check the date")
  s, f = find(text, "Opponents")
  local opp = store:label(s, f, "person")
  store:note(opp, "who?")
  s, f = find(text, "“vanity project”")
  store:reject(assert(span(store, "quote", "“vanity project”")).id)
  store:label(s, f, "scare_quote")
  return store, doc
end

describe("interop characters", function()
  it("counts code points, an invalid byte as one", function()
    local idx = interop.char_index("aé🚲\255b")
    assert.equal(5, idx.nchars)
    local bytes = {}
    for c = 0, 5 do
      bytes[#bytes + 1] = idx.byte(c)
    end
    assert.same({ 0, 1, 3, 7, 8, 9 }, bytes)
    assert.equal(2, idx.char(3))
    assert.equal(2, idx.char(5)) -- inside the bicycle: its start
    assert.equal(5, idx.char(9))
    assert.equal(0xFFFD, idx.cp(3))
  end)
end)

describe("brat import", function()
  it("reads the hand-written pair: characters to bytes, statuses, notes, speakers, hulls", function()
    local p = assert(interop.from_brat(BRIDGE, BRIDGE_ANN, { name = "bridge.ann" }))
    assert.same({}, p.warnings)
    local got = {}
    for _, s in ipairs(p.spans) do
      got[#got + 1] = ("%s %d %d %s %s"):format(s.kind, s.start, s.finish, s.status or "-", s.note or "-")
    end
    -- byte offsets worked out by hand from the character offsets
    assert.same({
      "place 21 28 - -",
      "place 37 44 - -",
      "organization 53 76 accepted -",
      "person 139 150 - -",
      "quote 158 214 - -",
      "person 215 221 - -",
      "quote 243 282 - -",
      "scare_quote 312 332 - the mayor's words?",
      "claim 97 131 - check the date", -- two fragments, one line break apart: the hull
      "organization 346 352 rejected -",
    }, got)
    assert.is_true(p.spans[5].speaker_set)
    assert.equal(p.spans[6], p.spans[5].speaker_span)
    assert.equal(p.spans[4], p.spans[7].speaker_span)
  end)

  it("applies it over the analysis", function()
    local doc = assert(core.parse(BRIDGE))
    local store, warnings = assert(interop.import_brat(BRIDGE, BRIDGE_ANN, doc, { name = "bridge.ann" }))
    -- the analysis calls Gruene (the Swiss Greens) a person: an Organization rejected there has nothing to reject
    assert.equal(1, #warnings)
    assert.matches("organization 346%-352 is rejected", warnings[1])
    assert.equal("rejected", span(store, "person", "Gruene", { rejected = true }).status)
    assert.equal("manual", span(store, "organization", "city council of Zürich").status)
    local claim = span(store, "claim", "build a new bridge\nover the Limmat")
    assert.equal("check the date", claim.note)
    local q = span(store, "quote", "“We owe it to the next generation.”")
    assert.equal("Anna Kälin", q.speaker)
  end)

  it("takes a discontinuous span as its hull and says so", function()
    local ann = "T1\tPerson 0 4;20 26\tCafé Zürich\n"
    local p = assert(interop.from_brat(BRIDGE, ann, { name = "x.ann" }))
    assert.equal(0, p.spans[1].start)
    assert.equal(26 + 2, p.spans[1].finish)
    assert.equal(1, #p.warnings)
    assert.matches("^x%.ann:1: T1 is discontinuous", p.warnings[1])
  end)

  it("skips the core's analysis types and machine notes", function()
    local ann = table.concat({
      "T1\tQuote 151 203\t“This bridge will serve the old town for a century,”",
      "T2\tCue 210 214\tsaid",
      "T3\tPerson 204 209\tKälin",
      "R1\tCue Arg1:T1 Arg2:T2",
      "#1\tAnnotatorNotes T1\tspeaker: Anna Kälin; method: after",
      "#2\tAnnotatorNotes T3\tentity: Anna Kälin",
    }, "\n")
    local p = assert(interop.from_brat(BRIDGE, ann))
    assert.equal(2, #p.spans)
    assert.is_nil(p.spans[1].note)
    assert.is_nil(p.spans[2].note)
    assert.equal("Anna Kälin", p.spans[1].speaker)
    assert.same({}, p.warnings)
  end)

  it("reports malformed lines with the file and line", function()
    local cases = {
      { "T1\tPerson 133 143\tAnna Kalin\n",
        "^b%.ann:1: T1: the text 'Anna Kalin' does not match the %.txt at 133 143 %('Anna Kälin'%)" },
      -- byte offsets where characters are due: the text shows it
      { "T1\tPerson 139 150\tAnna Kälin\n", "^b%.ann:1: T1: the text" },
      { "T1\tPerson 10 9999\tx\n", "^b%.ann:1: T1: offset 9999 is past the end of the text %(349 characters%)" },
      { "T1\tPerson 5 5\t\n", "^b%.ann:1: T1: empty or reversed span 5 5" },
      { "T1\tPerson 0 4;2 6\tx\n", "^b%.ann:1: T1: fragments overlap" },
      { "T1\tPerson zero 4\tCafé\n", "^b%.ann:1: T1: bad offsets 'zero 4'" },
      { "T1 Person 0 4 Café\n", "^b%.ann:1: expected an id and a tab" },
      { "T1\tPerson 0 4\n", "^b%.ann:1: T1: expected TYPE START END, a tab and the text" },
      { "T1\tPerson 0 4\tCafé\nT1\tPerson 0 4\tCafé\n", "^b%.ann:2: id T1 used twice %(also line 1%)" },
      { "T1\tPerson 0 4\tCafé\nA1\tStatus T1 maybe\n", "^b%.ann:2: A1: Status 'maybe'" },
      { "T1\tPerson 0 4\tCafé\nA1\tStatus T2 accepted\n", "^b%.ann:2: Status refers to T2" },
      { "T1\tPerson 0 4\tCafé\nR1\tSpeaker Arg1:T1 Arg2:T1\n", "^b%.ann:2: R1: Speaker goes from a Quote" },
      { "T1\tPerson 0 4\tCafé\nR1\tSpeaker T1 T1\n", "^b%.ann:2: R1: expected TYPE Arg1:ID Arg2:ID" },
      { "T1\tPerson 0 4\tCafé\n\nX1\tfoo\n", "^b%.ann:3: unknown annotation type of id 'X1'" },
      { "T1\tPerson 0 4\tCafé\n#1\tAnnotatorNotes T7\tx\n", "^b%.ann:2: AnnotatorNotes refers to T7" },
    }
    for _, c in ipairs(cases) do
      local p, err = interop.from_brat(BRIDGE, c[1], { name = "b.ann" })
      assert.is_nil(p, c[1])
      assert.matches(c[2], err)
    end
  end)

  it("reads CRLF lines and ignores what it cannot use, with a warning", function()
    local ann = "T1\tPerson 0 4\tCafé\r\nE1\tMeeting:T1\r\nN1\tReference T1 Wikidata:Q1\tCafé\r\n"
      .. "A1\tNegation T1\r\n"
    local p = assert(interop.from_brat(BRIDGE, ann, { name = "w.ann" }))
    assert.equal(1, #p.spans)
    assert.equal(3, #p.warnings)
    assert.matches("^w%.ann:2: event", p.warnings[1])
  end)
end)

describe("brat export", function()
  it("writes the same T lines as the core for the automatic analysis", function()
    local doc = assert(core.parse(BRIDGE))
    local store = annotate.new(doc, BRIDGE)
    local mine = {}
    for rest in ("\n" .. interop.to_brat(store)):gmatch("\nT%d+\t([^\n]*)") do
      mine[rest] = true
    end
    local n = 0
    for rest in ("\n" .. doc:render("brat")):gmatch("\nT%d+\t([^\n]*)") do
      if not rest:match("^Cue ") and not rest:match("^Role ") then
        assert.is_true(mine[rest], rest)
        n = n + 1
      end
    end
    assert.is_true(n >= 8)
  end)

  it("agrees with the core on invalid UTF-8 (one character, one U+FFFD per byte)", function()
    local text = 'Mayor Anna Kälin said: "The caf\195 is \226\130 closed\255 today." It rained.\n'
    local doc = assert(core.parse(text))
    local ann = doc:render("brat")
    assert.matches("\239\191\189 is \239\191\189\239\191\189 closed", ann, 1, true)
    local store = assert(interop.import_brat(text, ann, doc))
    for _, s in ipairs(store:spans(nil, { all = true })) do
      assert.equal("automatic", s.status)
    end
    assert.is_table(span(store, "quote", '"The caf\195 is \226\130 closed\255 today."'))
    assert.equal(ann:match("\tQuote ([^\n]*)"), interop.to_brat(store):match("\tQuote ([^\n]*)"))
  end)

  it("writes statuses, notes, speakers and fragments", function()
    local store = worked()
    local ann = interop.to_brat(store)
    assert.matches("\tclaim 91 109;110 125\tbuild a new bridge over the Limmat\n", ann, 1, true)
    assert.matches("\tLocation 35 41\tZÜRICH\n", ann, 1, true)
    assert.matches("A%d+\tStatus T%d+ accepted\n", ann)
    assert.matches("A%d+\tStatus T%d+ rejected\n", ann)
    assert.matches("#%d+\tSpeaker T%d+\tRosa Diaz\n", ann)
    assert.matches("#%d+\tAnnotatorNotes T%d+\tsecond quote\n", ann) -- the tab as a space
    assert.matches("R1\tSpeaker Arg1:T%d+ Arg2:T%d+\n", ann)
  end)
end)

describe("round trips", function()
  it("store -> brat -> store keeps spans, labels, statuses, notes and speakers", function()
    local store, doc = worked()
    local ann = interop.to_brat(store)
    local back = assert(interop.import_brat(BRIDGE, ann, doc, { labels = { "claim" } }))
    local want = view(store)
    -- brat has no tab or line break in a note
    for i, v in ipairs(want) do
      want[i] = v:gsub("\t", " ")
    end
    assert.same(want, view(back))
  end)

  it("store -> doccano -> store keeps what doccano holds", function()
    local store, doc = worked()
    local function analyse(t)
      assert.equal(BRIDGE, t)
      return doc
    end
    local back = assert(interop.import_doccano(interop.to_doccano(store, { relations = true }), analyse))
    -- doccano holds spans and labels, and speakers that have a mention;
    -- no notes, no accepted (it is automatic again), rejections by absence
    local function seen(st)
      local out = {}
      for _, s in ipairs(st:spans()) do
        out[#out + 1] = table.concat({ s.kind, s.start, s.finish, s.speaker or "-" }, "|")
      end
      table.sort(out)
      return out
    end
    local want = seen(store)
    for i, v in ipairs(want) do
      -- no mention of her to point to: the analysis's speaker comes back
      want[i] = v:gsub("Rosa Diaz", "Anna Kälin")
    end
    assert.same(want, seen(back))
    assert.equal("rejected", span(back, "person", "Gruene", { rejected = true }).status)
    -- a span the file shows where a manual one would hide it comes back accepted
    local store2 = annotate.new(doc, BRIDGE)
    local zs = find(BRIDGE, "Zürich", 2)
    local zurich
    for _, sp in ipairs(store2:spans("place")) do
      if sp.start == zs then
        zurich = sp
      end
    end
    assert.is_table(zurich)
    store2:accept(zurich.id)
    local vs, vf = find(BRIDGE, "Zürich voted")
    store2:label(vs, vf, "place")
    local back3 = assert(interop.import_doccano(interop.to_doccano(store2), analyse))
    local got
    for _, sp in ipairs(back3:spans("place")) do
      if sp.start == zs and sp.finish == zurich.finish then
        got = sp
      end
    end
    assert.equal("accepted", got and got.status)
    -- the sequence-labelling shape: the same spans, no speakers
    local back2 = assert(interop.import_doccano(interop.to_doccano(store), analyse))
    local a, b = {}, {}
    for _, s in ipairs(store:spans()) do
      a[#a + 1] = s.kind .. s.start .. ":" .. s.finish
    end
    for _, s in ipairs(back2:spans()) do
      b[#b + 1] = s.kind .. s.start .. ":" .. s.finish
    end
    assert.same(a, b)
  end)

  it("store -> JSON -> store keeps everything", function()
    local store, doc = worked()
    local back = assert(interop.import_json(interop.to_json(store), BRIDGE, doc))
    assert.same(view(store), view(back))
  end)

  it("brat and JSON keep every decision on the dev corpus (pseudo-random decisions)", function()
    local shared = os.getenv("NM_SHARED") or "../shared"
    local p = io.popen("ls " .. shared .. "/corpus/dev/*.txt 2>/dev/null")
    local files = {}
    for line in p:lines() do
      files[#files + 1] = line
    end
    p:close()
    assert.is_true(#files >= 3, "the dev corpus")
    local seed = 12345
    local function rand(n) -- Park-Miller, exact in doubles: the same choices under every Lua
      seed = (seed * 16807) % 2147483647
      return seed % n
    end
    for _, file in ipairs(files) do
      local text = read(file)
      local doc = assert(core.parse(text))
      local store = annotate.new(doc, text, { labels = { "claim" } })
      local people = store:entities("person")
      for _, s in ipairs(store:spans()) do
        local r = rand(20)
        if r < 2 then
          store:reject(s.id)
        elseif r < 4 then
          store:accept(s.id)
        elseif r < 5 then
          store:note(s.id, "note " .. s.id)
        elseif r < 7 and s.kind == "quote" then
          store:set_speaker(s.id, (#people > 0 and rand(2) == 0) and people[rand(#people) + 1].name
            or "Someone Else")
        end
      end
      for _ = 1, 4 do
        local a, e = text:find("%u%l+", rand(#text - 20) + 1)
        if a then
          pcall(store.label, store, a - 1, e, ({ "person", "claim", "organization" })[rand(3) + 1], "m")
        end
      end
      local back = assert(interop.import_brat(text, interop.to_brat(store), doc, { labels = { "claim" } }))
      assert.same(view(store), view(back), file)
      assert.same(view(store), view(assert(interop.import_json(interop.to_json(store), text, doc))), file)
    end
  end)

  it("keeps two decisions on two automatic spans of one kind and range", function()
    -- the analysis can name one pronoun the speaker_ref of two quotes
    local text = "He said it. He said it again."
    local source = { spans = {
      { kind = "speaker_ref", start = 0, finish = 2, entity = "Ann Lee" },
      { kind = "speaker_ref", start = 0, finish = 2, entity = "Ann Lee" },
    } }
    local store = annotate.new(source, text)
    local refs = store:spans("speaker_ref")
    store:note(refs[1].id, "first")
    store:reject(refs[2].id)
    local want = view(store)
    assert.same(want, view(assert(interop.import_json(interop.to_json(store), text, source))))
    assert.same(want, view(assert(interop.import_brat(text, interop.to_brat(store), source))))
  end)

  it("imports a FORMAT.md gold file as the person's annotation", function()
    local shared = os.getenv("NM_SHARED") or "../shared"
    local text = read(shared .. "/corpus/dev/00.txt")
    local gold = json.decode(read(shared .. "/corpus/dev/00.gold.json"))
    local doc = assert(core.parse(text))
    local store = assert(interop.import_json(gold, text, doc))
    local quotes = store:spans("quote")
    assert.equal(#gold.quotes, #quotes)
    for i, q in ipairs(gold.quotes) do
      assert.equal(q.start, quotes[i].start)
      assert.equal(q["end"], quotes[i].finish)
      assert.equal(q.speaker ~= json.null and q.speaker or nil, quotes[i].speaker)
    end
  end)
end)

describe("doccano import", function()
  local lines = {}
  for l in io.lines(DIR .. "council.jsonl") do
    lines[#lines + 1] = l
  end

  it("reads the label shape in characters (an emoji is one)", function()
    local p = assert(interop.from_doccano(lines[1], { name = "c.jsonl:1" }))
    local got = {}
    for _, s in ipairs(p.spans) do
      got[#got + 1] = ("%s %d %d"):format(s.kind, s.start, s.finish)
    end
    assert.same({ "person 0 15", "organization 23 37", "quote 44 58", "claim 75 84" }, got)
    assert.is_nil(p.spans[3].speaker_set)
    assert.equal(7, p.record.id)
  end)

  it("reads the relation shape with a Speaker relation", function()
    local p = assert(interop.from_doccano(lines[2]))
    assert.same({ "person", "place", "quote" }, { p.spans[1].kind, p.spans[2].kind, p.spans[3].kind })
    assert.is_true(p.spans[3].speaker_set)
    assert.equal(p.spans[1], p.spans[3].speaker_span)
    local store = assert(interop.import_doccano(lines[2], function(t)
      return core.parse(t)
    end))
    assert.equal("Zoë Ångström", span(store, "quote", "“Not yet.”").speaker)
  end)

  it("reads the labels shape", function()
    local p = assert(interop.from_doccano(lines[3]))
    assert.equal(88, p.spans[1].start)
    assert.equal(92, p.spans[1].finish)
  end)

  it("reports malformed records", function()
    local t = '"text": "Zoë said it."'
    local cases = {
      { "{", "^c:1: invalid JSON" },
      { "[1]", "^c:1: not a JSON object" },
      { '{"label": []}', '^c:1: no "text" string' },
      { "{" .. t .. ', "label": [[0, 99, "Person"]]}',
        "^c:1: label%[1%]: offset 99 is past the end of the text %(12 characters%)" },
      { "{" .. t .. ', "label": [[3, 3, "Person"]]}', "^c:1: label%[1%]: empty or reversed" },
      { "{" .. t .. ', "label": [[0, 3]]}', "^c:1: label%[1%]: expected start, end" },
      { "{" .. t .. ', "label": {"a": 1}}', "^c:1: label is not an array" },
      { "{" .. t .. ', "label": [], "entities": []}', '^c:1: both "label" and "entities"' },
      { "{" .. t .. ', "entities": [{"id": 1, "label": "Quote", "start_offset": 0, "end_offset": 3}], '
        .. '"relations": [{"from_id": 1, "to_id": 2, "type": "Speaker"}]}',
        "^c:1: relations%[1%]: no entity with id 2" },
    }
    for _, c in ipairs(cases) do
      local p, err = interop.from_doccano(c[1], { name = "c:1" })
      assert.is_nil(p, c[1])
      assert.matches(c[2], err)
    end
  end)
end)

describe("apply_record", function()
  local text = BRIDGE
  local function record()
    local doc = assert(core.parse(text))
    return json.decode(doc:render("json", { name = "bridge.txt" })), doc
  end

  it("gives back the core's record when the sidecar changes nothing", function()
    local rec = record()
    local want = json.encode(rec, { indent = 1 })
    local empty = json.decode(annotate.new(nil, text):to_json())
    assert.equal(want, json.encode(interop.apply_record(rec, text, empty), { indent = 1 }))
  end)

  it("applies rejections, manual spans, speakers and labels", function()
    local store = worked()
    local side = json.decode(store:to_json())
    local rec = interop.apply_record(record(), text, side)
    local quotes = {}
    for _, q in ipairs(rec.quotes) do
      quotes[q.text] = q
    end
    assert.is_nil(quotes["“vanity project”"])
    local q1 = quotes["“This bridge will serve the old town for a century,”"]
    assert.equal("Rosa Diaz", q1.speaker)
    assert.equal("accepted", q1.status)
    assert.is_true(q1.manual)
    local rosa
    for _, p in ipairs(rec.people) do
      if p.name == "Rosa Diaz" then
        rosa = p
      end
      assert.is_not.equal("Gruene", p.name)
    end
    assert.equal(q1.speaker_id, rosa.id)
    assert.equal(1, rosa.quotes)
    assert.is_true(rosa.manual)
    assert.equal("second\tquote", quotes["“We owe it to the next generation.”"].note)
    assert.equal("claim", rec.labels[1].label)
    assert.equal(1, #rec.scare_quotes)
    local orgs = {}
    for _, o in ipairs(rec.organizations) do
      orgs[o.name] = o
    end
    assert.is_table(orgs["city council of Zürich"])
  end)

  it("lists annotations that cannot be re-anchored", function()
    local side = json.decode(worked():to_json())
    local edited = text:gsub("Opponents", "Critics")
    local doc = assert(core.parse(edited))
    local rec = interop.apply_record(json.decode(doc:render("json")), edited, side)
    assert.equal(1, #rec.unanchored)
    assert.equal("Opponents", rec.unanchored[1].exact)
  end)
end)

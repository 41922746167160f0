-- plugin/lua/newsmark/annotate.lua: the annotation store and its sidecar
-- (docs/annotations.md).
local annotate = require("newsmark.annotate")
local json = require("newsmark.json")
local core = require("newsmark.core")

local ARTICLE = table.concat({
  "Town council approves new bridge",
  "",
  "RIVERTON, Ohio: The Riverton town council voted on Tuesday to build a new",
  "bridge over the Elm River, ending a debate that lasted two years.",
  "",
  '"This bridge will serve the town for fifty years," Mayor Alan Brooks said',
  'after the vote. "We owe it to our children."',
  "",
  'Council member Rosa Diaz said the plan was "a good compromise" for all.',
  "",
}, "\n")

local function tmpfile()
  local p = os.tmpname()
  os.remove(p)
  return p
end

local function offset(text, s, nth)
  local from = 1
  for _ = 1, nth or 1 do
    local i = assert(text:find(s, from, true), s)
    if _ == (nth or 1) then
      return i - 1, i - 1 + #s
    end
    from = i + 1
  end
end

local function find_span(store, kind, text, opts)
  for _, s in ipairs(store:spans(kind, opts)) do
    if s.text == text then
      return s
    end
  end
end

local function fresh(text)
  text = text or ARTICLE
  local doc = assert(core.parse(text))
  return annotate.new(doc, text, { labels = { "claim" } }), doc
end

describe("annotate store", function()
  it("asks the doc for each entity once, not once per mention", function()
    local text = ARTICLE .. ("Mayor Alan Brooks agreed. Brooks left.\n"):rep(50)
    local doc = assert(core.parse(text))
    local calls, links = 0, {}
    local proxy = {
      spans = function()
        return doc:spans()
      end,
      quotes = function()
        return doc:quotes()
      end,
      entity = function(_, id)
        calls = calls + 1
        return doc:entity(id)
      end,
    }
    for _, s in ipairs(doc:spans()) do
      if s.link and (s.kind == "person" or s.kind == "organization" or s.kind == "place"
          or s.kind == "speaker_ref") then
        links[s.link] = true
      end
    end
    local n = 0
    for _ in pairs(links) do
      n = n + 1
    end
    local store = annotate.new(proxy, text)
    assert.equal(n, calls)
    assert.is_true(#store:spans("person") > 100)
    assert.equal("Alan Brooks", store:spans("person")[#store:spans("person")].entity)
  end)

  it("merges the automatic spans of a doc and of a view snapshot", function()
    local store = fresh()
    local q = find_span(store, "quote", '"We owe it to our children."')
    assert.is_table(q)
    assert.equal("automatic", q.status)
    assert.equal("Alan Brooks", q.speaker)
    assert.is_table(find_span(store, "person", "Rosa Diaz"))
    local snap = { doc = assert(core.parse(ARTICLE)), text = ARTICLE }
    local s2 = annotate.new(snap)
    assert.equal(#store:spans(), #s2:spans())
  end)

  it("accepts a plain span list and raises on misuse", function()
    local store = annotate.new({ spans = { { kind = "person", start = 0, finish = 4 } } }, "Town")
    assert.equal(1, #store:spans("person"))
    assert.has_error(function()
      annotate.new(nil, 42)
    end)
    assert.has_error(function()
      store:label(0, 2, "nonsense")
    end)
    assert.has_error(function()
      store:label(3, 2, "person")
    end)
    assert.has_error(function()
      store:accept(999)
    end)
  end)

  it("labels manual spans, built-in kinds and user labels, with notes", function()
    local store = fresh()
    local s, f = offset(ARTICLE, "Elm River")
    local id = store:label(s, f, "claim", "check this")
    local sp = store:get(id)
    assert.same({ "claim", "manual", "check this", "Elm River" }, { sp.kind, sp.status, sp.note, sp.text })
    -- labelling exactly an automatic span accepts it (same id)
    local ps, pf = offset(ARTICLE, "Rosa Diaz")
    local auto = find_span(store, "person", "Rosa Diaz")
    assert.equal(auto.id, store:label(ps, pf, "person"))
    assert.equal("accepted", store:get(auto.id).status)
    -- a manual name over an automatic one of the same class hides it
    local ts, tf = offset(ARTICLE, "Riverton town council")
    local org = store:label(ts, tf, "organization")
    assert.is_nil(find_span(store, "place", "Riverton"))
    assert.equal("Riverton town council", store:get(org).text)
    assert.is_table(find_span(store, "place", "Riverton", { all = true }))
  end)

  it("joins a surname to its entity", function()
    local store = fresh(ARTICLE .. "Later, Brooks left.\n")
    local s, f = offset(store.text, "Brooks", 2)
    local id = store:label(s, f, "person")
    assert.equal("Alan Brooks", store:get(id).entity)
  end)

  it("accepts, rejects, accept_all, reject_all, delete and note", function()
    local store = fresh()
    local q = find_span(store, "quote", '"We owe it to our children."')
    store:reject(q.id)
    assert.is_nil(find_span(store, "quote", q.text))
    assert.equal("rejected", find_span(store, "quote", q.text, { rejected = true }).status)
    store:accept(q.id)
    assert.equal("accepted", store:get(q.id).status)
    store:note(q.id, "checked")
    assert.equal("checked", store:get(q.id).note)
    store:note(q.id, "")
    assert.is_nil(store:get(q.id).note)
    local n = store:reject_all("place")
    assert.is_true(n >= 3)
    assert.same({}, store:spans("place"))
    assert.equal(0, store:reject_all("place"))
    assert.is_true(store:accept_all() > 0)
    for _, s in ipairs(store:spans()) do
      assert.is_not.equal("automatic", s.status)
    end
    -- delete: an automatic span returns to automatic, a manual one goes
    store:delete(q.id)
    assert.equal("automatic", store:get(q.id).status)
    local m = store:label(0, 4, "claim")
    store:delete(m)
    assert.is_nil(store:get(m))
    -- rejecting a manual span deletes it
    m = store:label(0, 4, "claim")
    store:reject(m)
    assert.is_nil(store:get(m))
  end)

  it("sets a quote's speaker by name, by id, or a new person", function()
    local store = fresh()
    local q = find_span(store, "quote", '"This bridge will serve the town for fifty years,"')
    assert.equal("Rosa Diaz", store:set_speaker(q.id, "rosa  diaz"))
    assert.equal("Rosa Diaz", store:get(q.id).speaker)
    assert.equal("accepted", store:get(q.id).status)
    assert.equal("Helen Marsh", store:set_speaker(q.id, "Helen Marsh"))
    local found
    for _, e in ipairs(store:entities("person")) do
      if e.name == "Helen Marsh" then
        found = e
      end
    end
    assert.is_true(found.manual)
    local ents = store:entities()
    local jane
    for _, e in ipairs(ents) do
      if e.name == "Alan Brooks" then
        jane = e.id
      end
    end
    assert.equal("Alan Brooks", store:set_speaker(q.id, jane))
    assert.equal("accepted", store:get(q.id).status)
    store:set_speaker(q.id, nil)
    assert.is_nil(store:get(q.id).speaker)
    store:delete(q.id) -- back to the automatic speaker
    assert.equal("Alan Brooks", store:get(q.id).speaker)
    assert.has_error(function()
      store:set_speaker(find_span(store, "person", "Rosa Diaz").id, "X")
    end)
  end)
end)

describe("annotate.anchor", function()
  local text = "one two one three one"
  it("keeps exact offsets, finds a unique text, picks by context, refuses ties", function()
    local sel = annotate.selector(text, 8, 11) -- the second "one"
    assert.same({ 8, 11 }, { annotate.anchor(text, sel, 8) })
    local edited = "zz " .. text
    assert.same({ 11, 14 }, { annotate.anchor(edited, sel, 8) })
    local sel2 = annotate.selector(text, 4, 7) -- "two": unique
    assert.same({ 7, 10 }, { annotate.anchor("xyz" .. text, sel2, 4) })
    assert.same({ nil, "not found" }, { annotate.anchor("nothing here", sel2, 4) })
    local s, why = annotate.anchor("one one", { exact = "one", prefix = "q", suffix = "q" }, 2)
    assert.is_nil(s)
    assert.matches("ambiguous", why)
  end)

  it("cuts context on character boundaries", function()
    local t = ("é"):rep(40) .. "X" .. ("é"):rep(40)
    local sel = annotate.selector(t, 80, 81)
    assert.equal(sel.prefix, json.clean_utf8(sel.prefix))
    assert.equal(sel.suffix, json.clean_utf8(sel.suffix))
    assert.equal("X", sel.exact)
  end)
end)

describe("annotate reanalyse", function()
  local function edit(text, find, repl)
    local s, f = offset(text, find)
    return text:sub(1, s) .. repl .. text:sub(f + 1)
  end

  it("keeps rejected automatic spans rejected, and manual spans anchored", function()
    local store = fresh()
    local q = find_span(store, "quote", '"We owe it to our children."')
    store:reject(q.id)
    local ms, mf = offset(ARTICLE, "a debate")
    local manual = store:label(ms, mf, "claim", "n")
    -- an edit before both
    local text2 = edit(ARTICLE, "approves new bridge", "approves a new bridge at last")
    local un = store:reanalyse(assert(core.parse(text2)), text2)
    assert.same({}, un)
    assert.is_nil(find_span(store, "quote", q.text))
    local rq = find_span(store, "quote", q.text, { rejected = true })
    assert.equal(q.id, rq.id)
    assert.equal(q.start + 10, rq.start)
    assert.equal("a debate", store:get(manual).text)
    assert.equal("n", store:get(manual).note)
    -- an edit after: nothing moves
    local text3 = text2 .. "More text.\n"
    store:reanalyse(assert(core.parse(text3)), text3)
    assert.equal(rq.start, find_span(store, "quote", q.text, { rejected = true }).start)
  end)

  it("lists an annotation whose text was edited, keeps it, and re-anchors it later", function()
    local store = fresh()
    local ms, mf = offset(ARTICLE, "a debate")
    local id = store:label(ms, mf, "claim")
    local text2 = edit(ARTICLE, "a debate", "an argument")
    local un = store:reanalyse(assert(core.parse(text2)), text2)
    assert.equal(1, #un)
    assert.equal(id, un[1].id)
    assert.equal("a debate", un[1].selector.exact)
    assert.equal("not found", un[1].reason)
    -- still in the sidecar
    local doc = json.decode(store:to_json())
    local last = doc.annotations[#doc.annotations]
    assert.equal("not found", last.unanchored)
    assert.equal("a debate", last.selector.exact)
    -- the edit undone: it comes back
    un = store:reanalyse(assert(core.parse(ARTICLE)), ARTICLE)
    assert.same({}, un)
    assert.equal("a debate", store:get(id).text)
  end)

  it("re-anchors after an edit inside an annotation's context", function()
    local store = fresh()
    local s, f = offset(ARTICLE, "two years")
    local id = store:label(s, f, "claim")
    local text2 = edit(ARTICLE, "lasted", "went on for")
    assert.same({}, store:reanalyse(nil, text2))
    assert.equal("two years", store:get(id).text)
  end)

  it("takes an editor's tracked positions (opts.positions), also over edited text", function()
    -- the text inside the label is edited: re-anchoring alone would not
    -- find it, the editor's mark says where it is now
    local store = fresh()
    local s, f = offset(ARTICLE, "Elm River")
    local id = store:label(s, f, "claim")
    local q = find_span(store, "quote", '"We owe it to our children."')
    store:reject(q.id)
    local text2 = edit(ARTICLE, "Elm River", "Elm Riverside")
    local qs = offset(text2, '"We owe it to our children."')
    local un = store:reanalyse(assert(core.parse(text2)), text2,
      { positions = { [id] = { s, s + #"Elm Riverside" }, [q.id] = { qs, qs + #q.text } } })
    assert.same({}, un)
    assert.equal("Elm Riverside", store:get(id).text)
    assert.equal("rejected", store:get(q.id).status)
    assert.equal(qs, store:get(q.id).start)
    -- an empty position (the text was deleted) falls back to re-anchoring
    local text3 = edit(text2, "Elm Riverside", "")
    un = store:reanalyse(nil, text3, { positions = { [id] = { s, s } } })
    assert.equal(1, #un)
    assert.equal(id, un[1].id)
    assert.error(function()
      store:reanalyse(nil, text3, 5)
    end)
  end)
end)

describe("annotate sidecar", function()
  it("layer() is the manual layer of document(), and new() reads it back", function()
    local store = fresh()
    local q = find_span(store, "quote", '"We owe it to our children."')
    store:reject(q.id)
    local s, f = offset(ARTICLE, "a debate")
    store:label(s, f, "claim", "check")
    local q2 = find_span(store, "quote", '"This bridge will serve the town for fifty years,"')
    store:set_speaker(q2.id, "Helen Marsh")
    local layer, doc = store:layer(), store:document()
    for _, k in ipairs({ "version", "revision", "article", "next_id", "entities", "annotations" }) do
      assert.same(json.decode(json.encode(doc[k])), json.decode(json.encode(layer[k])), k)
    end
    assert.is_nil(layer.quotes)
    local again = annotate.new(assert(core.parse(ARTICLE)), ARTICLE,
      { labels = { "claim" }, data = json.decode(json.encode(layer)) })
    -- (untouched automatic spans get fresh ids, so next_id grows: compare
    -- the rest of the manual layers)
    local l1, l2 = json.decode(json.encode(layer)), json.decode(json.encode(again:layer()))
    assert.is_true(l2.next_id >= l1.next_id)
    l1.next_id, l2.next_id = nil, nil
    assert.same(l1, l2)
    assert.equal("Helen Marsh", again:get(q2.id).speaker)
    assert.equal("rejected", again:get(q.id).status)
  end)

  it("round-trips through JSON, with FORMAT.md keys", function()
    local store = fresh()
    local q = find_span(store, "quote", '"We owe it to our children."')
    store:reject(q.id)
    local q2 = find_span(store, "quote", '"This bridge will serve the town for fifty years,"')
    store:set_speaker(q2.id, "Helen Marsh")
    store:note(q2.id, "speaker fixed")
    local s, f = offset(ARTICLE, '"a good compromise"')
    local sq = store:label(s, f, "scare_quote")
    local doc = json.decode(store:to_json())
    for _, k in ipairs({ "quotes", "people", "organizations", "places", "scare_quotes" }) do
      assert.is_table(doc[k])
    end
    assert.equal(1, #doc.quotes)
    assert.equal("Helen Marsh", doc.quotes[1].speaker)
    assert.is_true(doc.quotes[1].manual)
    assert.same({ { s, f } }, doc.scare_quotes)
    assert.equal(annotate.VERSION, doc.version)
    assert.equal(#ARTICLE, doc.article.length)
    assert.equal(annotate.hash(ARTICLE), doc.article.hash)
    assert.equal(3, #doc.annotations)
    for _, a in ipairs(doc.annotations) do
      assert.equal("TextQuoteSelector", a.selector.type)
      assert.equal(ARTICLE:sub(a.start + 1, a["end"]), a.selector.exact)
    end

    local path = tmpfile()
    assert.is_true((annotate.save(path, store)))
    local loaded, un = assert(annotate.load(path, ARTICLE, assert(core.parse(ARTICLE))))
    assert.same({}, un)
    assert.equal(1, loaded.revision)
    assert.is_nil(find_span(loaded, "quote", q.text))
    assert.equal("Helen Marsh", loaded:get(q2.id).speaker)
    assert.equal("speaker fixed", loaded:get(q2.id).note)
    assert.equal("manual", loaded:get(sq).status)
    local a, b = json.decode(store:to_json()), json.decode(loaded:to_json())
    a.revision, b.revision = nil, nil
    a.next_id, b.next_id = nil, nil -- untouched automatic spans get fresh ids
    assert.same(a, b)
    -- no temporary file is left behind
    local p = io.popen("ls '" .. path .. "'.tmp.* 2>/dev/null")
    assert.equal("", p:read("*a"))
    p:close()
    os.remove(path)
  end)

  it("loads nothing from a missing file and refuses a broken one", function()
    local path = tmpfile()
    local store, un = annotate.load(path, ARTICLE)
    assert.equal(0, store.revision)
    assert.same({}, un)
    local f = assert(io.open(path, "wb"))
    f:write('{"annotations": [')
    f:close()
    local s, err = annotate.load(path, ARTICLE)
    assert.is_nil(s)
    assert.matches("at byte", err)
    os.remove(path)
  end)

  it("re-anchors a sidecar on an article edited elsewhere", function()
    local store = fresh()
    local s, f = offset(ARTICLE, "Tuesday")
    local id = store:label(s, f, "claim")
    local s2, f2 = offset(ARTICLE, "town council voted")
    local gone = store:label(s2, f2, "claim")
    local path = tmpfile()
    assert(annotate.save(path, store))
    local text2 = ARTICLE:gsub("voted", "decided"):gsub("^Town", "The town")
    local loaded, un = assert(annotate.load(path, text2))
    assert.equal("Tuesday", loaded:get(id).text)
    assert.equal(1, #un)
    assert.equal(gone, un[1].id)
    os.remove(path)
  end)

  it("detects a second editor's save, and merges without losing anything", function()
    local path = tmpfile()
    local a = fresh()
    assert(annotate.save(path, a))
    local labels = { labels = { "claim" } }
    local b = assert(annotate.load(path, ARTICLE, assert(core.parse(ARTICLE)), labels))
    local c = assert(annotate.load(path, ARTICLE, assert(core.parse(ARTICLE)), labels))
    local bs, bf = offset(ARTICLE, "Tuesday")
    local b_id = b:label(bs, bf, "claim", "from b")
    assert(annotate.save(path, b))
    local cs, cf = offset(ARTICLE, "two years")
    c:label(cs, cf, "claim", "from c")
    c:label(bs, bf, "claim", "c wins")
    local ok, err, disk = annotate.save(path, c)
    assert.is_nil(ok)
    assert.matches("^conflict: ", err)
    assert.equal(2, disk)
    ok, err = annotate.save(path, c, { expected_revision = 1 })
    assert.is_nil(ok)
    assert.matches("^conflict: ", err)
    -- merge: ours (c) wins on the same span, theirs' other work is kept
    local theirs = assert(annotate.load(path, ARTICLE, assert(core.parse(ARTICLE))))
    local pq = find_span(theirs, "person", "Rosa Diaz")
    theirs:reject(pq.id)
    annotate.merge(c, theirs)
    assert(annotate.save(path, c))
    local final = assert(annotate.load(path, ARTICLE, assert(core.parse(ARTICLE))))
    local notes = {}
    for _, s in ipairs(final:spans("claim")) do
      notes[#notes + 1] = s.note
    end
    table.sort(notes)
    assert.same({ "c wins", "from c" }, notes)
    assert.is_nil(find_span(final, "person", "Rosa Diaz"))
    assert.equal(3, final.revision)
    assert.is_number(b_id)
    -- force overwrites without a check
    assert(annotate.save(path, a, { force = true }))
    os.remove(path)
  end)

  it("names the sidecar as newsmark.batch does", function()
    assert.equal("dir/a.txt.newsmark.json", annotate.sidecar_path("dir/a.txt"))
    assert.equal(require("newsmark.batch").sidecar_path("x/y.md"), annotate.sidecar_path("x/y.md"))
  end)
end)

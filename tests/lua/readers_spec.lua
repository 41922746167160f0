-- The readers of untrusted files (newsmark.json, the sidecar loader of
-- newsmark.annotate) on the inputs tests/fuzz/fuzz_lua.c found or that
-- guard what it checks: a reader returns a value or nil and a message, and
-- what it returns can be written back.
local json = require("newsmark.json")
local annotate = require("newsmark.annotate")

local TEXT = "Mayor backs plan\n\nThe council said the plan was late.\n"

describe("untrusted input", function()
  describe("json.decode", function()
    it("refuses a number too large for a double instead of making it infinite", function()
      for _, s in ipairs({ "1e400", "[-1e400]", '{"revision": 1e999}' }) do
        local v, err = json.decode(s)
        assert.is_nil(v)
        assert.matches("number out of range at byte %d+", err)
      end
    end)

    it("still reads large and tiny finite numbers", function()
      local v = assert(json.decode("[1e308, -1e308, 1e-400]"))
      assert.equal(1e308, v[1])
      assert.equal(-1e308, v[2])
      assert.equal(0, v[3])
      assert.equal("[1e+308,-1e+308,0]", json.encode(v))
    end)

    it("gives nil and a message for every broken document, never an error", function()
      for _, s in ipairs({ "", "{", "[1,]", '{"a" 1}', "tru", '"\\x"', '"\1"', "[" .. ("["):rep(600) }) do
        local ok, v, err = pcall(json.decode, s)
        assert.is_true(ok, s)
        assert.is_nil(v, s)
        assert.is_string(err, s)
      end
    end)
  end)

  describe("annotate.decode", function()
    it("reads a sidecar's text", function()
      local t = assert(annotate.decode('{"version": 1, "annotations": []}'))
      assert.equal(1, t.version)
    end)

    it("says what is wrong with text that is not a sidecar", function()
      local cases = {
        ["[1]"] = "not a JSON object",
        ['"x"'] = "not a JSON object",
        ['{"version": 2}'] = "sidecar version 2 is newer",
        ["{"] = "at byte",
      }
      for s, want in pairs(cases) do
        local t, err = annotate.decode(s)
        assert.is_nil(t)
        assert.matches(want, err, 1, true)
      end
    end)
  end)

  it("places a sidecar annotation whose offsets are too large to be exact by its text", function()
    local data = assert(annotate.decode('{"revision": 1e300, "next_id": 1e300, "annotations": [{"id": 1e300, '
      .. '"kind": "person", "status": "manual", "start": 1e300, "end": 1e300, "selector": {"exact": "Mayor"}}]}'))
    local store, unanchored = annotate.new(nil, TEXT, { data = data })
    assert.equal(0, #unanchored)
    local spans = store:spans()
    assert.equal(1, #spans)
    assert.equal(0, spans[1].start)
    assert.equal(5, spans[1].finish)
    assert(annotate.decode(store:to_json()))
  end)

  it("gives every annotation its own id, whatever the sidecar says", function()
    local data = assert(annotate.decode(json.encode({
      next_id = 1,
      annotations = {
        { kind = "person", status = "manual", start = 0, ["end"] = 5, selector = { exact = "Mayor" } },
        { id = 1, kind = "claim", status = "manual", start = 18, ["end"] = 29, selector = { exact = "The council" } },
        { id = 1, kind = "claim", status = "manual", start = 30, ["end"] = 34, selector = { exact = "said" } },
        { id = 2, kind = "claim", status = "manual", start = 0, ["end"] = 3, selector = { exact = "Nowhere" } },
      },
    })))
    local store, unanchored = annotate.new({ spans = { { kind = "place", start = 6, finish = 11 } } }, TEXT,
      { data = data })
    local ids = {}
    for _, s in ipairs(store:spans()) do
      assert.is_nil(ids[s.id], "id " .. s.id .. " twice")
      ids[s.id] = true
    end
    assert.equal(1, #unanchored)
    assert.equal(2, unanchored[1].id) -- kept: it is in the file
    assert.is_nil(ids[2])
    assert.equal(4, #store:spans())
  end)

  it("keeps an annotation over invalid UTF-8 when the article has not changed", function()
    local text = "Scraped \255\254 text, said the \192\175 council.\n"
    local store = annotate.new(nil, text)
    store:label(0, 16, "person") -- "Scraped \255\254 text"
    local s, f = text:find("the \192\175 council", 1, true)
    store:label(s - 1, f, "organization")
    local back = assert(annotate.decode(store:to_json()))
    local again, unanchored = annotate.new(nil, text, { data = back })
    assert.equal(0, #unanchored)
    local spans = again:spans()
    assert.equal(2, #spans)
    assert.equal(0, spans[1].start)
    assert.equal(16, spans[1].finish)
    assert.equal(s - 1, spans[2].start)
  end)

  describe("a sidecar annotation without a usable kind", function()
    local function load(kind)
      local data = assert(annotate.decode(json.encode({
        annotations = {
          { id = 1, kind = kind, status = "manual", start = 0, ["end"] = 5, selector = { exact = "Mayor" } },
          { id = 2, kind = "person", status = "manual", start = 18, ["end"] = 29,
            selector = { exact = "The council" } },
        },
      })))
      return annotate.new(nil, TEXT, { data = data })
    end

    for name, kind in pairs({ table = { a = 1 }, number = 7, boolean = false, empty = "" }) do
      it("is kept unanchored, not placed, when the kind is a " .. name, function()
        local store, unanchored = load(kind)
        assert.equal(1, #unanchored)
        assert.equal("no kind", unanchored[1].reason)
        local spans = store:spans()
        assert.equal(1, #spans)
        assert.equal("person", spans[1].kind)
        -- and saving keeps it as it was written
        local back = assert(annotate.decode(store:to_json()))
        local kept = back.annotations[2]
        assert.equal(1, kept.id)
        assert.equal("no kind", kept.unanchored)
        if type(kind) == "table" then
          assert.same(kind, { a = kept.kind.a })
        else
          assert.equal(kind, kept.kind)
        end
      end)
    end
  end)
end)

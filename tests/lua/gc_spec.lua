-- Garbage collection: thousands of docs, shared rules, docs outliving the
-- variable that held their rules, and finalizers in any order.
local nm = require("newsmark.core")

local TEXT = table.concat({
  "Talks resume in Geneva",
  "",
  'Kerry said: "We agree." The café owner said “très bien”.',
  "",
  '"We agree," said John Kerry.',
  "",
}, "\n")

local N = tonumber(os.getenv("NM_GC_DOCS")) or 3000

describe("GC stress", function()
  it("parses thousands of docs with shared rules", function()
    local rules = nm.rules()
    assert.is_true(rules:add("kerry", "Kerry"))
    assert.is_true(rules:add("agree", "agree"))
    local keep = {}
    for i = 1, N do
      local doc = assert(nm.parse(TEXT .. i, { rules = rules }))
      assert.equal(4, #doc:spans("rule"))
      if i % 100 == 0 then
        keep[#keep + 1] = doc
      elseif i % 7 == 0 then
        doc:close() -- explicit close mixed with collection
      end
      collectgarbage("step")
    end
    rules = nil -- luacheck: ignore 311 (dropped for the collector)
    collectgarbage()
    collectgarbage()
    for i, doc in ipairs(keep) do
      assert.equal(TEXT .. (i * 100), doc:text())
      local hits = doc:spans("rule")
      assert.equal("kerry", hits[1].rule) -- the rules are still alive
      assert.is_string(doc:render("dump"))
    end
  end)

  it("keeps rules alive while a doc refers to them, then frees them", function()
    local weak = setmetatable({}, { __mode = "v" })
    local docs = {}
    do
      local rules = nm.rules()
      rules:add("kerry", "Kerry")
      weak.rules = rules
      for i = 1, 20 do
        docs[i] = nm.parse(TEXT, { rules = rules })
      end
    end
    collectgarbage()
    collectgarbage()
    assert.is_not_nil(weak.rules)
    for _, doc in ipairs(docs) do
      assert.equal("kerry", doc:spans("rule")[1].rule)
    end
    docs = nil -- luacheck: ignore 311 (dropped for the collector)
    collectgarbage()
    collectgarbage()
    assert.is_nil(weak.rules)
  end)

  it("survives rules and docs collected in the same cycle", function()
    for _ = 1, 200 do
      local rules = nm.rules()
      rules:add("k", "K\\w+")
      local a = nm.parse(TEXT, { rules = rules })
      local b = nm.parse(TEXT, { rules = rules, lexicon = { person = { "John Kerry" } } })
      a:spans()
      b:quotes()
      rules:match(TEXT)
    end
    collectgarbage()
    collectgarbage()
  end)

  it("frees temporary lexicons and scratch buffers when a call raises", function()
    for _ = 1, 500 do
      pcall(nm.parse, TEXT, { lexicon = { person = { "ok", 5 } } })
      pcall(function() nm.parse(TEXT):render("nope") end)
      collectgarbage("step")
    end
    collectgarbage()
  end)

  it("collects unreachable docs without explicit close or collectgarbage", function()
    -- Lua sees a pointer-sized userdata per doc; parse() tells the
    -- collector about the C memory. Measured by RSS (Linux), not under ASan
    -- (its quarantine keeps freed memory).
    local statm = io.open("/proc/self/statm")
    if not statm or (os.getenv("LD_PRELOAD") or ""):match("asan") then
      if statm then
        statm:close()
      end
      return
    end
    statm:close()
    local function rss_mib()
      local f = assert(io.open("/proc/self/statm"))
      local line = f:read("*l")
      f:close()
      return tonumber(line:match("^%d+ (%d+)")) * 4 / 1024
    end
    local big = ('"We agree," said John Kerry. Kerry said: "Yes."\n\n'):rep(6000) -- 300 KB
    collectgarbage()
    local before = rss_mib()
    for _ = 1, 100 do -- about 130 MB if nothing were freed
      nm.parse(big)
    end
    assert.is_true(rss_mib() - before < 50)
  end)

  it("does not grow without bound", function()
    collectgarbage()
    local before = collectgarbage("count")
    for _ = 1, 2000 do
      local doc = nm.parse(TEXT)
      doc:spans()
      doc:flat()
      doc:entities()
      doc:render("json")
    end
    collectgarbage()
    collectgarbage()
    assert.is_true(collectgarbage("count") < before + 2048) -- KiB
  end)
end)

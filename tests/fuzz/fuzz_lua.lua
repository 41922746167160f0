--- tests/fuzz/fuzz_lua.lua: the Lua side of fuzz_lua.c. Feeds untrusted bytes
-- to the readers of plugin/lua (the JSON decoder, the sidecar loader, the
-- brat and doccano importers of newsmark.interop) and
-- checks their error convention (docs/lua.md): a reader returns a value or
-- `nil, message`; it never raises on bad input, whatever the bytes. Misuse
-- (a wrong argument type) may raise, but every call here is proper use, so
-- any error at all is a bug in the reader.
--
-- Returns a function `run(input)` that returns nil when every check held,
-- else a message saying which reader broke what. Input: byte 1 picks the
-- reader (byte % #READERS), the rest is what the reader gets.
--
-- Adding a reader is one line in READERS: a name, the module, the function
-- and, optionally, `check`, a function(value, input) that raises when a
-- returned value breaks a promise. A module that is not there (yet) is
-- skipped, so the list may name readers before they exist.
local json = require("newsmark.json")
local annotate = require("newsmark.annotate")

-- The article a sidecar is loaded onto when the input brings none, and the
-- automatic spans an analysis would give it (offsets are 0-based, end
-- exclusive, as in docs/annotations.md).
local ARTICLE = "Mayor backs plan\n\n"
  .. "\u{201C}We will build it,\u{201D} Mayor Ann Lee said on Monday. "
  .. "The council said the \u{2018}plan\u{2019} was late.\n\n"
  .. "Lee told Reuters: \u{201C}Not again.\u{201D}\n"
local function auto_spans(text)
  local spans = {}
  local function add(kind, needle, extra)
    local s = text:find(needle, 1, true)
    if s then
      local span = { kind = kind, start = s - 1, finish = s - 1 + #needle }
      for k, v in pairs(extra or {}) do
        span[k] = v
      end
      spans[#spans + 1] = span
    end
  end
  add("quote", "\u{201C}We will build it,\u{201D}", { speaker = "Ann Lee", speaker_kind = "person" })
  add("person", "Ann Lee", { entity = "Ann Lee" })
  add("organization", "Reuters", { entity = "Reuters" })
  add("scare_quote", "\u{2018}plan\u{2019}")
  add("quote", "\u{201C}Not again.\u{201D}", { speaker = "Ann Lee", speaker_kind = "person" })
  return { spans = spans }
end

-- A decoded value must encode again (a sidecar read must be writable back).
local function check_json(v)
  local s = json.encode(v)
  local again, err = json.decode(s)
  assert(again ~= nil, "encode gave JSON that does not decode: " .. tostring(err))
end

-- A decoded sidecar loads into a store that can be read, changed and saved:
-- everything an editor does after opening an article with this sidecar.
-- The input is the sidecar; after a NUL byte, the article it belongs to.
local function check_sidecar(data, input)
  local nul = input:find("\0", 1, true)
  local text = nul and input:sub(nul + 1) or ARTICLE
  local source = nul and nil or auto_spans(text)
  local store, unanchored = annotate.new(source, text, { data = data })
  assert(type(unanchored) == "table", "new: no unanchored list")
  local ids = {}
  for _, s in ipairs(store:spans()) do
    assert(s.start >= 0 and s.start <= s.finish and s.finish <= #text, "span out of the text")
    assert(store:get(s.id) ~= nil, "a listed span cannot be got")
    assert(not ids[s.id], "two spans share id " .. tostring(s.id))
    ids[s.id] = true
  end
  for _, u in ipairs(unanchored) do
    assert(u.id == nil or not ids[u.id], "an unanchored annotation shares id " .. tostring(u.id))
  end
  store:entities()
  local doc = store:document()
  local out = store:to_json()
  local back, err = annotate.decode(out)
  assert(back ~= nil, "the saved sidecar does not decode: " .. tostring(err))
  -- what was saved loads again, with nothing more lost
  local again, lost = annotate.new(source, text, { data = back })
  assert(#lost <= #unanchored, "saving and loading again lost annotations")
  again:to_json()
  return doc
end

-- An import's store must be as usable as a loaded sidecar's.
local function check_store(store, input)
  local nul = input:find("\0", 1, true)
  local text = nul and input:sub(nul + 1) or ARTICLE
  for _, sp in ipairs(store:spans()) do
    assert(sp.start >= 0 and sp.start <= sp.finish and sp.finish <= #text, "span out of the text")
  end
  local back, err = annotate.decode(store:to_json())
  assert(back ~= nil, "the imported sidecar does not decode: " .. tostring(err))
end

-- A parsed doccano record: spans inside its own text.
local function check_parsed(p)
  assert(type(p.text) == "string" and type(p.spans) == "table", "no text or spans")
  for _, sp in ipairs(p.spans) do
    assert(sp.start >= 0 and sp.start <= sp.finish and sp.finish <= #p.text, "span out of the text")
  end
end

local READERS = {
  { "json.decode", "newsmark.json", "decode", check = check_json },
  { "annotate.decode", "newsmark.annotate", "decode", check = check_sidecar },
  -- The sidecar loader's inner step on any JSON value, not only an object.
  {
    "annotate.decode_annotations",
    "newsmark.json",
    "decode",
    check = function(v)
      local list = annotate.decode_annotations(v, nil)
      assert(type(list) == "table")
      check_sidecar({ annotations = v }, "")
    end,
  },
  -- Import from other tools (newsmark.interop): the input is the .ann or
  -- the doccano line; after a NUL byte, the article (else ARTICLE).
  { "interop.import_brat", "newsmark.interop", "import_brat", two = true, check = check_store },
  { "interop.from_doccano", "newsmark.interop", "from_doccano", check = check_parsed },
}

-- Resolve the readers once; a missing module or function is skipped.
local active = {}
for _, r in ipairs(READERS) do
  local ok, mod = pcall(require, r[2])
  if ok and type(mod) == "table" and type(mod[r[3]]) == "function" then
    local fn = mod[r[3]]
    if r.two then -- (text, ann, source): the input is the ann, the article after a NUL
      local import = fn
      fn = function(body)
        local nul = body:find("\0", 1, true)
        local text = nul and body:sub(nul + 1) or ARTICLE
        return import(text, nul and body:sub(1, nul - 1) or body, auto_spans(text))
      end
    end
    active[#active + 1] = { name = r[1], fn = fn, check = r.check }
  end
end
assert(#active > 0, "no reader found")

local function describe(err)
  if type(err) == "string" then
    return err
  end
  return "a " .. type(err) .. " error value (" .. tostring(err) .. ")"
end

return function(input)
  local r = active[(input:byte(1) or 0) % #active + 1]
  local body = input:sub(2)
  local nul = body:find("\0", 1, true)
  -- for the sidecar readers the bytes after a NUL are the article
  local arg = (r.check == check_sidecar and nul) and body:sub(1, nul - 1) or body
  local ok, v, msg = pcall(r.fn, arg)
  if not ok then
    return r.name .. " raised: " .. describe(v)
  end
  if v == nil then
    if type(msg) ~= "string" or msg == "" then
      return r.name .. " returned nil without a message (got a " .. type(msg) .. ")"
    end
    return nil
  end
  if r.check then
    local cok, cerr = pcall(r.check, v, body)
    if not cok then
      return r.name .. ": " .. describe(cerr)
    end
  end
  return nil
end

-- plugin/lua/newsmark/batch.lua: what the scripts in scripts/ share.
local batch = require("newsmark.batch")
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

local function write(path, data)
  local f = assert(io.open(path, "wb"))
  f:write(data)
  f:close()
end

local function tmpdir()
  local base = os.tmpname()
  os.remove(base)
  assert(os.execute("mkdir -p '" .. base .. "'"))
  return base
end

local function rmrf(dir)
  os.execute("rm -rf '" .. dir .. "'")
end

local function collect(iter)
  local out = {}
  for item in iter do
    out[#out + 1] = item
  end
  return out
end

local function span(text, s)
  local a = assert(text:find(s, 1, true), s)
  return a - 1, a - 1 + #s
end

describe("newsmark.batch", function()
  describe("parse_args", function()
    local spec = {
      f = { key = "format", arg = true },
      format = { key = "format", arg = true },
      j = { key = "jobs", arg = true },
      q = { key = "quiet" },
      quiet = { key = "quiet" },
      v = { key = "verbose" },
      jsonl = { key = "jsonl", arg = true, multi = true },
    }

    it("takes long, short, joined and repeated options and operands", function()
      local opts, ops = batch.parse_args(
        { "-j4", "--format=json", "a", "-qv", "--jsonl", "x", "--jsonl=y", "-", "-f", "brat", "--", "-q" },
        spec
      )
      assert.same({ format = "brat", jobs = "4", quiet = true, verbose = true, jsonl = { "x", "y" } }, opts)
      assert.same({ "a", "-", "-q" }, ops)
    end)

    it("returns nil and a message for a bad option", function()
      assert.same({ nil, "unknown option '--nope'" }, { batch.parse_args({ "--nope" }, spec) })
      assert.same({ nil, "unknown option '-x'" }, { batch.parse_args({ "-x" }, spec) })
      assert.same({ nil, "option '-j' needs a value" }, { batch.parse_args({ "-j" }, spec) })
      assert.same({ nil, "option '--format' needs a value" }, { batch.parse_args({ "--format" }, spec) })
      assert.same({ nil, "option '--quiet' takes no value" }, { batch.parse_args({ "--quiet=1" }, spec) })
      assert.same({ nil, "unknown option '--q'" }, { batch.parse_args({ "--q" }, spec) })
    end)
  end)

  describe("files and folders", function()
    local dir
    before_each(function()
      dir = tmpdir()
      assert(batch.mkdir_p(dir .. "/b/c"))
      assert(batch.mkdir_p(dir .. "/.hidden"))
      write(dir .. "/a.txt", "a")
      write(dir .. "/z.md", "z")
      write(dir .. "/b/c/d.txt", "d")
      write(dir .. "/b/x.txt", "x")
      write(dir .. "/b/x.txt.newsmark.json", "{}")
      write(dir .. "/.hidden/h.txt", "h")
      write(dir .. "/.h.txt", "h")
    end)
    after_each(function()
      rmrf(dir)
    end)

    it("walks a folder for *.txt, sorted, hidden names skipped, with and without lfs", function()
      local saved = batch.use_lfs
      for _, use in ipairs({ saved, false }) do
        batch.use_lfs = use
        assert.same({ "a.txt", "b/c/d.txt", "b/x.txt" }, batch.walk(dir))
        assert.same({ "z.md" }, batch.walk(dir .. "/", "*.md"))
        assert.same({ "a.txt", "b/c/d.txt", "b/x.txt", "z.md" }, batch.walk(dir, "*"))
        assert.same({ "b/c/d.txt" }, batch.walk(dir, "[cd].txt"))
        assert.same({ "a.txt", "b/x.txt" }, batch.walk(dir, "[!d].txt"))
        assert.equal("directory", batch.kind(dir))
        assert.equal("file", batch.kind(dir .. "/a.txt"))
        assert.is_nil(batch.kind(dir .. "/missing"))
      end
      batch.use_lfs = saved
    end)

    it("makes glob patterns", function()
      assert.is_truthy(("a.b.txt"):match(batch.glob_pattern("*.txt")))
      assert.is_falsy(("a.txt.bak"):match(batch.glob_pattern("*.txt")))
      assert.is_truthy(("a1.txt"):match(batch.glob_pattern("a?.txt")))
      assert.is_truthy(("100%.txt"):match(batch.glob_pattern("100%.txt")))
    end)

    it("lists items of files, folders and missing paths, names unique", function()
      local items = collect(batch.items({ dir .. "/a.txt", dir .. "/b", dir .. "/nope.txt", dir .. "/b/x.txt" }))
      local labels, names = {}, {}
      for i, it_ in ipairs(items) do
        labels[i], names[i] = it_.label, it_.name
      end
      assert.same({ dir .. "/a.txt", dir .. "/b/c/d.txt", dir .. "/b/x.txt", dir .. "/nope.txt", dir .. "/b/x.txt" },
        labels)
      assert.same({ "a", "c/d", "x", "nope", "x~2" }, names)
      local text, err = batch.item_text(items[4])
      assert.is_nil(text)
      assert.matches("No such file", err)
      assert.equal("d", (batch.item_text(items[2])))
    end)

    it("reports a folder without matching files as a failing item", function()
      assert(batch.mkdir_p(dir .. "/empty.txt"))
      assert.equal(1, #collect(batch.items({ dir .. "/.hidden" }))) -- named: walked
      local items = collect(batch.items({ dir .. "/empty.txt" }))
      assert.equal(1, #items)
      local text, err = batch.item_text(items[1])
      assert.is_nil(text)
      assert.matches("without files matching", err)
    end)

    it("writes files atomically and leaves no temporary file", function()
      local path = dir .. "/out.txt"
      assert(batch.write_atomic(path, { "one ", "two" }))
      assert.equal("one two", batch.read_file(path))
      local f = assert(batch.atomic_file(path))
      f:write("new")
      assert.equal("one two", batch.read_file(path)) -- not yet
      assert(f:commit())
      assert.equal("new", batch.read_file(path))
      f = assert(batch.atomic_file(path))
      f:write("lost")
      f:abort()
      assert.equal("new", batch.read_file(path))
      local ok, err = batch.write_atomic(dir .. "/no/such/dir/x", "x")
      assert.is_nil(ok)
      assert.is_string(err)
      local p = io.popen("ls -a '" .. dir .. "'")
      local listing = p:read("*a")
      p:close()
      assert.is_nil(listing:find("tmp", 1, true))
    end)
  end)

  describe("JSONL corpora", function()
    local lines = table.concat({
      json.encode(json.object({ id = "first/1", url = "http://x", title = "T", text = ARTICLE },
        { "id", "url", "title", "text" })),
      "",
      "{not json",
      '{"id": 3}',
      "[1]",
      '{"text": "Short one.", "date": "2020-01-01", "extra": 1}',
    }, "\n") .. "\n"

    it("gives one item per non-blank line, labelled FILE:LINE", function()
      local items = collect(batch.items({}, {
        jsonl = { "-" },
        read = function()
          return lines
        end,
      }))
      assert.equal(5, #items)
      assert.same({ "<stdin>:1", "<stdin>:3", "<stdin>:4", "<stdin>:5", "<stdin>:6" }, {
        items[1].label, items[2].label, items[3].label, items[4].label, items[5].label,
      })
      local text, meta = batch.item_text(items[1])
      assert.equal(ARTICLE, text)
      assert.same({ id = "first/1", url = "http://x", title = "T" }, meta)
      assert.equal("first_1", items[1].name)
      local t2, e2 = batch.item_text(items[2])
      assert.is_nil(t2)
      assert.matches("^invalid JSON: ", e2)
      assert.same({ nil, 'no "text" string' }, { batch.item_text(items[3]) })
      assert.same({ nil, "not a JSON object" }, { batch.item_text(items[4]) })
      local t5, m5 = batch.item_text(items[5])
      assert.equal("Short one.", t5)
      assert.same({ date = "2020-01-01" }, m5)
      assert.equal("stdin-6", items[5].name)
    end)

    it("reads a JSONL file too, and a missing one is one failing item", function()
      local path = os.tmpname()
      write(path, lines)
      local items = collect(batch.items({}, { jsonl = { path, path .. ".missing" } }))
      assert.equal(6, #items)
      assert.equal(path .. ":6", items[5].label)
      assert.is_nil((batch.item_text(items[6])))
      os.remove(path)
    end)
  end)

  describe("annotating", function()
    local ctx = { core = core, parse_opts = {} }

    it("renders the core's JSONL with the meta fields first", function()
      local item = { label = "x:1", name = "x", raw = json.encode({ id = 7, title = "T", text = ARTICLE }) }
      local res = assert(batch.process(item, ctx))
      local line = assert(batch.jsonl_line(res))
      assert.equal("\n", line:sub(-1))
      assert.is_nil(line:sub(1, -2):find("\n"))
      local rec = assert(json.decode(line))
      assert.same({ "id", "title", "file" }, { json.keys(rec)[1], json.keys(rec)[2], json.keys(rec)[3] })
      assert.equal(7, rec.id)
      assert.equal("x:1", rec.file)
      -- the same quotes as the core's own JSON
      local doc = core.parse(ARTICLE)
      local want = json.decode(doc:render("json", { name = "x:1" }))
      assert.same(want.quotes, rec.quotes)
      assert.equal(3, #rec.quotes)
      -- with the text, and as a record
      local with = json.decode(batch.jsonl_line(res, true))
      assert.equal(ARTICLE, with.text)
      local r2 = assert(batch.record(res, true))
      assert.same(with, r2)
      res.doc:close()
    end)

    it("fails an item cleanly when its text cannot be had", function()
      local res, err = batch.process({ label = "m", path = "/nonexistent/m.txt" }, ctx)
      assert.is_nil(res)
      assert.matches("No such file", err)
    end)

    describe("sidecars", function()
      local dir
      before_each(function()
        dir = tmpdir()
      end)
      after_each(function()
        rmrf(dir)
      end)

      it("are found beside the input", function()
        assert.equal("a/b.txt.newsmark.json", batch.sidecar_path("a/b.txt"))
        assert.equal("a.b/c.newsmark.json", batch.sidecar_path("a.b/c"))
        assert.is_nil(batch.sidecar_path(nil))
        assert.is_false(batch.load_sidecar(dir .. "/none.json"))
        write(dir .. "/bad.json", "[1]")
        assert.is_nil((batch.load_sidecar(dir .. "/bad.json")))
      end)

      it("apply the manual layer newsmark.annotate saved", function()
        local annotate = require("newsmark.annotate")
        write(dir .. "/a.txt", ARTICLE)
        local store = annotate.new(assert(core.parse(ARTICLE)), ARTICLE, { labels = { "claim" } })
        local function find(kind, text)
          for _, s in ipairs(store:spans(kind)) do
            if s.text == text then
              return s
            end
          end
        end
        local q1 = assert(find("quote", '"We owe it to our children."'))
        local q2 = assert(find("quote", '"a good compromise"'))
        store:set_speaker(q1.id, "Rosa Diaz")
        store:reject(q2.id)
        local s3, e3 = span(ARTICLE, "Tuesday")
        store:label(s3, e3, "claim", "which Tuesday?")
        assert(annotate.save(dir .. "/a.txt.newsmark.json", store))
        local res = assert(batch.process({ label = "a", path = dir .. "/a.txt" }, ctx))
        assert.equal(dir .. "/a.txt.newsmark.json", res.sidecar_path)
        local rec = assert(batch.record(res))
        assert.equal(dir .. "/a.txt.newsmark.json", rec.sidecar)
        local texts = {}
        for _, q in ipairs(rec.quotes) do
          texts[q.text] = q
        end
        assert.is_nil(texts['"a good compromise"'])
        local q = texts['"We owe it to our children."']
        assert.same({ "Rosa Diaz", "person", "accepted", true }, { q.speaker, q.speaker_kind, q.status, q.manual })
        local rosa
        for _, p in ipairs(rec.people) do
          if p.name == "Rosa Diaz" then
            rosa = p
          end
        end
        assert.equal(rosa.id, q.speaker_id)
        local l = rec.labels[1]
        assert.same({ "claim", "Tuesday", "which Tuesday?" }, { l.label, l.text, l.note })
        -- JSONL goes through the record when there is a sidecar
        local line = assert(batch.jsonl_line(res))
        assert.same(rec, json.decode(line))
        res.doc:close()
        -- without sidecars
        local plain = assert(batch.process({ label = "a", path = dir .. "/a.txt" }, { core = core, sidecars = false }))
        assert.is_nil(plain.sidecar)
        assert.equal(3, #batch.record(plain).quotes)
      end)

      it("that are malformed fail the article", function()
        write(dir .. "/a.txt", ARTICLE)
        write(dir .. "/a.txt.newsmark.json", "{")
        local res, err = batch.process({ label = "a", path = dir .. "/a.txt" }, ctx)
        assert.is_nil(res)
        assert.matches("a%.txt%.newsmark%.json", err)
        -- the first, minimal shape is no longer read: said, not ignored
        write(dir .. "/a.txt.newsmark.json", '{"quotes": [{"start": 5, "end": 9, "manual": true}]}')
        res, err = batch.process({ label = "a", path = dir .. "/a.txt" }, ctx)
        assert.is_nil(res)
        assert.matches('not a newsmark sidecar %(no "annotations" array', err)
        write(dir .. "/a.txt.newsmark.json", '{"version": 99, "annotations": []}')
        res, err = batch.process({ label = "a", path = dir .. "/a.txt" }, ctx)
        assert.is_nil(res)
        assert.matches("newer than this newsmark", err)
      end)
    end)
  end)

  describe("workers", function()
    it("frames items binary-safe", function()
      local path = os.tmpname()
      local items = {
        { label = "a\nb", name = "n", path = "p\0q" },
        { label = "x:2", name = "x-2", raw = '{"text": "\255 line"}', line = 2 },
        { label = "-", name = "stdin", text = "" },
      }
      assert(batch.write_items(path, items))
      assert.same(items, batch.read_items(path))
      os.remove(path)
    end)

    it("splits into contiguous, non-empty shares of about equal size", function()
      local items = {}
      for i = 1, 10 do
        items[i] = { label = tostring(i), size = i == 1 and 10000 or 10 }
      end
      local shares = batch.split(items, 3)
      assert.equal(3, #shares)
      local flat = {}
      for _, s in ipairs(shares) do
        assert.is_true(#s > 0)
        for _, it_ in ipairs(s) do
          flat[#flat + 1] = it_.label
        end
      end
      assert.same({ "1", "2", "3", "4", "5", "6", "7", "8", "9", "10" }, flat)
      assert.equal(1, #shares[1]) -- the big one alone
      assert.equal(2, #batch.split({ items[1], items[2] }, 8))
      assert.equal(1, #batch.split(items, 1))
    end)

    it("runs workers at once and collects their lines and statuses", function()
      local tmp = os.tmpname()
      local lines = {}
      -- a stand-in worker: $2 is its items file, $4 its output file
      local outs, status = batch.run_workers({
        command = { "sh", "-c", 'cp "$2" "$4"; echo "P $(wc -c < "$2")"; grep -q fail "$2" && exit 3; exit 0', "sh" },
        shares = { { { label = "a" } }, { { label = "fail" } } },
        tmp = tmp,
        on_line = function(line)
          lines[#lines + 1] = line
        end,
      })
      assert.equal(2, #outs)
      assert.same({ 0, 3 }, status)
      assert.equal(2, #lines)
      assert.equal("a", batch.read_items(outs[1])[1].label)
      assert.equal("fail", batch.read_items(outs[2])[1].label)
      for _, o in ipairs(outs) do
        os.remove(o)
      end
      os.remove(tmp)
    end)
  end)

  describe("progress", function()
    local function sink()
      local buf = {}
      return buf, {
        write = function(self, ...)
          for _, s in ipairs({ ... }) do
            buf[#buf + 1] = s
          end
          return self
        end,
        flush = function() end,
      }
    end

    it("draws a bar and clears it, only when enabled", function()
      local buf, stream = sink()
      local p = batch.progress({ total = 4, enabled = true, stream = stream })
      for i = 1, 4 do
        p:step("file" .. i)
      end
      p:finish()
      local out = table.concat(buf)
      assert.matches("%[######%.+%] 1/4  25%%  file1", out)
      assert.matches("%[#+%] 4/4 100%%  file4", out)
      assert.equal("\r\27[K", out:sub(-4))
      local buf2, stream2 = sink()
      local q = batch.progress({ total = 4, enabled = false, stream = stream2 })
      q:step("x")
      q:finish()
      assert.equal(0, #buf2)
      assert.is_boolean(batch.stderr_is_tty())
    end)
  end)

  it("shell_quote and safe_name", function()
    assert.equal([['it'\''s']], batch.shell_quote("it's"))
    assert.equal("a_b.c", batch.safe_name("a/b.c"))
    assert.equal("article", batch.safe_name("../"))
  end)
end)

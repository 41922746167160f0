--- newsmark.batch: what the scripts in scripts/ share (docs/scripts.md):
-- options, inputs (files, folders, JSONL corpora), per-article annotation
-- with manual sidecars, atomic output files, a progress bar, and running
-- a batch over N worker processes.
--
-- Pure Lua; runs under Lua 5.4, 5.3 and LuaJIT. lfs (LuaFileSystem) is used
-- when it is installed, `find` and `mkdir -p` otherwise.
--
-- Error convention (docs/lua.md): misuse raises; what can go wrong with one
-- input (a missing file, a bad JSONL line, a broken sidecar) returns
-- nil, msg so that a batch can report it and go on.
local json = require("newsmark.json")
local interop = require("newsmark.interop")

local M = {}

local has_lfs, lfs = pcall(require, "lfs")
M.use_lfs = has_lfs -- tests set this to false to exercise the fallbacks

--- Quote `s` for /bin/sh.
function M.shell_quote(s)
  return "'" .. tostring(s):gsub("'", "'\\''") .. "'"
end

-- os.execute's success across 5.1 (a number) and 5.2+ (true | nil, ...).
local function execute_ok(cmd)
  local a, _, c = os.execute(cmd)
  if type(a) == "number" then
    return a == 0
  end
  return a == true and (c == nil or c == 0)
end

------------------------------------------------------------------ options

--- Parse command-line arguments. `spec` maps each option name (without
-- dashes: "j", "format", "q") to `{ key = "jobs", arg = true|false,
-- multi = true }`; several names may share a key. Long options take
-- `--name=value` or `--name value`, short ones `-j4` or `-j 4`; short flags
-- combine (`-qv`). `--` ends the options; `-` is an operand. Returns opts
-- (key -> value, a list for multi, true for flags) and the operands, or
-- nil and a message.
function M.parse_args(argv, spec)
  local opts, operands = {}, {}
  local function set(name, value)
    local s = spec[name]
    if s.multi then
      opts[s.key] = opts[s.key] or {}
      table.insert(opts[s.key], value)
    else
      opts[s.key] = value
    end
  end
  local i = 1
  while i <= #argv do
    local a = argv[i]
    if a == "--" then
      for j = i + 1, #argv do
        operands[#operands + 1] = argv[j]
      end
      break
    elseif a:sub(1, 2) == "--" then
      local name, value = a:match("^%-%-([^=]+)=(.*)$")
      name = name or a:sub(3)
      local s = spec[name]
      if not s or #name < 2 then
        return nil, "unknown option '" .. a .. "'"
      end
      if s.arg then
        if not value then
          i = i + 1
          value = argv[i]
          if not value then
            return nil, "option '--" .. name .. "' needs a value"
          end
        end
        set(name, value)
      elseif value then
        return nil, "option '--" .. name .. "' takes no value"
      else
        set(name, true)
      end
    elseif a:sub(1, 1) == "-" and #a > 1 then
      local k = 2
      while k <= #a do
        local name = a:sub(k, k)
        local s = spec[name]
        if not s then
          return nil, "unknown option '-" .. name .. "'"
        end
        if s.arg then
          local value = a:sub(k + 1)
          if value == "" then
            i = i + 1
            value = argv[i]
            if not value then
              return nil, "option '-" .. name .. "' needs a value"
            end
          end
          set(name, value)
          break
        end
        set(name, true)
        k = k + 1
      end
    else
      operands[#operands + 1] = a
    end
    i = i + 1
  end
  return opts, operands
end

-------------------------------------------------------------- file system

--- "file", "directory", or nil and a message (missing, unreadable). A
-- dangling symlink is nil. Without lfs, a directory is what io.open opens
-- but cannot read (EISDIR).
function M.kind(path)
  if M.use_lfs then
    local mode, err = lfs.attributes(path, "mode")
    if not mode then
      return nil, err
    end
    return mode == "directory" and "directory" or "file"
  end
  local f, err = io.open(path, "rb")
  if not f then
    return nil, err
  end
  local ok, rerr, code = f:read(0)
  f:close()
  if ok == nil and rerr and code == 21 then
    return "directory"
  end
  return "file"
end

--- A Lua pattern matching file names against a shell glob: `*`, `?` and
-- `[...]` (no `/` inside; `[!...]` negates).
function M.glob_pattern(glob)
  local out, i = { "^" }, 1
  while i <= #glob do
    local c = glob:sub(i, i)
    if c == "*" then
      out[#out + 1] = ".*"
    elseif c == "?" then
      out[#out + 1] = "."
    elseif c == "[" and glob:find("]", i + 2, true) then
      local close = glob:find("]", i + 2, true)
      local set = glob:sub(i + 1, close - 1)
      set = set:gsub("^!", "^"):gsub("%%", "%%%%")
      out[#out + 1] = "[" .. set .. "]"
      i = close
    else
      out[#out + 1] = c:gsub("%p", "%%%0")
    end
    i = i + 1
  end
  out[#out + 1] = "$"
  return table.concat(out)
end

-- Every file under `dir` (relative paths), hidden names excluded.
local function list_lfs(dir, rel, out)
  local names = {}
  for name in lfs.dir(dir .. (rel ~= "" and "/" .. rel or "")) do
    if name:sub(1, 1) ~= "." then
      names[#names + 1] = name
    end
  end
  table.sort(names)
  for _, name in ipairs(names) do
    local r = rel ~= "" and rel .. "/" .. name or name
    local full = dir .. "/" .. r
    local link = lfs.symlinkattributes(full, "mode")
    local mode = lfs.attributes(full, "mode")
    if mode == "directory" then
      if link ~= "link" then -- symlinked folders are not followed (loops)
        list_lfs(dir, r, out)
      end
    elseif mode or link == "link" then
      out[#out + 1] = r
    end
  end
end

local function list_find(dir)
  local cmd = "find " .. M.shell_quote(dir) .. " -mindepth 1 -name '.*' -prune -o "
    .. "\\( -type f -o -type l \\) -print0 2>/dev/null"
  local p = io.popen(cmd, "r")
  local data = p:read("*a") or ""
  p:close()
  local out, prefix = {}, dir .. "/"
  for path in data:gmatch("([^%z]+)%z") do
    if path:sub(1, #prefix) == prefix then
      path = path:sub(#prefix + 1)
    end
    -- a symlink to a folder is listed as a link; leave it out
    if M.kind(dir .. "/" .. path) ~= "directory" then
      out[#out + 1] = path
    end
  end
  return out
end

--- The files under folder `dir` whose names match `glob` (default
-- "*.txt"), recursively, as paths relative to `dir`, sorted bytewise.
-- Names that begin with a dot (files and folders) are skipped, and
-- symlinked folders are not followed.
function M.walk(dir, glob)
  dir = dir:gsub("(.)/+$", "%1")
  local pat = M.glob_pattern(glob or "*.txt")
  local all = {}
  if M.use_lfs then
    list_lfs(dir, "", all)
  else
    all = list_find(dir)
  end
  local out = {}
  for _, rel in ipairs(all) do
    local base = rel:match("[^/]*$")
    if base:match(pat) and not base:match("%.newsmark%.json$") then
      out[#out + 1] = rel
    end
  end
  table.sort(out)
  return out
end

--- Read a whole file as bytes. Returns the text, or nil and a message.
function M.read_file(path)
  local f, err = io.open(path, "rb")
  if not f then
    return nil, err
  end
  local text, rerr = f:read("*a")
  f:close()
  if not text then
    return nil, path .. ": " .. tostring(rerr)
  end
  return text
end

local made_dirs = {}

--- `mkdir -p dir`. Returns true, or nil and a message.
function M.mkdir_p(dir)
  if dir == "" or dir == "." or made_dirs[dir] or M.kind(dir) == "directory" then
    made_dirs[dir] = true
    return true
  end
  if M.use_lfs then
    local parent = dir:match("^(.*)/[^/]+$")
    if parent and parent ~= "" then
      local ok, err = M.mkdir_p(parent)
      if not ok then
        return nil, err
      end
    end
    local ok, err = lfs.mkdir(dir)
    if not ok and M.kind(dir) ~= "directory" then
      return nil, dir .. ": " .. tostring(err)
    end
  elseif not execute_ok("mkdir -p " .. M.shell_quote(dir) .. " 2>/dev/null") then
    return nil, dir .. ": cannot create the folder"
  end
  made_dirs[dir] = true
  return true
end

local tmp_serial = 0

--- A file written atomically: `f = atomic_file(path)`, then `f:write(...)`
-- (true | nil, msg), and `f:commit()` (close and rename over `path`; true |
-- nil, msg) or `f:abort()` (remove). The temporary file sits in the same
-- folder as `path`. Returns the object, or nil and a message.
function M.atomic_file(path)
  tmp_serial = tmp_serial + 1
  local tmp = ("%s.tmp%s%d%d"):format(path, tostring({}):match("0x(%x+)") or "",
    os.time() % 100000, tmp_serial)
  local f, err = io.open(tmp, "wb")
  if not f then
    return nil, err
  end
  local obj, failed = {}, nil
  function obj.write(_, ...)
    if failed then
      return nil, failed
    end
    local ok, werr = f:write(...)
    if not ok then
      failed = path .. ": " .. tostring(werr)
      return nil, failed
    end
    return true
  end
  function obj.commit()
    local ok, cerr = f:close()
    if failed or not ok then
      os.remove(tmp)
      return nil, failed or path .. ": " .. tostring(cerr)
    end
    local rok, rerr = os.rename(tmp, path)
    if not rok then
      os.remove(tmp)
      return nil, rerr
    end
    return true
  end
  function obj.abort()
    pcall(f.close, f)
    os.remove(tmp)
  end
  return obj
end

--- Write `data` (a string or a list of strings) to `path` atomically (see
-- atomic_file). Returns true, or nil and a message.
function M.write_atomic(path, data)
  local f, err = M.atomic_file(path)
  if not f then
    return nil, err
  end
  local chunks = type(data) == "table" and data or { data }
  for _, chunk in ipairs(chunks) do
    local ok, werr = f:write(chunk)
    if not ok then
      f:abort()
      return nil, werr
    end
  end
  return f:commit()
end

------------------------------------------------------------------- inputs

--- An output name for `s` without the characters that are unsafe in a file
-- name.
function M.safe_name(s)
  s = tostring(s):gsub("[^%w%.%-_]+", "_"):gsub("^[%._]+", "")
  if s == "" then
    s = "article"
  end
  return s:sub(1, 120)
end

--- A function that makes output names unique within a run: the first
-- `name` stays, the next ones become `name~2`, `name~3`, ...
function M.namer()
  local used = {}
  return function(name)
    local n, try = 1, name
    while used[try] do
      n = n + 1
      try = name .. "~" .. n
    end
    used[try] = true
    return try
  end
end

-- An iterator over the lines of a string, like file:lines().
local function string_lines(data)
  local pos = 1
  return function()
    if pos > #data then
      return nil
    end
    local e = data:find("\n", pos, true)
    local line = data:sub(pos, (e or #data + 1) - 1)
    pos = (e or #data) + 1
    return line
  end
end

local function strip_ext(path)
  return path:match("^(.*[^/])%.[^./]*$") or path
end

--- An iterator over the work items of `inputs` (a list of files, folders
-- and `-` for one article on standard input) and `opts.jsonl` (a list of
-- JSONL corpora, `-` for standard input), in that order. `opts.glob`
-- filters the files found in folders (default "*.txt"). `opts.read` lets a
-- test replace standard input (a function returning its bytes).
--
-- Each item is a table: `label` (how messages name it: the path, or
-- `FILE:LINE`), `name` (a unique output name without extension: the file
-- name, or the path below a folder given, or a JSONL record's id), and
-- `path` (a file), `text` (standard input) or `raw` and `line` (a JSONL
-- line, decoded when the item is processed). `size` helps to share items
-- among workers. Files are not read here; a missing one is an item that
-- fails when processed. Items of a JSONL file are read one line at a time.
function M.items(inputs, opts)
  opts = opts or {}
  local unique = M.namer()
  local queue = {}
  for _, input in ipairs(inputs) do
    queue[#queue + 1] = { kind = "input", value = input }
  end
  for _, input in ipairs(opts.jsonl or {}) do
    queue[#queue + 1] = { kind = "jsonl", value = input }
  end
  local qi, pending, pi = 0, {}, 1
  local lines, jsonl_label, jsonl_base, lineno, handle

  local function next_source()
    qi = qi + 1
    local q = queue[qi]
    if not q then
      return false
    end
    pending, pi = {}, 1
    if q.kind == "jsonl" then
      local label = q.value == "-" and "<stdin>" or q.value
      jsonl_label = label
      jsonl_base = q.value == "-" and "stdin" or M.safe_name(strip_ext(q.value:match("[^/]*$")))
      lineno = 0
      if q.value == "-" then
        if opts.read then
          lines = string_lines(opts.read())
          handle = nil
        else
          handle = io.stdin
          lines = io.stdin:lines()
        end
      else
        local f, err = io.open(q.value, "rb")
        if not f then
          pending[1] = { label = label, name = jsonl_base, error = err }
          lines = nil
          return true
        end
        handle = f
        lines = f:lines()
      end
      return true
    end
    lines = nil
    local input = q.value
    if input == "-" then
      local text = opts.read and opts.read() or io.stdin:read("*a")
      pending[1] = { label = "-", name = unique("stdin"), text = text, size = #text }
      return true
    end
    local kind = M.kind(input)
    if kind == "directory" then
      local dir = input:gsub("(.)/+$", "%1")
      local found = M.walk(dir, opts.glob)
      if #found == 0 then
        pending[1] = {
          label = input,
          name = unique(M.safe_name(input)),
          error = "a folder without files matching " .. (opts.glob or "*.txt"),
        }
      end
      for _, rel in ipairs(found) do
        local path = dir .. "/" .. rel
        pending[#pending + 1] = {
          label = path,
          path = path,
          name = unique(strip_ext(rel)),
        }
      end
    else
      pending[1] = {
        label = input,
        path = input,
        name = unique(M.safe_name(strip_ext(input:match("[^/]*$")))),
      }
    end
    return true
  end

  return function()
    while true do
      if lines then
        local line = lines()
        while line and line:match("^%s*$") do
          lineno = lineno + 1
          line = lines()
        end
        if line then
          lineno = lineno + 1
          if line:sub(-1) == "\r" then
            line = line:sub(1, -2)
          end
          return {
            label = jsonl_label .. ":" .. lineno,
            name = jsonl_base .. "-" .. lineno,
            raw = line,
            line = lineno,
            size = #line,
          }
        end
        if handle and handle ~= io.stdin then
          handle:close()
        end
        lines, handle = nil, nil
      elseif pending[pi] then
        pi = pi + 1
        return pending[pi - 1]
      elseif not next_source() then
        return nil
      end
    end
  end
end

--- The size in bytes of an item's input (0 when unknown), for sharing.
function M.item_size(item)
  if item.size then
    return item.size
  end
  local f = item.path and io.open(item.path, "rb")
  if not f then
    return 0
  end
  local size = f:seek("end") or 0
  f:close()
  return size
end

-- Record fields copied from a JSONL input line into the output.
M.META_FIELDS = { "id", "url", "title", "date" }

--- The text of an item and the meta fields of a JSONL record
-- (M.META_FIELDS). Returns text, meta; or nil and a message.
function M.item_text(item)
  if item.error then
    return nil, item.error
  end
  if item.text then
    return item.text, {}
  end
  if item.path then
    local kind = M.kind(item.path)
    if kind == "directory" then
      return nil, "is a folder (folders given as inputs are walked; this one was not)"
    end
    local text, err = M.read_file(item.path)
    if not text then
      return nil, (err:gsub("^" .. item.path:gsub("%p", "%%%0") .. ": ", ""))
    end
    return text, {}
  end
  local rec, err = json.decode(item.raw)
  if not rec then
    return nil, "invalid JSON: " .. err
  end
  if type(rec) ~= "table" or json.is_array(rec) then
    return nil, "not a JSON object"
  end
  if type(rec.text) ~= "string" then
    return nil, 'no "text" string'
  end
  local meta = {}
  for _, k in ipairs(M.META_FIELDS) do
    local v = rec[k]
    if type(v) == "string" or type(v) == "number" then
      meta[k] = v
    end
  end
  if meta.id ~= nil and meta.id ~= "" then
    item.name = M.safe_name(meta.id)
  end
  return rec.text, meta
end

---------------------------------------------------------------- sidecars

--- The manual annotation file of an input: `DIR/NAME.txt.newsmark.json` for
-- `DIR/NAME.txt` (newsmark.annotate's name), or nil for an item that is not
-- a file.
function M.sidecar_path(path)
  if not path or path == "-" then
    return nil
  end
  return path .. ".newsmark.json"
end

--- Load a sidecar (newsmark.annotate's file, docs/annotations.md): the
-- decoded table, false when there is none, or nil and a message when it
-- cannot be read, is not JSON, or is not a sidecar (no `annotations`
-- array: the first, minimal sidecar shape is no longer read).
function M.load_sidecar(path)
  if not path then
    return false
  end
  return interop.read_sidecar(path)
end

--- Apply a sidecar's manual layer to `rec` (the core's JSON of `text`,
-- decoded): newsmark.interop's apply_record, through newsmark.annotate
-- (docs/formats.md). Returns rec.
function M.merge(rec, side, text)
  return interop.apply_record(rec, text, side)
end

--------------------------------------------------------------- annotating

--- The parse options from a configuration file (newsmark.config,
-- docs/config.md). `path` is the file (`--config`), false for none, nil for
-- the default (config.path(): NEWSMARK_CONFIG, else the XDG file when it
-- exists). Returns the parse options `{ rules =, lexicon = }` (empty when
-- there is no configuration) and the path used, or nil and a message
-- ("FILE:LINE: ..." from the config module).
function M.load_config(path, core)
  if path == false then
    return {}
  end
  local ok, config = pcall(require, "newsmark.config")
  if not ok then
    if path then
      return nil, "--config: the newsmark.config module is not available"
    end
    return {}
  end
  if path == nil then
    local perr
    path, perr = config.path()
    if not path then
      if perr then
        return nil, perr
      end
      return {}
    end
  end
  local cfg, err = config.load(path)
  if not cfg then
    return nil, tostring(err)
  end
  local compiled, cerr = config.compile(cfg, core)
  if not compiled then
    return nil, tostring(cerr)
  end
  local parse_opts = { rules = compiled.rules }
  local lex = compiled.lexicon
  if type(lex) == "table" and core and core.lexicon then
    -- one lexicon object for the whole batch instead of a table per parse
    local obj = core.lexicon()
    local good = obj ~= nil
    for class, words in pairs(lex) do
      for k, v in pairs(type(words) == "table" and words or {}) do
        if good then
          local added, res
          if type(k) == "number" then
            added, res = pcall(obj.add, obj, class, v)
          else
            added, res = pcall(obj.add, obj, class, k, type(v) == "string" and v or nil)
          end
          good = added and res == true
        end
      end
    end
    parse_opts.lexicon = good and obj or lex
  else
    parse_opts.lexicon = lex
  end
  return parse_opts, path
end

--- Read and parse one item. `ctx`: `core` (newsmark.core), `parse_opts`
-- (rules, lexicon), `sidecars` (default true). Returns a result table
-- `{ item, text, meta, doc, sidecar, sidecar_path }` (close `result.doc`
-- when done), or nil and a message for the item.
function M.process(item, ctx)
  local text, meta = M.item_text(item)
  if not text then
    return nil, meta
  end
  local sidecar, spath = false, nil
  if ctx.sidecars ~= false and item.path then
    spath = M.sidecar_path(item.path)
    local err
    sidecar, err = M.load_sidecar(spath)
    if sidecar == nil then
      return nil, err
    end
  end
  local doc, perr = ctx.core.parse(text, ctx.parse_opts)
  if not doc then
    return nil, perr
  end
  return {
    item = item,
    text = text,
    meta = meta,
    doc = doc,
    sidecar = sidecar or nil,
    sidecar_path = sidecar and spath or nil,
  }
end

-- The meta fields (and the text) to put before the core's keys.
local function extra_fields(res, with_text)
  local obj, keys = {}, {}
  for _, k in ipairs(M.META_FIELDS) do
    if res.meta[k] ~= nil then
      obj[k] = res.meta[k]
      keys[#keys + 1] = k
    end
  end
  if with_text then
    obj.text = res.text
    keys[#keys + 1] = "text"
  end
  return obj, keys
end

--- The decoded annotation record of a result: the core's JSON
-- (doc:render("json"), FORMAT.md) with the item's label as `file`, the
-- meta fields first, the sidecar merged (and `"sidecar": path`), and the
-- article as `text` when `with_text`. Returns the record, or nil, msg.
function M.record(res, with_text)
  local rendered, err = res.doc:render("json", { name = res.item.label })
  if not rendered then
    return nil, err
  end
  local core_rec, derr = json.decode(rendered)
  if not core_rec then
    return nil, "the core's JSON does not decode: " .. derr
  end
  local rec, keys = extra_fields(res, with_text)
  for _, k in ipairs(json.keys(core_rec)) do
    rec[k] = core_rec[k]
    keys[#keys + 1] = k
  end
  json.object(rec, keys)
  if res.sidecar then
    local ok, merr = pcall(M.merge, rec, res.sidecar, res.text)
    if not ok then
      return nil, res.sidecar_path .. ": " .. tostring(merr)
    end
    rec.sidecar = res.sidecar_path
    keys[#keys + 1] = "sidecar"
  end
  return rec
end

--- The annotation store of a result (newsmark.annotate): the automatic
-- spans of the core's JSON (what `newsmark` itself uses for a sidecar, so
-- the CLI and the scripts export the same brat) with the sidecar merged.
-- Returns the store, or nil and a message.
function M.store(res)
  local rendered, err = res.doc:render("jsonl", { name = res.item.label })
  if not rendered then
    return nil, err
  end
  local rec, derr = json.decode(rendered)
  if not rec then
    return nil, "the core's JSON does not decode: " .. derr
  end
  local ok, store = pcall(interop.record_store, rec, res.text, res.sidecar or nil)
  if not ok then
    return nil, (res.sidecar_path or res.item.label) .. ": " .. tostring(store)
  end
  return store
end

--- One JSONL line (with its "\n") for a result. Without a sidecar this is
-- the core's own jsonl rendering with the meta fields spliced in front, so
-- no JSON is decoded; with one, M.record encoded on one line.
function M.jsonl_line(res, with_text)
  if res.sidecar then
    local rec, err = M.record(res, with_text)
    if not rec then
      return nil, err
    end
    return json.encode(rec) .. "\n"
  end
  local line, err = res.doc:render("jsonl", { name = res.item.label })
  if not line then
    return nil, err
  end
  local obj, keys = extra_fields(res, with_text)
  if #keys > 0 then
    local head = json.encode(json.object(obj, keys))
    line = head:sub(1, -2) .. "," .. line:sub(2)
  end
  if line:sub(-1) ~= "\n" then
    line = line .. "\n"
  end
  return line
end

---------------------------------------------------------------- progress

--- Whether standard error is a terminal (`test -t 2`; the shell inherits
-- our descriptor 2).
function M.stderr_is_tty()
  return execute_ok("test -t 2")
end

--- A progress bar on `opts.stream` (default io.stderr). `opts.total` may be
-- nil (a count without a bar); `opts.enabled` false makes every method a
-- no-op. Methods: `step(label)` (one more item done), `clear()` (erase the
-- bar, before a message), `finish()` (erase it for good).
function M.progress(opts)
  local p = {
    total = opts.total,
    done = 0,
    enabled = opts.enabled,
    stream = opts.stream or io.stderr,
    width = tonumber(os.getenv("COLUMNS") or "") or 80,
    shown = false,
    last_key = nil,
  }
  function p.draw(self, force)
    if not self.enabled then
      return
    end
    local key
    if self.total and self.total > 0 then
      key = math.floor(self.done * 200 / self.total)
    else
      key = math.floor(self.done / 25)
    end
    key = tostring(key) .. ":" .. os.time()
    if key == self.last_key and not force then
      return
    end
    self.last_key = key
    local line
    if self.total and self.total > 0 then
      local cells = 24
      local full = math.floor(self.done * cells / self.total)
      line = ("[%s%s] %d/%d %3d%%"):format(
        string.rep("#", full),
        string.rep(".", cells - full),
        self.done,
        self.total,
        math.floor(self.done * 100 / self.total)
      )
    else
      line = ("%d done"):format(self.done)
    end
    if self.label then
      local room = self.width - #line - 3
      local label = self.label
      if room < 8 then
        label = ""
      elseif #label > room then
        label = "..." .. label:sub(-(room - 3))
      end
      line = line .. "  " .. label
    end
    self.stream:write("\r", line, "\27[K")
    self.stream:flush()
    self.shown = true
  end
  function p.step(self, label)
    self.done = self.done + 1
    self.label = label
    self:draw(self.done == self.total)
  end
  function p.clear(self)
    if self.enabled and self.shown then
      self.stream:write("\r\27[K")
      self.stream:flush()
      self.shown = false
      self.last_key = nil
    end
  end
  function p.finish(self)
    self:clear()
    self.enabled = false
  end
  return p
end

------------------------------------------------------------ worker files

--- Write work items to `path` in a binary-safe framing (any bytes in
-- labels, paths and JSONL lines). Returns true, or nil and a message.
function M.write_items(path, items)
  local parts = {}
  local fields = { "label", "name", "path", "text", "raw", "line", "error" }
  for _, item in ipairs(items) do
    local n = 0
    for _, k in ipairs(fields) do
      if item[k] ~= nil then
        n = n + 1
      end
    end
    parts[#parts + 1] = "item " .. n .. "\n"
    for _, k in ipairs(fields) do
      local v = item[k]
      if v ~= nil then
        v = tostring(v)
        parts[#parts + 1] = k .. " " .. #v .. "\n" .. v .. "\n"
      end
    end
  end
  return M.write_atomic(path, parts)
end

--- Read what M.write_items wrote. Returns the items, or nil and a message.
function M.read_items(path)
  local data, err = M.read_file(path)
  if not data then
    return nil, err
  end
  local items, pos = {}, 1
  while pos <= #data do
    local n, e = data:match("^item (%d+)\n()", pos)
    if not n then
      return nil, path .. ": bad item file at byte " .. pos
    end
    pos = e
    local item = {}
    for _ = 1, tonumber(n) do
      local k, len, p = data:match("^(%l+) (%d+)\n()", pos)
      if not k then
        return nil, path .. ": bad item field at byte " .. pos
      end
      len = tonumber(len)
      item[k] = data:sub(p, p + len - 1)
      pos = p + len + 1
    end
    item.line = tonumber(item.line)
    items[#items + 1] = item
  end
  return items
end

--- Split `items` into at most `n` contiguous shares of about equal size in
-- bytes (M.item_size), so that concatenating the shares' outputs keeps the
-- input order. No share is empty.
function M.split(items, n)
  local sizes, total = {}, 0
  for i, item in ipairs(items) do
    sizes[i] = M.item_size(item) + 256 -- a fixed cost per item too
    total = total + sizes[i]
  end
  n = math.max(1, math.min(n, #items))
  local shares, cur, acc, k = {}, {}, 0, 1
  for i, item in ipairs(items) do
    cur[#cur + 1] = item
    acc = acc + sizes[i]
    local left_items = #items - i
    local left_shares = n - k
    if k < n and (acc >= total * k / n or left_items == left_shares) and left_items >= left_shares then
      shares[#shares + 1] = cur
      cur, k = {}, k + 1
    end
  end
  if #cur > 0 then
    shares[#shares + 1] = cur
  end
  return shares
end

--- Run `#shares` workers at once and wait for them. `spec`: `command` (a
-- list: interpreter, script and the options every worker gets), `shares`
-- (lists of items), `tmp` (a path prefix for the temporary files),
-- `on_line(k, line)` (each line a worker writes to its standard output, as
-- it comes). Worker k gets `--worker TMP.k.items --worker-out TMP.k.out`
-- and standard input from /dev/null; its standard error is ours. Returns
-- the list of output files and the list of exit statuses (nil for a worker
-- that did not report one), or nil and a message.
function M.run_workers(spec)
  local q = M.shell_quote
  local base = {}
  for _, a in ipairs(spec.command) do
    base[#base + 1] = q(a)
  end
  base = table.concat(base, " ")
  local outs, parts = {}, {}
  for k, share in ipairs(spec.shares) do
    local items_file = spec.tmp .. "." .. k .. ".items"
    outs[k] = spec.tmp .. "." .. k .. ".out"
    local ok, err = M.write_items(items_file, share)
    if not ok then
      return nil, err
    end
    parts[#parts + 1] = ("{ %s --worker %s --worker-out %s </dev/null; echo \"X %d $?\"; } &"):format(
      base,
      q(items_file),
      q(outs[k]),
      k
    )
  end
  local p = io.popen(table.concat(parts, " ") .. " wait", "r")
  if not p then
    return nil, "cannot start the workers"
  end
  local status = {}
  for line in p:lines() do
    local k, st = line:match("^X (%d+) (%d+)$")
    if k then
      status[tonumber(k)] = tonumber(st)
    elseif spec.on_line then
      spec.on_line(line)
    end
  end
  p:close()
  for k = 1, #spec.shares do
    os.remove(spec.tmp .. "." .. k .. ".items")
  end
  return outs, status
end

return M

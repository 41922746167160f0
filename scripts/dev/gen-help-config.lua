#!/usr/bin/env lua5.4
--- scripts/dev/gen-help-config.lua - the config key list of Neovim's
-- `:help newsmark-config-keys` (plugin/doc/newsmark.txt), generated from
-- the schema in plugin/lua/newsmark/config.lua, as docs/config.md is by
-- gen-config-doc.lua, so that the help cannot drift from the schema.
--
--   lua5.4 scripts/dev/gen-help-config.lua [--check] [HELP]
--
-- Rewrites the lines of HELP (default plugin/doc/newsmark.txt) from the one
-- holding `*newsmark-config-keys*` to the line that starts with
-- `(The keys above are generated`. With --check, writes nothing and exits 1
-- when HELP is not what it would write (make doc-check).
--
-- Loaded with `loadfile(path)("--module")` it returns { generate =
-- function(config) -> text, splice = function(help, text) -> help or nil,
-- msg }.

local args = { ... }

local WIDTH = 78
local BEGIN_TAG = "*newsmark-config-keys*"
local END_PREFIX = "(The keys above are generated"

-- `text` wrapped to WIDTH columns, each line indented by `indent`.
local function wrap(text, indent)
  local lines, line = {}, indent
  for word in text:gmatch("%S+") do
    if #line > #indent and #line + 1 + #word > WIDTH then
      lines[#lines + 1] = line
      line = indent .. word
    elseif #line > #indent then
      line = line .. " " .. word
    else
      line = line .. word
    end
  end
  if #line > #indent then
    lines[#lines + 1] = line
  end
  return lines
end

local function type_of(node)
  local t = node.type
  if t == "list" then
    if node.items.type == "table" then
      return "list of " .. (node.items.name or "table") .. " tables"
    end
    return "list of " .. type_of(node.items) .. "s"
  elseif t == "map" then
    return "table: " .. (node.key_doc or "key") .. " -> " .. type_of(node.values)
  elseif t == "words" then
    return "list of words"
  end
  return t
end

local function default_of(node)
  if node.required then
    return "required"
  end
  if node.default_doc then
    return "default " .. node.default_doc
  end
  if type(node.default) == "string" and #node.default <= 20 then
    return "default `" .. node.default .. "`"
  end
  return "default: docs/config.md"
end

-- A tag line: `*tag*` then `(type, default)`, right of it or below.
local function entry(out, tag, node)
  local head = "*" .. tag .. "*"
  local what = "(" .. type_of(node) .. ", " .. default_of(node) .. ")"
  local pad = math.max(2, 30 - #head)
  if #head + pad + #what <= WIDTH then
    out[#out + 1] = head .. (" "):rep(pad) .. what
  else
    out[#out + 1] = head
    out[#out + 1] = "    " .. what
  end
  if node.doc then
    for _, l in ipairs(wrap(node.doc, "    ")) do
      out[#out + 1] = l
    end
  end
end

local function generate(config)
  local out = {}
  out[#out + 1] = "Config keys ~" .. (" "):rep(WIDTH - 13 - #BEGIN_TAG) .. BEGIN_TAG
  out[#out + 1] = ""
  for _, f in ipairs(config.schema.fields) do
    entry(out, "newsmark-config-" .. f.name, f)
    local subs = f.type == "table" and f.fields
      or (f.type == "list" and f.items.type == "table" and f.items.fields)
    for _, sub in ipairs(subs or {}) do
      out[#out + 1] = ""
      entry(out, "newsmark-config-" .. f.name .. "." .. sub.name, sub)
    end
    if f.type == "map" and f.keys then
      out[#out + 1] = "    Kinds:"
      for _, l in ipairs(wrap(table.concat(f.keys, ", ") .. ".", "      ")) do
        out[#out + 1] = l
      end
    end
    out[#out + 1] = ""
  end
  out[#out + 1] = END_PREFIX .. " from the config schema; docs/config.md has"
  out[#out + 1] = "them with an example each.)"
  return table.concat(out, "\n") .. "\n"
end

local function splice(help, text)
  local lines = {}
  for line in help:gmatch("([^\n]*)\n") do
    lines[#lines + 1] = line
  end
  local s, e
  for i, l in ipairs(lines) do
    if not s and l:find(BEGIN_TAG, 1, true) then
      s = i
    elseif s and not e and l:sub(1, #END_PREFIX) == END_PREFIX then
      e = i
    end
  end
  if not s or not e then
    return nil, "no " .. BEGIN_TAG .. " line, or no '" .. END_PREFIX .. "' line after it"
  end
  -- the end marker's sentence may run over a second line
  if lines[e + 1] and lines[e + 1]:match("%)$") and not lines[e]:match("%)$") then
    e = e + 1
  end
  local before = table.concat(lines, "\n", 1, s - 1)
  local after = table.concat(lines, "\n", e + 1)
  return (s > 1 and before .. "\n" or "") .. text .. (e < #lines and after .. "\n" or "")
end

if args[1] == "--module" then
  return { generate = generate, splice = splice }
end

local script = arg and arg[0] or "scripts/dev/gen-help-config.lua"
local root = script:match("^(.*)/scripts/dev/[^/]*$") or "."
package.path = root .. "/plugin/lua/?.lua;" .. root .. "/plugin/lua/?/init.lua;" .. package.path
local config = require("newsmark.config")

local check, path = false, root .. "/plugin/doc/newsmark.txt"
for _, a in ipairs(args) do
  if a == "--check" then
    check = true
  else
    path = a
  end
end

local f = io.open(path, "rb")
if not f then
  io.stderr:write("gen-help-config: cannot read " .. path .. "\n")
  os.exit(2)
end
local help = f:read("a")
f:close()
local new, err = splice(help, generate(config))
if not new then
  io.stderr:write("gen-help-config: " .. path .. ": " .. err .. "\n")
  os.exit(2)
end
if check then
  if new ~= help then
    io.stderr:write("gen-help-config: " .. path .. " is out of date with the schema; run make docs\n")
    os.exit(1)
  end
  print("gen-help-config: " .. path .. " is up to date")
  os.exit(0)
end
if new ~= help then
  local w = assert(io.open(path, "wb"))
  w:write(new)
  w:close()
  print("gen-help-config: wrote " .. path)
else
  print("gen-help-config: " .. path .. " unchanged")
end

#!/usr/bin/env lua5.4
--- scripts/dev/gen-config-doc.lua - the key reference of docs/config.md,
-- generated from the schema in plugin/lua/newsmark/config.lua.
--
--   lua5.4 scripts/dev/gen-config-doc.lua [--check] [DOC]
--
-- Rewrites the part of DOC (default docs/config.md) between the lines
-- `<!-- BEGIN GENERATED: ... -->` and `<!-- END GENERATED -->`; the rest of
-- the file is prose kept by hand. With --check, writes nothing and exits 1
-- when DOC is not what it would write (make doc-check, and
-- tests/lua/config_spec.lua, so that docs and schema cannot drift).
-- Runs under lua5.4, lua5.3 and luajit, from any directory.
--
-- Loaded with `loadfile(path)("--module")` it returns
-- { generate = function(config) -> text, splice = function(doc, text) -> doc
-- or nil, msg } instead of running.

local args = { ... }

local BEGIN = "<!-- BEGIN GENERATED: scripts/dev/gen-config-doc.lua; edit the schema"
  .. " in plugin/lua/newsmark/config.lua, then run make docs -->"
local END = "<!-- END GENERATED -->"

local function code(s)
  return "`" .. s .. "`"
end

-- A short type description of a schema node.
local function type_of(node)
  local t = node.type
  if t == "list" then
    local items = node.items
    if items.type == "table" then
      return "list of " .. (items.name or "table") .. " tables"
    end
    return "list of " .. type_of(items) .. "s"
  elseif t == "map" then
    return "table: " .. (node.key_doc or "key") .. " → " .. type_of(node.values)
  elseif t == "words" then
    if node.canonical then
      return "list of words, and word → canonical name (or `true`)"
    end
    return "list of words"
  end
  return t
end

local function lua_block(out, src)
  out[#out + 1] = "```lua"
  out[#out + 1] = src
  out[#out + 1] = "```"
  out[#out + 1] = ""
end

local function entry(out, level, name, node)
  out[#out + 1] = ("%s %s"):format(("#"):rep(level), code(name))
  out[#out + 1] = ""
  local default = node.default_doc
  if not default then
    default = type(node.default) == "string" and code(node.default) or "below"
  end
  local req = node.required and "required" or ("default " .. default)
  out[#out + 1] = ("*%s* · %s"):format(type_of(node), req)
  out[#out + 1] = ""
  if node.doc then
    out[#out + 1] = node.doc
    out[#out + 1] = ""
  end
  if node.example then
    lua_block(out, node.example)
  end
end

local function generate(config)
  local out = { BEGIN, "" }
  out[#out + 1] = "## Keys"
  out[#out + 1] = ""
  out[#out + 1] = "Every key is optional. A key that is not listed here is an error."
  out[#out + 1] = ""
  for _, f in ipairs(config.schema.fields) do
    entry(out, 3, f.name, f)
    if f.type == "list" and f.items.type == "table" then
      for _, sub in ipairs(f.items.fields) do
        entry(out, 4, f.name .. "[i]." .. sub.name, sub)
      end
    elseif f.type == "table" then
      for _, sub in ipairs(f.fields) do
        entry(out, 4, f.name .. "." .. sub.name, sub)
      end
    elseif f.type == "map" and type(f.default) == "table" then
      out[#out + 1] = "| " .. (f.key_doc or "key") .. " | default |"
      out[#out + 1] = "|---|---|"
      for _, row in ipairs(f.default) do
        local v = row[2] == "" and 'none (`""`)' or code(("%q"):format(row[2]))
        out[#out + 1] = ("| %s | %s |"):format(code(row[1]), v)
      end
      out[#out + 1] = ""
    end
    if f.type == "map" and f.key_doc == "kind" and f.name == "show" then
      local kinds = {}
      for _, k in ipairs(f.keys) do
        kinds[#kinds + 1] = code(k)
      end
      out[#out + 1] = "Kinds: "
        .. table.concat(kinds, ", ")
        .. " (`nm_kind` in core/include/newsmark.h)."
      out[#out + 1] = ""
    end
  end

  out[#out + 1] = "## Styles"
  out[#out + 1] = ""
  out[#out + 1] = "A style is one of:"
  out[#out + 1] = ""
  out[#out + 1] = "- an SGR parameter string, as in `ESC[…m`: digits, `;` and `:` only, "
    .. "at most 63"
    .. ' bytes (`"1;33"` bold yellow, `"38;5;208"` colour 208, `""` no style);'
  out[#out + 1] = "- a table with any of these keys:"
  out[#out + 1] = ""
  out[#out + 1] = "| key | value | SGR |"
  out[#out + 1] = "|---|---|---|"
  out[#out + 1] = "| `fg` | colour | 30–37, 90–97, `38;5;N` or `38;2;R;G;B` |"
  out[#out + 1] = "| `bg` | colour | 40–47, 100–107, `48;5;N` or `48;2;R;G;B` |"
  local sgr = { bold = 1, dim = 2, italic = 3, underline = 4, reverse = 7 }
  for _, flag in ipairs({ "bold", "dim", "italic", "underline", "reverse" }) do
    out[#out + 1] = ("| `%s` | boolean | %d |"):format(flag, sgr[flag])
  end
  out[#out + 1] = ""
  out[#out + 1] = 'A colour is `"#rrggbb"`, an xterm 256-colour number `0`..`255`, or a name:'
  local names = {}
  for name, n in pairs(config.color_names) do
    names[#names + 1] = { name, n }
  end
  table.sort(names, function(a, b)
    if a[2] ~= b[2] then
      return a[2] < b[2]
    end
    return a[1] < b[1]
  end)
  local shown = {}
  for _, p in ipairs(names) do
    shown[#shown + 1] = ("%s (%d)"):format(code(p[1]), p[2])
  end
  out[#out + 1] = table.concat(shown, ", ") .. "."
  out[#out + 1] = "Names 0–7 give the basic SGR codes (`red` is 31), 8–15 the bright ones"
    .. " (`bright_red` is 91), so they follow the terminal's theme; numbers and hex colours"
    .. " are exact (`38;5;N`, `38;2;R;G;B`)."
  out[#out + 1] = ""
  out[#out + 1] = END
  return table.concat(out, "\n") .. "\n"
end

local function splice(doc, text)
  local s = doc:find("<!-- BEGIN GENERATED", 1, true)
  local e1, e2 = doc:find(END, 1, true)
  if not s or not e1 or e1 < s then
    return nil, "no <!-- BEGIN GENERATED ... --> / " .. END .. " markers"
  end
  local after = doc:sub(e2 + 1):gsub("^\n", "")
  return doc:sub(1, s - 1) .. text .. after
end

if args[1] == "--module" then
  return { generate = generate, splice = splice }
end

-- The repository root, from this script's own path.
local script = arg and arg[0] or "scripts/dev/gen-config-doc.lua"
local root = script:match("^(.*)/scripts/dev/[^/]*$") or "."
package.path = root .. "/plugin/lua/?.lua;" .. root .. "/plugin/lua/?/init.lua;" .. package.path
local config = require("newsmark.config")

local check = false
local doc_path = root .. "/docs/config.md"
for _, a in ipairs(args) do
  if a == "--check" then
    check = true
  else
    doc_path = a
  end
end

local f = io.open(doc_path, "rb")
if not f then
  io.stderr:write("gen-config-doc: cannot read " .. doc_path .. "\n")
  os.exit(2)
end
local doc = f:read("*a")
f:close()
local new, err = splice(doc, generate(config))
if not new then
  io.stderr:write("gen-config-doc: " .. doc_path .. ": " .. err .. "\n")
  os.exit(2)
end
if check then
  if new ~= doc then
    io.stderr:write(
      "gen-config-doc: " .. doc_path .. " is out of date with the schema; run make docs\n"
    )
    os.exit(1)
  end
  print("gen-config-doc: " .. doc_path .. " is up to date")
  os.exit(0)
end
if new ~= doc then
  local w = assert(io.open(doc_path, "wb"))
  w:write(new)
  w:close()
  print("gen-config-doc: wrote " .. doc_path)
else
  print("gen-config-doc: " .. doc_path .. " unchanged")
end

#!/usr/bin/env lua5.4
--- scripts/dev/gen-c-api.lua - docs/c-api.md, the C API reference,
-- generated from the doc comments of the public headers
-- (core/include/newsmark.h, core/include/newsmark_rules.h).
--
--   lua5.4 scripts/dev/gen-c-api.lua [--check] [OUT]
--
-- Writes OUT (default docs/c-api.md). With --check, writes nothing and
-- exits 1 when OUT is not what it would write (make doc-check). Either way,
-- every public function, type, enum and macro that has no doc comment is
-- reported on standard error as HEADER:LINE: NAME has no doc comment, and
-- the exit status is then 1: the header is the reference, so an
-- undocumented declaration is a bug in the header.
--
-- What counts as a doc comment: a `/** ... */` block right above a
-- declaration (preprocessor conditionals in between are allowed, as around
-- NM_API). Declarations that follow one another with no blank line share
-- the comment above the first (`nm_doc_span_count` and `nm_doc_span`).
-- Trailing `/**< ... */` comments document enum constants, struct members
-- and one-line macros. Section rules (`/* ---- errors */`) become headings.
--
-- Loaded with `loadfile(path)("--module")` it returns { parse = function(
-- text, name) -> items, missing, generate = function(headers) -> text }.

local args = { ... }

local HEADERS = { "core/include/newsmark.h", "core/include/newsmark_rules.h" }

local function trim(s)
  return (s:gsub("^%s+", ""):gsub("%s+$", ""))
end

-- The text of a comment block without its delimiters and leading stars.
local function comment_text(block)
  block = block:gsub("^/%*%*<?", ""):gsub("%*/%s*$", "")
  local lines = {}
  for line in (block .. "\n"):gmatch("([^\n]*)\n") do
    line = line:gsub("^%s*%* ?", "", 1)
    lines[#lines + 1] = line:gsub("%s+$", "")
  end
  while lines[1] == "" do
    table.remove(lines, 1)
  end
  while lines[#lines] == "" do
    table.remove(lines)
  end
  -- a one-line block keeps no leading blank from `/** text`
  for i, l in ipairs(lines) do
    lines[i] = i == 1 and trim(l) or l
  end
  return table.concat(lines, "\n")
end

-- The name a declaration declares, and what it is.
local function declared(decl)
  local flat = decl:gsub("/%*.-%*/", " "):gsub("%s+", " ")
  local name = flat:match("^#define ([%w_]+)")
  if name then
    return name, "macro"
  end
  name = flat:match("^typedef [^(]-%(%s*%*%s*([%w_]+)%s*%)")
  if name then
    return name, "type"
  end
  if flat:match("^typedef ") then
    local kind = flat:match("^typedef (%a+)")
    name = flat:match("([%w_]+)%s*;%s*$")
    return name, (kind == "enum") and "enum" or "type"
  end
  name = flat:match("^enum ([%w_]+)")
  if name then
    return "enum " .. name, "enum"
  end
  if flat:match("^NM_API ") then
    name = flat:match("([%w_]+)%s*%(")
    return name, "function"
  end
  return nil
end

--- Parse one header. Returns its intro (the file's leading comment), a list
-- of items { section, name, what, decl, doc, line } and a list of
-- { name, line } without a doc comment.
local function parse(text, file)
  local lines = {}
  for line in (text:gsub("\n$", "") .. "\n"):gmatch("([^\n]*)\n") do
    lines[#lines + 1] = line
  end
  local items, missing, seen = {}, {}, {}
  local intro
  local section = nil
  local pending = nil -- a doc comment waiting for its declaration
  local group = nil -- the doc comment of the declaration just before
  local i = 1
  while i <= #lines do
    local line = lines[i]
    if not intro and line:match("^/%*") then
      local j = i
      while j < #lines and not lines[j]:find("*/", 1, true) do
        j = j + 1
      end
      intro = comment_text(table.concat(lines, "\n", i, j):gsub("^/%*", "/**"))
      i = j + 1
    elseif line:match("^/%* %-%-%-+ ") then
      section = line:match("^/%* %-+ (.-) %*/")
      pending, group = nil, nil
      i = i + 1
    elseif line:match("^/%*%*") then
      local j = i
      while j < #lines and not lines[j]:find("*/", 1, true) do
        j = j + 1
      end
      pending = comment_text(table.concat(lines, "\n", i, j))
      group = nil
      i = j + 1
    elseif line:match("^%s*$") or line:match("^/%*") or line:match("^//") then
      pending, group = nil, nil
      i = i + 1
    elseif line:match("^#%s*if") or line:match("^#%s*el") or line:match("^#%s*endif") then
      i = i + 1
    elseif line:match("^#include") or line:match('^extern "C"') or line:match("^}") then
      i = i + 1
    else
      -- a declaration: up to the `;` at brace depth 0, or a macro's last
      -- continuation line
      local j = i
      if line:match("^#define") then
        while j < #lines and lines[j]:match("\\%s*$") do
          j = j + 1
        end
      else
        local depth = 0
        while true do
          local l = lines[j]:gsub("/%*.-%*/", "")
          for c in l:gmatch("[{};]") do
            if c == "{" then
              depth = depth + 1
            elseif c == "}" then
              depth = depth - 1
            end
          end
          if (depth == 0 and l:find(";%s*$")) or j == #lines then
            break
          end
          j = j + 1
        end
      end
      local decl = table.concat(lines, "\n", i, j)
      local name, what = declared(decl)
      -- include guards, `struct x;` forward declarations: not API
      local guard = what == "macro" and decl:match("^#define [%w_]+%s*$")
      if name and not guard and not seen[name] then
        seen[name] = true
        local doc = pending or group
        -- a macro's own trailing /**< */ comment comes first
        local trailing = decl:match("/%*%*<(.-)%*/")
        if what == "macro" and trailing then
          doc = trim((trailing:gsub("\\\n", " "):gsub("%s+", " ")))
        end
        if not doc then
          missing[#missing + 1] = { name = name, line = i, file = file }
        end
        items[#items + 1] = {
          section = section,
          name = name,
          what = what,
          -- without the export macro, and the continuation lines moved
          -- left by as much, so they stay aligned under the parenthesis
          decl = decl:match("^NM_API ") and decl:sub(8):gsub("\n       ", "\n") or decl,
          doc = doc,
          line = i,
        }
        group = doc
      elseif seen[name] then
        group = group or pending
      end
      pending = nil
      i = j + 1
    end
  end
  return intro, items, missing
end

local function slug(s)
  return (s:lower():gsub("[^%w%- _]", ""):gsub(" ", "-"))
end

local WHAT = { ["function"] = "function", type = "type", enum = "enum", macro = "macro" }

local function generate(headers)
  local out = {
    "# C API reference",
    "",
    "<!-- Generated by scripts/dev/gen-c-api.lua from the doc comments of"
      .. " core/include/*.h; edit the headers, then run make docs. -->",
    "",
    "The public API is two C99 headers: `newsmark.h` (parsing, spans, entities, lexicon,"
      .. " rendering) and `newsmark_rules.h` (custom PCRE2 rules). Link with"
      .. " `pkg-config --cflags --libs newsmark`. Conventions, from the headers: functions"
      .. " return `NM_OK` (0) or a negative `NM_E*` code; constructors return NULL and fill an"
      .. " optional `nm_diag`; every `_new`/`_parse` has a `_free` that accepts NULL; getters"
      .. " return borrowed data owned by the object they came from. Offsets are bytes,"
      .. " 0-based, half-open (docs/spans.md).",
    "",
  }
  for _, h in ipairs(headers) do
    out[#out + 1] = "- [`" .. h.base .. "`](#" .. slug(h.base) .. ")"
    for _, sec in ipairs(h.sections) do
      out[#out + 1] = "  - [" .. sec.title .. "](#" .. sec.slug .. ")"
    end
  end
  out[#out + 1] = ""
  for _, h in ipairs(headers) do
    out[#out + 1] = "## " .. h.base
    out[#out + 1] = ""
    local intro = h.intro:gsub("^[%w_.]+%.h %- ", "")
    out[#out + 1] = "```"
    out[#out + 1] = intro
    out[#out + 1] = "```"
    out[#out + 1] = ""
    for _, sec in ipairs(h.sections) do
      out[#out + 1] = "### " .. sec.title
      out[#out + 1] = ""
      for _, it in ipairs(sec.items) do
        out[#out + 1] = ("#### `%s`"):format(it.name)
        out[#out + 1] = ""
        out[#out + 1] = ("*%s* · `%s`"):format(WHAT[it.what], h.base)
        out[#out + 1] = ""
        out[#out + 1] = "```c"
        out[#out + 1] = it.decl
        out[#out + 1] = "```"
        out[#out + 1] = ""
        if it.doc and not it.shared then
          out[#out + 1] = it.doc
          out[#out + 1] = ""
        elseif it.shared then
          out[#out + 1] = ("See [`%s`](#%s)."):format(it.shared, slug(it.shared))
          out[#out + 1] = ""
        end
      end
    end
  end
  return table.concat(out, "\n"):gsub("\n+$", "") .. "\n"
end

-- Group a header's items into sections, marking the ones that share the
-- comment of the item before them.
local function sections_of(items, base)
  local sections, by = {}, {}
  local prev
  for _, it in ipairs(items) do
    local title = it.section or (base == "newsmark.h" and "Version and export" or "Rule sets")
    title = title:sub(1, 1):upper() .. title:sub(2)
    if not by[title] then
      by[title] = { title = title, items = {}, slug = slug(title) }
      sections[#sections + 1] = by[title]
    end
    if prev and it.doc and it.doc == prev.doc and prev.line < it.line then
      it.shared = prev.shared or prev.name
    end
    local s = by[title]
    s.items[#s.items + 1] = it
    prev = it
  end
  return sections
end

if args[1] == "--module" then
  return { parse = parse, generate = generate }
end

local script = arg and arg[0] or "scripts/dev/gen-c-api.lua"
local root = script:match("^(.*)/scripts/dev/[^/]*$") or "."
local check, out_path = false, root .. "/docs/c-api.md"
for _, a in ipairs(args) do
  if a == "--check" then
    check = true
  else
    out_path = a
  end
end

local headers, all_missing = {}, {}
for _, rel in ipairs(HEADERS) do
  local f = io.open(root .. "/" .. rel, "rb")
  if not f then
    io.stderr:write("gen-c-api: cannot read " .. rel .. "\n")
    os.exit(2)
  end
  local text = f:read("a")
  f:close()
  local intro, items, missing = parse(text, rel)
  local base = rel:match("[^/]+$")
  headers[#headers + 1] = {
    path = rel,
    base = base,
    intro = intro or "",
    sections = sections_of(items, base),
  }
  for _, m in ipairs(missing) do
    all_missing[#all_missing + 1] = m
  end
end
for _, m in ipairs(all_missing) do
  io.stderr:write(("%s:%d: %s has no doc comment\n"):format(m.file, m.line, m.name))
end

local text = generate(headers)
local f = io.open(out_path, "rb")
local old = f and f:read("a")
if f then
  f:close()
end
local status = #all_missing > 0 and 1 or 0
if check then
  if old ~= text then
    io.stderr:write("gen-c-api: " .. out_path .. " is out of date with the headers; run make docs\n")
    os.exit(1)
  end
  print("gen-c-api: " .. out_path .. " is up to date")
  os.exit(status)
end
if old ~= text then
  local w = assert(io.open(out_path, "wb"))
  w:write(text)
  w:close()
  print("gen-c-api: wrote " .. out_path)
else
  print("gen-c-api: " .. out_path .. " unchanged")
end
os.exit(status)

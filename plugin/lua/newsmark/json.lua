--- newsmark.json: a small, strict JSON (RFC 8259) encoder and decoder in
-- pure Lua, for the scripts (docs/scripts.md). lua-cjson may be missing, and
-- this one keeps what the scripts need: key order, empty arrays and invalid
-- UTF-8 turned into U+FFFD rather than into invalid JSON.
--
-- Runs under Lua 5.4, 5.3 and LuaJIT (5.1): no integer division, no bit
-- operators, no utf8 library.
--
--   json.encode(value [, opts])  -> string; raises on a value JSON cannot hold
--   json.decode(text [, opts])   -> value | nil, msg  (msg names a byte offset)
--   json.null                    the value of `null` (decode's default)
--   json.array(t)                marks t as an array (so `{}` encodes as `[]`)
--   json.object(t [, keys])      marks t as an object, keys in this order first
--   json.is_array(t), json.keys(t)
--   json.clean_utf8(s)           s with invalid UTF-8 replaced by U+FFFD
--
-- Error convention (docs/lua.md): misuse raises (encoding a function, a NaN,
-- a cycle, a table with both array and string keys); a malformed document is
-- a runtime failure and decode returns nil and a message.
local M = {}

local byte, char, find, format, sub, gsub = string.byte, string.char, string.find,
  string.format, string.sub, string.gsub
local concat = table.concat
local floor, huge = math.floor, math.huge
local tointeger = math.tointeger -- nil on LuaJIT

--- The decoded value of `null` (a unique sentinel; `json.null == json.null`).
M.null = setmetatable({}, {
  __tostring = function()
    return "json.null"
  end,
  __newindex = function()
    error("json.null is read-only", 2)
  end,
})

local array_mt = { __jsonarray = true }
M.array_mt = array_mt

--- Mark `t` (default a new table) as a JSON array; returns it.
function M.array(t)
  return setmetatable(t or {}, array_mt)
end

--- Mark `t` (default a new table) as a JSON object whose keys `keys` (a list)
-- come first, in that order; other keys follow sorted. Returns t.
function M.object(t, keys)
  return setmetatable(t or {}, { __jsonorder = keys or {} })
end

--- true when `t` encodes as an array.
function M.is_array(t)
  if type(t) ~= "table" then
    return false
  end
  local mt = getmetatable(t)
  if mt and mt.__jsonarray then
    return true
  end
  if mt and mt.__jsonorder then
    return false
  end
  local n = #t
  if n == 0 then
    return false
  end
  local count = 0
  for _ in pairs(t) do
    count = count + 1
    if count > n then
      return false
    end
  end
  return count == n
end

local function ordered_keys(t, level)
  local out, seen = {}, {}
  local mt = getmetatable(t)
  local order = mt and mt.__jsonorder
  if order then
    for _, k in ipairs(order) do
      if t[k] ~= nil and not seen[k] then
        seen[k] = true
        out[#out + 1] = k
      end
    end
  end
  local rest = {}
  for k in pairs(t) do
    if type(k) ~= "string" then
      error(format("json: object key %s is a %s, not a string", tostring(k), type(k)), level)
    end
    if not seen[k] then
      rest[#rest + 1] = k
    end
  end
  table.sort(rest)
  for _, k in ipairs(rest) do
    out[#out + 1] = k
  end
  return out
end

--- The keys of object `t` in encoding order: the recorded order (decode
-- records it; json.object sets it) for keys still present, then the rest
-- sorted. Raises on a key that is not a string.
function M.keys(t)
  return ordered_keys(t, 3)
end

---------------------------------------------------------------------- UTF-8

local REPLACEMENT = "\239\191\189" -- U+FFFD

-- Replace each maximal invalid subpart of `run` (a byte >= 0x80 followed by
-- continuation bytes) by `repl`, the way the Unicode standard recommends
-- (and Python's errors="replace" does).
local function fix_run(run, repl)
  local out, n, i, len = {}, 0, 1, #run
  local ok = true
  while i <= len do
    local c = byte(run, i)
    local need, lo, hi = 0, 0x80, 0xBF
    if c >= 0xC2 and c <= 0xDF then
      need = 1
    elseif c == 0xE0 then
      need, lo = 2, 0xA0
    elseif (c >= 0xE1 and c <= 0xEC) or c == 0xEE or c == 0xEF then
      need = 2
    elseif c == 0xED then
      need, hi = 2, 0x9F
    elseif c == 0xF0 then
      need, lo = 3, 0x90
    elseif c >= 0xF1 and c <= 0xF3 then
      need = 3
    elseif c == 0xF4 then
      need, hi = 3, 0x8F
    end
    if need == 0 then -- a stray continuation byte, C0, C1 or F5..FF
      n = n + 1
      out[n] = repl
      ok = false
      i = i + 1
    else
      local j = i + 1
      local good = true
      for k = 1, need do
        local d = byte(run, j)
        local l, h = 0x80, 0xBF
        if k == 1 then
          l, h = lo, hi
        end
        if not d or d < l or d > h then
          good = false
          break
        end
        j = j + 1
      end
      n = n + 1
      if good then
        out[n] = sub(run, i, j - 1)
      else
        out[n] = repl
        ok = false
      end
      i = j
    end
  end
  if ok then
    return run
  end
  return concat(out)
end

--- `s` with every invalid UTF-8 sequence replaced by U+FFFD (its UTF-8
-- bytes, or `repl` when given). Valid text comes back unchanged.
function M.clean_utf8(s, repl)
  repl = repl or REPLACEMENT
  if not find(s, "[\128-\255]") then
    return s
  end
  return (gsub(s, "[\128-\255][\128-\191]*", function(run)
    return fix_run(run, repl)
  end))
end

-- The UTF-8 bytes of code point `cp` (0 .. 0x10FFFF).
local function utf8_char(cp)
  if cp < 0x80 then
    return char(cp)
  elseif cp < 0x800 then
    return char(0xC0 + floor(cp / 0x40), 0x80 + cp % 0x40)
  elseif cp < 0x10000 then
    return char(0xE0 + floor(cp / 0x1000), 0x80 + floor(cp / 0x40) % 0x40, 0x80 + cp % 0x40)
  end
  return char(
    0xF0 + floor(cp / 0x40000),
    0x80 + floor(cp / 0x1000) % 0x40,
    0x80 + floor(cp / 0x40) % 0x40,
    0x80 + cp % 0x40
  )
end

-- The code point of the valid UTF-8 sequence `s`.
local function utf8_code(s)
  local c = byte(s, 1)
  if c < 0x80 then
    return c
  elseif c < 0xE0 then
    return (c - 0xC0) * 0x40 + byte(s, 2) - 0x80
  elseif c < 0xF0 then
    return ((c - 0xE0) * 0x40 + byte(s, 2) - 0x80) * 0x40 + byte(s, 3) - 0x80
  end
  return (((c - 0xF0) * 0x40 + byte(s, 2) - 0x80) * 0x40 + byte(s, 3) - 0x80) * 0x40
    + byte(s, 4)
    - 0x80
end

------------------------------------------------------------------- encoder

local ESCAPES = {
  ['"'] = '\\"',
  ["\\"] = "\\\\",
  ["\b"] = "\\b",
  ["\f"] = "\\f",
  ["\n"] = "\\n",
  ["\r"] = "\\r",
  ["\t"] = "\\t",
}
for c = 0, 31 do
  local ch = char(c)
  ESCAPES[ch] = ESCAPES[ch] or format("\\u%04x", c)
end
ESCAPES["\127"] = "\\u007f"

local function escape_ascii(seq)
  local cp = utf8_code(seq)
  if cp < 0x10000 then
    return format("\\u%04x", cp)
  end
  cp = cp - 0x10000
  return format("\\u%04x\\u%04x", 0xD800 + floor(cp / 0x400), 0xDC00 + cp % 0x400)
end

-- Escapes touch ASCII bytes only, so they leave the UTF-8 runs as they were;
-- then invalid UTF-8 becomes \ufffd (and, with `ascii`, the rest \uXXXX).
local function encode_string(s, ascii)
  if ascii then
    s = gsub(s, '[%z\1-\31"\\\127]', ESCAPES)
  else
    s = gsub(s, '[%z\1-\31"\\]', ESCAPES)
  end
  if find(s, "[\128-\255]") then
    s = M.clean_utf8(s, "\\ufffd")
    if ascii then
      s = gsub(s, "[\192-\247][\128-\191]*", escape_ascii)
    end
  end
  return '"' .. s .. '"'
end

local function encode_number(x)
  if tointeger and math.type(x) == "integer" then
    return format("%d", x)
  end
  if x ~= x or x == huge or x == -huge then
    error("json.encode: " .. tostring(x) .. " has no JSON form", 0)
  end
  if x == floor(x) and x > -2 ^ 53 and x < 2 ^ 53 then
    return format("%.0f", x)
  end
  for digits = 14, 17 do
    local s = format("%." .. digits .. "g", x)
    if tonumber(s) == x then
      return s
    end
  end
  return format("%.17g", x)
end

local function scalar(v)
  local t = type(v)
  return t == "number" or t == "boolean" or v == M.null or t == "string" and #v <= 24
end

local encode_value

local function encode_table(t, buf, opts, depth, stack)
  if stack[t] then
    error("json.encode: a table contains itself", 0)
  end
  if depth > 1000 then
    error("json.encode: nested too deeply", 0)
  end
  stack[t] = true
  local indent = opts.indent
  local nl, pad, inner
  if indent then
    nl = "\n"
    pad = string.rep(indent, depth)
    inner = pad .. indent
  end
  if M.is_array(t) then
    local n = #t
    for k in pairs(t) do
      if type(k) ~= "number" or k < 1 or k > n or k ~= floor(k) then
        error("json.encode: an array with a key " .. tostring(k), 0)
      end
    end
    if n == 0 then
      buf[#buf + 1] = "[]"
    elseif not indent then
      buf[#buf + 1] = "["
      for i = 1, n do
        if i > 1 then
          buf[#buf + 1] = ","
        end
        encode_value(t[i], buf, opts, depth + 1, stack)
      end
      buf[#buf + 1] = "]"
    else
      -- short arrays of scalars stay on one line: [73, 78]
      local flat = n <= 8
      for i = 1, n do
        flat = flat and scalar(t[i])
      end
      buf[#buf + 1] = "["
      for i = 1, n do
        if i > 1 then
          buf[#buf + 1] = flat and ", " or ","
        end
        if not flat then
          buf[#buf + 1] = nl .. inner
        end
        encode_value(t[i], buf, opts, depth + 1, stack)
      end
      buf[#buf + 1] = flat and "]" or nl .. pad .. "]"
    end
  else
    local keys = ordered_keys(t, 0)
    if #keys == 0 then
      buf[#buf + 1] = "{}"
    else
      buf[#buf + 1] = "{"
      for i, k in ipairs(keys) do
        if i > 1 then
          buf[#buf + 1] = ","
        end
        if indent then
          buf[#buf + 1] = nl .. inner
        end
        buf[#buf + 1] = encode_string(k, opts.ascii)
        buf[#buf + 1] = indent and ": " or ":"
        encode_value(t[k], buf, opts, depth + 1, stack)
      end
      buf[#buf + 1] = indent and nl .. pad .. "}" or "}"
    end
  end
  stack[t] = nil
end

encode_value = function(v, buf, opts, depth, stack)
  local t = type(v)
  if v == nil or v == M.null then
    buf[#buf + 1] = "null"
  elseif t == "boolean" then
    buf[#buf + 1] = v and "true" or "false"
  elseif t == "number" then
    buf[#buf + 1] = encode_number(v)
  elseif t == "string" then
    buf[#buf + 1] = encode_string(v, opts.ascii)
  elseif t == "table" then
    encode_table(v, buf, opts, depth, stack)
  else
    error("json.encode: a " .. t .. " has no JSON form", 0)
  end
end

--- Encode `value` as JSON text. `opts`: `indent` (a number of spaces or a
-- string: pretty output, short scalar arrays on one line), `ascii` (escape
-- every non-ASCII character as \uXXXX, with surrogate pairs). Strings are
-- bytes: invalid UTF-8 becomes \ufffd. Raises on functions, userdata, NaN,
-- infinities, cycles and tables mixing array and string keys.
function M.encode(value, opts)
  opts = opts or {}
  local o = { ascii = opts.ascii }
  if type(opts.indent) == "number" then
    o.indent = string.rep(" ", opts.indent)
  elseif type(opts.indent) == "string" then
    o.indent = opts.indent
  end
  local buf = {}
  local ok, err = pcall(encode_value, value, buf, o, 0, {})
  if not ok then
    error(err, 2)
  end
  return concat(buf)
end

------------------------------------------------------------------- decoder

local UNESCAPE = {
  [34] = '"',
  [92] = "\\",
  [47] = "/",
  [98] = "\b",
  [102] = "\f",
  [110] = "\n",
  [114] = "\r",
  [116] = "\t",
}

local function fail(pos, msg)
  error({ json_error = format("%s at byte %d", msg, pos) }, 0)
end

local function skip_ws(s, pos)
  local _, e = find(s, "^[ \t\r\n]*", pos)
  return e + 1
end

local function hex4(s, pos)
  local h = sub(s, pos, pos + 3)
  if not find(h, "^%x%x%x%x$") then
    fail(pos, "invalid \\u escape")
  end
  return tonumber(h, 16)
end

local function decode_string(s, pos)
  local buf, n = nil, 0
  local i = pos + 1
  while true do
    local j = find(s, '[%z\1-\31"\\]', i)
    if not j then
      fail(pos, "unterminated string")
    end
    local c = byte(s, j)
    if c == 34 then
      if not buf then
        return sub(s, i, j - 1), j + 1
      end
      n = n + 1
      buf[n] = sub(s, i, j - 1)
      return concat(buf, "", 1, n), j + 1
    elseif c == 92 then
      buf = buf or {}
      n = n + 1
      buf[n] = sub(s, i, j - 1)
      local e = byte(s, j + 1)
      if e == 117 then -- \uXXXX
        local cp = hex4(s, j + 2)
        i = j + 6
        if cp >= 0xD800 and cp <= 0xDBFF then
          if sub(s, i, i + 1) == "\\u" then
            local lo = hex4(s, i + 2)
            if lo >= 0xDC00 and lo <= 0xDFFF then
              cp = 0x10000 + (cp - 0xD800) * 0x400 + (lo - 0xDC00)
              i = i + 6
            else
              cp = 0xFFFD -- a high surrogate without its low half
            end
          else
            cp = 0xFFFD
          end
        elseif cp >= 0xDC00 and cp <= 0xDFFF then
          cp = 0xFFFD -- a lone low surrogate
        end
        n = n + 1
        buf[n] = utf8_char(cp)
      else
        local u = e and UNESCAPE[e]
        if not u then
          fail(j, "invalid escape")
        end
        n = n + 1
        buf[n] = u
        i = j + 2
      end
    else
      fail(j, "control character in string")
    end
  end
end

local function decode_number(s, pos)
  local p = pos
  if byte(s, p) == 45 then -- -
    p = p + 1
  end
  local c = byte(s, p)
  if c == 48 then
    p = p + 1
  elseif c and c >= 49 and c <= 57 then
    local _, e = find(s, "^%d*", p + 1)
    p = e + 1
  else
    fail(pos, "invalid number")
  end
  local float = false
  if byte(s, p) == 46 then -- .
    local _, e = find(s, "^%d+", p + 1)
    if not e then
      fail(p, "invalid number")
    end
    p, float = e + 1, true
  end
  c = byte(s, p)
  if c == 101 or c == 69 then -- e E
    local _, e = find(s, "^[-+]?%d+", p + 1)
    if not e then
      fail(p, "invalid number")
    end
    p, float = e + 1, true
  end
  local text = sub(s, pos, p - 1)
  local v = tonumber(text)
  if float and tointeger then
    v = v + 0.0
  end
  if v == huge or v == -huge then
    -- 1e400 would decode to an infinity that encode refuses: a file read
    -- could then not be written back
    fail(pos, "number out of range")
  end
  return v, p
end

local decode_value

local function decode_array(s, pos, opts, depth)
  local t, n = M.array({}), 0
  pos = skip_ws(s, pos + 1)
  if byte(s, pos) == 93 then
    return t, pos + 1
  end
  while true do
    local v
    v, pos = decode_value(s, pos, opts, depth + 1)
    n = n + 1
    t[n] = v
    pos = skip_ws(s, pos)
    local c = byte(s, pos)
    if c == 93 then
      return t, pos + 1
    elseif c ~= 44 then
      fail(pos, "expected ',' or ']'")
    end
    pos = skip_ws(s, pos + 1)
  end
end

local function decode_object(s, pos, opts, depth)
  local t, keys = {}, {}
  M.object(t, keys)
  pos = skip_ws(s, pos + 1)
  if byte(s, pos) == 125 then
    return t, pos + 1
  end
  while true do
    if byte(s, pos) ~= 34 then
      fail(pos, "expected a string key")
    end
    local k
    k, pos = decode_string(s, pos)
    pos = skip_ws(s, pos)
    if byte(s, pos) ~= 58 then
      fail(pos, "expected ':'")
    end
    local v
    v, pos = decode_value(s, skip_ws(s, pos + 1), opts, depth + 1)
    if t[k] == nil then
      keys[#keys + 1] = k
    end
    t[k] = v
    pos = skip_ws(s, pos)
    local c = byte(s, pos)
    if c == 125 then
      return t, pos + 1
    elseif c ~= 44 then
      fail(pos, "expected ',' or '}'")
    end
    pos = skip_ws(s, pos + 1)
  end
end

decode_value = function(s, pos, opts, depth)
  if depth > opts.max_depth then
    fail(pos, "nested too deeply")
  end
  local c = byte(s, pos)
  if c == 123 then
    return decode_object(s, pos, opts, depth)
  elseif c == 91 then
    return decode_array(s, pos, opts, depth)
  elseif c == 34 then
    return decode_string(s, pos)
  elseif c == 45 or (c and c >= 48 and c <= 57) then
    return decode_number(s, pos)
  elseif c == 116 and sub(s, pos, pos + 3) == "true" then
    return true, pos + 4
  elseif c == 102 and sub(s, pos, pos + 4) == "false" then
    return false, pos + 5
  elseif c == 110 and sub(s, pos, pos + 3) == "null" then
    return opts.null, pos + 4
  elseif not c then
    fail(pos, "unexpected end of input")
  end
  fail(pos, "unexpected character")
end

--- Decode JSON text. Returns the value, or nil and a message with the byte
-- offset (1-based) of the error. Objects remember their key order and
-- arrays are marked (json.array), so decode-then-encode keeps both. `opts`:
-- `null` (the value of null; default json.null; pass `false` or any value,
-- there is no way to ask for nil since arrays would get holes),
-- `max_depth` (default 512). Strings may hold any bytes; \u escapes become
-- UTF-8, surrogate pairs are joined and a lone surrogate becomes U+FFFD.
function M.decode(text, opts)
  if type(text) ~= "string" then
    error("bad argument #1 to 'decode' (string expected, got " .. type(text) .. ")", 2)
  end
  local o = { null = M.null, max_depth = 512 }
  if opts then
    if opts.null ~= nil then
      o.null = opts.null
    end
    o.max_depth = opts.max_depth or o.max_depth
  end
  local ok, v = pcall(function()
    local value, p = decode_value(text, skip_ws(text, 1), o, 0)
    p = skip_ws(text, p)
    if p <= #text then
      fail(p, "trailing characters")
    end
    return value
  end)
  if ok then
    return v
  end
  if type(v) == "table" and v.json_error then
    return nil, v.json_error
  end
  error(v, 0) -- a bug, not a malformed document
end

return M

--- newsmark.mle: the mle 1.5 adapter (docs/editors/mle.md), Lua 5.4.
--
-- mle cannot style a byte range from Lua (buffer_add_srule is a stub), so
-- the highlighting is done before mle starts: `syntax_args()` turns the
-- styled ranges of newsmark.view into `-S`/`-s` syntax rules, one PCRE
-- (byte mode) rule per span and line, anchored at the span's byte column
-- and matching its exact bytes, coloured in mle's 8 colours; the launcher
-- plugin/bin/newsmark-mle passes them to mle. `register(mle)` adds the
-- commands of the uscript plugin/mle/newsmark.lua (mle offsets count
-- UTF-8 characters; newsmark's are bytes).
local M = {}

-- mle colours: 0 default, 1 black .. 8 white; +256 bold, +512 underline,
-- +1024 reverse. Hue (degrees) of the six chromatic ones, by index 0..7.
local HUES = { [1] = 0, [3] = 60, [2] = 120, [6] = 180, [4] = 240, [5] = 300 }

local function rgb(hex)
  local r, g, b = hex:match("#(%x%x)(%x%x)(%x%x)")
  return tonumber(r, 16), tonumber(g, 16), tonumber(b, 16)
end

-- The xterm colour index 0..7 nearest to "#rrggbb" (by hue when the
-- colour is saturated, else black or white); `avoid` (index -> true) is
-- skipped when another hue is within 60 degrees.
local function basic(hex, avoid)
  local r, g, b = rgb(hex)
  if not r then
    return nil
  end
  local hi, lo = math.max(r, g, b), math.min(r, g, b)
  if hi - lo < 48 then
    return hi < 128 and 0 or 7
  end
  local h
  if hi == r then
    h = (60 * (g - b) / (hi - lo)) % 360
  elseif hi == g then
    h = 60 * (b - r) / (hi - lo) + 120
  else
    h = 60 * (r - g) / (hi - lo) + 240
  end
  local best, bestd
  for i, hue in pairs(HUES) do
    local d = math.abs(h - hue)
    d = math.min(d, 360 - d)
    if avoid and avoid[i] then
      d = d + 60
    end
    if not bestd or d < bestd or (d == bestd and i < best) then
      best, bestd = i, d
    end
  end
  return best
end
M.basic = basic

-- A view range's style (config.style_hex table) as mle fg, bg codes;
-- nil when mle can show nothing of it (italic, dim).
function M.color(hex, avoid)
  local function code(which)
    local idx = hex["cterm" .. which]
    if idx and idx < 16 then
      return idx % 8 + 1
    elseif hex[which] and not (which == "fg" and hex.dim and not idx) then
      local i = basic(hex[which], which == "fg" and avoid or nil)
      return i and i + 1 or 0
    end
    return 0
  end
  local fg, bg = code("fg"), code("bg")
  local attrs = (hex.bold and 256 or 0) + (hex.underline and 512 or 0) + (hex.reverse and 1024 or 0)
  if fg == 0 and bg == 0 and attrs == 0 then
    return nil
  end
  return fg + attrs, bg
end

-- PCRE for the exact bytes of `s`: ASCII letters and digits as they are,
-- other ASCII as \xHH (so no comma reaches mle's comma-split rule syntax),
-- bytes >= 0x80 as they are (mle matches bytes, not UTF-8 characters).
function M.escape(s)
  return (s:gsub("[%z\1-\127]", function(c)
    return c:match("%w") and c or ("\\x%02x"):format(c:byte())
  end))
end

--- The mle colours of the speaker palette: slot -> { fg, bg }. Speakers
-- get distinct basic colours while some of the six hues are left.
function M.slot_colors(session)
  local slot_color, used = {}, {}
  for _, st in ipairs(session:styles()) do
    if st.slot then
      local fg, bg = M.color(st.hex, used)
      if fg then
        used[(fg % 256) - 1] = true
      end
      slot_color[st.slot] = { fg, bg }
    end
  end
  return slot_color
end

--- The syntax rules for a parsed article: { { regex, fg, bg, kind,
-- start, finish }, ... } in the order to give them to mle (a later rule
-- wins where two overlap, so the lowest priority comes first). Each span
-- is cut at newlines; each piece becomes `(?<=^.{COL})BYTES` (`^BYTES`
-- at column 0). opts.max (default 5000) caps the number of rules.
function M.rules(session, snap, opts)
  local text = snap.text
  local ranges = {}
  -- opts.ranges: the ranges to draw (newsmark.annotator's, which follow
  -- the sidecar), default session:ranges(snap)
  for _, r in ipairs(opts and opts.ranges or session:ranges(snap)) do
    ranges[#ranges + 1] = r
  end
  table.sort(ranges, function(a, b)
    if a.priority ~= b.priority then
      return a.priority < b.priority
    end
    return a.start < b.start
  end)
  local slot_color = M.slot_colors(session)
  local out, max = {}, opts and opts.max or 5000
  for _, r in ipairs(ranges) do
    local fg, bg
    if r.slot then
      fg, bg = slot_color[r.slot][1], slot_color[r.slot][2]
    else
      fg, bg = M.color(r.hex)
    end
    local s = r.start
    while fg and s < r.finish and #out < max do
      local nl = text:find("\n", s + 1, true)
      local e = math.min(r.finish, nl and nl - 1 or #text)
      if e > s then
        local bol = (text:sub(1, s):match(".*\n()") or 1) - 1
        local re = M.escape(text:sub(s + 1, e))
        re = (s == bol and "^" or ("(?<=^.{%d})"):format(s - bol)) .. re
        out[#out + 1] = { re, fg, bg, r.kind, s, e }
      end
      s = e + 1
    end
  end
  return out
end

--- mle arguments for the rules: -S (one syntax for the files opened at
-- start, forced with -y) and one -s per rule.
function M.syntax_args(rules)
  local args = { "-S", "newsmark,\\.newsmark-never$,-1,-1" }
  for _, r in ipairs(rules) do
    args[#args + 1] = "-s"
    args[#args + 1] = ("%s,%d,%d"):format(r[1], r[2], r[3])
  end
  args[#args + 1] = "-y"
  args[#args + 1] = "newsmark"
  return args
end

-- ------------------------------------------------------------ uscript

-- byte offset <-> mle's character offset (invalid bytes count as one)
local function chars_before(text, byte)
  local n = 0
  local i = 1
  while i <= byte do
    local c = text:byte(i)
    local len = c < 0x80 and 1 or c >= 0xF0 and 4 or c >= 0xE0 and 3 or c >= 0xC0 and 2 or 1
    local ok = utf8.len(text, i, math.min(i + len - 1, #text)) == 1
    i = i + (ok and len or 1)
    n = n + 1
  end
  return n
end

local function byte_at(text, chars)
  local i, n = 1, 0
  while n < chars and i <= #text do
    local c = text:byte(i)
    local len = c < 0x80 and 1 or c >= 0xF0 and 4 or c >= 0xE0 and 3 or c >= 0xC0 and 2 or 1
    i = i + ((utf8.len(text, i, math.min(i + len - 1, #text)) == 1) and len or 1)
    n = n + 1
  end
  return i - 1
end
M.chars_before, M.byte_at = chars_before, byte_at

local function one_line(s, max)
  s = s:gsub("%s+", " ")
  if utf8.len(s) and utf8.len(s) > max then
    s = s:sub(1, utf8.offset(s, max + 1) - 1) .. "…"
  end
  return s
end

-- Annotation commands (newsmark.annotator) and the words they run; a
-- word list ending in "?" asks for the rest in mle's prompt.
M.ANNOTATION_CMDS = {
  annotate = { "?" }, -- any annotator command line
  label = { "label", "?" },
  accept = { "accept" },
  reject = { "reject" },
  delete = { "delete" },
  note = { "note", "?" },
  set_speaker = { "speaker", "?" },
  save = { "save" },
  unanchored = { "unanchored" },
}

--- Register the commands in mle (the uscript's global `mle`):
-- cmd_newsmark_quotes (a new buffer listing the quotes), cmd_newsmark_next
-- and cmd_newsmark_prev (move to the next/previous quote),
-- cmd_newsmark_speaker (the speaker of the quote under the cursor, in a
-- prompt), and the annotation commands cmd_newsmark_annotate (asks for a
-- newsmark.annotator command line), _label, _accept, _reject, _delete,
-- _note, _set_speaker, _save and _unanchored. `load()` returns a
-- newsmark.view session or nil, msg; `notify` shows a message; `opts.file`
-- is the article's path (mle does not tell a script a buffer's path: the
-- launcher passes it), `opts.log` records quiet messages. The sidecar is
-- written after mle's cmd_save / cmd_save_as. An error is reported once,
-- then the commands do nothing.
function M.register(mle, load, notify, opts)
  opts = opts or {}
  local session, failed, sessions, ctx_editor = nil, nil, {}, nil
  local function snap_of(ctx)
    local text = mle.buffer_get(ctx.buffer).ret_data or ""
    local s = sessions[ctx.buffer]
    if not s then
      s = assert(load())
      sessions[ctx.buffer] = s
    end
    session = s
    return assert(s:parse(text)), text
  end
  local function cursor(ctx, text)
    return byte_at(text, mle.mark_get_offset(ctx.mark).ret_offset)
  end
  local function jump(ctx, text, q)
    if not q then
      return notify("newsmark: no quotes")
    end
    mle.mark_move_offset(ctx.mark, chars_before(text, q.start))
    mle.bview_rectify_viewport(ctx.bview)
  end
  local cmds = {}
  function cmds.next(ctx)
    local snap, text = snap_of(ctx)
    jump(ctx, text, session:next_quote(snap, cursor(ctx, text), 1, true))
  end
  function cmds.prev(ctx)
    local snap, text = snap_of(ctx)
    jump(ctx, text, session:next_quote(snap, cursor(ctx, text), -1, true))
  end
  function cmds.speaker(ctx)
    local snap, text = snap_of(ctx)
    local at = session:at(snap, cursor(ctx, text))
    local q = at and at.quote
    if not q then
      local e = at and at.entity
      return notify(e and ("newsmark: %s (%s)"):format(e.name, e.kind) or "newsmark: no quote here")
    end
    local who = q.speaker and (session:label(snap, q) .. " [" .. q.method .. "]")
    notify(("newsmark: %s %s"):format(one_line(q.text, 40), who or "— no speaker found"))
  end
  function cmds.quotes(ctx)
    local snap, text = snap_of(ctx)
    local lines = {}
    for _, q in ipairs(session:quotes(snap)) do
      local line = select(2, text:sub(1, q.start):gsub("\n", "")) + 1
      local who = session:label(snap, q) or "— ?"
      lines[#lines + 1] = ("%d: %s %s"):format(line, one_line(q.text, 70), who)
    end
    local list = #lines > 0 and table.concat(lines, "\n") .. "\n" or "no quotes\n"
    local buf = mle.buffer_new().rv
    mle.buffer_set(buf, list, #list)
    mle.editor_open_bview(ctx.editor, nil, 0, nil, 0, 1, 0, 0, buf)
  end
  -- ------------------------------------------------------ annotating
  local eds = {} -- buffer -> annotator (false: not the article)
  local function read_file(path)
    local f = path and io.open(path, "rb")
    if not f then
      return nil
    end
    local data = f:read("a")
    f:close()
    return data
  end
  -- The annotator of the buffer, or nil and why not. A buffer is the
  -- article when its text is the file's the first time it is used.
  local function editor(ctx)
    local snap, text = snap_of(ctx)
    local ed = eds[ctx.buffer]
    if ed == nil then
      if not opts.file then
        return nil, "newsmark: annotating needs the article's path: start mle with newsmark-mle"
      end
      if read_file(opts.file) ~= text then
        return nil, "newsmark: this buffer is not " .. opts.file
          .. " as saved (annotations go with that file)"
      end
      local annotator = require("newsmark.annotator")
      local msg
      ed, msg = annotator.open({ path = opts.file, session = session, snap = snap,
        labels = session.config.labels, hint = "F9 unanchored" })
      if not ed then
        eds[ctx.buffer] = false
        return nil, "newsmark: " .. tostring(msg)
      end
      eds[ctx.buffer] = ed
      if msg then
        notify(msg)
      end
    elseif ed == false then
      return nil, "newsmark: annotations are off for this buffer"
    else
      local msg = ed:update(snap)
      if msg then
        notify(msg)
      end
    end
    return ed, text
  end
  local function selection(ctx, text)
    local lh = mle.cursor_get_lo_hi(ctx.cursor)
    if lh.rv ~= 0 or not lh.ret_lo then
      return nil
    end
    local lo = byte_at(text, mle.mark_get_offset(lh.ret_lo).ret_offset)
    local hi = byte_at(text, mle.mark_get_offset(lh.ret_hi).ret_offset)
    return hi > lo and { start = lo, finish = hi } or nil
  end
  local function show(out)
    if out:find("\n") then -- a listing: a new buffer, like F5's
      local buf = mle.buffer_new().rv
      mle.buffer_set(buf, out .. "\n", #out + 1)
      mle.editor_open_bview(ctx_editor, nil, 0, nil, 0, 1, 0, 0, buf)
    else
      notify(out)
    end
  end
  for name, words in pairs(M.ANNOTATION_CMDS) do
    cmds[name] = function(ctx)
      local ed, text = editor(ctx)
      if not ed then
        return notify(text)
      end
      local line = table.concat(words, " ")
      if words[#words] == "?" then
        local ask = line:gsub(" ?%?$", "")
        local hint = ask == "label" and (" (" .. table.concat(ed:label_names(), ", ") .. ")")
          or ask == "" and (" (" .. table.concat(require("newsmark.annotator").COMMANDS, ", ") .. ")")
          or ""
        local answer = mle.editor_prompt("newsmark " .. (ask ~= "" and ask .. " " or "") .. hint .. ": ")
        if answer == nil then
          return -- cancelled
        end
        line = (ask ~= "" and ask .. " " or "") .. answer
      end
      local pos = cursor(ctx, text)
      ctx_editor = ctx.editor
      local out, err = ed:run(line, { pos = pos, sel = selection(ctx, text) })
      show(out or err)
    end
  end
  -- the sidecar goes with the file: after a save, when the file on disk is
  -- now this buffer's text (a cancelled save or another name leaves it)
  local function after_save(ctx)
    if failed or type(ctx) ~= "table" or not eds[ctx.buffer] then
      return
    end
    local ok, err = pcall(function()
      local ed = eds[ctx.buffer]
      local snap, text = snap_of(ctx)
      if read_file(opts.file) ~= text then
        return
      end
      ed:update(snap)
      local saved, msg = ed:save()
      if not saved or (msg and msg:find("merged", 1, true)) then
        notify(msg)
      elseif msg and opts.log then
        opts.log(msg)
      end
    end)
    if not ok then
      failed = tostring(err)
      pcall(notify, "newsmark: " .. failed .. " (newsmark is off for this session)")
    end
  end
  mle.editor_register_observer("cmd:cmd_save:after", after_save)
  mle.editor_register_observer("cmd:cmd_save_as:after", after_save)

  for name, fn in pairs(cmds) do
    mle.editor_register_cmd("cmd_newsmark_" .. name, function(ctx)
      if failed then
        return true
      end
      local ok, err = pcall(fn, ctx)
      if not ok then
        failed = tostring(err)
        pcall(notify, "newsmark: " .. failed .. " (newsmark is off for this session)")
      end
      return true
    end)
  end
end

return M

--- newsmark.nvim.commands: :Newsmark subcommands, lists, export, hover,
-- jumps and the buffer-local mappings. Lists and jumps come from
-- newsmark.view; this file only turns them into loclists, floats and
-- cursor moves.
local M = {}
local api = vim.api

local function nv()
  return require("newsmark.nvim")
end

local function echo(msg, hl)
  api.nvim_echo({ { "newsmark: " .. msg, hl or "None" } }, false, {})
end

local view = require("newsmark.view")

-- 1-based line and column of a byte offset
local function pos(doc, off)
  local r, c = doc:line_col(off)
  return r + 1, c + 1
end

local function cursor_offset(snap, win)
  local cur = api.nvim_win_get_cursor(win or 0)
  return snap.doc:line_start(cur[1] - 1) + cur[2]
end

local function loclist(title, items)
  vim.fn.setloclist(0, {}, " ", { title = title, items = items })
  vim.cmd("lopen")
  if #items == 0 then
    echo(title .. ": none")
  end
  return items
end

local SUB = {}

SUB.toggle = function(buf)
  local on = nv().toggle(buf)
  echo(on and "on" or "off")
end

SUB.labels = function(buf)
  local st = nv().snapshot(buf)
  if type(st) == "table" then
    st.labels = not st.labels
    nv().redraw(buf)
    echo("speaker labels " .. (st.labels and "on" or "off"))
  end
end

SUB.refresh = function(buf)
  nv().snapshot(buf)
  nv().refresh()
end

SUB.quotes = function(buf)
  local st, snap = nv().snapshot(buf)
  if not snap then
    return
  end
  local items = {}
  for _, q in ipairs(st.session:quotes(snap)) do
    local l1, c1 = pos(snap.doc, q.start)
    local l2, c2 = pos(snap.doc, q.finish)
    items[#items + 1] = {
      bufnr = buf,
      lnum = l1,
      col = c1,
      end_lnum = l2,
      end_col = c2,
      text = (q.speaker or "?") .. " — " .. view.one_line(q.text, 200),
    }
  end
  return loclist("newsmark quotes", items)
end

local function plural(n, word)
  return ("%d %s%s"):format(n, word, n == 1 and "" or "s")
end

SUB.people = function(buf)
  local st, snap = nv().snapshot(buf)
  if not snap then
    return
  end
  local items = {}
  for _, e in ipairs(st.session:people(snap)) do
    local l, c = pos(snap.doc, e.first or 0)
    items[#items + 1] = {
      bufnr = buf,
      lnum = l,
      col = c,
      text = ("%s%s: %s, %s"):format(
        e.name,
        e.role and " (" .. e.role .. ")" or "",
        plural(e.mentions, "mention"),
        plural(e.quotes, "quote")
      ),
    }
  end
  return loclist("newsmark people", items)
end

SUB.speakers = function(buf)
  local st, snap = nv().snapshot(buf)
  if not snap then
    return
  end
  local items = {}
  for _, s in ipairs(st.session:speakers(snap)) do
    local l, c = pos(snap.doc, s.first)
    items[#items + 1] = {
      bufnr = buf,
      lnum = l,
      col = c,
      text = ("%s: %s, %s"):format(s.speaker, plural(s.quotes, "quote"), plural(s.words, "word")),
    }
  end
  return loclist("newsmark speakers", items)
end

local EXT = { json = "json", jsonl = "jsonl", html = "html", brat = "ann" }

SUB.export = function(buf, args)
  local fmt = args[1] or "json"
  if not EXT[fmt] then
    echo("export: unknown format '" .. fmt .. "' (json, jsonl, brat, html)", "ErrorMsg")
    return
  end
  local st, snap = nv().snapshot(buf)
  if not snap then
    return
  end
  local name = api.nvim_buf_get_name(buf)
  local path = args[2] and vim.fn.expand(args[2])
    or (name ~= "" and vim.fn.fnamemodify(name, ":r") or "newsmark") .. "." .. EXT[fmt]
  if name ~= "" and vim.fn.fnamemodify(path, ":p") == vim.fn.fnamemodify(name, ":p") then
    echo("export: will not overwrite the buffer's own file", "ErrorMsg")
    return
  end
  local out, err = st.session:export(snap, fmt, { name = name ~= "" and vim.fn.fnamemodify(name, ":t") or nil })
  if not out then
    echo("export: " .. tostring(err), "ErrorMsg")
    return
  end
  local f, ferr = io.open(path, "wb")
  if not f then
    echo("export: " .. tostring(ferr), "ErrorMsg")
    return
  end
  f:write(out)
  f:close()
  echo(("wrote %s (%d bytes)"):format(path, #out))
  return path
end

--- The hover text at the cursor (a list of lines), or nil.
function M.hover_lines(buf, win)
  local st, snap = nv().snapshot(buf)
  if not snap then
    return nil
  end
  local off = cursor_offset(snap, win)
  local a = st.session:at(snap, off)
  local extra = require("newsmark.nvim.annotate").hover(st, off)
  if not a then
    return extra
  end
  local lines = {}
  local e = a.entity
  if e then
    lines[#lines + 1] = e.name
    lines[#lines + 1] = e.kind .. (e.role and " · " .. e.role or "")
    lines[#lines + 1] = plural(e.mentions, "mention") .. " · " .. plural(e.quotes, "quote")
  end
  local q = a.quote
  if q then
    if #lines > 0 then
      lines[#lines + 1] = ""
    end
    lines[#lines + 1] = view.one_line(q.text, 300)
    local cue = q.cue and (", cue: " .. view.one_line(snap.text:sub(q.cue.start + 1, q.cue.finish))) or ""
    lines[#lines + 1] = (st.session:label(snap, q) or "— (no speaker)") .. " (" .. q.method .. cue .. ")"
  end
  if extra then
    lines[#lines + 1] = ""
    vim.list_extend(lines, extra)
  end
  return lines
end

SUB.hover = function(buf)
  local lines = M.hover_lines(buf)
  if not lines then
    echo("nothing here")
    return
  end
  local fbuf, fwin = vim.lsp.util.open_floating_preview(lines, "", {
    border = nv().opts.hover_border,
    focus_id = "newsmark_hover",
    max_width = 80,
  })
  if lines[1] and fbuf then
    api.nvim_buf_add_highlight(fbuf, -1, "NewsmarkHoverTitle", 0, 0, -1)
  end
  return fwin
end

-- jumps: which = next | prev | next-speaker | prev-speaker
local function jump(buf, which)
  local st, snap = nv().snapshot(buf)
  if not snap then
    return
  end
  local wrap = nv().opts.wrap
  if wrap == nil then
    wrap = vim.o.wrapscan
  end
  local dir = which:match("^next") and 1 or -1
  local off, target, msg = cursor_offset(snap), nil, nil
  for _ = 1, math.max(vim.v.count1, 1) do
    local q
    if which:match("speaker") then
      q, msg = st.session:next_by_speaker(snap, off, dir, wrap)
    else
      q = st.session:next_quote(snap, off, dir, wrap)
    end
    if not q then
      break
    end
    target, off = q, q.start
  end
  if not target then
    echo(msg or ("no " .. (dir > 0 and "next" or "previous") .. " quote"), "WarningMsg")
    return
  end
  local r, c = snap.doc:line_col(target.start)
  vim.cmd("normal! m'")
  api.nvim_win_set_cursor(0, { r + 1, c })
  return target
end

for _, w in ipairs({ "next", "prev", "next-speaker", "prev-speaker" }) do
  SUB[w] = function(buf)
    return jump(buf, w)
  end
end

M.names = { "toggle", "labels", "refresh", "quotes", "people", "speakers", "export", "hover" }
vim.list_extend(M.names, { "next", "prev", "next-speaker", "prev-speaker" })
do -- annotating (newsmark.nvim.annotate_commands)
  local ac = require("newsmark.nvim.annotate_commands")
  vim.list_extend(M.names, ac.names)
  for name, fn in pairs(ac.sub) do
    SUB[name] = fn
  end
end

--- Run a subcommand for `buf` (guarded); returns what it returns. `cmd`:
-- the command's range ({ range, line1, line2 } as nvim_create_user_command
-- gives it), for label.
function M.sub(buf, name, args, cmd)
  local fn = SUB[name]
  if not fn then
    echo(("unknown subcommand '%s' (%s)"):format(name, table.concat(M.names, ", ")), "ErrorMsg")
    return
  end
  local n = nv()
  if n.broken then
    echo("inactive (" .. view.one_line(n.broken, 120) .. "); see :checkhealth newsmark", "WarningMsg")
    return
  end
  if name ~= "toggle" and n.bufs[buf] and n.bufs[buf].inert then
    echo("inactive in this buffer after an error", "WarningMsg")
    return
  end
  return n.guard(buf, fn, buf, args or {}, cmd)
end

--- From nvim_create_user_command: :Newsmark [sub] [args].
function M.run(a)
  local args = vim.deepcopy(a.fargs)
  local name = table.remove(args, 1) or "toggle"
  return M.sub(api.nvim_get_current_buf(), name, args, a)
end

function M.complete(lead, line)
  local words = vim.split(line, "%s+", { trimempty = false })
  local list = M.names
  local annotating = #words > 2
    and require("newsmark.nvim.annotate_commands").complete(words[2], #words, api.nvim_get_current_buf())
  if annotating then
    list = annotating
  elseif #words == 3 and words[2] == "export" then
    list = { "json", "jsonl", "brat", "html" }
  elseif #words > 2 then
    return {}
  end
  return vim.tbl_filter(function(s)
    return s:sub(1, #lead) == lead
  end, list)
end

local MAPS = {
  next_quote = { "next", "newsmark: next quote" },
  prev_quote = { "prev", "newsmark: previous quote" },
  next_speaker = { "next-speaker", "newsmark: next quote by the same speaker" },
  prev_speaker = { "prev-speaker", "newsmark: previous quote by the same speaker" },
  hover = { "hover", "newsmark: who is this (hover)" },
  accept = { "accept", "newsmark: accept the span under the cursor" },
  reject = { "reject", "newsmark: reject the span under the cursor" },
  speaker = { "speaker", "newsmark: set the speaker of the quote under the cursor" },
  note = { "note", "newsmark: note on the span under the cursor" },
  delete = { "delete", "newsmark: delete what was done by hand to the span under the cursor" },
  label = { "label", "newsmark: label the selected text", "x" },
}

--- Buffer-local mappings from opts.mappings (false: none).
function M.map(buf, mappings)
  if type(mappings) ~= "table" then
    return
  end
  for key, lhs in pairs(mappings) do
    local m = MAPS[key]
    if m and lhs and m[3] == "x" then
      -- through the command line, so that '<,'> is the selection
      vim.keymap.set("x", lhs, ":Newsmark " .. m[1] .. "<CR>", { buffer = buf, desc = m[2], silent = true })
    elseif m and lhs then
      vim.keymap.set("n", lhs, function()
        M.sub(buf, m[1], {})
      end, { buffer = buf, desc = m[2], silent = true })
    end
  end
end

return M

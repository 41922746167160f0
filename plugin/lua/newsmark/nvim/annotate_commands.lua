--- newsmark.nvim.annotate_commands: the :Newsmark subcommands that annotate
-- (label, speaker, accept, reject, accept-all, reject-all, delete, note,
-- annotations, unanchored). The work is newsmark.nvim.annotate's and the
-- store's; this file finds the span under the cursor or the selected
-- text and asks for what is missing with vim.ui.select / vim.ui.input.
local M = {}
local api = vim.api

local function ann()
  return require("newsmark.nvim.annotate")
end

local function echo(msg, hl)
  api.nvim_echo({ { "newsmark: " .. msg, hl or "None" } }, hl == "ErrorMsg", {})
end

local view = require("newsmark.view")

local function state(buf)
  local st, err = ann().state(buf)
  if not st then
    echo(err, "WarningMsg")
  end
  return st
end

local function cursor_offset(st)
  local cur = api.nvim_win_get_cursor(0)
  return st.snap.doc:line_start(cur[1] - 1) + cur[2], cur[1] - 1
end

-- The innermost span at the cursor that `keep(span)` accepts; of two over
-- the same text, the one a person made or decided on.
local function at_cursor(st, keep, opts)
  local off = cursor_offset(st)
  local best
  for _, s in ipairs(st.ann.store:spans(nil, opts)) do
    if s.start <= off and off < s.finish and keep(s) then
      local len, blen = s.finish - s.start, best and best.finish - best.start
      if not best or len < blen or (len == blen and best.status == "automatic" and s.status ~= "automatic") then
        best = s
      end
    end
  end
  return best
end

local function any()
  return true
end

-- The buffer's state, the annotation under the cursor that `keep` accepts
-- and the cursor's row; nothing (after a warning `none`) when there is no
-- such annotation.
local function target(buf, keep, none, opts)
  local st = state(buf)
  if not st then
    return
  end
  local s = at_cursor(st, keep, opts)
  if not s then
    echo(none, "WarningMsg")
    return
  end
  local _, row = cursor_offset(st)
  return st, s, row
end

local function describe(s)
  local text = view.one_line(s.text, 40)
  if not text:find("^[\"“‘«„]") then
    text = "“" .. text .. "”" -- a quote brings its own marks
  end
  return ("%s %s %s"):format(s.status, s.kind, text)
end

-- The byte range the command covers: a characterwise visual selection
-- when the range is that selection's lines, else the whole lines; leading
-- and trailing white space left out.
local function selection(st, cmd)
  if not cmd or cmd.range == 0 then
    return nil, "select the text first: :'<,'>Newsmark label KIND"
  end
  local doc, buf = st.snap.doc, st.buf
  local s, e = vim.fn.getpos("'<"), vim.fn.getpos("'>")
  local r1, c1, r2, c2
  if vim.fn.visualmode() == "v" and s[2] == cmd.line1 and e[2] == cmd.line2 and s[2] > 0 then
    r1, c1, r2 = s[2] - 1, s[3] - 1, e[2] - 1
    local line = api.nvim_buf_get_lines(buf, r2, r2 + 1, false)[1] or ""
    if e[3] > #line then
      c2 = #line -- selected to the end of the line
    else
      local b = line:byte(e[3]) or 0 -- the last character may be several bytes
      c2 = e[3] - 1 + (b >= 0xF0 and 4 or b >= 0xE0 and 3 or b >= 0xC0 and 2 or 1)
    end
  else
    r1, c1, r2 = cmd.line1 - 1, 0, cmd.line2 - 1
    c2 = #(api.nvim_buf_get_lines(buf, r2, r2 + 1, false)[1] or "")
  end
  local from = doc:line_start(r1) + math.min(c1, #(api.nvim_buf_get_lines(buf, r1, r1 + 1, false)[1] or ""))
  local to = doc:line_start(r2) + c2
  local text = st.snap.text
  while from < to and text:sub(from + 1, from + 1):match("%s") do
    from = from + 1
  end
  while to > from and text:sub(to, to):match("%s") do
    to = to - 1
  end
  if to <= from then
    return nil, "the selection is empty"
  end
  return from, to, r1
end

local SUB = {}

SUB.label = function(buf, args, cmd)
  local st = state(buf)
  if not st then
    return
  end
  local from, to, row = selection(st, cmd)
  if not from then
    echo(to, "WarningMsg")
    return
  end
  local function apply(kind)
    if not kind then
      return
    end
    -- again: after a menu the text may have changed ('< and '> follow it)
    require("newsmark.nvim").snapshot(buf)
    from, to, row = selection(st, cmd)
    if not from then
      return
    end
    local id = ann().op(st, row, function(store)
      return store:label(from, to, kind)
    end)
    if id then
      echo(("%s: %s"):format(kind, view.one_line(st.snap.text:sub(from + 1, to), 60)))
    end
    return id
  end
  if args[1] then
    return apply(args[1])
  end
  vim.ui.select(ann().labels(st), { prompt = "newsmark label: " }, function(kind)
    require("newsmark.nvim").guard(buf, apply, kind)
  end)
end

SUB.speaker = function(buf, args)
  local st, q, row = target(buf, function(s)
    return s.kind == "quote"
  end, "no quote under the cursor")
  if not st then
    return
  end
  local function apply(who)
    local done = ann().op(st, row, function(store)
      return { store:set_speaker(q.id, who) } -- (nil name: no speaker)
    end)
    if done then
      echo(("speaker of %s: %s"):format(view.one_line(q.text, 40), done[1] or "none"))
      return done[1]
    end
  end
  if #args > 0 then
    return apply(table.concat(args, " "))
  end
  local items = {}
  for _, e in ipairs(st.ann.store:entities("person")) do
    items[#items + 1] = { name = e.name, label = e.name }
  end
  items[#items + 1] = { new = true, label = "a new name…" }
  items[#items + 1] = { none = true, label = "no speaker" }
  local guard = require("newsmark.nvim").guard
  vim.ui.select(items, {
    prompt = "Speaker of " .. view.one_line(q.text, 40) .. " (now: " .. (q.speaker or "none") .. ")",
    format_item = function(it)
      return it.label
    end,
  }, function(it)
    if not it then
      return
    end
    if it.new then
      vim.ui.input({ prompt = "Speaker: " }, function(name)
        if name and name:match("%S") then
          guard(buf, apply, vim.trim(name))
        end
      end)
    else
      guard(buf, apply, it.name or false)
    end
  end)
end

local function decide(verb)
  return function(buf)
    local st, s, row = target(buf, any, "no annotation under the cursor")
    if not st then
      return
    end
    ann().op(st, row, function(store)
      return store[verb](store, s.id)
    end)
    echo(verb .. "ed " .. describe(s))
    return s.id
  end
end
SUB.accept = decide("accept")
SUB.reject = decide("reject")

local function all(verb)
  return function(buf, args)
    local st = state(buf)
    if not st then
      return
    end
    local kind = args[1]
    if not kind then
      echo(verb .. "-all: which kind? (" .. table.concat(ann().labels(st), ", ") .. ")", "WarningMsg")
      return
    end
    local _, row = cursor_offset(st)
    local n = ann().op(st, row, function(store)
      return store[verb .. "_all"](store, kind)
    end)
    if n then
      echo(("%sed %d automatic %s span%s"):format(verb, n, kind, n == 1 and "" or "s"))
    end
    return n
  end
end
SUB["accept-all"] = all("accept")
SUB["reject-all"] = all("reject")
SUB["accept!"] = SUB["accept-all"]
SUB["reject!"] = SUB["reject-all"]

SUB.delete = function(buf)
  -- what a person did, rejected spans included (delete un-rejects)
  local st, s, row = target(buf, function(x)
    return x.status ~= "automatic" or x.note ~= nil
  end, "nothing annotated by hand under the cursor", { rejected = true })
  if not st then
    return
  end
  ann().op(st, row, function(store)
    return store:delete(s.id)
  end)
  echo("deleted " .. describe(s))
  return s.id
end

SUB.note = function(buf, args)
  local st, s, row = target(buf, any, "no annotation under the cursor")
  if not st then
    return
  end
  local function apply(text)
    ann().op(st, row, function(store)
      return store:note(s.id, text)
    end)
    echo((text ~= "" and "note on " or "note cleared on ") .. describe(s))
  end
  if #args > 0 then
    return apply(table.concat(args, " "))
  end
  vim.ui.input({ prompt = "Note (empty: none): ", default = s.note or "" }, function(text)
    if text then
      require("newsmark.nvim").guard(buf, apply, text)
    end
  end)
end

local function loclist(title, items)
  vim.fn.setloclist(0, {}, " ", { title = title, items = items })
  vim.cmd("lopen")
  if #items == 0 then
    echo(title .. ": none")
  end
  return items
end

SUB.annotations = function(buf)
  local st = state(buf)
  if not st then
    return
  end
  local items = {}
  for _, s in ipairs(st.ann.store:spans(nil, { rejected = true })) do
    if s.status ~= "automatic" or s.note then
      local r, c = st.snap.doc:line_col(s.start)
      local extra = s.kind == "quote" and s.speaker and (" — " .. s.speaker) or ""
      items[#items + 1] = { bufnr = buf, lnum = r + 1, col = c + 1,
        text = describe(s) .. extra .. (s.note and (" ✎ " .. s.note) or "") }
    end
  end
  return loclist("newsmark annotations", items)
end

SUB.unanchored = function(buf)
  local st = state(buf)
  if not st then
    return
  end
  local items = {}
  local lines = api.nvim_buf_line_count(buf)
  for _, u in ipairs(st.ann.unanchored) do
    local r = st.snap.doc:line_col(math.min(u.start or 0, st.snap.len))
    items[#items + 1] = { bufnr = buf, lnum = math.min(r + 1, lines), col = 1,
      text = ("%s %s “%s”: %s (was at byte %d)%s"):format(u.status, tostring(u.kind),
        view.one_line(tostring(u.selector and u.selector.exact or ""), 60), u.reason or "?", u.start or 0,
        u.note and (" ✎ " .. u.note) or "") }
  end
  return loclist("newsmark unanchored", items)
end

M.sub = SUB
M.names = { "label", "speaker", "accept", "reject", "accept-all", "reject-all", "delete", "note",
  "annotations", "unanchored" }

--- Completion of the arguments: labels for label, kinds for *-all,
-- people for speaker; nil when `sub` is not one of these.
function M.complete(sub, nth, buf)
  local st = require("newsmark.nvim").bufs[buf]
  local list
  if sub == "label" then
    list = ann().labels(st)
  elseif sub == "accept-all" or sub == "reject-all" or sub == "accept!" or sub == "reject!" then
    list = ann().labels(st)
    table.insert(list, 6, "speaker_ref")
  elseif sub == "speaker" then
    list = {}
    for _, e in ipairs(st and st.ann and st.ann.store:entities("person") or {}) do
      list[#list + 1] = e.name
    end
  else
    return nil
  end
  return nth == 3 and list or {}
end

return M

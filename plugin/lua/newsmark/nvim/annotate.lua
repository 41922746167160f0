--- newsmark.nvim.annotate: annotating by hand in Neovim (docs/editors/neovim.md,
-- "Annotating"). The store and the sidecar are newsmark.annotate's; this
-- file keeps one store per buffer in step with the buffer:
--
-- * loaded with the sidecar when the buffer is first analysed, re-analysed
--   (store:reanalyse) after every reparse, with the positions of its
--   extmarks, so a label stays on its words while the text around it is
--   edited;
-- * painted: manual spans in their label's group, a status sign (M manual,
--   A accepted, R rejected, N a note) and an underline for manual spans;
--   rejected and overridden automatic spans are hidden from paint.lua
--   through st.hide, changed speakers through st.speakers;
-- * undoable: an annotation operation also replaces one line of the buffer
--   by itself, which makes it an undo step of its own (and marks the buffer
--   modified, so `:w` saves it). The manual layer is recorded per undo
--   sequence number; when `u` / `<C-r>` moves to another state, the layer of
--   the nearest recorded state on its undo-tree path is put back;
-- * saved on BufWritePost, atomically, merging first when another editor
--   saved the sidecar in between.
local M = {}
local api = vim.api
local view = require("newsmark.view")
local annotate = require("newsmark.annotate")
local json = require("newsmark.json")
local undo = require("newsmark.nvim.undo")
local changenr, nearest = undo.changenr, undo.nearest

M.ns = api.nvim_create_namespace("newsmark_annotate")
local BUILTIN = {}
for _, k in ipairs(annotate.KINDS) do
  BUILTIN[k] = true
end
M.KINDS = { "person", "organization", "place", "quote", "scare_quote" }
M.SIGNS = {
  manual = { "M", "NewsmarkSignManual" },
  accepted = { "A", "NewsmarkSignAccepted" },
  rejected = { "R", "NewsmarkSignRejected" },
  automatic = { "N", "NewsmarkSignNote" }, -- an automatic span with a note
}
M.links = {
  NewsmarkManual = "Underlined",
  NewsmarkUser = "Tag",
  NewsmarkNote = "Comment",
  NewsmarkSignManual = "DiffAdd",
  NewsmarkSignAccepted = "DiffChange",
  NewsmarkSignRejected = "DiffDelete",
  NewsmarkSignNote = "Comment",
}

local function nv()
  return require("newsmark.nvim")
end

local function notify(msg, level)
  vim.schedule(function()
    vim.notify("newsmark: " .. msg, level or vim.log.levels.INFO)
  end)
end

--- The highlight group of a label: the kind's (NewsmarkPerson, …) or,
-- for a user label, NewsmarkUser_<label> (linked to NewsmarkUser).
function M.group(label)
  if BUILTIN[label] then
    return view.group_name(label)
  end
  return "NewsmarkUser_" .. label:gsub("[^%w_]", "_")
end

--- Define the adapter's groups and those of the user `labels` (default =
-- true: a user's :highlight wins).
function M.apply_highlights(labels)
  for g, link in pairs(M.links) do
    api.nvim_set_hl(0, g, { link = link, default = true })
  end
  for _, l in ipairs(labels or {}) do
    if not BUILTIN[l] then
      api.nvim_set_hl(0, M.group(l), { link = "NewsmarkUser", default = true })
    end
  end
end

--- Every label a span can get here: the built-in kinds, the config's
-- labels and those the sidecar brought.
function M.labels(st)
  local out, seen = {}, {}
  local function add(l)
    if not seen[l] then
      seen[l] = true
      out[#out + 1] = l
    end
  end
  for _, k in ipairs(M.KINDS) do
    add(k)
  end
  local cfg = nv().config()
  for _, l in ipairs(cfg and cfg.labels or {}) do
    add(l)
  end
  local store = st and st.ann and st.ann.store
  if store then
    local extra = {}
    for l in pairs(store.labels) do
      extra[#extra + 1] = l
    end
    table.sort(extra)
    for _, l in ipairs(extra) do
      add(l)
    end
  end
  return out
end

local function store_opts()
  local cfg = nv().config()
  return { labels = cfg and cfg.labels or {} }
end

-- ---------------------------------------------------------------- history

local function record(a, seq)
  if not a.states[seq] then
    a.nstates = (a.nstates or 0) + 1
  end
  a.states[seq] = json.encode(a.store:layer()) -- the manual layer only: small, quick
  a.applied, a.seq = seq, seq
end

-- Put back the manual layer recorded as states[key] on the current text.
local function restore(st, key)
  local a = st.ann
  local o = store_opts()
  o.data = json.decode(a.states[key])
  local store, un = annotate.new(st.snap, st.snap.text, o)
  store.revision = a.store.revision -- what is on disk is not undone
  store.changed = true
  a.store, a.unanchored, a.applied = store, un, key
end

-- ----------------------------------------------------------------- marks

local function offset(buf, row, col)
  return api.nvim_buf_get_offset(buf, row) + col
end

--- Where the extmarks say the annotations are now: { [id] = { s, f } }.
function M.positions(st)
  local out = {}
  for id, mark in pairs(st.ann.marks) do
    local m = api.nvim_buf_get_extmark_by_id(st.buf, M.ns, mark, { details = true })
    if m and m[1] and m[3] and m[3].end_row then
      out[id] = { offset(st.buf, m[1], m[2]), offset(st.buf, m[3].end_row, m[3].end_col) }
    end
  end
  return out
end

--- Paint the annotation layer again (persistent extmarks in M.ns) and tell
-- paint.lua which automatic spans to hide and which speakers changed.
function M.render(st)
  local a, buf, opts = st.ann, st.buf, nv().opts
  local store, doc = a.store, st.snap.doc
  api.nvim_buf_clear_namespace(buf, M.ns, 0, -1)
  a.marks = {}
  local hide, speakers, visible = {}, {}, {}
  for _, s in ipairs(store:spans()) do
    visible[s.id] = true
  end
  local base = (opts and opts.priority or 200) + 70
  local cfg = nv().config()
  local colored = st.session.compiled and st.session.compiled.speaker_colors
  local used = {}
  for _, s in ipairs(store:spans(nil, { all = true })) do
    local key = s.kind .. ":" .. s.start .. ":" .. s.finish
    if s.automatic and not visible[s.id] then
      hide[key] = true
    end
    if s.kind == "quote" and s.automatic and s.status == "accepted" then
      -- a quote's group follows its speaker (Session:_slot keeps the
      -- speaker's colour for the buffer's life)
      local group = not s.speaker and "NewsmarkQuote" or nil
      if s.speaker and colored then
        group = "NewsmarkSpeaker" .. st.session:_slot(s.speaker)
      end
      speakers[key] = { s.speaker, group }
    end
    if s.status ~= "automatic" or s.note then
      local r1, c1 = doc:line_col(s.start)
      local r2, c2 = doc:line_col(s.finish)
      local m = {
        end_row = r2,
        end_col = c2,
        priority = base,
        sign_text = M.SIGNS[s.status][1],
        sign_hl_group = M.SIGNS[s.status][2],
        strict = false,
      }
      if s.status == "manual" then
        m.hl_group = M.group(s.kind)
        if s.kind == "quote" and s.speaker and colored then
          m.hl_group = "NewsmarkSpeaker" .. st.session:_slot(s.speaker)
        end
        used[#used + 1] = s.kind
      end
      local virt = {}
      if s.kind == "quote" and s.status == "manual" and s.speaker and st.labels then
        virt[#virt + 1] = { " — " .. s.speaker, "NewsmarkLabel" }
      end
      if s.note then
        virt[#virt + 1] = { " ✎ " .. view.one_line(s.note, 40), "NewsmarkNote" }
      end
      if #virt > 0 then
        m.virt_text, m.virt_text_pos = virt, "eol"
      end
      a.marks[s.id] = api.nvim_buf_set_extmark(buf, M.ns, r1, c1, m)
      if s.status == "manual" then
        api.nvim_buf_set_extmark(buf, M.ns, r1, c1,
          { end_row = r2, end_col = c2, hl_group = "NewsmarkManual", priority = base + 1, strict = false })
      end
    end
  end
  M.apply_highlights(cfg and cfg.labels)
  M.apply_highlights(used)
  -- nil when there is nothing to hide: paint.lua then makes no keys
  if next(hide) or next(speakers) then
    st.hide, st.speakers = hide, speakers
  else
    st.hide, st.speakers = nil, nil
  end
  nv().redraw(buf)
end

--- The hover lines about what was done by hand at `off` (nil: nothing):
-- "manual claim", "accepted quote — David Okafor", "✎ the note".
function M.hover(st, off)
  local a = st.ann
  if not a or a.store.text ~= st.snap.text then
    return nil
  end
  local out = {}
  for _, s in ipairs(a.store:spans(nil, { rejected = true })) do
    if s.start <= off and off < s.finish and (s.status ~= "automatic" or s.note) then
      local who = s.kind == "quote" and s.speaker and (" — " .. s.speaker) or ""
      out[#out + 1] = s.status .. " " .. s.kind .. who
      if s.note then
        out[#out + 1] = "✎ " .. s.note
      end
    end
  end
  return #out > 0 and out or nil
end

-- ---------------------------------------------------------- load and sync

local function has_work(store)
  for _, s in ipairs(store:spans(nil, { all = true })) do
    if s.status ~= "automatic" or s.note then
      return true
    end
  end
  return #store.unanchored > 0 or #store.entities_manual > 0
end

--- Load the sidecar for st (over st.snap); report a broken one once and
-- the annotations that could not be re-anchored.
function M.load(st)
  local a = { marks = {}, states = {}, nstates = 0, tick = api.nvim_buf_get_changedtick(st.buf) }
  local name = api.nvim_buf_get_name(st.buf)
  local o = store_opts()
  local store, un
  if name ~= "" then
    a.path = annotate.sidecar_path(vim.fn.fnamemodify(name, ":p"))
    store, un = annotate.load(a.path, st.snap.text, st.snap, o)
    if not store then
      a.broken = un
      nv().report("sidecar " .. a.path, tostring(un)
        .. ": its annotations are not shown, and :w will not overwrite it; fix or move it, then :edit")
    end
  end
  if not store then
    store, un = annotate.new(st.snap, st.snap.text, o)
  end
  a.store, a.unanchored = store, un
  st.ann = a
  -- no state is recorded yet: the first operation records the one before
  -- it, and undoing past that point leaves the annotations as loaded
  a.seq = changenr(st.buf)
  if #un > 0 then
    notify(("%d annotation%s of %s could not be placed in the text (it was edited): :Newsmark unanchored lists them")
      :format(#un, #un == 1 and "" or "s", vim.fn.fnamemodify(name, ":t")), vim.log.levels.WARN)
  end
  M.render(st)
end

--- After a reparse: follow undo / redo to another annotation state, or
-- re-analyse the store on the edited text with the extmarks' positions.
function M.sync(st)
  if not nv().opts.annotate then
    return
  end
  local a = st.ann
  if not a then
    return M.load(st)
  end
  local cur = changenr(st.buf)
  -- with one state recorded (none done yet) there is nothing to go back to
  if cur ~= a.seq and a.nstates > 1 then
    a.seq = cur
    local key = nearest(st.buf, a.states, cur)
    if key and key ~= a.applied then
      restore(st, key)
      return M.render(st)
    end
  end
  -- nothing done by hand in this buffer: the store catches up when needed
  -- (M.state, M.save), so typing costs no store rebuild
  if next(a.marks) or #a.unanchored > 0 then
    M.catch_up(st)
  end
end

--- Re-analyse the store on the current text if it is behind, with the
-- positions the extmarks followed.
function M.catch_up(st)
  local a = st.ann
  if a.store.text ~= st.snap.text then
    a.unanchored = a.store:reanalyse(st.snap, st.snap.text, { positions = M.positions(st) })
    M.render(st)
  end
end

--- The buffer's annotation state, synced with the text (nil, msg when the
-- buffer cannot be annotated).
function M.state(buf)
  if not nv().opts.annotate then
    return nil, "annotating is off (setup({ annotate = false }))"
  end
  local st, snap = nv().snapshot(buf)
  if type(st) ~= "table" or not snap then
    return nil, "not attached"
  end
  if not st.ann then
    M.load(st)
  end
  M.catch_up(st)
  return st
end

--- Run fn(store) as one annotation operation: undoable with `u`, painted.
-- A misuse error of the store (an unknown label, …) is shown, not raised.
-- `row` is where the undo step goes (the cursor returns there on `u`).
function M.op(st, row, fn)
  nv().snapshot(st.buf) -- (a vim.ui callback may come after an edit)
  M.catch_up(st)
  local a = st.ann
  record(a, changenr(st.buf))
  local ok, res = pcall(fn, a.store)
  if not ok then
    res = tostring(res):gsub("^.-bad argument #%d+ to '(%w+)' %((.*)%)$", "%1: %2")
    api.nvim_echo({ { "newsmark: " .. res, "ErrorMsg" } }, true, {})
    return nil
  end
  local seq = undo.step(st, row)
  record(a, seq or a.seq)
  M.render(st)
  return res
end

-- ------------------------------------------------------------------ save

--- BufWritePost: save the sidecar beside the written file; on a conflict
-- load the other editor's version, merge (this buffer's work wins on the
-- same span), save again and say so. No sidecar for an article nobody
-- annotated; a broken sidecar is never overwritten.
function M.save(st, written)
  if not nv().opts.annotate or not st.ann then
    return
  end
  local name = api.nvim_buf_get_name(st.buf)
  if name == "" or (written and vim.fn.fnamemodify(written, ":p") ~= vim.fn.fnamemodify(name, ":p")) then
    return -- :w other.txt writes a copy; the sidecar stays with the buffer's file
  end
  local a = st.ann
  local path = annotate.sidecar_path(vim.fn.fnamemodify(name, ":p"))
  if path ~= a.path then
    a.path, a.broken = path, nil -- :saveas
  end
  if a.broken then
    local data, err = annotate.read(path)
    if data == nil then
      nv().report("save " .. path, ("annotations not saved: %s (%s); fix it or move it away and :w again")
        :format(err, a.broken))
      return
    end
    -- moved away (saved afresh) or fixed (its revision differs: merged below)
    a.broken = nil
  end
  nv().snapshot(st.buf) -- the store on the text just written
  M.catch_up(st)
  local store = a.store
  local exists = vim.loop.fs_stat(path) ~= nil
  if (not exists and not has_work(store)) or (exists and not store.changed) then
    return
  end
  local ok, err = annotate.save(path, store)
  if not ok and tostring(err):find("^conflict: ") then
    local theirs, terr = annotate.load(path, store.text, st.snap, store_opts())
    if not theirs then
      a.broken = terr
      notify(("annotations not saved: %s; move it away and :w again"):format(terr), vim.log.levels.ERROR)
      return
    end
    annotate.merge(store, theirs)
    ok, err = annotate.save(path, store)
    -- the undo history does not know the other editor's work: start it here
    a.states, a.nstates = {}, 0
    record(a, changenr(st.buf))
    a.unanchored = store.unanchored
    M.render(st)
    if ok then
      notify(("%s was saved by another editor in the meantime: its annotations were merged with this "
        .. "buffer's (this buffer's win on the same span) and saved as revision %d; nothing was lost")
        :format(vim.fn.fnamemodify(path, ":~:."), err), vim.log.levels.WARN)
      return
    end
  end
  if not ok then
    notify(("annotations not saved: %s (they are kept: :w again to retry)"):format(err), vim.log.levels.ERROR)
    return
  end
  if #a.unanchored > 0 then
    notify(("saved; %d annotation%s not placed in the text: :Newsmark unanchored"):format(
      #a.unanchored, #a.unanchored == 1 and " is" or "s are"), vim.log.levels.WARN)
  end
end

--- BufReadPost on an attached buffer (:edit!, a reload): load again.
function M.reread(st)
  if st.ann and st.ann.tick ~= api.nvim_buf_get_changedtick(st.buf) then
    st.ann = nil
    nv().reparse(st.buf)
  end
end

return M

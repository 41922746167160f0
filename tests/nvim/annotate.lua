-- tests/nvim/annotate.lua: annotating by hand (newsmark.nvim.annotate), run
-- by tests/nvim/run.lua with its harness: H = { test, eq, ok, keys, notes,
-- find, ROOT, TMP, CPATH, SAMPLE }. Whole loops go through separate nvim
-- processes (a child per "session"), as a person would: annotate, :w, quit,
-- open again; edit the file with another program; two editors on one file.
local H = ...
local api = vim.api
local test, eq, ok, keys, find = H.test, H.eq, H.ok, H.keys, H.find
local nv = require("newsmark.nvim")
local ann = require("newsmark.nvim.annotate")

local DIR = H.TMP .. "/annotate"
vim.fn.mkdir(DIR, "p")
local ARTICLE = DIR .. "/article.txt"
local SIDECAR = ARTICLE .. ".newsmark.json"
local CONFIG = { labels = { "claim" } }

local function read_json(path)
  local f = io.open(path, "rb")
  if not f then
    return nil
  end
  local s = f:read("*a")
  f:close()
  return vim.json.decode(s)
end

-- the annotations a person made, as { kind, status, text, speaker, note }
local function work(store)
  local out = {}
  for _, s in ipairs(store:spans(nil, { all = true })) do
    if s.status ~= "automatic" or s.note then
      out[#out + 1] = { s.kind, s.status, s.text, s.speaker or false, s.note or false }
    end
  end
  table.sort(out, function(a, b)
    return a[3] .. a[1] < b[3] .. b[1]
  end)
  return out
end

-- the annotation extmarks: { row, col, end_row, end_col, hl_group } sorted
local function amarks(buf)
  local out = {}
  for _, m in ipairs(api.nvim_buf_get_extmarks(buf, ann.ns, 0, -1, { details = true })) do
    if m[4].hl_group and m[4].hl_group ~= "NewsmarkManual" then
      out[#out + 1] = { m[2], m[3], m[4].end_row, m[4].end_col, m[4].hl_group }
    end
  end
  table.sort(out, function(a, b)
    return a[1] * 1e6 + a[2] < b[1] * 1e6 + b[2]
  end)
  return out
end

-- the painted (automatic) marks of `group` at the first `text`
local function painted(buf, text, group, nth)
  nv.paint_persistent(buf)
  local r, c = find(text, buf, nth)
  for _, m in ipairs(api.nvim_buf_get_extmarks(buf, nv.ns, 0, -1, { details = true })) do
    if m[2] == r and m[3] == c and m[4].hl_group == group then
      return true
    end
  end
  return false
end

local function label_text(buf)
  local l = {}
  for _, m in ipairs(api.nvim_buf_get_extmarks(buf, nv.ns, 0, -1, { details = true })) do
    if m[4].virt_text then
      l[#l + 1] = m[4].virt_text[1][1]
    end
  end
  return l
end

-- select `text` (characterwise) and run the command on it, as typed
local function select_and(text, cmd, nth)
  local r, c = find(text, 0, nth)
  api.nvim_win_set_cursor(0, { r + 1, c })
  local n = vim.fn.strchars(text)
  keys("v" .. (n > 1 and (n - 1) .. "l" or "") .. "<Esc>")
  vim.cmd("'<,'>" .. cmd) -- what typing : in visual mode gives
end

local function cursor_on(text, nth)
  local r, c = find(text, 0, nth)
  api.nvim_win_set_cursor(0, { r + 1, c + 1 })
end

local function open(path)
  vim.cmd("silent edit! " .. vim.fn.fnameescape(path))
  vim.bo.filetype = "text"
  local buf = api.nvim_get_current_buf()
  ok(nv.bufs[buf] and nv.bufs[buf].ann, "annotation state loaded")
  return buf, nv.bufs[buf]
end

-- A new nvim process on ARTICLE: `body` (Lua) runs with `buf`, `st`, `nv`
-- and `out` (a table written back as JSON) in scope. Returns out.
local function child(body)
  local script, res = DIR .. "/child.lua", DIR .. "/child.json"
  vim.fn.writefile(vim.split(([[
vim.cmd('runtime! plugin/newsmark.lua')
local notes = {}
vim.notify = function(m, l) notes[#notes + 1] = { msg = m, level = l } end
local out = { notes = notes }
local ok, err = pcall(function()
  require("newsmark").setup({ core_cpath = %q, debounce_ms = 10, config = { labels = { "claim" } } })
  vim.cmd("edit %s")
  vim.bo.filetype = "text"
  local api, nv = vim.api, require("newsmark.nvim")
  local buf = api.nvim_get_current_buf()
  local st = nv.bufs[buf]
  local function keys(k)
    api.nvim_feedkeys(api.nvim_replace_termcodes(k, true, false, true), "xt", false)
  end
  %s
  vim.wait(50)
end)
out.error = not ok and tostring(err) or nil
local f = io.open(%q, "w")
f:write(vim.json.encode(out))
f:close()
vim.cmd("qa!")
]]):format(H.CPATH, vim.fn.fnameescape(ARTICLE), body, res), "\n"), script)
  vim.fn.delete(res)
  local log = vim.fn.system({ "timeout", "60", "nvim", "--headless", "-u", "NONE", "-i", "NONE", "-n",
    "--cmd", "set rtp^=" .. H.ROOT .. "/plugin", "-c", "luafile " .. script })
  local out = read_json(res)
  ok(out, "child result: " .. log)
  ok(not out.error, "child error: " .. tostring(out.error))
  return out
end

-- what a child reports about the store
local REPORT = [[
  out.work = {}
  for _, s in ipairs(st.ann.store:spans(nil, { all = true })) do
    if s.status ~= "automatic" or s.note then
      out.work[#out.work + 1] = { s.kind, s.status, s.text, s.speaker or false, s.note or false }
    end
  end
  table.sort(out.work, function(a, b) return a[3] .. a[1] < b[3] .. b[1] end)
  out.unanchored = {}
  for _, u in ipairs(st.ann.unanchored) do
    out.unanchored[#out.unanchored + 1] = { u.kind, u.selector.exact, u.reason }
  end
  out.marks = {}
  for _, m in ipairs(api.nvim_buf_get_extmarks(buf, require("newsmark.nvim.annotate").ns, 0, -1, { details = true })) do
    if m[4].hl_group and m[4].hl_group ~= "NewsmarkManual" then
      out.marks[#out.marks + 1] = { m[2], m[3], m[4].end_row, m[4].end_col, m[4].hl_group,
        api.nvim_buf_get_text(buf, m[2], m[3], m[4].end_row, m[4].end_col, {})[1] }
    end
  end
  nv.paint_persistent(buf)
  out.labels = {}
  out.okafor_painted = false
  local line = vim.fn.search("Okafor added", "n") - 1
  local col = api.nvim_buf_get_lines(buf, line, line + 1, false)[1]:find("Okafor added", 1, true) - 1
  for _, m in ipairs(api.nvim_buf_get_extmarks(buf, nv.ns, 0, -1, { details = true })) do
    if m[4].virt_text then out.labels[#out.labels + 1] = m[4].virt_text[1][1] end
    if m[2] == line and m[3] == col and m[4].hl_group == "NewsmarkPerson" then out.okafor_painted = true end
  end
]]

local buf, st
local WANT = { -- in byte order of the text
  { "person", "rejected", "Okafor", false, false },
  { "person", "manual", "The official", false, "Nowak" },
  { "claim", "manual", "a £40 million fund", false, false },
  { "quote", "accepted", "“The money is real and it is arriving now,”", "David Okafor", false },
}

test("annotate: label a span (visual), change a speaker (vim.ui.select), reject a name, note", function()
  vim.fn.writefile(vim.fn.readfile(H.SAMPLE), ARTICLE)
  vim.fn.delete(SIDECAR)
  require("newsmark").setup({ core_cpath = H.CPATH, debounce_ms = 30, config = CONFIG })
  buf, st = open(ARTICLE)
  eq(false, vim.bo.modified, "not modified")
  select_and("a £40 million fund", "Newsmark label claim")
  select_and("The official", "Newsmark label person")
  eq(true, vim.bo.modified, "an annotation is a change of the buffer")
  -- the speaker of “The money is real …” (Helen Marsh) becomes David Okafor
  local real_select = vim.ui.select
  local offered
  vim.ui.select = function(items, opts, cb)
    offered = vim.tbl_map(opts.format_item, items)
    for _, it in ipairs(items) do
      if it.name == "David Okafor" then
        return cb(it)
      end
    end
  end
  cursor_on("“The money is real")
  vim.cmd("Newsmark speaker")
  vim.ui.select = real_select
  ok(vim.tbl_contains(offered, "Helen Marsh") and vim.tbl_contains(offered, "David Okafor"), vim.inspect(offered))
  eq("no speaker", offered[#offered], "last entry")
  -- reject the automatic name "Okafor" in "Okafor added"
  cursor_on("Okafor added")
  vim.cmd("Newsmark reject")
  cursor_on("The official")
  vim.cmd("Newsmark note Nowak")
  eq(WANT, work(st.ann.store), "the store")
  cursor_on("The official")
  local hover = require("newsmark.nvim.commands").hover_lines(buf)
  eq({ "manual person", "✎ Nowak" }, { hover[#hover - 1], hover[#hover] }, "hover")
  -- painted: the label's own group, the rejected name not at all, the new speaker
  local r, c = find("a £40 million fund")
  eq({ r, c, r, c + #"a £40 million fund", "NewsmarkUser_claim" }, amarks(buf)[1], "claim mark")
  eq(vim.fn.synIDtrans(vim.fn.hlID("Tag")), vim.fn.synIDtrans(vim.fn.hlID("NewsmarkUser_claim")), "claim -> Tag")
  ok(not painted(buf, "Okafor added", "NewsmarkPerson"), "rejected Okafor not painted")
  ok(painted(buf, "David Okafor", "NewsmarkPerson"), "the other Okafor still painted")
  ok(vim.tbl_contains(label_text(buf), "— David Okafor"), vim.inspect(label_text(buf)))
end)

test("annotate: :Newsmark label completes the kinds and the config's labels", function()
  eq({ "person", "place" }, nv.complete("p", "'<,'>Newsmark label p"), "p")
  eq({ "person", "organization", "place", "quote", "scare_quote", "claim" },
    nv.complete("", "Newsmark label "), "all")
  eq({ "claim" }, nv.complete("c", "Newsmark label c"), "user label")
  eq({}, nv.complete("", "Newsmark label claim "), "one argument")
  ok(vim.tbl_contains(nv.complete("", "Newsmark reject-all "), "speaker_ref"), "reject-all kinds")
  ok(vim.tbl_contains(nv.complete("", "Newsmark "), "label"), "subcommand")
  ok(vim.tbl_contains(nv.complete("He", "Newsmark speaker He"), "Helen Marsh"), "speaker names")
end)

test("annotate: u and <C-r> undo and redo an annotation operation", function()
  local before = work(st.ann.store)
  cursor_on("Westminster")
  vim.cmd("Newsmark reject")
  local function westminster()
    for _, s in ipairs(st.ann.store:spans(nil, { all = true })) do
      if s.text == "Westminster" then
        return s.status
      end
    end
  end
  eq("rejected", westminster(), "rejected")
  vim.cmd("silent normal u")
  nv.snapshot(buf)
  eq("automatic", westminster(), "undone")
  eq(before, work(st.ann.store), "the rest as before")
  vim.cmd('silent execute "normal \\<C-r>"')
  nv.snapshot(buf)
  eq("rejected", westminster(), "redone")
  ok(not painted(buf, "Westminster", "NewsmarkPlace"), "not painted after redo")
  -- a text edit after it, undone: the annotation stays
  keys("ggOA new first line.<Esc>")
  nv.snapshot(buf)
  vim.cmd("silent normal u")
  nv.snapshot(buf)
  eq("rejected", westminster(), "after undoing a text edit")
  vim.cmd("silent normal u")
  nv.snapshot(buf)
  eq("automatic", westminster(), "then the rejection")
  ok(painted(buf, "Westminster", "NewsmarkPlace"), "painted again")
  -- a branch: typing after the undo starts a new branch of the undo tree,
  -- whose states have the annotations of where it branched off; g- (back
  -- in time, across branches) reaches the rejection again
  keys("ggOAnother first line.<Esc>")
  nv.snapshot(buf)
  eq("automatic", westminster(), "on the new branch")
  local tree = vim.fn.undotree()
  ok(#vim.tbl_filter(function(e)
    return e.alt ~= nil
  end, tree.entries) > 0, "the undo tree branched")
  vim.cmd("silent normal g-")
  nv.snapshot(buf)
  eq("A new first line.", api.nvim_buf_get_lines(buf, 0, 1, false)[1], "g- to the other branch")
  eq("rejected", westminster(), "its annotations (of its parent state)")
  vim.cmd("silent normal g-")
  nv.snapshot(buf)
  eq("rejected", westminster(), "g- to the rejection itself")
  vim.cmd("silent normal g+")
  vim.cmd("silent normal g+")
  nv.snapshot(buf)
  eq("automatic", westminster(), "g+ back")
  vim.cmd("silent normal u")
  nv.snapshot(buf)
  eq(before, work(st.ann.store), "as before")
  eq(vim.fn.readfile(ARTICLE), api.nvim_buf_get_lines(buf, 0, -1, false), "text as before")
end)

test("annotate: undo.parents reads the undo tree's branches", function()
  local entries = { { seq = 1 }, { seq = 2, alt = { { seq = 4 }, { seq = 5 } } }, { seq = 3 } }
  eq({ [1] = 0, [2] = 1, [4] = 1, [5] = 4, [3] = 2 }, require("newsmark.nvim.undo").parents(entries, 0, {}), "parents")
end)

test("annotate: the marks follow edits; :w saves them atomically in the sidecar", function()
  local r, c = find("a £40 million fund")
  keys("ggOA paragraph typed above.<CR><Esc>")
  -- before the reparse the extmark has already moved
  eq({ r + 2, c, r + 2, c + #"a £40 million fund", "NewsmarkUser_claim" }, amarks(buf)[1], "moved")
  nv.snapshot(buf)
  eq(WANT, work(st.ann.store), "store after the edit")
  eq({ r + 2, c, r + 2, c + #"a £40 million fund", "NewsmarkUser_claim" }, amarks(buf)[1], "after reparse")
  -- an edit inside the labelled text: the label stays on it
  local rr, cc = find("The official")
  api.nvim_buf_set_text(buf, rr, cc + 4, rr, cc + 4, { "new " })
  nv.snapshot(buf)
  ok(vim.tbl_contains(vim.tbl_map(function(w) return w[3] end, work(st.ann.store)), "The new official"), "followed")
  api.nvim_buf_set_text(buf, rr, cc + 4, rr, cc + 8, { "" })
  api.nvim_buf_set_lines(buf, 0, 2, false, {})
  nv.snapshot(buf)
  eq(WANT, work(st.ann.store), "edits undone by hand")
  vim.cmd("silent write")
  local doc = read_json(SIDECAR)
  ok(doc, "sidecar written")
  eq(4, #doc.annotations, "annotations")
  eq(1, doc.revision, "revision")
  eq(#table.concat(vim.fn.readfile(ARTICLE), "\n") + 1, doc.article.length, "the article as written")
  eq(0, #vim.fn.glob(SIDECAR .. ".tmp.*", false, true), "no temporary file left")
  eq(false, vim.bo.modified, "written")
  vim.cmd("bwipeout!")
end)

test("annotate: a new nvim process on the file has the annotations back", function()
  local out = child(REPORT)
  eq(WANT, out.work, "the store")
  eq({}, out.unanchored, "unanchored")
  local lines = vim.fn.readfile(ARTICLE)
  local r
  for i, l in ipairs(lines) do
    if l:find("a £40 million fund", 1, true) then
      r = i - 1
    end
  end
  local c = lines[r + 1]:find("a £40 million fund", 1, true) - 1
  eq({ r, c, r, c + #"a £40 million fund", "NewsmarkUser_claim", "a £40 million fund" }, out.marks[1], "claim mark")
  ok(vim.tbl_contains(vim.tbl_map(function(m) return m[6] end, out.marks), "The official"), "person mark")
  eq(false, out.okafor_painted, "the rejected name stays hidden")
  ok(vim.tbl_contains(out.labels, "— David Okafor"), vim.inspect(out.labels))
  eq({}, out.notes, "no message")
end)

test("annotate: edited by another program: re-anchored, or listed when the text is gone", function()
  -- a paragraph at the top, and the sentence with "The official" cut
  local script = ("{ printf 'A new paragraph, written by another program.\\n\\n'; "
    .. "sed 's/ The official said his members would meet again in January\\.//' %s; } > %s.new && mv %s.new %s"):format(
    vim.fn.shellescape(ARTICLE), ARTICLE, ARTICLE, vim.fn.shellescape(ARTICLE))
  vim.fn.system({ "sh", "-c", script })
  eq(0, vim.v.shell_error, "edited")
  local out = child(REPORT .. [[
  vim.cmd("Newsmark unanchored")
  out.loclist = vim.tbl_map(function(i) return i.text end, vim.fn.getloclist(0))
]])
  local want = vim.deepcopy(WANT)
  table.remove(want, 2)
  eq(want, out.work, "re-anchored")
  eq({ { "person", "The official", "not found" } }, out.unanchored, "unanchored")
  local row
  for i, l in ipairs(vim.fn.readfile(H.SAMPLE)) do
    row = row or (l:find("a £40 million fund", 1, true) and i - 1)
  end
  eq(row + 2, out.marks[1][1], "claim two lines down")
  eq(false, out.okafor_painted, "still rejected")
  ok(vim.tbl_contains(out.labels, "— David Okafor"), vim.inspect(out.labels))
  eq(1, #out.notes, "one message")
  ok(out.notes[1].msg:find("1 annotation of article.txt could not be placed", 1, true), out.notes[1].msg)
  eq(1, #out.loclist, "loclist")
  ok(out.loclist[1]:find("manual person “The official”: not found", 1, true), out.loclist[1])
end)

test("annotate: :edit after the file changed on disk loads and re-anchors again", function()
  local path = DIR .. "/reload.txt"
  vim.fn.writefile(vim.fn.readfile(H.SAMPLE), path)
  local b = open(path)
  cursor_on("Westminster")
  vim.cmd("Newsmark reject")
  vim.cmd("silent write")
  local before = vim.fn.getftime(path)
  vim.fn.writefile(vim.list_extend({ "Two new lines.", "" }, vim.fn.readfile(path)), path)
  if vim.fn.getftime(path) == before then -- the same second: make the change visible
    vim.fn.system({ "touch", "-d", "@" .. (before + 1), path })
  end
  vim.cmd("silent edit")
  local s = nv.bufs[b]
  nv.snapshot(b)
  local r = find("Westminster")
  local w = vim.tbl_filter(function(x)
    return x.text == "Westminster"
  end, s.ann.store:spans(nil, { all = true }))
  eq(1, #w, "one Westminster")
  eq("rejected", w[1].status, "still rejected")
  eq(r, s.snap.doc:line_col(w[1].start), "on its new line")
  eq(r, api.nvim_buf_get_extmarks(b, ann.ns, 0, -1, {})[1][2], "mark on its new line")
  vim.cmd("bwipeout!")
end)

test("annotate: two editors save one sidecar: the second is told, nothing is lost", function()
  local buf2, st2 = open(ARTICLE) -- editor 1 (this process) loads revision 1
  vim.wait(50) -- (its message about the unanchored annotation)
  eq(1, st2.ann.store.revision, "loaded revision")
  -- editor 2, another process, labels Portsmouth and saves first
  vim.fn.system({ "cp", "-p", ARTICLE, DIR .. "/mtime" })
  local out = child([[
  vim.fn.search("Portsmouth")
  keys("v9l<Esc>")
  vim.cmd("'<,'>Newsmark label claim")
  vim.cmd("silent write")
]])
  eq(2, read_json(SIDECAR).revision, "editor 2 saved")
  local k = #H.notes
  select_and("Coastline Weekly", "Newsmark label organization")
  -- editor 2 wrote the article too (the same text): Vim would ask before
  -- overwriting a file changed since it was read, and a headless Vim reads
  -- the answer from its terminal; its old time stands for "yes"
  vim.fn.system({ "touch", "-r", DIR .. "/mtime", ARTICLE })
  vim.cmd("silent write")
  vim.wait(50)
  local told = {}
  for i = k + 1, #H.notes do
    told[#told + 1] = H.notes[i].msg
  end
  eq(1, #told, "told once: " .. vim.inspect(told))
  ok(told[1]:find("saved by another editor", 1, true) and told[1]:find("nothing was lost", 1, true), told[1])
  local doc = read_json(SIDECAR)
  eq(3, doc.revision, "merged and saved")
  local texts = {}
  for _, a in ipairs(doc.annotations) do
    texts[#texts + 1] = a.selector.exact .. "/" .. a.kind
  end
  ok(vim.tbl_contains(texts, "Portsmouth/claim"), vim.inspect(texts))
  ok(vim.tbl_contains(texts, "Coastline Weekly/organization"), vim.inspect(texts))
  eq(6, #doc.annotations, "the 3 + 1 unanchored of before, and one from each editor")
  ok(vim.tbl_contains(vim.tbl_map(function(w) return w[3] end, work(st2.ann.store)), "Portsmouth"), "shown here too")
  eq(out.error, nil, "editor 2")
  vim.cmd("bwipeout!")
  ok(buf2, "")
end)

test("annotate: no sidecar for an article nobody annotated; a broken one is reported and kept", function()
  local plain = DIR .. "/plain.txt"
  vim.fn.writefile(vim.fn.readfile(H.SAMPLE), plain)
  open(plain)
  vim.cmd("silent write")
  eq(0, vim.fn.filereadable(plain .. ".newsmark.json"), "no sidecar")
  vim.cmd("bwipeout!")
  vim.fn.writefile({ "{ not json" }, plain .. ".newsmark.json")
  local k = #H.notes
  local _, stb = open(plain)
  vim.wait(50)
  eq(1, #H.notes - k, "one message")
  ok(H.notes[#H.notes].msg:find("plain.txt.newsmark.json", 1, true), H.notes[#H.notes].msg)
  select_and("Westminster", "Newsmark label claim")
  eq(1, #work(stb.ann.store), "annotating still works")
  vim.cmd("silent write")
  vim.cmd("silent write")
  vim.wait(50)
  eq({ "{ not json" }, vim.fn.readfile(plain .. ".newsmark.json"), "not overwritten")
  eq(2, #H.notes - k, "told once more, on :w")
  ok(H.notes[#H.notes].msg:find("not saved", 1, true), H.notes[#H.notes].msg)
  -- moved away: the next :w saves the work done meanwhile
  os.rename(plain .. ".newsmark.json", plain .. ".broken")
  vim.cmd("silent write")
  local doc = read_json(plain .. ".newsmark.json")
  ok(doc and #doc.annotations == 1 and doc.annotations[1].selector.exact == "Westminster", vim.inspect(doc))
  vim.cmd("bwipeout!")
end)

test("annotate: accept-all / reject-all, accept, delete, and the errors", function()
  local path = DIR .. "/all.txt"
  vim.fn.writefile(vim.fn.readfile(H.SAMPLE), path)
  local b, s = open(path)
  vim.cmd("Newsmark reject-all place")
  local places = s.ann.store:spans("place", { all = true })
  ok(#places > 3, "places")
  for _, p in ipairs(places) do
    eq("rejected", p.status, p.text)
  end
  ok(not painted(b, "Westminster", "NewsmarkPlace"), "hidden")
  cursor_on("Okafor added")
  vim.cmd("Newsmark accept")
  eq({ { "person", "accepted", "Okafor", false, false } }, vim.tbl_filter(function(w)
    return w[1] == "person"
  end, work(s.ann.store)), "accepted")
  vim.cmd("Newsmark delete")
  eq({}, vim.tbl_filter(function(w)
    return w[1] == "person"
  end, work(s.ann.store)), "deleted")
  -- the mappings: <leader>nl on a selection asks for the label
  vim.g.mapleader = "\\"
  local real_select, real_input = vim.ui.select, vim.ui.input
  local asked
  vim.ui.select = function(items, _, cb)
    asked = items
    cb("claim")
  end
  local r, c = find("Coastline Weekly")
  api.nvim_win_set_cursor(0, { r + 1, c })
  keys("v15l\\nl")
  ok(vim.tbl_contains(asked, "claim") and vim.tbl_contains(asked, "person"), vim.inspect(asked))
  local done = vim.tbl_map(vim.inspect, work(s.ann.store))
  ok(vim.tbl_contains(done, vim.inspect({ "claim", "manual", "Coastline Weekly", false, false })), vim.inspect(done))
  -- <leader>ns on a quote, a new name through vim.ui.input
  vim.ui.select = function(items, _, cb)
    asked = items
    cb(items[#items - 1]) -- "a new name…"
  end
  vim.ui.input = function(_, cb)
    cb("  Ann Other ")
  end
  cursor_on("“Every storm")
  keys("\\ns")
  vim.ui.select, vim.ui.input = real_select, real_input
  eq("a new name…", asked[#asked - 1].label, "offered")
  eq("Ann Other", s.ann.store:spans("quote")[3].speaker, "new speaker")
  nv.paint_persistent(b)
  ok(vim.tbl_contains(label_text(b), "— Ann Other"), vim.inspect(label_text(b)))
  -- a note asked for with vim.ui.input (the old note offered), then cleared
  local default
  vim.ui.input = function(o, cb)
    default = o.default
    cb("check this")
  end
  cursor_on("Coastline Weekly")
  vim.cmd("Newsmark note")
  eq("", default, "no note yet")
  eq("check this", s.ann.store:spans("claim")[1].note, "noted")
  vim.cmd("Newsmark note")
  eq("check this", default, "the note offered")
  vim.ui.input = function(_, cb)
    cb("")
  end
  vim.cmd("Newsmark note")
  vim.ui.input = real_input
  eq(nil, s.ann.store:spans("claim")[1].note, "cleared")
  -- :Newsmark annotations lists the work
  vim.cmd("Newsmark annotations")
  local items = vim.fn.getloclist(0)
  vim.cmd("lclose")
  eq(#work(s.ann.store), #items, "one item each")
  ok(vim.tbl_contains(vim.tbl_map(function(i)
    return i.text
  end, items), "manual claim “Coastline Weekly”"), vim.inspect(items))
  -- a wrong label: a message, the buffer keeps working
  local k = #H.notes
  select_and("Westminster", "Newsmark label bogus")
  eq(0, #H.notes - k, "no error notification")
  ok(not s.inert, "not inert")
  -- a Lua error inside an annotation command: reported once, the editor works
  local real = ann.render
  ann.render = function()
    error("render boom")
  end
  cursor_on("Okafor added")
  vim.cmd("Newsmark reject")
  vim.cmd("Newsmark accept")
  vim.wait(50)
  ann.render = real
  eq(1, #H.notes - k, "one notification")
  ok(H.notes[#H.notes].msg:find("render boom", 1, true), H.notes[#H.notes].msg)
  api.nvim_buf_set_lines(b, 0, 1, false, { "still editing" })
  eq("still editing", api.nvim_buf_get_lines(b, 0, 1, false)[1], "editor works")
  vim.cmd("bwipeout!")
end)

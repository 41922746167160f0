-- tests/nvim/run.lua: the Neovim adapter, headless (tests/nvim/run.sh).
--   nvim --headless -u NONE -i NONE -n --cmd 'set rtp^=plugin' -c 'luafile tests/nvim/run.lua'
-- Environment: NM_ROOT (repository root), NM_BUILD (build dir with
-- lua/jit/newsmark/core.so). Prints TAP-like lines and a final
-- `N passed, N failed, N skipped`; exits with :cquit 1 on a failure.
local api = vim.api
local ROOT = os.getenv("NM_ROOT") or vim.fn.getcwd()
local BUILD = os.getenv("NM_BUILD") or (ROOT .. "/build")
local CPATH = BUILD .. "/lua/jit/?.so"
local SAMPLE = ROOT .. "/tests/corpus/sample.txt"
local TMP = vim.fn.tempname()
vim.fn.mkdir(TMP, "p")

local T = dofile(ROOT .. "/tests/nvim/tap.lua")
local test, eq, ok = T.test, T.eq, T.ok

-- count notifications by level
local notes = {}
local real_notify = vim.notify
vim.notify = function(msg, level)
  notes[#notes + 1] = { msg = msg, level = level }
end
local function errors_since(k)
  local c = 0
  for i = k + 1, #notes do
    if notes[i].level == vim.log.levels.ERROR then
      c = c + 1
    end
  end
  return c
end
-- and the messages the plugin echoes
local echoed = {}
api.nvim_echo = function(chunks)
  local t = {}
  for _, c in ipairs(chunks) do
    t[#t + 1] = c[1]
  end
  echoed[#echoed + 1] = table.concat(t)
end
local function flush()
  vim.wait(20) -- let vim.schedule()d callbacks run
end

vim.cmd("runtime! plugin/newsmark.lua")
vim.o.wrapscan = true
local nv = require("newsmark.nvim")

-- the 0-based row and byte column of the first `s` in the buffer
local function find(s, buf, nth)
  local k = 0
  for row, line in ipairs(api.nvim_buf_get_lines(buf or 0, 0, -1, false)) do
    local init = 1
    while true do
      local col = line:find(s, init, true)
      if not col then
        break
      end
      k = k + 1
      if k == (nth or 1) then
        return row - 1, col - 1
      end
      init = col + 1
    end
  end
  error("not in the buffer: " .. s, 2)
end

local function marks(buf)
  return api.nvim_buf_get_extmarks(buf or 0, nv.ns, 0, -1, { details = true })
end
-- the painted mark starting at (row, col) with hl_group `group`
local function mark_at(ms, row, col, group)
  for _, m in ipairs(ms) do
    if m[2] == row and m[3] == col and m[4].hl_group == group then
      return m
    end
  end
end
local function labels(buf)
  local l = {}
  for _, m in ipairs(marks(buf)) do
    if m[4].virt_text then
      l[#l + 1] = { m[2], m[3], m[4].virt_text[1][1], m[4].virt_text[1][2] }
    end
  end
  return l
end
local function open_sample()
  vim.cmd("silent edit! " .. vim.fn.fnameescape(SAMPLE))
  vim.bo.filetype = "text"
  return api.nvim_get_current_buf()
end

-- ------------------------------------------------------------------ setup
local buf
test("setup() and auto-attach to a text buffer", function()
  require("newsmark").setup({ core_cpath = CPATH, debounce_ms = 30 })
  buf = open_sample()
  ok(nv.bufs[buf] and nv.bufs[buf].snap, "attached and parsed")
  eq(nil, nv.broken, "broken")
  eq(0, errors_since(0), "error notifications")
end)

test("markdown and mail buffers attach, a lua buffer does not", function()
  for _, ft in ipairs({ "markdown", "mail", "lua" }) do
    vim.cmd("enew")
    api.nvim_buf_set_lines(0, 0, -1, false, { 'Kerry said: "We agree."' })
    vim.bo.filetype = ft
    eq(ft ~= "lua", nv.bufs[api.nvim_get_current_buf()] ~= nil, ft)
    vim.cmd("bwipeout!")
  end
  vim.cmd("buffer " .. buf)
end)

test("highlight groups link to standard groups with default=true; ColorScheme re-applies", function()
  eq("Identifier", vim.fn.synIDattr(vim.fn.synIDtrans(vim.fn.hlID("NewsmarkPerson")), "name"), "person")
  eq("Title", vim.fn.synIDattr(vim.fn.synIDtrans(vim.fn.hlID("NewsmarkHeadline")), "name"), "headline")
  eq("#ff8700", vim.fn.synIDattr(vim.fn.hlID("NewsmarkSpeaker1"), "fg#", "gui"), "speaker 1 fg")
  eq("208", vim.fn.synIDattr(vim.fn.hlID("NewsmarkSpeaker1"), "fg", "cterm"), "speaker 1 ctermfg")
  vim.cmd("hi clear")
  vim.cmd("doautocmd ColorScheme")
  eq("Identifier", vim.fn.synIDattr(vim.fn.synIDtrans(vim.fn.hlID("NewsmarkPerson")), "name"), "after ColorScheme")
  vim.cmd("hi NewsmarkPerson guifg=#123456")
  vim.cmd("doautocmd ColorScheme")
  eq("#123456", vim.fn.synIDattr(vim.fn.hlID("NewsmarkPerson"), "fg#", "gui"), "user override kept")
  vim.cmd("hi clear NewsmarkPerson")
  vim.cmd("doautocmd ColorScheme")
  eq(1, #api.nvim_get_autocmds({ group = "newsmark", event = "ColorScheme" }), "one ColorScheme autocmd")
end)

-- ---------------------------------------------------------------- painting
test("extmarks: a person, a place, the headline and the dateline", function()
  nv.paint_persistent(buf)
  local ms = marks(buf)
  local r, c = find("Tomasz Nowak")
  local m = mark_at(ms, r, c, "NewsmarkPerson")
  ok(m, "Tomasz Nowak painted")
  eq({ r, c + #"Tomasz Nowak" }, { m[4].end_row, m[4].end_col }, "person end")
  eq(250, m[4].priority, "person priority")
  r, c = find("Westminster")
  m = mark_at(ms, r, c, "NewsmarkPlace")
  ok(m, "Westminster painted")
  eq(c + #"Westminster", m[4].end_col, "place end")
  ok(mark_at(ms, 0, 0, "NewsmarkHeadline"), "headline")
  r, c = find("LONDON (Reuters) —")
  ok(mark_at(ms, r, c, "NewsmarkDateline"), "dateline")
  r, c = find("told reporters")
  ok(mark_at(ms, r, c, "NewsmarkCue"), "cue")
end)

test("extmarks: quotes coloured by speaker", function()
  local ms = marks(buf)
  local r, c = find("“We have listened")
  local m = mark_at(ms, r, c, "NewsmarkSpeaker1")
  ok(m, "Helen Marsh's quote in NewsmarkSpeaker1")
  local _, ce = find("money,”")
  eq({ r, ce + #"money,”" }, { m[4].end_row, m[4].end_col }, "quote end")
  r, c = find("“Every storm")
  ok(mark_at(ms, r, c, "NewsmarkSpeaker2"), "Tomasz Nowak's quote in NewsmarkSpeaker2")
  r, c = find("“The money is real")
  ok(mark_at(ms, r, c, "NewsmarkSpeaker1"), "Helen Marsh's last quote keeps slot 1")
  -- a quote over two paragraphs: one mark over both lines
  r, c = find("“I have residents")
  m = mark_at(ms, r, c, "NewsmarkSpeaker2")
  ok(m and m[4].end_row == r + 2, "continued quote spans its two paragraphs")
end)

test("virtual text '— Helen Marsh' after a quote", function()
  local r, c = find("sea alone.”")
  local want = { r, c + #"sea alone.”", "— Helen Marsh", "NewsmarkLabel" }
  ok(vim.tbl_contains(vim.tbl_map(vim.inspect, labels(buf)), vim.inspect(want)), vim.inspect(labels(buf)))
  local rr = find("“The money is real")
  local found
  for _, l in ipairs(labels(buf)) do
    found = found or (l[1] == rr and l[3] == "— Helen Marsh")
  end
  ok(found, "label on the last paragraph's quote")
  eq(6, #labels(buf), "one label per speaker and line")
end)

test("only the visible rows are painted", function()
  local paint = require("newsmark.nvim.paint")
  local r = find("Westminster")
  local ms = paint.marks(nv.bufs[buf], r, r, 200)
  ok(#ms > 0, "marks on the row")
  for _, m in ipairs(ms) do
    ok(m[1] <= r and (m[3] or m[1]) >= r, "mark outside the row: " .. vim.inspect(m))
  end
  eq("— Helen Marsh", ms[#ms][7], "the row's label")
  eq(0, #paint.marks(nv.bufs[buf], 1, 1, 200), "blank row")
end)

test("the decoration provider paints a real screen (tmux)", function()
  if vim.fn.executable("tmux") ~= 1 then
    return "skip"
  end
  local sock = "nmtest" .. vim.fn.getpid()
  local cmd = ("nvim -u NONE -i NONE -n --cmd 'set rtp^=%s/plugin' -c 'lua require(\"newsmark\").setup({core_cpath=\"%s\"})' -c 'set ft=text' %s"):format(
    ROOT,
    CPATH,
    SAMPLE
  )
  vim.fn.system({ "tmux", "-L", sock, "-f", "/dev/null", "new-session", "-d", "-x", "100", "-y", "30", "env TERM=xterm-256color " .. cmd })
  local cap = ""
  vim.wait(20000, function()
    cap = vim.fn.system({ "tmux", "-L", sock, "capture-pane", "-e", "-p" })
    return cap:find("\27%[38;5;208m“We have listened") ~= nil
  end, 100)
  vim.fn.system({ "tmux", "-L", sock, "kill-server" })
  ok(cap:find("\27%[38;5;208m“We have listened"), "quote in colour 208:\n" .. cap:sub(1, 2000))
  ok(cap:find("— Helen Marsh", 1, true), "label on screen")
end)

-- ------------------------------------------------------------------- edits
test("an edit shifts the painting at once and repaints after the debounce", function()
  local st = nv.bufs[buf]
  local r, c = find("Tomasz Nowak")
  api.nvim_buf_set_lines(buf, 0, 0, false, { "NEW FIRST LINE" })
  -- before the reparse: the old snapshot, shifted one row down
  ok(#st.edits > 0, "edit recorded")
  local shifted = require("newsmark.nvim.paint").marks(st, r + 1, r + 1, 200)
  local hit
  for _, m in ipairs(shifted) do
    hit = hit or (m[1] == r + 1 and m[2] == c and m[5] == "NewsmarkPerson")
  end
  ok(hit, "person shifted before the reparse")
  ok(vim.wait(8000, function()
    return st.tick == api.nvim_buf_get_changedtick(buf)
  end, 10), "reparsed after the debounce")
  nv.paint_persistent(buf)
  ok(mark_at(marks(buf), r + 1, c, "NewsmarkPerson"), "person repainted on its new row")
  -- a change inside a line moves the columns
  api.nvim_buf_set_text(buf, r + 1, c, r + 1, c, { "Dr " })
  vim.wait(8000, function()
    return st.tick == api.nvim_buf_get_changedtick(buf)
  end, 10)
  nv.paint_persistent(buf)
  ok(mark_at(marks(buf), r + 1, c + 3, "NewsmarkPerson"), "person after 'Dr '")
  api.nvim_buf_set_lines(buf, 0, 1, false, {})
  api.nvim_buf_set_text(buf, r, c, r, c + 3, { "" })
  nv.reparse(buf)
  eq(vim.fn.readfile(SAMPLE), api.nvim_buf_get_lines(buf, 0, -1, false), "buffer restored")
end)

test("typing in insert mode repaints", function()
  local st = nv.bufs[buf]
  api.nvim_win_set_cursor(0, { 1, 0 })
  api.nvim_feedkeys("OHelen Marsh said: “Yes.”\27", "xt", false)
  ok(vim.wait(8000, function()
    return st.tick == api.nvim_buf_get_changedtick(buf)
  end, 10), "reparsed")
  nv.paint_persistent(buf)
  ok(mark_at(marks(buf), 0, 0, "NewsmarkPerson"), "new person on line 1")
  vim.cmd("silent undo")
  nv.reparse(buf)
end)

-- ----------------------------------------------------------------- commands
test(":Newsmark toggle turns painting off and on", function()
  nv.paint_persistent(buf)
  vim.cmd("Newsmark toggle")
  eq(false, nv.bufs[buf].enabled, "off")
  eq(0, #marks(buf), "no marks")
  vim.cmd("Newsmark toggle")
  eq(true, nv.bufs[buf].enabled, "on")
  nv.paint_persistent(buf)
  ok(#labels(buf) > 0, "labels back")
end)

test(":Newsmark labels toggles the speaker virtual text", function()
  vim.cmd("Newsmark labels")
  nv.paint_persistent(buf)
  eq(0, #labels(buf), "labels off")
  ok(#marks(buf) > 20, "highlights stay")
  vim.cmd("Newsmark labels")
  nv.paint_persistent(buf)
  eq(6, #labels(buf), "labels on")
end)

local function loc()
  local l = vim.fn.getloclist(0, { items = 1, title = 1 })
  vim.cmd("lclose")
  return l
end

test(":Newsmark quotes fills the location list (speaker — quote)", function()
  vim.cmd("Newsmark quotes")
  local l = loc()
  eq("newsmark quotes", l.title, "title")
  eq(8, #l.items, "quotes")
  eq("Helen Marsh — “We have listened, and we have found the money,”", l.items[1].text, "first")
  local r, c = find("“We have listened")
  eq({ r + 1, c + 1 }, { l.items[1].lnum, l.items[1].col }, "position")
  eq(buf, l.items[1].bufnr, "buffer")
  eq("Met Office — “above-average rainfall”", l.items[5].text, "fifth")
end)

test(":Newsmark people lists people with counts", function()
  vim.cmd("Newsmark people")
  local l = loc()
  eq("newsmark people", l.title, "title")
  eq("Helen Marsh (Environment Secretary): 6 mentions, 3 quotes", l.items[1].text, "first")
  eq(3, #l.items, "people")
end)

test(":Newsmark speakers lists speakers with quotes and words", function()
  vim.cmd("Newsmark speakers")
  local l = loc()
  eq("newsmark speakers", l.title, "title")
  eq("Helen Marsh: 3 quotes, 31 words", l.items[1].text, "first")
  eq("Met Office: 1 quote, 2 words", l.items[4].text, "last")
end)

test(":Newsmark refresh re-reads the config and reparses", function()
  local st = nv.bufs[buf]
  local old = st.session
  vim.cmd("Newsmark refresh")
  ok(st.session ~= old, "new session")
  ok(st.snap, "parsed")
end)

test(":Newsmark export json, brat and html write files", function()
  local want = { json = '"file": "sample.txt"', brat = "\tPerson ", html = "<html" }
  for fmt, needle in pairs(want) do
    local path = TMP .. "/out." .. fmt
    vim.cmd("Newsmark export " .. fmt .. " " .. path)
    local f = io.open(path, "rb")
    ok(f, "written: " .. path)
    local s = f:read("*a")
    f:close()
    ok(s:find(needle, 1, true), fmt .. " has " .. needle .. ": " .. s:sub(1, 200))
  end
  -- the default name is next to the file; the buffer's own file is refused
  local copy = TMP .. "/article.txt"
  vim.fn.writefile(vim.fn.readfile(SAMPLE), copy)
  vim.cmd("silent edit " .. copy)
  vim.bo.filetype = "text"
  vim.cmd("Newsmark export brat")
  eq(1, vim.fn.filereadable(TMP .. "/article.ann"), "article.ann")
  vim.cmd("Newsmark export html " .. copy)
  eq(vim.fn.readfile(SAMPLE), vim.fn.readfile(copy), "source untouched")
  vim.cmd("bwipeout!")
  vim.cmd("buffer " .. buf)
end)

-- -------------------------------------------------------------------- jumps
local function cursor()
  local c = api.nvim_win_get_cursor(0)
  return { c[1] - 1, c[2] }
end
local function at(s, nth)
  return { find(s, buf, nth) }
end
local function keys(k)
  api.nvim_feedkeys(api.nvim_replace_termcodes(k, true, false, true), "xt", false)
end

test("]q and [q jump to the next and previous quote (with a count)", function()
  api.nvim_win_set_cursor(0, { 1, 0 })
  keys("]q")
  eq(at("“We have listened"), cursor(), "first quote")
  keys("]q")
  eq(at("“No town"), cursor(), "second quote")
  keys("[q")
  eq(at("“We have listened"), cursor(), "back")
  keys("2]q")
  eq(at("“Every storm"), cursor(), "count 2")
  vim.cmd("Newsmark prev")
  eq(at("“No town"), cursor(), ":Newsmark prev")
  vim.cmd("Newsmark next")
  eq(at("“Every storm"), cursor(), ":Newsmark next")
end)

test("]s and [s jump between quotes of the same speaker", function()
  local r, c = unpack(at("“We have listened"))
  api.nvim_win_set_cursor(0, { r + 1, c + 4 })
  keys("]s")
  eq(at("“No town"), cursor(), "Marsh 2")
  keys("]s")
  eq(at("“The money is real"), cursor(), "Marsh 3")
  keys("]s")
  eq(at("“We have listened"), cursor(), "wraps with 'wrapscan'")
  keys("[s")
  eq(at("“The money is real"), cursor(), "back, wrapping")
  vim.o.wrapscan = false
  keys("]s")
  eq(at("“The money is real"), cursor(), "no wrap: stays")
  vim.o.wrapscan = true
  vim.cmd("Newsmark prev-speaker")
  eq(at("“No town"), cursor(), ":Newsmark prev-speaker")
end)

-- -------------------------------------------------------------------- hover
test("hover shows the entity: name, role, mentions and quotes", function()
  local cmd = require("newsmark.nvim.commands")
  local r, c = find("Okafor added")
  api.nvim_win_set_cursor(0, { r + 1, c + 2 })
  eq({ "David Okafor", "person", "2 mentions · 2 quotes" }, cmd.hover_lines(buf), "Okafor")
  r, c = find("listened")
  api.nvim_win_set_cursor(0, { r + 1, c })
  local lines = cmd.hover_lines(buf)
  eq("Helen Marsh", lines[1], "speaker of the quote")
  eq("person · Environment Secretary", lines[2], "role")
  eq("3 mentions · 3 quotes", (lines[3]:gsub("^%d+", "3")), "counts")
  eq("“We have listened, and we have found the money,”", lines[5], "quote")
  eq("— Helen Marsh (after, cue: told reporters)", lines[6], "label")
  r, c = find("payments")
  api.nvim_win_set_cursor(0, { r + 1, c })
  eq(nil, cmd.hover_lines(buf), "nothing")
end)

test(":Newsmark hover and <leader>nk open a float", function()
  local r, c = find("Westminster")
  api.nvim_win_set_cursor(0, { r + 1, c })
  local before = #api.nvim_list_wins()
  vim.cmd("Newsmark hover")
  local float
  for _, w in ipairs(api.nvim_list_wins()) do
    if api.nvim_win_get_config(w).relative ~= "" then
      float = w
    end
  end
  ok(float, "a floating window")
  eq("Westminster", api.nvim_buf_get_lines(api.nvim_win_get_buf(float), 0, 1, false)[1], "float text")
  api.nvim_win_close(float, true)
  eq(before, #api.nvim_list_wins(), "closed")
  vim.g.mapleader = "\\"
  ok(vim.fn.maparg("<leader>nk", "n") ~= "", "mapping")
  keys("\\nk")
  ok(#api.nvim_list_wins() > before, "float from the mapping")
  for _, w in ipairs(api.nvim_list_wins()) do
    if api.nvim_win_get_config(w).relative ~= "" then
      api.nvim_win_close(w, true)
    end
  end
end)

test("completion and unknown subcommands", function()
  eq({ "export" }, nv.complete("ex", "Newsmark ex"), "sub")
  eq({ "brat" }, nv.complete("b", "Newsmark export b"), "format")
  local k = #notes
  vim.cmd("Newsmark frobnicate")
  eq(0, errors_since(k), "no notification for a typo")
end)

-- ----------------------------------------------------------- health and help
test(":checkhealth newsmark reports the module and the config", function()
  vim.cmd("silent checkhealth newsmark")
  local text = table.concat(api.nvim_buf_get_lines(0, 0, -1, false), "\n")
  vim.cmd("bwipeout!")
  ok(text:find("OK: newsmark.core found: .*build/lua/jit/newsmark/core.so"), text)
  ok(text:find("LuaJIT"), "names the Lua")
  ok(text:find("OK: config valid"), text)
  ok(not text:find("ERROR"), text)
  vim.cmd("buffer " .. buf)
end)

test(":help newsmark has every command, option and mapping", function()
  local doc = TMP .. "/doc"
  vim.fn.mkdir(doc, "p")
  local lines = vim.fn.readfile(ROOT .. "/plugin/doc/newsmark.txt")
  vim.fn.writefile(lines, doc .. "/newsmark.txt")
  vim.cmd("helptags " .. doc)
  vim.opt.rtp:append(TMP)
  vim.cmd("help newsmark")
  ok(vim.bo.filetype == "help", "help opened")
  vim.cmd("helpclose")
  local text = table.concat(lines, "\n")
  for _, o in ipairs(require("newsmark.nvim.options").schema) do
    ok(text:find("*newsmark-opt-" .. o[1] .. "*", 1, true), "option " .. o[1])
  end
  for _, s in ipairs(require("newsmark.nvim.commands").names) do
    ok(text:find(":Newsmark " .. s, 1, true), "command " .. s)
  end
  for _, m in ipairs({ "]q", "[q", "]s", "[s", "<leader>nk", "<leader>nl", "<leader>na", "<leader>nx",
    "<leader>ns", "<leader>nn", "<leader>nd" }) do
    ok(text:find(m, 1, true), "mapping " .. m)
  end
end)

-- ------------------------------------------------------------------- errors
test("a Lua error in a buffer: one notification, that buffer goes inert", function()
  vim.cmd("enew")
  api.nvim_buf_set_lines(0, 0, -1, false, { 'Kerry said: "We agree."' })
  vim.bo.filetype = "text"
  local b2 = api.nvim_get_current_buf()
  local st = nv.bufs[b2]
  st.session.ranges = function()
    error("boom")
  end
  local k = #notes
  nv.guard(b2, nv.paint_persistent, b2)
  nv.guard(b2, nv.paint_persistent, b2)
  api.nvim_buf_set_lines(b2, 0, 0, false, { "more" })
  vim.cmd("Newsmark quotes")
  flush()
  eq(1, errors_since(k), "one notification")
  ok(notes[#notes].msg:find("boom"), notes[#notes].msg)
  eq(true, st.inert, "inert")
  vim.cmd("bwipeout!")
  vim.cmd("buffer " .. buf)
  ok(nv.bufs[buf].enabled and not nv.bufs[buf].inert, "other buffer unaffected")
end)

test("a broken config: one notification, the editor keeps working", function()
  local path = TMP .. "/broken.lua"
  vim.fn.writefile({ "return { styles = { person = 'not sgr' } }" }, path)
  local k = #notes
  require("newsmark").setup({ core_cpath = CPATH, config = path })
  vim.cmd("enew")
  vim.bo.filetype = "text"
  vim.cmd("enew")
  vim.bo.filetype = "markdown"
  vim.cmd("Newsmark quotes")
  vim.cmd("Newsmark toggle")
  flush()
  eq(1, errors_since(k), "one notification")
  ok(notes[#notes].msg:find("broken.lua", 1, true), notes[#notes].msg)
  ok(nv.broken, "inert")
  api.nvim_buf_set_lines(0, 0, -1, false, { "still editing" })
  eq({ "still editing" }, api.nvim_buf_get_lines(0, 0, -1, false), "editor works")
  vim.cmd("silent checkhealth newsmark")
  local text = table.concat(api.nvim_buf_get_lines(0, 0, -1, false), "\n")
  ok(text:find("ERROR: config: .*broken.lua"), text)
  vim.cmd("bwipeout!")
  -- a good setup() brings it back
  require("newsmark").setup({ core_cpath = CPATH, debounce_ms = 30 })
  eq(nil, nv.broken, "active again")
  buf = open_sample()
  ok(nv.bufs[buf] and nv.bufs[buf].enabled, "attached again")
end)

test("bad setup() options: one notification", function()
  local k = #notes
  require("newsmark").setup({ bogus = 1 })
  flush()
  eq(1, errors_since(k), "one notification")
  ok(notes[#notes].msg:find("unknown option 'bogus'", 1, true), notes[#notes].msg)
  require("newsmark").setup({ core_cpath = CPATH, mappings = false })
  vim.cmd("enew")
  vim.bo.filetype = "text"
  eq("", vim.fn.maparg("]q", "n"), "mappings = false")
  vim.cmd("bwipeout!")
  require("newsmark").setup({ core_cpath = CPATH, mappings = { hover = false } })
  vim.cmd("enew")
  vim.bo.filetype = "text"
  eq("", vim.fn.maparg("<leader>nk", "n"), "one mapping off")
  ok(vim.fn.maparg("]q", "n") ~= "", "the others on")
  vim.cmd("bwipeout!")
end)

-- a fresh nvim where newsmark.core is the 5.4 build or absent
local function child(cpath_entry, plugin_dir)
  local script = TMP .. "/child.lua"
  vim.fn.writefile({
    "vim.cmd('runtime! plugin/newsmark.lua')",
    "local msgs = {}",
    "vim.notify = function(m) msgs[#msgs + 1] = m end",
    ("package.cpath = %q .. ';' .. package.cpath"):format(cpath_entry),
    "local ok, err = pcall(function()",
    '  require("newsmark").setup({})',
    "  vim.cmd('enew'); vim.bo.filetype = 'text'",
    "  vim.cmd('Newsmark quotes')",
    "  vim.wait(50)",
    "end)",
    ("local f = io.open(%q, 'w')"):format(TMP .. "/child.out"),
    "f:write(#msgs .. '|' .. (msgs[1] or '') .. (ok and '' or '|' .. tostring(err)) .. '\\n')",
    "f:close()",
    "vim.cmd('qa!')",
  }, script)
  vim.fn.delete(TMP .. "/child.out")
  local log = vim.fn.system({ "timeout", "30", "nvim", "--headless", "-u", "NONE", "-i", "NONE", "-n", "--cmd", "set rtp^=" .. plugin_dir, "-c", "luafile " .. script })
  local f = io.open(TMP .. "/child.out")
  if not f then
    return "no result: " .. log
  end
  local res = f:read("*a")
  f:close()
  return res
end

test("a wrong-ABI module: one clear message naming LuaJIT / Lua 5.1", function()
  -- a copy of the plugin outside the tree, so the build is not found by itself
  local copy = TMP .. "/plugin"
  vim.fn.system({ "cp", "-r", ROOT .. "/plugin", copy })
  local res = child(BUILD .. "/lua/5.4/?.so", copy)
  ok(res:find("^1|newsmark: cannot load the C module newsmark.core: Neovim runs LuaJIT"), res)
  ok(res:find("Lua 5.1 ABI", 1, true) and res:find("undefined symbol", 1, true) and res:find("built for another Lua", 1, true), res)
  res = child("/nonexistent/?.so", copy)
  ok(res:find("^1|newsmark: cannot load the C module") and res:find("make nvim", 1, true), res)
end)

-- annotating by hand: tests/nvim/annotate.lua, with this file's harness
assert(loadfile(ROOT .. "/tests/nvim/annotate.lua"))({
  test = test, eq = eq, ok = ok, keys = keys, find = find, notes = notes,
  ROOT = ROOT, TMP = TMP, CPATH = CPATH, SAMPLE = SAMPLE,
})

vim.notify = real_notify
vim.fn.delete(TMP, "rf")
T.finish()

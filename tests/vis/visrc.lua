-- tests/vis/visrc.lua - the visrc of tests/vis/run.sh (VIS_PATH=tests/vis).
-- Loads the plugin like a user would, then registers `:nmselftest`, which
-- checks the painted styles and the commands inside the real vis 0.8,
-- writes TAP to $NM_VIS_OUT and exits vis with 0 (all passed) or 1.
-- NM_VIS_MODE picks the checks: full (default), nocore (newsmark.core
-- cannot be loaded), config (NEWSMARK_CONFIG is set), badconfig,
-- annotfail (an annotation command raises).
require('vis')
local root = debug.getinfo(1, "S").source:match("^@(.*)/tests/vis/[^/]*$")
package.path = root .. "/plugin/vis/?.lua;" .. package.path
local mode = os.getenv("NM_VIS_MODE") or "full"
if mode == "nocore" then
  package.preload["newsmark.core"] = function() error("module 'newsmark.core' not found (test)") end
end
local nm = require("newsmark").setup({})

local out, n, bad = {}, 0, 0
local function ok(cond, desc, extra)
  n = n + 1
  out[#out + 1] = (cond and "ok " or "not ok ") .. n .. " - " .. desc
  if not cond then
    bad = bad + 1
    out[#out + 1] = "#   " .. tostring(extra)
  end
end
local function is(got, want, desc)
  ok(got == want, desc, ("got %s, expected %s"):format(tostring(got), tostring(want)))
end

local function like(got, pat, desc)
  ok(type(got) == "string" and got:find(pat) ~= nil, desc, ("%s does not match %s"):format(tostring(got), pat))
end

local function redraw()
  vis:redraw()
end
-- the painted range starting at `start` (and its vis style string)
local function painted_at(start, kind)
  for _, p in ipairs(nm.painted) do
    if p[2] == start and (not kind or p[4] == kind) then
      return p
    end
  end
end
local function last_message()
  return nm.messages[#nm.messages] or ""
end
local function style_of(p)
  return p and vis.win and select(1, (function()
    for s, id in pairs(nm.ids) do
      if id == p[1] then return s end
    end
  end)())
end

-- the 256-colour index of speaker slot N in the default config
local function slot_fore(n)
  local view = require("newsmark.view")
  for _, st in ipairs(assert(view.new({ core = require("newsmark.core") })):styles()) do
    if st.slot == n then return st.hex.ctermfg end
  end
end

local checks = {}

function checks.full(win, text)
  redraw()
  ok(not nm.failed(), "no error", nm.failed())
  ok(#nm.painted > 0, "the viewport is painted")
  local vp = win.viewport
  local inside = true
  local ids_ok = true
  for _, p in ipairs(nm.painted) do
    inside = inside and p[2] >= vp.start and p[3] < vp.finish and p[3] >= p[2]
    ids_ok = ids_ok and p[1] >= 40 and p[1] <= 63
  end
  ok(inside, "every painted range is inside the viewport, end inclusive")
  ok(ids_ok, "every style id is in 40..63")
  local name = text:find("Helen Marsh said", 1, true) - 1
  local p = painted_at(name, "person")
  ok(p ~= nil, "the name at byte " .. name .. " is painted")
  is(p and p[3], name + #"Helen Marsh" - 1, "its vis end is finish - 1")
  like(style_of(p), "^fore:4,back:[^,]+,bold$", "person: the config's person style")
  local quote = text:find("\226\128\156We have listened", 1, true) - 1
  local q = painted_at(quote, "quote")
  ok(q ~= nil, "the first quote is painted")
  like(style_of(q), "^fore:" .. slot_fore(1) .. ",back:[^,]+$", "quote: the first speaker's palette colour")

  -- commands
  win.selection.pos = 0
  vis:command("newsmark next")
  is(win.selection.pos, quote, ":newsmark next goes to the first quote")
  local second = text:find("\226\128\156No town", 1, true) - 1
  vis:command("newsmark next")
  is(win.selection.pos, second, ":newsmark next again: the second quote")
  vis:command("newsmark prev")
  is(win.selection.pos, quote, ":newsmark prev: back to the first")
  vis:command("newsmark speaker")
  ok(last_message():find("Helen Marsh", 1, true), ":newsmark speaker names Helen Marsh", last_message())
  vis:command("newsmark next-speaker")
  is(win.selection.pos, second, ":newsmark next-speaker: her next quote")
  local nowak = text:find("\226\128\156Every storm", 1, true) - 1
  win.selection.pos = nowak
  vis:command("newsmark speaker")
  ok(last_message():find("Tomasz Nowak", 1, true), ":newsmark speaker in the third quote: Tomasz Nowak", last_message())
  -- toggles
  vis:command("newsmark toggle")
  redraw()
  is(#nm.painted, 0, ":newsmark toggle: nothing painted")
  vis:command("newsmark toggle")
  redraw()
  ok(#nm.painted > 0, ":newsmark toggle again: painted")
  vis:command("set newsmark off")
  redraw()
  is(#nm.painted, 0, ":set newsmark off")
  vis:command("set newsmark on")
  redraw()
  ok(#nm.painted > 0, ":set newsmark on")

  -- an edit: the document is parsed again
  win.selection.pos = 0
  win.file:insert(0, "Breaking: ")
  redraw()
  local p2 = painted_at(name + #"Breaking: ", "person")
  ok(p2 ~= nil, "after an insert, the name is painted at its new offset")
  win.file:delete(0, #"Breaking: ")
  redraw()
  ok(painted_at(name, "person") ~= nil, "after undoing it, at the old one")

  -- annotation commands: errors are messages, vis goes on
  vis:command("newsmark label bogus")
  ok(last_message():find("unknown label 'bogus' (person, organization, place, quote, scare_quote, speaker_ref)", 1, true),
    ":newsmark label with a bad kind lists the valid ones", last_message())
  win.selection.pos = 0
  vis:command("newsmark label person")
  ok(last_message():find("select the text to label first", 1, true), ":newsmark label without a selection says so",
    last_message())
  win.selection.pos = 0
  vis:command("newsmark speaker Helen Marsh")
  ok(last_message():find("no quote under the cursor", 1, true), ":newsmark speaker NAME outside a quote",
    last_message())
  local port = text:find("Portsmouth", 1, true) - 1
  win.selection.pos = port + 1
  vis:command("newsmark reject")
  ok(last_message():find("rejected place “Portsmouth”", 1, true), ":newsmark reject on a place", last_message())
  redraw()
  is(painted_at(port, "place"), nil, "the rejected place is not painted")
  vis:command("newsmark delete")
  redraw()
  ok(painted_at(port, "place") ~= nil, ":newsmark delete brings it back")
  -- a label on a selection set from Lua, then an edit before it: it moves
  local wall = text:find("sea wall", 1, true) - 1
  win.selection.range = { start = wall, finish = wall + #"sea wall" }
  ok(win.selection.anchored, "(the selection is set)")
  vis:command("newsmark label place")
  ok(last_message():find("“sea wall” labelled place", 1, true), ":newsmark label place on the selection", last_message())
  redraw()
  local lp = painted_at(wall, "place")
  ok(lp and style_of(lp):find("underlined", 1, true), "the manual place is painted, underlined", lp and style_of(lp))
  win.selection.pos = 0
  win.file:insert(0, "Breaking: ")
  redraw()
  ok(painted_at(wall + 10, "place") ~= nil, "after an insert before it, the label is painted at its new offset")
  win.file:delete(0, #"Breaking: ")
  redraw()
  win.selection.pos = wall + 1
  vis:command("newsmark delete")
  redraw()
  is(painted_at(wall, "place"), nil, ":newsmark delete removes the manual label")
  ok(not nm.failed(), "no error after the annotation commands", nm.failed())

  -- listings open vis's message window (it takes the focus)
  vis:command("newsmark quotes")
  local list = last_message()
  local _, lines = list:gsub("\n", "")
  is(lines + 1, 8, ":newsmark quotes lists the 8 quotes")
  ok(list:find("^11:1 “We have listened") ~= nil, "each line starts with line:column", list:match("[^\n]*"))
  vis:command("newsmark people")
  ok(last_message():find("Helen Marsh", 1, true), ":newsmark people lists Helen Marsh", last_message())
  local before = #nm.messages
  vis:command("newsmark bogus")
  ok(#nm.messages == before + 1 and last_message():find("unknown subcommand", 1, true), "an unknown subcommand is reported")

  -- an error inside the plugin: reported once, then inert, vis goes on
  local view = require("newsmark.view")
  local S = getmetatable(assert(view.new({ core = require("newsmark.core") })))
  local saved = S.ranges
  S.ranges = function() error("injected failure") end
  local count = #nm.messages
  redraw()
  redraw()
  S.ranges = saved
  ok(nm.failed() and nm.failed():find("injected failure", 1, true), "the failure is recorded", nm.failed())
  is(#nm.messages, count + 1, "and reported once")
  ok(last_message():find("newsmark is off", 1, true), "the report says the plugin is off", last_message())
  redraw()
  is(#nm.painted, 0, "after a failure nothing is painted")
  vis:command("newsmark next")
  is(#nm.messages, count + 1, "commands are inert too")
end

-- an error inside an annotation command: reported once, then inert
function checks.annotfail(win, text)
  redraw()
  local ed = nm.annotations(win.file)
  ok(ed ~= nil, "the annotations are loaded with the file")
  getmetatable(ed).__index.run = function() error("injected annotation failure") end
  local count = #nm.messages
  win.selection.pos = text:find("Portsmouth", 1, true)
  vis:command("newsmark reject")
  vis:command("newsmark reject")
  ok(nm.failed() and nm.failed():find("injected annotation failure", 1, true), "the failure is recorded", nm.failed())
  is(#nm.messages, count + 1, "and reported once")
  ok(last_message():find("newsmark is off", 1, true), "the report says the plugin is off", last_message())
  win.file:insert(0, "x")
  is(win.file:content(0, 1), "x", "vis still edits")
end

function checks.nocore()
  redraw()
  redraw()
  ok(not nm.failed(), "a missing C module is not a failure")
  is(#nm.painted, 0, "nothing painted")
  local count = 0
  for _, m in ipairs(nm.messages) do
    if m:find("C module is missing", 1, true) then count = count + 1 end
  end
  is(count, 1, "reported once")
  vis:command("newsmark next")
  is(#nm.messages, 1, "commands stay quiet after that")
end

function checks.config(_, text)
  redraw()
  local name = text:find("Helen Marsh said", 1, true) - 1
  like(style_of(painted_at(name, "person")), "^fore:1,back:[^,]+,underlined$", "the config's person style")
  local quote = text:find("\226\128\156We have listened", 1, true) - 1
  like(style_of(painted_at(quote, "quote")), "^fore:2,back:[^,]+,bold$", "the config's palette")
end

function checks.badconfig()
  redraw()
  redraw()
  is(#nm.painted, 0, "a bad config: nothing painted")
  ok(nm.messages[1] and nm.messages[1]:find("bad%.lua[:%d]*: styles%.person: expected SGR"), "the error names the file and the key", nm.messages[1])
  is(#nm.messages, 1, "reported once")
end

vis:command_register("nmselftest", function(_, _, win)
  local text = win.file:content(0, win.file.size)
  local done, err = pcall(checks[mode], win, text)
  ok(done, "the " .. mode .. " checks ran to the end", err)
  out[#out + 1] = "1.." .. n
  local f = io.open(os.getenv("NM_VIS_OUT") or "/dev/stderr", "w")
  f:write(table.concat(out, "\n"), "\n")
  f:close()
  vis:exit(bad == 0 and 0 or 1)
  return true
end, "newsmark self-test")

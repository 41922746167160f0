-- tests/vis/stub.lua - the vis adapter against a stubbed `vis` global
-- (lua5.3 tests/vis/stub.lua ROOT): a viewport that starts inside a quote
-- (the span starting above it is painted from the viewport's first byte),
-- paint order, inclusive ends, maxsize. Prints TAP and `N passed, N failed`.
local root = arg[1] or "."
package.path = root .. "/plugin/lua/?.lua;" .. root .. "/plugin/lua/?/init.lua;" .. package.path
package.cpath = root .. "/build/lua/5.3/?.so;" .. package.cpath
local n, bad = 0, 0
local function ok(c, d, x)
  n = n + 1
  print((c and "ok " or "not ok ") .. n .. " - " .. d)
  if not c then
    bad = bad + 1
    print("#   " .. tostring(x))
  end
end
local handlers, styles = {}, {}
vis = { -- luacheck: ignore 111
  events = { WIN_HIGHLIGHT = "hl", WIN_CLOSE = "wc", FILE_CLOSE = "fc", FILE_SAVE_POST = "fsp", subscribe = function(e, f) handlers[e] = f end },
  modes = { NORMAL = 1 },
  lexers = { STYLE_DEFAULT = "fore:white,back:black" },
  info = function() end,
  message = function() end,
  command_register = function() end,
  option_register = function() end,
  map = function() end,
}
local f = assert(io.open(root .. "/tests/corpus/sample.txt", "rb"))
local text = f:read("a")
f:close()
local file = { name = "sample.txt", size = #text, modified = false }
function file:content(pos, len)
  if type(pos) == "table" then
    pos, len = pos.start, pos.finish - pos.start
  end
  return text:sub(pos + 1, pos + len)
end
local quote = text:find("\226\128\156I have residents", 1, true) - 1 -- spans two paragraphs
local qend = text:find("a wall.\226\128\157", 1, true) + #"a wall.\226\128\157" - 1
local vp0 = text:find("since October", 1, true) - 1
local painted = {}
local win = { file = file, viewport = { start = vp0, finish = vp0 + 200 } }
function win:style(id, s, e)
  painted[#painted + 1] = { id, s, e }
end
function win:style_define(id, s)
  styles[id] = s
end
local nm = require("newsmark.vis").setup({})
handlers.hl(win)
ok(not nm.failed(), "no error", nm.failed())
local first = nm.painted[1]
ok(first and first[2] == vp0 and first[4] == "quote", "the quote that starts above the viewport is painted from its first byte", first and first[2])
ok(first and first[3] == math.min(qend, vp0 + 200) - 1, "to its end, inclusive", first and first[3])
local prio_ok = true
for i = 2, #nm.painted do
  prio_ok = prio_ok and nm.painted[i][2] >= vp0 and nm.painted[i][3] < vp0 + 200
end
ok(prio_ok, "everything inside the viewport")
ok(#painted == #nm.painted, "each paint is a win:style call")
local slot2
for _, st in ipairs(assert(require("newsmark.view").new({ core = require("newsmark.core") })):styles()) do
  slot2 = st.slot == 2 and st.hex.ctermfg or slot2
end
local want = "fore:" .. tostring(slot2) .. ",back:black"
ok(first and styles[first[1]] == want, "the quote's speaker colour (slot 2) plus the theme background",
  first and styles[first[1]])
ok(quote < vp0, "(the quote starts " .. (vp0 - quote) .. " bytes above)")
-- a file over maxsize is left alone
file.size = 5 * 1024 * 1024
handlers.hl(win)
ok(#nm.painted == 0, "a file larger than maxsize is not painted")
file.size = #text
-- not an article name: not painted until toggled
local other = { file = { name = "main.c", size = #text, modified = false, content = file.content }, viewport = win.viewport, style = win.style, style_define = win.style_define }
handlers.hl(other)
ok(#nm.painted == 0, "a file that does not match the pattern is not painted")
print("1.." .. n)
print(("%d passed, %d failed"):format(n - bad, bad))
os.exit(bad == 0 and 0 or 1)

--- newsmark for vis 0.8 (docs/editors/vis.md). In visrc.lua:
--
--   require('vis')
--   package.path = '/path/to/newsmark/plugin/vis/?.lua;' .. package.path
--   require('newsmark').setup({ pattern = { '%.txt$' } })
--
-- `make install` puts this file in PREFIX/share/vis/, where a vis built
-- for PREFIX looks, so there `require('newsmark')` needs no package.path.
-- This entry only finds the rest: the shared Lua modules (plugin/lua, or
-- the installed share/lua/5.3) and the Lua 5.3 build of newsmark.core
-- (build/lua/5.3, or the installed lib/lua/5.3). vis drops relative
-- entries from package.cpath, so every path added here is absolute.
local here = debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or "."
if here:sub(1, 1) ~= "/" then
  local pwd = os.getenv("PWD")
  here = (pwd and pwd ~= "" and pwd or ".") .. "/" .. here
end
local function exists(path)
  local f = io.open(path, "rb")
  return f and (f:close() or true) or false
end
-- repository layout: plugin/vis -> plugin/lua and build/lua/5.3;
-- installed layout: share/vis -> share/lua/5.3 and lib/lua/5.3
for _, root in ipairs({ here .. "/../..", here .. "/../../.." }) do
  for _, p in ipairs({ root .. "/plugin/lua", root .. "/share/lua/5.3" }) do
    if exists(p .. "/newsmark/vis.lua") and not package.path:find(p, 1, true) then
      package.path = p .. "/?.lua;" .. p .. "/?/init.lua;" .. package.path
    end
  end
  for _, c in ipairs({ root .. "/build/lua/5.3", root .. "/lib/lua/5.3" }) do
    if exists(c .. "/newsmark/core.so") and not package.cpath:find(c, 1, true) then
      package.cpath = c .. "/?.so;" .. package.cpath
    end
  end
end
return require("newsmark.vis")

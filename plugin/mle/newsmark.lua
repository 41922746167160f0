--- newsmark uscript for mle 1.5 (Lua 5.4); docs/editors/mle.md.
--
--   mle -x /path/to/newsmark/plugin/mle/newsmark.lua \
--       -K newsmark,,1 -k cmd_newsmark_next,f6, ... -n newsmark FILE
--
-- plugin/bin/newsmark-mle does this, and adds the syntax rules that
-- colour the article. Commands: cmd_newsmark_quotes, cmd_newsmark_next,
-- cmd_newsmark_prev, cmd_newsmark_speaker, and for annotating
-- cmd_newsmark_annotate, _label, _accept, _reject, _delete, _note,
-- _set_speaker, _save, _unanchored ($NEWSMARK_MLE_FILE names the article). mle ignores errors in a script
-- it loads, so everything here is careful: a missing C module or a bad
-- config is reported once, when a command is first used.
local here = debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or "."
local function exists(path)
  local f = io.open(path, "rb")
  return f and (f:close() or true) or false
end
-- repository: plugin/mle -> plugin/lua, build/lua/5.4; installed:
-- share/newsmark/mle -> share/lua/5.4, lib/lua/5.4
for _, root in ipairs({ here .. "/../..", here .. "/../../.." }) do
  for _, p in ipairs({ root .. "/plugin/lua", root .. "/share/lua/5.4" }) do
    if exists(p .. "/newsmark/mle.lua") and not package.path:find(p, 1, true) then
      package.path = p .. "/?.lua;" .. p .. "/?/init.lua;" .. package.path
    end
  end
  for _, c in ipairs({ root .. "/build/lua/5.4", root .. "/lib/lua/5.4" }) do
    if exists(c .. "/newsmark/core.so") and not package.cpath:find(c, 1, true) then
      package.cpath = c .. "/?.so;" .. package.cpath
    end
  end
end

-- Messages go to mle's prompt (Enter closes it), and to $NEWSMARK_MLE_LOG
-- when that is set (the tests read it; mle has no message line for Lua).
local function log(msg)
  local path = os.getenv("NEWSMARK_MLE_LOG")
  if path and path ~= "" then
    local f = io.open(path, "a")
    if f then
      f:write(msg, "\n")
      f:close()
    end
  end
end
local function notify(msg)
  log(msg)
  mle.editor_prompt(msg .. "  (Enter)")
end

local function load()
  local ok, core = pcall(require, "newsmark.core")
  if not ok then
    local v = _VERSION:match("%d+%.%d+") or "5.4"
    return nil, ("the C module is missing or not built for Lua %s, which mle runs (make lua LUA=%s): %s"):format(
      v, v, (tostring(core):gsub("%s*\n%s*", " ")))
  end
  local config = require("newsmark.config")
  local path, err = config.path()
  local cfg = config.defaults()
  if path then
    cfg, err = config.load(path)
  end
  if not cfg then
    return nil, err
  end
  return require("newsmark.view").new({ core = core, config = cfg })
end

local ok, adapter = pcall(require, "newsmark.mle")
if ok then
  -- the article newsmark-mle opened (its annotations' sidecar goes beside it)
  local file = os.getenv("NEWSMARK_MLE_FILE")
  adapter.register(mle, load, notify, { file = file ~= "" and file or nil, log = log })
else -- even the Lua files are missing: commands that say so, once
  local told = false
  local names = { "quotes", "next", "prev", "speaker", "annotate", "label", "accept", "reject",
    "delete", "note", "set_speaker", "save", "unanchored" }
  for _, name in ipairs(names) do
    mle.editor_register_cmd("cmd_newsmark_" .. name, function()
      if not told then
        told = true
        pcall(notify, "newsmark: " .. tostring(adapter):match("[^\n]*"))
      end
      return true
    end)
  end
end

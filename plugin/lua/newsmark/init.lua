--- newsmark: the editor-agnostic entry point (docs/lua.md).
--
-- Re-exports the C module `newsmark.core` (every field of it is a field of
-- this module) and adds a few conveniences. Loading this module never
-- fails: the C module is loaded on first use, and when it is missing the
-- core-backed functions return `nil, msg` (the runtime-failure convention)
-- and `available()` says why, so an editor adapter can notify once and stay
-- inert. A failed load is retried once `package.cpath` changes.
local M = {}

local core, load_err, tried_cpath

--- Load `newsmark.core`. Returns the module, or nil and a message.
function M.load()
  if core then
    return core
  end
  if load_err and tried_cpath == package.cpath then
    return nil, load_err
  end
  tried_cpath = package.cpath
  local ok, mod = pcall(require, "newsmark.core")
  if ok then
    core, load_err = mod, nil
    return core
  end
  load_err = "newsmark.core is not available: " .. tostring(mod)
  return nil, load_err
end

--- true, or false and the reason the C module cannot be loaded.
function M.available()
  local c, err = M.load()
  if c then
    return true
  end
  return false, err
end

--- The build directory name of the running Lua ABI: "5.4", "5.3" or "jit"
-- (core.so lives in build/lua/<abi>/newsmark/core.so).
function M.abi()
  if rawget(_G, "jit") then
    return "jit"
  end
  return _VERSION:match("%d+%.%d+")
end

--- Compile a list of rule specs into a newsmark.rules object.
-- Each spec is `{ name = , pattern = , label = , priority = }` or
-- `{ name, pattern }`. Returns rules, or nil, msg, code (msg names the
-- failing rule and carries PCRE2's message and offset).
function M.compile_rules(specs, limits)
  local c, err = M.load()
  if not c then
    return nil, err
  end
  if type(specs) ~= "table" then
    error("bad argument #1 to 'compile_rules' (table expected, got " .. type(specs) .. ")", 2)
  end
  local rules, rerr, code = c.rules(limits)
  if not rules then
    return nil, rerr, code
  end
  for i, spec in ipairs(specs) do
    if type(spec) ~= "table" then
      error(("bad argument #1 to 'compile_rules' (spec %d is a %s)"):format(i, type(spec)), 2)
    end
    local name = spec.name or spec[1]
    local pattern = spec.pattern or spec[2]
    local ok, aerr, acode =
      rules:add(name, pattern, { label = spec.label, priority = spec.priority })
    if not ok then
      rules:close()
      return nil, aerr, acode
    end
  end
  return rules
end

--- Parse `text` like core.parse; `opts.rules` may also be a list of rule
-- specs (see compile_rules), compiled for this call. Returns a doc, or
-- nil, msg, code.
function M.parse(text, opts)
  local c, err = M.load()
  if not c then
    return nil, err
  end
  if opts and type(opts.rules) == "table" then
    local rules, rerr, code = M.compile_rules(opts.rules)
    if not rules then
      return nil, rerr, code
    end
    local copy = {}
    for k, v in pairs(opts) do
      copy[k] = v
    end
    copy.rules = rules
    opts = copy
  end
  return c.parse(text, opts)
end

--- Read a file (as bytes) and parse it. Returns a doc, or nil, msg.
function M.parse_file(path, opts)
  local f, err = io.open(path, "rb")
  if not f then
    return nil, err
  end
  local text = f:read("*a")
  f:close()
  return M.parse(text, opts)
end

--- Neovim: highlight articles, with commands and mappings (:help newsmark).
-- Loads the adapter (newsmark/nvim/) only when called.
function M.setup(opts)
  return require("newsmark.nvim").setup(opts)
end

-- Everything else (kinds, rules, lexicon, _VERSION, ...) comes from core.
return setmetatable(M, {
  __index = function(_, key)
    local c = M.load()
    return c and c[key] or nil
  end,
})

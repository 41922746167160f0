--- newsmark.nvim.options: the setup() schema, its defaults and validation.
-- The schema is also what doc/newsmark.txt documents (tests/nvim checks
-- that every option has a `newsmark-opt-<name>` tag there).
local M = {}

-- { name, types (as vim.validate takes them), default, doc }
M.schema = {
  { "filetypes", "table", { "text", "markdown", "mail" }, "Filetypes attached when auto_attach is on." },
  { "auto_attach", "boolean", true, "Attach to buffers of `filetypes` as they are opened." },
  { "config", { "string", "table" }, nil, "newsmark config: a file path, a table, or nil for config.path()." },
  { "core_cpath", "string", nil, "A package.cpath template for newsmark/core.so (e.g. /src/newsmark/build/lua/jit/?.so)." },
  { "debounce_ms", "number", 100, "Delay between the last edit and the reparse." },
  { "labels", "boolean", true, "Show the speaker as virtual text after each quote." },
  { "label_pos", "string", "eol", "virt_text_pos of the labels: eol or right_align." },
  { "priority", "number", 200, "Base extmark priority; kinds add 10 (blocks) to 60 (rule hits)." },
  { "wrap", "boolean", nil, "Jumps wrap around the buffer (nil: follow 'wrapscan')." },
  { "hover_border", { "string", "table" }, "rounded", "Border of the hover window." },
  {
    "annotate",
    "boolean",
    true,
    "Annotating by hand: load FILE.newsmark.json with the article, save it on :w, offer the annotation commands.",
  },
  {
    "mappings",
    { "table", "boolean" },
    {
      next_quote = "]q",
      prev_quote = "[q",
      next_speaker = "]s",
      prev_speaker = "[s",
      hover = "<leader>nk",
      label = "<leader>nl",
      accept = "<leader>na",
      reject = "<leader>nx",
      speaker = "<leader>ns",
      note = "<leader>nn",
      delete = "<leader>nd",
    },
    "Buffer-local normal-mode mappings; false turns them all off, a key set to false turns one off.",
  },
}

M.mapping_names = { "next_quote", "prev_quote", "next_speaker", "prev_speaker", "hover" }
vim.list_extend(M.mapping_names, { "label", "accept", "reject", "speaker", "note", "delete" })

--- The defaults, a fresh table on every call.
function M.defaults()
  local out = {}
  for _, o in ipairs(M.schema) do
    out[o[1]] = vim.deepcopy(o[3])
  end
  return out
end

--- Validate user options; returns the full options or nil, msg.
function M.resolve(user)
  if user == nil then
    user = {}
  end
  if type(user) ~= "table" then
    return nil, "setup() expects a table, got " .. type(user)
  end
  local known = {}
  for _, o in ipairs(M.schema) do
    known[o[1]] = o
  end
  for k in pairs(user) do
    if not known[k] then
      return nil, ("setup(): unknown option '%s'"):format(tostring(k))
    end
  end
  local spec = {}
  for _, o in ipairs(M.schema) do
    spec[o[1]] = { user[o[1]], o[2], true }
  end
  local ok, err = pcall(vim.validate, spec)
  if not ok then
    return nil, "setup(): " .. tostring(err)
  end
  local opts = vim.tbl_deep_extend("force", M.defaults(), user)
  if type(user.filetypes) == "table" then
    opts.filetypes = vim.deepcopy(user.filetypes) -- a list replaces, not merges
  end
  if opts.mappings == true then
    opts.mappings = M.defaults().mappings
  elseif type(opts.mappings) == "table" then
    for k, v in pairs(opts.mappings) do
      if not vim.tbl_contains(M.mapping_names, k) then
        return nil, ("setup(): unknown mapping '%s'"):format(tostring(k))
      end
      if v ~= false and type(v) ~= "string" then
        return nil, ("setup(): mappings.%s: expected a key string or false"):format(k)
      end
    end
  end
  if opts.label_pos ~= "eol" and opts.label_pos ~= "right_align" then
    return nil, "setup(): label_pos: expected 'eol' or 'right_align'"
  end
  return opts
end

return M

--- newsmark.nvim.highlight: the Newsmark* highlight groups.
-- A kind whose style the newsmark config leaves at its default links to a
-- standard group, so the colorscheme decides; a style the config sets is
-- applied as colours. Speaker groups take the config's palette. Every
-- group is set with default = true (a user's :highlight wins) and is set
-- again on ColorScheme (a colorscheme's :hi clear removes them).
local M = {}

M.links = {
  boilerplate = "Comment",
  headline = "Title",
  standfirst = "Special",
  image_credit = "Comment",
  caption = "Comment",
  source_line = "Comment",
  byline = "Special",
  date_line = "Comment",
  subhead = "Title",
  paragraph = "Normal",
  dateline = "PreProc",
  quote = "String",
  scare_quote = "Character",
  person = "Identifier",
  organization = "Type",
  place = "Constant",
  role = "Label",
  cue = "Statement",
  speaker_ref = "Function",
  rule = "Todo",
}

-- groups of the adapter itself
M.extra = {
  NewsmarkLabel = "Comment", -- the speaker virtual text
  NewsmarkHoverTitle = "Title",
}

local function attrs(hex)
  local a = { default = true }
  for _, k in ipairs({ "fg", "bg", "ctermfg", "ctermbg", "bold", "italic", "underline", "reverse" }) do
    a[k] = hex[k]
  end
  return a -- (cterm attributes default to these in 0.7+)
end

--- Define every group `styles` (session:styles()) names.
function M.apply(styles)
  local set = vim.api.nvim_set_hl
  for _, st in ipairs(styles or {}) do
    local link = st.is_default and not st.slot and M.links[st.kind]
    if link then
      set(0, st.group, { link = link, default = true })
    else
      set(0, st.group, attrs(st.hex))
    end
  end
  for group, link in pairs(M.extra) do
    set(0, group, { link = link, default = true })
  end
end

return M

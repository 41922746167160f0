-- newsmark for Neovim (>= 0.7): the :Newsmark command and the load guard
-- only; everything else is loaded on first use (lua/newsmark/nvim/).
-- Highlighting starts with require("newsmark").setup() (:help newsmark).
if vim.g.loaded_newsmark == 1 or vim.fn.has("nvim-0.7") ~= 1 then
  return
end
vim.g.loaded_newsmark = 1

vim.api.nvim_create_user_command("Newsmark", function(a)
  require("newsmark.nvim").command(a)
end, {
  nargs = "*",
  range = true, -- :'<,'>Newsmark label KIND
  desc = "newsmark: toggle, labels, quotes, people, speakers, export, hover, next, prev, label, speaker, accept, reject, …",
  complete = function(lead, line)
    return require("newsmark.nvim").complete(lead, line)
  end,
})

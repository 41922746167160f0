--- newsmark.nvim.undo: tying annotation operations to the buffer's undo
-- (newsmark.nvim.annotate). Neovim's undo knows only text, so an operation
-- makes a change of no text (step); its annotation state is recorded under
-- the undo sequence number that change gets, and when undo / redo moves the
-- buffer to another state, nearest() says which recorded state holds there.
local M = {}
local api = vim.api

--- The buffer's current undo sequence number (changenr()).
function M.changenr(buf)
  return api.nvim_buf_call(buf, function()
    return vim.fn.changenr()
  end)
end

-- seq -> parent seq over the whole undo tree: an entry's parent is the
-- one before it in its list; an `alt` list branches from the same parent.
local function parents(entries, parent, out)
  local prev = parent
  for _, e in ipairs(entries or {}) do
    out[e.seq] = prev
    if e.alt then
      parents(e.alt, prev, out)
    end
    prev = e.seq
  end
  return out
end
M.parents = parents

--- The key of `states` ({ [seq] = … }) that holds at undo state `cur`:
-- cur itself when recorded, else its nearest ancestor in the undo tree that
-- is; nil when none on the path is (a state from before the first
-- recorded one).
function M.nearest(buf, states, cur)
  if states[cur] then
    return cur
  end
  local tree = api.nvim_buf_call(buf, function()
    return vim.fn.undotree()
  end)
  local par = parents(tree.entries, 0, {})
  local s = par[cur]
  while s do
    if states[s] then
      return s
    end
    s = par[s]
  end
  return nil
end

--- Replace line `row` of st.buf by itself: an undo step of its own that
-- changes no text (and marks the buffer modified). Returns its sequence
-- number, or nil when the buffer cannot be changed ('nomodifiable',
-- 'readonly').
function M.step(st, row)
  local buf = st.buf
  if not vim.bo[buf].modifiable or vim.bo[buf].readonly then
    return nil
  end
  -- the text stays the same, so the snapshot stays valid: no reparse, and
  -- the line is not left unpainted as an edited one would be (on_lines
  -- in init.lua ignores the change while st.quiet is set)
  st.quiet = true
  local ok, seq = pcall(api.nvim_buf_call, buf, function()
    vim.bo[buf].undolevels = vim.bo[buf].undolevels -- close the undo block (:help undo-break)
    local line = api.nvim_buf_get_lines(buf, row, row + 1, false)
    api.nvim_buf_set_lines(buf, row, row + 1, false, line)
    vim.bo[buf].undolevels = vim.bo[buf].undolevels -- and do not join what follows
    return vim.fn.changenr()
  end)
  st.quiet = false
  if not ok then
    error(seq, 0)
  end
  st.tick = api.nvim_buf_get_changedtick(buf)
  return seq
end

return M

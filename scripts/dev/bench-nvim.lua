-- scripts/dev/bench-nvim.lua: the Neovim repaint time after an edit (run by
-- scripts/dev/bench-nvim.sh inside `nvim --headless`). Loads NM_BENCH_FILE
-- into a buffer, attaches newsmark, puts a 40-row window in the middle, then
-- RUNS times: a one-line edit (a word typed into the middle row, then
-- removed), and the time from the edit to the repaint being done: the
-- reparse newsmark runs when the debounce timer fires (read the lines,
-- parse, quotes and speaker colours, redraw request) plus the decoration
-- provider's work for the viewport (styled ranges and speaker labels ->
-- marks). Prints medians of the wall time and of the CPU time (os.clock:
-- what the wall time is when the machine is not shared); the result is one
-- line `nvim-repaint median_ms=X ...`.
local api = vim.api
local file = assert(os.getenv("NM_BENCH_FILE"), "NM_BENCH_FILE")
local runs = tonumber(os.getenv("NM_BENCH_RUNS") or "51")
local ok, err = pcall(function()
  require("newsmark").setup({ core_cpath = os.getenv("NM_BENCH_CPATH"), debounce_ms = 60000 })
  local nv = require("newsmark.nvim")
  local paint = require("newsmark.nvim.paint")
  vim.cmd("silent edit " .. vim.fn.fnameescape(file))
  vim.bo.filetype = "text"
  local buf = api.nvim_get_current_buf()
  local st = assert(nv.bufs[buf], nv.broken or "not attached")
  vim.o.lines, vim.o.columns = 45, 120
  api.nvim_win_set_height(0, 40)
  local nlines = api.nvim_buf_line_count(buf)
  local mid = math.floor(nlines / 2)
  api.nvim_win_set_cursor(0, { mid + 1, 0 })
  vim.cmd("normal! zz")
  local top, bot = vim.fn.line("w0") - 1, vim.fn.line("w$") - 1
  local hr, cpu = vim.loop.hrtime, os.clock
  local total, tcpu, parse, view, marks = {}, {}, {}, {}, 0
  for i = 1, runs + 3 do
    if i % 2 == 1 then
      api.nvim_buf_set_text(buf, mid, 0, mid, 0, { "Meanwhile " })
    else
      api.nvim_buf_set_text(buf, mid, 0, mid, #"Meanwhile ", { "" })
    end
    local c0, t0 = cpu(), hr()
    nv.reparse(buf) -- what the debounce timer runs
    local t1 = hr()
    local m = paint.marks(st, top, bot, nv.opts.priority) -- what on_win paints
    local t2, c2 = hr(), cpu()
    if i > 3 then -- after a warm-up
      total[#total + 1] = (t2 - t0) / 1e6
      tcpu[#tcpu + 1] = (c2 - c0) * 1e3
      view[#view + 1] = (t2 - t1) / 1e6
      marks = #m
      -- the parse alone (newsmark.core plus the quotes' speaker colours)
      local text = table.concat(api.nvim_buf_get_lines(buf, 0, -1, false), "\n") .. "\n"
      st.session._last = nil
      local s0 = hr()
      st.session:parse(text)
      parse[#parse + 1] = (hr() - s0) / 1e6
    end
  end
  local function median(t)
    table.sort(t)
    return t[math.floor(#t / 2) + 1]
  end
  local function p90(t)
    table.sort(t)
    return t[math.min(#t, math.floor(#t * 0.9) + 1)]
  end
  local size = vim.fn.getfsize(file)
  io.stdout:write(
    ("nvim-repaint median_ms=%.3f p90_ms=%.3f cpu_ms=%.3f parse_ms=%.3f viewport_ms=%.3f bytes=%d lines=%d quotes=%d marks=%d rows=%d runs=%d\n"):format(
      median(total),
      p90(total),
      median(tcpu),
      median(parse),
      median(view),
      size,
      nlines,
      #st.snap.quotes,
      marks,
      bot - top + 1,
      #total
    )
  )
end)
if not ok then
  io.stdout:write("nvim-repaint error: " .. tostring(err) .. "\n")
  vim.cmd("cquit 1")
end
vim.cmd("qa!")

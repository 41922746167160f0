--- newsmark.nvim.paint: styled ranges and speaker labels -> extmarks.
-- The decoration provider paints ephemeral extmarks for the rows a window
-- shows (marks()), so a large file costs only its viewport and a reparse
-- sets no marks at all. Between an edit and the debounced reparse, the last
-- snapshot is still painted: rows below an edit are shifted by the lines it
-- added or removed, and the edited rows are left unpainted until the
-- reparse. window(..., false) paints the same marks persistently (tests).
local M = {}
local api = vim.api

-- The buffer row of a snapshot row after `edits` ({first, last_old,
-- last_new} as on_lines reports them, in order), or nil when edited.
local function map_row(edits, r)
  for i = 1, #edits do
    local e = edits[i]
    if r >= e[2] then
      r = r + (e[3] - e[2])
    elseif r >= e[1] then
      return nil
    end
  end
  return r
end
M.map_row = map_row

--- The marks for buffer rows [top, bot]: a list of
-- { row, col, end_row, end_col, group, priority } (0-based, byte columns)
-- and, for speaker labels, { row, col, nil, nil, "NewsmarkLabel",
-- priority, "— Speaker" } (one per speaker and row, after the last quote).
function M.marks(st, top, bot, base)
  local snap, session = st.snap, st.session
  local doc, edits = snap.doc, st.edits
  local up, down = 0, 0
  for i = 1, #edits do
    local d = edits[i][3] - edits[i][2]
    if d > 0 then
      up = up + d
    else
      down = down - d
    end
  end
  local from = doc:line_start(math.max(0, top - up))
  local to = math.max(doc:line_start(bot + down + 1), from + 1)
  local shifted = #edits > 0
  -- the annotation layer (newsmark.nvim.annotate): automatic spans rejected
  -- or overridden by hand are hidden; a changed speaker relabels its quote
  local hide, speakers = st.hide, st.speakers
  local out = {}
  for _, r in ipairs(session:ranges(snap, from, to)) do
    local key = hide and (r.kind .. ":" .. r.start .. ":" .. r.finish)
    if not (key and hide[key]) then
      local r1, c1 = doc:line_col(r.start)
      local r2, c2 = doc:line_col(r.finish)
      if shifted then
        r1, r2 = map_row(edits, r1), map_row(edits, r2)
      end
      if r1 and r2 and r2 >= top and r1 <= bot then
        local sp = key and speakers[key]
        out[#out + 1] = { r1, c1, r2, c2, sp and sp[2] or r.group, base + r.priority }
      end
    end
  end
  if st.labels then
    local seen = {}
    for _, q in ipairs(session:quotes(snap, from, to)) do
      local qkey = hide and ("quote:" .. q.start .. ":" .. q.finish)
      local label = session:label(snap, q)
      if qkey and hide[qkey] then
        label = nil
      elseif qkey and speakers[qkey] then
        label = speakers[qkey][1] and ("— " .. speakers[qkey][1])
      end
      if label then
        local row, col = doc:line_col(q.finish)
        if shifted then
          row = map_row(edits, row)
        end
        if row and row >= top and row <= bot then
          local key = row .. "\0" .. label
          local m = { row, col, nil, nil, "NewsmarkLabel", base, label }
          if seen[key] then
            out[seen[key]] = m
          else
            out[#out + 1] = m
            seen[key] = #out
          end
        end
      end
    end
  end
  return out
end

local function set(buf, ns, m, ephemeral, pos)
  if m[7] then
    api.nvim_buf_set_extmark(buf, ns, m[1], m[2], {
      virt_text = { { m[7], m[5] } },
      virt_text_pos = pos,
      priority = m[6],
      ephemeral = ephemeral,
      strict = false,
    })
  else
    api.nvim_buf_set_extmark(buf, ns, m[1], m[2], {
      end_row = m[3],
      end_col = m[4],
      hl_group = m[5],
      priority = m[6],
      ephemeral = ephemeral,
      strict = false,
    })
  end
end

--- Paint the rows [top, bot] of st.buf: ephemeral marks from the
-- decoration provider's on_win, persistent ones for tests (after clearing
-- the namespace). Returns the marks.
function M.window(st, ns, top, bot, opts, ephemeral)
  local marks = M.marks(st, top, bot, opts.priority)
  if not ephemeral then
    api.nvim_buf_clear_namespace(st.buf, ns, 0, -1)
  end
  for i = 1, #marks do
    set(st.buf, ns, marks[i], ephemeral, opts.label_pos)
  end
  return marks
end

return M

-- quotes-by-speaker.lua: every quote of some articles, grouped by speaker.
-- lua5.4 quotes-by-speaker.lua FILE|FOLDER|- ...   (docs/scripts.md, "Your own script")
local newsmark = require("newsmark")
local batch = require("newsmark.batch")

local quotes, speakers = {}, {}
for item in batch.items(arg) do -- files, folders (their *.txt), "-" for standard input
  local text, err = batch.item_text(item)
  if not text then io.stderr:write(item.label, ": ", err, "\n") end
  for _, q in ipairs(text and newsmark.parse(text):quotes() or {}) do
    local who = q.speaker or "(no named source)"
    if not quotes[who] then quotes[who], speakers[#speakers + 1] = {}, who end
    table.insert(quotes[who], q.text)
  end
end
table.sort(speakers)
for _, who in ipairs(speakers) do
  print(who .. " (" .. #quotes[who] .. ")\n  " .. table.concat(quotes[who], "\n  "))
end

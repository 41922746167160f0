-- tests/lib/expect.lua ROOT HOST WHAT: the attributes (as tests/lib/screen.py
-- prints them) that HOST (vis or mle) should show for WHAT (a kind such as
-- person, or slotN for speaker N) with the default config, so that the
-- host tests do not hard-code the palette. Run with lua5.4.
local root, host, what = arg[1], arg[2], arg[3]
package.path = root .. "/plugin/lua/?.lua;" .. package.path
package.cpath = root .. "/build/lua/5.4/?.so;" .. package.cpath
local view = require("newsmark.view")
local session = assert(view.new({ core = require("newsmark.core") }))
local slot = tonumber(what:match("^slot(%d+)$"))
local style
for _, st in ipairs(session:styles()) do
  if (slot and st.slot == slot) or (not slot and st.group == view.group_name(what)) then
    style = st
  end
end
assert(style, "no style for " .. what)
local flags, fg = {}, nil
if host == "vis" then
  local h = style.hex
  for _, f in ipairs({ "bold", "italic", "underline", "reverse" }) do
    flags[#flags + 1] = h[f] and f or nil
  end
  fg = h.ctermfg
else
  local mle = require("newsmark.mle")
  local code = slot and mle.slot_colors(session)[slot][1] or mle.color(style.hex) or 0
  for bit, f in pairs({ [256] = "bold", [512] = "underline", [1024] = "reverse" }) do
    if code & bit ~= 0 then
      flags[#flags + 1] = f
    end
  end
  table.sort(flags, function(a, b)
    local order = { bold = 1, underline = 2, reverse = 3 }
    return order[a] < order[b]
  end)
  fg = code % 256 > 0 and code % 256 - 1 or nil
end
if fg then
  flags[#flags + 1] = "fg=" .. fg
end
print(#flags > 0 and table.concat(flags, " ") or "plain")

-- scripts/dev/bench-lua.lua - `make bench`: the time of one parse of an
-- article through newsmark.core under lua5.4, to set against nm-bench's
-- time for the same bytes (scripts/dev/bench.sh runs the two alternately).
--
--   lua5.4 scripts/dev/bench-lua.lua [--build DIR] [--bytes N]
--          [--min-runs N] [--seconds S] FILE
--
-- Parses the first N bytes of FILE (pass nm-bench's `bytes=`, the length
-- of its cut, for the very same text) with nm.parse, after two warm-up
-- parses, again and again until --min-runs parses (30) and --seconds (2) of
-- CPU time, and closes each doc with doc:close() once its clock has
-- stopped, as nm-bench frees each doc after its clock. The clock is
-- os.clock(), process CPU time, which is nm-bench's median_cpu_ms clock.
-- A parse through Lua is nm_doc_parse plus the binding's own work: the
-- argument checks, the userdata, and the collector step it takes for the
-- doc's C memory (docs/lua.md, nm.parse). Prints one line:
-- `lua-bench bytes=... runs=... median_cpu_ms=... min_cpu_ms=...
-- p90_cpu_ms=... spans=... lua=...`.
local build, want, min_runs, seconds, path = "build", nil, 30, 2.0, nil
local i = 1
while i <= #arg do
  local a = arg[i]
  if a == "--build" then
    build, i = arg[i + 1], i + 1
  elseif a == "--bytes" then
    want, i = tonumber(arg[i + 1]), i + 1
  elseif a == "--min-runs" then
    min_runs, i = tonumber(arg[i + 1]), i + 1
  elseif a == "--seconds" then
    seconds, i = tonumber(arg[i + 1]), i + 1
  elseif a:sub(1, 1) == "-" or path then
    io.stderr:write("usage: bench-lua.lua [--build DIR] [--bytes N] [--min-runs N] [--seconds S] FILE\n")
    os.exit(2)
  else
    path = a
  end
  i = i + 1
end
if not path or not build or not min_runs or not seconds then
  io.stderr:write("usage: bench-lua.lua [--build DIR] [--bytes N] [--min-runs N] [--seconds S] FILE\n")
  os.exit(2)
end

local abi = rawget(_G, "jit") and "jit" or _VERSION:match("%d+%.%d+")
package.cpath = build .. "/lua/" .. abi .. "/?.so;" .. package.cpath
local nm = require("newsmark.core")

local f = assert(io.open(path, "rb"))
local text = want and f:read(want) or f:read("a")
f:close()

local clock = os.clock
local times, spans = {}, 0
local start = clock()
for warm = -1, math.huge do
  local t0 = clock()
  local doc, err = nm.parse(text)
  local t1 = clock()
  if not doc then
    io.stderr:write("bench-lua: ", tostring(err), "\n")
    os.exit(1)
  end
  spans = doc:count()
  doc:close()
  if warm > 0 then
    times[#times + 1] = (t1 - t0) * 1e3
    if #times >= min_runs and clock() - start >= seconds then
      break
    end
  end
end

table.sort(times)
local n = #times
local median = n % 2 == 1 and times[(n + 1) // 2] or (times[n // 2] + times[n // 2 + 1]) / 2
local p90 = times[math.min(n, n * 9 // 10 + 1)]
io.write(("lua-bench bytes=%d runs=%d median_cpu_ms=%.4f min_cpu_ms=%.4f p90_cpu_ms=%.4f spans=%d lua=%s\n"):format(
  #text,
  n,
  median,
  times[1],
  p90,
  spans,
  (_VERSION:gsub(" ", "-"))
))

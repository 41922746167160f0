-- tests/nvim/tap.lua: the TAP-like harness of the headless Neovim scripts
-- (run.lua, faults.lua): `local T = dofile(ROOT .. "/tests/nvim/tap.lua")`.
-- T.test(name, fn) runs fn (returning "skip" skips it) and prints
-- `ok N - name` or `not ok N - name` with the traceback; T.ok and T.eq
-- raise at the caller's line; T.finish() prints `N passed, N failed,
-- N skipped` and leaves Neovim, with :cquit 1 when anything failed.
local T = {}
local passed, failed, skipped, n = 0, 0, 0, 0

local function out(s)
  io.stdout:write(s, "\n")
end

function T.test(name, fn)
  n = n + 1
  local ok, err = xpcall(fn, debug.traceback)
  if ok and err == "skip" then
    skipped = skipped + 1
    out(("ok %d - %s # SKIP"):format(n, name))
  elseif ok then
    passed = passed + 1
    out(("ok %d - %s"):format(n, name))
  else
    failed = failed + 1
    out(("not ok %d - %s"):format(n, name))
    for line in tostring(err):gmatch("[^\n]+") do
      out("# " .. line)
    end
  end
end

function T.eq(want, got, what)
  if not vim.deep_equal(want, got) then
    error(("%s: expected %s, got %s"):format(what or "value", vim.inspect(want), vim.inspect(got)), 2)
  end
end

function T.ok(cond, what)
  if not cond then
    error(what or "assertion failed", 2)
  end
end

function T.finish()
  out(("%d passed, %d failed, %d skipped"):format(passed, failed, skipped))
  if failed > 0 then
    vim.cmd("cquit 1")
  end
  vim.cmd("qa!")
end

return T

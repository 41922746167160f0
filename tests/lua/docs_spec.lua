-- docs/lua.md documents every function and method the modules expose,
-- each under a "### " heading, and opens with the error convention.
local nm = require("newsmark.core")
local newsmark = require("newsmark")

local function read_docs()
  local f = assert(io.open("docs/lua.md", "rb"))
  local text = f:read("*a")
  f:close()
  return text
end

local function names(t)
  local out = {}
  for k, v in pairs(t) do
    if type(v) == "function" and not k:match("^__") then
      out[#out + 1] = k
    end
  end
  table.sort(out)
  return out
end

describe("docs/lua.md", function()
  local docs = read_docs()
  local headings = {}
  for line in docs:gmatch("[^\n]+") do
    if line:match("^### ") then
      headings[#headings + 1] = line
    end
  end
  local function documented(prefix, name)
    local pat = prefix:gsub("%p", "%%%0") .. name:gsub("%p", "%%%0") .. "[%(`,]"
    for _, h in ipairs(headings) do
      if h:match(pat) then
        return true
      end
    end
    return false
  end

  it("opens with the error convention", function()
    local first = docs:match("\n## ([^\n]+)")
    assert.equal("Error convention", first)
  end)

  it("has a heading for every module function", function()
    for _, name in ipairs(names(nm)) do
      assert.is_true(documented("nm.", name), "nm." .. name)
    end
  end)

  it("has a heading for every method", function()
    local objects = {
      doc = nm.parse("x"),
      rules = nm.rules(),
      lexicon = nm.lexicon(),
    }
    for prefix, obj in pairs(objects) do
      for _, name in ipairs(names(getmetatable(obj).__index)) do
        assert.is_true(documented(prefix .. ":", name), prefix .. ":" .. name)
      end
    end
  end)

  it("has a heading for every function of the pure-Lua module", function()
    for _, name in ipairs(names(newsmark)) do
      assert.is_true(documented("newsmark.", name), "newsmark." .. name)
    end
  end)

  it("has an example under every heading", function()
    local current, bodies, order = nil, {}, {}
    local in_code = false
    for line in (docs .. "\n"):gmatch("([^\n]*)\n") do
      if line:match("^```") then
        in_code = not in_code
      end
      if not in_code and line:match("^#") then
        current = line:match("^### ") and line or nil
        if current then
          order[#order + 1] = current
          bodies[current] = ""
        end
      elseif current then
        bodies[current] = bodies[current] .. line .. "\n"
      end
    end
    assert.equal(#headings, #order)
    for _, h in ipairs(order) do
      assert.matches("```lua\n", bodies[h], nil, h)
    end
  end)

end)

-- plugin/lua/newsmark/json.lua: RFC 8259 encode and decode in pure Lua.
local json = require("newsmark.json")

-- A sample of everything JSON holds, with key order and an empty array.
local SAMPLE = '{"b":1,"a":[1,-2.5,"x",null,true,false,{},[]],"c":{"z":"\\u00e9","y":0}}'

describe("newsmark.json", function()
  describe("decode", function()
    it("reads every kind of value", function()
      local v = assert(json.decode(SAMPLE))
      assert.equal(1, v.b)
      assert.equal(-2.5, v.a[2])
      assert.equal("x", v.a[3])
      assert.equal(json.null, v.a[4])
      assert.is_true(v.a[5])
      assert.is_false(v.a[6])
      assert.equal(8, #v.a)
      assert.equal("\195\169", v.c.z)
      assert.same({ "b", "a", "c" }, json.keys(v))
      assert.is_true(json.is_array(v.a[8]))
      assert.is_false(json.is_array(v.a[7]))
    end)

    it("keeps integers integers where the Lua has them", function()
      local v = json.decode("[12, 1.0, 1e2, -0, 12345678901]")
      assert.equal(12, v[1])
      assert.equal(12345678901, v[5])
      if math.type then
        assert.equal("integer", math.type(v[1]))
        assert.equal("float", math.type(v[2]))
        assert.equal("float", math.type(v[3]))
        assert.equal("integer", math.type(v[5]))
      end
    end)

    it("unescapes escapes and joins surrogate pairs", function()
      assert.equal('"\\/\b\f\n\r\t', json.decode('"\\"\\\\\\/\\b\\f\\n\\r\\t"'))
      assert.equal("\240\159\152\128", json.decode('"\\ud83d\\ude00"')) -- U+1F600
      assert.equal("\226\130\172", json.decode('"\\u20AC"')) -- €
      assert.equal("\0", json.decode('"\\u0000"'))
    end)

    it("turns lone surrogates into U+FFFD", function()
      assert.equal("\239\191\189x", json.decode('"\\ud800x"'))
      assert.equal("\239\191\189", json.decode('"\\udc00"'))
      assert.equal("\239\191\189\239\191\189", json.decode('"\\ud800\\ud800"'))
    end)

    it("keeps the bytes of strings as they are", function()
      assert.equal("caf\233 \255", json.decode('"caf\233 \255"'))
    end)

    it("returns nil and a message with the byte offset for bad input", function()
      local cases = {
        { "", "unexpected end" },
        { "[1,]", "at byte 4" },
        { '{"a":1} x', "trailing" },
        { '"abc', "unterminated" },
        { '"a\nb"', "control character" },
        { '"\\x"', "invalid escape" },
        { '"\\u12"', "invalid \\u" },
        { "01", "trailing" },
        { "1.", "invalid number" },
        { "1e", "invalid number" },
        { "-", "invalid number" },
        { "{1:2}", "string key" },
        { '{"a" 1}', "':'" },
        { "[1 2]", "','" },
        { "tru", "unexpected character" },
        { "NaN", "unexpected character" },
        { string.rep("[", 600), "nested too deeply" },
      }
      for _, c in ipairs(cases) do
        local v, msg = json.decode(c[1])
        assert.is_nil(v, c[1])
        assert.is_string(msg)
        assert.truthy(msg:find(c[2], 1, true), c[1] .. " -> " .. msg)
      end
    end)

    it("takes another value for null", function()
      assert.same({ false, 1 }, json.decode("[null, 1]", { null = false }))
    end)

    it("raises on a non-string argument", function()
      assert.has_error(function()
        json.decode(nil)
      end)
    end)
  end)

  describe("encode", function()
    it("round-trips the sample byte for byte, key order included", function()
      assert.equal(SAMPLE:gsub("\\u00e9", "\195\169"), json.encode(json.decode(SAMPLE)))
    end)

    it("round-trips values through decode", function()
      local values = {
        0,
        -7,
        1.5,
        0.1,
        1 / 3,
        1e300,
        -1e-300,
        "",
        "plain",
        "\"quotes\" and \\ and / \0 \1 \31 \127",
        "caf\195\169 \226\128\156x\226\128\157 \240\159\152\128",
        { 1, 2, 3 },
        { a = { b = { c = "d" } } },
      }
      for _, v in ipairs(values) do
        local text = json.encode(v)
        local back = json.decode(text)
        assert.same(v, back, text)
        assert.equal(text, json.encode(back))
        assert.equal(text, json.encode(json.decode(json.encode(v, { ascii = true }))))
      end
    end)

    it("escapes quotes, backslashes and control characters", function()
      assert.equal('"a\\"b\\\\c"', json.encode('a"b\\c'))
      assert.equal('"\\n\\r\\t\\b\\f\\u0000\\u001f"', json.encode("\n\r\t\b\f\0\31"))
      assert.equal('"/"', json.encode("/"))
    end)

    it("writes invalid UTF-8 as \\ufffd, one per maximal invalid part", function()
      assert.equal('"a\\ufffdb"', json.encode("a\255b"))
      assert.equal('"\\ufffd"', json.encode("\226\130")) -- truncated €
      assert.equal('"\\ufffd\\ufffd"', json.encode("\192\175")) -- overlong /
      assert.equal('"\\ufffd\\ufffd\\ufffd"', json.encode("\237\160\128")) -- a surrogate
      assert.equal('"\\ufffd\\ufffd"', json.encode("\128\191"))
      assert.equal('"\\ufffd\\ufffd\\ufffd\\ufffd"', json.encode("\244\144\128\128")) -- > U+10FFFF
      assert.equal('"\\ufffd "', json.encode("\233 "))
      assert.equal('"\226\130\172"', json.encode("\226\130\172"))
      -- the output is valid UTF-8 that decodes to U+FFFD
      assert.equal("x\239\191\189", json.decode(json.encode("x\255")))
    end)

    it("escapes every non-ASCII character with ascii = true", function()
      assert.equal('"caf\\u00e9 \\u20ac \\ud83d\\ude00 \\ufffd \\u007f"',
        json.encode("caf\195\169 \226\130\172 \240\159\152\128 \255 \127", { ascii = true }))
    end)

    it("writes numbers that read back the same", function()
      assert.equal("12", json.encode(12))
      assert.equal("3", json.encode(3.0))
      assert.equal("-0.5", json.encode(-0.5))
      assert.equal("0.1", json.encode(0.1))
      assert.equal(1 / 3, json.decode(json.encode(1 / 3)))
      assert.equal("1e+300", json.encode(1e300))
    end)

    it("tells arrays from objects; json.array and json.object force one", function()
      assert.equal("[1,2]", json.encode({ 1, 2 }))
      assert.equal("{}", json.encode({}))
      assert.equal("[]", json.encode(json.array()))
      assert.equal("[]", json.encode(json.array({})))
      assert.equal('{"b":1,"a":2}', json.encode(json.object({ a = 2, b = 1 }, { "b", "a" })))
      assert.equal('{"a":2,"b":1}', json.encode({ b = 1, a = 2 }))
      assert.equal("null", json.encode(json.null))
      assert.equal("[null,1]", json.encode(json.array({ json.null, 1 })))
    end)

    it("puts keys missing from the recorded order after it, sorted", function()
      local v = json.decode('{"z":1,"y":2}')
      v.b, v.a, v.y = 3, 4, nil
      assert.equal('{"z":1,"a":4,"b":3}', json.encode(v))
    end)

    it("indents when asked, with short scalar arrays on one line", function()
      local v = json.decode('{"a":[1,2],"b":{"c":[]},"d":[{"e":true}]}')
      assert.equal(table.concat({
        "{",
        '  "a": [1, 2],',
        '  "b": {',
        '    "c": []',
        "  },",
        '  "d": [',
        "    {",
        '      "e": true',
        "    }",
        "  ]",
        "}",
      }, "\n"), json.encode(v, { indent = 2 }))
      assert.same(v, json.decode(json.encode(v, { indent = "\t" })))
    end)

    it("raises on what JSON cannot hold", function()
      assert.has_error(function()
        json.encode(function() end)
      end)
      assert.has_error(function()
        json.encode(0 / 0)
      end)
      assert.has_error(function()
        json.encode(math.huge)
      end)
      assert.has_error(function()
        json.encode({ 1, 2, x = 3 })
      end)
      assert.has_error(function()
        json.encode({ [1] = 1, [3] = 3 })
      end)
      local t = {}
      t.self = t
      assert.has_error(function()
        json.encode(t)
      end)
    end)
  end)

  describe("clean_utf8", function()
    it("leaves valid text alone and replaces the rest", function()
      local valid = "abc \195\169 \226\130\172 \240\159\152\128"
      assert.equal(valid, json.clean_utf8(valid))
      assert.equal("a\239\191\189b", json.clean_utf8("a\255b"))
      assert.equal("a?b", json.clean_utf8("a\255b", "?"))
    end)
  end)
end)

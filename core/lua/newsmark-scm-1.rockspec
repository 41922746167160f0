-- luarocks rockspec for newsmark.core and the pure-Lua `newsmark` module.
--
-- Build from a checkout, at the repository root:
--   luarocks make core/lua/newsmark-scm-1.rockspec
-- This uses the "make" build type: the root Makefile (which includes
-- core/lua/module.mk) builds the library archive with -fPIC, then
-- `lua-rock` compiles lnewsmark.c against the headers of the Lua luarocks
-- targets (LUA_INCDIR) and `install-lua-rock` copies newsmark/core.so to the
-- rock's lib dir and plugin/lua/newsmark/*.lua to its lua dir.
-- Not tested here: luarocks is not installed on the build machine.
--
-- source.url is a placeholder until the project has a public repository;
-- `luarocks make` builds the working tree and does not fetch it.
rockspec_format = "3.0"
package = "newsmark"
version = "scm-1"

source = {
  url = "git+https://example.invalid/newsmark.git",
}

description = {
  summary = "Structure, quotes, names and speakers in plain-text news articles",
  detailed = [[
newsmark parses a plain-text news article into byte-offset spans: blocks,
quotes with their speakers, names of people, organizations and places, and
custom PCRE2 rule hits. newsmark.core is the C library's Lua binding.]],
  license = "See LICENSE",
}

dependencies = {
  "lua >= 5.1, < 5.5", -- 5.1 through LuaJIT 2.1
}

external_dependencies = {
  PCRE2 = {
    header = "pcre2.h",
    library = "pcre2-8",
  },
}

build = {
  type = "make",
  makefile = "Makefile",
  build_target = "lua-rock",
  build_variables = {
    CFLAGS = "$(CFLAGS)",
    LUA_INCDIR = "$(LUA_INCDIR)",
  },
  install_target = "install-lua-rock",
  install_variables = {
    INST_LIBDIR = "$(LIBDIR)",
    INST_LUADIR = "$(LUADIR)",
  },
}

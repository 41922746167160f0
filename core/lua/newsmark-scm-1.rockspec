-- luarocks rockspec for newsmark.core and the pure-Lua `newsmark` module.
--
-- Build and install from a checkout, at the repository root:
--   luarocks make core/lua/newsmark-scm-1.rockspec [--tree DIR] [--lua-version 5.4]
-- This uses the "make" build type: the root Makefile (which includes
-- core/lua/module.mk) builds the library archive with -fPIC in build/rock/
-- (B=build/rock, so luarocks' CFLAGS never touch the objects of build/),
-- then `lua-rock` compiles lnewsmark.c against the headers of the Lua
-- luarocks targets (LUA_INCDIR) and `install-lua-rock` copies
-- newsmark/core.so to the rock's lib dir and plugin/lua/newsmark/*.lua to
-- its lua dir; luarocks then deploys them to DIR/lib/lua/<v>/ and
-- DIR/share/lua/<v>/. PCRE2 comes from luarocks' external dependency
-- lookup (PCRE2_INCDIR, PCRE2_LIBDIR; override with PCRE2_DIR=...).
-- There are no dependencies but Lua itself, so nothing is downloaded.
-- tests/cli/install.sh runs it (Lua 5.4) when luarocks is installed.
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
    B = "build/rock",
    CC = "$(CC)",
    CFLAGS = "$(CFLAGS)",
    LUA_INCDIR = "$(LUA_INCDIR)",
    PCRE2_CFLAGS = "-I$(PCRE2_INCDIR)",
    PCRE2_LIBS = "-L$(PCRE2_LIBDIR) -lpcre2-8",
  },
  install_target = "install-lua-rock",
  install_variables = {
    B = "build/rock",
    INST_LIBDIR = "$(LIBDIR)",
    INST_LUADIR = "$(LUADIR)",
  },
}

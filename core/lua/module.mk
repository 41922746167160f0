# core/lua/module.mk - the Lua C module `newsmark.core`, one build per ABI.
#
# A makefile fragment: the root Makefile does `include core/lua/module.mk`
# after its library rules. Paths are relative to the repository root.
#
# It expects (all have defaults):
#   BUILD           build directory; default $(B) when the includer sets B,
#                   else `build`
#   NM_STATIC_LIB   the library archive, compiled with -fPIC, and a rule
#                   that builds it; default $(STATIC_LIB), else
#                   $(BUILD)/lib/libnewsmark.a
#   NM_ASAN_LIB     the same compiled with ASan+UBSan (for lua-asan);
#                   default $(ASAN_LIB), else $(BUILD)/asan/lib/libnewsmark.a
#   CC CFLAGS LDFLAGS WERROR ASAN_FLAGS LIBS PKG_CONFIG PREFIX DESTDIR
#                   used as the root Makefile sets them
#   LUA             5.4, 5.3 or jit: `make lua LUA=5.4` builds one ABI only
# Lua headers come from pkg-config (lua5.4, lua5.3, luajit); override with
# NM_LUA_CFLAGS_5.4 / _5.3 / _jit. liblua is never linked: the host
# interpreter provides the Lua API (`ldd core.so` shows no liblua).
#
# Targets:
#   lua             build/lua/{5.4,5.3,jit}/newsmark/core.so
#   lua-5.4 lua-5.3 lua-jit    one of them
#   lua-asan        build/asan/lua/5.4/newsmark/core.so (ASan+UBSan)
#   test-lua        busted specs under lua5.4, lua5.3 and luajit
#   asan-lua        the 5.4 specs against the ASan build (tests/lua/asan.sh)
#   install-lua     core.so to $(PREFIX)/lib/lua/{5.4,5.3,5.1}/newsmark/ and
#                   plugin/lua/newsmark/*.lua to $(PREFIX)/share/lua/<v>/,
#                   where each interpreter looks (LuaJIT's ABI is 5.1);
#                   honours DESTDIR and LUA=5.4|5.3|jit
#   install-lua-5.4 install-lua-5.3 install-lua-jit   one ABI of it
#   uninstall-lua   (every ABI, whatever LUA says), uninstall-lua-<abi>
#   lua-rock install-lua-rock   for luarocks' "make" build type
#                   (core/lua/newsmark-scm-1.rockspec; `luarocks make` runs
#                   them with B=build/rock, so the rock's objects, built
#                   with luarocks' CFLAGS, leave build/ alone)

BUILD ?= $(if $(B),$(B),build)
NM_STATIC_LIB ?= $(if $(STATIC_LIB),$(STATIC_LIB),$(BUILD)/lib/libnewsmark.a)
NM_ASAN_LIB ?= $(if $(ASAN_LIB),$(ASAN_LIB),$(BUILD)/asan/lib/libnewsmark.a)
PKG_CONFIG ?= pkg-config
PREFIX ?= /usr/local

NM_LUA_ABIS = 5.4 5.3 jit
NM_LUA_SELECTED = $(or $(filter $(NM_LUA_ABIS),$(LUA)),$(NM_LUA_ABIS))

NM_LUA_CFLAGS_5.4 ?= $(shell $(PKG_CONFIG) --cflags lua5.4 2>/dev/null || \
                       echo -I/usr/include/lua5.4)
NM_LUA_CFLAGS_5.3 ?= $(shell $(PKG_CONFIG) --cflags lua5.3 2>/dev/null || \
                       echo -I/usr/include/lua5.3)
NM_LUA_CFLAGS_jit ?= $(shell $(PKG_CONFIG) --cflags luajit 2>/dev/null || \
                       echo -I/usr/include/luajit-2.1)

NM_LUA_CFLAGS = -std=c11 -pedantic -fPIC -fvisibility=hidden \
                -Icore/include -Icore/lua
# (a variable, since the commas would split $(or ...)'s arguments)
NM_LUA_ASAN_DEFAULT = -fsanitize=address,undefined -fno-sanitize-recover=all \
                      -fno-omit-frame-pointer
NM_LUA_ASAN_FLAGS ?= $(or $(ASAN_FLAGS),$(NM_LUA_ASAN_DEFAULT))
# The archive's objects may need libpcre2-8 and libm; never liblua.
NM_LUA_LIBS ?= $(or $(LIBS),$(shell $(PKG_CONFIG) --libs libpcre2-8 \
                 2>/dev/null || echo -lpcre2-8) -lm)
ifeq ($(shell uname -s 2>/dev/null),Darwin)
NM_LUA_SHARED = -bundle -undefined dynamic_lookup
else
# Keep the archive's NM_API symbols private: export luaopen_* only.
NM_LUA_SHARED = -shared -Wl,--exclude-libs,ALL
endif
# Rebuild when the root Makefile's compile flags change, if it tracks them.
NM_LUA_STAMP = $(if $(value flags_stamp),$(BUILD)/flags.stamp)
NM_LUA_PURE = $(sort $(wildcard plugin/lua/newsmark/*.lua))
# Where each interpreter looks first under a prefix: C modules in
# lib/lua/<v>, Lua files in share/lua/<v>; LuaJIT loads 5.1 modules.
NM_LUA_CDIR_5.4 = $(PREFIX)/lib/lua/5.4
NM_LUA_CDIR_5.3 = $(PREFIX)/lib/lua/5.3
NM_LUA_CDIR_jit = $(PREFIX)/lib/lua/5.1
NM_LUA_LDIR_5.4 = $(PREFIX)/share/lua/5.4
NM_LUA_LDIR_5.3 = $(PREFIX)/share/lua/5.3
NM_LUA_LDIR_jit = $(PREFIX)/share/lua/5.1
NM_LUA_DEPS = core/lua/lnewsmark.c core/lua/compat.h core/lua/module.mk \
              core/include/newsmark.h core/include/newsmark_rules.h

.PHONY: lua lua-5.4 lua-5.3 lua-jit lua-asan test-lua asan-lua \
        install-lua uninstall-lua lua-rock install-lua-rock \
        $(foreach v,$(NM_LUA_ABIS),install-lua-$(v) uninstall-lua-$(v))

lua: $(foreach v,$(NM_LUA_SELECTED),lua-$(v))

# $(1): ABI (5.4, 5.3, jit)
define nm_lua_abi
$$(BUILD)/lua/$(1)/lnewsmark.o: $$(NM_LUA_DEPS) $$(NM_LUA_STAMP)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CFLAGS) $$(WERROR) $$(NM_LUA_CFLAGS) $$(NM_LUA_CFLAGS_$(1)) \
	  -MMD -MP -c $$< -o $$@

$$(BUILD)/lua/$(1)/newsmark/core.so: $$(BUILD)/lua/$(1)/lnewsmark.o \
    $$(NM_STATIC_LIB)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CFLAGS) $$(NM_LUA_SHARED) -o $$@ $$< $$(NM_STATIC_LIB) \
	  $$(LDFLAGS) $$(NM_LUA_LIBS)

lua-$(1): $$(BUILD)/lua/$(1)/newsmark/core.so

$$(BUILD)/asan/lua/$(1)/lnewsmark.o: $$(NM_LUA_DEPS) $$(NM_LUA_STAMP)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CFLAGS) $$(WERROR) $$(NM_LUA_ASAN_FLAGS) $$(NM_LUA_CFLAGS) \
	  $$(NM_LUA_CFLAGS_$(1)) -MMD -MP -c $$< -o $$@

$$(BUILD)/asan/lua/$(1)/newsmark/core.so: $$(BUILD)/asan/lua/$(1)/lnewsmark.o \
    $$(NM_ASAN_LIB)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CFLAGS) $$(NM_LUA_ASAN_FLAGS) $$(NM_LUA_SHARED) -o $$@ $$< \
	  $$(NM_ASAN_LIB) $$(LDFLAGS) $$(NM_LUA_LIBS)

install-lua-$(1): lua-$(1)
	install -d '$$(DESTDIR)$$(NM_LUA_CDIR_$(1))/newsmark' \
	  '$$(DESTDIR)$$(NM_LUA_LDIR_$(1))/newsmark'
	install -m 755 $$(BUILD)/lua/$(1)/newsmark/core.so \
	  '$$(DESTDIR)$$(NM_LUA_CDIR_$(1))/newsmark/core.so'
	install -m 644 $$(NM_LUA_PURE) '$$(DESTDIR)$$(NM_LUA_LDIR_$(1))/newsmark/'

uninstall-lua-$(1):
	rm -f '$$(DESTDIR)$$(NM_LUA_CDIR_$(1))/newsmark/core.so' \
	  $$(foreach f,$$(notdir $$(NM_LUA_PURE)),'$$(DESTDIR)$$(NM_LUA_LDIR_$(1))/newsmark/$$(f)')
	rmdir '$$(DESTDIR)$$(NM_LUA_CDIR_$(1))/newsmark' \
	  '$$(DESTDIR)$$(NM_LUA_LDIR_$(1))/newsmark' 2> /dev/null || true
endef
$(foreach v,$(NM_LUA_ABIS),$(eval $(call nm_lua_abi,$(v))))

lua-asan: $(BUILD)/asan/lua/5.4/newsmark/core.so

test-lua: lua
	bash tests/lua/run.sh --build $(BUILD)

asan-lua: lua-asan
	bash tests/lua/asan.sh --build $(BUILD) --no-build

install-lua: $(foreach v,$(NM_LUA_SELECTED),install-lua-$(v))

uninstall-lua: $(foreach v,$(NM_LUA_ABIS),uninstall-lua-$(v))

# luarocks' "make" build type sets LUA_INCDIR (headers of the Lua it
# builds for), INST_LIBDIR and INST_LUADIR, and B=build/rock, PCRE2_CFLAGS
# and PCRE2_LIBS (from its PCRE2 external dependency); see the rockspec.
lua-rock: $(NM_STATIC_LIB)
	@test -n '$(LUA_INCDIR)' || { echo "lua-rock: set LUA_INCDIR" >&2; \
	  exit 1; }
	@mkdir -p $(BUILD)/lua/rock/newsmark
	$(CC) $(CFLAGS) $(NM_LUA_CFLAGS) -I'$(LUA_INCDIR)' -c \
	  core/lua/lnewsmark.c -o $(BUILD)/lua/rock/lnewsmark.o
	$(CC) $(CFLAGS) $(NM_LUA_SHARED) -o $(BUILD)/lua/rock/newsmark/core.so \
	  $(BUILD)/lua/rock/lnewsmark.o $(NM_STATIC_LIB) $(LDFLAGS) \
	  $(NM_LUA_LIBS)

install-lua-rock:
	@test -n '$(INST_LIBDIR)' -a -n '$(INST_LUADIR)' || { echo \
	  "install-lua-rock: set INST_LIBDIR and INST_LUADIR" >&2; exit 1; }
	install -d '$(INST_LIBDIR)/newsmark' '$(INST_LUADIR)/newsmark'
	install -m 755 $(BUILD)/lua/rock/newsmark/core.so \
	  '$(INST_LIBDIR)/newsmark/core.so'
	install -m 644 $(NM_LUA_PURE) '$(INST_LUADIR)/newsmark/'

-include $(foreach v,$(NM_LUA_ABIS),$(BUILD)/lua/$(v)/lnewsmark.d \
           $(BUILD)/asan/lua/$(v)/lnewsmark.d)

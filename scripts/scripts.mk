# scripts/scripts.mk - install the user scripts (docs/scripts.md).
#
# A makefile fragment: the root Makefile does `include scripts/scripts.mk`
# after core/lua/module.mk, whose `lua-5.4` target and NM_LUA_PURE list it
# uses. Paths are relative to the repository root.
#
# Targets:
#   install-scripts    newsmark-annotate and newsmark-stats to
#                      $(PREFIX)/bin (with $(PREFIX) written into them, so
#                      they find their modules under any prefix), the pure
#                      Lua modules (plugin/lua/newsmark/*.lua) to
#                      $(PREFIX)/share/lua/5.4/newsmark/ and newsmark.core
#                      for Lua 5.4 to $(PREFIX)/lib/lua/5.4/newsmark/
#   uninstall-scripts  removes them
# Both honour DESTDIR. `make install` (the C library and CLI) does not
# need Lua; these are separate so that it stays that way.

NM_SCRIPTS = scripts/newsmark-annotate scripts/newsmark-stats
NM_SCRIPTS_LUADIR = $(PREFIX)/share/lua/5.4/newsmark
NM_SCRIPTS_CDIR = $(PREFIX)/lib/lua/5.4/newsmark

.PHONY: install-scripts uninstall-scripts

install-scripts: lua-5.4
	install -d '$(DESTDIR)$(PREFIX)/bin' '$(DESTDIR)$(NM_SCRIPTS_LUADIR)' \
	  '$(DESTDIR)$(NM_SCRIPTS_CDIR)'
	@set -e; for s in $(NM_SCRIPTS); do \
	  echo "install $$s -> $(PREFIX)/bin"; \
	  sed 's|"@PREFIX@"|"$(PREFIX)"|' $$s > '$(DESTDIR)$(PREFIX)'/bin/$${s##*/}; \
	  chmod 755 '$(DESTDIR)$(PREFIX)'/bin/$${s##*/}; \
	done
	install -m 644 $(NM_LUA_PURE) '$(DESTDIR)$(NM_SCRIPTS_LUADIR)/'
	install -m 755 $(BUILD)/lua/5.4/newsmark/core.so \
	  '$(DESTDIR)$(NM_SCRIPTS_CDIR)/core.so'

uninstall-scripts:
	rm -f $(foreach s,$(NM_SCRIPTS),'$(DESTDIR)$(PREFIX)/bin/$(notdir $(s))') \
	  $(foreach f,$(notdir $(NM_LUA_PURE)),'$(DESTDIR)$(NM_SCRIPTS_LUADIR)/$(f)') \
	  '$(DESTDIR)$(NM_SCRIPTS_CDIR)/core.so'
	-rmdir '$(DESTDIR)$(NM_SCRIPTS_LUADIR)' '$(DESTDIR)$(NM_SCRIPTS_CDIR)' \
	  2>/dev/null

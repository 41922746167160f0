# scripts/scripts.mk - install the user scripts (docs/scripts.md).
#
# A makefile fragment: the root Makefile does `include scripts/scripts.mk`
# after core/lua/module.mk, whose install-lua-5.4 and uninstall-lua-5.4
# targets it uses. Paths are relative to the repository root.
#
# Targets:
#   install-scripts    newsmark-annotate and newsmark-stats to
#                      $(PREFIX)/bin (with $(PREFIX) written into them, so
#                      they find their modules under any prefix), with
#                      what they load: install-lua-5.4 (module.mk), i.e.
#                      the pure Lua modules (plugin/lua/newsmark/*.lua) in
#                      $(PREFIX)/share/lua/5.4/newsmark/ and newsmark.core
#                      for Lua 5.4 in $(PREFIX)/lib/lua/5.4/newsmark/
#   uninstall-scripts  removes them (uninstall-lua-5.4 too)
# Both honour DESTDIR. `make install` runs install-scripts along with the
# rest (the root Makefile).

NM_SCRIPTS = scripts/newsmark-annotate scripts/newsmark-stats

.PHONY: install-scripts uninstall-scripts

install-scripts: install-lua-5.4
	install -d '$(DESTDIR)$(PREFIX)/bin'
	@set -e; for s in $(NM_SCRIPTS); do \
	  echo "install $$s -> $(PREFIX)/bin"; \
	  sed 's|"@PREFIX@"|"$(PREFIX)"|' $$s > '$(DESTDIR)$(PREFIX)'/bin/$${s##*/}; \
	  chmod 755 '$(DESTDIR)$(PREFIX)'/bin/$${s##*/}; \
	done

uninstall-scripts: uninstall-lua-5.4
	rm -f $(foreach s,$(NM_SCRIPTS),'$(DESTDIR)$(PREFIX)/bin/$(notdir $(s))')

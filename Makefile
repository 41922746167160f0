# newsmark - build, test, install.  `make help` lists the targets.
#
# Variables a user may set:
#   CC, CFLAGS (default -O2 -g), LDFLAGS, PREFIX (/usr/local), DESTDIR,
#   SHARED (../shared: corpus and scorer), WERROR (-Werror in test/check),
#   EXTRA_SRCS / EXTRA_TESTS (extra .c files for the library / unit tests),
#   VERBOSE=1 (tests/run.sh prints every line of every suite).

CC ?= cc
CFLAGS ?= -O2 -g
PREFIX ?= /usr/local
DESTDIR ?=
SHARED ?= ../shared
PKG_CONFIG ?= pkg-config
CLANG_FORMAT ?= clang-format
PYTHON ?= python3

BINDIR = $(PREFIX)/bin
LIBDIR = $(PREFIX)/lib
INCLUDEDIR = $(PREFIX)/include
PKGCONFIGDIR = $(LIBDIR)/pkgconfig
MAN1DIR = $(PREFIX)/share/man/man1

VERSION := $(shell sed -n 's/^\#define NM_VERSION_STRING "\(.*\)"/\1/p' \
                 core/include/newsmark.h)
SOMAJOR := $(firstword $(subst ., ,$(VERSION)))

WARNINGS = -Wall -Wextra -Wshadow -Wcast-qual -Wstrict-prototypes \
           -Wmissing-prototypes -Wwrite-strings -Wvla -Wundef
PCRE2_CFLAGS := $(shell $(PKG_CONFIG) --cflags libpcre2-8 2>/dev/null)
PCRE2_LIBS := $(shell $(PKG_CONFIG) --libs libpcre2-8 2>/dev/null || \
                echo -lpcre2-8)
override CFLAGS += -std=c11 -pedantic -pthread $(WARNINGS) -fvisibility=hidden -fPIC \
                   -Icore/include -Icore/src $(PCRE2_CFLAGS)
LIBS = $(PCRE2_LIBS) -lm -pthread

# -Werror only where asked for (make test, make check, CI); see STYLE.md §9.
WERROR ?=
test test-run check asan: WERROR = -Werror

ASAN_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all \
             -fno-omit-frame-pointer

# Every .c file of the library, except an optional unity build (all.c).
SRCS = $(filter-out core/src/all.c, \
         $(sort $(wildcard core/src/*.c core/data/*.c))) $(EXTRA_SRCS)
UNIT_TESTS = $(sort $(wildcard tests/core/test_*.c)) $(EXTRA_TESTS)

B = build
OBJS = $(patsubst %.c,$(B)/obj/%.o,$(SRCS))
ASAN_OBJS = $(patsubst %.c,$(B)/asan/obj/%.o,$(SRCS))
TEST_BINS = $(patsubst %.c,$(B)/tests/%,$(notdir $(UNIT_TESTS)))
ASAN_TEST_BINS = $(patsubst %.c,$(B)/asan/tests/%,$(notdir $(UNIT_TESTS)))

STATIC_LIB = $(B)/lib/libnewsmark.a
SHARED_REAL = $(B)/lib/libnewsmark.so.$(VERSION)
SHARED_SONAME = libnewsmark.so.$(SOMAJOR)
SHARED_LIB = $(B)/lib/libnewsmark.so
PC = $(B)/lib/pkgconfig/newsmark.pc
PC_UNINSTALLED = $(B)/lib/pkgconfig/newsmark-uninstalled.pc
CLI = $(B)/bin/newsmark
BENCH_BIN = $(B)/bin/nm-bench
ASAN_LIB = $(B)/asan/lib/libnewsmark.a
ASAN_CLI = $(B)/asan/bin/newsmark

# tests/corpus/sample.txt once it exists, else the first dev article.
SAMPLE = $(firstword $(wildcard tests/corpus/sample.txt) \
                     $(SHARED)/corpus/dev/00.txt)

.PHONY: all core cli test test-run check asan ubsan valgrind eval bench nvim demo-nvim install uninstall \
        format format-check docs doc-check clean demo deps help FORCE
.DEFAULT_GOAL := all

all: core cli

core: $(STATIC_LIB) $(SHARED_LIB) $(PC) $(PC_UNINSTALLED)

cli: $(CLI)

# ------------------------------------------------------------------ flags
# The stamp changes when the compile command does, so objects are rebuilt.
# A build made with -Werror also counts as one made without it.
define flags_stamp
	@mkdir -p $(dir $@); new='$(1)'; werr='$(WERROR)'; \
	old=$$(cat $@ 2>/dev/null || true); \
	if [ -n "$$werr" ]; then want="$$new $$werr"; \
	  [ "$$old" = "$$want" ] || printf '%s\n' "$$want" > $@; \
	else [ "$$old" = "$$new" ] || [ "$$old" = "$$new -Werror" ] || \
	  printf '%s\n' "$$new" > $@; fi
endef

$(B)/flags.stamp: FORCE
	$(call flags_stamp,$(CC) $(CFLAGS))

$(B)/asan/flags.stamp: FORCE
	$(call flags_stamp,$(CC) $(CFLAGS) $(ASAN_FLAGS))

# ---------------------------------------------------------------- library
$(B)/obj/%.o: %.c $(B)/flags.stamp
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WERROR) -MMD -MP -c $< -o $@

$(B)/asan/obj/%.o: %.c $(B)/asan/flags.stamp
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WERROR) $(ASAN_FLAGS) -MMD -MP -c $< -o $@

$(STATIC_LIB): $(OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

$(SHARED_REAL): $(OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -shared -Wl,-soname,$(SHARED_SONAME) -o $@ $^ \
	  $(LDFLAGS) $(LIBS)

$(SHARED_LIB): $(SHARED_REAL)
	ln -sf $(notdir $(SHARED_REAL)) $(B)/lib/$(SHARED_SONAME)
	ln -sf $(SHARED_SONAME) $@

$(ASAN_LIB): $(ASAN_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

# pkg-config: the installed file, and a build-tree variant that pkg-config
# prefers when build/lib/pkgconfig is on PKG_CONFIG_PATH.
PC_SUBST = sed -e 's|@VERSION@|$(VERSION)|g' -e 's|@PCRE2@|libpcre2-8|g'

$(PC): core/newsmark.pc.in FORCE
	@mkdir -p $(dir $@)
	@$(PC_SUBST) -e 's|@LIBDIR@|$(LIBDIR)|g' \
	  -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' $< > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv -f $@.tmp $@

$(PC_UNINSTALLED): core/newsmark.pc.in
	@mkdir -p $(dir $@)
	$(PC_SUBST) -e 's|@LIBDIR@|$(CURDIR)/$(B)/lib|g' \
	  -e 's|@INCLUDEDIR@|$(CURDIR)/core/include|g' $< > $@

# The Lua module (make lua [LUA=5.4|5.3|jit], test-lua, asan-lua,
# install-lua): its own fragment, which uses the variables above.
include $(wildcard core/lua/module.mk)

# newsmark-annotate and newsmark-stats (make install-scripts,
# uninstall-scripts): their own fragment, after the Lua module's.
include $(wildcard scripts/scripts.mk)

# -------------------------------------------------------------------- CLI
# The CLI embeds Lua 5.4 to read the shared config file (core/cli/config.c,
# docs/config.md): newsmark.core is linked in (the 5.4 module's object) and
# plugin/lua/newsmark/config.lua is compiled in as a byte array, so the
# binary does not depend on where it runs from. The library stays Lua-free.
CLI_LUA_CFLAGS = $(NM_LUA_CFLAGS_5.4)
CLI_LUA_LIBS := $(shell $(PKG_CONFIG) --libs lua5.4 2>/dev/null || \
                  echo -llua5.4)
# The sidecar of an article (core/cli/sidecar.c, docs/formats.md) is
# applied by json.lua, annotate.lua and interop.lua, embedded the same way.
CLI_EMBED = config json annotate interop
CLI_EMBED_OBJS = $(foreach m,$(CLI_EMBED),$(B)/gen/$(m)_lua.o)
CLI_OBJS = $(B)/obj/core/cli/newsmark.o $(B)/obj/core/cli/config.o \
           $(B)/obj/core/cli/sidecar.o \
           $(B)/lua/5.4/lnewsmark.o $(CLI_EMBED_OBJS)
ASAN_CLI_OBJS = $(B)/asan/obj/core/cli/newsmark.o \
                $(B)/asan/obj/core/cli/config.o \
                $(B)/asan/obj/core/cli/sidecar.o \
                $(B)/asan/lua/5.4/lnewsmark.o $(CLI_EMBED_OBJS)

$(B)/obj/core/cli/config.o $(B)/obj/core/cli/sidecar.o: \
  $(B)/obj/core/cli/%.o: core/cli/%.c $(B)/flags.stamp
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WERROR) $(CLI_LUA_CFLAGS) -MMD -MP -c $< -o $@

$(B)/asan/obj/core/cli/config.o $(B)/asan/obj/core/cli/sidecar.o: \
  $(B)/asan/obj/core/cli/%.o: core/cli/%.c $(B)/asan/flags.stamp
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WERROR) $(ASAN_FLAGS) $(CLI_LUA_CFLAGS) -MMD -MP \
	  -c $< -o $@

# plugin/lua/newsmark/NAME.lua as `const unsigned char nm_cli_NAME_lua[]`
# (data only, so the ASan CLI links the same object). Kept: make would
# delete them as intermediate files of the pattern rule.
.PRECIOUS: $(B)/gen/%_lua.c
$(B)/gen/%_lua.c: plugin/lua/newsmark/%.lua
	@mkdir -p $(dir $@)
	@{ echo '/* generated from $< by the Makefile */'; \
	  echo '#include <stddef.h>'; \
	  echo 'extern const unsigned char nm_cli_$*_lua[];'; \
	  echo 'extern const size_t nm_cli_$*_lua_len;'; \
	  echo 'const unsigned char nm_cli_$*_lua[] = {'; \
	  od -An -v -tx1 $< | sed -e 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	  echo '};'; \
	  echo 'const size_t nm_cli_$*_lua_len = sizeof nm_cli_$*_lua;'; \
	} > $@.tmp && mv -f $@.tmp $@

$(B)/gen/%_lua.o: $(B)/gen/%_lua.c $(B)/flags.stamp
	$(CC) $(CFLAGS) $(WERROR) -c $< -o $@

$(CLI): $(CLI_OBJS) $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) $(CLI_LUA_LIBS) $(LIBS)

$(ASAN_CLI): $(ASAN_CLI_OBJS) $(ASAN_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(ASAN_FLAGS) -o $@ $^ $(LDFLAGS) $(CLI_LUA_LIBS) $(LIBS)

$(BENCH_BIN): $(B)/obj/core/cli/bench.o $(STATIC_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) $(LIBS)

# ------------------------------------------------------------------ tests
define unit_test
$(B)/tests/$(basename $(notdir $(1))): $(1) tests/core/tap.h $(STATIC_LIB) \
    $(B)/flags.stamp
	@mkdir -p $(B)/tests
	$$(CC) $$(CFLAGS) $$(WERROR) -Itests/core -o $$@ $(1) $(STATIC_LIB) \
	  $$(LDFLAGS) $$(LIBS)
$(B)/asan/tests/$(basename $(notdir $(1))): $(1) tests/core/tap.h \
    $(ASAN_LIB) $(B)/asan/flags.stamp
	@mkdir -p $(B)/asan/tests
	$$(CC) $$(CFLAGS) $$(WERROR) $$(ASAN_FLAGS) -Itests/core -o $$@ $(1) \
	  $(ASAN_LIB) $$(LDFLAGS) $$(LIBS)
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_test,$(t))))

# Everything: unit, golden, CLI, eval floors, then unit + golden under
# ASan+UBSan. tests/run.sh prints one final `N passed, N failed` line.
# The packages come first (a no-op when all are installed), so `make test`
# works on a fresh Debian 12 machine.
test:
	@bash scripts/dev/deps.sh
	@$(MAKE) --no-print-directory test-run WERROR=-Werror

# test_doc with the second thread that tokenises a long text
# (core/src/feed.c) on for texts of any length, its share of each block's
# work taken in turn, not by who is ahead, and a block that fails on that
# thread (share_of and test_failure there): under ThreadSanitizer and under
# ASan+UBSan (leaks on the way back from a failure). Built by clang (the
# TSan runtime comes with libclang-rt-14-dev) straight from the library's
# sources.
SAN_CC ?= clang
FEED_TESTS = $(B)/feed/test_doc_tsan $(B)/feed/test_doc_asan
FEED_FLAGS = -O1 -DNM_THREADS_MIN_TEXT=0 -DNM_FEED_TEST -Itests/core
$(B)/feed/test_doc_tsan: FEED_SAN = -fsanitize=thread
$(B)/feed/test_doc_asan: FEED_SAN = $(ASAN_FLAGS)
$(FEED_TESTS): tests/core/test_doc.c tests/core/tap.h $(SRCS) \
    $(wildcard core/src/*.h core/include/*.h) $(B)/flags.stamp
	@mkdir -p $(dir $@)
	$(SAN_CC) $(CFLAGS) $(WERROR) $(FEED_FLAGS) $(FEED_SAN) -o $@ \
	  tests/core/test_doc.c $(SRCS) $(LDFLAGS) $(LIBS)

test-run: all lua lua-asan $(TEST_BINS) $(ASAN_CLI) $(ASAN_TEST_BINS) \
          $(FEED_TESTS)
	@NM_SHARED='$(SHARED)' NM_WERROR='$(WERROR)' VERBOSE='$(VERBOSE)' \
	  bash tests/run.sh --build $(B) --unit '$(TEST_BINS)' \
	  --asan-unit '$(ASAN_TEST_BINS)' --feed-unit '$(FEED_TESTS)' --asan

check: format-check doc-check test

# ASan and UBSan run together: `ubsan` is the same target.
ubsan: asan
asan: $(ASAN_CLI) $(ASAN_TEST_BINS)
	@VERBOSE='$(VERBOSE)' bash tests/run.sh --build $(B) \
	  --asan-unit '$(ASAN_TEST_BINS)' --asan-only

valgrind: all $(TEST_BINS)
	@command -v valgrind >/dev/null || { echo "valgrind: not installed" \
	  "(make deps)"; exit 1; }
	@set -e; vg="valgrind -q --error-exitcode=1 --leak-check=full \
	  --suppressions=scripts/dev/valgrind.supp"; \
	for t in $(TEST_BINS); do echo "valgrind $$t"; \
	  $$vg $$t > /dev/null; done; \
	if [ -d '$(SHARED)/corpus/dev' ]; then \
	  for f in '$(SHARED)'/corpus/dev/*.txt; do echo "valgrind $(CLI) $$f"; \
	    $$vg $(CLI) -q --format json "$$f" > /dev/null; done; \
	else echo "valgrind: $(SHARED)/corpus/dev absent: CLI runs skipped"; \
	fi; \
	echo "valgrind: no errors"
	@$(MAKE) --no-print-directory valgrind-lua

# The busted specs that drive newsmark.core, under lua5.4 and memcheck: the
# binding's memory (docs, rule sets, lexicons, __gc and __close) and the
# library under it. About 5 minutes, most of it gc_spec.lua's loops; not
# part of `make test`. No suppression is needed for the interpreter.
VALGRIND_SPECS ?= core doc rules gc close lexicon analysis view
.PHONY: valgrind-lua
valgrind-lua: lua-5.4
	@command -v valgrind >/dev/null || { echo "valgrind: not installed" \
	  "(make deps)"; exit 1; }
	@set -e; for s in $(VALGRIND_SPECS); do \
	  echo "valgrind lua5.4 busted tests/lua/$${s}_spec.lua"; \
	  LUA_CPATH='$(CURDIR)/$(B)/lua/5.4/?.so;;' \
	  LUA_PATH='$(CURDIR)/plugin/lua/?.lua;$(CURDIR)/plugin/lua/?/init.lua;;' \
	  valgrind -q --error-exitcode=99 --leak-check=full \
	    --suppressions=scripts/dev/valgrind.supp \
	    lua5.4 /usr/bin/busted -o plainTerminal tests/lua/$${s}_spec.lua; \
	done; echo "valgrind-lua: no errors"

# The dev articles, then the Wikinews articles annotated for this project
# (tests/eval/README.md): wikinews-a, -b, -c and -e were used to find
# failures, wikinews-d is held out.
eval: $(CLI)
	@if [ -f '$(SHARED)/tools/nm-score' ]; then \
	  for set in '$(SHARED)/corpus/dev' tests/eval/wikinews-a \
	             tests/eval/wikinews-b tests/eval/wikinews-c \
	             tests/eval/wikinews-d tests/eval/wikinews-e; do \
	    if [ -d "$$set" ]; then echo "== $$set"; \
	      $(PYTHON) '$(SHARED)/tools/nm-score' --gold "$$set" \
	        --cmd '$(CLI) --format json {}' || exit 1; \
	    else echo "eval: skipped: $$set is absent"; fi; \
	  done; \
	else echo "eval: skipped: $(SHARED)/tools/nm-score is absent"; fi

# bench.sh also times the parse through newsmark.core (lua5.4) against C;
# bench-patho.sh prints the growth on pathological inputs (docs/robustness.md).
bench: $(CLI) $(BENCH_BIN) lua-5.4 lua-jit
	@NM_SHARED='$(SHARED)' NM_CFLAGS='$(CC) $(CFLAGS)' \
	  bash scripts/dev/bench.sh --build $(B)
	@NM_SHARED='$(SHARED)' bash scripts/dev/bench-nvim.sh --build $(B)
	@echo; bash scripts/dev/bench-patho.sh --build $(B)

# Neovim: the LuaJIT build of newsmark.core, which plugin/lua/newsmark/nvim
# finds in build/lua/jit by itself (docs/editors/neovim.md).
nvim: lua-jit

# ------------------------------------------------------------------- fuzz
# libFuzzer harnesses tests/fuzz/fuzz_NAME.c, seeds in tests/fuzz/corpus/NAME.
# `make test` (test-run) and `make asan` replay every seed through
# tests/fuzz/replay.c, plain and under ASan+UBSan. `make fuzz` builds each
# harness with clang -fsanitize=fuzzer,address,undefined into build/fuzz/
# and runs them one after another (tests/fuzz/fuzz.sh, docs/fuzzing.md):
# FUZZ_SECONDS each (60), FUZZ_JOBS/FUZZ_WORKERS (1/1), FUZZ_TIMEOUT per
# input (10 s), FUZZ_MERGE=1 to merge new inputs into tests/fuzz/corpus/,
# FUZZ_ARGS for more libFuzzer flags, FUZZ=parse (or rules) for one harness,
# FUZZ_MAX_LEN (4096, -max_len), FUZZ_ENTROPIC (0, -entropic: libFuzzer's
# entropic schedule took a third of each execution here), FUZZ_CMP=0 to
# build without comparison tracing (1.5-2 x the executions, blinder
# mutations; docs/fuzzing.md).
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_JOBS ?= 1
FUZZ_WORKERS ?= 1
FUZZ_TIMEOUT ?= 10
FUZZ_MERGE ?=
FUZZ_ARGS ?=
FUZZ_MAX_LEN ?= 4096
FUZZ_ENTROPIC ?= 0
FUZZ_CMP ?= 1
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer-no-link,address,undefined \
             -fno-sanitize-recover=all -fno-omit-frame-pointer \
             -DNM_THREADS_MIN_TEXT=0$(if \
             $(filter 0,$(FUZZ_CMP)), -fno-sanitize-coverage=trace-cmp)
FUZZ_NAMES = $(patsubst tests/fuzz/fuzz_%.c,%, \
               $(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ ?= $(FUZZ_NAMES)
FUZZ_OBJS = $(patsubst %.c,$(B)/fuzz/obj/%.o,$(SRCS))
FUZZ_BINS = $(patsubst %,$(B)/fuzz/fuzz_%,$(FUZZ))
FUZZ_REPLAY = $(patsubst %,$(B)/fuzz/replay_%,$(FUZZ_NAMES))
ASAN_FUZZ_REPLAY = $(patsubst %,$(B)/asan/fuzz/replay_%,$(FUZZ_NAMES))
FUZZ_DEPS = tests/fuzz/harness.h

.PHONY: fuzz fuzz-build
test-run: $(FUZZ_REPLAY) $(ASAN_FUZZ_REPLAY)
asan: $(ASAN_FUZZ_REPLAY)

$(B)/fuzz/flags.stamp: FORCE
	$(call flags_stamp,$(FUZZ_CC) $(CFLAGS) $(FUZZ_FLAGS))

$(B)/fuzz/obj/%.o: %.c $(B)/fuzz/flags.stamp
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CFLAGS) $(FUZZ_FLAGS) -MMD -MP -c $< -o $@

$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_DEPS) $(FUZZ_OBJS)
	$(FUZZ_CC) $(CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< \
	  $(FUZZ_OBJS) $(LDFLAGS) $(LIBS)

$(B)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(FUZZ_DEPS) \
    $(STATIC_LIB) $(B)/flags.stamp
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WERROR) -o $@ $< tests/fuzz/replay.c $(STATIC_LIB) \
	  $(LDFLAGS) $(LIBS)

$(B)/asan/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c \
    $(FUZZ_DEPS) $(ASAN_LIB) $(B)/asan/flags.stamp
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WERROR) $(ASAN_FLAGS) -o $@ $< tests/fuzz/replay.c \
	  $(ASAN_LIB) $(LDFLAGS) $(LIBS)

# fuzz_lua embeds Lua 5.4 and reads plugin/lua and tests/fuzz/fuzz_lua.lua
# from this tree; it needs none of the library.
FUZZ_LUA_FLAGS = $(NM_LUA_CFLAGS_5.4) -DNM_FUZZ_ROOT='"$(CURDIR)"'
FUZZ_LUA_LIBS = $(CLI_LUA_LIBS)

$(B)/fuzz/fuzz_lua: tests/fuzz/fuzz_lua.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CFLAGS) $(FUZZ_FLAGS) $(FUZZ_LUA_FLAGS) -fsanitize=fuzzer \
	  -o $@ $< $(LDFLAGS) $(FUZZ_LUA_LIBS)

$(B)/fuzz/replay_lua: tests/fuzz/fuzz_lua.c tests/fuzz/replay.c \
    $(B)/flags.stamp
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WERROR) $(FUZZ_LUA_FLAGS) -o $@ $< tests/fuzz/replay.c \
	  $(LDFLAGS) $(FUZZ_LUA_LIBS)

$(B)/asan/fuzz/replay_lua: tests/fuzz/fuzz_lua.c tests/fuzz/replay.c \
    $(B)/asan/flags.stamp
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(WERROR) $(ASAN_FLAGS) $(FUZZ_LUA_FLAGS) -o $@ $< \
	  tests/fuzz/replay.c $(LDFLAGS) $(FUZZ_LUA_LIBS)

fuzz-build: $(FUZZ_BINS)

fuzz: $(FUZZ_BINS)
	@FUZZ_SECONDS='$(FUZZ_SECONDS)' FUZZ_JOBS='$(FUZZ_JOBS)' \
	  FUZZ_WORKERS='$(FUZZ_WORKERS)' FUZZ_TIMEOUT='$(FUZZ_TIMEOUT)' \
	  FUZZ_MERGE='$(FUZZ_MERGE)' FUZZ_ARGS='$(FUZZ_ARGS)' \
	  FUZZ_MAX_LEN='$(FUZZ_MAX_LEN)' FUZZ_ENTROPIC='$(FUZZ_ENTROPIC)' \
	  bash tests/fuzz/fuzz.sh --build $(B) $(FUZZ)

# The instrumented objects are only prerequisites of a pattern rule: keep
# them, or every `make fuzz` compiles the library again.
.SECONDARY: $(FUZZ_OBJS)

-include $(FUZZ_OBJS:.o=.d)

# ---------------------------------------------------------------- install
# `make install` puts every piece where its host looks, under PREFIX and
# DESTDIR: install-core (the CLI, the libraries, headers, newsmark.pc),
# install-lua (newsmark.core per Lua ABI and the pure-Lua modules,
# core/lua/module.mk), install-scripts (scripts/scripts.mk) and
# install-plugins (below). LUA=5.4 (or 5.3, jit) limits the Lua ABIs built
# and installed, e.g. without LuaJIT. `make uninstall` removes what they
# install and the directories that are newsmark's own.
.PHONY: install-core uninstall-core install-man uninstall-man
install: install-core install-lua install-scripts install-plugins install-man

uninstall: uninstall-core uninstall-lua uninstall-scripts uninstall-plugins \
           uninstall-man

# The man pages of newsmark and of each installed script (docs/man/*.1;
# tests/docs/man.sh lints them and checks them against each --help).
MAN_PAGES = $(sort $(wildcard docs/man/*.1))

install-man:
	install -d '$(DESTDIR)$(MAN1DIR)'
	install -m 644 $(MAN_PAGES) '$(DESTDIR)$(MAN1DIR)/'

uninstall-man:
	rm -f $(patsubst docs/man/%,'$(DESTDIR)$(MAN1DIR)/%',$(MAN_PAGES))

install-core: all
	install -d '$(DESTDIR)$(BINDIR)' '$(DESTDIR)$(LIBDIR)' \
	  '$(DESTDIR)$(INCLUDEDIR)' '$(DESTDIR)$(PKGCONFIGDIR)'
	install -m 755 $(CLI) '$(DESTDIR)$(BINDIR)/newsmark'
	install -m 644 core/include/newsmark.h core/include/newsmark_rules.h \
	  '$(DESTDIR)$(INCLUDEDIR)/'
	install -m 644 $(STATIC_LIB) '$(DESTDIR)$(LIBDIR)/'
	install -m 755 $(SHARED_REAL) '$(DESTDIR)$(LIBDIR)/'
	ln -sf $(notdir $(SHARED_REAL)) '$(DESTDIR)$(LIBDIR)/$(SHARED_SONAME)'
	ln -sf $(SHARED_SONAME) '$(DESTDIR)$(LIBDIR)/libnewsmark.so'
	$(PC_SUBST) -e 's|@LIBDIR@|$(LIBDIR)|g' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' \
	  core/newsmark.pc.in > '$(DESTDIR)$(PKGCONFIGDIR)/newsmark.pc'
	chmod 644 '$(DESTDIR)$(PKGCONFIGDIR)/newsmark.pc'

uninstall-core:
	rm -f '$(DESTDIR)$(BINDIR)/newsmark' \
	  '$(DESTDIR)$(INCLUDEDIR)/newsmark.h' \
	  '$(DESTDIR)$(INCLUDEDIR)/newsmark_rules.h' \
	  '$(DESTDIR)$(LIBDIR)/libnewsmark.a' \
	  '$(DESTDIR)$(LIBDIR)/$(notdir $(SHARED_REAL))' \
	  '$(DESTDIR)$(LIBDIR)/$(SHARED_SONAME)' \
	  '$(DESTDIR)$(LIBDIR)/libnewsmark.so' \
	  '$(DESTDIR)$(PKGCONFIGDIR)/newsmark.pc'

# ----------------------------------------------- pager and editor plugins
# - newsmark-pager (less's LESSOPEN, neomutt's display_filter) and
#   newsmark-mle into BINDIR; mle's uscript into share/newsmark/mle/ (mle
#   has no plugin directory; newsmark-mle finds it from BINDIR/..).
# - vis: the entry script as share/vis/newsmark.lua, where a vis built for
#   PREFIX looks (man vis: $VIS_PATH, ~/.config/vis, /etc/vis, then
#   PREFIX/share/vis), so visrc.lua needs only require('newsmark').
# - Neovim: plugin/ as the package share/nvim/site/pack/newsmark/start/
#   newsmark/ (plugin/, lua/, doc/ and its help tags when nvim is here to
#   make them), found on 'packpath' for PREFIX /usr/local or /usr and
#   ~/.local ($XDG_DATA_HOME); with the LuaJIT newsmark.core in its
#   lua/newsmark/, so it needs no 'package.cpath' under any PREFIX.
# The Lua modules and newsmark.core the vis and mle plugins load come from
# install-lua (docs/editors/*.md).
PLUGIN_SHARE = $(PREFIX)/share/newsmark
PLUGIN_BINS = plugin/bin/newsmark-pager plugin/bin/newsmark-mle
VIS_SHARE = $(PREFIX)/share/vis
NVIM_PACK = $(PREFIX)/share/nvim/site/pack/newsmark/start/newsmark
NVIM_LUA = $(sort $(wildcard plugin/lua/newsmark/nvim/*.lua))
NVIM ?= nvim

.PHONY: install-plugins uninstall-plugins
install-plugins: install-lua
	install -d '$(DESTDIR)$(BINDIR)' '$(DESTDIR)$(PLUGIN_SHARE)/mle' \
	  '$(DESTDIR)$(VIS_SHARE)' '$(DESTDIR)$(NVIM_PACK)/plugin' \
	  '$(DESTDIR)$(NVIM_PACK)/doc' '$(DESTDIR)$(NVIM_PACK)/lua/newsmark/nvim'
	install -m 755 $(PLUGIN_BINS) '$(DESTDIR)$(BINDIR)/'
	install -m 644 plugin/mle/newsmark.lua '$(DESTDIR)$(PLUGIN_SHARE)/mle/'
	install -m 644 plugin/vis/newsmark.lua '$(DESTDIR)$(VIS_SHARE)/'
	install -m 644 plugin/plugin/newsmark.lua '$(DESTDIR)$(NVIM_PACK)/plugin/'
	install -m 644 plugin/doc/newsmark.txt '$(DESTDIR)$(NVIM_PACK)/doc/'
	install -m 644 $(NM_LUA_PURE) '$(DESTDIR)$(NVIM_PACK)/lua/newsmark/'
	install -m 644 $(NVIM_LUA) '$(DESTDIR)$(NVIM_PACK)/lua/newsmark/nvim/'
	$(if $(filter jit,$(NM_LUA_SELECTED)),install -m 755 \
	  $(BUILD)/lua/jit/newsmark/core.so '$(DESTDIR)$(NVIM_PACK)/lua/newsmark/')
	@if command -v $(NVIM) > /dev/null 2>&1; then \
	  echo "$(NVIM) -c 'helptags $(NVIM_PACK)/doc'"; \
	  timeout -s KILL 60 $(NVIM) --headless -u NONE -i NONE -n \
	    -c 'helptags $(DESTDIR)$(NVIM_PACK)/doc' -c 'qa!' < /dev/null \
	    > /dev/null 2>&1 || echo "install-plugins: no Neovim help tags"; \
	fi

uninstall-plugins: uninstall-lua
	rm -f $(patsubst plugin/bin/%,'$(DESTDIR)$(BINDIR)/%',$(PLUGIN_BINS)) \
	  '$(DESTDIR)$(PLUGIN_SHARE)/mle/newsmark.lua' \
	  '$(DESTDIR)$(VIS_SHARE)/newsmark.lua' \
	  '$(DESTDIR)$(NVIM_PACK)/plugin/newsmark.lua' \
	  '$(DESTDIR)$(NVIM_PACK)/doc/newsmark.txt' \
	  '$(DESTDIR)$(NVIM_PACK)/doc/tags' \
	  $(foreach f,$(notdir $(NM_LUA_PURE)) core.so,'$(DESTDIR)$(NVIM_PACK)/lua/newsmark/$(f)') \
	  $(foreach f,$(notdir $(NVIM_LUA)),'$(DESTDIR)$(NVIM_PACK)/lua/newsmark/nvim/$(f)')
	cd '$(DESTDIR)$(PREFIX)/share' 2> /dev/null || exit 0; \
	  rmdir newsmark/mle newsmark nvim/site/pack/newsmark/start/newsmark/lua/newsmark/nvim \
	    nvim/site/pack/newsmark/start/newsmark/lua/newsmark \
	    nvim/site/pack/newsmark/start/newsmark/lua \
	    nvim/site/pack/newsmark/start/newsmark/plugin \
	    nvim/site/pack/newsmark/start/newsmark/doc \
	    nvim/site/pack/newsmark/start/newsmark nvim/site/pack/newsmark/start \
	    nvim/site/pack/newsmark 2> /dev/null || true

# ------------------------------------------------------------------ tools
# Generated tables under core/data/ are left as their generator writes them.
FORMAT_FILES = $(sort $(wildcard core/include/*.h core/src/*.[ch] \
                 core/cli/*.[ch] core/lua/*.[ch] tests/core/*.[ch]))

format:
	$(CLANG_FORMAT) -i $(FORMAT_FILES)

format-check:
	$(CLANG_FORMAT) --dry-run --Werror $(FORMAT_FILES)

# Generated documentation; doc-check fails when any of it is stale:
# - docs/config.md's key reference and the key list of :help newsmark
#   (plugin/doc/newsmark.txt), from the config schema
#   (plugin/lua/newsmark/config.lua);
# - docs/c-api.md, from the doc comments of core/include/*.h (a public
#   declaration without one is an error too).
LUA54 ?= lua5.4
DOC_GENERATORS = scripts/dev/gen-config-doc.lua scripts/dev/gen-help-config.lua \
                 scripts/dev/gen-c-api.lua
docs:
	@set -e; for g in $(DOC_GENERATORS); do $(LUA54) $$g; done

doc-check:
	@rc=0; for g in $(DOC_GENERATORS); do $(LUA54) $$g --check || rc=1; done; \
	  exit $$rc

demo: deps
	@$(MAKE) --no-print-directory all
	@if [ -z '$(SAMPLE)' ] || [ ! -f '$(SAMPLE)' ]; then \
	  echo "demo: no sample article (tests/corpus/sample.txt or" \
	    "$(SHARED)/corpus/dev/00.txt)" >&2; exit 1; fi
	$(CLI) --format ansi --color=always '$(SAMPLE)'

# The sample article in Neovim with the plugin and nothing else (no user
# config): ]q / [q jump between quotes, <space>nk tells who a name is,
# :Newsmark quotes lists them.
demo-nvim: deps
	@$(MAKE) --no-print-directory all lua-jit
	nvim --clean -u scripts/dev/demo-nvim.lua -i NONE -n '$(SAMPLE)'

deps:
	bash scripts/dev/deps.sh

clean:
	rm -rf $(B)

help:
	@echo "make [all]       library (static, shared, .pc) and build/bin/newsmark"
	@echo "make demo        install what is missing, build, show the sample"
	@echo "make test        every test, ending with 'N passed, N failed'"
	@echo "make check       format-check + test (warnings are errors)"
	@echo "make asan        unit, golden and CLI tests under ASan+UBSan (= ubsan)"
	@echo "make valgrind    unit tests, the CLI on the dev set and the core-facing"
	@echo "                 Lua specs under valgrind (valgrind-lua: the specs only)"
	@echo "make lua         the Lua module per ABI (LUA=5.4|5.3|jit); test-lua"
	@echo "make nvim        the LuaJIT module the Neovim plugin loads"
	@echo "make eval        score the annotated articles with nm-score"
	@echo "make bench       speed and memory against wc -w (not a test)"
	@echo "make fuzz        libFuzzer harnesses, FUZZ_SECONDS=60 each (clang)"
	@echo "make install     PREFIX=$(PREFIX) DESTDIR= LUA=: everything below; uninstall"
	@echo "make install-core     the CLI, libraries, headers, newsmark.pc"
	@echo "make install-lua      newsmark.core per Lua ABI and the Lua modules"
	@echo "make install-plugins  the pager, newsmark-mle, vis and Neovim plugins"
	@echo "make install-scripts  newsmark-annotate, newsmark-stats (Lua 5.4)"
	@echo "make install-man      the man pages (share/man/man1)"
	@echo "make format      clang-format in place; make format-check"
	@echo "make docs        regenerate docs/config.md, docs/c-api.md and the help's"
	@echo "                 key list from the schema and headers; doc-check"
	@echo "make deps        apt-get what is missing (Debian 12)"
	@echo "make clean       remove build/"

FORCE:

-include $(OBJS:.o=.d) $(ASAN_OBJS:.o=.d) \
         $(B)/obj/core/cli/newsmark.d $(B)/obj/core/cli/bench.d \
         $(B)/asan/obj/core/cli/newsmark.d $(B)/obj/core/cli/config.d \
         $(B)/asan/obj/core/cli/config.d

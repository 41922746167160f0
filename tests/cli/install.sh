#!/usr/bin/env bash
# make install / uninstall, the pkg-config files, and the shared library's
# soname and exports, checked by building a program against each; every
# other installed piece where its host looks, run from the install tree
# (newsmark.core under lua5.4, lua5.3 and luajit, the scripts, the pager,
# newsmark-mle, the vis entry, the Neovim package); uninstall leaving no
# file; and `luarocks make` of core/lua/newsmark-scm-1.rockspec into a
# temporary tree (skipped without luarocks; it downloads nothing).
. "$(dirname "$0")/lib.bash"
make_() { make -s --no-print-directory WERROR="${NM_WERROR:-}" "$@"; }

cat > "$T/prog.c" <<'C'
#include <newsmark.h>
#include <stdio.h>
#include <string.h>
int main(void) {
  const char *text = "\"We will build it,\" Mayor Alan Brooks said.\n";
  nm_doc *doc = nm_doc_parse(text, strlen(text), NULL, NULL);
  if (!doc || nm_version() != NM_VERSION)
    return 1;
  printf("spans=%zu\n", nm_doc_span_count(doc));
  nm_doc_free(doc);
  return 0;
}
C

P=$T/prefix
make_ install PREFIX="$P" > "$T/install.log" 2>&1
is "make install PREFIX=DIR: exit 0" "$?" 0
for f in bin/newsmark include/newsmark.h include/newsmark_rules.h \
  lib/libnewsmark.a lib/libnewsmark.so lib/libnewsmark.so.0 \
  lib/pkgconfig/newsmark.pc; do
  ok "installs $f" test -e "$P/$f"
done
ok "the installed CLI runs" "$P/bin/newsmark" --version

export PKG_CONFIG_PATH=$P/lib/pkgconfig
ok "pkg-config finds the installed newsmark" pkg-config --exists newsmark
is "pkg-config --cflags points at the prefix" "$(pkg-config --cflags newsmark | sed "s/ *$//")" "-I$P/include"

# shellcheck disable=SC2046
cc -o "$T/prog-shared" "$T/prog.c" $(pkg-config --cflags --libs newsmark) \
  -Wl,-rpath,"$P/lib" 2> "$T/err"
is "a program builds against the shared library" "$?" 0
ok "it runs" "$T/prog-shared"
ok "it loads libnewsmark.so.0" bash -c 'ldd "$1" | grep -q "libnewsmark.so.0 => $2"' _ "$T/prog-shared" "$P/lib"

# shellcheck disable=SC2046
cc -o "$T/prog-static" "$T/prog.c" $(pkg-config --cflags newsmark) \
  "$P/lib/libnewsmark.a" $(pkg-config --libs-only-l --static newsmark | sed 's/-lnewsmark//') 2> "$T/err"
is "a program builds against the static library" "$?" 0
ok "it runs" "$T/prog-static"
ok "it needs no libnewsmark.so" bash -c '! ldd "$1" | grep -q libnewsmark' _ "$T/prog-static"

is "soname is libnewsmark.so.0" \
  "$(readelf -d "$P/lib/libnewsmark.so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')" \
  libnewsmark.so.0
is "the shared library exports only nm_* (no nm__* internals)" \
  "$(nm -D --defined-only "$P/lib/libnewsmark.so" | awk '{print $3}' | grep -v '^nm_[a-z]' | grep -c . )" 0

PKG_CONFIG_PATH=build/lib/pkgconfig
ok "the build tree's newsmark-uninstalled.pc is found" \
  bash -c 'pkg-config --cflags newsmark | grep -q "core/include"'
unset PKG_CONFIG_PATH

# ------------------------------------------------ Lua, scripts, plugins
pure=$(for f in plugin/lua/newsmark/*.lua; do basename "$f"; done)
nvim_lua=$(for f in plugin/lua/newsmark/nvim/*.lua; do basename "$f"; done)
for v in 5.4 5.3 5.1; do
  ok "installs lib/lua/$v/newsmark/core.so" test -f "$P/lib/lua/$v/newsmark/core.so"
  missing=
  for f in $pure; do [ -f "$P/share/lua/$v/newsmark/$f" ] || missing="$missing $f"; done
  is "installs every plugin/lua/newsmark/*.lua in share/lua/$v/newsmark/" "${missing:-none missing}" "none missing"
done
NP=share/nvim/site/pack/newsmark/start/newsmark
for f in bin/newsmark-annotate bin/newsmark-stats bin/newsmark-pager bin/newsmark-mle \
  share/newsmark/mle/newsmark.lua share/vis/newsmark.lua \
  $NP/plugin/newsmark.lua $NP/doc/newsmark.txt $NP/lua/newsmark/core.so; do
  ok "installs $f" test -f "$P/$f"
done
for f in bin/newsmark-annotate bin/newsmark-stats bin/newsmark-pager bin/newsmark-mle; do
  ok "$f is executable" test -x "$P/$f"
done
# a man page for every program installed in bin/, found by man(1) through
# the prefix's MANPATH
for f in "$P"/bin/*; do
  prog=$(basename "$f")
  ok "installs share/man/man1/$prog.1" test -f "$P/share/man/man1/$prog.1"
done
if command -v man > /dev/null; then
  is "man finds newsmark(1) in PREFIX/share/man" \
    "$(MANPATH=$P/share/man man -w newsmark 2> "$T/err")" "$P/share/man/man1/newsmark.1"
else
  skip "man finds newsmark(1) in PREFIX/share/man" "man is not installed"
fi
missing=
for f in $pure; do [ -f "$P/$NP/lua/newsmark/$f" ] || missing="$missing $f"; done
for f in $nvim_lua; do [ -f "$P/$NP/lua/newsmark/nvim/$f" ] || missing="$missing nvim/$f"; done
is "the Neovim package has every plugin/lua/newsmark/**.lua" "${missing:-none missing}" "none missing"

# newsmark.core and newsmark from the install tree alone: package.path and
# package.cpath name only the prefix.
cat > "$T/load.lua" <<'LUA'
local P, v = arg[1], arg[2]
package.path = P .. "/share/lua/" .. v .. "/?.lua;" .. P .. "/share/lua/" .. v .. "/?/init.lua"
package.cpath = P .. "/lib/lua/" .. v .. "/?.so"
local nm = require("newsmark.core")
local doc = assert(nm.parse('"We will build it," Mayor Alan Brooks said.\n'))
local quotes = #doc:quotes()
doc:close()
local newsmark = require("newsmark")
assert(newsmark.load() == nm, "newsmark.load() is newsmark.core")
io.write(package.searchpath("newsmark.core", package.cpath), " ", nm._VERSION, " quotes=", quotes, "\n")
LUA
version=$("$P/bin/newsmark" --version | awk '{print $2}')
for lua in lua5.4 lua5.3 luajit; do
  case $lua in luajit) v=5.1 ;; *) v=${lua#lua} ;; esac
  if ! command -v $lua > /dev/null; then
    skip "$lua loads newsmark.core from lib/lua/$v" "$lua is not installed (make deps)"
    continue
  fi
  got=$($lua "$T/load.lua" "$P" "$v" 2> "$T/err")
  is "$lua: require 'newsmark.core' and 'newsmark' from the prefix" "$got" \
    "$P/lib/lua/$v/newsmark/core.so newsmark $version quotes=1"
done

article > "$T/a.txt"
for s in newsmark-annotate newsmark-stats; do
  env -u NM_BUILD -u LUA_PATH -u LUA_CPATH "$P/bin/$s" --help > "$T/help" 2> "$T/err"
  is "$s --help (installed): exit 0" "$?" 0
  ok "it prints the usage" contains "$T/help" "Usage: $s"
done
(cd / && env -u NM_BUILD -u LUA_PATH -u LUA_CPATH "$P/bin/newsmark-annotate" "$T/a.txt" > "$T/annotate.out" 2> "$T/err")
is "the installed newsmark-annotate annotates (run from /)" "$?" 0
ok "it finds the speaker" contains "$T/annotate.out" '"Alan Brooks"'

env -u NEWSMARK "$P/bin/newsmark-pager" --no-config "$T/a.txt" > "$T/pager.out" 2> "$T/err"
is "the installed newsmark-pager colours an article" "$?" 0
ok "its output has SGR colours (the newsmark beside it)" has_esc "$T/pager.out"

env -u NM_BUILD "$P/bin/newsmark-mle" --print "$T/a.txt" > "$T/mle.out" 2> "$T/err"
is "the installed newsmark-mle --print: exit 0" "$?" 0
ok "it passes the installed uscript" grep -qxF "$P/share/newsmark/mle/newsmark.lua" "$T/mle.out"
ok "it makes syntax rules (newsmark.core 5.4 from the prefix)" grep -q 'Alan\\x20Brooks' "$T/mle.out"
ok "it says nothing on stderr" empty "$T/err"

# the vis entry, as vis loads it from PREFIX/share/vis, with a stubbed vis
# (tests/vis runs the real one on the source tree)
cat > "$T/vis.lua" <<'LUA'
local P = arg[1]
package.path = P .. "/share/vis/?.lua"
package.cpath = ""
local handlers = {}
vis = { -- luacheck: ignore 111
  events = { WIN_HIGHLIGHT = "hl", WIN_CLOSE = "wc", FILE_CLOSE = "fc",
             subscribe = function(e, f) handlers[e] = f end },
  modes = { NORMAL = 1 }, lexers = { STYLE_DEFAULT = "fore:white,back:black" },
  info = function(_, msg) io.stderr:write(msg, "\n") end, message = function() end,
  command_register = function() end, option_register = function() end, map = function() end,
}
local f = assert(io.open(arg[2], "rb"))
local text = f:read("a")
f:close()
local file = { name = "a.txt", size = #text, modified = false }
function file:content(pos, len)
  if type(pos) == "table" then
    pos, len = pos.start, pos.finish - pos.start
  end
  return text:sub(pos + 1, pos + len)
end
local win = { file = file, viewport = { start = 0, finish = #text } }
function win:style() end
function win:style_define() end
local nm = require("newsmark").setup({ pattern = { "%.txt$" } })
handlers.hl(win)
io.write(package.searchpath("newsmark.core", package.cpath), " painted=", #nm.painted > 0 and "yes" or "no", "\n")
LUA
if command -v lua5.3 > /dev/null; then
  read -r so painted < <(lua5.3 "$T/vis.lua" "$P" "$T/a.txt" 2> "$T/err")
  is "vis: require('newsmark') from share/vis finds share/lua/5.3 and lib/lua/5.3" \
    "$(realpath -m "${so:-none}") $painted" "$P/lib/lua/5.3/newsmark/core.so painted=yes"
else
  skip "vis: the installed entry" "lua5.3 is not installed (make deps)"
fi

# the Neovim package, found on 'packpath' like PREFIX/share/nvim/site; an
# empty package.cpath, so newsmark.core can only come from the package
if command -v nvim > /dev/null; then
  cat > "$T/nvim.lua" <<'LUA'
local core, err = require("newsmark.nvim").core()
local help = pcall(vim.cmd, "help newsmark")
io.stdout:write(("core=%s command=%d help=%s\n"):format(core and core._VERSION or tostring(err),
  vim.fn.exists(":Newsmark"), tostring(help)))
LUA
  got=$(cd "$T" && timeout -s KILL 30 nvim --headless -u NONE -i NONE -n \
    --cmd "set packpath=$P/share/nvim/site" --cmd 'lua package.cpath = ""' \
    -c packloadall -c "luafile $T/nvim.lua" -c 'qa!' < /dev/null 2> "$T/err")
  is "nvim: the package loads from packpath with its core.so and help tags" "$got" \
    "core=newsmark $version command=2 help=true"
else
  skip "nvim: the installed package" "nvim is not installed (make deps)"
fi

make_ uninstall PREFIX="$P" > "$T/uninstall.log" 2>&1
is "make uninstall: exit 0" "$?" 0
is "uninstall removes every file" "$(find "$P" -type f -o -type l | wc -l)" 0
is "uninstall leaves no newsmark directory" "$(find "$P" -name 'newsmark*' | wc -l)" 0

D=$T/stage
make_ install DESTDIR="$D" PREFIX=/usr > "$T/destdir.log" 2>&1
is "make install DESTDIR=.. PREFIX=/usr: exit 0" "$?" 0
ok "DESTDIR: the CLI under DESTDIR/usr/bin" test -x "$D/usr/bin/newsmark"
ok "DESTDIR: the .pc names /usr, not DESTDIR" grep -qx 'libdir=/usr/lib' "$D/usr/lib/pkgconfig/newsmark.pc"
for f in lib/lua/5.4/newsmark/core.so lib/lua/5.1/newsmark/core.so share/lua/5.3/newsmark/init.lua \
  bin/newsmark-annotate share/vis/newsmark.lua $NP/lua/newsmark/core.so \
  share/man/man1/newsmark.1 share/man/man1/newsmark-stats.1; do
  ok "DESTDIR: $f under DESTDIR/usr" test -f "$D/usr/$f"
done
ok "DESTDIR: the scripts name /usr, not DESTDIR" grep -qF 'local prefix = "/usr"' "$D/usr/bin/newsmark-annotate"
make_ uninstall DESTDIR="$D" PREFIX=/usr > "$T/destdir-un.log" 2>&1
is "make uninstall DESTDIR=.. PREFIX=/usr: exit 0" "$?" 0
is "DESTDIR: uninstall removes every file" "$(find "$D" -type f -o -type l | wc -l)" 0

# ---------------------------------------------------------------- luarocks
# `luarocks make` from the checkout into a temporary tree, for Lua 5.4.
# The rockspec has no dependencies but Lua, so nothing is fetched; a dead
# proxy makes any attempt fail at once instead of reaching the network.
if ! command -v luarocks > /dev/null; then
  skip "luarocks make" "luarocks is not installed (apt-get install luarocks)"
elif ! command -v lua5.4 > /dev/null; then
  skip "luarocks make" "lua5.4 is not installed (make deps)"
else
  R=$T/rock
  timeout -s KILL 300 env http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9 \
    ftp_proxy=http://127.0.0.1:9 luarocks make core/lua/newsmark-scm-1.rockspec \
    --tree "$R" --lua-version 5.4 > "$T/rock.log" 2>&1
  rc=$?
  is "luarocks make core/lua/newsmark-scm-1.rockspec --tree DIR --lua-version 5.4: exit 0" "$rc" 0
  [ $rc = 0 ] || tail -n 5 "$T/rock.log" | sed 's/^/#   /'
  ok "luarocks lists the rock in the tree" bash -c \
    'luarocks list --tree "$1" --lua-version 5.4 --porcelain 2> /dev/null | grep -q "^newsmark	scm-1"' _ "$R"
  got=$(eval "$(luarocks path --tree "$R" --lua-version 5.4 2> /dev/null)" && lua5.4 -e '
    local nm = require("newsmark.core")
    local newsmark = require("newsmark")
    assert(newsmark.load() == nm and #nm.parse("\"Hi,\" Alan Brooks said.\n"):quotes() == 1)
    io.write(package.searchpath("newsmark.core", package.cpath), " ",
      package.searchpath("newsmark", package.path))' 2> "$T/err")
  is "require 'newsmark.core' and 'newsmark' through the tree" "$got" \
    "$R/lib/lua/5.4/newsmark/core.so $R/share/lua/5.4/newsmark/init.lua"
fi

finish

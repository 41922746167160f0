#!/usr/bin/env bash
# make install / uninstall, the pkg-config files, and the shared library's
# soname and exports, checked by building a program against each.
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

make_ uninstall PREFIX="$P" > "$T/uninstall.log" 2>&1
is "make uninstall: exit 0" "$?" 0
is "uninstall removes every file" "$(find "$P" -type f -o -type l | wc -l)" 0

D=$T/stage
make_ install DESTDIR="$D" PREFIX=/usr > "$T/destdir.log" 2>&1
is "make install DESTDIR=.. PREFIX=/usr: exit 0" "$?" 0
ok "DESTDIR: the CLI under DESTDIR/usr/bin" test -x "$D/usr/bin/newsmark"
ok "DESTDIR: the .pc names /usr, not DESTDIR" grep -qx 'libdir=/usr/lib' "$D/usr/lib/pkgconfig/newsmark.pc"

finish

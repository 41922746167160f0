#!/usr/bin/env bash
# tests/docs/reference.sh - the generated references are complete and up to
# date: docs/c-api.md (scripts/dev/gen-c-api.lua) names every function the
# shared library exports and every nm_/NM_ name the public headers declare;
# the generator reports a declaration without a doc comment; :help
# newsmark-config-keys (scripts/dev/gen-help-config.lua) has a tag for every
# key of the config schema; docs/config.md, the help and docs/c-api.md are
# what their generators write (make doc-check).
. "$(dirname "$0")/../cli/lib.bash"
BUILD=${NM_BUILD:-build}
LUA=${LUA54:-lua5.4}

for g in gen-config-doc gen-help-config gen-c-api; do
  $LUA scripts/dev/$g.lua --check > "$T/out" 2> "$T/err"
  is "scripts/dev/$g.lua --check: up to date, nothing undocumented" "$?" 0
done

# every exported function has its own heading in docs/c-api.md
if [ -f "$BUILD/lib/libnewsmark.so" ]; then
  missing=
  for f in $(nm -D --defined-only "$BUILD/lib/libnewsmark.so" | awk '$2 == "T" {print $3}' | grep '^nm_'); do
    grep -qxF "#### \`$f\`" docs/c-api.md || missing="$missing $f"
  done
  is "docs/c-api.md has a heading for every function libnewsmark.so exports" "${missing:-none missing}" "none missing"
  n=$(nm -D --defined-only "$BUILD/lib/libnewsmark.so" | awk '$2 == "T"' | grep -c ' nm_')
  ok "libnewsmark.so exports functions ($n)" test "$n" -gt 20
else
  skip "docs/c-api.md and the exported functions" "$BUILD/lib/libnewsmark.so is not built"
fi

# every nm_/NM_ name the headers declare (types, enum constants, macros,
# members aside) appears in docs/c-api.md
missing=
for name in $(sed -e 's|/\*.*\*/||' core/include/newsmark.h core/include/newsmark_rules.h |
  grep -oE '\b(nm_[a-z_]+|NM_[A-Z0-9_]+)\b' | sort -u); do
  case $name in NEWSMARK_*) continue ;; esac
  grep -qF -- "$name" docs/c-api.md || missing="$missing $name"
done
is "docs/c-api.md names every nm_/NM_ identifier of the headers" "${missing:-none missing}" "none missing"

# the generator reports an undocumented declaration: a copy of the header
# with the comment of nm_strerror removed (a declaration right under
# another one, with no blank line, shares its comment by design)
cat > "$T/missing.lua" <<'LUA'
local gen = assert(loadfile("scripts/dev/gen-c-api.lua"))("--module")
local f = assert(io.open("core/include/newsmark.h", "rb"))
local text = f:read("a"):gsub("/%*%* A static, never%-NULL description of an NM_E%* code%. %*/\n", "", 1)
f:close()
local _, items, missing = gen.parse(text, "newsmark.h")
local names = {}
for _, m in ipairs(missing) do names[#names + 1] = m.name end
print((#items > 40 and "items " or "few items ") .. table.concat(names, " "))
LUA
is "gen-c-api.lua reports a function whose doc comment is gone" \
  "$($LUA "$T/missing.lua" 2>&1)" "items nm_strerror"

# every schema key, nested ones too, has its tag in the Neovim help
cat > "$T/keys.lua" <<'LUA'
package.path = "plugin/lua/?.lua;plugin/lua/?/init.lua;" .. package.path
local config = require("newsmark.config")
for _, f in ipairs(config.schema.fields) do
  print(f.name)
  local subs = f.type == "table" and f.fields or (f.type == "list" and f.items.type == "table" and f.items.fields)
  for _, s in ipairs(subs or {}) do print(f.name .. "." .. s.name) end
end
LUA
keys=$($LUA "$T/keys.lua")
ok "the config schema has keys, labels among them" grep -qx labels <<< "$keys"
missing=
for k in $keys; do
  grep -qF "*newsmark-config-$k*" plugin/doc/newsmark.txt || missing="$missing $k"
done
is "plugin/doc/newsmark.txt has a *newsmark-config-KEY* tag for every schema key" \
  "${missing:-none missing}" "none missing"
finish

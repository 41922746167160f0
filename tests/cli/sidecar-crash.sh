#!/usr/bin/env bash
# tests/cli/sidecar-crash.sh - annotate.save is atomic (docs/annotations.md).
# A lua5.4 process saves a large sidecar over and over, alternating two
# contents A and B; it is killed with SIGKILL at a random moment, and the
# sidecar must then be valid JSON and exactly A or B, never a torn file.
# NM_CRASH_ROUNDS sets the number of kills (default 60). Pure Lua: needs
# lua5.4 and python3, not the C module.
. "$(dirname "$0")/lib.bash"
ROUNDS=${NM_CRASH_ROUNDS:-60}

if ! command -v lua5.4 > /dev/null; then
  skip "sidecar crash" "lua5.4 is not installed"
  finish
  exit $?
fi
export LUA_PATH="$PWD/plugin/lua/?.lua;;"

cat > "$T/writer.lua" <<'LUA'
-- writer.lua emit PATH_A PATH_B | loop PATH
local annotate = require("newsmark.annotate")
local lines = {}
for i = 1, 1000 do
  lines[i] = ("Line %d of the article, with a claim %d and a person %d."):format(i, i, i)
end
local text = table.concat(lines, "\n") .. "\n"
local function store(gen)
  local s = annotate.new(nil, text, { labels = { "claim" } })
  local pos = 0
  for i = 1, #lines do
    local a = text:find("claim", pos + 1, true) - 1
    s:label(a, a + 5, "claim", ("gen %d note %d"):format(gen, i))
    pos = a + 5
  end
  return s
end
-- Serialise each content once: a save then spends its time in the write
-- (open, write, flush, sync, rename) rather than in to_json, so most kills
-- land while the temporary file exists, the moment the test is about.
local function freeze(s)
  s.revision = 1 -- what save will make it: the same bytes on every save
  local json = s:to_json()
  s.to_json = function()
    return json
  end
  return s
end
local function save(path, s)
  s.revision = 0
  assert(annotate.save(path, s, { force = true }))
end
local mode = arg[1]
local a, b = freeze(store(0)), freeze(store(1))
if mode == "emit" then
  save(arg[2], a)
  save(arg[3], b)
  return
end
io.stdout:write("ready\n")
io.stdout:flush()
local i = 0
while true do
  i = i + 1
  save(arg[2], i % 2 == 1 and b or a)
end
LUA

lua5.4 "$T/writer.lua" emit "$T/A.json" "$T/B.json" 2> "$T/err"
ok "the writer makes both contents" test -s "$T/A.json" -a -s "$T/B.json"
ok "A is valid JSON" valid_json "$T/A.json"
ok "A and B differ" test "$(cksum < "$T/A.json")" != "$(cksum < "$T/B.json")"
size=$(wc -c < "$T/A.json" | tr -d ' ')
ok "the sidecar is large ($size bytes)" test "$size" -gt 300000

side=$T/article.txt.newsmark.json
cp "$T/A.json" "$side"
good=0 torn=0 midsave=0
for i in $(seq 1 "$ROUNDS"); do
  : > "$T/ready"
  lua5.4 "$T/writer.lua" loop "$side" > "$T/ready" 2> "$T/err" &
  pid=$!
  for _ in $(seq 1 200); do
    [ -s "$T/ready" ] && break
    sleep 0.02
  done
  # a random moment in the save loop (a save takes a few ms): 0 to 0.3 s
  sleep "0.$(printf '%03d' $((RANDOM % 300)))"
  kill -KILL "$pid" 2> /dev/null
  wait "$pid" 2> /dev/null
  if ls "$side".tmp.* > /dev/null 2>&1; then
    midsave=$((midsave + 1))
    rm -f "$side".tmp.*
  fi
  if valid_json "$side" && { same "$side" "$T/A.json" || same "$side" "$T/B.json"; }; then
    good=$((good + 1))
  else
    torn=$((torn + 1))
    cp "$side" "$T/torn.$i"
  fi
done
is "after $ROUNDS kills the sidecar is always A or B ($midsave mid-write)" "$good/$torn" "$ROUNDS/0"
ok "some kills landed in the middle of a write" test "$midsave" -gt 0
ok "the writer never failed" empty "$T/err"
finish

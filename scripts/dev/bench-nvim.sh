#!/usr/bin/env bash
# scripts/dev/bench-nvim.sh - `make bench`: Neovim's repaint time after a
# one-line edit in a 100 KB article (goal <= 5 ms). A benchmark, not a
# test: it fails only when nvim or the plugin fails.
#
#   bash scripts/dev/bench-nvim.sh [--build DIR] [--runs N]
#
# Articles (DIR/bench/): 100 KB of the wikinews corpus
# ($NM_SHARED/corpus/wikinews/wikinews-2019-2020.jsonl, when present) and
# 100 KB of tests/corpus/sample.txt repeated (a quote in every paragraph).
# For each, headless nvim runs scripts/dev/bench-nvim.lua: RUNS edits
# (default 51), each timed from the edit to the repaint being done (the
# debounced reparse plus the decoration provider's work for a 40-row
# viewport); the median, p90 and the parse alone are printed.
set -euo pipefail
cd "$(dirname "$0")/../.."

build=build runs=51
while [ $# -gt 0 ]; do
  case $1 in
  --build) build=$2; shift ;;
  --runs) runs=$2; shift ;;
  *) echo "bench-nvim: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
if ! command -v nvim > /dev/null; then
  echo "bench-nvim: skipped: nvim is not installed (make deps)"
  exit 0
fi
so=$build/lua/jit/newsmark/core.so
[ -f "$so" ] || { echo "bench-nvim: $so is not built (make lua LUA=jit)" >&2; exit 1; }
mkdir -p "$build/bench"
root=$(pwd)
case $build in /*) ;; *) build=$root/$build ;; esac
shared=${NM_SHARED:-../shared}
wiki=$shared/corpus/wikinews/wikinews-2019-2020.jsonl

python3 - "$build/bench" "$wiki" tests/corpus/sample.txt <<'PY'
import json, os, sys
out, wiki, sample = sys.argv[1], sys.argv[2], sys.argv[3]
WANT = 100 * 1024

def cut(text):
    """The first 100 KB, ending at a line break."""
    data = text.encode("utf-8")[:WANT]
    return data[: data.rfind(b"\n") + 1]

if os.path.exists(wiki):
    with open(wiki, encoding="utf-8") as f:
        texts = [json.loads(line)["text"].strip() for line in f if line.strip()]
    text = ""
    for t in texts:
        text += t + "\n\n"
        if len(text.encode("utf-8")) > WANT:
            break
    with open(os.path.join(out, "article-100k-wikinews.txt"), "wb") as f:
        f.write(cut(text))
with open(sample, encoding="utf-8") as f:
    s = f.read()
head, body = s, s[s.index("\n\nLONDON") + 2:]
text = head
while len(text.encode("utf-8")) <= WANT:
    text += "\n" + body
with open(os.path.join(out, "article-100k-sample.txt"), "wb") as f:
    f.write(cut(text))
PY

echo "newsmark nvim bench: $(nvim --version | head -n 1), repaint after a one-line edit"
status=0
for f in "$build"/bench/article-100k-wikinews.txt "$build"/bench/article-100k-sample.txt; do
  [ -f "$f" ] || continue
  line=$(NM_BENCH_FILE=$f NM_BENCH_RUNS=$runs NM_BENCH_CPATH="$build/lua/jit/?.so" \
    timeout -s KILL 300 nvim --headless -u NONE -i NONE -n \
    --cmd "set rtp^=$root/plugin" -c "luafile $root/scripts/dev/bench-nvim.lua" \
    < /dev/null 2>&1 | grep '^nvim-repaint' || true)
  case $line in
  *median_ms=*) ;;
  *) echo "  $(basename "$f"): failed: ${line:-no result}" >&2; status=1; continue ;;
  esac
  printf '%s\n' "$line" | awk -v name="$(basename "$f" .txt)" '{
    for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    printf "  %s: %d bytes, %d lines, %d quotes\n", name, v["bytes"], v["lines"], v["quotes"]
    printf "    edit -> repaint done: median %.2f ms wall (p90 %.2f), %.2f ms CPU;" \
           " parse %.2f ms, viewport %.3f ms (%d rows, %d marks)\n",
      v["median_ms"], v["p90_ms"], v["cpu_ms"], v["parse_ms"], v["viewport_ms"], v["rows"], v["marks"]
    printf "    goal <= 5 ms: %s\n", v["median_ms"] <= 5 ? "met" : \
      (v["cpu_ms"] <= 5 ? "met in CPU time (the wall time includes waiting for a busy CPU)" : "NOT met")
  }'
done
exit $status

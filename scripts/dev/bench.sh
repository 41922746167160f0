#!/usr/bin/env bash
# scripts/dev/bench.sh - `make bench`: newsmark's speed and memory on news
# text, against `wc -w` on the same file in the same run. A benchmark, not a
# test: it fails only when a program fails, never for being slow.
#
#   bash scripts/dev/bench.sh [--build DIR] [--mib N] [--runs N] [--rounds N]
#
# 1. Writes DIR/bench/news.txt: the "text" fields of
#    $NM_SHARED/corpus/wikinews/wikinews-2019-2020.jsonl joined by blank
#    lines, repeated up to N MiB (default 50). Skips when the corpus is absent.
# 2. Runs `wc -w FILE`, `newsmark --format none FILE` and the same with
#    --threads=1 interleaved, RUNS times each (default 11) after one warm-up
#    each, and takes the medians of wall time and CPU time and the peak RSS
#    (wait4). Prints the time ratio newsmark/wc (goal <= 1.0, floor 1.5),
#    the same on one thread and in CPU time, MB/s and peak RSS against
#    2 x input + 16 MiB.
# 3. When hyperfine is installed, repeats the timing with it as a check.
# 4. nm-bench: the in-process time of one parse of a 100 KB article (goal
#    <= 1 ms).
# 5. The same 100 KB parsed through newsmark.core under lua5.4
#    (scripts/dev/bench-lua.lua: nm.parse, doc:close() after each) against
#    nm-bench on the same bytes, alternately, ROUNDS times each (default 3):
#    the ratio of the medians of their median CPU times per parse, Lua / C
#    (goal <= 1.2). Skipped without lua5.4.
set -euo pipefail
cd "$(dirname "$0")/../.."

build=build mib=50 runs=11 rounds=3
while [ $# -gt 0 ]; do
  case $1 in
  --build) build=$2; shift ;;
  --mib) mib=$2; shift ;;
  --runs) runs=$2; shift ;;
  --rounds) rounds=$2; shift ;;
  *) echo "bench: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
shared=${NM_SHARED:-../shared}
src=$shared/corpus/wikinews/wikinews-2019-2020.jsonl
newsmark=$build/bin/newsmark
nmbench=$build/bin/nm-bench
if [ ! -f "$src" ]; then
  echo "bench: skipped: $src is absent"
  exit 0
fi
for b in "$newsmark" "$nmbench"; do
  [ -x "$b" ] || { echo "bench: $b is not built (make bench builds it)" >&2; exit 1; }
done

mkdir -p "$build/bench"
file=$build/bench/news-${mib}mib.txt
if [ ! -s "$file" ] || [ "$src" -nt "$file" ]; then
  python3 - "$src" "$file" "$mib" <<'PY'
import json, sys
src, out, mib = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(src, encoding="utf-8") as f:
    texts = [json.loads(line)["text"].strip() for line in f if line.strip()]
block = ("\n\n".join(texts) + "\n\n").encode("utf-8")
want = mib * 1024 * 1024
with open(out + ".tmp", "wb") as f:
    size = 0
    while size < want:
        f.write(block)
        size += len(block)
import os
os.replace(out + ".tmp", out)
PY
fi

python3 - "$file" "$newsmark" "$runs" "$build/bench" "$src" <<'PY'
import json, os, shutil, statistics, subprocess, sys, time

path, newsmark, runs, outdir, src = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
size = os.path.getsize(path)
MiB = 1024 * 1024
NM = "newsmark --format none"
NM1 = "  the same, --threads=1"
cmds = {
    "wc -w": ["wc", "-w", path],
    NM: [newsmark, "--format", "none", path],
    NM1: [newsmark, "--format", "none", "--threads=1", path],
}


def run(argv):
    """Wall seconds, peak RSS (bytes) and CPU seconds (user + system) of one
    run; stdout discarded."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    secs = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(argv)} exited {proc.returncode}: {err[:300]}")
    return secs, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime


times = {k: [] for k in cmds}
rss = {k: [] for k in cmds}
cpu = {k: [] for k in cmds}
for k, argv in cmds.items():  # warm-up: page cache, lazy binding
    run(argv)
for _ in range(runs):  # interleaved, so drift hits both alike
    for k, argv in cmds.items():
        s, m, c = run(argv)
        times[k].append(s)
        rss[k].append(m)
        cpu[k].append(c)

med = {k: statistics.median(v) for k, v in times.items()}
mcpu = {k: statistics.median(v) for k, v in cpu.items()}
mrss = {k: max(v) for k, v in rss.items()}
ratio = med[NM] / med["wc -w"]
bound = 2 * size + 16 * MiB
nm_rss = max(mrss[NM], mrss[NM1])
locale = os.environ.get("LC_ALL") or os.environ.get("LC_CTYPE") or os.environ.get("LANG") or "C"

print(f"newsmark bench: {path}, {size / MiB:.1f} MiB ({os.path.basename(src)} repeated),"
      f" {runs} interleaved runs each, locale {locale}")
print(f"  compiled with: {os.environ.get('NM_CFLAGS', '?')}")
print()
print(f"  {'command':<24} {'median s':>9} {'min s':>8} {'MB/s':>8} {'CPU s':>7} {'peak RSS MiB':>13}")
for k in cmds:
    print(f"  {k:<24} {med[k]:>9.3f} {min(times[k]):>8.3f} {size / 1e6 / med[k]:>8.1f}"
          f" {mcpu[k]:>7.3f} {mrss[k] / MiB:>13.1f}")
print("  (median s: wall time; CPU s: user + system, both threads when two run)")
print()
verdict = "goal met" if ratio <= 1.0 else ("within the floor" if ratio <= 1.5 else "OVER the 1.5 floor")
print(f"  time ratio newsmark / wc -w: {ratio:.2f}  (goal <= 1.0, floor <= 1.5: {verdict})")
print(f"  the same of the least times (the machine at its quietest): "
      f"{min(times[NM]) / min(times['wc -w']):.2f}")
print(f"  the same on one thread (--threads=1): {med[NM1] / med['wc -w']:.2f};"
      f" CPU time newsmark / wc -w: {mcpu[NM] / mcpu['wc -w']:.2f}")
print(f"  peak RSS: {nm_rss / MiB:.1f} MiB; bound 2 x input + 16 MiB = {bound / MiB:.1f} MiB"
      f" ({'within' if nm_rss <= bound else 'OVER'})")

if shutil.which("hyperfine"):
    out = os.path.join(outdir, "hyperfine.json")
    subprocess.run(["hyperfine", "-N", "--style", "none", "--warmup", "1", "--runs", str(runs),
                    "--export-json", out] + [" ".join(a) for a in cmds.values()],
                   check=True, stdout=subprocess.DEVNULL)
    with open(out) as f:
        res = json.load(f)["results"]
    hm = [r["median"] for r in res]
    print(f"  hyperfine (sequential, -N): wc -w {hm[0]:.3f} s, newsmark {hm[1]:.3f} s,"
          f" ratio {hm[1] / hm[0]:.2f}; --threads=1 {hm[2]:.3f} s, ratio {hm[2] / hm[0]:.2f}")
PY

echo
one=$("$nmbench" --bytes 102400 "$file")
printf '%s\n' "$one" | grep -v '^bytes=' | sed 's/^/  /'
ms=$(printf '%s\n' "$one" | sed -n 's/.*median_ms=\([0-9.]*\).*/\1/p')
awk -v ms="$ms" 'BEGIN { printf "  one 100 KB article in process: %.3f ms (goal <= 1 ms: %s)\n",
  ms, ms <= 1 ? "met" : "NOT met" }'

echo
lua54=${LUA54:-lua5.4}
core54=$build/lua/5.4/newsmark/core.so
if ! command -v "$lua54" > /dev/null; then
  echo "  Lua / C: skipped: $lua54 is not installed (make deps)"
  exit 0
fi
[ -f "$core54" ] || { echo "bench: $core54 is not built (make lua LUA=5.4)" >&2; exit 1; }
len=$(printf '%s\n' "$one" | sed -n 's/^bytes=\([0-9]*\).*/\1/p')
c_cpu=() lua_cpu=() c_min=() lua_min=() c_spans='' lua_spans=''
for _ in $(seq "$rounds"); do # alternately, so drift hits both alike
  c=$("$nmbench" --bytes 102400 --seconds 1 "$file" | grep '^bytes=')
  l=$("$lua54" scripts/dev/bench-lua.lua --build "$build" --bytes "$len" --seconds 1 "$file")
  c_cpu+=("$(printf '%s\n' "$c" | sed -n 's/.*median_cpu_ms=\([0-9.]*\).*/\1/p')")
  lua_cpu+=("$(printf '%s\n' "$l" | sed -n 's/.*median_cpu_ms=\([0-9.]*\).*/\1/p')")
  c_min+=("$(printf '%s\n' "$c" | sed -n 's/.*min_cpu_ms=\([0-9.]*\).*/\1/p')")
  lua_min+=("$(printf '%s\n' "$l" | sed -n 's/.*min_cpu_ms=\([0-9.]*\).*/\1/p')")
  c_spans=$(printf '%s\n' "$c" | sed -n 's/.* spans=\([0-9]*\).*/\1/p')
  lua_spans=$(printf '%s\n' "$l" | sed -n 's/.* spans=\([0-9]*\).*/\1/p')
  lua_runs=$(printf '%s\n' "$l" | sed -n 's/.* runs=\([0-9]*\).*/\1/p')
done
if [ "$c_spans" != "$lua_spans" ]; then
  echo "bench: Lua found $lua_spans spans and C $c_spans in the same $len bytes" >&2
  exit 1
fi
printf '%s\n' "${c_cpu[*]}" "${lua_cpu[*]}" "${c_min[*]}" "${lua_min[*]}" | awk -v len="$len" -v rounds="$rounds" \
  -v runs="$lua_runs" -v lua="$("$lua54" -v | awk '{print $1, $2}')" '
  function median(s,   a, n, i, j, t) {
    n = split(s, a, " ")
    for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) {
      t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  function least(s,   a, n, i, m) {
    n = split(s, a, " "); m = a[1]
    for (i = 2; i <= n; i++) if (a[i] + 0 < m + 0) m = a[i]
    return m
  }
  NR == 1 { c = median($0) } NR == 2 { l = median($0) }
  NR == 3 { cmin = least($0) } NR == 4 { lmin = least($0) }
  END {
    r = l / c
    printf "  one 100 KB article through newsmark.core (%s, nm.parse, doc:close() after each):\n", lua
    printf "    %d bytes, %d rounds alternating with nm-bench, ~%d parses a round\n", len, rounds, runs
    printf "    CPU ms per parse, median: Lua %.3f, C %.3f; least: Lua %.3f, C %.3f (ratio %.3f)\n",
      l, c, lmin, cmin, lmin / cmin
    printf "    ratio Lua / C (medians): %.3f  (goal <= 1.2: %s)\n", r, r <= 1.2 ? "met" : "NOT met"
  }'

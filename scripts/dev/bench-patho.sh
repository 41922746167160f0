#!/usr/bin/env bash
# scripts/dev/bench-patho.sh - `make bench`, part 3: growth on pathological
# inputs (tests/patho/gen.py). For each generator, the wall time and peak RSS
# of `newsmark --format none` at 1, 4 and 16 MiB (and a 10 MiB single line),
# and MB/s, which stays flat when the work is linear. A benchmark, not a
# test: it prints, it fails only when newsmark fails. docs/robustness.md.
#
#   bash scripts/dev/bench-patho.sh [--build DIR] [--sizes "1 4 16"] [CASE...]
set -euo pipefail
cd "$(dirname "$0")/../.."

build=build sizes="1 4 16"
while [ $# -gt 0 ]; do
  case $1 in
  --build) build=$2; shift ;;
  --sizes) sizes=$2; shift ;;
  --) shift; break ;;
  -*) echo "bench-patho: unknown argument $1" >&2; exit 2 ;;
  *) break ;;
  esac
  shift
done
newsmark=$build/bin/newsmark
[ -x "$newsmark" ] || { echo "bench-patho: $newsmark is not built" >&2; exit 1; }
cases=${*:-article whitespace longline q-ldq-bal q-ldq-unbal q-dq-bal nested utf8-bad nul crlf cr rtl combining binary capwords said said-quotes officials surnames given-names titlecase-line quotes-no-stops}

python3 - "$newsmark" "$sizes" $cases <<'PY'
import os, subprocess, sys, tempfile, time

newsmark, sizes, cases = sys.argv[1], [float(s) for s in sys.argv[2].split()], sys.argv[3:]
MiB = 1 << 20
# sizes capped per case, in MiB (none now: the quadratic cases are fixed)
CAP = {}


def run(path):
    t0 = time.perf_counter()
    p = subprocess.Popen([newsmark, "-q", "--format", "none", path],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    secs = time.perf_counter() - t0
    err = p.stderr.read().decode("utf-8", "replace")
    p.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench-patho: {newsmark} {path}: {err[:300]}")
    return secs, usage.ru_maxrss * 1024


print("newsmark growth on pathological inputs (tests/patho/gen.py), --format none")
print(f"  {'case':<14} {'MiB':>6} {'s':>8} {'MB/s':>8} {'peak RSS MiB':>13}")
with tempfile.TemporaryDirectory(prefix="nm-bench-patho-") as tmp:
    path = os.path.join(tmp, "in")
    rows = [(c, s) for c in cases for s in sizes if s <= CAP.get(c, s)]
    if "longline" in cases:
        rows.append(("longline", 10))
    for case, mib in rows:
        # in another process: Linux keeps the peak RSS of the process
        # image across exec, so a fat parent would inflate the child's
        subprocess.run([sys.executable, "tests/patho/gen.py", case, str(int(mib * MiB)), path],
                       check=True)
        size = os.path.getsize(path)
        secs, rss = min(run(path) for _ in range(2))
        print(f"  {case:<14} {size / MiB:>6.1f} {secs:>8.3f} {size / 1e6 / secs:>8.1f}"
              f" {rss / MiB:>13.1f}" + ("  (capped: quadratic)" if case in CAP and mib == CAP[case] else ""),
              flush=True)
PY

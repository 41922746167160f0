#!/usr/bin/env python3
"""Time commands side by side, interleaved: run 1 of each, then run 2 of
each, and so on, so that a shared machine's slow moments fall on all of
them alike (hyperfine runs one command's runs back to back). Prints the
median and least wall time of each, and each median's ratio to the last
command's.

    python3 scripts/dev/interleave.py [-n RUNS] [-w WARMUP] CMD...

Each CMD is one shell word list, split with shlex (no shell); its standard
output and error are discarded. Example, two builds against wc -w:

    python3 scripts/dev/interleave.py -n 20 \\
      'build/bin/newsmark -q --format none build/bench/news-50mib.txt' \\
      '/tmp/old/newsmark -q --format none build/bench/news-50mib.txt' \\
      'wc -w build/bench/news-50mib.txt'
"""
import argparse
import shlex
import statistics
import subprocess
import sys
import time


def run_once(argv):
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if done.returncode != 0:
        sys.exit(f"interleave: {shlex.join(argv)}: exit {done.returncode}")
    return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=10, help="timed runs of each (10)")
    ap.add_argument("-w", type=int, default=1, help="untimed runs first (1)")
    ap.add_argument("commands", nargs="+")
    args = ap.parse_args()
    argvs = [shlex.split(c) for c in args.commands]
    for _ in range(args.w):
        for argv in argvs:
            run_once(argv)
    times = [[] for _ in argvs]
    for _ in range(args.n):
        for k, argv in enumerate(argvs):
            times[k].append(run_once(argv))
    last = statistics.median(times[-1])
    for cmd, ts in zip(args.commands, times):
        med = statistics.median(ts)
        print(f"{med * 1e3:8.1f} ms median {min(ts) * 1e3:8.1f} ms least"
              f"  {med / last:5.2f}x  {cmd}")
    print(f"({args.n} interleaved runs each, after {args.w} untimed)")


if __name__ == "__main__":
    main()

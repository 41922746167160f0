#!/usr/bin/env python3
"""Golden tests: tests/spec/*.txt through `newsmark --format dump`.

Each fixture holds an article, then a line with a single `.`, then the
expected output of `newsmark --format dump` on that article. The article is
every byte before the `.` line (its last line break included) and is given
to newsmark on standard input, so the output names no file.

  python3 tests/spec/run.py [FILE...]      check (default: tests/spec/*.txt)
  UPDATE=1 python3 tests/spec/run.py ...   rewrite the expected parts

NEWSMARK names the binary (default build/bin/newsmark). Prints TAP lines
and a last line `N passed, N failed`; exits 1 when any fixture failed.
"""
import difflib
import glob
import os
import subprocess
import sys

SEP = b"\n.\n"


def split(data):
    """Return (article, expected) or None when there is no `.` line."""
    if data.startswith(b".\n"):
        return b"", data[2:]
    i = data.find(SEP)
    if i < 0:
        return None
    return data[: i + 1], data[i + len(SEP):]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    binary = os.environ.get("NEWSMARK", os.path.join(root, "build/bin/newsmark"))
    update = os.environ.get("UPDATE", "") not in ("", "0")
    files = sys.argv[1:] or sorted(glob.glob(os.path.join(here, "*.txt")))
    passed = failed = 0
    print(f"1..{len(files)}")
    if not files:
        print("# no fixtures in tests/spec/")
        failed += 1
    for n, path in enumerate(files, 1):
        name = os.path.relpath(path, root)
        with open(path, "rb") as f:
            parts = split(f.read())
        if parts is None:
            print(f"not ok {n} - {name}\n# no line with a single '.' after the article")
            failed += 1
            continue
        article, expected = parts
        proc = subprocess.run([binary, "--format", "dump", "-"], input=article,
                              capture_output=True, timeout=60)
        if proc.returncode != 0:
            print(f"not ok {n} - {name}\n# {binary} exited {proc.returncode}")
            for line in proc.stderr.decode("utf-8", "replace").splitlines()[:20]:
                print(f"#   {line}")
            failed += 1
            continue
        got = proc.stdout
        if got == expected:
            print(f"ok {n} - {name}")
            passed += 1
        elif update:
            with open(path, "wb") as f:
                f.write(article + b".\n" + got)
            print(f"ok {n} - {name} # updated")
            passed += 1
        else:
            print(f"not ok {n} - {name}")
            diff = difflib.unified_diff(
                expected.decode("utf-8", "replace").splitlines(),
                got.decode("utf-8", "replace").splitlines(),
                "expected", "got", lineterm="", n=2)
            for i, line in enumerate(diff):
                if i == 60:
                    print("#   ...")
                    break
                print(f"#   {line}")
            print("#   (UPDATE=1 make test, or UPDATE=1 python3 tests/spec/run.py "
                  f"{name}, rewrites it)")
            failed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

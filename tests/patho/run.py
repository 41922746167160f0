#!/usr/bin/env python3
"""tests/patho/run.py - the pathological-input suite (tests/patho/run.sh).

For each case: generate the input (gen.py) into a temp dir, run
`newsmark --format json` (and `--format dump` for some) under a time limit,
check the exit status and standard error, that the JSON loads and every
start/end/offset lies within the file, and, where asked, that the time at
4 x the size is under RATIO x the time at the size (linear, not quadratic).
Prints TAP-ish `ok N - ...` lines and `N passed, N failed, N skipped`.

    NEWSMARK=build/bin/newsmark python3 tests/patho/run.py [--scale F] [--no-growth]
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen  # noqa: E402

NM = os.environ.get("NEWSMARK", "build/bin/newsmark")
RATIO = 8.0  # t(4S) / t(S); linear is ~4, quadratic ~16
FLOOR = 0.05  # seconds: below this, process start-up is the noise
LIMIT = 60  # seconds per run (timeout)
MB = 1 << 20

# Known library bugs (docs/robustness.md) whose growth is reported, not
# failed: none now. The nine found so far (said-quotes, rule-empty, cr,
# officials, surnames, given-names, titlecase-line, quotes-no-stops,
# pronouns-no-stops) are fixed, and their growth fails the suite again if
# they come back.
KNOWN = {}

# name, gen case, size, extra args, dump?, stderr regex, growth?
CASES = [
    ("empty", "empty", 0, [], True, None, False),
    ("bom-only", "bom-only", 0, [], True, None, False),
    ("whitespace", "whitespace", MB, [], True, None, True),
    ("article", "article", MB, [], True, None, True),
    ("longline", "longline", MB, [], True, None, True),
] + [
    (c, c, 330_000, [], c.endswith("-bal"), None, True)  # ~100 000 marks
    for c in gen.CASES if c.startswith("q-")
] + [
    ("nested", "nested", 120_000, [], True, None, True),  # 10 000 deep
    ("utf8-bad", "utf8-bad", MB, [], True, None, True),
    ("nul", "nul", MB, [], True, None, True),
    ("bom", "bom", MB, [], True, None, True),
    ("crlf", "crlf", MB, [], True, None, True),
    ("cr", "cr", MB, [], True, None, True),
    ("rtl", "rtl", MB, [], True, None, True),
    ("combining", "combining", MB, [], True, None, True),
    ("binary", "binary", 0, [], True, None, False),  # /bin/ls as it is
    ("binary-4x", "binary", MB, [], False, None, True),
    ("capwords", "capwords", 7 * MB // 4, [], False, None, True),  # 4x: 1 000 000 words
    ("said", "said", 500_000, [], True, None, True),  # 100 000 cues
    ("said-quotes", "said-quotes", 200_000, [], False, None, True),
    # 12 000 officials, each followed by "the minister said"
    ("officials", "officials", MB, [], False, None, True),
    # 15 000 "X Smith" and "X Y Smith" (and "Smith" alone)
    ("surnames", "surnames", MB, [], False, None, True),
    # 10 000 two- and three-word names on six given names, one paragraph
    ("given-names", "given-names", MB, [], False, None, True),
    # 9 000 name words and connectors in one Title Case run
    ("titlecase-line", "titlecase-line", 256 * 1024, [], False, None, True),
    # 20 000 quotes in one paragraph without a full stop
    ("quotes-no-stops", "quotes-no-stops", MB, [], False, None, True),
    # a sentence's subject, then 25 000 quotes each with "he said", no stop
    ("pronouns-no-stops", "pronouns-no-stops", MB, [], False, None, True),
    ("rule-catastrophic", "aaa", 100_040, ["--rule", "cat=(a+)+$"], False,
     r'rule "cat": match limit exceeded', True),
    # 16 KB: the hit cap (100 000) is not reached, so no warning; at 1 MB
    # it is (rule-empty-cap)
    ("rule-empty", "article", 16 * 1024, ["--rule", "e=x*"], False, None, True),
    ("rule-empty-cap", "article", MB, ["--rule", "e=x*"], False,
     r'rule "e": more than 100000 hits', True),
    ("rule-every-char", "article", MB, ["--rule", "c=."], False,
     r'rule "c": more than 100000 hits', True),
]

# sizes that --scale leaves alone: the rule cases need 100 000 a's or hits
NOSCALE = {"rule-catastrophic", "rule-every-char", "rule-empty-cap"}

n = passed = failed = skipped = 0


def report(good, desc, diag=None, skip=None):
    global n, passed, failed, skipped
    n += 1
    if skip:
        skipped += 1
        print(f"ok {n} - {desc} # SKIP {skip}")
    elif good:
        passed += 1
        print(f"ok {n} - {desc}")
    else:
        failed += 1
        print(f"not ok {n} - {desc}")
        for line in (diag or "").splitlines()[:10]:
            print(f"# {line}")
    sys.stdout.flush()


def run(args, path, out):
    t0 = time.perf_counter()
    try:
        with open(out, "wb") as f:
            p = subprocess.run([NM] + args + [path], stdout=f, stderr=subprocess.PIPE,
                               timeout=LIMIT)
    except subprocess.TimeoutExpired:
        return None, "", LIMIT
    return p.returncode, p.stderr.decode("utf-8", "replace"), time.perf_counter() - t0


def check_json(out, size):
    """'' when the JSON is sound and every offset within [0, size]."""
    try:
        with open(out, encoding="utf-8") as f:
            doc = json.load(f)
    except ValueError as e:
        return f"bad JSON: {e}"
    if doc.get("length") != size:
        return f"length {doc.get('length')} != file size {size}"
    bad = []

    def walk(v, where):
        if isinstance(v, dict):
            s, e = v.get("start"), v.get("end")
            if isinstance(s, int) and isinstance(e, int) and not 0 <= s <= e <= size:
                bad.append(f"{where}: [{s}, {e}) outside [0, {size}]")
            o = v.get("offset")
            if isinstance(o, int) and not 0 <= o <= size:
                bad.append(f"{where}: offset {o} outside [0, {size}]")
            for k, x in v.items():
                walk(x, f"{where}.{k}")
        elif isinstance(v, list):
            for i, x in enumerate(v):
                walk(x, f"{where}[{i}]")

    walk(doc, "$")
    return "\n".join(bad[:10])


DUMP_RE = re.compile(rb"^ *[a-z_]+ (\d+)-(\d+)")


def check_dump(out, size):
    bad = 0
    with open(out, "rb") as f:
        for line in f:
            m = DUMP_RE.match(line)
            if m and not 0 <= int(m.group(1)) <= int(m.group(2)) <= size:
                bad += 1
    return f"{bad} dump spans out of bounds" if bad else ""


def main(argv):
    scale, growth = 1.0, True
    i = 1
    while i < len(argv):
        if argv[i] == "--scale":
            scale = float(argv[i + 1])
            i += 1
        elif argv[i] == "--no-growth":
            growth = False
        else:
            sys.exit(f"run.py: unknown argument {argv[i]}")
        i += 1
    tmp = tempfile.mkdtemp(prefix="nm-patho-")
    try:
        for name, case, size, args, dump, err_re, grows in CASES:
            if name not in NOSCALE:
                size = int(size * scale)
            path = os.path.join(tmp, name)
            with open(path, "wb") as f:
                f.write(gen.gen(case, size))
            fsize = os.path.getsize(path)
            out = os.path.join(tmp, "out")
            rc, err, secs = run(["--format", "json"] + args, path, out)
            desc = f"{name} ({fsize} bytes, {secs:.2f} s)"
            if rc is None:
                report(False, f"{desc}: json", f"timed out after {LIMIT} s")
                continue
            problem = ""
            if rc != 0:
                problem = f"exit {rc}: {err[:300]}"
            elif err_re and not re.search(err_re, err):
                problem = f"stderr does not match /{err_re}/: {err[:300]!r}"
            elif not err_re and err:
                problem = f"unexpected stderr: {err[:300]!r}"
            else:
                problem = check_json(out, fsize)
            if not problem and name == "rule-catastrophic":
                with open(out, encoding="utf-8") as f:
                    d = json.load(f)
                if not d["quotes"] or not d["people"]:
                    problem = "the other spans are gone (no quote or person)"
                elif not any("cat" in x["message"] for x in d["diagnostics"]):
                    problem = "no diagnostic for rule cat in the JSON"
            report(not problem, f"{desc}: json, exit 0, spans in bounds", problem)
            if dump:
                rc, err, secs = run(["--format", "dump"] + args, path, out)
                problem = f"exit {rc}: {err[:300]}" if rc != 0 else check_dump(out, fsize)
                report(not problem, f"{name}: dump, exit 0, spans in bounds", problem)
            os.unlink(out)
            if growth and grows:
                big = os.path.join(tmp, name + "-4x")
                with open(big, "wb") as f:
                    f.write(gen.gen(case, 4 * size))
                t1 = min(run(["--format", "none"] + args, path, os.devnull)[2] for _ in range(2))
                rc, _, t4 = run(["--format", "none"] + args, big, os.devnull)
                if rc == 0 and t4 / max(t1, FLOOR) >= RATIO:
                    # once more before failing: a slow stretch of a shared
                    # host can hit one run; growth that is really too fast
                    # shows in both
                    rc, _, again = run(["--format", "none"] + args, big, os.devnull)
                    t4 = min(t4, again)
                ratio = t4 / max(t1, FLOOR)
                d = (f"{name}: growth x4 in size: {t1:.3f} s -> {t4:.3f} s,"
                     f" ratio {ratio:.1f} (< {RATIO:g})")
                if rc is None:
                    report(False, d, f"4x run timed out after {LIMIT} s")
                elif ratio >= RATIO and name in KNOWN:
                    report(True, d, skip=KNOWN[name])
                else:
                    report(rc == 0 and ratio < RATIO, d, f"exit {rc}, ratio {ratio:.1f}")
                os.unlink(big)
            os.unlink(path)
        # 4 GiB: a sparse file; the CLI must refuse it at once, not read it
        big = os.path.join(tmp, "4gib")
        try:
            with open(big, "wb") as f:
                f.truncate(4 << 30)
            rc, err, secs = run(["--format", "json"], big, os.path.join(tmp, "out"))
            good = rc == 1 and "input too big (4 GiB or more)" in err and secs < 2
            report(good, f"4 GiB sparse file: exit 1, 'input too big', fast ({secs:.3f} s)",
                   f"exit {rc}, {secs:.2f} s, stderr {err[:200]!r}")
        except OSError as e:
            report(True, "4 GiB sparse file", skip=f"cannot make it here: {e}")
    finally:
        for f in os.listdir(tmp):
            os.unlink(os.path.join(tmp, f))
        os.rmdir(tmp)
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

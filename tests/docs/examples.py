#!/usr/bin/env python3
"""tests/docs/examples.py - the commands shown in README.md and docs/**/*.md
run and do what the text says.

    python3 tests/docs/examples.py [-v] [PAGE...]

Fenced blocks, per page:

- ```sh (bash, shell): each command (a line, joined over trailing `\\`)
  runs with bash and must exit 0.
- ```console, and plain ``` blocks whose first line starts with `$ `: each
  `$ COMMAND` runs, and what it prints (standard output and error merged)
  must be the lines that follow it, up to the next `$ ` (trailing spaces and
  blank lines at the end aside); a line that is just `...` stands for any
  number of lines (indented or not).
- `<!-- file: PATH -->` just before a block: the block must be the content
  of PATH (docs/rules.md shows its example configs this way, so the page
  cannot drift from the files the commands run).
- `<!-- not run: REASON -->` just before a block: it is skipped, and
  counted as skipped with the reason. Commands that cannot run here for a
  reason the page does not carry (they build or install with make, need the
  network, open an editor; see SKIP) are skipped and counted the same way.

Each block runs in a fresh temporary directory holding the source tree's
docs/, tests/, scripts/, plugin/, core/ and build/ (symlinks), sample
articles (article.txt, a.txt, extra.txt, folders articles/, corpus/, 2019/,
2020/, corpus.jsonl, and for the import examples doccano-export.jsonl,
brat-collection/ and corpus/*.gold.json), a config (my.lua, house-rules.lua) and ../shared when
NM_SHARED names one. It stands for a machine where newsmark is installed:
PATH starts with newsmark, newsmark-annotate, newsmark-stats,
newsmark-pager and newsmark-mle from the build tree, LUA_PATH and LUA_CPATH
find the Lua modules, PKG_CONFIG_PATH the build tree's newsmark.pc; HOME and
XDG_CONFIG_HOME are empty. Ends with `N passed, N failed, N skipped`.
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.abspath(os.path.join(ROOT, os.environ.get("NM_BUILD", "build")))
NEWSMARK = os.path.abspath(os.path.join(ROOT, os.environ.get("NEWSMARK", "build/bin/newsmark")))
SHARED = os.path.abspath(os.path.join(ROOT, os.environ.get("NM_SHARED", "../shared")))
TIMEOUT = 120

# (page regex or None, command regex, reason): commands that are not run.
SKIP = [
    (None, r"^make\b|&& make\b", "make builds, installs or runs the tests (make test runs this suite)"),
    (None, r"^bash scripts/dev/deps\.sh", "installs packages with apt-get"),
    (None, r"\bcurl\b", "needs the network"),
    (None, r"^hadoop\b", "needs a Hadoop cluster"),
    (None, r"^(nvim|vim|vis|mle|less)\b", "opens an interactive program"),
    (r"docs/editors/mle\.md$", r"newsmark-mle article\.txt", "opens the mle editor"),
    (r"docs/fuzzing\.md$", r"artifacts/crash-", "names a crash file that only a fuzzing run leaves"),
    (r"docs/robustness\.md$", r"tests/patho/run\.sh", "a whole test suite, which make test runs itself"),
    (r"docs/robustness\.md$", r"bench-patho\.sh", "a benchmark (make bench)"),
    (r"docs/robustness\.md$", r"/tmp/x\b", "writes /tmp/x, outside the test's directory"),
]

FENCE = re.compile(r"^(\s*)(```+|~~~+)\s*([\w+-]*)")
MARK = re.compile(r"^<!--\s*(not run|file):\s*(.*?)\s*-->\s*$")


def pages(args):
    if args:
        return args
    found = ["README.md"] + sorted(glob.glob("docs/**/*.md", recursive=True))
    return [p for p in found if os.path.isfile(os.path.join(ROOT, p))]


def blocks(page):
    """Yield (line, lang, body lines, {mark: value}) for each fenced block."""
    with open(os.path.join(ROOT, page), encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence, lang = m.group(1), m.group(2), m.group(3).lower()
        marks = {}
        j = i - 1
        while j >= 0 and lines[j].strip() == "":
            j -= 1
        while j >= 0:
            mm = MARK.match(lines[j].strip())
            if not mm:
                break
            marks[mm.group(1)] = mm.group(2)
            j -= 1
        body = []
        k = i + 1
        while k < len(lines) and not lines[k].strip().startswith(fence[:3]):
            line = lines[k]
            body.append(line[len(indent):] if line.startswith(indent) else line)
            k += 1
        yield i + 1, lang, body, marks
        i = k + 1


def commands(body):
    """Logical lines of a shell block: continuations joined, comments and
    blank lines dropped."""
    out, cur = [], ""
    for line in body:
        if cur:
            cur += "\n" + line
        elif line.strip() == "" or line.lstrip().startswith("#"):
            continue
        else:
            cur = line
        if cur.endswith("\\"):
            continue
        out.append(cur)
        cur = ""
    if cur:
        out.append(cur)
    return out


def console(body):
    """(command, expected output lines) pairs of a console block."""
    out = []
    for line in body:
        if line.startswith("$ "):
            out.append([line[2:], []])
        elif out and out[-1][0].endswith("\\") and not out[-1][1]:
            out[-1][0] += "\n" + line
        elif out:
            out[-1][1].append(line)
    return out


def skip_reason(page, cmd):
    for page_re, cmd_re, reason in SKIP:
        if page_re and not re.search(page_re, page):
            continue
        if re.search(cmd_re, cmd.strip(), re.M):
            return reason
    if "../shared" in cmd and not os.path.isdir(SHARED):
        return SHARED + " is absent"
    return None


def sandbox():
    """A fresh directory to run one block in; returns (parent, workdir, env)."""
    parent = tempfile.mkdtemp(prefix="nm-docs.")
    work = os.path.join(parent, "work")
    os.makedirs(os.path.join(work, "bin"))
    for d in ("docs", "tests", "scripts", "plugin", "core"):
        os.symlink(os.path.join(ROOT, d), os.path.join(work, d))
    os.symlink(BUILD, os.path.join(work, "build"))
    if os.path.isdir(SHARED):
        os.symlink(SHARED, os.path.join(parent, "shared"))
    wrappers = {
        "newsmark": 'exec "%s" "$@"' % NEWSMARK,
        "newsmark-annotate": 'exec lua5.4 "%s/scripts/newsmark-annotate" "$@"' % ROOT,
        "newsmark-stats": 'exec lua5.4 "%s/scripts/newsmark-stats" "$@"' % ROOT,
        "newsmark-pager": 'exec sh "%s/plugin/bin/newsmark-pager" "$@"' % ROOT,
        "newsmark-mle": 'exec lua5.4 "%s/plugin/bin/newsmark-mle" "$@"' % ROOT,
    }
    for name, line in wrappers.items():
        path = os.path.join(work, "bin", name)
        with open(path, "w") as f:
            f.write("#!/bin/sh\n" + line + "\n")
        os.chmod(path, 0o755)
    sample = os.path.join(ROOT, "tests/corpus/sample.txt")
    other = os.path.join(ROOT, "docs/examples/rules-article.txt")
    for name in ("article.txt", "a.txt", "extra.txt"):
        shutil.copy(sample, os.path.join(work, name))
    for d in ("articles", "corpus", "2019", "2020"):
        os.makedirs(os.path.join(work, d))
        shutil.copy(sample, os.path.join(work, d, "sample.txt"))
        shutil.copy(other, os.path.join(work, d, "bridge.txt"))
    with open(os.path.join(work, "corpus.jsonl"), "w", encoding="utf-8") as f:
        for i, path in enumerate((sample, other)):
            with open(path, encoding="utf-8") as a:
                f.write(json.dumps({"id": "a%d" % i, "text": a.read()}) + "\n")
    for name in ("my.lua", "house-rules.lua"):
        shutil.copy(os.path.join(ROOT, "docs/examples/config.lua"), os.path.join(work, name))
    home = os.path.join(parent, "home")
    os.makedirs(os.path.join(home, ".config"))
    env = dict(os.environ)
    for k in ("NEWSMARK_CONFIG", "NO_COLOR", "LESSOPEN", "LUA_PATH", "LUA_CPATH"):
        env.pop(k, None)
    env.update(
        PATH=os.path.join(work, "bin") + os.pathsep + env.get("PATH", ""),
        HOME=home,
        XDG_CONFIG_HOME=os.path.join(home, ".config"),
        NM_BUILD=BUILD,
        NEWSMARK=NEWSMARK,
        LC_ALL="C.UTF-8",
        LUA_PATH="%s/plugin/lua/?.lua;%s/plugin/lua/?/init.lua;;" % (ROOT, ROOT),
        LUA_CPATH="%s/lua/5.4/?.so;;" % BUILD,
        PKG_CONFIG_PATH=os.path.join(BUILD, "lib", "pkgconfig"),
        COLUMNS="80",
    )
    # What the import examples read: files another tool wrote, made here
    # from the sample with the exporters themselves.
    for cmd in (
        "newsmark-annotate -q -f doccano articles/ > doccano-export.jsonl",
        "newsmark-annotate -q -f brat -o brat-collection/ articles/",
        "for f in corpus/*.txt; do newsmark -f json \"$f\" > \"${f%.txt}.gold.json\"; done",
    ):
        code, out = run(cmd, work, env)
        if code != 0:
            sys.exit("examples.py: setting up failed: %s: %s" % (cmd, out))
    return parent, work, env


def run(cmd, work, env):
    try:
        p = subprocess.run(
            ["bash", "-c", "set -o pipefail\n" + cmd],
            cwd=work,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=TIMEOUT,
        )
        return p.returncode, p.stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return None, "timed out after %d s" % TIMEOUT


def matches(got, want):
    """got == want, where a want line `...` stands for any lines."""
    if not want:
        return not got
    if want[0].strip() == "...":
        return any(matches(got[i:], want[1:]) for i in range(len(got) + 1))
    return bool(got) and got[0] == want[0] and matches(got[1:], want[1:])


def normal(lines):
    lines = [l.rstrip() for l in lines]
    while lines and lines[-1] == "":
        lines.pop()
    return lines


class Tally:
    def __init__(self, verbose):
        self.n = self.passed = self.failed = self.skipped = 0
        self.verbose = verbose

    def ok(self, good, desc, detail=()):
        self.n += 1
        if good:
            self.passed += 1
            print("ok %d - %s" % (self.n, desc))
        else:
            self.failed += 1
            print("not ok %d - %s" % (self.n, desc))
            for d in detail:
                print("#   " + d)

    def skip(self, desc, why):
        self.n += 1
        self.skipped += 1
        print("ok %d - %s # SKIP %s" % (self.n, desc, why))


def short(cmd):
    cmd = cmd.replace("\n", " ")
    return cmd if len(cmd) <= 70 else cmd[:67] + "..."


def main(argv):
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    os.chdir(ROOT)
    t = Tally(verbose)
    for page in pages(args):
        for line, lang, body, marks in blocks(page):
            where = "%s:%d" % (page, line)
            if "file" in marks:
                path = marks["file"]
                try:
                    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
                        want = f.read().rstrip("\n").split("\n")
                except OSError as e:
                    t.ok(False, "%s: the block is %s" % (where, path), [str(e)])
                    continue
                t.ok(body == want, "%s: the block is %s, as it is" % (where, path),
                     ["the block and the file differ; copy the file into the page"])
            is_console = lang == "console" or (lang == "" and body and body[0].startswith("$ "))
            is_shell = lang in ("sh", "bash", "shell")
            if not (is_console or is_shell):
                continue
            if "not run" in marks:
                t.skip("%s: the %s block" % (where, lang or "console"), marks["not run"])
                continue
            parent, work, env = sandbox()
            try:
                if is_shell:
                    for cmd in commands(body):
                        why = skip_reason(page, cmd)
                        if why:
                            t.skip("%s: %s" % (where, short(cmd)), why)
                            continue
                        rc, out = run(cmd, work, env)
                        t.ok(rc == 0, "%s: %s exits 0" % (where, short(cmd)),
                             ["exit %s" % rc] + out.splitlines()[-8:])
                else:
                    for cmd, want in console(body):
                        why = skip_reason(page, cmd)
                        if why:
                            t.skip("%s: %s" % (where, short(cmd)), why)
                            continue
                        rc, out = run(cmd, work, env)
                        got = normal(out.split("\n"))
                        want = normal(want)
                        detail = ["exit %s" % rc]
                        good = matches(got, want)
                        if not good:
                            for i in range(max(len(got), len(want))):
                                g = got[i] if i < len(got) else "<none>"
                                w = want[i] if i < len(want) else "<none>"
                                if g != w:
                                    detail += ["first difference, line %d:" % (i + 1),
                                               "  doc: " + w, "  got: " + g]
                                    break
                        t.ok(good and rc is not None,
                             "%s: %s prints what the page shows" % (where, short(cmd)), detail)
            finally:
                shutil.rmtree(parent, ignore_errors=True)
    print("1..%d" % t.n)
    print("%d passed, %d failed, %d skipped" % (t.passed, t.failed, t.skipped))
    return 1 if t.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

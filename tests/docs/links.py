#!/usr/bin/env python3
"""tests/docs/links.py - every relative link in README.md, docs/**/*.md and
plugin/doc/newsmark.txt resolves.

    python3 tests/docs/links.py [PAGE...]

Markdown pages: each inline link or image `[text](target)` and reference
definition `[label]: target` outside code. A target with a scheme
(https:, mailto:) is not fetched. A relative path must exist (from the
page's folder); an `#anchor` must be the GitHub slug of a heading of the
target page (or of the page itself for `#anchor` alone), or an explicit
`<a id=...>` / `name=...` anchor there. Slugs are GitHub's: the heading's
text without markup, lower-cased, punctuation other than `-` and `_`
removed, spaces turned to `-`, and `-1`, `-2` ... added to repeats.

Also in Markdown: a path in backticks that names a file of this repository
(`docs/spans.md`, `tests/cli/install.sh`, `core/include/newsmark.h`) must
exist, since the pages use them as references; one with a wildcard or a
placeholder, or that git ignores (a generated file), is not checked.

Every file in docs/examples/ is named by some page.

plugin/doc/newsmark.txt: every `|newsmark...|` or `|:Newsmark...|` link
names a `*tag*` defined in the file, each tag is defined once, and every
docs/*.md path it mentions exists.

Ends with `N passed, N failed`.
"""
import glob
import os
import re
import subprocess
import sys
import unicodedata

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

FENCE = re.compile(r"^\s*(```+|~~~+)")
INLINE_LINK = re.compile(r"!?\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(\s|$)")
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
ANCHOR_TAG = re.compile(r"<a\s[^>]*(?:id|name)\s*=\s*\"([^\"]+)\"", re.I)
CODE_SPAN = re.compile(r"(`+)(.+?)\1")
REPO_DIRS = ("docs/", "tests/", "scripts/", "core/", "plugin/")


def markdown_pages():
    pages = ["README.md"] + sorted(glob.glob("docs/**/*.md", recursive=True))
    return [p for p in pages if os.path.isfile(os.path.join(ROOT, p))]


def prose_lines(text):
    """(line number, line) outside fenced code blocks."""
    fence = None
    for n, line in enumerate(text.split("\n"), 1):
        m = FENCE.match(line)
        if m:
            mark = m.group(1)[:3]
            if fence is None:
                fence = mark
            elif mark == fence:
                fence = None
            continue
        if fence is None:
            yield n, line


def slug_text(heading):
    """A heading's text as GitHub renders it, before slugging."""
    t = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # links -> text
    t = re.sub(r"<[^>]+>", "", t)  # HTML tags
    t = t.replace("`", "")
    t = re.sub(r"(\*\*|__|\*)(.+?)\1", r"\2", t)  # emphasis
    return t


def github_slug(heading):
    t = slug_text(heading).strip().lower()
    out = []
    for ch in t:
        cat = unicodedata.category(ch)
        if ch in "-_" or cat[0] in "LN" or cat == "Mn":
            out.append(ch)
        elif ch == " ":
            out.append("-")
    return "".join(out)


_anchor_cache = {}


def anchors(path):
    if path in _anchor_cache:
        return _anchor_cache[path]
    found, seen = set(), {}
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for _, line in prose_lines(text):
        m = HEADING.match(line)
        if m:
            base = github_slug(m.group(2))
            n = seen.get(base, 0)
            found.add(base if n == 0 else "%s-%d" % (base, n))
            seen[base] = n + 1
        for a in ANCHOR_TAG.findall(line):
            found.add(a)
    _anchor_cache[path] = found
    return found


class Tally:
    def __init__(self):
        self.n = self.passed = self.failed = 0

    def ok(self, good, desc, detail=None):
        self.n += 1
        if good:
            self.passed += 1
            print("ok %d - %s" % (self.n, desc))
        else:
            self.failed += 1
            print("not ok %d - %s" % (self.n, desc))
            if detail:
                print("#   " + detail)


def check_target(t, page, n, target):
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target):
        return  # https:, mailto: ... are not fetched
    path, _, anchor = target.partition("#")
    where = "%s:%d: %s" % (page, n, target)
    if path:
        full = os.path.normpath(os.path.join(ROOT, os.path.dirname(page), path))
        if not os.path.exists(full):
            t.ok(False, where + " exists", "no such file: " + os.path.relpath(full, ROOT))
            return
    else:
        full = os.path.join(ROOT, page)
    if not anchor:
        t.ok(True, where + " exists")
        return
    if os.path.isdir(full) or not full.endswith(".md"):
        t.ok(False, where + ": an anchor into a page that is not Markdown")
        return
    have = anchors(full)
    t.ok(anchor in have, where + ": the anchor is a heading there",
         "no heading of %s has the slug '%s'" % (os.path.relpath(full, ROOT), anchor))


def path_mentions(line):
    """Repository paths named in backticks."""
    for m in CODE_SPAN.finditer(line):
        code = m.group(2).strip()
        if not code.startswith(REPO_DIRS) or " " in code:
            continue
        if re.search(r"[*?{}<>\[\]$]|\.\.\.|…|/NAME|/X\b|/x\b", code):
            continue  # a pattern or placeholder, not one file
        code = re.sub(r"[:#].*$", "", code)  # file:line, file#anchor
        yield code


def ignored(path):
    """Whether git ignores path (a generated file the page may name)."""
    try:
        r = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return r.returncode == 0
    except OSError:
        return False


def check_markdown(t, page):
    with open(os.path.join(ROOT, page), encoding="utf-8") as f:
        text = f.read()
    for n, line in prose_lines(text):
        plain = CODE_SPAN.sub("", line)
        for m in INLINE_LINK.finditer(plain):
            check_target(t, page, n, m.group(2))
        m = REF_DEF.match(plain)
        if m:
            check_target(t, page, n, m.group(1))
        for path in path_mentions(line):
            full = os.path.join(ROOT, path)
            if ignored(path):
                continue  # made by a build or a command (plugin/doc/tags)
            t.ok(os.path.exists(full), "%s:%d: `%s` exists" % (page, n, path),
                 "no such file or folder in the repository")


def check_help(t, page):
    with open(os.path.join(ROOT, page), encoding="utf-8") as f:
        text = f.read()
    tags = {}
    for n, line in enumerate(text.split("\n"), 1):
        for tag in re.findall(r"(?:^|\s)\*([^*\s|]+)\*(?=\s|$)", line):
            tags.setdefault(tag, []).append(n)
    for tag, lines in sorted(tags.items()):
        if len(lines) > 1:
            t.ok(False, "%s: *%s* is defined once" % (page, tag), "lines %s" % lines)
    t.ok(bool(tags), "%s defines help tags (%d)" % (page, len(tags)))
    for n, line in enumerate(text.split("\n"), 1):
        for ref in re.findall(r"\|([^|\s]+)\|", line):
            if not (ref.startswith("newsmark") or ref.startswith(":Newsmark")):
                continue  # Neovim's own help
            t.ok(ref in tags, "%s:%d: |%s| names a tag of the file" % (page, n, ref))
        for path in re.findall(r"\b(docs/[\w./-]+\.md)\b", line):
            t.ok(os.path.exists(os.path.join(ROOT, path)), "%s:%d: %s exists" % (page, n, path))


def check_examples_used(t):
    """Every file in docs/examples/ is named by some page (none is left
    behind when a page stops using it)."""
    text = ""
    for page in markdown_pages():
        with open(os.path.join(ROOT, page), encoding="utf-8") as f:
            text += f.read()
    for path in sorted(glob.glob("docs/examples/*")):
        name = os.path.basename(path)
        t.ok(name in text, "docs/examples/%s is named by a page" % name)


def main(args):
    os.chdir(ROOT)
    t = Tally()
    for page in args or markdown_pages() + ["plugin/doc/newsmark.txt"]:
        if page.endswith(".txt"):
            check_help(t, page)
        else:
            check_markdown(t, page)
    if not args:
        check_examples_used(t)
    print("1..%d" % t.n)
    print("%d passed, %d failed" % (t.passed, t.failed))
    return 1 if t.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

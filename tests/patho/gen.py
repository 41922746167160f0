#!/usr/bin/env python3
"""tests/patho/gen.py - write one pathological input, deterministically.

    python3 tests/patho/gen.py CASE BYTES OUT    # about BYTES bytes of CASE
    python3 tests/patho/gen.py --list            # the case names

BYTES is a target: the file is whole units of the case's pattern, at least
one, so it may be a little longer. Cases that are not about size (empty,
bom, binary, ...) ignore it where it makes no sense. The same arguments
always give the same bytes (no randomness, no clock). Files go where OUT
says; nothing here is committed (tests/patho/run.sh writes to a temp dir).
"""
import os
import sys

WORDS = ("the council voted on tuesday to close the old bridge after "
         "engineers found cracks in two of its piers and a report said "
         "repairs would cost more than a new one ").split()

# (open, close) for each quote mark kind; straight marks close themselves
QUOTES = {
    "ldq": ("\u201c", "\u201d"),  # “ ”
    "lsq": ("\u2018", "\u2019"),  # ‘ ’
    "dq": ('"', '"'),
    "sq": ("'", "'"),
    "guil": ("\u00ab", "\u00bb"),  # « »
    "low": ("\u201e", "\u201c"),  # „ “ (German)
}


def repeat(unit, size):
    """`unit` (bytes) repeated to at least `size` bytes, at least once."""
    n = max(1, -(-size // len(unit)))
    return unit * n


def words(n, start=0):
    return " ".join(WORDS[(start + i) % len(WORDS)] for i in range(n))


def article(size):
    """News-like paragraphs with quotes, names and cues."""
    para = ("Jane Doe, the mayor of Springfield, said: \u201cWe will rebuild "
            "the bridge.\u201d John Smith of the Transport Agency told "
            "reporters that \u201cthe work starts in May\u201d. " + words(30)
            + ".\n\n")
    return repeat(para.encode(), size)


def name(i):
    """A distinct capitalised made-up word for each i: Babaca, Cabaca, ..."""
    letters = []
    for _ in range(5):
        i, d = divmod(i, 21)
        letters.append("bcdfghjklmnpqrstvwxyz"[d] + "aeiou"[len(letters) % 5])
    return "".join(letters).capitalize()


def numbered(unit, size):
    """unit(0) + unit(1) + ... (strings), encoded, to at least `size` bytes."""
    out, total, i = [], 0, 0
    while total < size or i == 0:
        data = unit(i).encode()
        out.append(data)
        total += len(data)
        i += 1
    return b"".join(out)


def gen(case, size):
    if case == "empty":
        return b""
    if case == "whitespace":
        return repeat(b" \t\n \r\n\v\f  \n", size)
    if case == "article":
        return article(size)
    if case == "longline":  # one line, no newline at all
        return repeat((words(50) + " ").encode(), size)
    for kind, (o, c) in QUOTES.items():
        # balanced: OPEN words CLOSE ...; unbalanced: OPEN words ... (no close)
        if case == "q-" + kind + "-bal":
            return repeat(f"{o}a b{c} ".encode(), size)
        if case == "q-" + kind + "-unbal":
            return repeat(f"{o}a b ".encode(), size)
        if case == "q-" + kind + "-close":  # closing marks only
            return repeat(f"a b{c} ".encode(), size)
    if case == "nested":  # N opening marks, alternating kinds, then N closes
        pairs = [("\u201c", "\u201d"), ("\u2018", "\u2019"), ("\u00ab", "\u00bb")]
        n = max(1, size // 12)
        s = "".join(pairs[i % 3][0] + "w " for i in range(n))
        s += "".join(pairs[i % 3][1] for i in reversed(range(n)))
        return s.encode()
    if case == "utf8-bad":  # every class of invalid UTF-8, between words
        bad = [b"\x80", b"\xbf\xbf", b"\xc0\xaf", b"\xc1\xbf", b"\xe0\x80\xaf",
               b"\xf0\x80\x80\xaf", b"\xed\xa0\x80", b"\xed\xbf\xbf",
               b"\xf4\x90\x80\x80", b"\xf5\x80\x80\x80", b"\xff", b"\xfe",
               b"\xc3", b"\xe2\x80", b"\xf0\x9f\x98", b"\xe2\x80\x9c\xed\xa0\x80"]
        unit = b"".join(b"Word" + b + b" said \xe2\x80\x9c" + b + b"\xe2\x80\x9d. "
                        for b in bad)
        return repeat(unit, size) + b"\xf0\x9f\x98"  # truncated at the very end
    if case == "nul":
        return repeat(b"John\x00 Smith said \x00\xe2\x80\x9chi\x00\xe2\x80\x9d.\n\x00", size)
    if case == "bom":
        return b"\xef\xbb\xbf" + article(size)
    if case == "bom-only":
        return b"\xef\xbb\xbf"
    if case == "crlf":
        return article(size).replace(b"\n", b"\r\n")
    if case == "cr":
        return article(size).replace(b"\n", b"\r")
    if case == "rtl":  # Arabic and Hebrew, with quotes, RLM/LRM and RLO marks
        unit = ("\u0642\u0627\u0644 \u0627\u0644\u0648\u0632\u064a\u0631: "
                "\u00ab\u0633\u0646\u0628\u0646\u064a \u0627\u0644\u062c\u0633\u0631\u00bb. "
                "\u05d4\u05e9\u05e8 \u05d0\u05de\u05e8: \u201e\u05e0\u05d1\u05e0\u05d4\u201d "
                "\u200f\u202eJohn Smith\u202c\u200e said \u201c\u05e9\u05dc\u05d5\u05dd\u201d.\n")
        return repeat(unit.encode(), size)
    if case == "combining":  # letters carrying stacks of combining marks
        unit = ("J\u0301\u0308o\u0303hn S\u030cm\u0327i\u0323th said \u201c"
                "e\u0301" + "\u0300" * 20 + " cafe\u0301\u201d. Zo\u0308e\u0304 Ma\u0301rquez.\n")
        return repeat(unit.encode(), size)
    if case == "binary":  # a real executable, repeated to the size wanted
        with open("/bin/ls", "rb") as f:
            data = f.read()
        return data if size <= len(data) else repeat(data, size)
    if case == "capwords":  # one long run of capitalised words (name chunks)
        unit = " ".join(w.capitalize() for w in WORDS).encode() + b" "
        return repeat(unit, size)
    if case == "said":  # speech cues and nothing to attach them to
        return repeat(b"said ", size)
    if case == "said-quotes":  # a cue after every quote
        return repeat("\u201cYes,\u201d said John Smith. ".encode(), size)
    if case == "officials":  # distinct people with roles, each then "the minister"
        return numbered(lambda i: f"Foreign Minister {name(2 * i)} {name(2 * i + 1)} "
                        "spoke on Monday. \u201cWe will act,\u201d the minister said.\n\n",
                        size)
    if case == "surnames":  # thousands of people of one surname, 2 and 3 words
        return numbered(lambda i: f"{name(3 * i)} Smith and {name(3 * i + 1)} "
                        f"{name(3 * i + 2)} Smith met on Monday. Smith said no.\n\n",
                        size)
    if case == "titlecase-line":  # one line of "Babe Of The Cabe Dabe Of The ..."
        return numbered(lambda i: f"{name(i)} Of The {name(i + 1)} ", size) + b"\n"
    if case == "given-names":  # thousands of names sharing six given names
        given = ("Sergei", "Mary", "John", "Li", "Maria", "Ahmed")
        return numbered(lambda i: f"{given[i % 6]} {name(2 * i)} told reporters "
                        f"{given[(i + 1) % 6]} {name(2 * i)} {name(2 * i + 1)} said. ",
                        size) + b"\n"
    if case == "quotes-no-stops":  # a paragraph of quotes and no sentence end
        return repeat("\u201cWe will go there now and see what happens next,\u201d "
                      .encode(), size) + b"\n"
    if case == "pronouns-no-stops":  # a subject, then quotes "he said" with no stop
        return (b"On Monday, John Smith arrived. "
                + repeat("\u201cWe will go there now,\u201d he said and ".encode(),
                         max(0, size - 31)) + b"\n")
    if case == "aaa":  # the catastrophic rule's subject: a..ab plus a quote
        return b"a" * max(1, size - 40) + b"b\nJohn Smith said \xe2\x80\x9cno\xe2\x80\x9d.\n"
    raise SystemExit(f"gen.py: unknown case {case!r} (see --list)")


CASES = (["empty", "whitespace", "article", "longline"]
         + [f"q-{k}-{v}" for k in QUOTES for v in ("bal", "unbal", "close")]
         + ["nested", "utf8-bad", "nul", "bom", "bom-only", "crlf", "cr", "rtl",
            "combining", "binary", "capwords", "said", "said-quotes", "officials",
            "surnames", "given-names", "titlecase-line", "quotes-no-stops",
            "pronouns-no-stops", "aaa"])


def main(argv):
    if argv[1:] == ["--list"]:
        print("\n".join(CASES))
        return 0
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    data = gen(argv[1], int(argv[2]))
    tmp = argv[3] + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, argv[3])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

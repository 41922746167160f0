#!/usr/bin/env python3
"""scripts/dev/growth-hunt.py - look for inputs whose analysis time grows
faster than their size.

    python3 scripts/dev/growth-hunt.py [--newsmark PATH] FIRST LAST

For each seed in [FIRST, LAST): draw weights for a dozen kinds of pieces
(made-up names, one shared surname, given names, titles, connectors, plain
words, speech cues, opening and closing quote marks, punctuation, line
breaks, capitals, pronouns), write 256 KiB and 1 MiB of text from them with
the same seed, and time `newsmark --format none` on both. Linear work takes
about 4 x as long on the larger file; a line ends in SUSPECT above 7. The
same seed always writes the same text, so a suspect can be kept as a case
of tests/patho/gen.py (given-names came from seed 26). A search, not a
test: it prints and never fails.
"""
import os
import random
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tests", "patho"))
import gen  # noqa: E402  (gen.name: a distinct made-up word per number)

PIECES = {
    "name": lambda r: gen.name(r.randrange(10**6)),
    "samename": lambda r: "Smith",
    "given": lambda r: r.choice(["John", "Mary", "Sergei", "Ahmed", "Li", "Maria"]),
    "title": lambda r: r.choice(["President", "Foreign Minister", "Secretary of State",
                                 "Senator", "Dr.", "Mr.", "spokesman"]),
    "conn": lambda r: r.choice(["of", "the", "and", "de", "van", "al-", "Of", "The", "And"]),
    "word": lambda r: r.choice(["the", "council", "voted", "to", "close", "bridge",
                                "after", "engineers", "found", "cracks"]),
    "cue": lambda r: r.choice(["said", "told reporters", "added", "according to", "says",
                               "he said", "the official said", "she said"]),
    "open": lambda r: r.choice(["\u201c", '"', "\u2018", "'", "\u00ab", "\u201e"]),
    "close": lambda r: r.choice(["\u201d", '"', "\u2019", "'", "\u00bb", "\u201c"]),
    "punct": lambda r: r.choice([",", ".", ":", ";", "(", ")", "\u2014", "-", "!", "?"]),
    "break": lambda r: r.choice(["\n", "\n\n"]),
    "caps": lambda r: gen.name(r.randrange(10**6)).upper()[:5],
    "pronoun": lambda r: r.choice(["he", "she", "they", "it", "He", "She"]),
}


def text(seed, size):
    """About `size` bytes of the mix that `seed` picks."""
    kinds = list(PIECES)
    pick = random.Random(seed)
    weights = [pick.choice([0, 0, 1, 2, 5, 10]) for _ in kinds]
    if not any(weights):
        weights[0] = 1
    draw = random.Random(seed * 7 + 1)
    out, total = [], 0
    while total < size:
        kind = draw.choices(kinds, weights)[0]
        piece = PIECES[kind](draw) + ("" if kind == "break" else " ")
        out.append(piece)
        total += len(piece.encode())
    return "".join(out).encode()


def seconds(newsmark, path):
    t0 = time.perf_counter()
    subprocess.run([newsmark, "-q", "--format", "none", path], check=True, timeout=300)
    return time.perf_counter() - t0


def main(argv):
    newsmark = "build/bin/newsmark"
    if len(argv) > 2 and argv[1] == "--newsmark":
        newsmark = argv[2]
        argv = argv[:1] + argv[3:]
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    with tempfile.TemporaryDirectory(prefix="nm-growth-") as tmp:
        small, large = os.path.join(tmp, "small"), os.path.join(tmp, "large")
        for seed in range(int(argv[1]), int(argv[2])):
            with open(small, "wb") as f:
                f.write(text(seed, 256 * 1024))
            with open(large, "wb") as f:
                f.write(text(seed, 1024 * 1024))
            ts = max(seconds(newsmark, small), 0.02)  # below: start-up noise
            tl = seconds(newsmark, large)
            flag = " SUSPECT" if tl / ts > 7 else ""
            print(f"seed {seed}: {ts:.3f} s -> {tl:.3f} s, x{tl / ts:.1f}{flag}",
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

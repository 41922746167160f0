#!/usr/bin/env python3
"""tests/lib/screen.py - read `tmux capture-pane -e -p` output as cells.

    screen.py CAPTURE TEXT [N [START:LEN]]
                                  the attributes of the Nth (1-based, default
                                  1) occurrence of TEXT on one screen row (of
                                  its characters START..START+LEN-1 only):
                                  "fg=4 bold" when every cell of it has the
                                  same ones, else "mixed: A | B | ..."; rc 1
                                  with "absent" when TEXT is not on screen
    screen.py CAPTURE --dump      every row as runs: [attrs]text
    screen.py CAPTURE --png OUT   a PNG of the screen (needs Pillow and the
                                  DejaVu Sans Mono fonts; used for the
                                  screenshots in docs/editors/)

Attributes, sorted: bold dim italic underline reverse, fg=N and bg=N with N
an xterm colour index 0..255 (30..37 -> 0..7, 90..97 -> 8..15, 38;5;N -> N)
or #rrggbb; nothing for the default look (printed as "plain").
One character is one cell (wide characters are not expected here).
"""
import re
import sys

SGR = re.compile(r"\x1b\[([0-9;:]*)m")
OTHER = re.compile(r"\x1b(\[[0-9;:?]*[A-Za-z]|\][^\x07]*\x07|[()][0-9A-B]|.)")


def apply(state, params):
    ps = [p for p in params.replace(":", ";").split(";")]
    if ps == [""]:
        ps = ["0"]
    i = 0
    while i < len(ps):
        n = int(ps[i] or 0)
        if n == 0:
            state.clear()
        elif n in (1, 2, 3, 4, 7):
            state[{1: "bold", 2: "dim", 3: "italic", 4: "underline", 7: "reverse"}[n]] = True
        elif n == 22:
            state.pop("bold", None)
            state.pop("dim", None)
        elif n in (23, 24, 27):
            state.pop({23: "italic", 24: "underline", 27: "reverse"}[n], None)
        elif 30 <= n <= 37 or 90 <= n <= 97:
            state["fg"] = n - 30 if n < 90 else n - 90 + 8
        elif 40 <= n <= 47 or 100 <= n <= 107:
            state["bg"] = n - 40 if n < 100 else n - 100 + 8
        elif n == 39:
            state.pop("fg", None)
        elif n == 49:
            state.pop("bg", None)
        elif n in (38, 48):
            key = "fg" if n == 38 else "bg"
            if i + 2 < len(ps) and ps[i + 1] == "5":
                state[key] = int(ps[i + 2])
                i += 2
            elif i + 4 < len(ps) and ps[i + 1] == "2":
                state[key] = "#%02x%02x%02x" % tuple(int(x) for x in ps[i + 2 : i + 5])
                i += 4
        i += 1


def describe(state):
    flags = [k for k in ("bold", "dim", "italic", "underline", "reverse") if state.get(k)]
    cols = ["%s=%s" % (k, state[k]) for k in ("fg", "bg") if k in state]
    return " ".join(flags + cols) or "plain"


def rows(text):
    """[(chars, attrs)] per row; SGR state carries across rows like tmux."""
    out = []
    state = {}
    for line in text.split("\n"):
        chars, attrs = [], []
        pos = 0
        while pos < len(line):
            m = SGR.match(line, pos)
            if m:
                apply(state, m.group(1))
                pos = m.end()
                continue
            m = OTHER.match(line, pos) if line[pos] == "\x1b" else None
            if m:
                pos = m.end()
                continue
            chars.append(line[pos])
            attrs.append(describe(state))
            pos += 1
        out.append(("".join(chars), attrs))
    return out


XTERM16 = ["#000000", "#cd0000", "#00cd00", "#cdcd00", "#0000ee", "#cd00cd",
           "#00cdcd", "#e5e5e5", "#7f7f7f", "#ff0000", "#00ff00", "#ffff00",
           "#5c5cff", "#ff00ff", "#00ffff", "#ffffff"]


def rgb(c, default):
    if c is None:
        return default
    if isinstance(c, str):
        return tuple(int(c[i : i + 2], 16) for i in (1, 3, 5))
    if c < 16:
        return rgb(XTERM16[c], default)
    if c < 232:
        c -= 16
        cube = [0, 95, 135, 175, 215, 255]
        return (cube[c // 36], cube[c // 6 % 6], cube[c % 6])
    v = 8 + 10 * (c - 232)
    return (v, v, v)


def png(text, out, fg0=(229, 229, 229), bg0=(24, 24, 24)):
    from PIL import Image, ImageDraw, ImageFont

    fonts = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono%s.ttf"
    size = 15
    face = {k: ImageFont.truetype(fonts % v, size) for k, v in
            {(0, 0): "", (1, 0): "-Bold", (0, 1): "-Oblique", (1, 1): "-BoldOblique"}.items()}
    cw = round(face[(0, 0)].getlength("M"))
    ch = round(size * 1.35)
    lines = text.split("\n")
    while lines and lines[-1] == "":
        lines.pop()
    grid = []
    state = {}
    for line in lines:
        row, pos = [], 0
        while pos < len(line):
            m = SGR.match(line, pos)
            if m:
                apply(state, m.group(1))
                pos = m.end()
                continue
            m = OTHER.match(line, pos) if line[pos] == "\x1b" else None
            if m:
                pos = m.end()
                continue
            row.append((line[pos], dict(state)))
            pos += 1
        grid.append(row)
    width = max(len(r) for r in grid) if grid else 1
    img = Image.new("RGB", (width * cw + 16, len(grid) * ch + 16), bg0)
    draw = ImageDraw.Draw(img)
    for y, row in enumerate(grid):
        for x, (c, st) in enumerate(row):
            f_idx = st.get("fg")
            if st.get("bold") and isinstance(f_idx, int) and f_idx < 8:
                f_idx += 8  # bold brightens, as in most terminals
            fg, bg = rgb(f_idx, fg0), rgb(st.get("bg"), bg0)
            if st.get("reverse"):
                fg, bg = bg, fg
            if st.get("dim"):
                fg = tuple((a + b) // 2 for a, b in zip(fg, bg))
            x0, y0 = 8 + x * cw, 8 + y * ch
            if bg != bg0:
                draw.rectangle([x0, y0, x0 + cw - 1, y0 + ch - 1], fill=bg)
            if c != " ":
                f = face[(1 if st.get("bold") else 0, 1 if st.get("italic") else 0)]
                draw.text((x0, y0 + 2), c, font=f, fill=fg)
            if st.get("underline"):
                draw.line([x0, y0 + ch - 3, x0 + cw - 1, y0 + ch - 3], fill=fg)
    img.save(out)


def main():
    if len(sys.argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    with open(sys.argv[1], "rb") as f:
        text = f.read().decode("utf-8", "replace")
    screen = rows(text)
    if sys.argv[2] == "--png":
        png(text, sys.argv[3])
        return 0
    if sys.argv[2] == "--dump":
        for chars, attrs in screen:
            runs, last = [], None
            for c, a in zip(chars, attrs):
                if a != last:
                    runs.append("[%s]" % a)
                    last = a
                runs.append(c)
            print("".join(runs))
        return 0
    want = sys.argv[2]
    nth = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    part = (0, len(want))
    if len(sys.argv) > 4:
        a, b = sys.argv[4].split(":")
        part = (int(a), int(b))
    seen = 0
    for chars, attrs in screen:
        start = chars.find(want)
        while start >= 0:
            seen += 1
            if seen == nth:
                got = attrs[start + part[0] : start + part[0] + part[1]]
                uniq = []
                for a in got:
                    if a not in uniq:
                        uniq.append(a)
                print(uniq[0] if len(uniq) == 1 else "mixed: " + " | ".join(uniq))
                return 0
            start = chars.find(want, start + 1)
    print("absent")
    return 1


if __name__ == "__main__":
    sys.exit(main())

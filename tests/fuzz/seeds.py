#!/usr/bin/env python3
"""Write the seed corpora tests/fuzz/corpus/{parse,rules,lua}/.

Seeds come from tests/corpus/sample.txt, the articles of tests/spec/*.txt
(every byte before the `.` line) and hand-made edge cases, each prefixed
with the harness's option bytes (see the comments at the top of
fuzz_parse.c, fuzz_rules.c and fuzz_lua.lua). Files written by an earlier run are
replaced; files with other names (merged by `make fuzz FUZZ_MERGE=1`) are
left alone.

  python3 tests/fuzz/seeds.py
"""
import glob
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
MAX_SEED = 4000  # under libFuzzer's default -max_len of 4096


def read(path):
    with open(os.path.join(ROOT, path), "rb") as f:
        return f.read()


def spec_articles():
    out = []
    for path in sorted(glob.glob(os.path.join(ROOT, "tests/spec/*.txt"))):
        data = open(path, "rb").read()
        if data.startswith(b".\n"):
            article = b""
        else:
            i = data.find(b"\n.\n")
            if i < 0:
                continue
            article = data[: i + 1]
        name = os.path.splitext(os.path.basename(path))[0]
        out.append(("spec-" + name, article[:MAX_SEED]))
    return out


def write(kind, name, data):
    d = os.path.join(HERE, "corpus", kind)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def parse_seeds():
    sample = read("tests/corpus/sample.txt")
    paras = sample.split(b"\n\n")
    head = b"\n\n".join(paras[:6]) + b"\n"  # headline matter + first quotes
    tail = b"\n\n".join(paras[6:]) + b"\n"
    articles = [("sample-head", head), ("sample-tail", tail)]
    articles += spec_articles()
    for name, text in articles:
        write("parse", name + ".plain", b"\x00\x00\x00" + text)
        write("parse", name + ".lex-rules", b"\x03\x00\x00" + text)
    write("parse", "sample-head.render-opts", b"\x0b\x00\x00" + head)
    write("parse", "sample-head.tight-rules", b"\x02\x00\x01" + head)
    write("parse", "sample-head.twice-stop", b"\xc3\x05\x0c" + head)
    write("parse", "sample-tail.stop-html", b"\x80\x02\x10" + tail)
    write("parse", "sample-head.lex-data",
          b"\x04\x00\x00"
          b"0Helen Marsh|3Environment Secretary|2Portsmouth=Portsmouth|"
          b"4reckon|5Tomasz|1Coastal Councils Network=CCN|9|0=x\n" + head)
    write("parse", "sample-head.mem", b"\x13\x00\x00" + head)
    for n in (0, 3, 17, 60, 150, 255):
        write("parse", "sample-head.memfail-%d" % n,
              b"\x20" + bytes([n]) + b"\x00" + head)
        write("parse", "sample-tail.memfail-after-%d" % n,
              b"\x23" + bytes([n]) + b"\x02" + tail)

    ldq, rdq = "\u201c".encode(), "\u201d".encode()
    lsq, rsq = "\u2018".encode(), "\u2019".encode()
    edge = {
        "empty": b"",
        "options-only": b"\x00\x00\x00",
        "only-quotes": b"\x00\x00\x00\"\"\"''" + ldq + rdq + lsq + rsq +
        "\u00ab\u00bb\u201e\u2039\u203a".encode() + b"\n",
        "unclosed-1000": b"\x00\x00\x00" + ldq * 1000,
        "unclosed-1000-rules": b"\x02\x00\x00" + ldq * 1000,
        "crlf": b"\x00\x00\x00" + head.replace(b"\n", b"\r\n"),
        "cr-only": b"\x00\x00\x00" + head.replace(b"\n", b"\r"),
        "bom": b"\x00\x00\x00\xef\xbb\xbf" + head,
        "invalid-utf8": b"\x00\x00\x00Mr. Smith said \xff\xfe \xc0\xaf "
        b"\xed\xa0\x80 \xf4\x90\x80\x80 \xe2\x80 " + ldq + b"Yes\xff" + rdq +
        b" he told \xc3(Reuters).\n\n\xe2\x80\x9cTrunc\xe2\x80",
        "nul": b"\x00\x00\x00Headline\x00here\n\n\"Quote\x00,\" Anna "
        b"Berg said.\n\x00\n",
        "esc-c1": b"\x09\x00\x00Esc \x1b[31mred\x1b[0m and CSI \xc2\x9b31m "
        b"and NEL \xc2\x85.\n\n" + ldq + b"\x1b]0;t\x07" + rdq +
        b" Ann Lee said.\n",
        "nested-quotes": b"\x00\x00\x00" + (ldq + b"a " + lsq) * 20 +
        (rsq + b" b" + rdq) * 20 + b" Kim Jones said.\n",
        "long-line": b"\x00\x00\x00" + b"word " * 790,
        "wrapped": b"\x00\x00\x00"
        b"The minister said on Tuesday that the government would look again\n"
        b"at the plan, which councils in the north of the country had called\n"
        b"unfair and late.\n\n# Heading\n> quoted line\n* item\n- item two\n",
        "boilerplate": b"\x00\x00\x00Classifieds powered by Gulf News\n\n"
        b"Image Credit: AP\n\nBy Jane Doe\n\n12 March 2014\n\n"
        b"GENEVA (AP) \xe2\x80\x94 \xe2\x80\x9cNo,\xe2\x80\x9d Foreign "
        b"Minister Sergei Lavrov told reporters. \xe2\x80\x9cNever.\xe2\x80\x9d"
        b"\n\nSOURCE NASA\n\nCopyright \xc2\xa9 2014. All rights reserved.\n",
        "nbsp-blank": b"\x00\x00\x00Title\n\xc2\xa0\n \t\x0b\x0c\n"
        b"\xc2\xa0Text\xc2\xa0\xc2\xa0\n",
    }
    for name, data in edge.items():
        write("parse", "edge-" + name, data[: MAX_SEED + 3])


def rules_seeds():
    sample = read("tests/corpus/sample.txt")
    text = sample[:1500]
    pats = [
        # (name, option bytes, patterns, subject or None for the text)
        ("cue", b"\x00\x00\x80\x00\x00", [rb"\b(?:said|told|says)\b"], None),
        ("four-prio", b"\x00\xe4\xe4\x05\xe4",
         [rb"\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)*",
          "\u201c[^\u201d]*\u201d".encode(), rb"\w+", rb"x*"], None),
        ("ties", b"\x00\x00\xc0\x03\x00",
         [rb"Marsh", rb"Helen Marsh", rb"(?i)marsh\b", rb"\bHelen"], None),
        ("empty", b"\xc0\x00\x80\x00\x00", [b""], b"abc \xe2\x80\x9c d\n"),
        ("keep-look", b"\x00\x00\x80\x00\x00",
         [rb"a\Kb", rb"(?<=\s)\w", rb"(?=b)", rb"(?<!a)b"],
         b"ab b cab ba bb\n"),
        ("catastrophic", b"\x00\x00\x80\x00\x00", [rb"(a+)+$"],
         b"a" * 40 + b"!"),
        ("catastrophic-tight", b"\x2e\x00\x80\x00\x00",
         [rb"(a|aa)*b", rb"((a*)*)*c"], b"a" * 60),
        ("match-limit-1", b"\x01\x00\x80\x00\x00", [rb"\w+"], None),
        ("max-hits", b"\x40\x01\x80\x00\x00", [rb"\w", rb"\s"], None),
        ("bad-regex", b"\x00\x00\x80\x00\x00",
         [rb"(", rb"[z-a]", rb"(?<=a+)b", rb"\C"], None),
        ("bad-regex2", b"\x00\x00\x80\x00\x00",
         [rb"(?<n>a)(?<n>b)", rb"a{2,1}", rb"\p{Nope}", rb"(?"], None),
        ("bad-name", b"\x00\x00\x82\x00\x00", [rb"x"], None),
        ("dup-name", b"\x00\x00\x81\x00\x00", [rb"\d+", rb"\d"], None),
        ("labels", b"\x00\x1b\xc4\x00\x39",
         [rb"said", rb"told", rb"\bthe\b", rb"Marsh"], None),
        ("mem", b"\x00\x00\xc8\x00\x00", [rb"\w+", rb"\s+"], None),
        ("stop", b"\x00\x00\xa0\x07\x00", [rb"\w+", rb"."], None),
        ("invalid-utf8", b"\x00\x00\xc0\x00\x00", [rb".", rb"\X", rb"\w+"],
         b"a\xffb\xc3\xa9\xc0\xafc\xe2\x80\x9c\xed\xa0\x80d\xf4\x90\x80\x80"),
        ("crlf", b"\x00\x00\x80\x00\x00", [rb"(?m)^\w+$", rb"(*CRLF)(?m)$"],
         b"one\r\ntwo\r\n\r\nthree\r\n"),
        ("self-subject", b"\x00\x00\x80\x00\x00", [rb"[\\(){}*+?]"], "same"),
    ]
    for n in (0, 1, 4, 9, 30):
        pats.append(("memfail-%d" % n, b"\x00\x00\xd8" + bytes([n]) + b"\x00",
                     [rb"\b\w+\b", rb"(?<=\s)\d"], None))
    for name, opts, patterns, subject in pats:
        body = b"\x1f".join(patterns)
        if subject == "same":
            data = opts + body
        else:
            data = opts + body + b"\x00" + (text if subject is None else subject)
        write("rules", name, data[:MAX_SEED])


# The article fuzz_lua.lua loads sidecars onto, and a sidecar of it as
# newsmark.annotate writes one (a rejected name, a note, a user label, a
# manual organization).
ARTICLE = ("Mayor backs plan\n\n\u201cWe will build it,\u201d Mayor Ann Lee said "
           "on Monday. The council said the \u2018plan\u2019 was late.\n\n"
           "Lee told Reuters: \u201cNot again.\u201d\n")


def selector(exact, prefix, suffix):
    return {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix,
            "suffix": suffix}


SIDECAR = {
    "quotes": [{"id": 1, "start": 18, "end": 41,
                "text": "\u201cWe will build it,\u201d", "speaker": "Ann Lee",
                "speaker_kind": "person", "status": "automatic",
                "note": "check the date"}],
    "people": [{"name": "Ann Lee", "mentions": []}],
    "organizations": [{"name": "Reuters", "mentions": [[124, 131]],
                       "manual": True}],
    "places": [], "scare_quotes": [],
    "labels": [{"label": "claim", "start": 72, "end": 88,
                "text": "The council said", "note": "a claim"}],
    "version": 1, "revision": 0,
    "article": {"length": 150, "hash": "nm1:8ee7027636512b78"},
    "next_id": 5, "entities": [],
    "annotations": [
        {"id": 1, "kind": "quote", "status": "automatic",
         "note": "check the date", "start": 18, "end": 41,
         "selector": selector("\u201cWe will build it,\u201d",
                              "Mayor backs plan\n\n",
                              " Mayor Ann Lee said on Monday. T")},
        {"id": 2, "kind": "person", "status": "rejected", "start": 48,
         "end": 55,
         "selector": selector("Ann Lee", "\n\n\u201cWe will build it,\u201d Mayor ",
                              " said on Monday. The council sai")},
        {"id": 3, "kind": "claim", "status": "manual", "note": "a claim",
         "start": 72, "end": 88,
         "selector": selector("The council said",
                              "\u201d Mayor Ann Lee said on Monday. ",
                              " the \u2018plan\u2019 was late.\n\nLee t")},
        {"id": 4, "kind": "organization", "status": "manual", "start": 124,
         "end": 131,
         "selector": selector("Reuters", " \u2018plan\u2019 was late.\n\nLee told ",
                              ": \u201cNot again.\u201d\n"),
         "entity": "Reuters"},
    ],
}


def dumps(v, indent=None):
    return json.dumps(v, ensure_ascii=False, indent=indent).encode()


def lua_seeds():
    # byte 0: 0 json.decode, 1 annotate.decode, 2 decode_annotations
    J, S, A = b"\x00", b"\x01", b"\x02"
    side = dumps(SIDECAR, 2)
    anns = SIDECAR["annotations"]

    def with_ann(**change):
        t = json.loads(json.dumps(SIDECAR))
        t["annotations"][0].update(change)
        return dumps(t)

    seeds = {
        "json-sidecar": J + side,
        "json-scalars": J + b'[0, -0, 1.5e-3, -12E+2, true, false, null, "",'
        b' "\\u00e9\\ud83d\\ude00\\ud800x\\udc00", "\\"\\\\\\/\\b\\f\\n\\r\\t"]',
        "json-numbers": J + b"[1e400, -1e400, 1e-400, 123456789012345678901234567890,"
        b" 9007199254740993, -9223372036854775808, 0.1]",
        "json-nested": J + b"[" * 600 + b"]" * 600,
        "json-nested-obj": J + b'{"a":' * 300 + b"1" + b"}" * 300,
        "json-broken": J + b'{"a": [1, 2,], "b" 3, \'c\': tru}',
        "json-truncated": J + side[: len(side) // 2],
        "json-invalid-utf8": J + b'{"k\xff": "v\xc0\xaf\xed\xa0\x80", "x": "\x01"}',
        "json-dup-keys": J + b'{"a": 1, "a": 2, "": {}, "b": []}',
        "json-bom-ws": J + b"\xef\xbb\xbf {} ",
        "json-empty": J,
        "sidecar": S + side,
        "sidecar-compact": S + dumps(SIDECAR),
        "sidecar-article": S + dumps({"annotations": anns}) + b"\x00" +
        ARTICLE.replace("Mayor backs", "Mayor Ann Lee backs").encode(),
        "sidecar-other-article": S + side + b"\x00Another text entirely.\n",
        "sidecar-version-2": S + b'{"version": 2}',
        "sidecar-version-str": S + b'{"version": "1"}',
        "sidecar-array": S + b"[1, 2]",
        "sidecar-string": S + b'"x"',
        "sidecar-empty-object": S + b"{}",
        "sidecar-kind-table": S + with_ann(kind={"a": 1}),
        "sidecar-kind-number": S + with_ann(kind=7, status="rejected"),
        "sidecar-kind-bool": S + with_ann(kind=False),
        "sidecar-no-kind": S + dumps({"annotations": [{"start": 0, "end": 5}]}),
        "sidecar-label": S + dumps({"annotations": [
            {"label": "claim", "start": 0, "end": 5,
             "selector": {"exact": "Mayor"}}]}),
        "sidecar-selector-string": S + with_ann(selector="Mayor"),
        "sidecar-exact-number": S + with_ann(selector={"exact": 5, "prefix": [],
                                                          "suffix": {}}),
        "sidecar-huge-numbers": S + dumps({"revision": 1e300, "next_id": 1e300,
                                           "annotations": [
            {"id": 1e300, "kind": "person", "status": "manual",
             "start": 1e300, "end": 1e300 + 1}]}),
        "sidecar-huge-start-exact": S + b'{"annotations":[{"kind":"person",'
        b'"status":"manual","start":1e300,"end":1e300,"selector":{"exact":"Lee"}}]}',
        "sidecar-inf": S + b'{"revision": 1e400, "next_id": 1e400, '
        b'"annotations": [{"id": 1e400, "kind": "quote", "start": 1e400, '
        b'"end": -1e400}]}',
        "sidecar-negative": S + with_ann(id=-3, start=-1, end=-2),
        "sidecar-fractions": S + with_ann(id=1.5, start=18.5, end=41.25),
        "sidecar-dup-ids": S + dumps({"annotations": [anns[2], anns[2], anns[3]]}),
        "sidecar-end-before-start": S + with_ann(start=41, end=18,
                                                 selector={"exact": ""}),
        "sidecar-entities": S + dumps({"entities": [
            {"name": "Ann Lee", "kind": "place"}, {"name": 5}, "x",
            {"name": "Z", "kind": ["person"]}]}),
        "sidecar-speaker": S + with_ann(speaker=["Ann"], speaker_kind=3,
                                        speaker_manual=True, note=False,
                                        entity={}),
        "sidecar-annotations-object": S + b'{"annotations": {"a": 1}}',
        "sidecar-unanchored": S + dumps({"annotations": [
            dict(anns[3], selector=selector("Bloomberg", "", ""))]}),
        "sidecar-ambiguous": S + dumps({"annotations": [
            {"kind": "person", "status": "manual", "start": 999, "end": 1002,
             "selector": {"exact": "Lee", "prefix": "", "suffix": ""}}]}),
        "sidecar-article-field": S + dumps({"article": {"hash": 5, "length": "x"}}),
        "sidecar-article-not-table": S + dumps({"article": "x", "entities": 3}),
        "sidecar-truncated": S + side[: len(side) * 2 // 3],
        "anns-list": A + dumps(anns),
        "anns-scalars": A + b"[1, \"x\", null, true, [], {}]",
        "anns-object": A + b'{"kind": "person"}',
        "anns-number": A + b"5",
        "anns-mixed": A + dumps([{"kind": [], "selector": {"exact": {}}},
                                 {"kind": "quote", "status": 1, "id": "7"}]),
    }
    for name, data in seeds.items():
        write("lua", name, data[:MAX_SEED])


def main():
    parse_seeds()
    rules_seeds()
    lua_seeds()


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# The CLI applies FILE.newsmark.json (docs/annotations.md, docs/formats.md)
# to json, jsonl and brat: byte for byte the C renderer's output when the
# sidecar changes nothing; the person's decisions otherwise; a broken
# sidecar fails its file (exit 1, nothing on stdout but for jsonl's other
# files); --no-sidecar and standard input ignore sidecars.
. "$(dirname "$0")/lib.bash"
SHARED=${NM_SHARED:-../shared}
article > "$T/a.txt"
article | sed 's/Riverton/Lakeside/g' > "$T/b.txt"

# -------------------------------------------- a sidecar that changes nothing
printf '{"version": 1, "revision": 1, "annotations": []}\n' > "$T/empty.json"
n=0 same_json=0 same_jsonl=0
for f in "$SHARED"/corpus/dev/*.txt "$T/a.txt"; do
  [ -e "$f" ] || continue
  n=$((n + 1))
  mkdir -p "$T/dev$n"
  cp "$f" "$T/dev$n/art.txt"
  "$NEWSMARK" --no-config -f json "$T/dev$n/art.txt" > "$T/plain.json"
  "$NEWSMARK" --no-config -f jsonl "$T/dev$n/art.txt" > "$T/plain.jsonl"
  cp "$T/empty.json" "$T/dev$n/art.txt.newsmark.json"
  "$NEWSMARK" --no-config -f json "$T/dev$n/art.txt" > "$T/side.json"
  "$NEWSMARK" --no-config -f jsonl "$T/dev$n/art.txt" > "$T/side.jsonl"
  cmp -s "$T/plain.json" "$T/side.json" && same_json=$((same_json + 1))
  cmp -s "$T/plain.jsonl" "$T/side.jsonl" && same_jsonl=$((same_jsonl + 1))
done
is "an empty manual layer: json identical to the C renderer's ($n articles)" "$same_json" "$n"
is "an empty manual layer: jsonl identical to the C renderer's ($n articles)" "$same_jsonl" "$n"

# ------------------------------------------------- a hand-written sidecar
# offsets (bytes) found in the article; the selectors as annotate.lua writes
# them (prefix and suffix are optional for a reader)
python3 - "$T/a.txt" > "$T/a.txt.newsmark.json" <<'PY'
import json, sys
text = open(sys.argv[1], "rb").read()
def at(s):
    i = text.index(s.encode())
    return i, i + len(s.encode())
def ann(id, kind, status, s, **more):
    a, b = at(s)
    d = {"id": id, "kind": kind, "status": status, "start": a, "end": b,
         "selector": {"type": "TextQuoteSelector", "exact": s}}
    d.update(more)
    return d
q1 = '"This bridge will serve the town for fifty years,"'
q2 = '"We owe it to our children."'
json.dump({"version": 1, "revision": 1, "next_id": 10, "annotations": [
    ann(1, "quote", "rejected", q1),
    ann(2, "quote", "accepted", q2, note="check the tape", speaker="Rosa Diaz",
        speaker_kind="person", speaker_manual=True),
    ann(3, "person", "manual", "Council member", note="a title, not a name"),
    ann(4, "claim", "manual", "two years", note="which two?"),
    {"id": 5, "kind": "place", "status": "manual", "start": 3, "end": 12,  # not in the article
     "selector": {"type": "TextQuoteSelector", "exact": "Lake Erie"}},
]}, sys.stdout)
PY
run --no-config -f json "$T/a.txt"
is "json with a sidecar: exit 0" "$rc" 0
ok "json with a sidecar: valid JSON" valid_json "$T/out"
ok "json with a sidecar: the decisions applied" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
texts = {q["text"]: q for q in d["quotes"]}
assert not any("fifty years" in t for t in texts), "the rejected quote is gone"
q = texts["\"We owe it to our children.\""]
assert (q["speaker"], q["status"], q["note"], q["manual"]) == ("Rosa Diaz", "accepted", "check the tape", True), q
rosa = [p for p in d["people"] if p["name"] == "Rosa Diaz"][0]
assert rosa["id"] == q["speaker_id"] and rosa["quotes"] >= 1, rosa
council = [p for p in d["people"] if p["name"] == "Council member"]
assert council and council[0]["manual"] and len(council[0]["mentions"]) == 1, d["people"]
assert d["labels"] == [{"label": "claim", "start": d["labels"][0]["start"], "end": d["labels"][0]["end"],
                        "text": "two years", "note": "which two?"}], d["labels"]
assert [u["exact"] for u in d["unanchored"]] == ["Lake Erie"], d.get("unanchored")
brooks = [p for p in d["people"] if p["name"] == "Alan Brooks"][0]
assert brooks["quotes"] == 0, brooks
' "$T/out"
ok "json with a sidecar: nothing on stderr" empty "$T/err"

run --no-config -f json --no-sidecar "$T/a.txt"
ok "--no-sidecar: the automatic analysis" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert any("fifty years" in q["text"] for q in d["quotes"]) and "labels" not in d
' "$T/out"
run --no-config -f json - < "$T/a.txt"
ok "standard input has no sidecar" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert any("fifty years" in q["text"] for q in d["quotes"])
' "$T/out"

run --no-config -f jsonl "$T/a.txt" "$T/b.txt"
is "jsonl with a sidecar: exit 0" "$rc" 0
ok "jsonl with a sidecar: applied to its file only" python3 -c '
import json, sys
a, b = [json.loads(l) for l in open(sys.argv[1])]
assert "labels" in a and "labels" not in b
assert any("fifty years" in q["text"] for q in b["quotes"])
' "$T/out"

run --no-config -f brat "$T/a.txt"
is "brat with a sidecar: exit 0" "$rc" 0
ok "brat with a sidecar: statuses, the label and its note" python3 -c '
import sys
a = open(sys.argv[1]).read()
assert "\tclaim " in a and "\tStatus T" in a and " rejected" in a and "which two?" in a, a
' "$T/out"

run --no-config -f ansi --color=never "$T/a.txt"
ok "ansi: the article as it is" same "$T/out" "$T/a.txt"

# --------------------------------------------------------- broken sidecars
cp "$T/a.txt.newsmark.json" "$T/good.json"
printf '{"annotations": [' > "$T/a.txt.newsmark.json"
run --no-config -f json "$T/a.txt"
is "a sidecar that is not JSON: exit 1" "$rc" 1
ok "a sidecar that is not JSON: nothing on stdout" empty "$T/out"
ok "a sidecar that is not JSON: named on stderr" contains "$T/err" "newsmark: $T/a.txt.newsmark.json: "
run --no-config -f json -o "$T/o.json" "$T/a.txt"
ok "a broken sidecar with -o: no file written" test ! -e "$T/o.json"

printf '{"quotes": []}' > "$T/a.txt.newsmark.json"
run --no-config -f json "$T/a.txt"
is "a sidecar without annotations: exit 1" "$rc" 1
ok "a sidecar without annotations: said" contains "$T/err" 'not a newsmark sidecar (no "annotations" array'

printf '{"version": 7, "annotations": []}' > "$T/a.txt.newsmark.json"
run --no-config -f json "$T/a.txt"
is "a sidecar from a newer newsmark: exit 1" "$rc" 1
ok "a sidecar from a newer newsmark: said" contains "$T/err" "sidecar version 7 is newer"

printf '[' > "$T/a.txt.newsmark.json"
run --no-config -f jsonl "$T/a.txt" "$T/b.txt"
is "jsonl with a broken sidecar: exit 1" "$rc" 1
is "jsonl with a broken sidecar: the other file written" "$(wc -l < "$T/out")" 1
ok "jsonl with a broken sidecar: the line is the other file" contains "$T/out" "\"file\":\"$T/b.txt\""
run --no-config -f jsonl --no-sidecar "$T/a.txt" "$T/b.txt"
is "--no-sidecar skips a broken sidecar: exit 0" "$rc" 0

mkdir "$T/dir.txt.newsmark.json" 2>/dev/null
article > "$T/dir.txt"
run --no-config -f json "$T/dir.txt"
is "a sidecar that is a folder: exit 1" "$rc" 1
ok "a sidecar that is a folder: named" contains "$T/err" "dir.txt.newsmark.json"

finish

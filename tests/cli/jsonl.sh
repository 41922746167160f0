#!/usr/bin/env bash
# json: valid, with the keys of corpus/FORMAT.md. jsonl: one line per file,
# "file" set; a failing file is reported and the rest still written.
. "$(dirname "$0")/lib.bash"
article > "$T/a.txt"
article | sed 's/Riverton/Lakeside/g' > "$T/b.txt"
printf 'No quotes here.\n' > "$T/c.txt"

run -f json "$T/a.txt"
is "json: exit 0" "$rc" 0
ok "json: valid (python3 -m json.tool)" valid_json "$T/out"
ok "json: the keys of FORMAT.md with their types" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert isinstance(d, dict)
for k in ("quotes", "people", "organizations", "places", "scare_quotes"):
    assert isinstance(d[k], list), k
for q in d["quotes"]:
    assert isinstance(q["start"], int) and isinstance(q["end"], int)
    assert "speaker" in q
for k in ("people", "organizations", "places"):
    for e in d[k]:
        assert isinstance(e["name"], str)
        assert all(len(m) == 2 for m in e["mentions"])
' "$T/out"

run -f jsonl "$T/a.txt" "$T/b.txt" "$T/c.txt"
is "jsonl, three files: exit 0" "$rc" 0
is "jsonl, three files: three lines" "$(wc -l < "$T/out")" 3
ok "jsonl: each line is JSON naming its file" python3 -c '
import json, sys
lines = open(sys.argv[1]).read().splitlines()
names = [json.loads(l)["file"] for l in lines]
assert names == sys.argv[2:], names
' "$T/out" "$T/a.txt" "$T/b.txt" "$T/c.txt"

run -f jsonl "$T/a.txt" "$T/missing.txt" "$T/c.txt"
is "jsonl with a missing file: exit 1" "$rc" 1
is "jsonl with a missing file: the other two lines" "$(wc -l < "$T/out")" 2
ok "jsonl with a missing file: named on stderr" contains "$T/err" "$T/missing.txt"
ok "jsonl with a missing file: the lines are the good files" python3 -c '
import json, sys
names = [json.loads(l)["file"] for l in open(sys.argv[1])]
assert names == sys.argv[2:], names
' "$T/out" "$T/a.txt" "$T/c.txt"

run -f jsonl -o "$T/all.jsonl" "$T/a.txt" "$T/b.txt"
is "jsonl -o: exit 0" "$rc" 0
is "jsonl -o: two lines in the file" "$(wc -l < "$T/all.jsonl")" 2

finish

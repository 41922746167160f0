#!/usr/bin/env bash
# Input: a file, standard input, `-`, a pipe, empty and binary input.
. "$(dirname "$0")/lib.bash"
article > "$T/a.txt"

# JSON without its "file" key, for comparing runs on the same text.
strip_file() {
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("file",None); print(json.dumps(d, sort_keys=True))' "$1"
}

run -f dump "$T/a.txt"
cp "$T/out" "$T/file.dump"
is "a file: exit 0" "$rc" 0
ok "a file: some spans" test -s "$T/file.dump"

"$NEWSMARK" -f dump < "$T/a.txt" > "$T/stdin.dump" 2> "$T/err"
is "standard input: exit 0" "$?" 0
ok "standard input gives what the file gives" same "$T/stdin.dump" "$T/file.dump"

"$NEWSMARK" -f dump - < "$T/a.txt" > "$T/dash.dump" 2> "$T/err"
is "'-': exit 0" "$?" 0
ok "'-' gives what the file gives" same "$T/dash.dump" "$T/file.dump"

cat "$T/a.txt" | "$NEWSMARK" -f dump > "$T/pipe.dump" 2> "$T/err"
is "a pipe: exit 0" "$?" 0
ok "a pipe gives what the file gives" same "$T/pipe.dump" "$T/file.dump"

run -f json "$T/a.txt"
strip_file "$T/out" > "$T/file.norm"
"$NEWSMARK" -f json < "$T/a.txt" > "$T/stdin.json" 2> "$T/err"
strip_file "$T/stdin.json" > "$T/stdin.norm"
ok "json from standard input equals json from the file (but for \"file\")" \
  same "$T/stdin.norm" "$T/file.norm"

: > "$T/empty.txt"
run -f json "$T/empty.txt"
is "an empty file: exit 0" "$rc" 0
ok "an empty file: valid json" valid_json "$T/out"
run -f json < /dev/null
is "empty standard input: exit 0" "$rc" 0
ok "empty standard input: valid json" valid_json "$T/out"

head -c 20000 /dev/urandom > "$T/random.bin"
printf 'A\0B\r\n"C\r' >> "$T/random.bin"
run -f json "$T/random.bin"
is "random bytes, NUL and CR: exit 0" "$rc" 0
ok "random bytes: valid json" valid_json "$T/out"

# A file bigger than one read buffer through a pipe.
for _ in $(seq 300); do cat "$T/a.txt"; done > "$T/big.txt"
run -f dump "$T/big.txt"
cp "$T/out" "$T/big.dump"
cat "$T/big.txt" | "$NEWSMARK" -f dump > "$T/bigpipe.dump" 2> "$T/err"
ok "a 200 KB pipe gives what the file gives" same "$T/bigpipe.dump" "$T/big.dump"

# A mapped file is parsed in place when a NUL follows it (the rest of its
# last page); one that fills its last page exactly is copied. Both paths
# give what a pipe gives.
page=$(getconf PAGESIZE)
head -c $((2 * page)) "$T/big.txt" > "$T/page.txt"
head -c $((2 * page - 1)) "$T/big.txt" > "$T/page-1.txt"
for f in page page-1; do
  run -f dump "$T/$f.txt"
  cp "$T/out" "$T/$f.dump"
  "$NEWSMARK" -f dump < "$T/$f.txt" | cat > "$T/$f.pipe.dump"
  ok "a file of $(wc -c < "$T/$f.txt") bytes ($page a page) gives what a pipe gives" \
    same "$T/$f.dump" "$T/$f.pipe.dump"
done

run -o "$T/out.json" -f json "$T/a.txt"
is "-o: exit 0" "$rc" 0
ok "-o: nothing on stdout" empty "$T/out"
run -f json "$T/a.txt"
ok "-o writes what stdout gets" same "$T/out.json" "$T/out"
is "-o file mode follows the umask (022)" \
  "$(umask 022; "$NEWSMARK" -o "$T/m.json" "$T/a.txt"; stat -c %a "$T/m.json")" 644
echo old > "$T/replace.json"
run -o "$T/replace.json" "$T/a.txt"
ok "-o replaces an existing file" valid_json "$T/replace.json"
is "-o leaves no temporary files" "$(find "$T" -name '.newsmark-*' | wc -l)" 0
run -o - -f json "$T/a.txt"
ok "-o - is standard output" valid_json "$T/out"

# A mapped file cut short by another program while it is read: the pages
# past its new end fault (SIGBUS). Truncated once the mapping shows in
# /proc, ~60 MB before the parse of that much is done. cut_while_read
# ARGS... runs newsmark so, with output to $T/cut.out and errors to
# $T/cut.err, and sets cut_rc.
for _ in $(seq 300); do cat "$T/big.txt"; done > "$T/cut.master"
cut_while_read() {
  cp "$T/cut.master" "$T/cut.txt"
  "$NEWSMARK" "$@" > "$T/cut.out" 2> "$T/cut.err" &
  local pid=$!
  for _ in $(seq 500); do
    grep -q "$T/cut.txt" "/proc/$pid/maps" 2> /dev/null && break
    sleep 0.01
  done
  : > "$T/cut.txt"
  wait "$pid"
  cut_rc=$?
}
# cut_reported WHAT: skip WHAT when the parse ended before the truncation
# (false), else check exit 1, no crash, and the message.
cut_reported() {
  if [ "$cut_rc" = 0 ]; then
    skip "$1" "the parse ended before the truncation"
    return 1
  fi
  is "$1: exit 1, no crash" "$cut_rc" 1
  ok "... says which file and what happened" \
    grep -qF "$T/cut.txt: the file was cut short while it was read" "$T/cut.err"
}
mkdir "$T/cut"
cut_while_read -f json -o "$T/cut/out.json" "$T/cut.txt"
if cut_reported "a file cut short while read"; then
  is "... leaves no output and no temporary file" "$(ls -A "$T/cut")" ""
fi
# jsonl writes each article as it is done: the batch goes on after the
# file cut short, which gets no line.
cut_while_read -f jsonl "$T/cut.txt" "$T/a.txt"
if cut_reported "a file cut short in a jsonl batch"; then
  is "... the next file's line is written, and only it" \
    "$(python3 -c 'import json,sys; print(" ".join(json.loads(l)["file"] for l in open(sys.argv[1])))' "$T/cut.out")" \
    "$T/a.txt"
fi

finish

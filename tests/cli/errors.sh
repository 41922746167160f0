#!/usr/bin/env bash
# Unreadable input: exit 1, a message naming the file, nothing on stdout.
. "$(dirname "$0")/lib.bash"
article > "$T/a.txt"

run "$T/missing.txt"
is "missing file: exit 1" "$rc" 1
ok "missing file: stdout empty" empty "$T/out"
ok "missing file: named on stderr" contains "$T/err" "newsmark: $T/missing.txt: No such file or directory"

run "$T"
is "a directory: exit 1" "$rc" 1
ok "a directory: stdout empty" empty "$T/out"
ok "a directory: said on stderr" contains "$T/err" "Is a directory"

run --format ansi --color=always "$T/a.txt" "$T/missing.txt"
is "ansi, good file then missing file: exit 1" "$rc" 1
ok "ansi, good file then missing file: nothing written" empty "$T/out"

if [ "$(id -u)" != 0 ]; then
  cp "$T/a.txt" "$T/locked.txt"
  chmod 000 "$T/locked.txt"
  run "$T/locked.txt"
  is "unreadable file: exit 1" "$rc" 1
  ok "unreadable file: stdout empty" empty "$T/out"
  ok "unreadable file: said on stderr" contains "$T/err" "Permission denied"
else
  skip "unreadable file (permission denied)" "root reads any file"
fi

run -o "$T/result.json" "$T/missing.txt"
is "-o with a missing input: exit 1" "$rc" 1
ok "-o with a missing input: no output file" test ! -e "$T/result.json"

echo old > "$T/keep.json"
run -o "$T/keep.json" "$T/missing.txt"
is "-o over an existing file, input missing: exit 1" "$rc" 1
is "-o over an existing file, input missing: file unchanged" "$(cat "$T/keep.json")" old
is "no temporary files left behind" "$(find "$T" -name '.newsmark-*' | wc -l)" 0

run -o "$T/no/such/dir/out.json" "$T/a.txt"
is "-o into a missing directory: exit 1" "$rc" 1
ok "-o into a missing directory: said on stderr" contains "$T/err" "No such file or directory"
ok "-o into a missing directory: stdout empty" empty "$T/out"

finish

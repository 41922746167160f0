#!/usr/bin/env bash
# Options: help, version, and usage errors (exit 2, nothing on stdout).
. "$(dirname "$0")/lib.bash"
article > "$T/a.txt"

run --help
is "--help exits 0" "$rc" 0
ok "--help prints usage" contains "$T/out" "Usage: newsmark"
ok "--help documents the exit codes" contains "$T/out" "3 a bad rule"
run -h
ok "-h prints usage" contains "$T/out" "Usage: newsmark"

run --version
is "--version exits 0" "$rc" 0
ok "--version names the version" grep -qE '^newsmark [0-9]+\.[0-9]+\.[0-9]+' "$T/out"

run --bogus "$T/a.txt"
is "unknown long option: exit 2" "$rc" 2
ok "unknown long option: stdout empty" empty "$T/out"
ok "unknown long option: named on stderr" contains "$T/err" "newsmark: unknown option --bogus"

run -Z "$T/a.txt"
is "unknown short option: exit 2" "$rc" 2
ok "unknown short option: stdout empty" empty "$T/out"
ok "unknown short option: named on stderr" contains "$T/err" "newsmark: unknown option -Z"

run "$T/a.txt" -f
is "missing option value: exit 2" "$rc" 2
ok "missing option value: stdout empty" empty "$T/out"
ok "missing option value: said on stderr" contains "$T/err" "needs a value"

run --format=xml "$T/a.txt"
is "bad --format value: exit 2" "$rc" 2
ok "bad --format value: stdout empty" empty "$T/out"
ok "bad --format value: lists the formats" contains "$T/err" "ansi, json, jsonl"

run --threads=4 "$T/a.txt"
is "bad --threads value: exit 2" "$rc" 2
ok "bad --threads value: stdout empty" empty "$T/out"
ok "bad --threads value: said on stderr" contains "$T/err" "--threads takes 1 or auto"

# a text over 1 MiB, where auto tokenises on a second thread: the same json
{ cat "$T/a.txt"; echo; } > "$T/long.txt"
for k in $(seq 1 14); do # doubled 14 times
  cat "$T/long.txt" "$T/long.txt" > "$T/long2.txt" && mv "$T/long2.txt" "$T/long.txt"
done
run -f json "$T/long.txt"
cp "$T/out" "$T/auto.json"
run -f json --threads=1 "$T/long.txt"
is "--threads=1 on a long text: exit 0" "$rc" 0
ok "--threads=1 and auto give the same json" cmp -s "$T/out" "$T/auto.json"
ok "the long text is over 1 MiB" test "$(wc -c < "$T/long.txt")" -gt 1048576

# the second thread is there (a clone) with auto on two CPUs, and not with
# --threads=1 or on one CPU
clones() { # ARGS...: how many threads `newsmark ARGS` started
  strace -f -qq -e trace=clone,clone3 -o "$T/strace" "$@" > /dev/null 2>&1
  grep -cE '^[0-9]+ +clone3?\(' "$T/strace"
}
if ! command -v strace > /dev/null || ! strace -qq -o /dev/null true 2> /dev/null; then
  skip "threads seen by strace" "strace is missing or cannot trace here"
elif [ "$(nproc)" -lt 2 ]; then
  skip "threads seen by strace" "one CPU"
else
  # long.txt fills its last page (352 x 4096 bytes), so the CLI copies it;
  # one byte more, and the mapped file is read in place. Counted against
  # --threads=1, as a sanitizer may start threads of its own.
  ok "long.txt ends on a page boundary" \
    test $(($(wc -c < "$T/long.txt") % $(getconf PAGESIZE))) = 0
  { cat "$T/long.txt"; echo; } > "$T/long-odd.txt"
  one=$(clones "$NEWSMARK" --format none --threads=1 "$T/long.txt")
  # auto: the feed's thread, then one for each stretch done in two halves
  # (core/src/pair.c), one at a time
  more() { [ "$1" -gt "$one" ]; }
  ok "auto on a long text starts threads that --threads=1 does not" \
    more "$(clones "$NEWSMARK" --format none "$T/long.txt")"
  ok "the same for a file read in place" \
    more "$(clones "$NEWSMARK" --format none "$T/long-odd.txt")"
  ok "the same from standard input" \
    more "$(clones "$NEWSMARK" --format none < "$T/long.txt")"
  is "a short text starts none" "$(clones "$NEWSMARK" --format none "$T/a.txt")" "$one"
  if command -v taskset > /dev/null; then
    is "on one CPU (taskset -c 0) none" \
      "$(clones taskset -c 0 "$NEWSMARK" --format none "$T/long.txt")" "$one"
  else
    skip "one CPU" "taskset is missing"
  fi
fi

run --color=sometimes "$T/a.txt"
is "bad --color value: exit 2" "$rc" 2
ok "bad --color value: stdout empty" empty "$T/out"

for fmt in json html brat dump; do
  run --format "$fmt" "$T/a.txt" "$T/a.txt"
  is "--format $fmt with two files: exit 2" "$rc" 2
  ok "--format $fmt with two files: stdout empty" empty "$T/out"
  ok "--format $fmt with two files: suggests jsonl" contains "$T/err" "jsonl"
done

run "$T/a.txt" "$T/a.txt"
is "two files, default format (json, not a terminal): exit 2" "$rc" 2

run --format none "$T/a.txt" "$T/a.txt"
is "--format none takes several files" "$rc" 0
ok "--format none prints nothing" empty "$T/out"

run -q -f json -- "$T/a.txt"
is "options end at --" "$rc" 0

finish

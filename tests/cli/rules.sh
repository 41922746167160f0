#!/usr/bin/env bash
# --rule NAME=PATTERN: bad rules exit 3 with PCRE2's message, a caret line
# and nothing on stdout; good rules add their hits.
. "$(dirname "$0")/lib.bash"
article > "$T/a.txt"

run --rule 'bad=(ab' "$T/a.txt"
is "unbalanced parenthesis: exit 3" "$rc" 3
ok "unbalanced parenthesis: stdout empty" empty "$T/out"
ok "unbalanced parenthesis: names the rule" contains "$T/err" 'newsmark: rule "bad":'
ok "unbalanced parenthesis: PCRE2's message" contains "$T/err" "missing closing parenthesis"
ok "unbalanced parenthesis: the offset" contains "$T/err" "at offset 3"
is "unbalanced parenthesis: the pattern is shown" "$(sed -n 2p "$T/err")" "    (ab"
is "unbalanced parenthesis: caret under offset 3" "$(sed -n 3p "$T/err")" "       ^"

run -r 'x=caf\x{E9}(?<n' -f json "$T/a.txt"
is "bad group name: exit 3" "$rc" 3
ok "bad group name: stdout empty" empty "$T/out"

run -r 'u=é[' "$T/a.txt"
is "caret counts characters, not bytes" "$(sed -n 3p "$T/err")" "      ^"

run -r 'nopattern' "$T/a.txt"
is "no '=': exit 3" "$rc" 3
ok "no '=': stdout empty" empty "$T/out"
ok "no '=': said on stderr" contains "$T/err" "NAME=PATTERN"

run -r 'dup=a' -r 'dup=b' "$T/a.txt"
is "duplicate rule name: exit 3" "$rc" 3
ok "duplicate rule name: stdout empty" empty "$T/out"

run -r '=abc' "$T/a.txt"
is "empty rule name: exit 3" "$rc" 3
ok "empty rule name: stdout empty" empty "$T/out"

run -f dump "$T/a.txt"
cp "$T/out" "$T/plain.dump"
run -f dump --rule 'zebra=\bzebra\b' "$T/a.txt"
is "a good rule: exit 0" "$rc" 0
is "a good rule adds one span per hit" \
  "$(($(wc -l < "$T/out") - $(wc -l < "$T/plain.dump")))" 2
run -f json -r 'zebra=\bzebra\b' -r 'council=(?i)council' "$T/a.txt"
is "two good rules, json: exit 0" "$rc" 0
ok "two good rules, json: valid" valid_json "$T/out"

finish

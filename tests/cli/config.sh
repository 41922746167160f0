#!/usr/bin/env bash
# The config file (docs/config.md): --config, NEWSMARK_CONFIG, the XDG and
# HOME lookup, --no-config; a good config changes the output (rules, words,
# styles, show), a bad one exits 4 with FILE:LINE: key: message and nothing
# on stdout.
. "$(dirname "$0")/lib.bash"
article > "$T/a.txt"

# No config from the developer's environment: every lookup starts empty.
unset NEWSMARK_CONFIG
export XDG_CONFIG_HOME=$T/xdg HOME=$T/home
mkdir -p "$XDG_CONFIG_HOME" "$HOME"

rules_in() { # FILE: the rule names in a JSON output, one a line
  python3 -c 'import json,sys; print("\n".join(r["rule"] for r in json.load(open(sys.argv[1]))["rules"]))' "$1" 2> /dev/null
}

cat > "$T/good.lua" <<'LUA'
-- a good config
return {
  rules = {
    { name = "zebra", pattern = [[\bzebra\b]], label = "Zebra" },
    { name = "money", pattern = [[\$\d[\d,.]*(?: (?:million|billion))?]] },
  },
  lexicon = { place = { ["Elm River"] = "Elm River" } },
  styles = { quote = { fg = 208, bold = true } },
  show = { person = false },
  speaker_colors = false,
}
LUA

run -f json --no-config "$T/a.txt"
cp "$T/out" "$T/plain.json"
is "no config: no rule hits" "$(rules_in "$T/plain.json")" ""

run -f json --config "$T/good.lua" "$T/a.txt"
is "--config good: exit 0" "$rc" 0
ok "--config good: valid json" valid_json "$T/out"
is "--config good: its rule hits in \"rules\"" "$(rules_in "$T/out")" "$(printf 'zebra\nzebra')"
ok "--config good: the label" contains "$T/out" '"label": "Zebra"'
ok "--config good: stderr empty" empty "$T/err"
run -f json --config="$T/good.lua" "$T/a.txt"
is "--config=FILE works too" "$(rules_in "$T/out")" "$(printf 'zebra\nzebra')"

run -f json --config "$T/good.lua" -r 'bridge=\bbridge\b' "$T/a.txt"
is "--rule adds to the config's rules" "$(rules_in "$T/out" | sort | uniq -c | awk '{print $2 "=" $1}' | tr '\n' ' ')" "bridge=3 zebra=2 "
run -f json --config "$T/good.lua" -r 'zebra=x' "$T/a.txt"
is "a --rule named like a config rule: exit 3" "$rc" 3
ok "... stdout empty" empty "$T/out"

run -f dump --config "$T/good.lua" "$T/a.txt"
ok "the lexicon is used" grep -q 'place .*entity="Elm River"' "$T/out"

run -f ansi --color=always --config "$T/good.lua" "$T/a.txt"
ok "styles: quotes in the config's style" contains "$T/out" $'\033[1;38;5;208m"This bridge'
run -f ansi --color=always --no-config "$T/a.txt"
cp "$T/out" "$T/plain.ansi"
ok "without config: people are coloured" contains "$T/out" $'\033[1;34mAlan Brooks'
printf 'return { styles = { person = "4" } }\n' > "$T/person.lua"
run -f ansi --color=always --config "$T/person.lua" "$T/a.txt"
ok "styles.person: used" contains "$T/out" $'\033[4mAlan Brooks'
is "speaker colours on (the default): quotes as without a config" \
  "$(grep -o $'\033\\[[0-9;]*m"This' "$T/out")" "$(grep -o $'\033\\[[0-9;]*m"This' "$T/plain.ansi")"
printf 'return { speaker_colors = false, styles = { quote = "33" } }\n' > "$T/quote.lua"
run -f ansi --color=always --config "$T/quote.lua" "$T/a.txt"
ok "speaker_colors = false: styles.quote for every quote" contains "$T/out" $'\033[33m"This bridge'
printf 'return { show = { quote = false, cue = false } }\n' > "$T/noquote.lua"
run -f ansi --color=always --config "$T/noquote.lua" "$T/a.txt"
ok "show.quote = false: quotes not coloured" contains "$T/out" $'\n"This bridge'
run -f ansi --color=always --config "$T/good.lua" "$T/a.txt"
ok "show = { person = false }: people not coloured" bash -c '! grep -qF $'"'\\033'"'"[1;34mAlan" "$1"' _ "$T/out"
run -f ansi --color=never --config "$T/good.lua" "$T/a.txt"
ok "--color=never with a config: the text unchanged" same "$T/out" "$T/a.txt"

# Errors: exit 4, FILE:LINE: key: message, nothing on stdout.
cat > "$T/bad.lua" <<'LUA'
return {
  rules = {
    { name = "ok", pattern = "a" },
    {
      name = "date",
      pattern = [[(\d{4}-\d\d]],
    },
  },
}
LUA
run -f json --config "$T/bad.lua" "$T/a.txt"
is "bad pattern: exit 4" "$rc" 4
ok "bad pattern: stdout empty" empty "$T/out"
is "bad pattern: file, line, key and PCRE2's message" "$(cat "$T/err")" \
  "newsmark: $T/bad.lua:6: rules[2].pattern: missing closing parenthesis at offset 11"

printf 'return {\n  speaker_colors = true,\n  colour = { quote = "1" },\n}\n' > "$T/unknown.lua"
run --config "$T/unknown.lua" "$T/a.txt"
is "unknown key: exit 4" "$rc" 4
ok "unknown key: stdout empty" empty "$T/out"
is "unknown key: named with its line and a suggestion" "$(cat "$T/err")" \
  "newsmark: $T/unknown.lua:3: unknown key 'colour' (did you mean 'styles'?)"

printf 'return {\n  styles = {\n    quote = { fg = "#12" },\n  },\n}\n' > "$T/type.lua"
run --config "$T/type.lua" "$T/a.txt"
is "wrong type: exit 4" "$rc" 4
ok "wrong type: key path and line" contains "$T/err" "newsmark: $T/type.lua:3: styles.quote.fg: expected a colour"

printf 'return {\n  rules = {,\n}\n' > "$T/syntax.lua"
run --config "$T/syntax.lua" "$T/a.txt"
is "syntax error: exit 4" "$rc" 4
ok "syntax error: stdout empty" empty "$T/out"
ok "syntax error: file and line" grep -q "^newsmark: $T/syntax.lua:2: " "$T/err"

printf 'os.execute("touch %s/pwned")\nreturn {}\n' "$T" > "$T/sandbox.lua"
run --config "$T/sandbox.lua" "$T/a.txt"
is "os.execute in a config: exit 4" "$rc" 4
ok "os.execute in a config: nothing ran" test ! -e "$T/pwned"
ok "os.execute in a config: said why" contains "$T/err" "sandbox without os"

run --config "$T/missing.lua" "$T/a.txt"
is "--config with a missing file: exit 4" "$rc" 4
ok "--config with a missing file: stdout empty" empty "$T/out"
is "--config with a missing file: the message" "$(cat "$T/err")" \
  "newsmark: $T/missing.lua: No such file or directory"

run -f jsonl -o "$T/kept.jsonl" --config "$T/bad.lua" "$T/a.txt"
is "bad config with --output: exit 4" "$rc" 4
ok "bad config with --output: no file written" test ! -e "$T/kept.jsonl"

# Lookup: NEWSMARK_CONFIG, then $XDG_CONFIG_HOME, then ~/.config.
NEWSMARK_CONFIG=$T/good.lua run -f json "$T/a.txt"
is "NEWSMARK_CONFIG: exit 0" "$rc" 0
is "NEWSMARK_CONFIG: its rules apply" "$(rules_in "$T/out" | head -n 1)" zebra
NEWSMARK_CONFIG=$T/bad.lua run -f json "$T/a.txt"
is "NEWSMARK_CONFIG with a bad file: exit 4" "$rc" 4
NEWSMARK_CONFIG=$T/nope.lua run -f json "$T/a.txt"
is "NEWSMARK_CONFIG with a missing file: exit 4" "$rc" 4
ok "NEWSMARK_CONFIG with a missing file: stdout empty" empty "$T/out"
ok "NEWSMARK_CONFIG with a missing file: named" contains "$T/err" "newsmark: NEWSMARK_CONFIG: $T/nope.lua: No such file or directory"
NEWSMARK_CONFIG=$T/bad.lua run -f json --config "$T/good.lua" "$T/a.txt"
is "--config wins over NEWSMARK_CONFIG" "$rc" 0
NEWSMARK_CONFIG=$T/bad.lua run -f json --no-config "$T/a.txt"
is "--no-config ignores NEWSMARK_CONFIG" "$rc" 0
ok "--no-config: no rules" same "$T/out" "$T/plain.json"

mkdir -p "$HOME/.config/newsmark"
cp "$T/good.lua" "$HOME/.config/newsmark/config.lua"
XDG_CONFIG_HOME='' run -f json "$T/a.txt"
is "~/.config/newsmark/config.lua without XDG_CONFIG_HOME: used" "$(rules_in "$T/out" | head -n 1)" zebra
XDG_CONFIG_HOME=relative/dir run -f json "$T/a.txt"
is "a relative XDG_CONFIG_HOME is ignored: ~/.config used" "$(rules_in "$T/out" | head -n 1)" zebra
NEWSMARK_CONFIG='' XDG_CONFIG_HOME='' run -f json "$T/a.txt"
is "an empty NEWSMARK_CONFIG is unset: ~/.config used" "$(rules_in "$T/out" | head -n 1)" zebra
HOME='' XDG_CONFIG_HOME='' run -f json "$T/a.txt"
is "no HOME and no XDG_CONFIG_HOME: no config, exit 0" "$rc:$(rules_in "$T/out")" "0:"
run -f json "$T/a.txt"
is "XDG_CONFIG_HOME set, no file there: ~/.config is not read" "$(rules_in "$T/out")" ""
mkdir -p "$XDG_CONFIG_HOME/newsmark"
printf 'rules = { { name = "council", pattern = [[(?i)council]] } }\n' > "$XDG_CONFIG_HOME/newsmark/config.lua"
run -f json "$T/a.txt"
is "\$XDG_CONFIG_HOME/newsmark/config.lua: used (globals form)" "$(rules_in "$T/out" | sort -u)" council
NEWSMARK_CONFIG=$T/good.lua run -f json "$T/a.txt"
is "NEWSMARK_CONFIG wins over XDG" "$(rules_in "$T/out" | sort -u | head -n 1)" zebra
cp "$T/bad.lua" "$XDG_CONFIG_HOME/newsmark/config.lua"
run -f json "$T/a.txt"
is "a bad XDG config: exit 4" "$rc" 4
ok "a bad XDG config: named" contains "$T/err" "newsmark: $XDG_CONFIG_HOME/newsmark/config.lua:6: rules[2].pattern:"
run -f json --no-config "$T/a.txt"
is "--no-config skips a bad XDG config" "$rc" 0
run --help
is "--help does not read the config" "$rc" 0
ok "--help documents exit status 4" contains "$T/out" "4 a bad config file"
ok "--help documents --config" contains "$T/out" "--config=FILE"
rm -f "$XDG_CONFIG_HOME/newsmark/config.lua"

run --config "$T/good.lua" --no-config "$T/a.txt"
is "--config with --no-config: exit 2" "$rc" 2
run --config= "$T/a.txt"
is "--config with an empty name: exit 2" "$rc" 2

# The documented example config is valid and does what it says.
run -f json --config docs/examples/config.lua "$T/a.txt"
is "docs/examples/config.lua: exit 0" "$rc" 0
ok "docs/examples/config.lua: stderr empty" empty "$T/err"

finish

#!/usr/bin/env bash
# tests/patho/run.sh - pathological inputs under time limits (STYLE §7):
# empty, whitespace, one long line, 100 000 quote marks of each kind, 10 000
# nested quotes, invalid UTF-8, NUL, BOM, CR/CRLF, RTL, combining marks, a
# binary, name and cue floods, catastrophic and empty-matching rules, a
# sparse 4 GiB file. Inputs come from gen.py into a temp dir; see run.py and
# docs/robustness.md. Ends with `N passed, N failed, N skipped`.
#
#   NEWSMARK=build/bin/newsmark bash tests/patho/run.sh [--scale F] [--no-growth]
exec python3 "$(dirname "$0")/run.py" "$@"

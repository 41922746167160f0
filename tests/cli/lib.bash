# tests/cli/lib.bash - helpers for the CLI tests (sourced, not a test).
#
#   run ARGS...          run newsmark; sets $rc, files $T/out and $T/err
#   ok DESC CMD...       one check: passes when CMD succeeds
#   is DESC GOT WANT     one check: passes when the strings are equal
#   skip DESC WHY        one skipped check
#   finish               prints `N passed, N failed`; exit status 1 on failure
# $NEWSMARK is the binary under test (default build/bin/newsmark) and $T a
# fresh temporary directory, removed at exit.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
NEWSMARK=${NEWSMARK:-build/bin/newsmark}
case $NEWSMARK in /*) ;; *) NEWSMARK=$PWD/$NEWSMARK ;; esac
T=$(mktemp -d "${TMPDIR:-/tmp}/nm-cli.XXXXXX")
trap 'rm -rf "$T"' EXIT
rc=0

run() {
  "$NEWSMARK" "$@" > "$T/out" 2> "$T/err"
  rc=$?
}

# shellcheck source=tests/lib/tap.bash
. tests/lib/tap.bash

# under a failed `ok`: the last run's standard error
_ok_detail() {
  [ ! -s "$T/err" ] || sed 's/^/#   stderr: /' "$T/err" | head -n 5
}

# Small predicates for `ok`.
empty() { [ ! -s "$1" ]; }
contains() { grep -qF -- "$2" "$1"; }
has_esc() { grep -q $'\033' "$1"; }
valid_json() { python3 -m json.tool "$1" > /dev/null 2>&1; }
same() { cmp -s "$1" "$2"; }

# An article of our own (licence-clean) for the tests.
article() {
  cat <<'ART'
Town council approves new bridge

By Jane Doe

RIVERTON, Ohio: The Riverton town council voted on Tuesday to build a new
bridge over the Elm River, ending a debate that lasted two years.

"This bridge will serve the town for fifty years," Mayor Alan Brooks said
after the vote. "We owe it to our children."

Council member Rosa Diaz said the zebra crossing near the school would also
be repainted, and that the zebra mural would stay.
ART
}

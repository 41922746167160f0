# tests/lib/tap.bash - the TAP-like checks every shell test suite shares
# (sourced by tests/cli/lib.bash and tests/lib/hosts.bash, not a test).
#
#   ok DESC CMD...       one check: passes when CMD succeeds
#   is DESC GOT WANT     one check: passes when the strings are equal
#   skip DESC WHY        one skipped check
#   finish               `1..N`, then `N passed, N failed[, N skipped]`;
#                        exit status 1 on a failure or when nothing ran
# A suite may define `_ok_detail` to print more lines under a failed `ok`.
_n=0 _pass=0 _fail=0 _skip=0

_result() { # PASSED DESC
  _n=$((_n + 1))
  if [ "$1" = 1 ]; then
    _pass=$((_pass + 1))
    echo "ok $_n - $2"
  else
    _fail=$((_fail + 1))
    echo "not ok $_n - $2"
    echo "#   at ${BASH_SOURCE[2]:-${BASH_SOURCE[1]}}:${BASH_LINENO[1]:-?}"
  fi
}

ok() {
  local desc=$1
  shift
  if "$@"; then _result 1 "$desc"; else
    _result 0 "$desc"
    echo "#   command: $*"
    if declare -F _ok_detail > /dev/null; then _ok_detail; fi
  fi
}

is() {
  if [ "$2" = "$3" ]; then _result 1 "$1"; else
    _result 0 "$1"
    printf '#   got:      %s\n#   expected: %s\n' "$2" "$3"
  fi
}

skip() {
  _n=$((_n + 1)) _skip=$((_skip + 1))
  echo "ok $_n - $1 # SKIP $2"
}

finish() {
  echo "1..$_n"
  if [ "$_skip" -gt 0 ]; then
    echo "$_pass passed, $_fail failed, $_skip skipped"
  else
    echo "$_pass passed, $_fail failed"
  fi
  [ "$_fail" = 0 ] && [ "$_n" -gt 0 ]
}

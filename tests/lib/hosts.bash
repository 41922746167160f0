# tests/lib/hosts.bash - helpers for the host tests (tests/pager, tests/vis,
# tests/mle); sourced, not a test.
#
#   ok DESC CMD...          one check: passes when CMD succeeds
#   is DESC GOT WANT        one check: passes when the strings are equal
#   skip DESC WHY           one skipped check
#   finish                  `1..N`, then `N passed, N failed[, N skipped]`;
#                           exit status 1 on failure
#   attrs CAPTURE TEXT [N]  the attributes of TEXT on a captured screen
#                           (tests/lib/screen.py), e.g. "bold fg=4"
#   expect HOST WHAT        what vis/mle should show for a kind or slotN
#   tmux_start W H CMD      run CMD (a shell string) in a detached tmux
#                           session on a private socket, W x H cells
#   tmux_wait TEXT [SECS]   wait until TEXT is on the screen (default 10 s)
#   tmux_keys KEYS...       tmux send-keys
#   tmux_capture FILE       capture-pane -e -p into FILE
#   tmux_stop               SIGKILL the pane's process group, kill the server
# The root is the working directory; $T is a fresh temporary directory,
# removed at exit (with any tmux server still running); $NEWSMARK the CLI;
# HOME is $T/home and NEWSMARK_CONFIG is unset (no user config).
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
ROOT=$PWD
NEWSMARK=${NEWSMARK:-build/bin/newsmark}
case $NEWSMARK in /*) ;; *) NEWSMARK=$ROOT/$NEWSMARK ;; esac
export NEWSMARK
T=$(mktemp -d "${TMPDIR:-/tmp}/nm-host.XXXXXX")
# no user config: every host reads $NEWSMARK_CONFIG or ~/.config/newsmark
export HOME=$T/home XDG_CONFIG_HOME=$T/home/.config
unset NEWSMARK_CONFIG
mkdir -p "$HOME"
SAMPLE=$ROOT/tests/corpus/sample.txt
_tmux_sock=nm-test-$$

_cleanup() {
  tmux_stop 2> /dev/null
  rm -rf "$T"
}
trap _cleanup EXIT

# shellcheck source=tests/lib/tap.bash
. tests/lib/tap.bash

# contains FILE STRING: FILE holds STRING (fixed string)
contains() { grep -qF -- "$2" "$1"; }

attrs() { python3 "$ROOT/tests/lib/screen.py" "$@"; }

# expect HOST WHAT: what HOST (vis, mle) shows for a kind or speaker slot
# (slot1, ...) with the default config (tests/lib/expect.lua)
expect() { lua5.4 "$ROOT/tests/lib/expect.lua" "$ROOT" "$@"; }

has_tmux() { command -v tmux > /dev/null 2>&1; }

tmux_start() { # W H CMD
  tmux -L "$_tmux_sock" -f /dev/null new-session -d -x "$1" -y "$2" \
    "exec $3"
}

tmux_wait() { # TEXT [SECS]
  local i=0 max=$((${2:-10} * 10))
  while [ $i -lt $max ]; do
    tmux -L "$_tmux_sock" capture-pane -p 2> /dev/null | grep -qF -- "$1" &&
      return 0
    sleep 0.1
    i=$((i + 1))
  done
  return 1
}

tmux_keys() { tmux -L "$_tmux_sock" send-keys "$@"; }

tmux_capture() { tmux -L "$_tmux_sock" capture-pane -e -p > "$1"; }

tmux_stop() {
  local pid
  pid=$(tmux -L "$_tmux_sock" display-message -p '#{pane_pid}' 2> /dev/null)
  # the pane's command leads its own process group: end all of it
  [ -z "$pid" ] || kill -KILL -- "-$pid" 2> /dev/null || kill -KILL "$pid" 2> /dev/null
  tmux -L "$_tmux_sock" kill-server 2> /dev/null
  return 0
}

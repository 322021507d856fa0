#!/usr/bin/env bash
# Makes screenshots/*.png from real runs of `ivsdash --demo`: the program runs
# in tmux at 120x40, is driven with send-keys, captured with its colours
# (capture-pane -e) and rendered to PNG with Charm's freeze, offline.
#
#   scripts/screenshots.sh            # needs tmux; installs freeze v0.2.2 if missing
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:$(go env GOPATH)/bin"

command -v tmux >/dev/null || { echo "screenshots: tmux is needed (apt-get install tmux)" >&2; exit 1; }
command -v freeze >/dev/null || go install github.com/charmbracelet/freeze@v0.2.2

work=$(mktemp -d)
trap 'tmux kill-session -t ivsdash-shots 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/ivsdash" .

session=ivsdash-shots
tmux kill-session -t "$session" 2>/dev/null || true
tmux new-session -d -s "$session" -x 120 -y 40 \
  "TERM=xterm-256color COLORTERM=truecolor $work/ivsdash --demo --seed 7 --interval 2s"

keys() { tmux send-keys -t "$session" "$@"; }
# wait_for TEXT: until the screen shows TEXT (or 20 s).
wait_for() {
  for _ in $(seq 1 100); do
    tmux capture-pane -t "$session" -p | grep -qF -- "$1" && return 0
    sleep 0.2
  done
  echo "screenshots: the screen never showed '$1':" >&2
  tmux capture-pane -t "$session" -p >&2
  exit 1
}
# shot NAME: capture the screen with colours and render it.
shot() {
  sleep 0.5
  tmux capture-pane -t "$session" -e -p > "$work/$1.ansi"
  # freeze keeps the last colour after ESC[39m (default foreground): make it
  # an explicit reset of the foreground it understands.
  sed -i 's/\x1b\[39m/\x1b[0m/g' "$work/$1.ansi"
  freeze -l ansi --window=false --padding 20 --font.size 14 --line-height 1.2 \
    --background '#1a1b26' -o "screenshots/$1.png" "$work/$1.ansi" >/dev/null
  echo "screenshots/$1.png"
}

mkdir -p screenshots
wait_for "main-broadcast"
sleep 6 # let the simulation bring people in and the live figures fill
shot stages

keys Enter; wait_for "Sessions of"
keys Enter; wait_for "Participants of"
sleep 3
shot participants

# The host whose publish failed: filter to them, open the timeline.
keys / ; keys -l "host-anna"; keys Enter
sleep 1; keys Enter
wait_for "Participant host-anna"
sleep 8 # the simulation records a publish error within seconds
shot timeline-error

keys t; wait_for "Mint a participant token"
keys -l "ops-oncall"; keys Tab Space
shot token-form
keys Enter; wait_for "Token"
shot token-minted
keys Escape

keys : ; keys -l "compositions"; keys Enter
wait_for "Compositions"
sleep 2
shot compositions

keys '?'; sleep 0.5
shot help
keys q

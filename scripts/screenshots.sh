#!/usr/bin/env bash
# Makes screenshots/*.png from real runs of `ivsdash --demo`: the program runs
# in tmux at 120x40, shown in a real terminal (xterm on a virtual X display,
# with a CJK-capable font so participants' names render as they would for
# you), driven with tmux send-keys and photographed with xwd.
#
#   scripts/screenshots.sh      # installs its Debian packages when run as root
set -euo pipefail
cd "$(dirname "$0")/.."

need="tmux Xvfb xterm xwd convert"
missing=""
for c in $need; do command -v "$c" >/dev/null || missing="$missing $c"; done
if [ -n "$missing" ] || ! fc-list 2>/dev/null | grep -q 'Noto Sans Mono CJK'; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tmux xvfb xterm x11-apps imagemagick \
      fonts-dejavu-core fonts-noto-cjk >/dev/null
  else
    echo "screenshots: install tmux xvfb xterm x11-apps imagemagick fonts-dejavu-core fonts-noto-cjk" >&2
    exit 1
  fi
fi

work=$(mktemp -d)
session=ivsdash-shots
display=:$((90 + RANDOM % 9))
cleanup() {
  tmux kill-session -t "$session" 2>/dev/null || true
  [ -n "${xterm_pid:-}" ] && kill "$xterm_pid" 2>/dev/null || true
  [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
go build -o "$work/ivsdash" .

Xvfb "$display" -screen 0 1400x1000x24 >/dev/null 2>&1 &
xvfb_pid=$!
sleep 1

tmux kill-session -t "$session" 2>/dev/null || true
tmux new-session -d -s "$session" -x 120 -y 40 \
  "TERM=xterm-256color $work/ivsdash --demo --seed 1 --interval 2s"
tmux set-option -t "$session" status off >/dev/null

bg='#1a1b26'
DISPLAY=$display xterm -tn xterm-256color -T ivsdash-shot -geometry 120x40+0+0 -b 14 +sb \
  -fa 'DejaVu Sans Mono' -fd 'Noto Sans Mono CJK SC' -fs 11 \
  -bg "$bg" -fg '#c0caf5' -bd "$bg" -xrm "XTerm*cursorColor: $bg" -xrm 'XTerm*utf8: 1' \
  -e tmux attach -t "$session" &
xterm_pid=$!
sleep 2

keys() { tmux send-keys -t "$session" "$@"; sleep 0.3; }
# wait_for TEXT: until the screen shows TEXT (or 30 s).
wait_for() {
  for _ in $(seq 1 150); do
    tmux capture-pane -t "$session" -p | grep -qF -- "$1" && return 0
    sleep 0.2
  done
  echo "screenshots: the screen never showed '$1':" >&2
  tmux capture-pane -t "$session" -p >&2
  exit 1
}
# shot NAME: photograph the terminal window.
shot() {
  sleep 0.7
  DISPLAY=$display xwd -name ivsdash-shot -silent | convert xwd:- "screenshots/$1.png"
  echo "screenshots/$1.png"
}

mkdir -p screenshots
wait_for "main-broadcast"
sleep 8 # let the simulation bring people in and the live figures fill
shot stages

keys Enter; wait_for "Sessions of"
keys Enter; wait_for "Participants of"
sleep 3
shot participants

# The host whose publish fails in this seed's first seconds: filter, open.
keys / ; keys -l "host-anna"; keys Enter
keys Enter
wait_for "Participant host-anna"
wait_for "PUBLISH_ERROR"
shot timeline-error

# Her broadcast's health from CloudWatch, the error marked on the bitrate.
keys m; wait_for "Publish bitrate"
sleep 2
shot participant-health
keys m; sleep 0.5

# Her session's timeline: every participant's events merged.
keys s; wait_for "Timeline ·"
sleep 2
shot session-timeline
keys Escape; sleep 0.5

# Error triage: the codes of the last minutes, where, who, and the fix.
keys '!'; wait_for "Error triage"
sleep 2
shot triage
keys Escape; sleep 0.5

keys t; wait_for "Mint a participant token"
keys -l "ops-oncall"; keys Tab Space
shot token-form
keys Enter; wait_for "Token"
shot token-minted
keys Escape; sleep 0.5

keys : ; keys -l "compositions"; keys Enter
wait_for "Compositions"
sleep 3
shot compositions

keys '?'
shot help
keys q
sleep 0.5

# A stale state: the dashboard on an emulator of its own, which then stops.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$work/ivsdash" emulator --simulate --seed 1 --listen "127.0.0.1:$port" >/dev/null 2>&1 &
emu_pid=$!
sleep 2
tmux kill-session -t "$session" 2>/dev/null || true
tmux new-session -d -s "$session" -x 120 -y 40 \
  "TERM=xterm-256color AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo $work/ivsdash --endpoint-url http://127.0.0.1:$port --region us-east-1 --interval 2s"
tmux set-option -t "$session" status off >/dev/null
kill "$xterm_pid" 2>/dev/null || true
DISPLAY=$display xterm -tn xterm-256color -T ivsdash-shot -geometry 120x40+0+0 -b 14 +sb \
  -fa 'DejaVu Sans Mono' -fd 'Noto Sans Mono CJK SC' -fs 11 \
  -bg "$bg" -fg '#c0caf5' -bd "$bg" -xrm "XTerm*cursorColor: $bg" -xrm 'XTerm*utf8: 1' \
  -e tmux attach -t "$session" &
xterm_pid=$!
wait_for "main-broadcast"
sleep 6
kill "$emu_pid"
wait_for "STALE"
sleep 2
shot stale
keys q

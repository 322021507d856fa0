#!/usr/bin/env bash
# measure-idle.sh: the CPU the dashboard uses while it idles on the stages
# pane of the demo's emulator, the emulator run as a separate process.
#
#   scripts/measure-idle.sh BIN [SECONDS] [WARMUP]
#
# Starts `BIN emulator --simulate` on a free port, the dashboard pointed at it
# in a 160x48 window of a private tmux server, waits WARMUP seconds (default
# 20: the stages listed, the first polls done), then reads utime+stime of the
# dashboard process from /proc/PID/stat before and after SECONDS (default 60)
# and prints the share of one core it used. Two runs can share a machine.
set -euo pipefail

bin=${1:?usage: measure-idle.sh BIN [SECONDS] [WARMUP]}
secs=${2:-60}
warmup=${3:-20}
socket="ivsdash-idle-$$"
session="idle-$$"
log=$(mktemp)
emu=""

cleanup() {
	tmux -L "$socket" kill-server 2>/dev/null || true
	if [ -n "$emu" ]; then kill "$emu" 2>/dev/null || true; fi
	rm -f "$log"
}
trap cleanup EXIT

"$bin" emulator --simulate --listen 127.0.0.1:0 >"$log" 2>&1 &
emu=$!
url=""
for _ in $(seq 50); do
	url=$(sed -n 's/^endpoint: //p' "$log" | head -1)
	if [ -n "$url" ] && grep -q ready "$log"; then break; fi
	sleep 0.1
done
[ -n "$url" ] || { echo "the emulator did not start:" >&2; cat "$log" >&2; exit 1; }

tmux -L "$socket" new-session -d -s "$session" -x 160 -y 48 \
	"exec $bin --endpoint-url $url --region us-east-1"
pid=$(tmux -L "$socket" display-message -p -t "$session" '#{pane_pid}')

# utime and stime are fields 14 and 15 of /proc/PID/stat, in clock ticks;
# the command name (field 2) has no spaces here.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

sleep "$warmup"
tmux -L "$socket" capture-pane -p -t "$session" | head -3
hz=$(getconf CLK_TCK)
d0=$(ticks "$pid")
e0=$(ticks "$emu")
sleep "$secs"
d1=$(ticks "$pid")
e1=$(ticks "$emu")
awk -v d="$((d1 - d0))" -v e="$((e1 - e0))" -v hz="$hz" -v s="$secs" -v pid="$pid" 'BEGIN {
	printf "dashboard (pid %s): %d ticks in %d s = %.2f%% of a core\n", pid, d, s, 100 * d / hz / s
	printf "emulator: %d ticks in %d s = %.2f%% of a core\n", e, s, 100 * e / hz / s
}'

#!/usr/bin/env bash
# measure-emulator-memory.sh: the emulator's resident memory idle, under a
# bounded load and idle again, read from VmRSS in /proc/PID/status.
#
#   scripts/measure-emulator-memory.sh BIN [LOAD_SECONDS] [IDLE_SECONDS] [WORKERS]
#
# Starts `BIN emulator --simulate --participants 10000 --stages 1000
# --no-throttle` on a free loopback port (GODEBUG=gctrace=1: the runtime's
# heap after each GC goes to the log, printed at the end), reads VmRSS 5 s
# after start, every 5 s of LOAD_SECONDS (default 30) of scripts/emuload with
# WORKERS (default 8) calls in flight, then every 10 s of IDLE_SECONDS
# (default 60) with no call.
set -euo pipefail

bin=${1:?usage: measure-emulator-memory.sh BIN [LOAD_SECONDS] [IDLE_SECONDS] [WORKERS]}
load=${2:-30}
idle=${3:-60}
workers=${4:-8}
here=$(cd "$(dirname "$0")" && pwd)
log=$(mktemp)
loader=$(mktemp)
emu=""

cleanup() {
	if [ -n "$emu" ]; then kill "$emu" 2>/dev/null || true; fi
	rm -f "$log" "$loader"
}
trap cleanup EXIT

(cd "$here/.." && go build -o "$loader" ./scripts/emuload)
GODEBUG=gctrace=1 "$bin" emulator --listen 127.0.0.1:0 --simulate --participants 10000 --stages 1000 --no-throttle >"$log" 2>&1 &
emu=$!
url=""
for _ in $(seq 50); do
	url=$(grep -o 'endpoint: http://[0-9.:]*' "$log" | cut -d' ' -f2 || true)
	[ -n "$url" ] && break
	sleep 0.1
done
[ -n "$url" ] || { echo "the emulator did not start" >&2; cat "$log" >&2; exit 1; }
rss() { awk '/VmRSS/ {printf "%.1f MB", $2 / 1024}' "/proc/$emu/status"; }

sleep 5
echo "idle, 5 s after start: $(rss)"
"$loader" -url "$url" -d "${load}s" -w "$workers" &
lp=$!
for i in $(seq $((load / 5))); do sleep 5; echo "load, ${i}x5 s: $(rss)"; done
wait "$lp"
echo "load over: $(rss)"
for i in $(seq $((idle / 10))); do sleep 10; echo "idle, ${i}0 s after the load: $(rss)"; done
echo "the runtime's heap after each GC (gctrace: before->after->live MB):"
grep '^gc ' "$log" | sed -n '4,6p;$p'

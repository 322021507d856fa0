#!/usr/bin/env python3
"""End-to-end scale measurement of ivsdash (issue 6; BENCHMARKS.md).

Runs `ivsdash emulator --simulate --participants N --stages M` as its own
process and the dashboard as another, in a tmux window of 160x48 pointed at
it with --endpoint-url, drives it with keys, and reads the screen, the
emulator's operation counters (GET /_emulator/operations) and the
dashboard's resident memory (/proc/PID/status). Only the standard library,
tmux and a built ivsdash binary are needed:

    go build -o /tmp/ivsdash . && scripts/measure-scale.py --bin /tmp/ivsdash

Each run has its own tmux server (a private socket), its own session and
the emulator on a free port, so two runs can share a machine. It prints one
line per figure; --steady sets how long steady state is
measured (default 180 s), --faults passes faults to the emulator (e.g.
'throttle=0.5@ListParticipants') to watch the backoff.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time
import urllib.request

# A private tmux server (its own socket) and a session name of this run's
# own, so that runs side by side (several developers share a machine) never
# see, nor kill, each other's windows.
SOCKET = f"ivsdash-scale-{os.getpid()}"
SESSION = f"ivsdash-scale-{os.getpid()}"


def tmux(*args):
    return subprocess.run(["tmux", "-L", SOCKET, *args], check=True, capture_output=True, text=True).stdout


def screen():
    return tmux("capture-pane", "-p", "-t", SESSION)


def keys(*ks):
    for k in ks:
        tmux("send-keys", "-t", SESSION, k)
        time.sleep(0.05)


def type_text(s):
    tmux("send-keys", "-t", SESSION, "-l", s)


def wait(pred, timeout, what, fatal=True):
    """Polls the screen every 20 ms until pred(screen) holds; returns (seconds, screen)."""
    start = time.monotonic()
    while True:
        s = screen()
        if pred(s):
            return time.monotonic() - start, s
        if time.monotonic() - start > timeout:
            if not fatal:
                return None, s
            sys.exit(f"gave up after {timeout}s waiting for {what}; screen:\n{s}")
        time.sleep(0.02)


def operations(url):
    with urllib.request.urlopen(url + "/_emulator/operations") as r:
        body = json.load(r)
    ops = dict(body.get("operations") or {})
    for k, v in (body.get("refused") or {}).items():
        ops[k] = ops.get(k, 0) + v  # calls a fault answered count too: they are calls made
    return ops


def api(url, op, body):
    """An IVS Real-Time call on the emulator (it does not check signatures)."""
    req = urllib.request.Request(url + "/" + op, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.load(r)


def control(url, what, body):
    req = urllib.request.Request(url + "/_emulator/" + what, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.load(r) if r.length != 0 else {}


def join(url, arn, user):
    tok = api(url, "CreateParticipantToken", {"stageArn": arn, "userId": user, "capabilities": ["PUBLISH", "SUBSCRIBE"]})
    return control(url, "join", {"token": tok["participantToken"]["token"]})["participantId"]


def rss_mb(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            fields[k] = v.strip()
    kb = lambda k: int(fields[k].split()[0]) / 1024
    return kb("VmRSS"), kb("VmHWM")


def steady(url, seconds, where):
    a = operations(url)
    t_a = time.monotonic()
    time.sleep(seconds)
    b = operations(url)
    mins = (time.monotonic() - t_a) / 60
    print(f"steady state on {where} over {seconds:.0f} s, calls per minute per operation (budget 60/min each):")
    for op in sorted(set(a) | set(b)):
        d = b.get(op, 0) - a.get(op, 0)
        if d:
            print(f"  {op:28s} {d / mins:6.1f}/min")
    status = [l for l in screen().split("\n") if "api" in l]
    print("  status: " + (status[-1].strip() if status else "?"))


def header_count(s, pattern):
    m = re.search(pattern, s)
    return int(m.group(1).replace(",", "")) if m else None


def counted(n, noun):
    """The header's way to count: '1,000 stages', '1 stage'."""
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="/tmp/ivsdash")
    ap.add_argument("--participants", type=int, default=10000)
    ap.add_argument("--stages", type=int, default=1000)
    ap.add_argument("--listen", default="127.0.0.1:0", help="the emulator's address (default: a free port)")
    ap.add_argument("--steady", type=float, default=180)
    ap.add_argument("--faults", default="")
    ap.add_argument("--stages-steady", type=float, default=0, help="seconds of steady state measured on the stages pane first")
    ap.add_argument("--budget", default="0.2")
    ap.add_argument("--log", default="", help="the dashboard's --log file (calls with their durations)")
    ap.add_argument("--joiner-errors", type=int, default=0,
                    help="then inject this many new joiners' errors (JOIN_ERROR and SUBSCRIBE_ERROR in turn) and report how soon each showed")
    ap.add_argument("--joiner-gap", type=float, default=5.5, help="seconds between two joiners' errors")
    ap.add_argument("--joiner-timeout", type=float, default=60, help="seconds to wait for each joiner's error to show")
    ap.add_argument("--events-queue", action="store_true",
                    help="make a queue on the emulator (events setup --apply) and run the dashboard with --events-queue")
    args = ap.parse_args()

    emu_cmd = [args.bin, "emulator", "--listen", args.listen, "--simulate",
               "--participants", str(args.participants), "--stages", str(args.stages)]
    if args.faults:
        emu_cmd += ["--faults", args.faults]
    socket_path = None
    emu = subprocess.Popen(emu_cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = None
        for _ in range(20):
            line = emu.stdout.readline()
            if line.startswith("endpoint: "):
                url = line.split(": ", 1)[1].strip()  # the port it took
            if "ready" in line or not line:
                break
        if "ready" not in line or not url:
            sys.exit(f"emulator did not start: {line}")
        print(f"emulator: {url}; tmux: tmux -L {SOCKET} attach -t {SESSION}")
        dash = f"{args.bin} --endpoint-url {url} --region us-east-1 --budget {args.budget}"
        if args.events_queue:
            out = subprocess.run([args.bin, "events", "setup", "--queue-name", "ivsdash-scale", "--apply",
                                  "--endpoint-url", url, "--region", "us-east-1"], capture_output=True, text=True, check=True).stdout
            queue = re.search(r"--events-queue (\S+)", out).group(1)
            dash += f" --events-queue {queue}"
        if args.log:
            dash += f" --log {args.log}"
        started = time.monotonic()
        tmux("new-session", "-d", "-s", SESSION, "-x", "160", "-y", "48", dash)
        pid = int(tmux("display-message", "-p", "-t", SESSION, "#{pane_pid}").strip())
        socket_path = tmux("display-message", "-p", "#{socket_path}").strip()

        # 7. The stages pane: first page, then the rest.
        t_first, _ = wait(lambda s: re.search(r"[\d,]+ stages? · [\d,]+ live", s) and "main-broadcast" in s, 30, "the first page of stages")
        t_first = time.monotonic() - started
        print(f"stages: first page on screen {t_first:.2f} s after start (process start included)")
        all_stages = counted(args.stages, "stage")
        _, s = wait(lambda s: re.search(r"(?<![\d,])" + re.escape(all_stages) + r"\b", s), 60, all_stages)
        t_all = time.monotonic() - started
        print(f"stages: all {args.stages} listed {t_all:.1f} s after start ({(args.stages + 99) // 100} pages; budget 1 call/s)")
        if args.stages_steady > 0:
            steady(url, args.stages_steady, "the stages pane")

        # Open the busiest session: filter the stages, its sessions, the live one.
        keys("/")
        type_text("main-broadcast")
        keys("Enter")
        wait(lambda s: re.search(r"1 of [\d,]+ stages?\b", s), 10, "the filtered stage")
        keys("Enter")
        wait(lambda s: "Sessions of main-broadcast" in s and "LIVE" in s, 20, "the sessions")
        time.sleep(1)
        ops0 = operations(url)
        keys("Enter")
        opened = time.monotonic()

        # 3. The publishers first, then the whole list with a running count.
        t_pub, s = wait(lambda s: (header_count(s, r"([\d,]+) published") or 0) > 0, 30, "the publishers")
        pubs = header_count(s, r"([\d,]+) published")
        print(f"participants: {pubs} publishers on screen {t_pub:.2f} s after enter")
        progress = []
        last = None
        throttled_seen = None
        while True:
            s = screen()
            if throttled_seen is None:
                throttled_seen = next((l.strip() for l in s.split("\n") if "backing off" in l or "throttled" in l), None)
            listed = header_count(s, r"([\d,]+) listed")
            if listed != last and listed is not None:
                progress.append((time.monotonic() - opened, listed))
                last = listed
            head = next((l for l in s.split("\n") if " listed" in l), "")
            if listed and "so far" not in head:
                break
            if time.monotonic() - opened > 300:
                sys.exit("the full list did not come within 300 s:\n" + s)
            time.sleep(0.05)
        t_full = time.monotonic() - opened
        ops1 = operations(url)
        pages = ops1.get("ListParticipants", 0) - ops0.get("ListParticipants", 0)
        status = [l for l in s.split("\n") if "api" in l]
        print(f"participants: all {last} listed {t_full:.1f} s after enter; ListParticipants calls meanwhile {pages} "
              f"(the budget allows 1/s: {pages} s at least, 1.1x = {1.1 * pages:.0f} s)")
        for at, n in progress[:: max(1, len(progress) // 8)]:
            print(f"  progress: {n} listed at {at:.1f} s")
        print("  status: " + (status[-1].strip() if status else "?"))
        if throttled_seen:
            print("  status while throttled: " + throttled_seen)
        rss, hwm = rss_mb(pid)
        print(f"memory: dashboard RSS {rss:.1f} MB (peak {hwm:.1f} MB) with {last} participants listed")

        # 4. Steady state on that pane.
        time.sleep(10)  # let the first polls settle
        a = operations(url)
        t_a = time.monotonic()
        listed_a = header_count(screen(), r"([\d,]+) listed")
        time.sleep(args.steady)
        b = operations(url)
        mins = (time.monotonic() - t_a) / 60
        listed_b = header_count(screen(), r"([\d,]+) listed")
        print(f"steady state: {listed_a} -> {listed_b} listed: new participant ids joined at {(listed_b - listed_a) / mins / 60:.1f}/s")
        print(f"steady state over {args.steady:.0f} s, calls per minute per operation (budget 60/min each):")
        for op in sorted(set(a) | set(b)):
            d = b.get(op, 0) - a.get(op, 0)
            if d:
                print(f"  {op:28s} {d / mins:6.1f}/min")
        s = screen()
        status = [l for l in s.split("\n") if "api" in l]
        print("  status: " + (status[-1].strip() if status else "?"))
        rss, hwm = rss_mb(pid)
        print(f"memory: dashboard RSS {rss:.1f} MB (peak {hwm:.1f} MB) after steady state")

        # 4. How soon changes show: a publisher's error, a new joiner's
        # error (the error watcher's alert), a new publisher (the header).
        arn = next(st["arn"] for st in api(url, "ListStages", {"maxResults": 100})["stages"] if st["name"] == "main-broadcast")
        m = re.search(r"panelist-03\s+(\S+)", screen())
        if m:
            ops_a = operations(url)
            control(url, "error", {"stageArn": arn, "participantId": m.group(1), "eventName": "PUBLISH_ERROR", "errorCode": "BITRATE_EXCEEDED"})
            # Pushed, the alert has no code (EventBridge sends none); read, it has.
            code = "PUBLISH_ERROR" if args.events_queue else "BITRATE_EXCEEDED"
            t, _ = wait(lambda s: any("⚠ ✖" in l and code in l and "panelist-03" in l for l in s.split("\n")), 300, "the publisher's error alert")
            ops_b = operations(url)
            print(f"latency: a publisher's PUBLISH_ERROR alerted {t:.1f} s after it happened; "
                  f"ListParticipantEvents calls meanwhile {ops_b.get('ListParticipantEvents', 0) - ops_a.get('ListParticipantEvents', 0)}")
        before = header_count(screen(), r"([\d,]+) published")
        m = re.search(r"panelist-08\s+(\S+)", screen())
        if m:  # the stage is at its 12-publisher quota: make room
            control(url, "unpublish", {"stageArn": arn, "participantId": m.group(1)})
        pub = join(url, arn, "scale-probe-pub")
        control(url, "publish", {"stageArn": arn, "participantId": pub})
        t, _ = wait(lambda s: (header_count(s, r"([\d,]+) published") or 0) > before, 120, "the new publisher")
        print(f"latency: a new publisher counted {t:.1f} s after it started publishing ({before} -> {before + 1})")
        late = join(url, arn, "scale-probe-joiner")
        control(url, "error", {"stageArn": arn, "participantId": late, "eventName": "SUBSCRIBE_ERROR", "errorCode": "QUOTA_EXCEEDED"})
        t, _ = wait(lambda s: any("QUOTA_EXCEEDED" in l and "scale-probe-joiner" in l for l in s.split("\n")), 180, "the new joiner's error alert", fatal=False)
        if t is None:
            print("latency: a new joiner's SUBSCRIBE_ERROR was not alerted within 180 s")
        else:
            print(f"latency: a new joiner's SUBSCRIBE_ERROR alerted {t:.1f} s after it joined")
        # The joiners' errors: the witness is the participants pane showing
        # only participants with errors (x) and, of those, the probes (/):
        # a joiner's row appears once the watcher has read its error. The
        # alert line is no witness here: with the queue on, the other
        # stages' pushed errors alert too and alerts coalesce ("+N more").
        lat = []
        if args.joiner_errors:
            keys("x", "/")
            type_text("scale-probe-j")
            keys("Enter")
            time.sleep(1)
        for i in range(args.joiner_errors):
            time.sleep(args.joiner_gap)
            who = f"scale-probe-j{i:02d}"
            name = "JOIN_ERROR" if i % 2 == 0 else "SUBSCRIBE_ERROR"
            pid = join(url, arn, who)
            control(url, "error", {"stageArn": arn, "participantId": pid, "eventName": name, "errorCode": "QUOTA_EXCEEDED"})
            t, s = wait(lambda s: re.search(re.escape(who) + r"\s", s), args.joiner_timeout, who, fatal=False)
            lat.append(t)
            print(f"  {who} {name} ({pid}): " + (f"not within {args.joiner_timeout:.0f} s" if t is None else f"{t:.1f} s"), flush=True)
        if lat:
            got = sorted(t for t in lat if t is not None)
            missed = len(lat) - len(got)
            if got:
                print(f"latency: {len(lat)} new joiners' errors shown (errors-only list): min {got[0]:.1f} s, median {got[len(got) // 2]:.1f} s, "
                      f"p90 {got[len(got) * 9 // 10]:.1f} s, max {got[-1]:.1f} s; not within {args.joiner_timeout:.0f} s: {missed}")
            print("  each: " + ", ".join("-" if t is None else f"{t:.1f}" for t in lat))
        print("screen:\n" + s)
    finally:
        subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True)  # this run's server only
        if socket_path:
            try:
                os.unlink(socket_path)  # tmux leaves it behind
            except OSError:
                pass
        emu.terminate()
        emu.wait()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""End-to-end measurement of `ivsdash export` (issue 14; BENCHMARKS.md).

Starts `ivsdash emulator --simulate --participants N` (AWS's quotas on: 429
past 5 TPS per operation) on a free port, exports the busiest session
(main-broadcast's live one) with the given budget and details, and prints
the time taken, the calls each operation received (the emulator's counters,
GET /_emulator/operations) and the time those calls need at the budget's
rate. Only the standard library and a built ivsdash binary are needed:

    go build -o /tmp/ivsdash . && scripts/measure-export.py --bin /tmp/ivsdash

--faults passes faults to the emulator (e.g. 'latency=500ms@ListParticipantEvents,GetParticipant'
for a slow API); --extra passes more flags to the export (e.g. --details all).
"""

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
import urllib.request


def operations(url):
    with urllib.request.urlopen(url + "/_emulator/operations") as r:
        body = json.load(r)
    ops = dict(body.get("operations") or {})
    for k, v in (body.get("refused") or {}).items():
        ops[k] = ops.get(k, 0) + v
    return ops


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="/tmp/ivsdash")
    ap.add_argument("--participants", type=int, default=400)
    ap.add_argument("--budget", default="1.0")
    ap.add_argument("--faults", default="")
    ap.add_argument("--extra", default="", help="more flags for ivsdash export")
    args = ap.parse_args()

    emu_cmd = [args.bin, "emulator", "--listen", "127.0.0.1:0", "--simulate", "--participants", str(args.participants)]
    if args.faults:
        emu_cmd += ["--faults", args.faults]
    emu = subprocess.Popen(emu_cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = None
        for _ in range(20):
            line = emu.stdout.readline()
            if line.startswith("endpoint: "):
                url = line.split(": ", 1)[1].strip()
            if "ready" in line or not line:
                break
        if not url:
            sys.exit("emulator did not start")
        req = urllib.request.Request(url + "/ListStages", data=b'{"maxResults":100}', headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req) as r:
            arn = next(s["arn"] for s in json.load(r)["stages"] if s["name"] == "main-broadcast")
        out = os.path.join(tempfile.mkdtemp(), "export.md")
        cmd = [args.bin, "export", "--endpoint-url", url, "--region", "us-east-1", "--budget", args.budget,
               "--stage", arn, "--out", out] + shlex.split(args.extra)
        before = operations(url)
        start = time.monotonic()
        res = subprocess.run(cmd, capture_output=True, text=True)
        elapsed = time.monotonic() - start
        after = operations(url)
        if res.returncode != 0:
            sys.exit(f"export failed ({res.returncode}): {res.stderr}")
        calls = {op: after.get(op, 0) - before.get(op, 0) for op in after if after.get(op, 0) != before.get(op, 0)}
        rate = 5 * float(args.budget)  # calls a second each stage operation may make
        need = max(calls.values()) / rate
        print(f"{args.participants} extra participants, --budget {args.budget} {args.extra} faults {args.faults or 'none'}")
        print(f"  {res.stderr.strip().splitlines()[-1]}")
        print(f"  took {elapsed:.1f} s; calls {calls}")
        print(f"  the busiest operation's calls at {rate:g}/s need {need:.1f} s: {elapsed / need:.2f}x")
    finally:
        emu.terminate()
        emu.wait()


if __name__ == "__main__":
    main()

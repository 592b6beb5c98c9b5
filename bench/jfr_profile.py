#!/usr/bin/python3
"""Where a `./flow encode` job's time goes, from a Java Flight Recorder file.

    FLOW_JAVA_OPTS="-XX:StartFlightRecording=filename=encode.jfr,settings=profile" ./flow encode …
    /usr/bin/python3 bench/jfr_profile.py encode.jfr [--top 15]

Execution samples (one every 10–20 ms per running Java thread, so shares approximate CPU time)
are put in phases by the frames of their stack: the flow's arithmetic, reading and parsing the
CSV, the spill file, ranking, formatting and writing the output, loading the model, JIT-less
start-up (everything else). Prints the samples per thread, each phase's share with the first and
last second it was seen in (from the recording's start), and the top frames.
"""
import argparse
import collections
import json
import subprocess

# first match wins: a sample whose stack holds one of these frames belongs to the phase
PHASES = [
    ("flow arithmetic", ("Mlp$", "VectorKernels", "Kernels.", "KernelsF.", "Coupling", "Flow$Evaluator", "AffineMap")),
    ("model file", ("ModelReader", "ModelFile")),
    ("CSV read and parse", ("CsvChunkReader", "CsvTokenizer", "NumberParser", "CsvHeader")),
    ("ranking", ("OutlierRanks.<init>", "Outliers.rankAll")),
    ("CSV format and write", ("CsvWriter", "NumberText", "AtomicFile")),
    ("spill file", ("DataInputStream", "DataOutputStream")),
]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("jfr")
    p.add_argument("--top", type=int, default=15)
    a = p.parse_args()
    out = subprocess.run(["jfr", "print", "--json", "--events", "jdk.ExecutionSample", a.jfr], capture_output=True,
                         text=True, check=True).stdout
    events = json.loads(out)["recording"]["events"]
    threads, phases, top = collections.Counter(), collections.Counter(), collections.Counter()
    seen = collections.defaultdict(list)
    start = min(e["values"]["startTime"] for e in events)
    for e in events:
        v = e["values"]
        frames = v["stackTrace"]["frames"] if v["stackTrace"] else []
        names = [f["method"]["type"]["name"].split("/")[-1] + "." + f["method"]["name"] for f in frames]
        threads[v["sampledThread"]["javaName"] if v["sampledThread"] else "?"] += 1
        phase = next((name for name, keys in PHASES if any(k in n for n in names for k in keys)), "other")
        phases[phase] += 1
        seen[phase].append(v["startTime"])
        if names:
            top[names[0]] += 1
    n = len(events)
    print(f"{n} samples; by thread: " + ", ".join(f"{t} {c}" for t, c in threads.most_common()))
    print("| phase | share of samples | seen from–to (s after the first sample) |")
    print("|---|---|---|")
    for phase, c in phases.most_common():
        t = sorted(seen[phase])
        print(f"| {phase} | {100 * c / n:.1f} % | {seconds(t[0], start):.1f}–{seconds(t[-1], start):.1f} |")
    print(f"\ntop {a.top} frames (self):")
    for name, c in top.most_common(a.top):
        print(f"  {100 * c / n:5.1f} %  {name}")


def seconds(stamp, start):
    """Seconds between two JFR time stamps (ISO strings with nanoseconds)."""
    def parse(s):
        hms = s[11:].rstrip("Z").split("+")[0]
        h, m, sec = hms.split(":")
        return int(h) * 3600 + int(m) * 60 + float(sec)
    return parse(stamp) - parse(start)


if __name__ == "__main__":
    main()

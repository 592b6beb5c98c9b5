#!/usr/bin/env bash
# How long Java outlives a kill -9 of the ./flow launcher (RELIABILITY.md, section 8):
#   bench/launcher-kill.sh [FLOW] [RUNS]     (FLOW: a flow launcher script, default ./flow)
# Each run starts a training, waits 2 s, kills the launcher with SIGKILL and polls /proc every
# 10 ms until its Java child has exited (an exited process waiting to be reaped counts as gone);
# it gives up after 20 s (and then kills Java itself).
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
flow=${1:-$here/flow}
runs=${2:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$flow" sample dataset=moons samples=500 output="$work/d.csv" 2>/dev/null
state() { awk '{print $3}' "/proc/$1/stat" 2>/dev/null; }
for _ in $(seq 1 "$runs"); do
	rm -f "$work/m.json"
	"$flow" train input="$work/d.csv" model="$work/m.json" epochs=300 2>/dev/null &
	launcher=$!
	jp=
	for _ in $(seq 1 200); do
		jp=$(pgrep -P "$launcher" -f 'cli.Main' | head -n 1)
		[ -n "$jp" ] && break
		sleep 0.05
	done
	sleep 2
	t0=$(date +%s%N)
	kill -9 "$launcher"
	while [ -e "/proc/$jp" ] && [ "$(state "$jp")" != Z ]; do
		if [ $(( ($(date +%s%N) - t0) / 1000000 )) -gt 20000 ]; then
			echo "java still running 20 s after kill -9 of the launcher"
			kill -9 "$jp"
			continue 2
		fi
		sleep 0.01
	done
	echo "java gone $(( ($(date +%s%N) - t0) / 1000000 )) ms after kill -9 of the launcher; model written: $([ -f "$work/m.json" ] && echo yes || echo no)"
done 2>/dev/null

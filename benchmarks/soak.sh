#!/usr/bin/env bash
# Heap soak: one configuration at a fixed offered load (open loop, the runner's generator in its
# own JVM) for MINUTES minutes; once a minute the server JVM is asked for a full GC (jcmd GC.run)
# and its live heap is printed. The target: the heap after the last minute within 10 % of the
# heap after the first.
#
#   benchmarks/soak.sh [CONFIG] [RATE] [MINUTES]        defaults: C-pg 3000 10
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG="${1:-C-pg}"
RATE="${2:-3000}"
MINUTES="${3:-10}"
OUT=benchmarks/target/soak
mkdir -p "$OUT"
# A little longer than the samples, so the last one is taken under load.
benchmarks/run.sh --configs "$CONFIG" --rates "$RATE" --duration "$(( MINUTES * 60 + 30 ))s" --max false \
  --rounds 1 --idle 0s --out "$OUT" > "$OUT/run.log" 2>&1 &
RUNNER=$!
trap 'kill $RUNNER 2>/dev/null || true' EXIT
# Samples are counted from when the server process appears: the first one falls about 45 s
# into the load, after the server's start-up and warm-up.
PID=""
for _ in $(seq 1 600); do
  PID="$(pgrep -f "dev.grpcstarter.benchmarks.Serve $CONFIG( |$)" || true)"
  [ -n "$PID" ] && break
  sleep 1
done
[ -n "$PID" ] || { echo "server of $CONFIG did not start; see $OUT/run.log" >&2; exit 1; }
echo "config $CONFIG, $RATE calls/s, server pid $PID; live heap after a full GC, once a minute:"
first=""
for minute in $(seq 1 "$MINUTES"); do
  sleep 60
  jcmd "$PID" GC.run > /dev/null
  used_kb="$(jcmd "$PID" GC.heap_info | sed -nE 's/.* heap +total [0-9]+K, used ([0-9]+)K.*/\1/p' | head -1)"
  [ -z "$first" ] && first="$used_kb"
  printf 'minute %2d: %7d KB (%+.1f %% of minute 1)\n' "$minute" "$used_kb" \
    "$(python3 -c "print(($used_kb - $first) * 100 / $first)")"
done
wait $RUNNER || true
grep -E "^round|request log" "$OUT/run.log" | head -5

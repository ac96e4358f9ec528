#!/bin/bash
# What a crash (kill -9) or a SIGTERM of a server loses from the request log and the API-key
# usage counts, measured from outside: the bookstore example on PostgreSQL, load.py calling
# GetBook with an API key at a steady rate, the server signalled halfway through the load,
# then the calls the client saw succeed compared with the key's request-log rows and the
# growth of its request_count. See docs/reliability.md, "Crash (kill -9) and SIGTERM".
#
#   flock /tmp/grpcstarter-build.lock benchmarks/crash/run.sh [server arguments...]
#   SIGNAL=TERM benchmarks/crash/run.sh
#   benchmarks/crash/run.sh --grpc.request-log.flush-interval=100ms --grpc.auth.usage-flush-interval=500ms
#
# Needs: the example's jar (./mvnw -pl examples/bookstore -am package -DskipTests), a
# PostgreSQL server and a role that may create databases (each run creates a fresh one and
# drops it), psql, and a python3 with grpcio (Debian: python3-grpcio). Environment:
# PGHOST (127.0.0.1), PGPORT (5432), PGUSER (grpcbench), PGPASSWORD (grpcbench),
# SIGNAL (KILL or TERM), RATE (200 calls/s), LOAD_SECONDS (20 s of load, signal after half),
# PORT (gRPC port, 50551), JAR, PYTHON (/usr/bin/python3), KEEP_DB (1 keeps the database).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-grpcbench} PGPASSWORD=${PGPASSWORD:-grpcbench}
SIGNAL=${SIGNAL:-KILL}
RATE=${RATE:-200}
LOAD_SECONDS=${LOAD_SECONDS:-20}
PORT=${PORT:-50551}
JAR=${JAR:-$root/examples/bookstore/target/bookstore-example-0.1.0-SNAPSHOT.jar}
PYTHON=${PYTHON:-/usr/bin/python3}
work=$(mktemp -d /tmp/grpc-crash.XXXXXX)
db=grpc_crash_$(date +%s)_$$

sql() { psql -d "$db" -tAq -c "$1"; }
psql -d postgres -qc "create database $db"
cleanup() {
  [ -n "${server:-}" ] && kill -9 "$server" 2> /dev/null || true
  [ "${KEEP_DB:-0}" = 1 ] || psql -d postgres -qc "drop database if exists $db" || true
}
trap cleanup EXIT

server_args=(--spring.datasource.url="jdbc:postgresql://$PGHOST:$PGPORT/$db" --spring.datasource.username="$PGUSER"
  --spring.datasource.password="$PGPASSWORD" --spring.grpc.server.port="$PORT" --server.port=0)

# A key for the load: the creation run prints it once and exits.
java -jar "$JAR" "${server_args[@]}" --grpc.auth.create-key.name=crash --grpc.auth.create-key.owner=crash \
  > "$work/create-key.log" 2>&1
key=$(grep -A2 "Copy it now:" "$work/create-key.log" | tail -1 | tr -d '[:space:]')
key_id=$(sed -n 's/.*(id \([0-9]*\),.*/\1/p' "$work/create-key.log" | head -1)
[ -n "$key" ] && [ -n "$key_id" ] || { echo "no key created, see $work/create-key.log" >&2; exit 1; }

java -jar "$JAR" "${server_args[@]}" "$@" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do grep -q "Started BookstoreApplication" "$work/server.log" && break; sleep 0.5; done
grep -q "Started BookstoreApplication" "$work/server.log" || { echo "server did not start, see $work/server.log" >&2; exit 1; }

load() { "$PYTHON" "$here/load.py" --target "127.0.0.1:$PORT" --key "$key" "$@"; }
rows() { sql "select count(*) from grpc_request_log where api_key_id = $key_id and grpc_code = 'OK'"; }
usage() { sql "select request_count from grpc_api_key where id = $key_id"; }

# Warm-up (JIT, connection pool, key cache); then wait until its rows and usage are stored,
# so everything after is the measured run's.
warm_ok=$(load --rate 50 --seconds 3 | "$PYTHON" -c 'import json, sys; print(json.load(sys.stdin)["ok"])')
for _ in $(seq 1 60); do
  [ "$(rows)" -ge "$warm_ok" ] && [ "$(usage)" -ge "$warm_ok" ] && break
  sleep 0.5
done
rows_before=$(rows)
usage_before=$(usage)

load --rate "$RATE" --seconds "$LOAD_SECONDS" > "$work/client.json" &
client=$!
sleep "$(( LOAD_SECONDS / 2 ))"
kill -"$SIGNAL" "$server"
signalled_at=$(date +%s.%N)
wait "$server" || true
stopped_at=$(date +%s.%N)
server=
wait "$client"

ok=$("$PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))["ok"])' "$work/client.json")
rows_lost=$(( ok - ($(rows) - rows_before) ))
usage_lost=$(( ok - ($(usage) - usage_before) ))
ms_per_call=$("$PYTHON" -c "print(round(1000 / $RATE, 3))")
echo "SIG$SIGNAL at $RATE calls/s, server arguments: ${*:-(defaults)}"
echo "  client: $(cat "$work/client.json")"
echo "  server gone $("$PYTHON" -c "print(round($stopped_at - $signalled_at, 2))") s after the signal"
echo "  calls OK for the client: $ok; request-log rows lost: $rows_lost" \
  "(~$("$PYTHON" -c "print(round($rows_lost * $ms_per_call))") ms of calls); usage counts lost: $usage_lost" \
  "(~$("$PYTHON" -c "print(round($usage_lost * $ms_per_call))") ms of calls)"

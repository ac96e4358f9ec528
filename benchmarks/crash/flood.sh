#!/bin/bash
# What a flood of refused calls writes to the request log, measured from outside: the
# bookstore example on PostgreSQL, load.py calling GetBook with a key that does not exist
# as fast as RATE allows for LOAD_SECONDS, then a SIGTERM (which writes the summaries of open
# windows) and a count of the rows and of the calls the summary rows stand for. See
# docs/reliability.md, "Floods of refused calls in the request log".
#
#   flock /tmp/grpcstarter-build.lock benchmarks/crash/flood.sh [server arguments...]
#
# Same needs and environment as run.sh (PGHOST, PGPORT, PGUSER, PGPASSWORD, PORT, JAR,
# PYTHON), plus RATE (default 2000 calls/s asked, the client reaches what it can) and
# LOAD_SECONDS (default 20).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-grpcbench} PGPASSWORD=${PGPASSWORD:-grpcbench}
RATE=${RATE:-2000}
LOAD_SECONDS=${LOAD_SECONDS:-20}
PORT=${PORT:-50551}
JAR=${JAR:-$root/examples/bookstore/target/bookstore-example-0.1.0-SNAPSHOT.jar}
PYTHON=${PYTHON:-/usr/bin/python3}
work=$(mktemp -d /tmp/grpc-flood.XXXXXX)
db=grpc_flood_$(date +%s)_$$

sql() { psql -d "$db" -tAq -c "$1"; }
psql -d postgres -qc "create database $db"
cleanup() {
  [ -n "${server:-}" ] && kill -9 "$server" 2> /dev/null || true
  [ "${KEEP_DB:-0}" = 1 ] || psql -d postgres -qc "drop database if exists $db" || true
}
trap cleanup EXIT

java -jar "$JAR" --spring.datasource.url="jdbc:postgresql://$PGHOST:$PGPORT/$db" --spring.datasource.username="$PGUSER" \
  --spring.datasource.password="$PGPASSWORD" --spring.grpc.server.port="$PORT" --server.port=0 "$@" \
  > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do grep -q "Started BookstoreApplication" "$work/server.log" && break; sleep 0.5; done

"$PYTHON" "$here/load.py" --target "127.0.0.1:$PORT" --key gsk_not_a_key --rate "$RATE" --threads 16 \
  --seconds "$LOAD_SECONDS" > "$work/client.json"
kill -TERM "$server"
wait "$server" || true
server=

echo "flood of a bad key for $LOAD_SECONDS s, server arguments: ${*:-(defaults)}"
echo "  client: $(cat "$work/client.json")"
echo "  rows of refused calls: $(sql "select count(*) from grpc_request_log where call_type <> 'summary'")"
echo "  summary rows: $(sql "select count(*) || ' (' || coalesce(string_agg(grpc_code || ' ' || calls, ', '), '') || ')' from grpc_request_log where call_type = 'summary'")"
echo "  calls counted (rows + summaries): $(sql "select coalesce(sum(calls), 0) from grpc_request_log")"

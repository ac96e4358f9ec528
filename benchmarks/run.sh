#!/usr/bin/env bash
# Runs the side-by-side benchmark (A bare grpc-java, B Spring Boot gRPC alone, C the starter's
# full pipeline on H2 and PostgreSQL, D the starter with the pipeline off), interleaved.
# Options are passed on: --rounds 3 --warmup 2s --duration 4s --channels 2 --outstanding 16
# --payload 64 --stream 0 --configs A,B,C-h2,C-pg,D (also C-nolog: C without the request log;
# "+obs" after a C configuration adds Spring Boot's per-call Micrometer observation, e.g. C-pg+obs)
# --profile DIR (a CPU flame graph of each measured phase, with async-profiler)
# With "jmh" as the first argument, runs the JMH microbenchmarks instead (JMH options follow).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl benchmarks -am -DskipTests package
CP="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
mkdir -p benchmarks/target/tmp
if [ "${1:-}" = "jmh" ]; then
  shift
  exec java -cp "$CP" -Djava.io.tmpdir=benchmarks/target/tmp org.openjdk.jmh.Main "$@"
fi
exec java -Xmx2g -Djava.io.tmpdir=benchmarks/target/tmp -cp "$CP" dev.grpcstarter.benchmarks.Main "$@"

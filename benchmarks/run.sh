#!/usr/bin/env bash
# The side-by-side benchmark: each configuration (A bare grpc-java, B Spring Boot's gRPC server
# alone, C the starter's full pipeline on H2 and PostgreSQL, D the starter with the pipeline off,
# C-pg-rl-pg and C-pg-rl-redis with cluster-wide rate limits, C-pg-security(-jwt) with the
# application's own Spring Security, C-pg-validation(-off), C-pg-http-json and C-pg-grpc-web on the
# web port) runs as its own server process; this runner is the load generator. Options: --rounds 3 --rates 10000 (a list: 100,1000,10000)
# --duration 5s --server-warmup 15s --channels 2 --outstanding 16 --payload 64 --stream 0
# --max true|false (the pinned maximum-throughput measure) --configs A,B,C-h2,C-pg,D
# --out benchmarks/target/results --profile DIR (a CPU flame graph of each server's pinned run)
#
#   benchmarks/run.sh serve CONFIG [--port N] [--web-port N]   one configuration alone, for any outside load tool
#   benchmarks/run.sh jmh [JMH options]         the JMH microbenchmarks
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl benchmarks -am -DskipTests package
CP="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
# Spring Security is on the class path of the security configurations only.
SECURITY_CP="$(cat benchmarks/target/classpath-security.txt):$(cat benchmarks/target/classpath-security-boot.txt)"
# Spring Boot's Redis support is on the class path of C-pg-rl-redis only.
REDIS_CP="$(cat benchmarks/target/classpath-redis.txt)"
mkdir -p benchmarks/target/tmp
case "${1:-}" in
  jmh)
    shift
    # InterceptorChainBenchmark.securedPipelineCall builds Spring Security's gRPC chain itself;
    # no benchmark is auto-configured, so the jars change nothing for the others.
    exec java -cp "$CP:$SECURITY_CP" -Djava.io.tmpdir=benchmarks/target/tmp org.openjdk.jmh.Main "$@" ;;
  serve)
    shift
    case "${1:-}" in C-pg-security*) CP="$CP:$SECURITY_CP" ;; C-pg-rl-redis*) CP="$CP:$REDIS_CP" ;; esac
    exec java -Xmx1g -Djava.io.tmpdir=benchmarks/target/tmp -cp "$CP" dev.grpcstarter.benchmarks.Serve "$@" ;;
esac
exec java -Xmx2g -Djava.io.tmpdir=benchmarks/target/tmp -Dbenchmarks.security-class-path="$SECURITY_CP" \
  -Dbenchmarks.redis-class-path="$REDIS_CP" \
  -cp "$CP" dev.grpcstarter.benchmarks.Main "$@"

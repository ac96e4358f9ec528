/**
 * Benchmarks: the starter's full pipeline against bare grpc-java and plain Spring Boot gRPC,
 * side by side in one run, and JMH microbenchmarks of the hot paths.
 */
package dev.grpcstarter.benchmarks;

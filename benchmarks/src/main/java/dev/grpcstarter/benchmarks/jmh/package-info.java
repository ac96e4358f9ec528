/**
 * JMH microbenchmarks of the hot paths: key verification, the interceptor chain, the
 * request-log queue.
 */
package dev.grpcstarter.benchmarks.jmh;

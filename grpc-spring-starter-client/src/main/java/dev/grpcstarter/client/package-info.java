/**
 * Dynamic invocation: call any method of a gRPC server through server reflection, JSON in
 * and JSON out, without .proto files or generated code.
 */
@NullMarked
package dev.grpcstarter.client;

import org.jspecify.annotations.NullMarked;

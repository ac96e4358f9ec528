/**
 * Web clients: gRPC-Web and HTTP/JSON transcoding on the application's HTTP port, each call
 * dispatched into an in-process gRPC server built from the same service definitions
 * (interceptors applied), stream tracers and fallback registry as the native server, so every
 * transport runs through the same pipeline and gets one request-log row per call.
 */
@NullMarked
package dev.grpcstarter.core.web;

import org.jspecify.annotations.NullMarked;

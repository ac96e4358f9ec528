/**
 * Test support for applications built on the starter: {@link GrpcStarterTest} gives a
 * {@code @SpringBootTest} a {@link GrpcTestClient} bound to the running server, with API
 * keys created for the test ({@link TestApiKey}) and request-log assertions
 * ({@link TestRequestLog}).
 */
@NullMarked
package dev.grpcstarter.test;

import org.jspecify.annotations.NullMarked;

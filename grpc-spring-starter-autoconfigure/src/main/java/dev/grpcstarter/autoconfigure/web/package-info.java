/**
 * Web clients: gRPC-Web and HTTP/JSON transcoding on the application's HTTP port.
 */
@NullMarked
package dev.grpcstarter.autoconfigure.web;

import org.jspecify.annotations.NullMarked;

package dev.grpcstarter.it.invalid;

import org.springframework.grpc.server.service.GrpcService;

/**
 * Annotated as a gRPC service but implements none: startup must fail and name it.
 */
@GrpcService
public class NotAService {

}

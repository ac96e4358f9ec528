package dev.grpcstarter.it.duplicate;

import dev.grpcstarter.test.v1.PingServiceGrpc;
import org.springframework.grpc.server.service.GrpcService;

@GrpcService
public class FirstPingService extends PingServiceGrpc.PingServiceImplBase {

}

package dev.grpcstarter.core.service;

/**
 * Marks a service whose every method requires an authenticated caller, enforced by the
 * authentication interceptor whatever {@code grpc.auth.require-auth},
 * {@code grpc.auth.public-methods} or {@code @PublicGrpcMethod} say.
 */
public interface AuthRequiredService extends BaseService {

}

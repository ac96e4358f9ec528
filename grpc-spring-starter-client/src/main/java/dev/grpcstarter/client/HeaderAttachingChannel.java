package dev.grpcstarter.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.stub.MetadataUtils;

/**
 * A channel that sends the given metadata (an API key, for example) with every call.
 */
final class HeaderAttachingChannel extends Channel {

	private final Channel delegate;

	HeaderAttachingChannel(Channel channel, Metadata headers) {
		this.delegate = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
	}

	@Override
	public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
		return this.delegate.newCall(method, options);
	}

	@Override
	public String authority() {
		return this.delegate.authority();
	}

}

package dev.grpcstarter.it;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.MessageLite;
import io.grpc.netty.shaded.io.netty.bootstrap.Bootstrap;
import io.grpc.netty.shaded.io.netty.buffer.Unpooled;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.ChannelInitializer;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Headers;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2HeadersFrame;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2ResetFrame;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2StreamChannel;
import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.grpc.netty.shaded.io.netty.util.AsciiString;
import io.grpc.netty.shaded.io.netty.util.ReferenceCountUtil;

/**
 * One unary gRPC call over a hand-built HTTP/2 stream, for header values grpc-java's own
 * client refuses to send (it drops values with control characters): the server sees the
 * raw bytes, as it would from any other client.
 */
final class RawHttp2Call {

	private RawHttp2Call() {
	}

	/**
	 * Calls a unary method.
	 * @param port the server's port on 127.0.0.1
	 * @param fullMethodName {@code package.Service/Method}
	 * @param headerName the extra header
	 * @param headerValue its raw bytes, sent as they are
	 * @param request the request message
	 * @return how the server ended the stream
	 * @throws Exception when the exchange fails or takes more than ten seconds
	 */
	static Outcome unary(int port, String fullMethodName, String headerName, byte[] headerValue,
			MessageLite request) throws Exception {
		EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
		try {
			Channel connection = new Bootstrap().group(group)
				.channel(NioSocketChannel.class)
				.handler(new ChannelInitializer<Channel>() {
					@Override
					protected void initChannel(Channel channel) {
						channel.pipeline()
							.addLast(Http2FrameCodecBuilder.forClient().build(),
									new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
					}
				})
				.connect("127.0.0.1", port)
				.sync()
				.channel();
			CompletableFuture<Outcome> outcome = new CompletableFuture<>();
			Map<String, String> received = new LinkedHashMap<>();
			Http2StreamChannel stream = new Http2StreamChannelBootstrap(connection)
				.handler(new ChannelInboundHandlerAdapter() {
					@Override
					public void channelRead(ChannelHandlerContext context, Object frame) {
						try {
							if (frame instanceof Http2HeadersFrame headers) {
								headers.headers().forEach((entry) -> received.put(entry.getKey().toString(),
										entry.getValue().toString()));
								if (headers.isEndStream()) {
									outcome.complete(Outcome.closed(received));
								}
							}
							else if (frame instanceof Http2ResetFrame reset) {
								outcome.complete(new Outcome(null, null, reset.errorCode()));
							}
						}
						finally {
							ReferenceCountUtil.release(frame);
						}
					}

					@Override
					public void channelInactive(ChannelHandlerContext context) {
						outcome.completeExceptionally(new IllegalStateException("stream closed without a status"));
					}
				})
				.open()
				.sync()
				.getNow();
			Http2Headers headers = new DefaultHttp2Headers(false).method("POST")
				.scheme("http")
				.authority("127.0.0.1:" + port)
				.path("/" + fullMethodName);
			headers.add("content-type", "application/grpc");
			headers.add("te", "trailers");
			headers.add(AsciiString.of(headerName), new AsciiString(headerValue));
			stream.write(new DefaultHttp2HeadersFrame(headers, false));
			byte[] message = request.toByteArray();
			ByteBuffer framed = ByteBuffer.allocate(5 + message.length).put((byte) 0).putInt(message.length).put(message);
			stream.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(framed.array()), true));
			Outcome result = outcome.get(10, TimeUnit.SECONDS);
			connection.close().sync();
			return result;
		}
		finally {
			group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
		}
	}

	/**
	 * How the server ended the stream.
	 *
	 * @param grpcStatus the {@code grpc-status} trailer, {@code null} when the stream was
	 * reset
	 * @param grpcMessage the decoded {@code grpc-message} trailer
	 * @param resetCode the HTTP/2 error code of a reset, {@code null} otherwise
	 */
	record Outcome(Integer grpcStatus, String grpcMessage, Long resetCode) {

		static Outcome closed(Map<String, String> trailers) {
			String status = trailers.get("grpc-status");
			String message = trailers.get("grpc-message");
			return new Outcome((status != null) ? Integer.valueOf(status) : null,
					(message != null) ? URLDecoder.decode(message, StandardCharsets.UTF_8) : null, null);
		}

	}

}

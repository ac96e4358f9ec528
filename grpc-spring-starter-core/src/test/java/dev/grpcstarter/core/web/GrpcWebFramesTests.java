package dev.grpcstarter.core.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.grpc.Metadata;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class GrpcWebFramesTests {

	@Test
	void whenTheBodyHoldsWholeDataFramesThenEachIsAMessage() throws Exception {
		byte[] body = concat(GrpcWebFrames.dataFrame(new byte[] { 1, 2 }), GrpcWebFrames.dataFrame(new byte[0]));
		assertThat(GrpcWebFrames.decode(body)).containsExactly(new byte[] { 1, 2 }, new byte[0]);
	}

	@Test
	void whenAFrameIsTruncatedCompressedOrATrailerThenTheBodyIsMalformed() {
		assertThatExceptionOfType(GrpcWebFrames.MalformedFrameException.class)
			.isThrownBy(() -> GrpcWebFrames.decode(new byte[] { 0, 0, 0 }))
			.withMessage("truncated frame header: 3 of 5 bytes");
		assertThatExceptionOfType(GrpcWebFrames.MalformedFrameException.class)
			.isThrownBy(() -> GrpcWebFrames.decode(new byte[] { 0, 0, 0, 0, 9, 1 }))
			.withMessage("truncated frame: length 9, 1 bytes left");
		assertThatExceptionOfType(GrpcWebFrames.MalformedFrameException.class)
			.isThrownBy(() -> GrpcWebFrames.decode(new byte[] { 1, 0, 0, 0, 0 }))
			.withMessageContaining("compressed");
		assertThatExceptionOfType(GrpcWebFrames.MalformedFrameException.class)
			.isThrownBy(() -> GrpcWebFrames.decode(new byte[] { (byte) 0x80, 0, 0, 0, 0 }))
			.withMessage("unexpected frame flag 0x80");
	}

	@Test
	void whenTextComesAsSeveralPaddedChunksThenEachIsDecoded() throws Exception {
		String text = Base64.getEncoder().encodeToString(new byte[] { 0, 0, 0, 0, 1 })
				+ Base64.getEncoder().encodeToString(new byte[] { 7 });
		assertThat(GrpcWebFrames.decodeText(text.getBytes(StandardCharsets.US_ASCII)))
			.containsExactly(0, 0, 0, 0, 1, 7);
		assertThatExceptionOfType(GrpcWebFrames.MalformedFrameException.class)
			.isThrownBy(() -> GrpcWebFrames.decodeText("*!".getBytes(StandardCharsets.US_ASCII)));
	}

	@Test
	void whenTheCallEndsThenTheTrailerFrameHoldsStatusPercentEncodedMessageAndTrailers() {
		Metadata trailers = new Metadata();
		trailers.put(Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER), "abc12345");
		byte[] frame = GrpcWebFrames.trailerFrame(Status.NOT_FOUND.withDescription("no book 100% Grüße"), trailers);
		assertThat(frame[0] & 0xFF).isEqualTo(0x80);
		assertThat(new String(frame, 5, frame.length - 5, StandardCharsets.US_ASCII))
			.isEqualTo("grpc-status:5\r\ngrpc-message:no book 100%25 Gr%C3%BC%C3%9Fe\r\nx-request-id:abc12345\r\n");
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] all = new byte[a.length + b.length];
		System.arraycopy(a, 0, all, 0, a.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return all;
	}

}

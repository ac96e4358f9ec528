package dev.grpcstarter.it.secured;

import dev.grpcstarter.core.call.GrpcPrincipal;
import dev.grpcstarter.core.auth.PublicGrpcMethod;
import dev.grpcstarter.core.service.BaseService;
import dev.grpcstarter.test.v1.PingRequest;
import dev.grpcstarter.test.v1.Reply;
import dev.grpcstarter.test.v1.SecuredServiceGrpc;
import io.grpc.stub.StreamObserver;
import org.springframework.grpc.server.service.GrpcService;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

@GrpcService
public class SecuredGrpcService extends SecuredServiceGrpc.SecuredServiceImplBase implements BaseService {

	@Override
	@PublicGrpcMethod
	public void public_(PingRequest request, StreamObserver<Reply> responses) {
		if (request.getText().startsWith("abort:")) {
			// Lets the request-log tests choose a failure's description.
			throw abortInvalidArgument(request.getText().substring("abort:".length()));
		}
		reply(responses, "public " + currentPrincipal().map(GrpcPrincipal::name).orElse("anonymous"));
	}

	@Override
	public void whoAmI(PingRequest request, StreamObserver<Reply> responses) {
		GrpcPrincipal principal = requireUser();
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		reply(responses, principal.name() + "|" + principal.authorities().stream().sorted().toList() + "|staff="
				+ principal.staff() + "|superuser=" + principal.superuser() + "|security="
				+ ((authentication != null) ? authentication.getName() : "none"));
	}

	@Override
	@PreAuthorize("hasRole('STAFF')")
	public void staffOnly(PingRequest request, StreamObserver<Reply> responses) {
		reply(responses, "staff ok");
	}

	@Override
	@PreAuthorize("hasRole('STAFF')")
	public void staffStream(PingRequest request, StreamObserver<Reply> responses) {
		responses.onNext(Reply.newBuilder().setText("one").build());
		responses.onNext(Reply.newBuilder().setText("two").build());
		responses.onCompleted();
	}

	@Override
	@PreAuthorize("hasRole('STAFF')")
	public StreamObserver<PingRequest> staffUpload(StreamObserver<Reply> responses) {
		return new StreamObserver<>() {
			private int count;

			@Override
			public void onNext(PingRequest value) {
				this.count++;
			}

			@Override
			public void onError(Throwable error) {
			}

			@Override
			public void onCompleted() {
				reply(responses, "uploaded " + this.count);
			}
		};
	}

	@Override
	@PreAuthorize("hasRole('STAFF')")
	public StreamObserver<PingRequest> staffChat(StreamObserver<Reply> responses) {
		return new StreamObserver<>() {
			@Override
			public void onNext(PingRequest value) {
				responses.onNext(Reply.newBuilder().setText("echo " + value.getText()).build());
			}

			@Override
			public void onError(Throwable error) {
			}

			@Override
			public void onCompleted() {
				responses.onCompleted();
			}
		};
	}

	@Override
	public void helperStaff(PingRequest request, StreamObserver<Reply> responses) {
		reply(responses, "helper staff " + requireStaff().name());
	}

	@Override
	@PublicGrpcMethod
	public void sleep(PingRequest request, StreamObserver<Reply> responses) {
		try {
			Thread.sleep(Long.parseLong(request.getText()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		reply(responses, "slept");
	}

	private static void reply(StreamObserver<Reply> responses, String text) {
		responses.onNext(Reply.newBuilder().setText(text).build());
		responses.onCompleted();
	}

}

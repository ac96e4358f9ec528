package dev.grpcstarter.autoconfigure.status;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import dev.grpcstarter.core.background.BackgroundPhases;
import dev.grpcstarter.core.status.InstanceStatus;
import dev.grpcstarter.core.status.RegisteredServicesJson;
import dev.grpcstarter.core.status.ServerInstanceRecorder;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

/**
 * Drives the {@link ServerInstanceRecorder} from the application's lifecycle: STARTING just
 * before the gRPC server starts (one phase earlier), RUNNING when Spring gRPC reports the
 * server started, STOPPING when the context begins to close, STOPPED after the gRPC server
 * has stopped (one phase later), and ERROR when the application is torn down before the
 * server ever ran.
 */
final class ServerStatusLifecycle implements SmartLifecycle, DisposableBean {

	private final ServerInstanceRecorder recorder;

	private final ServerConfigSnapshot snapshot;

	private volatile boolean running;

	ServerStatusLifecycle(ServerInstanceRecorder recorder, ServerConfigSnapshot snapshot) {
		this.recorder = recorder;
		this.snapshot = snapshot;
	}

	@Override
	public void start() {
		this.recorder.starting(this.snapshot.address(), this.snapshot.configuredPort(), this.snapshot.json());
		this.running = true;
	}

	@EventListener
	@Order(0)
	void serverStarted(GrpcServerStartedEvent event) {
		// Not event.getAddress(): that is the list of listen sockets as text ("[/[0:0:0:0:0:0:0:0]:50051]").
		this.recorder.running(ServerAddressText.ofListenSockets(event.getServer().getListenSockets()), event.getPort(),
				RegisteredServicesJson.services(event.getServer().getServices()));
	}

	@EventListener
	@Order(0)
	void contextClosing(ContextClosedEvent event) {
		this.recorder.stopping();
	}

	@Override
	public void stop() {
		recordEnd();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Starts just before, and stops just after, Spring gRPC's server lifecycle. */
	@Override
	public int getPhase() {
		return BackgroundPhases.GRPC_SERVER - 1;
	}

	@Override
	public void destroy() {
		recordEnd();
		this.recorder.close();
	}

	/** Stopped after running, or failed when the server never ran (the start failed). */
	private void recordEnd() {
		if (this.recorder.status() == InstanceStatus.STARTING) {
			this.recorder.failed(diagnose());
		}
		else {
			this.recorder.stopped();
		}
	}

	/**
	 * Why the server never ran. Spring gRPC does not hand the start failure to anyone, so
	 * the common cause, a port in use, is checked directly.
	 */
	private String diagnose() {
		int port = this.snapshot.configuredPort();
		if (port > 0 && !canBind(this.snapshot.address(), port)) {
			return "gRPC server could not start: port " + port + " is already in use";
		}
		return "application failed to start before the gRPC server was serving; see the application log";
	}

	private static boolean canBind(@Nullable String address, int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind((address != null) ? new InetSocketAddress(InetAddress.getByName(address), port)
					: new InetSocketAddress(port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}

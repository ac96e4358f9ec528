package dev.grpcstarter.client;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import com.google.protobuf.Descriptors.FileDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoFileDescriptorSupplier;

/**
 * Descriptors of the services of a server in the same application, read from their
 * service definitions: no network round trip, no reflection needed.
 */
public final class LocalDescriptorSource implements DescriptorSource {

	private final Supplier<List<ServerServiceDefinition>> services;

	/**
	 * A source over the given services; asked again on every question, so it follows a
	 * server that starts later.
	 * @param services the served services
	 */
	public LocalDescriptorSource(Supplier<List<ServerServiceDefinition>> services) {
		this.services = services;
	}

	@Override
	public List<String> listServices() {
		return List.copyOf(files().keySet());
	}

	@Override
	public FileDescriptor fileOf(String serviceName) {
		Map<String, FileDescriptor> files = files();
		FileDescriptor file = files.get(serviceName);
		if (file == null) {
			throw new DynamicInvocationException(
					"unknown service " + serviceName + NameSuggestions.hint(serviceName, files.keySet()));
		}
		return file;
	}

	@Override
	public void refresh() {
		// always current
	}

	private Map<String, FileDescriptor> files() {
		Map<String, FileDescriptor> files = new TreeMap<>();
		for (ServerServiceDefinition service : this.services.get()) {
			if (service.getServiceDescriptor().getSchemaDescriptor() instanceof ProtoFileDescriptorSupplier supplier) {
				files.put(service.getServiceDescriptor().getName(), supplier.getFileDescriptor());
			}
		}
		return files;
	}

}

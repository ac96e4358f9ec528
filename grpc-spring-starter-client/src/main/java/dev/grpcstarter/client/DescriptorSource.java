package dev.grpcstarter.client;

import java.util.List;

import com.google.protobuf.Descriptors.FileDescriptor;

/**
 * Where service descriptors come from: server reflection over the network, or the service
 * definitions of a server in the same application.
 */
public interface DescriptorSource {

	/**
	 * The names of the services offered.
	 * @return the full service names, sorted
	 */
	List<String> listServices();

	/**
	 * The file defining a service, with its dependencies resolved.
	 * @param serviceName the full service name
	 * @return the file
	 * @throws DynamicInvocationException when the service is unknown
	 */
	FileDescriptor fileOf(String serviceName);

	/** Forgets what was fetched, so the next question asks again. */
	void refresh();

}

package dev.grpcstarter.core.call;

import java.security.Permission;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Assumptions;

/**
 * Records the host names the JDK resolves through DNS while a piece of code runs on the
 * current thread. On JDK 17 a resolution passes {@code SecurityManager#checkConnect(host,
 * -1)} first; later JDKs refuse to install a security manager, and the tests using this
 * are skipped there.
 */
final class DnsLookups {

	private DnsLookups() {
	}

	@SuppressWarnings("removal")
	static synchronized List<String> recordedDuring(Runnable action) {
		Thread caller = Thread.currentThread();
		List<String> lookups = new CopyOnWriteArrayList<>();
		SecurityManager previous = System.getSecurityManager();
		try {
			System.setSecurityManager(new SecurityManager() {
				@Override
				public void checkPermission(Permission permission) {
				}

				@Override
				public void checkPermission(Permission permission, Object context) {
				}

				@Override
				public void checkConnect(String host, int port) {
					if (port == -1 && Thread.currentThread() == caller) {
						lookups.add(host);
					}
				}
			});
		}
		catch (UnsupportedOperationException ex) {
			Assumptions.abort("this JDK cannot install a security manager to watch DNS lookups");
		}
		try {
			action.run();
		}
		finally {
			System.setSecurityManager(previous);
		}
		return List.copyOf(lookups);
	}

}

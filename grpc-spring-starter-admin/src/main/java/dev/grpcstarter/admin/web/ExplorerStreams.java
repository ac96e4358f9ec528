package dev.grpcstarter.admin.web;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.grpcstarter.client.RunningCall;

/**
 * The explorer's calls whose responses are being streamed to a page, by a random id the
 * page's stop button names. Only the admin user who started a call may stop it.
 */
final class ExplorerStreams {

	private final Map<String, Entry> running = new ConcurrentHashMap<>();

	/**
	 * A new id for a call about to start.
	 * @return the id
	 */
	String newId() {
		return UUID.randomUUID().toString();
	}

	void add(String id, String user, RunningCall call) {
		this.running.put(id, new Entry(user, call));
	}

	/**
	 * Cancels a running call.
	 * @param id its id
	 * @param user the admin user asking
	 * @return whether a call of this user was running under the id
	 */
	boolean cancel(String id, String user) {
		Entry entry = this.running.get(id);
		if (entry == null || !entry.user().equals(user)) {
			return false;
		}
		entry.call().cancel();
		return true;
	}

	/**
	 * Forgets a call that ended, cancelling it first in case it had not (the page went away).
	 * @param id its id
	 */
	void end(String id) {
		Entry entry = this.running.remove(id);
		if (entry != null) {
			entry.call().cancel();
		}
	}

	int size() {
		return this.running.size();
	}

	private record Entry(String user, RunningCall call) {

	}

}

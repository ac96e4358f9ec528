package dev.grpcstarter.core.apikey;

import java.util.List;

/**
 * One page of keys, newest first.
 *
 * @param keys the keys on this page
 * @param page the page number, from 0
 * @param size the page size
 * @param total the number of keys matching, on all pages
 */
public record ApiKeyPage(List<ApiKey> keys, int page, int size, long total) {

	/** @return the number of pages */
	public int totalPages() {
		return (int) ((this.total + this.size - 1) / this.size);
	}

}

package dev.grpcstarter.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * CPU time of single processes from {@code /proc/PID/stat}: the server's own cost, apart from
 * the load generator's and the database's, which run in processes of their own.
 */
final class ProcessCpu {

	/** Linux reports /proc in USER_HZ ticks, which is 100 per second on every common kernel. */
	private static final long NANOS_PER_TICK = 10_000_000L;

	private static final Path PROC = Path.of("/proc");

	private ProcessCpu() {
	}

	/**
	 * @param pid a process
	 * @return its user and system CPU time so far (all threads), in nanoseconds, or -1 where
	 * unknown
	 */
	static long of(long pid) {
		String[] fields = stat(pid);
		return (fields != null) ? (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK : -1;
	}

	/**
	 * All processes of one program together (PostgreSQL's postmaster and backends, say): the
	 * live ones' CPU time and what the first of them has collected from children that ended.
	 * @param command the command name, as in {@code ps -o comm}
	 * @return nanoseconds, or -1 where {@code /proc} is not readable
	 */
	static long named(String command) {
		if (!Files.isDirectory(PROC)) {
			return -1;
		}
		long ticks = 0;
		try (Stream<Path> entries = Files.list(PROC)) {
			for (Path entry : (Iterable<Path>) entries::iterator) {
				String name = entry.getFileName().toString();
				if (!name.chars().allMatch(Character::isDigit)) {
					continue;
				}
				String[] fields = stat(Long.parseLong(name));
				if (fields == null || !command.equals(fields[0])) {
					continue;
				}
				ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
				String[] parent = stat(Long.parseLong(fields[1]));
				if (parent == null || !command.equals(parent[0])) {
					// PostgreSQL's postmaster: backends it reaped are counted in its cutime and cstime.
					ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
				}
			}
		}
		catch (IOException ex) {
			return -1;
		}
		return ticks * NANOS_PER_TICK;
	}

	/**
	 * PIDs of the processes of one program running now.
	 * @param command the command name
	 * @return the PIDs
	 */
	static long[] pids(String command) {
		try (Stream<Path> entries = Files.list(PROC)) {
			return entries.map((entry) -> entry.getFileName().toString())
				.filter((name) -> name.chars().allMatch(Character::isDigit))
				.mapToLong(Long::parseLong)
				.filter((pid) -> {
					String[] fields = stat(pid);
					return fields != null && command.equals(fields[0]);
				})
				.toArray();
		}
		catch (IOException ex) {
			return new long[0];
		}
	}

	/**
	 * The fields of {@code /proc/PID/stat}: [0] the command name (read between the outer
	 * parentheses, as it may hold spaces), then [i] is field i + 3 of proc(5): [1] the parent
	 * PID, [11] utime, [12] stime, [13] cutime, [14] cstime.
	 */
	private static String @Nullable [] stat(long pid) {
		try {
			String line = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
			int open = line.indexOf('(');
			int close = line.lastIndexOf(')');
			String[] rest = line.substring(close + 2).trim().split("\\s+");
			String[] fields = new String[rest.length];
			fields[0] = line.substring(open + 1, close);
			System.arraycopy(rest, 1, fields, 1, rest.length - 1);
			return fields;
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

}

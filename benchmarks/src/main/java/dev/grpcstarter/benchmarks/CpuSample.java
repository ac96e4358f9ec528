package dev.grpcstarter.benchmarks;

import java.util.function.LongSupplier;

/**
 * CPU time used so far by each party of a run, in nanoseconds (-1 where unknown): the server
 * under test, the database (PostgreSQL and Redis processes), the load generator (this JVM)
 * and the whole machine. The difference of two samples is what a measured phase used.
 *
 * @param server the server JVM
 * @param database PostgreSQL and Redis together
 * @param generator this JVM: the load generator
 * @param machine all cores, busy time
 */
record CpuSample(long server, long database, long generator, long machine) {

	static CpuSample take(LongSupplier server) {
		long database = ProcessCpu.named("postgres");
		long redis = ProcessCpu.named("redis-server");
		return new CpuSample(server.getAsLong(), (database >= 0 && redis >= 0) ? database + redis : -1,
				MachineCpu.thisProcessNanos(), MachineCpu.busyNanos());
	}

	CpuSample minus(CpuSample earlier) {
		return new CpuSample(difference(this.server, earlier.server), difference(this.database, earlier.database),
				difference(this.generator, earlier.generator), difference(this.machine, earlier.machine));
	}

	private static long difference(long later, long earlier) {
		return (later >= 0 && earlier >= 0) ? later - earlier : -1;
	}

}

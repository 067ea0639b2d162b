#if canImport(Glibc)
    import Glibc
#endif

/// The simulated database: from knob settings, a workload and the hardware to throughput, latency and
/// internal metrics, through the mechanisms in `Mechanisms` and `Planner`. `docs/simulator.md` gives
/// the equations and their sources.
///
/// The system is closed: `clients` sessions run transactions back to back. A transaction's unloaded
/// time R0 is the sum of its CPU, I/O, commit, lock and spill times; under load, the response time is the
/// smooth maximum of R0 and clients x the demand on each resource (CPU; the disk, shared by data files and
/// WAL flushes), and the throughput is clients / R. Quantities that depend on the throughput (checkpoint
/// frequency, WAL volume, bloat, lock waits) are found by a few fixed-point iterations of the stages of
/// `LoadPoint`, one per mechanism.
struct ResponseModel {
    let workload: Workload
    let hardware: Hardware

    /// The noise-free outcome of one configuration.
    struct Outcome {
        var throughput = 0.0, latencyMean = 0.0, latencyP50 = 0.0, latencyP95 = 0.0, latencyP99 = 0.0
        /// 0 when calm; grows with utilization and swapping (measurements get noisier near saturation).
        var instability = 0.0
        var failure: String?
    }

    /// Fixed-point iterations of the load-dependent stages.
    static let iterations = 4

    func evaluate(_ s: Settings, metrics m: UnsafeMutableBufferPointer<Double>) -> Outcome {
        let memory = MemoryBudget(s, workload: workload, hardware: hardware, workers: parallelWorkers(s))
        m[M.memoryUsedGB] = memory.demandGB
        m[M.memoryPressure] = memory.pressure
        if let failure = memory.failure { return Outcome(failure: failure) }

        var load = LoadPoint(s, workload: workload, hardware: hardware, memory: memory)
        for _ in 0..<Self.iterations {
            load.bloat()
            load.caches()
            load.plan()
            load.checkpoints()
            load.evictions()
            load.commits()
            load.queueing()
        }
        return load.outcome(metrics: m)
    }

    /// Parallel workers a query gets: the per-Gather limit, its share of the server's pool
    /// (max_parallel_workers, within max_worker_processes less the autovacuum launcher) among the queries
    /// in a parallel phase at once (about a quarter of the clients), and no more than cores - 1.
    func parallelWorkers(_ s: Settings) -> Double {
        guard workload.parallelFraction > 0 else { return 0 }
        let pool = min(s.maxParallelWorkers, max(0, s.maxWorkerProcesses - (s.autovacuum ? 1 : 0)))
        let share = pool / max(1, workload.clients / 4)
        return max(0, min(s.workersPerGather, share, hardware.cores - 1))
    }
}

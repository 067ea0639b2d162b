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
/// WAL flushes), and the
/// throughput is clients / R. Quantities that depend on the throughput (checkpoint frequency, WAL
/// volume, bloat, lock waits) are found by a few fixed-point iterations.
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

    func evaluate(_ s: Settings, metrics m: UnsafeMutableBufferPointer<Double>) -> Outcome {
        let w = workload, hw = hardware
        var out = Outcome()

        // Memory budget: shared memory at start-up, then per-session and per-operation memory.
        let sharedGB = s.sharedBuffersGB + s.walBuffersMB / 1024 + 0.15
        let workers = parallelWorkers(s)
        let sortMemoryMB = min(s.workMemMB, w.sortMB) * min(w.sortsPerTransaction, 2)
        let hashMemoryMB = w.joins.reduce(0) { $0 + min(s.workMemMB * s.hashMemMultiplier, $1.innerMB) * min($1.perTransaction, 1) }
        let queryGB = w.clients * (1 + workers) * (sortMemoryMB + hashMemoryMB) / 1024
        let vacuumGB = s.autovacuum && w.deadRowsPerTransaction > 0 ? s.autovacuumWorkers * min(s.maintenanceWorkMemMB, 1024) / 1024 : 0
        let sessionGB = w.clients * (0.01 + w.temporaryTables * s.tempBuffersMB / 1024)
        let demandGB = sharedGB + queryGB + vacuumGB + sessionGB + 1  // 1 GB for the OS
        let pressure = demandGB / hw.ramGB
        m[M.memoryUsedGB] = demandGB; m[M.memoryPressure] = pressure
        if sharedGB > hw.ramGB - 1 {
            out.failure = "database did not start: shared memory of \(gb(sharedGB)) (shared_buffers + wal_buffers) exceeds the \(gb(hw.ramGB)) of RAM"
            return out
        }
        if pressure > Mechanisms.oomThreshold {
            out.failure = "out of memory: backends were killed by the OOM killer (memory demand \(gb(demandGB)) on \(gb(hw.ramGB)) of RAM)"
            return out
        }
        let swap = Mechanisms.swapSlowdown(pressure: pressure)
        let osCacheGB = max(0.25, hw.ramGB - demandGB)

        // Caches: shared buffers, then the OS page cache, over the (bloated) hot data.
        let hitMs = Mechanisms.bufferHitMs, osMs = Mechanisms.osCacheHitMs
        let cpuTransaction = w.cpuMs * (w.analytic && s.jit ? 0.88 : 1) * (w.analytic ? 1 + 0.01 * log10(s.statisticsTarget) : 1)
        let estimateError = 0.5 * sqrt(100 / s.statisticsTarget)
        let beliefs = Planner.Beliefs(
            randomPageCost: s.randomPageCost, seqPageCost: s.seqPageCost, cpuTupleCost: s.cpuTupleCost,
            effectiveCacheGB: s.effectiveCacheGB, estimateError: estimateError, enableSeqscan: s.enableSeqscan,
            enableBitmapscan: s.enableBitmapscan, enableHashjoin: s.enableHashjoin, enableMergejoin: s.enableMergejoin,
            enableNestloop: s.enableNestloop)
        let commitsPerTransaction = w.writingTransactions
        let dirtyPerTransaction = w.pageAccesses * w.writeFraction

        var throughput = w.clients / max(cpuTransaction, 0.01) * 1000 * 0.5  // first guess, refined below
        var bloat = 1.0, interval = s.checkpointTimeoutS, r0 = 0.0, response = 0.0
        var hitShared = 0.0, hitTotal = 0.0, diskReads = 0.0, evictionWrites = 0.0, backendWrites = 0.0, checkpointPagesPerS = 0.0
        var walKB = 0.0, fpiFraction = 0.0, groupSize = 1.0, commitMs = 0.0, lockMs = 0.0, spilledMB = 0.0, burst = 0.0
        var plans = Planner.Outcome(), cpuTotal = 0.0, diskDemand = 0.0, walDemand = 0.0, vacuumPagesPerS = 0.0
        var cpuUtilization = 0.0, diskUtilization = 0.0, walMBps = 0.0, deadFraction = 0.0

        for _ in 0..<4 {
            // Bloat: dead rows accumulate until autovacuum (scale factor, nap time, cost-limited speed) removes them.
            let deadPerS = throughput * w.deadRowsPerTransaction
            if deadPerS > 0 {
                let vacuumRowsPerS = s.autovacuum ? s.autovacuumWorkers * s.vacuumCostLimit * 50 * Planner.rowsPerPage / 20
                    * min(1, s.maintenanceWorkMemMB / 256 + 0.5) : 0
                let backlog = max(0, deadPerS - vacuumRowsPerS) * 3600 / w.liveRows  // an hour of falling behind
                let threshold = s.autovacuum ? s.vacuumScaleFactor / 2 + deadPerS * s.autovacuumNaptimeS / (2 * w.liveRows) : 0
                deadFraction = min(3, threshold + backlog + (s.autovacuum ? 0 : deadPerS * 3600 / w.liveRows))
                vacuumPagesPerS = s.autovacuum ? min(deadPerS, vacuumRowsPerS) / Planner.rowsPerPage * 2 : 0
            }
            bloat = 1 + deadFraction
            let hotGB = w.hotDataGB * bloat
            hitShared = Mechanisms.hitRatio(coverage: s.sharedBuffersGB / hotGB, skew: w.skew)
            hitTotal = Mechanisms.hitRatio(coverage: Mechanisms.cachedGB(sharedBuffersGB: s.sharedBuffersGB, osCacheGB: osCacheGB) / hotGB, skew: w.skew)
            let accesses = w.pageAccesses * bloat
            diskReads = accesses * (1 - hitTotal)

            // Scans and joins, as planned.
            let costs = Planner.Costs(
                cachedFraction: min(1, Mechanisms.cachedGB(sharedBuffersGB: s.sharedBuffersGB, osCacheGB: osCacheGB) / (w.hotDataGB * bloat)),
                randomReadMs: hw.readLatencyMs, sequentialPageMs: Mechanisms.pageKB / 1024 / hw.sequentialMBps * 1000,
                prefetchDepth: min(s.ioConcurrency + 1, hw.queueDepth), workMemMB: s.workMemMB,
                hashMemMB: s.workMemMB * s.hashMemMultiplier, sequentialMBps: hw.sequentialMBps)
            plans = Planner.Outcome()
            for scan in w.scans { Planner.scan(scan, beliefs, costs, into: &plans) }
            for join in w.joins { Planner.join(join, beliefs, costs, into: &plans) }
            let sort = Mechanisms.sortMs(needMB: w.sortMB, memoryMB: s.workMemMB, sequentialMBps: hw.sequentialMBps)
            spilledMB = plans.spilledMB + w.sortsPerTransaction * sort.spilledMB

            // Checkpoints and WAL: interval from the WAL rate; full-page images after each checkpoint.
            let modificationsPerInterval = throughput * dirtyPerTransaction * interval
            let firstTouch = Mechanisms.firstTouchFraction(
                modifications: modificationsPerInterval, hotPages: w.hotDataGB * 131_072, skew: w.skew)
            fpiFraction = s.fullPageWrites ? firstTouch : 0
            walKB = w.walKB + dirtyPerTransaction * fpiFraction * Mechanisms.pageKB * s.fullPageImageRatio
            walMBps = throughput * walKB / 1024
            interval = Mechanisms.checkpointInterval(timeoutS: s.checkpointTimeoutS, maxWalMB: s.maxWalMB,
                                                     completionTarget: s.completionTarget, walMBps: walMBps)
            let dirtyPages = min(modificationsPerInterval * firstTouch, s.sharedBuffersGB * 131_072)
            checkpointPagesPerS = dirtyPages / interval
            burst = checkpointPagesPerS / max(s.completionTarget, 0.05) / hw.iops
            // A modified page not kept in shared buffers is written when evicted: by the background writer
            // if it keeps up (bgwriter_lru_maxpages per bgwriter_delay), otherwise by the backend itself.
            evictionWrites = throughput * dirtyPerTransaction * (1 - hitShared)
            let cleanerPerS = s.bgwriterMaxPages * 1000 / s.bgwriterDelayMs * min(1, s.bgwriterMultiplier / 2)
            backendWrites = max(0, evictionWrites - cleanerPerS)

            // Commits: a flush per group of commits, unless synchronous_commit is off. WAL shares the
            // device with the data files: a flush waits behind their writes, 1 + 3 x utilization times longer.
            let commitsPerS = throughput * commitsPerTransaction
            let fsyncMs = hw.fsyncMs * (1 + 3 * diskUtilization)
            if s.synchronousCommit && commitsPerS > 0 {
                groupSize = Mechanisms.commitGroupSize(commitsPerS: commitsPerS, fsyncMs: fsyncMs, commitDelayUs: s.commitDelayUs,
                                                       siblings: s.commitSiblings, clients: w.clients)
                let delay = w.clients - 1 >= s.commitSiblings ? s.commitDelayUs / 1000 : 0
                commitMs = commitsPerTransaction * (fsyncMs * 1.5 + delay)
                walDemand = commitsPerTransaction * hw.fsyncMs / groupSize
            } else {
                // The WAL writer flushes once per wal_writer_delay, whatever the commit rate.
                groupSize = 1
                commitMs = commitsPerTransaction * 0.01
                walDemand = commitsPerS > 0 ? hw.fsyncMs * (1000 / s.walWriterDelayMs) / throughput : 0
            }
            // WAL generated between WAL-writer rounds must fit in wal_buffers, or backends write it themselves.
            let walBufferStall = max(0, walMBps * s.walWriterDelayMs / 1000 / s.walBuffersMB - 1)
            let walWriteMs = min(walBufferStall, 4) * walKB / 1024 / hw.sequentialMBps * 1000

            // CPU: transaction logic, buffer and OS-cache hits, WAL insertion and compression, planned work.
            let queryCpu = plans.ms + w.sortsPerTransaction * sort.ms
            cpuTotal = swap * (cpuTransaction + accesses * (hitShared * hitMs + (hitTotal - hitShared) * osMs)
                + walKB * 0.002 + dirtyPerTransaction * fpiFraction * s.compressionCpuMs)
            let parallel = Mechanisms.parallelSpeedup(fraction: w.parallelFraction, workers: workers)
            // Data disk: reads, evictions, checkpoint writes, vacuum, temporary files (device ms per transaction).
            let writesPerS = evictionWrites + checkpointPagesPerS + vacuumPagesPerS
            diskDemand = (diskReads + (writesPerS / max(throughput, 1e-9))) / hw.iops * 1000
                + spilledMB / hw.sequentialMBps * 1000 + walKB / 1024 / hw.sequentialMBps * 1000 + walDemand
            let readMs = diskReads * hw.readLatencyMs + backendWrites / max(throughput, 1e-9) * hw.readLatencyMs
            // Row locks are held until commit.
            let holdMs = cpuTotal + readMs + commitMs
            lockMs = Mechanisms.lockWaitMs(contention: w.lockContention, clients: w.clients, holdMs: holdMs)
            let minWalStall = max(0, walMBps * interval - s.minWalMB) / 16 * 2 / max(interval * throughput, 1e-9)

            r0 = (cpuTotal + queryCpu * swap) / parallel + workers * 1.5 * (w.parallelFraction > 0 ? 1 : 0)
                + readMs * swap + commitMs + lockMs + walWriteMs + minWalStall
            let cpuDemand = (cpuTotal + queryCpu * swap * (1 + 0.05 * workers)) / hw.cores
            response = Mechanisms.smoothMax(r0, w.clients * cpuDemand, w.clients * diskDemand)
            let next = w.clients / response * 1000
            throughput = 0.5 * throughput + 0.5 * next
            cpuUtilization = min(1, throughput * cpuDemand / 1000)
            diskUtilization = min(1, throughput * diskDemand / 1000)
        }
        throughput = w.clients / response * 1000

        // Latency distribution: the median sits below the mean; the tail grows with checkpoint bursts,
        // lock waits, spills and saturation.
        let lockShare = lockMs / response, spillShare = spilledMB / hw.sequentialMBps * 1000 / response
        let saturation = max(cpuUtilization, diskUtilization)
        out.throughput = throughput
        out.latencyMean = response
        out.latencyP50 = response * 0.82
        out.latencyP95 = response * (1.9 + 1.2 * min(burst, 3) + 2 * lockShare + 0.6 * spillShare + 0.4 * saturation)
        out.latencyP99 = response * (2.6 + 3 * min(burst, 3) + 4 * lockShare + 1.2 * spillShare + 0.8 * saturation)
        out.instability = saturation * saturation + (swap - 1)

        let accessesPerS = throughput * w.pageAccesses * bloat
        m[M.bufferHitRatio] = hitShared
        m[M.cacheHitRatio] = hitTotal
        m[M.blocksHitPerS] = accessesPerS * hitShared
        m[M.osCacheReadsPerS] = accessesPerS * (hitTotal - hitShared)
        m[M.blocksReadPerS] = throughput * diskReads
        m[M.transactionsPerS] = throughput
        m[M.commitsPerS] = throughput * commitsPerTransaction
        m[M.cpuUtilization] = cpuUtilization
        m[M.diskUtilization] = diskUtilization
        m[M.runQueue] = w.clients * (1 + workers) / hw.cores
        m[M.checkpointsPerHour] = 3600 / interval
        m[M.checkpointIntervalS] = interval
        m[M.checkpointWritesPerS] = checkpointPagesPerS
        m[M.checkpointBurst] = burst
        m[M.buffersBackendPerS] = backendWrites
        m[M.buffersCleanPerS] = evictionWrites - backendWrites
        m[M.dirtyBuffers] = checkpointPagesPerS * interval / 2
        m[M.walMBPerS] = walMBps
        m[M.walFullPageFraction] = walKB > 0 ? (walKB - w.walKB) / walKB : 0
        m[M.walFlushesPerS] = s.synchronousCommit ? throughput * commitsPerTransaction / groupSize : 1000 / s.walWriterDelayMs
        m[M.commitGroupSize] = groupSize
        m[M.tempMBPerS] = throughput * spilledMB
        m[M.sortSpillFraction] = w.sortMB > s.workMemMB ? 1 : 0
        m[M.lockWaitMs] = lockMs
        m[M.lockWaitFraction] = lockShare
        m[M.deadTupleFraction] = deadFraction
        m[M.vacuumPagesPerS] = vacuumPagesPerS
        m[M.parallelWorkersPerQuery] = workers
        m[M.sequentialScansPerS] = throughput * plans.sequentialScans
        m[M.indexScansPerS] = throughput * plans.indexScans
        m[M.misplannedMsPerTransaction] = plans.misplanned
        m[M.estimateError] = estimateError
        m[M.swapSlowdown] = swap
        m[M.asyncCommitLossWindowMs] = s.synchronousCommit ? 0 : 3 * s.walWriterDelayMs
        m[M.recoveryTimeS] = walMBps * interval * (1 + s.completionTarget) / 200
        m[M.tornPageRisk] = s.fullPageWrites ? 0 : 1
        return out
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

    /// A size for messages, e.g. "31.5 GB".
    private func gb(_ value: Double) -> String { "\((value * 10).rounded() / 10) GB" }
}

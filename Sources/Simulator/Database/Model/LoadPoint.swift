#if canImport(Glibc)
    import Glibc
#endif

/// The server under load: the quantities that depend on the throughput, and the stages that update them,
/// one per mechanism, in the order `ResponseModel` runs them in each fixed-point iteration. Each stage
/// reads what the stages before it (in this iteration or the previous one) found.
struct LoadPoint {
    let s: Settings
    let w: Workload
    let hw: Hardware
    let memory: MemoryBudget

    // What does not depend on the load.
    let cpuTransaction: Double
    let estimateError: Double
    let beliefs: Planner.Beliefs
    let commitsPerTransaction: Double
    let dirtyPerTransaction: Double

    // The load, refined by each iteration.
    var throughput: Double
    var interval: Double
    var bloatFactor = 1.0, deadFraction = 0.0, vacuumPagesPerS = 0.0
    var hitShared = 0.0, hitTotal = 0.0, accesses = 0.0, diskReads = 0.0
    var plans = Planner.Outcome(), sortMs = 0.0, spilledMB = 0.0
    var walKB = 0.0, walMBps = 0.0, fpiFraction = 0.0, checkpointPagesPerS = 0.0, burst = 0.0
    var evictionWrites = 0.0, backendWrites = 0.0
    var groupSize = 1.0, commitMs = 0.0, walDemand = 0.0, walWriteMs = 0.0
    var cpuTotal = 0.0, diskDemand = 0.0, lockMs = 0.0, r0 = 0.0, response = 0.0
    var cpuUtilization = 0.0, diskUtilization = 0.0

    init(_ s: Settings, workload w: Workload, hardware hw: Hardware, memory: MemoryBudget) {
        self.s = s
        self.w = w
        self.hw = hw
        self.memory = memory
        cpuTransaction =
            w.cpuMs * (w.analytic && s.jit ? 0.88 : 1) * (w.analytic ? 1 + 0.01 * log10(s.statisticsTarget) : 1)
        estimateError = 0.5 * sqrt(100 / s.statisticsTarget)
        beliefs = Planner.Beliefs(
            randomPageCost: s.randomPageCost, seqPageCost: s.seqPageCost, cpuTupleCost: s.cpuTupleCost,
            effectiveCacheGB: s.effectiveCacheGB, estimateError: estimateError, enableSeqscan: s.enableSeqscan,
            enableBitmapscan: s.enableBitmapscan, enableHashjoin: s.enableHashjoin, enableMergejoin: s.enableMergejoin,
            enableNestloop: s.enableNestloop)
        commitsPerTransaction = w.writingTransactions
        dirtyPerTransaction = w.pageAccesses * w.writeFraction
        throughput = w.clients / max(cpuTransaction, 0.01) * 1000 * 0.5  // first guess, refined by the iterations
        interval = s.checkpointTimeoutS
    }

    /// Bloat: dead rows accumulate until autovacuum (scale factor, nap time, cost-limited speed) removes them.
    mutating func bloat() {
        let deadPerS = throughput * w.deadRowsPerTransaction
        if deadPerS > 0 {
            let vacuumRowsPerS =
                s.autovacuum
                ? s.autovacuumWorkers * s.vacuumCostLimit * 50 * Planner.rowsPerPage / 20
                    * min(1, s.maintenanceWorkMemMB / 256 + 0.5) : 0
            let backlog = max(0, deadPerS - vacuumRowsPerS) * 3600 / w.liveRows  // an hour of falling behind
            let threshold =
                s.autovacuum ? s.vacuumScaleFactor / 2 + deadPerS * s.autovacuumNaptimeS / (2 * w.liveRows) : 0
            deadFraction = min(3, threshold + backlog + (s.autovacuum ? 0 : deadPerS * 3600 / w.liveRows))
            vacuumPagesPerS = s.autovacuum ? min(deadPerS, vacuumRowsPerS) / Planner.rowsPerPage * 2 : 0
        }
        bloatFactor = 1 + deadFraction
    }

    /// Caches: shared buffers, then the OS page cache, over the (bloated) hot data.
    mutating func caches() {
        let hotGB = w.hotDataGB * bloatFactor
        hitShared = Mechanisms.hitRatio(coverage: s.sharedBuffersGB / hotGB, skew: w.skew)
        hitTotal = Mechanisms.hitRatio(
            coverage: Mechanisms.cachedGB(sharedBuffersGB: s.sharedBuffersGB, osCacheGB: memory.osCacheGB) / hotGB,
            skew: w.skew)
        accesses = w.pageAccesses * bloatFactor
        diskReads = accesses * (1 - hitTotal)
    }

    /// Scans, joins and sorts, as the planner plans them, and what spills to temporary files.
    mutating func plan() {
        let costs = Planner.Costs(
            cachedFraction: min(
                1,
                Mechanisms.cachedGB(sharedBuffersGB: s.sharedBuffersGB, osCacheGB: memory.osCacheGB)
                    / (w.hotDataGB * bloatFactor)),
            randomReadMs: hw.readLatencyMs, sequentialPageMs: Mechanisms.pageKB / 1024 / hw.sequentialMBps * 1000,
            prefetchDepth: min(s.ioConcurrency + 1, hw.queueDepth), workMemMB: s.workMemMB,
            hashMemMB: s.workMemMB * s.hashMemMultiplier, sequentialMBps: hw.sequentialMBps)
        plans = Planner.Outcome()
        for scan in w.scans { Planner.scan(scan, beliefs, costs, into: &plans) }
        for join in w.joins { Planner.join(join, beliefs, costs, into: &plans) }
        let sort = Mechanisms.sortMs(needMB: w.sortMB, memoryMB: s.workMemMB, sequentialMBps: hw.sequentialMBps)
        sortMs = sort.ms
        spilledMB = plans.spilledMB + w.sortsPerTransaction * sort.spilledMB
    }

    /// Checkpoints and WAL: the interval from the WAL rate; full-page images after each checkpoint.
    mutating func checkpoints() {
        let modificationsPerInterval = throughput * dirtyPerTransaction * interval
        let firstTouch = Mechanisms.firstTouchFraction(
            modifications: modificationsPerInterval, hotPages: w.hotDataGB * 131_072, skew: w.skew)
        fpiFraction = s.fullPageWrites ? firstTouch : 0
        walKB = w.walKB + dirtyPerTransaction * fpiFraction * Mechanisms.pageKB * s.fullPageImageRatio
        walMBps = throughput * walKB / 1024
        interval = Mechanisms.checkpointInterval(
            timeoutS: s.checkpointTimeoutS, maxWalMB: s.maxWalMB,
            completionTarget: s.completionTarget, walMBps: walMBps)
        let dirtyPages = min(modificationsPerInterval * firstTouch, s.sharedBuffersGB * 131_072)
        checkpointPagesPerS = dirtyPages / interval
        burst = checkpointPagesPerS / max(s.completionTarget, 0.05) / hw.iops
    }

    /// A modified page not kept in shared buffers is written when evicted: by the background writer if it
    /// keeps up (bgwriter_lru_maxpages per bgwriter_delay), otherwise by the backend itself.
    mutating func evictions() {
        evictionWrites = throughput * dirtyPerTransaction * (1 - hitShared)
        let cleanerPerS = s.bgwriterMaxPages * 1000 / s.bgwriterDelayMs * min(1, s.bgwriterMultiplier / 2)
        backendWrites = max(0, evictionWrites - cleanerPerS)
    }

    /// Commits: a flush per group of commits, unless synchronous_commit is off. WAL shares the device with
    /// the data files: a flush waits behind their writes, 1 + 3 x utilization times longer.
    mutating func commits() {
        let commitsPerS = throughput * commitsPerTransaction
        let fsyncMs = hw.fsyncMs * (1 + 3 * diskUtilization)
        if s.synchronousCommit && commitsPerS > 0 {
            groupSize = Mechanisms.commitGroupSize(
                commitsPerS: commitsPerS, fsyncMs: fsyncMs, commitDelayUs: s.commitDelayUs,
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
        walWriteMs = min(walBufferStall, 4) * walKB / 1024 / hw.sequentialMBps * 1000
    }

    /// The response time: CPU (transaction logic, buffer and OS-cache hits, WAL insertion and compression,
    /// planned work), reads, commits, row locks held until commit, WAL stalls; then the demand on each
    /// resource under `clients` sessions, and the throughput the closed system reaches.
    mutating func queueing() {
        let queryCpu = plans.ms + w.sortsPerTransaction * sortMs
        cpuTotal =
            memory.swap
            * (cpuTransaction + accesses
                * (hitShared * Mechanisms.bufferHitMs + (hitTotal - hitShared) * Mechanisms.osCacheHitMs)
                + walKB * 0.002 + dirtyPerTransaction * fpiFraction * s.compressionCpuMs)
        let parallel = Mechanisms.parallelSpeedup(fraction: w.parallelFraction, workers: memory.workers)
        // Data disk: reads, evictions, checkpoint writes, vacuum, temporary files (device ms per transaction).
        let writesPerS = evictionWrites + checkpointPagesPerS + vacuumPagesPerS
        diskDemand =
            (diskReads + (writesPerS / max(throughput, 1e-9))) / hw.iops * 1000
            + spilledMB / hw.sequentialMBps * 1000 + walKB / 1024 / hw.sequentialMBps * 1000 + walDemand
        let readMs = diskReads * hw.readLatencyMs + backendWrites / max(throughput, 1e-9) * hw.readLatencyMs
        let holdMs = cpuTotal + readMs + commitMs
        lockMs = Mechanisms.lockWaitMs(contention: w.lockContention, clients: w.clients, holdMs: holdMs)
        let minWalStall = max(0, walMBps * interval - s.minWalMB) / 16 * 2 / max(interval * throughput, 1e-9)

        r0 =
            (cpuTotal + queryCpu * memory.swap) / parallel + memory.workers * 1.5 * (w.parallelFraction > 0 ? 1 : 0)
            + readMs * memory.swap + commitMs + lockMs + walWriteMs + minWalStall
        let cpuDemand = (cpuTotal + queryCpu * memory.swap * (1 + 0.05 * memory.workers)) / hw.cores
        response = Mechanisms.smoothMax(r0, w.clients * cpuDemand, w.clients * diskDemand)
        let next = w.clients / response * 1000
        throughput = 0.5 * throughput + 0.5 * next
        cpuUtilization = min(1, throughput * cpuDemand / 1000)
        diskUtilization = min(1, throughput * diskDemand / 1000)
    }
}

extension LoadPoint {
    /// The latency distribution and the internal metrics at the converged load: the median sits below the
    /// mean; the tail grows with checkpoint bursts, lock waits, spills and saturation.
    func outcome(metrics m: UnsafeMutableBufferPointer<Double>) -> ResponseModel.Outcome {
        let throughput = w.clients / response * 1000
        let lockShare = lockMs / response, spillShare = spilledMB / hw.sequentialMBps * 1000 / response
        let saturation = max(cpuUtilization, diskUtilization)
        var out = ResponseModel.Outcome()
        out.throughput = throughput
        out.latencyMean = response
        out.latencyP50 = response * 0.82
        out.latencyP95 = response * (1.9 + 1.2 * min(burst, 3) + 2 * lockShare + 0.6 * spillShare + 0.4 * saturation)
        out.latencyP99 = response * (2.6 + 3 * min(burst, 3) + 4 * lockShare + 1.2 * spillShare + 0.8 * saturation)
        out.instability = saturation * saturation + (memory.swap - 1)

        let accessesPerS = throughput * w.pageAccesses * bloatFactor
        m[M.bufferHitRatio] = hitShared
        m[M.cacheHitRatio] = hitTotal
        m[M.blocksHitPerS] = accessesPerS * hitShared
        m[M.osCacheReadsPerS] = accessesPerS * (hitTotal - hitShared)
        m[M.blocksReadPerS] = throughput * diskReads
        m[M.transactionsPerS] = throughput
        m[M.commitsPerS] = throughput * commitsPerTransaction
        m[M.cpuUtilization] = cpuUtilization
        m[M.diskUtilization] = diskUtilization
        m[M.runQueue] = w.clients * (1 + memory.workers) / hw.cores
        m[M.checkpointsPerHour] = 3600 / interval
        m[M.checkpointIntervalS] = interval
        m[M.checkpointWritesPerS] = checkpointPagesPerS
        m[M.checkpointBurst] = burst
        m[M.buffersBackendPerS] = backendWrites
        m[M.buffersCleanPerS] = evictionWrites - backendWrites
        m[M.dirtyBuffers] = checkpointPagesPerS * interval / 2
        m[M.walMBPerS] = walMBps
        m[M.walFullPageFraction] = walKB > 0 ? (walKB - w.walKB) / walKB : 0
        m[M.walFlushesPerS] =
            s.synchronousCommit ? throughput * commitsPerTransaction / groupSize : 1000 / s.walWriterDelayMs
        m[M.commitGroupSize] = groupSize
        m[M.tempMBPerS] = throughput * spilledMB
        m[M.sortSpillFraction] = w.sortMB > s.workMemMB ? 1 : 0
        m[M.lockWaitMs] = lockMs
        m[M.lockWaitFraction] = lockShare
        m[M.deadTupleFraction] = deadFraction
        m[M.vacuumPagesPerS] = vacuumPagesPerS
        m[M.parallelWorkersPerQuery] = memory.workers
        m[M.sequentialScansPerS] = throughput * plans.sequentialScans
        m[M.indexScansPerS] = throughput * plans.indexScans
        m[M.misplannedMsPerTransaction] = plans.misplanned
        m[M.estimateError] = estimateError
        m[M.swapSlowdown] = memory.swap
        m[M.asyncCommitLossWindowMs] = s.synchronousCommit ? 0 : 3 * s.walWriterDelayMs
        m[M.recoveryTimeS] = walMBps * interval * (1 + s.completionTarget) / 200
        m[M.tornPageRisk] = s.fullPageWrites ? 0 : 1
        return out
    }
}

#if canImport(Glibc)
    import Glibc
#endif

/// The documented mechanisms of the response model, one small function each, with its equation.
/// Units: GB and MB for sizes, ms for times, per-transaction quantities unless said otherwise.
enum Mechanisms {
    /// Cost of one page access, in ms: from shared buffers (a pin and a hash lookup), from the OS page
    /// cache (a system call and an 8 kB copy).
    static let bufferHitMs = 0.001
    static let osCacheHitMs = 0.006
    static let pageKB = 8.0

    /// Fraction of accesses that hit the hottest `coverage` fraction of the data, under skewed access:
    /// h(x) = x^(1 - skew) for x in [0, 1] (skew 0: uniform, h(x) = x).
    static func hitRatio(coverage: Double, skew: Double) -> Double {
        coverage >= 1 ? 1 : pow(max(coverage, 0), 1 - skew)
    }

    /// Distinct pages covered by shared buffers plus the OS page cache. The two cache the same pages
    /// in part (double buffering); we count 70% of the OS cache as holding pages not in shared buffers.
    static func cachedGB(sharedBuffersGB: Double, osCacheGB: Double) -> Double {
        sharedBuffersGB + 0.7 * osCacheGB
    }

    /// Memory pressure past which the OS swaps, and past which the OOM killer ends a backend.
    static let swapThreshold = 0.92, oomThreshold = 1.12

    /// Slowdown from swapping at memory pressure u = demand / RAM: 1 + 40 (u - 0.92)^2 past the threshold.
    static func swapSlowdown(pressure u: Double) -> Double {
        u <= swapThreshold ? 1 : 1 + 40 * (u - swapThreshold) * (u - swapThreshold)
    }

    /// Seconds between checkpoints: the timeout, or the time to write max_wal_size of WAL, whichever
    /// comes first. PostgreSQL starts a checkpoint when the WAL since the last one reaches about
    /// max_wal_size / (1 + checkpoint_completion_target).
    static func checkpointInterval(timeoutS: Double, maxWalMB: Double, completionTarget: Double, walMBps: Double)
        -> Double
    {
        min(timeoutS, maxWalMB / ((1 + completionTarget) * max(walMBps, 1e-9)))
    }

    /// Fraction of page modifications that are the first to their page since the last checkpoint (each
    /// writes a full-page image to WAL and later a page to disk). With M modifications in an interval
    /// spread over P effective pages (P shrinks with skew), the distinct pages are D = P (1 - e^(-M/P)),
    /// and the fraction is D / M.
    static func firstTouchFraction(modifications m: Double, hotPages: Double, skew: Double) -> Double {
        guard m > 0 else { return 0 }
        let p = hotPages * (1 - skew)
        return min(1, p * (1 - exp(-m / p)) / m)
    }

    /// Time of a sort needing `needMB` with `memoryMB` of work_mem: in memory, CPU only; otherwise an
    /// external merge sort writes and reads the data once per merge pass, with
    /// passes = 1 + log(need / mem) / log(fan-in), fan-in = mem / 256 kB (at least 6).
    static func sortMs(needMB: Double, memoryMB: Double, sequentialMBps: Double) -> (ms: Double, spilledMB: Double) {
        let cpu = needMB * 1.2  // about 1.2 ms of CPU per MB sorted
        guard needMB > memoryMB else { return (cpu, 0) }
        let fanIn = max(6, memoryMB * 4)
        let passes = 1 + log(needMB / memoryMB) / log(fanIn)
        let spilled = 2 * needMB * passes
        return (cpu * 1.3 + spilled / sequentialMBps * 1000, spilled)
    }

    /// Time of building and probing a hash table of `innerMB` with `memoryMB` (work_mem x
    /// hash_mem_multiplier): in memory, CPU only; otherwise both sides are split into batches written
    /// to and read back from temporary files once.
    static func hashMs(innerMB: Double, outerMB: Double, memoryMB: Double, sequentialMBps: Double) -> (
        ms: Double, spilledMB: Double
    ) {
        let cpu = (innerMB + outerMB) * 0.6
        guard innerMB > memoryMB else { return (cpu, 0) }
        let spilled = 2 * (innerMB + outerMB)
        return (cpu * 1.15 + spilled / sequentialMBps * 1000, spilled)
    }

    /// Amdahl's law with a per-worker start-up cost: speed-up = 1 / ((1 - p) + p / (1 + w)).
    static func parallelSpeedup(fraction p: Double, workers w: Double) -> Double {
        1 / ((1 - p) + p / (1 + w))
    }

    /// Average wait for row locks (ms): a transaction meets a conflicting holder with probability
    /// q = contention x (clients - 1), capped at 0.9, and then waits half the holder's lock time;
    /// conflicts chain, hence the 1 / (1 - q): wait = q h / (2 (1 - q)).
    static func lockWaitMs(contention: Double, clients: Double, holdMs: Double) -> Double {
        let q = min(0.9, contention * (clients - 1))
        return q * holdMs / (2 * (1 - q))
    }

    /// Commits that share one WAL flush (group commit): those arriving during a flush (Little's law,
    /// rate x flush time), plus those gathered by commit_delay when enough sessions are open.
    static func commitGroupSize(
        commitsPerS: Double, fsyncMs: Double, commitDelayUs: Double, siblings: Double, clients: Double
    ) -> Double {
        let delayed = clients - 1 >= siblings ? commitsPerS * commitDelayUs / 1e6 : 0
        return 1 + commitsPerS * fsyncMs / 1000 + delayed
    }

    /// A smooth maximum, (a^k + b^k + ...)^(1/k) with k = 4: the response time of a closed system is
    /// about the larger of the unloaded time and clients x the bottleneck's demand (asymptotic bounds).
    static func smoothMax(_ values: Double...) -> Double {
        var sum = 0.0
        for v in values {
            let s = v * v
            sum += s * s
        }
        return sqrt(sqrt(sum))
    }
}

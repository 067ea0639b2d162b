/// What one timed replay of a workload's `@run` section measured.
///
/// Times are wall-clock seconds from the first statement until the connection closed (closing checkpoints
/// a WAL, so that work counts); latencies are per statement (prepare, step to the end, finalize), in
/// milliseconds, from an HDR histogram with three significant digits.
public struct ReplayResult: Sendable, Equatable {
    public var wallSeconds = 0.0
    public var statements = 0
    /// Statements that ended with the connection in autocommit mode: each COMMIT, and each statement
    /// run outside an explicit transaction.
    public var transactions = 0
    public var latencyMeanMs = 0.0, latencyP50Ms = 0.0, latencyP95Ms = 0.0, latencyP99Ms = 0.0, latencyMaxMs = 0.0
    /// CPU seconds of this process during the replay.
    public var cpuUserSeconds = 0.0, cpuSystemSeconds = 0.0
    /// /proc/self/io during the replay: bytes that reached storage, bytes and calls through read/write.
    public var readBytes = 0.0, writeBytes = 0.0, readChars = 0.0, writeChars = 0.0, readCalls = 0.0, writeCalls = 0.0
    /// Share of all cores that other processes kept busy (0 to 1): a replay on a busy machine is suspect.
    public var otherLoad = 0.0
    /// `sqlite3_db_status`: page-cache hits, misses, writes and spills, and the cache's memory in bytes.
    /// Pages read through mmap bypass the cache, so these are not comparable across `mmap_size` values.
    public var cacheHits = 0.0, cacheMisses = 0.0, cacheWrites = 0.0, cacheSpills = 0.0, cacheUsedBytes = 0.0
    /// `sqlite3_stmt_status` summed over statements: full-scan steps, sorts, automatic indexes, VM steps.
    public var fullScanSteps = 0.0, sorts = 0.0, autoIndexes = 0.0, vmSteps = 0.0
    /// Stopped early by an `EarlyAbort` rule: the times and counts are then projected to the whole replay from
    /// the share of statements done (the running rate kept).
    public var aborted = false

    public init() {}

    public var statementsPerSecond: Double { wallSeconds > 0 ? Double(statements) / wallSeconds : 0 }
    public var transactionsPerSecond: Double { wallSeconds > 0 ? Double(transactions) / wallSeconds : 0 }
    public var cacheHitRatio: Double { cacheHits + cacheMisses > 0 ? cacheHits / (cacheHits + cacheMisses) : 0 }

    /// Names of `metricValues`, the internal-metric state a tuner sees.
    public static let metricNames = [
        "wall_time_s", "statements_per_s", "transactions_per_s", "latency_max_ms", "cpu_user_s", "cpu_system_s",
        "read_bytes", "write_bytes", "read_chars", "write_chars", "read_syscalls", "write_syscalls", "other_load",
        "cache_hit", "cache_miss", "cache_write", "cache_spill", "cache_used_bytes", "cache_hit_ratio",
        "fullscan_steps", "sorts", "autoindexes", "vm_steps",
    ]

    /// The metrics in `metricNames` order.
    public var metricValues: [Double] {
        [
            wallSeconds, statementsPerSecond, transactionsPerSecond, latencyMaxMs, cpuUserSeconds, cpuSystemSeconds,
            readBytes, writeBytes, readChars, writeChars, readCalls, writeCalls, otherLoad,
            cacheHits, cacheMisses, cacheWrites, cacheSpills, cacheUsedBytes, cacheHitRatio,
            fullScanSteps, sorts, autoIndexes, vmSteps,
        ]
    }
}

/// Why a replay did not complete: SQLite failed under the configuration, or the replay ran past its timeout.
public struct ReplayFailure: Error, CustomStringConvertible, Equatable {
    public let reason: String
    public var description: String { reason }
}

/// When a timed replay is hopeless (manifest key `early_abort`): once a quarter of its statements are done,
/// its projection to the whole replay (the running rate kept) is compared with bounds taken from the run's
/// incumbent, and a replay past them stops, recorded as aborted with its projected figures.
public struct EarlyAbort: Sendable, Equatable {
    /// The share of the replay's statements after which it may be stopped.
    public var after = 0.25
    /// Stop when the projected wall time exceeds this (seconds)...
    public var maxWallSeconds: Double?
    /// ... or the running throughput falls below this (transactions per second).
    public var minTransactionsPerSecond: Double?

    public init(maxWallSeconds: Double? = nil, minTransactionsPerSecond: Double? = nil) {
        self.maxWallSeconds = maxWallSeconds
        self.minTransactionsPerSecond = minTransactionsPerSecond
    }

    /// True when a replay `done` statements of `total` into it, `elapsed` seconds and `transactions` in, is
    /// hopeless.
    func hopeless(done: Int, total: Int, elapsed: Double, transactions: Int) -> Bool {
        guard total > 0, Double(done) >= after * Double(total), elapsed > 0 else { return false }
        if let maxWallSeconds, elapsed * Double(total) / Double(done) > maxWallSeconds { return true }
        if let minTransactionsPerSecond, Double(transactions) / elapsed < minTransactionsPerSecond { return true }
        return false
    }
}

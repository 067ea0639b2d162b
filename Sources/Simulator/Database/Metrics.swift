/// The internal metrics of the simulated database, in the order of `Measurement.metrics`: the
/// counterparts of pg_stat_database, pg_stat_bgwriter, pg_stat_wal and the OS counters that CDBTune
/// and OtterTune feed their models, derived from the model's intermediate quantities.
enum M {
    static let names = [
        "buffer_hit_ratio", "cache_hit_ratio", "blocks_hit_per_s", "os_cache_reads_per_s", "blocks_read_per_s",
        "transactions_per_s", "commits_per_s", "cpu_utilization", "disk_utilization", "run_queue",
        "checkpoints_per_hour", "checkpoint_interval_s", "checkpoint_writes_per_s", "checkpoint_burst",
        "buffers_backend_per_s", "buffers_clean_per_s", "dirty_buffers", "wal_mb_per_s", "wal_full_page_fraction",
        "wal_flushes_per_s", "commit_group_size", "temp_mb_per_s", "sort_spill_fraction", "lock_wait_ms",
        "lock_wait_fraction", "dead_tuple_fraction", "vacuum_pages_per_s", "parallel_workers_per_query",
        "sequential_scans_per_s", "index_scans_per_s", "misplanned_ms_per_transaction", "estimate_error",
        "swap_slowdown", "async_commit_loss_window_ms", "recovery_time_s", "torn_page_risk", "memory_used_gb",
        "memory_pressure",
    ]
    static let bufferHitRatio = 0, cacheHitRatio = 1, blocksHitPerS = 2, osCacheReadsPerS = 3, blocksReadPerS = 4
    static let transactionsPerS = 5, commitsPerS = 6, cpuUtilization = 7, diskUtilization = 8, runQueue = 9
    static let checkpointsPerHour = 10, checkpointIntervalS = 11, checkpointWritesPerS = 12, checkpointBurst = 13
    static let buffersBackendPerS = 14, buffersCleanPerS = 15, dirtyBuffers = 16, walMBPerS = 17
    static let walFullPageFraction = 18, walFlushesPerS = 19, commitGroupSize = 20, tempMBPerS = 21
    static let sortSpillFraction = 22, lockWaitMs = 23, lockWaitFraction = 24, deadTupleFraction = 25
    static let vacuumPagesPerS = 26, parallelWorkersPerQuery = 27, sequentialScansPerS = 28, indexScansPerS = 29
    static let misplannedMsPerTransaction = 30, estimateError = 31, swapSlowdown = 32, asyncCommitLossWindowMs = 33
    static let recoveryTimeS = 34, tornPageRisk = 35, memoryUsedGB = 36, memoryPressure = 37

    /// Metrics that are shares of a whole (hit ratios, utilizations, fractions): noise must not push
    /// them out of [0, 1].
    static let ratios = [
        bufferHitRatio, cacheHitRatio, cpuUtilization, diskUtilization, walFullPageFraction,
        sortSpillFraction, lockWaitFraction, tornPageRisk,
    ]
}

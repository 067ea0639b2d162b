/// The knob values the response model reads, in the units it computes with (GB, MB, ms, s).
///
/// Built from a full configuration of `PostgresKnobs.all`; special values are resolved as PostgreSQL
/// resolves them (wal_buffers = -1 is 1/32 of shared_buffers between 64 kB and 16 MB; an
/// autovacuum_vacuum_cost_limit of -1 is vacuum_cost_limit, 200).
struct Settings {
    var sharedBuffersGB = 0.0, workMemMB = 0.0, synchronousCommit = true, maxWalMB = 0.0, effectiveCacheGB = 0.0
    var randomPageCost = 0.0, checkpointTimeoutS = 0.0, workersPerGather = 0.0, completionTarget = 0.0,
        commitDelayUs = 0.0
    var walBuffersMB = 0.0, ioConcurrency = 0.0, maintenanceWorkMemMB = 0.0, bgwriterMaxPages = 0.0,
        statisticsTarget = 0.0
    /// Bytes of a full-page image after compression, relative to uncompressed, and CPU ms per compressed page.
    var fullPageImageRatio = 1.0, compressionCpuMs = 0.0
    var maxWorkerProcesses = 0.0, tempBuffersMB = 0.0, enableNestloop = true, seqPageCost = 0.0, vacuumScaleFactor = 0.0
    var bgwriterDelayMs = 0.0, walWriterDelayMs = 0.0, commitSiblings = 0.0, maxParallelWorkers = 0.0,
        fullPageWrites = true
    var enableHashjoin = true, minWalMB = 0.0, autovacuumWorkers = 0.0, autovacuumNaptimeS = 0.0, jit = true
    var bgwriterMultiplier = 0.0, cpuTupleCost = 0.0, enableMergejoin = true, enableSeqscan = true, autovacuum = true
    var enableBitmapscan = true, vacuumCostLimit = 0.0, hashMemMultiplier = 0.0

    /// Compression of full-page images (off, pglz, lz4, zstd): size ratio and CPU ms per 8 kB page.
    static let compression: [(ratio: Double, cpuMs: Double)] = [(1, 0), (0.45, 0.025), (0.5, 0.004), (0.38, 0.012)]

    /// Reads the numeric view of a full configuration: numbers as they are, booleans 0/1, categories as indexes.
    init(_ v: UnsafeBufferPointer<Double>) {
        let pageGB = 8.0 / 1_048_576, pageMB = 8.0 / 1024
        sharedBuffersGB = v[0] * pageGB
        workMemMB = v[1] / 1024
        synchronousCommit = v[2] != 0  // off is choice 0; local, remote_* and on all wait
        maxWalMB = v[3]
        effectiveCacheGB = v[4] * pageGB
        randomPageCost = v[5]
        checkpointTimeoutS = v[6]
        workersPerGather = v[7]
        completionTarget = v[8]
        commitDelayUs = v[9]
        walBuffersMB = v[10] < 0 ? min(max(v[0] * pageMB / 32, 0.0625), 16) : v[10] * pageMB
        ioConcurrency = v[11]
        maintenanceWorkMemMB = v[12] / 1024
        bgwriterMaxPages = v[13]
        statisticsTarget = v[14]
        (fullPageImageRatio, compressionCpuMs) = Self.compression[Int(v[15])]
        maxWorkerProcesses = v[16]
        tempBuffersMB = v[17] * pageMB
        enableNestloop = v[18] != 0
        seqPageCost = v[19]
        vacuumScaleFactor = v[20]
        bgwriterDelayMs = v[21]
        walWriterDelayMs = v[22]
        commitSiblings = v[23]
        maxParallelWorkers = v[24]
        fullPageWrites = v[25] != 0
        enableHashjoin = v[26] != 0
        minWalMB = v[27]
        autovacuumWorkers = v[28]
        autovacuumNaptimeS = v[29]
        jit = v[30] != 0
        bgwriterMultiplier = v[31]
        cpuTupleCost = v[32]
        enableMergejoin = v[33] != 0
        enableSeqscan = v[34] != 0
        autovacuum = v[35] != 0
        enableBitmapscan = v[36] != 0
        vacuumCostLimit = v[37] < 0 ? 200 : v[37]
        hashMemMultiplier = v[38]
    }
}

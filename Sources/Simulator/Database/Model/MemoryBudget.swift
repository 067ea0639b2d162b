/// The memory a configuration asks for: shared memory at start-up, then per-session and per-operation
/// memory under load. Too much shared memory and the server does not start; too much demand and the
/// OOM killer ends backends; close to the limit, swapping slows everything.
struct MemoryBudget {
    let sharedGB: Double
    let workers: Double
    let demandGB: Double
    let pressure: Double
    let swap: Double
    /// The RAM left to the OS page cache.
    let osCacheGB: Double
    /// Why the configuration fails, if it does.
    let failure: String?

    init(_ s: Settings, workload w: Workload, hardware hw: Hardware, workers: Double) {
        sharedGB = s.sharedBuffersGB + s.walBuffersMB / 1024 + 0.15
        self.workers = workers
        let sortMemoryMB = min(s.workMemMB, w.sortMB) * min(w.sortsPerTransaction, 2)
        let hashMemoryMB = w.joins.reduce(0) {
            $0 + min(s.workMemMB * s.hashMemMultiplier, $1.innerMB) * min($1.perTransaction, 1)
        }
        let queryGB = w.clients * (1 + workers) * (sortMemoryMB + hashMemoryMB) / 1024
        let vacuumGB =
            s.autovacuum && w.deadRowsPerTransaction > 0
            ? s.autovacuumWorkers * min(s.maintenanceWorkMemMB, 1024) / 1024 : 0
        let sessionGB = w.clients * (0.01 + w.temporaryTables * s.tempBuffersMB / 1024)
        demandGB = sharedGB + queryGB + vacuumGB + sessionGB + 1  // 1 GB for the OS
        pressure = demandGB / hw.ramGB
        if sharedGB > hw.ramGB - 1 {
            failure =
                "database did not start: shared memory of \(Self.gb(sharedGB)) (shared_buffers + wal_buffers) "
                + "exceeds the \(Self.gb(hw.ramGB)) of RAM"
        } else if pressure > Mechanisms.oomThreshold {
            failure =
                "out of memory: backends were killed by the OOM killer (memory demand \(Self.gb(demandGB)) on "
                + "\(Self.gb(hw.ramGB)) of RAM)"
        } else {
            failure = nil
        }
        swap = Mechanisms.swapSlowdown(pressure: pressure)
        osCacheGB = max(0.25, hw.ramGB - demandGB)
    }

    /// A size for messages, e.g. "31.5 GB".
    private static func gb(_ value: Double) -> String { "\((value * 10).rounded() / 10) GB" }
}

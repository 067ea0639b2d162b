/// What a simulated database is asked to do: the shape of one transaction (or query) and the load.
///
/// Every workload uses the same model; the parameters decide which mechanisms matter. Quantities are
/// per transaction unless named otherwise.
public struct Workload: Sendable, Equatable {
    /// A class of table scans the planner must choose a plan for (sequential, or index/bitmap).
    public struct Scan: Sendable, Equatable {
        /// Scans of this class per transaction.
        public let perTransaction: Double
        /// Table size in GB.
        public let tableGB: Double
        /// Fraction of the table's rows the scan returns.
        public let selectivity: Double
    }

    /// A class of joins the planner must choose a method for (hash, merge or nested loop).
    public struct Join: Sendable, Equatable {
        public let perTransaction: Double
        /// Rows of the outer (probe) and inner (build) sides.
        public let outerRows: Double
        public let innerRows: Double
        /// Size of the inner side in MB (the hash table a hash join builds).
        public let innerMB: Double
    }

    public let name: String
    public let summary: String
    /// Concurrent client sessions (a closed system without think time).
    public let clients: Double
    /// Size of the data that is accessed, in GB, and the skew of the accesses: the hottest fraction x of
    /// it receives a fraction x^(1 - skew) of the accesses (0: uniform).
    public let hotDataGB: Double
    public let skew: Double
    /// Pages read through indexes (point reads and short ranges) per transaction.
    public let pageAccesses: Double
    /// Fraction of those page accesses that modify the page.
    public let writeFraction: Double
    /// CPU time of the transaction's logic with everything cached, in ms.
    public let cpuMs: Double
    /// WAL records per transaction in kB (full-page images come on top).
    public let walKB: Double
    /// Fraction of transactions that write and so wait for their commit record to be flushed.
    public let writingTransactions: Double
    /// Row versions made dead per transaction (updates and deletes), and live rows in the written tables.
    public let deadRowsPerTransaction: Double
    public let liveRows: Double
    /// Probability that two concurrent transactions want the same row lock.
    public let lockContention: Double
    /// Sorts per transaction and the memory each needs, in MB.
    public let sortsPerTransaction: Double
    public let sortMB: Double
    public let scans: [Scan]
    public let joins: [Join]
    /// Fraction of the query's work that parallel workers can share (Amdahl's p).
    public let parallelFraction: Double
    /// Fraction of sessions that use temporary tables.
    public let temporaryTables: Double
    /// True for long analytic queries (JIT and statistics detail matter).
    public let analytic: Bool

    /// The workload profiles manifests can name (`workload:` key).
    public static let profiles: [Workload] = [
        Workload(
            name: "oltp-read",
            summary: "YCSB-B-like: 95% point reads, 5% updates, 64 clients, skewed 24 GB working set",
            clients: 64, hotDataGB: 24, skew: 0.55, pageAccesses: 12, writeFraction: 0.02, cpuMs: 0.12, walKB: 0.15,
            writingTransactions: 0.05, deadRowsPerTransaction: 0.05, liveRows: 100e6, lockContention: 0.00002,
            sortsPerTransaction: 0.02, sortMB: 0.5,
            scans: [Scan(perTransaction: 0.02, tableGB: 8, selectivity: 0.00001)], joins: [],
            parallelFraction: 0, temporaryTables: 0, analytic: false),
        Workload(
            name: "oltp-write", summary: "TPC-C-like: new orders and payments, 32 clients, hot warehouse rows",
            clients: 32, hotDataGB: 10, skew: 0.7, pageAccesses: 45, writeFraction: 0.3, cpuMs: 0.9, walKB: 5,
            writingTransactions: 0.92, deadRowsPerTransaction: 10, liveRows: 150e6, lockContention: 0.0006,
            sortsPerTransaction: 0.1, sortMB: 3, scans: [Scan(perTransaction: 0.04, tableGB: 2, selectivity: 0.00002)],
            joins: [Join(perTransaction: 0.04, outerRows: 200, innerRows: 1e6, innerMB: 60)],
            parallelFraction: 0, temporaryTables: 0, analytic: false),
        Workload(
            name: "olap", summary: "TPC-H-like: 2 streams of scans, large joins, sorts and aggregates over 20 GB",
            clients: 2, hotDataGB: 20, skew: 0.2, pageAccesses: 200, writeFraction: 0, cpuMs: 400, walKB: 0,
            writingTransactions: 0, deadRowsPerTransaction: 0, liveRows: 120e6, lockContention: 0,
            sortsPerTransaction: 2, sortMB: 350,
            scans: [
                Scan(perTransaction: 1, tableGB: 7, selectivity: 0.3),
                Scan(perTransaction: 1, tableGB: 1.7, selectivity: 0.02),
                Scan(perTransaction: 2, tableGB: 0.3, selectivity: 0.001),
            ],
            joins: [
                Join(perTransaction: 1, outerRows: 6e6, innerRows: 1.5e6, innerMB: 400),
                Join(perTransaction: 1, outerRows: 2e4, innerRows: 2e7, innerMB: 1500),
            ],
            parallelFraction: 0.85, temporaryTables: 0, analytic: true),
        Workload(
            name: "mixed",
            summary: "HTAP: 32 clients of TPC-C-like transactions with a small share of reporting queries",
            clients: 32, hotDataGB: 14, skew: 0.6, pageAccesses: 40, writeFraction: 0.2, cpuMs: 2.5, walKB: 3.5,
            writingTransactions: 0.7, deadRowsPerTransaction: 6, liveRows: 150e6, lockContention: 0.0004,
            sortsPerTransaction: 0.02, sortMB: 60,
            scans: [
                Scan(perTransaction: 0.002, tableGB: 4, selectivity: 0.25),
                Scan(perTransaction: 0.004, tableGB: 2, selectivity: 0.01),
            ], joins: [Join(perTransaction: 0.002, outerRows: 2e6, innerRows: 5e5, innerMB: 150)],
            parallelFraction: 0.3, temporaryTables: 0.1, analytic: false),
        // pgbench's built-in transaction, as the postgres environment runs it (docs/simulator.md, "The simulator
        // against the real server"): per transaction an UPDATE and a SELECT of a random account, UPDATEs of
        // one of 100 tellers and one of 10 branches, an INSERT into the history; the rates are the real server's
        // own counters at the defaults (about 6.6 WAL records and 0.44 ms of server CPU per transaction).
        Workload(
            name: "tpcb",
            summary: "pgbench tpcb-like at scale 10: 3 updates, a select and an insert, 4 clients, 150 MB",
            clients: 4, hotDataGB: 0.16, skew: 0, pageAccesses: 14, writeFraction: 0.3, cpuMs: 0.45, walKB: 0.65,
            writingTransactions: 1, deadRowsPerTransaction: 3, liveRows: 1e6, lockContention: 0.1,
            sortsPerTransaction: 0, sortMB: 0, scans: [], joins: [],
            parallelFraction: 0, temporaryTables: 0, analytic: false),
    ]

    public static func named(_ name: String) -> Workload? { profiles.first { $0.name == name } }
}

import ArgumentParser
import SQLiteReplayer

/// How each configuration of a real database is measured: shared by `replay`, `calibrate` and `try`. Left
/// out, each takes the environment's default (SQLite: 1 warm-up replay and 3 timed ones; PostgreSQL:
/// 2 seconds of warm-up and 1 timed run).
struct MeasurementOptions: ParsableArguments {
    @Option(help: "Untimed replays before the timed ones (SQLite), or seconds of untimed pgbench (PostgreSQL).")
    var warmup: Int?
    @Option(help: "Timed replays or pgbench runs per configuration (their median is reported).")
    var repetitions: Int?
    @Option(help: "Seconds after which a replay or a pgbench run is stopped.") var timeout: Double?
    @Option(help: "Seconds after which building the database (SQLite's @setup, PostgreSQL's cluster) is stopped.")
    var setupTimeout: Double?

    func validate() throws {
        if let warmup, !(0...3600).contains(warmup) { throw fail("--warmup must be 0 to 3600, got \(warmup)") }
        if let repetitions, !(1...50).contains(repetitions) {
            throw fail("--repetitions must be 1 to 50, got \(repetitions)")
        }
        if let timeout, timeout <= 0 { throw fail("--timeout must be a positive number of seconds") }
        if let setupTimeout, setupTimeout <= 0 { throw fail("--setup-timeout must be a positive number of seconds") }
    }

    /// The SQLite environment's options these set.
    func apply(to options: inout SQLiteEnvironment.Options) throws {
        if let warmup {
            guard warmup <= 10 else { throw fail("--warmup for SQLite is 0 to 10 replays, got \(warmup)") }
            options.warmup = warmup
        }
        options.repetitions = repetitions ?? options.repetitions
        options.timeout = timeout ?? options.timeout
        options.setupTimeout = setupTimeout ?? options.setupTimeout
    }

    /// The manifest keys these set, for an environment built from parameters (`try`, `calibrate` on PostgreSQL).
    var parameters: [String: String] {
        [
            "warmup": warmup.map(String.init), "repetitions": repetitions.map(String.init),
            "timeout": timeout.map { String($0) }, "setup_timeout": setupTimeout.map { String($0) },
        ].compactMapValues { $0 }
    }
}

/// The load pgbench puts on a PostgreSQL server (`satune try postgres`, `satune calibrate --environment postgres`).
struct PgbenchOptions: ParsableArguments {
    @Option(help: "PostgreSQL: pgbench's scale factor (100,000 accounts each; default 10).") var scale: Int?
    @Option(help: "PostgreSQL: concurrent client sessions (default 4).") var clients: Int?
    @Option(help: "PostgreSQL: pgbench threads (default 2).") var threads: Int?
    @Option(help: "PostgreSQL: seconds of each timed pgbench run (default 10).") var duration: Int?
    @Option(help: "PostgreSQL: transactions per client of each timed run, instead of a duration.")
    var transactions: Int?

    /// The manifest keys these set.
    var parameters: [String: String] {
        [
            "scale": scale.map(String.init), "clients": clients.map(String.init), "threads": threads.map(String.init),
            "duration": duration.map(String.init), "transactions": transactions.map(String.init),
        ].compactMapValues { $0 }
    }
}

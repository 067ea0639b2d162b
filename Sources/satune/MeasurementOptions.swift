import ArgumentParser
import SQLiteReplayer

/// How each configuration of a real database is measured: shared by `replay`, `calibrate` and `try`. Left
/// out, each takes the environment's default (SQLite: 1 warm-up replay and 3 timed ones; PostgreSQL:
/// 2 seconds of warm-up and 1 timed run).
struct MeasurementOptions: ParsableArguments {
    @Option(
        parsing: .unconditional,
        help: "Untimed replays before the timed ones (SQLite), or seconds of untimed pgbench (PostgreSQL).")
    var warmup: Int?
    @Option(
        parsing: .unconditional, help: "Timed replays or pgbench runs per configuration (their median is reported).")
    var repetitions: Int?
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Seconds after which a replay (SQLite) or a pgbench run (PostgreSQL) is stopped; building the database "
                + "is limited by --setup-timeout instead (default 600)."))
    var timeout: Double?
    @Option(
        parsing: .unconditional,
        help: "Seconds after which building the database (SQLite's @setup, PostgreSQL's cluster) is stopped.")
    var setupTimeout: Double?

    func validate() throws {
        if let warmup, !(0...3600).contains(warmup) { throw fail("--warmup must be 0 to 3600, got \(warmup)") }
        if let repetitions, !(1...50).contains(repetitions) {
            throw fail("--repetitions must be 1 to 50, got \(repetitions)")
        }
        for (flag, value) in [("--timeout", timeout), ("--setup-timeout", setupTimeout)] {
            if let value, !(value.isFinite && value > 0) {
                throw fail("\(flag) must be a finite, positive number of seconds, got \(value)\(Self.scope(flag))")
            }
        }
    }

    /// The SQLite environment's options these set, each checked against the range the manifest accepts.
    func apply(to options: inout SQLiteEnvironment.Options) throws {
        typealias Options = SQLiteEnvironment.Options
        if let warmup {
            let range = Options.warmupRange
            guard range.contains(warmup) else {
                throw fail("--warmup for SQLite is \(range.lowerBound) to \(range.upperBound) replays, got \(warmup)")
            }
            options.warmup = warmup
        }
        options.repetitions = repetitions ?? options.repetitions
        options.timeout = try Self.seconds("--timeout", timeout, in: Options.timeoutRange) ?? options.timeout
        options.setupTimeout =
            try Self.seconds("--setup-timeout", setupTimeout, in: Options.setupTimeoutRange) ?? options.setupTimeout
    }

    private static func seconds(_ flag: String, _ value: Double?, in range: ClosedRange<Double>) throws -> Double? {
        guard let value else { return nil }
        guard range.contains(value) else {
            throw fail(
                "\(flag) for SQLite is \(range.lowerBound) to \(Int(range.upperBound)) seconds, got \(value)"
                    + scope(flag))
        }
        return value
    }

    /// What each time limit covers, for its errors: `--timeout` does not limit building the database.
    private static func scope(_ flag: String) -> String {
        flag == "--timeout"
            ? " (it limits each replay or pgbench run; building the database from @setup is limited by "
                + "--setup-timeout, 600 s by default)" : " (it limits building the database from @setup)"
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
    @Option(parsing: .unconditional, help: "PostgreSQL: pgbench's scale factor (100,000 accounts each; default 10).")
    var scale: Int?
    @Option(parsing: .unconditional, help: "PostgreSQL: concurrent client sessions (default 4).") var clients: Int?
    @Option(parsing: .unconditional, help: "PostgreSQL: pgbench threads (default 2).") var threads: Int?
    @Option(parsing: .unconditional, help: "PostgreSQL: seconds of each timed pgbench run (default 10).") var duration:
        Int?
    @Option(
        parsing: .unconditional, help: "PostgreSQL: transactions per client of each timed run, instead of a duration.")
    var transactions: Int?

    /// The manifest keys these set.
    var parameters: [String: String] {
        [
            "scale": scale.map(String.init), "clients": clients.map(String.init), "threads": threads.map(String.init),
            "duration": duration.map(String.init), "transactions": transactions.map(String.init),
        ].compactMapValues { $0 }
    }
}

import ArgumentParser
import SQLiteReplayer

/// How each configuration of a real SQLite database is measured: shared by `replay` and `calibrate`.
struct MeasurementOptions: ParsableArguments {
    @Option(help: "Untimed replays before the timed ones.") var warmup = 1
    @Option(help: "Timed replays per configuration (their median is reported).") var repetitions = 3
    @Option(help: "Seconds after which a replay is stopped.") var timeout = 60.0
    @Option(help: "Seconds after which building the database from @setup is stopped.") var setupTimeout = Replayer
        .defaultSetupTimeout

    func validate() throws {
        guard (0...10).contains(warmup) else { throw fail("--warmup must be 0 to 10, got \(warmup)") }
        guard (1...50).contains(repetitions) else { throw fail("--repetitions must be 1 to 50, got \(repetitions)") }
        guard timeout > 0, setupTimeout > 0 else {
            throw fail("--timeout and --setup-timeout must be positive numbers of seconds")
        }
    }

    /// The environment options these set.
    func apply(to options: inout SQLiteEnvironment.Options) {
        options.warmup = warmup
        options.repetitions = repetitions
        options.timeout = timeout
        options.setupTimeout = setupTimeout
    }
}

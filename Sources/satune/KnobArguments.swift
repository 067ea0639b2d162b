import ArgumentParser
import Foundation
import SQLiteReplayer

/// `--knob name=value` settings: each split at its first `=`; a knob given twice is an error, not a
/// silent override.
func knobAssignments(_ settings: [String]) throws -> [(name: String, value: String)] {
    var seen: Set<String> = []
    return try settings.map { setting in
        guard let eq = setting.firstIndex(of: "="), eq != setting.startIndex else {
            throw fail("--knob \(setting): expected name=value, e.g. --knob shared_buffers=4GB")
        }
        let name = String(setting[..<eq])
        guard seen.insert(name).inserted else { throw fail("--knob \(name) is given twice; give each knob once") }
        return (name, String(setting[setting.index(after: eq)...]))
    }
}

/// How each configuration of a real SQLite database is measured: shared by `replay` and `calibrate`.
struct MeasurementOptions: ParsableArguments {
    @Option(help: "Untimed replays before the timed ones.") var warmup = 1
    @Option(help: "Timed replays per configuration (their median is reported).") var repetitions = 3
    @Option(help: "Seconds after which a replay is stopped.") var timeout = 60.0
    @Option(help: "Seconds after which building the database from @setup is stopped.") var setupTimeout = Replayer.defaultSetupTimeout

    func validate() throws {
        guard (0...10).contains(warmup) else { throw fail("--warmup must be 0 to 10, got \(warmup)") }
        guard (1...50).contains(repetitions) else { throw fail("--repetitions must be 1 to 50, got \(repetitions)") }
        guard timeout > 0, setupTimeout > 0 else { throw fail("--timeout and --setup-timeout must be positive numbers of seconds") }
    }

    /// The environment options these set.
    func apply(to options: inout SQLiteEnvironment.Options) {
        options.warmup = warmup
        options.repetitions = repetitions
        options.timeout = timeout
        options.setupTimeout = setupTimeout
    }
}

/// The workload file an argument names (a path, or a built-in name), or a one-line error.
func workloadPath(_ argument: String) throws -> String {
    guard let path = SQLiteWorkloads.resolve(argument) else {
        throw fail("no workload file \(argument) (a .sql file, or one of \(SQLiteWorkloads.builtIn.joined(separator: ", ")))")
    }
    return path
}

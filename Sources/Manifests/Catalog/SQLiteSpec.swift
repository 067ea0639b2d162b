import Foundation
import Results
import SQLiteReplayer
import TuningKit

/// Manifest type `sqlite`: a real SQLite database replaying a workload file (see `SQLiteEnvironment`).
struct SQLiteSpec: EnvironmentSpec {
    static let typeName = "sqlite"
    static let summary =
        "a real SQLite database replaying a workload file; 13 PRAGMA knobs, SQLite's own counters as metrics"
    static var parameterHelp: [String] {
        [
            "workload: a workload file (required), or the name of a built-in one: "
                + SQLiteWorkloads.builtIn.joined(separator: " | ")
        ] + parameters.help(SQLiteEnvironment.Options())
    }

    /// The keys after `workload`, in the order they are read.
    static var parameters: [Parameter<SQLiteEnvironment.Options>] {
        typealias Options = SQLiteEnvironment.Options
        return [
            .custom(
                "knobs", "the knobs to tune",
                values: "a list of " + SQLiteKnobs.space.names.joined(separator: ", ") + " (default all)"
            ) {
                reader, options in
                options.knobs = reader.strings("knobs")
                do { _ = try SQLiteKnobs.space(knobs: options.knobs, safeOnly: false) } catch {
                    reader.report("knobs", "\(error)")
                }
            },
            .boolean(
                "safe_only", \.safeOnly,
                "leave out values that give up crash safety (synchronous=OFF, journal_mode=OFF or MEMORY)"),
            .integer("warmup", \.warmup, in: Options.warmupRange, "untimed replays before each measurement"),
            .integer(
                "repetitions", \.repetitions, in: Options.repetitionsRange,
                "timed replays per configuration, whose median is reported"),
            .real(
                "timeout", \.timeout, in: Options.timeoutRange,
                "seconds after which a replay is stopped and the trial fails"),
            .real(
                "setup_timeout", \.setupTimeout, in: Options.setupTimeoutRange,
                "seconds after which building the database from @setup is stopped"),
            .real(
                "max_other_load", \.maxOtherLoad, in: 0...1,
                "share of all cores other processes may use during a timed replay before it is repeated"),
            .integer("busy_retries", \.busyRetries, in: 0...20, "replays an evaluation may spend repeating busy ones"),
            .boolean(
                "early_abort", \.earlyAbort,
                "stop a timed replay once a quarter of it is done and its projection is worse than half the "
                    + "incumbent's (recorded as aborted; not for latency_p99)"
            ).addedLater(legacy: "false"),
            .choice(
                "objective", \.target, "what is optimized (wall_time in seconds, latency_p99 in ms, throughput in tx/s)"
            ),
        ]
    }

    static var knobSpace: KnobSpace? { SQLiteKnobs.space }
    static let timingSensitive = true

    let workload: String
    let options: SQLiteEnvironment.Options

    init(_ parameters: inout ParameterReader) {
        let given = parameters.string("workload") ?? ""
        let resolved = SQLiteWorkloads.resolve(given)
        workload = resolved ?? given
        if !given.isEmpty, resolved == nil {
            parameters.report(
                "workload",
                "no workload file \(given) (a path to a .sql file, or one of "
                    + "\(SQLiteWorkloads.builtIn.joined(separator: ", "))\(Files.lookedFor(given)))"
            )
        }
        if let resolved, let data = FileManager.default.contents(atPath: resolved) {
            parameters.resolve("workload_hash", String(fnv1a(data), radix: 16))
        }
        var script: WorkloadScript?
        if let resolved {
            do { script = try WorkloadScript(path: resolved) } catch { parameters.report("workload", "\(error)") }
        }
        var options = SQLiteEnvironment.Options()
        Self.parameters.read(into: &options, from: &parameters)
        self.options = options
        if let script { Self.checkPragmas(script, options: options, &parameters) }
    }

    /// A workload that sets a tuned knob itself: an error for a knob the manifest lists, else a warning
    /// that the knob is left out (as `SQLiteEnvironment` does when it opens the workload).
    private static func checkPragmas(
        _ script: WorkloadScript, options: SQLiteEnvironment.Options, _ parameters: inout ParameterReader
    ) {
        let tuned = Set(options.knobs ?? SQLiteKnobs.space.names)
        for conflict in SQLiteKnobs.setByWorkload(script) where tuned.contains(conflict.knob) {
            let what =
                "\(script.path):\(conflict.line): the workload sets PRAGMA \(conflict.knob) itself, which would "
                + "override the tuned value"
            if options.knobs != nil {
                parameters.report("knobs", what + "; remove the statement or leave \(conflict.knob) out of the knobs")
            } else {
                parameters.warn("workload", what + ", so \(conflict.knob) is left out of the tuned knobs")
            }
        }
    }

    var defaultLabel: String {
        var label = "sqlite-" + URL(fileURLWithPath: workload).deletingPathExtension().lastPathComponent
        if let knobs = options.knobs { label += "-k\(knobs.count)" }
        if options.safeOnly { label += "-safe" }
        if options.target != .wallTime { label += "-\(options.target.rawValue)" }
        return label
    }

    func make(seed: UInt64) throws -> any Environment {
        try SQLiteEnvironment(workload: workload, options: options)
    }
}

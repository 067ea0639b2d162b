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
                + SQLiteWorkloads.builtIn.joined(separator: " | "),
            "knobs: a list of knob names (default all): " + SQLiteKnobs.space.names.joined(separator: ", "),
            "safe_only: true leaves out values that give up crash safety (synchronous=OFF, journal_mode=OFF/MEMORY) "
                + "(default false)",
            "warmup: untimed replays before each measurement, 0..10 (default 1)",
            "repetitions: timed replays per configuration, whose median is reported, 1..50 (default 3)",
            "timeout: seconds after which a replay is stopped and the trial fails (default 60)",
            "setup_timeout: seconds after which building the database from @setup is stopped (default "
                + "\(Int(Replayer.defaultSetupTimeout)))",
            "max_other_load: share of all cores other processes may use during a timed replay before it is repeated "
                + "(default 0.25)",
            "busy_retries: replays an evaluation may spend repeating busy ones (default 3)",
            "objective: " + SQLiteEnvironment.Target.allCases.map(\.rawValue).joined(separator: " | ")
                + " (default wall_time, seconds)",
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
        options.knobs = parameters.strings("knobs")
        do { _ = try SQLiteKnobs.space(knobs: options.knobs, safeOnly: false) } catch {
            parameters.report("knobs", "\(error)")
        }
        options.safeOnly = parameters.boolean("safe_only", default: false)
        typealias Options = SQLiteEnvironment.Options
        options.warmup = parameters.integer("warmup", default: 1, range: Options.warmupRange) ?? 1
        options.repetitions = parameters.integer("repetitions", default: 3, range: Options.repetitionsRange) ?? 3
        options.timeout = parameters.real("timeout", default: 60, range: Options.timeoutRange)
        options.setupTimeout = parameters.real(
            "setup_timeout", default: Replayer.defaultSetupTimeout, range: Options.setupTimeoutRange)
        options.maxOtherLoad = parameters.real("max_other_load", default: 0.25, range: 0...1)
        options.busyRetries = parameters.integer("busy_retries", default: 3, range: 0...20) ?? 3
        options.target = parameters.choice("objective", default: SQLiteEnvironment.Target.wallTime)
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

import CSQLite3
import Foundation
import TuningKit

/// Replays a workload on a real SQLite database under a configuration and measures it.
///
/// Each replay: the pristine database for the configuration's build knobs (built once from `@setup`
/// under `setupTimeout`, cached), a fresh copy of it in the scratch folder, a new connection with the
/// run-time knobs applied by PRAGMA and read back, then the `@run` statements in order (each prepared,
/// stepped to the end and finalized, as the `sqlite3` shell does) under `timeout`, and the copy
/// removed. Workload SQL always runs in a `Sandbox`: it can touch its own copy and nothing else.
/// Opening the replayer runs the workload once on the defaults (under `timeout` too), so every broken
/// statement is reported with its file and line before any tuning starts.
public final class Replayer {
    public let script: WorkloadScript
    public let store: PristineStore
    /// Seconds after which a replay is stopped (via `sqlite3_progress_handler`) and recorded as failed.
    public let timeout: Double
    /// Seconds after which building the pristine database from `@setup` is stopped.
    public let setupTimeout: Double
    /// The `@run` statements, as SQLite's parser split them during the validating replay.
    let spans: [WorkloadScript.Span]
    /// What the validating replay found suspicious but not wrong (e.g. a transaction left open).
    public let warnings: [String]
    /// Set by `interrupt()`: the replay in progress, and every later one, stops at its next progress check.
    let interruption = Interruption()

    public static let defaultSetupTimeout = 600.0
    /// Where a long build of the pristine database says how far it has come.
    let progress: (@Sendable (String) -> Void)?

    /// `progress` hears how far a build of the pristine database that takes over a second has come.
    public init(
        workload path: String, store: PristineStore = PristineStore(), timeout: Double = 60,
        setupTimeout: Double = Replayer.defaultSetupTimeout, progress: (@Sendable (String) -> Void)? = nil
    ) throws {
        script = try WorkloadScript(path: path)
        self.progress = progress
        self.store = store
        self.timeout = timeout
        self.setupTimeout = setupTimeout
        let defaults = SQLiteKnobs.completed(SQLiteKnobs.space.defaultConfiguration, of: SQLiteKnobs.space)
        let (script, interruption) = (self.script, self.interruption)
        let validation = try Self.validated.value(for: "\(store.folder.path)|\(path)|\(script.contentHash)|\(timeout)")
        {
            let trial = TrialDatabase(
                script: script, store: store, setupTimeout: setupTimeout, interruption: interruption,
                progress: progress)
            return try trial.run(values: defaults) { connection in
                let sandbox = Sandbox()
                sandbox.install(on: connection)
                let watchdog = Watchdog(.replay(seconds: timeout, validating: true), interruption: interruption)
                let spans = try script.execute(script.run, on: connection, sandbox: sandbox, watchdog: watchdog)
                let open = sqlite3_get_autocommit(connection.handle) == 0
                return Validation(
                    spans: spans,
                    warnings: open
                        ? [
                            "\(script.path): the '-- @run' section ends inside a transaction (a BEGIN without its "
                                + "COMMIT): "
                                + "its changes are rolled back when the connection closes, and the time of writing "
                                + "them is not measured"
                        ] : [])
            }
        }
        spans = validation.spans
        warnings = validation.warnings
    }

    /// What the validating replay found, kept per workload and process.
    struct Validation {
        let spans: [WorkloadScript.Span]
        let warnings: [String]
    }

    /// Stops the replay in progress (from any thread) and every later one: they fail with
    /// `Measurement.interruptedReason`. For Ctrl-C: the trial in flight is abandoned, not recorded.
    public func interrupt() { interruption.request() }

    /// Number of statements one replay runs.
    public var statementCount: Int { spans.count }

    /// Where a trial's database lives: a flushed file copy (what tuning measures), or an in-memory image of
    /// the pristine file (`sqlite3_deserialize`), which the overhead benchmark uses so that disk noise does
    /// not hide the replayer's own per-statement cost.
    public enum Medium: Sendable { case file, memory }

    /// One timed replay under knob `values` (every SQLite knob; see `SQLiteKnobs.completed`). The knobs
    /// `tuned` (default: all) are read back after the last statement too: one that the workload changed on the
    /// way fails the trial, since the replay did not measure the configuration it would be recorded under.
    public func replay(
        _ values: [String: KnobValue], verifying tuned: Set<String>? = nil, on medium: Medium = .file,
        abort: EarlyAbort? = nil
    ) -> Result<ReplayResult, ReplayFailure> {
        let verified = (tuned ?? Set(values.keys)).intersection(TrialDatabase.readable(values, on: medium))
        do {
            return try trialDatabase.run(values: values, on: medium) { connection in
                let sandbox = Sandbox()
                sandbox.install(on: connection)
                return try timedReplay(on: connection, values: values, verifying: verified, abort: abort)
            }
        } catch let failure as ReplayFailure {
            return .failure(failure)
        } catch {
            return .failure(ReplayFailure(reason: "\(error)"))
        }
    }

    /// The `@run` statements, as SQLite's parser split them, each with its line end trimmed.
    public var statements: [String] {
        spans.map { span in
            String(decoding: (span.start..<span.end).map { UInt8(bitPattern: script.text[$0]) }, as: UTF8.self)
        }
    }

    /// Runs `body` on the SQLite handle of a fresh, configured copy of the pristine database for `values`
    /// (the knobs applied and read back, no sandbox, no timing), and removes the copy afterwards: for code
    /// that replays statements itself, such as the overhead benchmark's bare loop.
    public func withConfiguredCopy<T>(
        _ values: [String: KnobValue], on medium: Medium = .file, _ body: (OpaquePointer) throws -> T
    ) throws -> T {
        try trialDatabase.run(values: values, on: medium) { connection in
            guard let handle = connection.handle else {
                throw SQLiteError(code: SQLITE_MISUSE, message: "connection closed")
            }
            return try body(handle)
        }
    }

    var trialDatabase: TrialDatabase {
        TrialDatabase(
            script: script, store: store, setupTimeout: setupTimeout, interruption: interruption, progress: progress)
    }

    /// Validations of workloads in this process, so each environment instance of a run does not replay
    /// the workload again to check it.
    private static let validated = ProcessCache<Validation>()
}

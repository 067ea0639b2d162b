import CSQLite3
import Foundation
import Histogram
import Synchronization
import TuningKit

/// Replays a workload on a real SQLite database under a configuration and measures it.
///
/// Each replay: the pristine database for the configuration's build knobs (built once, cached), a fresh
/// copy of it in the scratch folder, a new connection with the run-time knobs applied by PRAGMA, then the
/// `@run` statements in order (each prepared, stepped to the end and finalized, as the `sqlite3` shell
/// does) under a timeout, and the copy removed. Opening the replayer runs the workload once on the
/// defaults, so a broken statement is reported with its file and line before any tuning starts.
public final class Replayer {
    public let script: WorkloadScript
    public let store: PristineStore
    /// Seconds after which a replay is stopped (via `sqlite3_progress_handler`) and recorded as failed.
    public let timeout: Double
    /// The `@run` statements, as SQLite's parser split them during the validating replay.
    let spans: [WorkloadScript.Span]
    /// Set by `interrupt()`: the replay in progress, and every later one, stops at its next progress check.
    private let interruption = Interruption()

    public init(workload path: String, store: PristineStore = PristineStore(), timeout: Double = 60) throws {
        script = try WorkloadScript(path: path)
        self.store = store
        self.timeout = timeout
        let defaults = SQLiteKnobs.completed(SQLiteKnobs.space.defaultConfiguration, of: SQLiteKnobs.space)
        let script = self.script
        spans = try Self.validated.value(for: "\(store.folder.path)|\(path)|\(script.contentHash)") {
            try Self.withTrialDatabase(script: script, store: store, values: defaults) { connection in
                try script.execute(script.run, on: connection)
            }
        }
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

    /// One timed replay under knob `values` (every SQLite knob; see `SQLiteKnobs.completed`).
    public func replay(_ values: [String: KnobValue], on medium: Medium = .file) -> Result<ReplayResult, ReplayFailure> {
        do {
            return try Self.withTrialDatabase(script: script, store: store, values: values, on: medium) { connection in
                try timedReplay(on: connection)
            }
        } catch let failure as ReplayFailure {
            return .failure(failure)
        } catch {
            return .failure(ReplayFailure(reason: "\(error)"))
        }
    }

    /// The reference the replayer's overhead is measured against: the same statements under the same
    /// knobs, prepared, stepped and finalized in a bare loop with nothing measured. Returns wall seconds.
    public func plainLoop(_ values: [String: KnobValue], on medium: Medium = .file) throws -> Double {
        try Self.withTrialDatabase(script: script, store: store, values: values, on: medium) { connection in
            let base = UnsafePointer(script.text.baseAddress!)
            let started = monotonicNanoseconds()
            for span in spans {
                var statement: OpaquePointer?
                sqlite3_prepare_v2(connection.handle, base + span.start, Int32(span.end - span.start), &statement, nil)
                while sqlite3_step(statement) == SQLITE_ROW {}
                sqlite3_finalize(statement)
            }
            connection.close()
            return Double(monotonicNanoseconds() - started) * 1e-9
        }
    }

    // MARK: The timed loop

    private func timedReplay(on connection: Connection) throws -> Result<ReplayResult, ReplayFailure> {
        guard let db = connection.handle else { return .failure(ReplayFailure(reason: "connection closed")) }
        let deadline = Deadline(after: timeout, interruption: interruption)
        sqlite3_progress_handler(db, 1000, { context in
            Unmanaged<Deadline>.fromOpaque(context!).takeUnretainedValue().check()
        }, Unmanaged.passUnretained(deadline).toOpaque())

        var histogram = Histogram<UInt64>(highestTrackableValue: 3_600_000_000_000, numberOfSignificantValueDigits: .three)
        var result = ReplayResult()
        let base = UnsafePointer(script.text.baseAddress!)
        let countersBefore = ProcessCounters.now()
        let started = monotonicNanoseconds()
        for span in spans {
            let statementStarted = monotonicNanoseconds()
            var statement: OpaquePointer?
            var rc = sqlite3_prepare_v2(db, base + span.start, Int32(span.end - span.start), &statement, nil)
            if rc == SQLITE_OK {
                repeat { rc = sqlite3_step(statement) } while rc == SQLITE_ROW
                result.fullScanSteps += Double(sqlite3_stmt_status(statement, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0))
                result.sorts += Double(sqlite3_stmt_status(statement, SQLITE_STMTSTATUS_SORT, 0))
                result.autoIndexes += Double(sqlite3_stmt_status(statement, SQLITE_STMTSTATUS_AUTOINDEX, 0))
                result.vmSteps += Double(sqlite3_stmt_status(statement, SQLITE_STMTSTATUS_VM_STEP, 0))
            }
            guard rc == SQLITE_DONE else {
                let message = connection.errorMessage
                sqlite3_finalize(statement)
                if interruption.requested { return .failure(ReplayFailure(reason: Measurement.interruptedReason)) }
                if deadline.fired { return .failure(ReplayFailure(reason: "timed out after \(timeout) s")) }
                return .failure(ReplayFailure(reason: "SQLite error at \(script.path):\(script.line(at: span.start)): \(message)"))
            }
            sqlite3_finalize(statement)
            _ = histogram.record(monotonicNanoseconds() - statementStarted)
            result.statements += 1
            if sqlite3_get_autocommit(db) != 0 { result.transactions += 1 }
        }
        result.cacheHits = Double(connection.status(SQLITE_DBSTATUS_CACHE_HIT))
        result.cacheMisses = Double(connection.status(SQLITE_DBSTATUS_CACHE_MISS))
        result.cacheWrites = Double(connection.status(SQLITE_DBSTATUS_CACHE_WRITE))
        result.cacheSpills = Double(connection.status(SQLITE_DBSTATUS_CACHE_SPILL))
        result.cacheUsedBytes = Double(connection.status(SQLITE_DBSTATUS_CACHE_USED))
        connection.close()
        result.wallSeconds = Double(monotonicNanoseconds() - started) * 1e-9
        let counters = ProcessCounters.now().since(countersBefore)

        result.latencyMeanMs = histogram.mean * 1e-6
        result.latencyP50Ms = Double(histogram.valueAtPercentile(50)) * 1e-6
        result.latencyP95Ms = Double(histogram.valueAtPercentile(95)) * 1e-6
        result.latencyP99Ms = Double(histogram.valueAtPercentile(99)) * 1e-6
        result.latencyMaxMs = Double(histogram.max) * 1e-6
        result.cpuUserSeconds = counters.userSeconds
        result.cpuSystemSeconds = counters.systemSeconds
        result.readBytes = counters.readBytes
        result.writeBytes = counters.writeBytes
        result.readChars = counters.readChars
        result.writeChars = counters.writeChars
        result.readCalls = counters.readCalls
        result.writeCalls = counters.writeCalls
        result.otherLoad = counters.otherLoad(wallSeconds: result.wallSeconds)
        return .success(result)
    }

    // MARK: Trial databases

    /// Runs `body` on a connection to a fresh copy of the pristine database (a file or an in-memory image)
    /// with the knobs applied, and removes the copy afterwards, whatever happens.
    private static func withTrialDatabase<T>(
        script: WorkloadScript, store: PristineStore, values: [String: KnobValue], on medium: Medium = .file,
        _ body: (Connection) throws -> T
    ) throws -> T {
        let pristine = try store.database(for: script, values: values)
        switch medium {
        case .file:
            let copy = try store.copy(pristine)
            defer { PristineStore.remove(copy) }
            return try configured(Connection(path: copy.path), values, body)
        case .memory:
            return try configured(Connection(image: Data(contentsOf: pristine)), values, body)
        }
    }

    /// Applies the run-time knobs to a fresh connection, runs `body` on it, and closes it.
    private static func configured<T>(_ connection: Connection, _ values: [String: KnobValue], _ body: (Connection) throws -> T) throws -> T {
        defer { connection.close() }
        for pragma in SQLiteKnobs.pragmas(values) {
            let answer = try connection.execute(pragma)
            if pragma.hasPrefix("PRAGMA journal_mode"), let wanted = values["journal_mode"]?.description,
               answer?.uppercased() != wanted.uppercased() {
                throw ReplayFailure(reason: "journal_mode=\(wanted) did not take effect (SQLite kept \(answer ?? "nothing"))")
            }
        }
        return try body(connection)
    }

    /// Statement spans of workloads validated in this process, so each environment instance of a run
    /// does not replay the workload again to check it.
    private static let validated = Memo<[WorkloadScript.Span]>()
}

/// The timeout of one replay, checked by SQLite's progress handler every 1000 virtual-machine steps,
/// together with the replayer's interruption.
private final class Deadline {
    private let limit: UInt64
    private let interruption: Interruption
    private(set) var fired = false

    init(after seconds: Double, interruption: Interruption) {
        limit = monotonicNanoseconds() + UInt64(max(seconds, 0) * 1e9)
        self.interruption = interruption
    }

    /// Nonzero (interrupt the statement) once the deadline has passed or an interruption was requested.
    func check() -> Int32 {
        if monotonicNanoseconds() > limit || interruption.requested { fired = true }
        return fired ? 1 : 0
    }
}

/// A flag one thread sets and a replaying thread reads.
final class Interruption: Sendable {
    private let flag = Atomic<Bool>(false)
    func request() { flag.store(true, ordering: .relaxed) }
    var requested: Bool { flag.load(ordering: .relaxed) }
}

/// A process-wide, thread-safe cache of values computed once per key.
final class Memo<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Value] = [:]

    func value(for key: String, compute: () throws -> Value) throws -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let value = values[key] { return value }
        let value = try compute()
        values[key] = value
        return value
    }
}

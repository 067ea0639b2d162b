import CSQLite3
import Histogram
import TuningKit

extension Replayer {
    /// One timed replay of the `@run` statements on a configured connection: each statement prepared,
    /// stepped to the end and finalized, its latency recorded in an HDR histogram, under the replay time
    /// limit; then SQLite's counters, the process's CPU and I/O, and the other processes' load. The knobs
    /// `verifying` are read back at the end (untimed): one not in force any more fails the replay.
    func timedReplay(
        on connection: Connection, values: [String: KnobValue], verifying: Set<String>, abort: EarlyAbort? = nil
    ) throws -> Result<ReplayResult, ReplayFailure> {
        guard let db = connection.handle else { return .failure(ReplayFailure(reason: "connection closed")) }
        let watchdog = Watchdog(.replay(seconds: timeout, validating: false), interruption: interruption)
        watchdog.watch(connection)

        var histogram = Histogram<UInt64>(
            highestTrackableValue: 3_600_000_000_000, numberOfSignificantValueDigits: .three)
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
                let at = "\(script.path):\(script.line(at: span.start))"
                if watchdog.interrupted { return .failure(ReplayFailure(reason: Measurement.interruptedReason)) }
                if watchdog.fired { return .failure(ReplayFailure(reason: "\(at): \(watchdog.explanation)")) }
                return .failure(ReplayFailure(reason: "SQLite error at \(at): \(message)"))
            }
            sqlite3_finalize(statement)
            let now = monotonicNanoseconds()
            _ = histogram.record(now - statementStarted)
            result.statements += 1
            if sqlite3_get_autocommit(db) != 0 { result.transactions += 1 }
            if let abort,
                abort.hopeless(
                    done: result.statements, total: spans.count, elapsed: Double(now - started) * 1e-9,
                    transactions: result.transactions)
            {
                result.aborted = true
                break
            }
        }
        let checkStarted = monotonicNanoseconds()
        watchdog.stop(connection)
        if let (name, wanted, answer) = try TrialDatabase.firstNotInForce(values, verifying, on: connection) {
            return .failure(
                ReplayFailure(
                    reason:
                        "\(name)=\(wanted) was not in force at the end of the replay: SQLite reads back \(answer) (the "
                        + "workload changed it)"))
        }
        let checkNanoseconds = monotonicNanoseconds() - checkStarted
        result.cacheHits = Double(connection.status(SQLITE_DBSTATUS_CACHE_HIT))
        result.cacheMisses = Double(connection.status(SQLITE_DBSTATUS_CACHE_MISS))
        result.cacheWrites = Double(connection.status(SQLITE_DBSTATUS_CACHE_WRITE))
        result.cacheSpills = Double(connection.status(SQLITE_DBSTATUS_CACHE_SPILL))
        result.cacheUsedBytes = Double(connection.status(SQLITE_DBSTATUS_CACHE_USED))
        connection.close()
        result.wallSeconds = Double(monotonicNanoseconds() - started - checkNanoseconds) * 1e-9
        if result.aborted {  // projected to the whole replay, the running rate kept
            let share = Double(result.statements) / Double(spans.count)
            result.wallSeconds /= share
            result.transactions = Int((Double(result.transactions) / share).rounded())
            result.statements = spans.count
        }
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

}

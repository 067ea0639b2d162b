import Foundation
import TuningKit
import XCTest

@testable import SQLiteReplayer

final class ReplayerTests: XCTestCase {
    private func values(_ assignments: [(String, String)] = []) throws -> [String: KnobValue] {
        let space = SQLiteKnobs.space
        return SQLiteKnobs.completed(try space.configuration(assigning: assignments), of: space)
    }

    func testTheReplayCountsStatementsTransactionsAndSQLiteCounters() throws {
        let scratch = WorkloadScratch()
        let replayer = try Replayer(workload: scratch.workload(trickyWorkload), store: scratch.store)
        let result = try replayer.replay(values()).get()
        XCTAssertEqual(result.statements, 5)
        XCTAssertEqual(result.transactions, 3, "COMMIT and the two autocommit SELECTs end transactions")
        XCTAssertGreaterThan(result.wallSeconds, 0)
        XCTAssertGreaterThan(result.vmSteps, 700, "the UPDATE visits every row")
        XCTAssertGreaterThan(result.fullScanSteps, 0)
        XCTAssertGreaterThan(result.cacheHits + result.cacheMisses, 0)
        XCTAssertLessThanOrEqual(result.latencyP50Ms, result.latencyP99Ms)
        XCTAssertLessThanOrEqual(result.latencyP99Ms, result.latencyMaxMs * 1.001)
        XCTAssertEqual(result.metricValues.count, ReplayResult.metricNames.count)
    }

    func testAnInMemoryImageReplaysTheSameStatements() throws {
        let scratch = WorkloadScratch()
        let replayer = try Replayer(workload: scratch.workload(trickyWorkload), store: scratch.store)
        let inMemory = try values([("journal_mode", "MEMORY")])
        let result = try replayer.replay(inMemory, on: .memory).get()
        XCTAssertEqual(result.statements, 5)
        XCTAssertEqual(result.transactions, 3)
        XCTAssertEqual(try replayer.withConfiguredCopy(inMemory, on: .memory) { _ in replayer.statements.count }, 5)
        guard case .failure(let failure) = replayer.replay(try values([("journal_mode", "WAL")]), on: .memory) else {
            return XCTFail("an in-memory database cannot use a write-ahead log")
        }
        XCTAssertTrue(failure.reason.contains("journal_mode=WAL did not take effect"), failure.reason)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch.store.scratch.path), [])
    }

    func testThePristineDatabaseIsNeverModifiedByATrial() throws {
        let scratch = WorkloadScratch()
        let replayer = try Replayer(workload: scratch.workload(trickyWorkload), store: scratch.store)
        let pristine = try scratch.store.database(for: replayer.script, values: values())
        let before = try Data(contentsOf: pristine)
        for assignments in [[], [("journal_mode", "WAL")], [("journal_mode", "OFF"), ("synchronous", "OFF")]] {
            _ = try replayer.replay(values(assignments)).get()
        }
        XCTAssertEqual(try Data(contentsOf: pristine), before)
        let permissions = try FileManager.default.attributesOfItem(atPath: pristine.path)[.posixPermissions] as? Int
        XCTAssertEqual(permissions, 0o444, "pristine files are read-only")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.store.scratch.path)
        XCTAssertEqual(leftovers, [], "trial copies are removed")
    }

    func testCopiesLeftByADeadProcessAreRemoved() throws {
        let scratch = WorkloadScratch()
        let store = scratch.store
        try FileManager.default.createDirectory(at: store.scratch, withIntermediateDirectories: true)
        let orphan = store.scratch.appendingPathComponent("trial-999999999-3.db-journal")  // no such process
        let ours = store.scratch.appendingPathComponent("trial-\(getpid())-3.db")
        for file in [orphan, ours] { try Data("x".utf8).write(to: file) }
        _ = PristineStore(root: store.folder.deletingLastPathComponent())
        XCTAssertFalse(FileManager.default.fileExists(atPath: orphan.path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: ours.path), "a live process's copy stays")
    }

    func testBuildKnobsGetTheirOwnPristineDatabase() throws {
        let scratch = WorkloadScratch()
        let replayer = try Replayer(workload: scratch.workload(trickyWorkload), store: scratch.store)
        let small = try scratch.store.database(
            for: replayer.script, values: values([("page_size", "1024"), ("auto_vacuum", "FULL")]))
        let usual = try scratch.store.database(for: replayer.script, values: values())
        XCTAssertNotEqual(small, usual)
        let connection = try Connection(path: small.path)
        XCTAssertEqual(try connection.execute("PRAGMA page_size"), "1024")
        XCTAssertEqual(try connection.execute("PRAGMA auto_vacuum"), "1")
        XCTAssertEqual(try Connection(path: usual.path).execute("PRAGMA page_size"), "4096")
        _ = try replayer.replay(values([("page_size", "1024")])).get()
        XCTAssertEqual(scratch.store.contents().files, 3)  // 4096 + NONE, 1024 + FULL, 1024 + NONE
        try scratch.store.clear()
        XCTAssertEqual(scratch.store.contents().files, 0)
    }

    func testATimeoutIsARecordedFailureNotAnError() throws {
        let scratch = WorkloadScratch()
        // Counts to 10 on the defaults (so the workload validates) and to 10^9 in WAL mode.
        let workload = """
            -- @run
            WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c
              WHERE x < (SELECT CASE journal_mode WHEN 'wal' THEN 1000000000 ELSE 10 END FROM pragma_journal_mode))
            SELECT sum(x) FROM c;
            """
        var options = SQLiteEnvironment.Options()
        options.warmup = 0
        options.repetitions = 1
        options.timeout = 0.2
        let env = try SQLiteEnvironment(workload: scratch.workload(workload), options: options, store: scratch.store)
        let started = ContinuousClock.now
        let measurement = try env.evaluate(env.space.configuration(assigning: [("journal_mode", "WAL")]), trial: 0)
        XCTAssertTrue(
            measurement.failureReason?.hasSuffix(
                "w.sql:2: timed out: the replay time limit (timeout 0.2 s) stopped this statement") ?? false,
            measurement.failureReason ?? "")
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(5))
        XCTAssertFalse(
            try env.evaluate(env.defaultConfiguration, trial: 0).failed, "the replayer goes on after a timeout")
    }

    func testAConfigurationThatMakesSQLiteFailIsARecordedFailure() throws {
        let scratch = WorkloadScratch()
        // Malformed JSON raises an error at run time, but only when the journal is in WAL mode.
        let workload = """
            -- @setup
            CREATE TABLE t(x);
            -- @run
            SELECT CASE WHEN (SELECT journal_mode FROM pragma_journal_mode) = 'wal' THEN json('{not json') ELSE 1 END;
            SELECT 2;
            """
        var options = SQLiteEnvironment.Options()
        options.warmup = 0
        options.repetitions = 2
        let env = try SQLiteEnvironment(workload: scratch.workload(workload), options: options, store: scratch.store)
        let failed = try env.evaluate(env.space.configuration(assigning: [("journal_mode", "WAL")]), trial: 0)
        XCTAssertTrue(failed.failed)
        XCTAssertTrue(failed.failureReason?.contains("w.sql:4: malformed JSON") ?? false, failed.failureReason ?? "")
        let fine = try env.evaluate(env.defaultConfiguration, trial: 0)
        XCTAssertFalse(fine.failed)
        XCTAssertEqual(fine.metrics.count, env.metricNames.count)
        XCTAssertEqual(env.objective.name, "wall_time")
    }

    func testReplaysOnABusyMachineAreRepeatedWithinALimit() throws {
        let scratch = WorkloadScratch()
        var options = SQLiteEnvironment.Options()
        options.warmup = 1
        options.repetitions = 2
        options.maxOtherLoad = -1  // every replay counts as busy
        options.busyRetries = 3
        let env = try SQLiteEnvironment(
            workload: scratch.workload(trickyWorkload), options: options, store: scratch.store)
        let measurement = try env.evaluate(env.defaultConfiguration, trial: 0)
        XCTAssertFalse(measurement.failed)
        XCTAssertEqual(measurement.metrics[env.metricNames.firstIndex(of: "busy_replays")!], 3)
        XCTAssertGreaterThanOrEqual(measurement.metrics[env.metricNames.firstIndex(of: "other_load")!], 0)
    }

    func testTheMeasurementIsTheMedianOfTheTimedReplays() {
        var runs = [ReplayResult(), ReplayResult(), ReplayResult()]
        for (i, wall) in [3.0, 1.0, 2.0].enumerated() {
            runs[i].wallSeconds = wall
            runs[i].transactions = 60
            runs[i].latencyP99Ms = wall * 10
        }
        let m = SQLiteEnvironment.summarize(runs, target: .wallTime)
        XCTAssertEqual(m.objective, 2.0)
        XCTAssertEqual(m.throughput, 30.0)  // median of 20, 60, 30 tx/s
        XCTAssertEqual(m.metrics.last!, 0.5, accuracy: 1e-12)  // CV: sd 1 / mean 2 (busy_replays is added by evaluate)
        XCTAssertEqual(SQLiteEnvironment.summarize(runs, target: .latencyP99).objective, 20.0)
        XCTAssertEqual(SQLiteEnvironment.summarize(runs, target: .throughput).objective, 30.0)
    }
}

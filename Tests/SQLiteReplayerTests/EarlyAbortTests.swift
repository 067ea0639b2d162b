import Foundation
import TuningKit
import XCTest

@testable import SQLiteReplayer

/// A timed replay a quarter done and projected past the incumbent's bounds stops, recorded as aborted with its
/// projected figures; without early abort, or without an incumbent, every replay runs to its end.
final class EarlyAbortTests: XCTestCase {
    private let workload = """
        -- @setup
        CREATE TABLE t(id INTEGER PRIMARY KEY, body TEXT);
        -- @run
        \((1...400).map { "INSERT INTO t(body) VALUES ('row \($0)');" }.joined(separator: "\n"))

        """

    private func environment(_ scratch: WorkloadScratch, earlyAbort: Bool) throws -> SQLiteEnvironment {
        var options = SQLiteEnvironment.Options()
        options.warmup = 0
        options.repetitions = 1
        options.earlyAbort = earlyAbort
        options.knobs = ["synchronous"]
        options.target = .wallTime
        return try SQLiteEnvironment(workload: scratch.workload(workload), options: options, store: scratch.store)
    }

    func testAReplayFarWorseThanTheIncumbentStopsAQuarterIn() throws {
        let scratch = WorkloadScratch()
        let env = try environment(scratch, earlyAbort: true)
        let unreachable = Measurement(objective: 1e-9)  // an incumbent no replay can come within half of
        env.observeIncumbent(unreachable)
        let measurement = try env.evaluate(env.space.defaultConfiguration, trial: 1)
        XCTAssertTrue(measurement.aborted)
        XCTAssertNil(measurement.failureReason, "an aborted trial is not a failure")
        let wall = try XCTUnwrap(measurement.objective)
        XCTAssertGreaterThan(wall, 0, "its interim value, projected to the whole replay")
    }

    func testAReplayWithinTheBoundsRunsToItsEnd() throws {
        let scratch = WorkloadScratch()
        let env = try environment(scratch, earlyAbort: true)
        XCTAssertFalse(try env.evaluate(env.space.defaultConfiguration, trial: 0).aborted, "no incumbent yet")
        env.observeIncumbent(Measurement(objective: 1e9))
        XCTAssertFalse(try env.evaluate(env.space.defaultConfiguration, trial: 1).aborted)
        let off = try environment(scratch, earlyAbort: false)
        off.observeIncumbent(Measurement(objective: 1e-9))
        XCTAssertFalse(try off.evaluate(off.space.defaultConfiguration, trial: 1).aborted, "early abort is off")
    }

    func testTheRuleJudgesTheProjectionOnceAQuarterIsDone() {
        let rule = EarlyAbort(maxWallSeconds: 10)
        XCTAssertFalse(rule.hopeless(done: 24, total: 100, elapsed: 9, transactions: 24), "not a quarter in")
        XCTAssertTrue(rule.hopeless(done: 25, total: 100, elapsed: 3, transactions: 25), "projected to 12 s")
        XCTAssertFalse(rule.hopeless(done: 50, total: 100, elapsed: 4.9, transactions: 50), "projected to 9.8 s")
        let slow = EarlyAbort(minTransactionsPerSecond: 100)
        XCTAssertTrue(slow.hopeless(done: 30, total: 100, elapsed: 1, transactions: 30))
        XCTAssertFalse(slow.hopeless(done: 30, total: 100, elapsed: 0.2, transactions: 30))
    }
}

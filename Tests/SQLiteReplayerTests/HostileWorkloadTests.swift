import Foundation
import TuningKit
import XCTest

@testable import SQLiteReplayer

/// Workload files written to get past the harness: a `@run` of nothing, PRAGMAs that change a tuned knob
/// in spellings a text match misses, files that are not text, and files large enough to expose a slow reader.
final class HostileWorkloadTests: XCTestCase {
    private func options() -> SQLiteEnvironment.Options {
        var options = SQLiteEnvironment.Options()
        options.warmup = 0
        options.repetitions = 1
        return options
    }

    func testARunOfCommentsAndEmptyStatementsIsRefusedLikeAnEmptyOne() {
        let scratch = WorkloadScratch()
        for run in ["/* nothing */ ;\n;\n", ";;\n-- a comment\n  ;  /* x */\n"] {
            let path = scratch.workload("-- @setup\nCREATE TABLE t(x);\n-- @run\n" + run)
            XCTAssertThrowsError(try WorkloadScript(path: path)) { error in
                XCTAssertTrue(
                    "\(error)".contains("w.sql:3: the '-- @run' section has no statements"), "\(error)")
            }
        }
    }

    func testEverySpellingOfAPragmaIsFoundByItsParsedName() throws {
        let scratch = WorkloadScratch()
        let script = try WorkloadScript(
            path: scratch.workload(
                """
                -- @run
                PRAGMA "synchronous"=OFF;
                PRAGMA [cache_size] = 100; PRAGMA main."synchronous"=OFF;
                PRAGMA default_cache_size = 50;
                SELECT 'PRAGMA threads = 2;'; PRAGMA `temp_store`(2);
                PRAGMA journal_mode;
                """))
        let found = script.pragmaAssignments(in: script.run)
        XCTAssertEqual(
            found.map(\.pragma), ["synchronous", "cache_size", "synchronous", "default_cache_size", "temp_store"])
        XCTAssertEqual(found.map(\.line), [2, 3, 3, 4, 5])
        // The alias changes the knob it stands for.
        let knobs = SQLiteKnobs.setByWorkload(script)
        XCTAssertEqual(knobs.map(\.knob), ["synchronous", "cache_size", "synchronous", "cache_size", "temp_store"])
    }

    func testAQuotedOrAliasedPragmaLeavesItsKnobOutOfTheTunedSpace() throws {
        let scratch = WorkloadScratch()
        let path = scratch.workload(
            "-- @setup\nCREATE TABLE t(x);\n-- @run\nPRAGMA main.\"synchronous\"=OFF;\n"
                + "PRAGMA default_cache_size = 50;\nSELECT count(*) FROM t;\n")
        let env = try SQLiteEnvironment(workload: path, options: options(), store: scratch.store)
        XCTAssertNil(env.space["synchronous"])
        XCTAssertNil(env.space["cache_size"])
        XCTAssertTrue(
            env.warnings.contains { $0.contains("w.sql:5: the workload sets PRAGMA cache_size") }, "\(env.warnings)")
        var named = options()
        named.knobs = ["synchronous", "journal_mode"]
        XCTAssertThrowsError(try SQLiteEnvironment(workload: path, options: named, store: scratch.store)) { error in
            XCTAssertTrue("\(error)".contains("w.sql:4: the workload sets PRAGMA synchronous itself"), "\(error)")
        }
    }

    func testATunedKnobNotInForceAtTheEndOfTheReplayFailsTheTrial() throws {
        let scratch = WorkloadScratch()
        let replayer = try Replayer(
            workload: scratch.workload("-- @run\nPRAGMA cache_size = 100;\nSELECT 1;\n"), store: scratch.store)
        var values = SQLiteKnobs.completed(SQLiteKnobs.space.defaultConfiguration, of: SQLiteKnobs.space)
        values["cache_size"] = .integer(-50000)
        guard case .failure(let failure) = replayer.replay(values, verifying: ["cache_size"]) else {
            return XCTFail("a knob the workload changed must fail the trial")
        }
        XCTAssertEqual(
            failure.reason,
            "cache_size=-50000 was not in force at the end of the replay: SQLite reads back 100 (the workload "
                + "changed it)")
        // A knob that is not tuned may be set by the workload.
        guard case .success = replayer.replay(values, verifying: ["journal_mode"]) else {
            return XCTFail("an untuned knob the workload sets is the workload's own business")
        }
    }

    func testAWorkloadThatIsNotUTF8SaysSoWithItsLine() {
        let scratch = WorkloadScratch()
        let url = scratch.url.appendingPathComponent("latin1.sql")
        try! Data("-- @run\nSELECT 1;\nSELECT 'caf".utf8 + [0xE9] + Data("';\n".utf8)).write(to: url)
        XCTAssertThrowsError(try WorkloadScript(path: url.path)) { error in
            XCTAssertTrue("\(error)".contains("latin1.sql:3: not UTF-8"), "\(error)")
        }
    }

    /// Reading and splitting is linear in the file: SQLite copied the rest of the file for every statement
    /// when told its length without a terminating NUL, which took minutes on a 50 MB file.
    func testALargeWorkloadIsReadAndBuiltInLinearTime() throws {
        let scratch = WorkloadScratch()
        var text = "-- @setup\nCREATE TABLE t(id INTEGER PRIMARY KEY, s TEXT);\nBEGIN;\n"
        text.reserveCapacity(6_000_000)
        var row = 0
        while text.utf8.count < 5_000_000 {
            text += "INSERT INTO t(s) VALUES ('xxxxxxxxxxxxxxxxxxxx'); -- row \(row)\n"
            row += 1
        }
        text += "COMMIT;\n-- @run\nSELECT count(*) FROM t;\n"
        let path = scratch.workload(text, name: "big.sql")
        let started = ContinuousClock.now
        let replayer = try Replayer(workload: path, store: scratch.store, timeout: 60)
        XCTAssertEqual(replayer.statementCount, 1)
        let seconds = (ContinuousClock.now - started).seconds
        XCTAssertLessThan(seconds, 30, "\(row) rows took \(seconds) s to read and build (a debug build)")
    }
}

import Foundation
import TuningKit
import XCTest

@testable import SQLiteReplayer

/// Time limits, workloads that measure nothing, and knobs that do not mean what they say.
final class LimitsTests: XCTestCase {
    private let spin = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c;"

    func testARunawaySetupStopsAtTheSetupTimeoutAndLeavesNothingBehind() throws {
        let scratch = WorkloadScratch()
        let path = scratch.workload("-- @setup\nCREATE TABLE t(x);\n\(spin)\n-- @run\nSELECT 1;\n", name: "spin.sql")
        let started = ContinuousClock.now
        XCTAssertThrowsError(try Replayer(workload: path, store: scratch.store, setupTimeout: 0.5)) { error in
            XCTAssertTrue(
                "\(error)".hasSuffix(
                    "spin.sql:3: timed out: the setup time limit (setup_timeout 0.5 s) stopped this statement while building the pristine database"
                ), "\(error)")
        }
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(10))
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: scratch.store.folder.path), [],
            "no .building file is left")
    }

    func testTheValidatingReplayObeysTheReplayTimeout() {
        let scratch = WorkloadScratch()
        let path = scratch.workload("-- @run\n\(spin)\n", name: "spin.sql")
        XCTAssertThrowsError(try Replayer(workload: path, store: scratch.store, timeout: 0.3)) { error in
            XCTAssertTrue(
                "\(error)".contains(
                    "spin.sql:2: timed out: the replay time limit (timeout 0.3 s) stopped this statement during the validating replay on the defaults"
                ), "\(error)")
        }
        XCTAssertEqual(
            (try? FileManager.default.contentsOfDirectory(atPath: scratch.store.scratch.path)) ?? [], [],
            "no trial copy is left")
    }

    func testAWorkloadThatMeasuresNothingIsRefused() {
        let scratch = WorkloadScratch()
        for text in ["-- @setup\nCREATE TABLE t(x);\n-- @run\n", "-- @run\n-- only a comment\n/* and another */\n"] {
            XCTAssertThrowsError(try WorkloadScript(path: scratch.workload(text))) { error in
                XCTAssertTrue("\(error)".contains("the '-- @run' section has no statements"), "\(error)")
            }
        }
        XCTAssertThrowsError(try WorkloadScript(path: scratch.workload("-- @run\nSELECT 1;\nSELECT \u{0} 2;\n"))) {
            error in
            XCTAssertTrue("\(error)".hasSuffix("w.sql:3: a NUL byte: a workload is a text file of SQL"), "\(error)")
        }
        XCTAssertThrowsError(try WorkloadScript(path: scratch.url.path)) { error in
            XCTAssertTrue("\(error)".hasSuffix("is a folder, not a workload file"), "\(error)")
        }
    }

    func testAByteOrderMarkIsAcceptedAndAnOpenTransactionIsAWarning() throws {
        let scratch = WorkloadScratch()
        let path = scratch.workload(
            "\u{FEFF}-- @setup\nCREATE TABLE t(x);\n-- @run\nBEGIN;\nINSERT INTO t VALUES (1);\n")
        let replayer = try Replayer(workload: path, store: scratch.store)
        XCTAssertEqual(replayer.statementCount, 2)
        XCTAssertEqual(replayer.warnings.count, 1)
        XCTAssertTrue(replayer.warnings[0].contains("ends inside a transaction"), replayer.warnings[0])
    }

    /// With an empty @setup the pristine database used to be a 0-byte file, so page_size never applied.
    func testBuildKnobsAreInForceEvenWithAnEmptySetup() throws {
        let scratch = WorkloadScratch()
        let workload = "-- @setup\n-- @run\nCREATE TABLE t(x);\nSELECT page_size FROM pragma_page_size;\n"
        var options = SQLiteEnvironment.Options()
        options.warmup = 0
        options.repetitions = 1
        let env = try SQLiteEnvironment(workload: scratch.workload(workload), options: options, store: scratch.store)
        let space = SQLiteKnobs.space
        for size in ["512", "16384", "65536"] {
            let values = SQLiteKnobs.completed(try space.configuration(assigning: [("page_size", size)]), of: space)
            let pristine = try scratch.store.database(for: env.replayer.script, values: values)
            let header = try Data(contentsOf: pristine)
            XCTAssertGreaterThanOrEqual(header.count, 100)
            // The page size is stored big-endian at offset 16 of the header (1 means 65536).
            let stored = Int(header[16]) << 8 | Int(header[17])
            XCTAssertEqual(stored == 1 ? 65536 : stored, Int(size))
            XCTAssertFalse(try env.evaluate(env.space.configuration(assigning: [("page_size", size)]), trial: 0).failed)
        }
    }

    func testAKnobSQLiteDoesNotTakeFailsTheTrialWithBothValues() throws {
        let scratch = WorkloadScratch()
        let replayer = try Replayer(workload: scratch.workload(trickyWorkload), store: scratch.store)
        var values = SQLiteKnobs.completed(SQLiteKnobs.space.defaultConfiguration, of: SQLiteKnobs.space)
        values["threads"] = .integer(64)  // outside the knob's range: SQLite caps it at 8
        guard case .failure(let failure) = replayer.replay(values) else {
            return XCTFail("a capped value must fail the trial")
        }
        XCTAssertEqual(failure.reason, "threads=64 did not take effect: SQLite reads back 8")
    }

    func testAWorkloadThatSetsATunedKnobLeavesItOutOrIsRefused() throws {
        let scratch = WorkloadScratch()
        let path = scratch.workload(
            "-- @setup\nPRAGMA page_size = 1024;\nCREATE TABLE t(x);\n-- @run\nPRAGMA threads = 0;\nSELECT 1;\n")
        var options = SQLiteEnvironment.Options()
        options.warmup = 0
        options.repetitions = 1
        let env = try SQLiteEnvironment(workload: path, options: options, store: scratch.store)
        XCTAssertNil(env.space["threads"])
        XCTAssertNil(env.space["page_size"])
        XCTAssertNotNil(env.space["journal_mode"])
        XCTAssertEqual(env.warnings.count, 2)
        XCTAssertTrue(
            env.warnings.contains {
                $0.hasSuffix(
                    "w.sql:5: the workload sets PRAGMA threads itself, which would override the tuned value, so threads is left out of the tuned knobs"
                )
            }, "\(env.warnings)")
        options.knobs = ["threads", "journal_mode"]
        XCTAssertThrowsError(try SQLiteEnvironment(workload: path, options: options, store: scratch.store)) { error in
            XCTAssertTrue("\(error)".contains("w.sql:5: the workload sets PRAGMA threads itself"), "\(error)")
        }
    }

    func testPragmaAssignmentsAreFoundInTheTextOnly() throws {
        let scratch = WorkloadScratch()
        let script = try WorkloadScript(
            path: scratch.workload(
                """
                -- @run
                PRAGMA main.cache_size = -4000; PRAGMA threads(2);
                SELECT 'PRAGMA synchronous = OFF;' AS s; -- PRAGMA mmap_size = 1
                /* PRAGMA temp_store = MEMORY; */ PRAGMA journal_mode;
                """))
        XCTAssertEqual(script.pragmaAssignments(in: script.run).map(\.pragma), ["cache_size", "threads"])
        XCTAssertEqual(script.pragmaAssignments(in: script.run).map(\.line), [2, 2])
    }
}

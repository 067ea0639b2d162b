import CSQLite3
import XCTest

@testable import SQLiteReplayer

final class WorkloadScriptTests: XCTestCase {
    func testTriggersAndSemicolonsInStringsSplitAsSQLiteSplitsThem() throws {
        let scratch = WorkloadScratch()
        let replayer = try Replayer(workload: scratch.workload(trickyWorkload), store: scratch.store)
        XCTAssertEqual(replayer.statementCount, 5)  // BEGIN, UPDATE, COMMIT and two SELECTs
        let lines = replayer.spans.map { replayer.script.line(at: $0.start) }
        XCTAssertEqual(lines, [10, 11, 12, 13, 15])

        // The trigger fired once per updated row inside the replay, and its string kept its semicolon.
        let pristine = try scratch.store.database(
            for: replayer.script,
            values: SQLiteKnobs.completed(SQLiteKnobs.space.defaultConfiguration, of: SQLiteKnobs.space))
        let connection = try Connection(path: pristine.path)
        XCTAssertEqual(
            try connection.execute("SELECT count(*) FROM notes WHERE body LIKE '%; /* not a comment */'"), "700")
        XCTAssertEqual(
            try connection.execute("SELECT count(*) FROM audit"), "0", "the setup does not run the @run section")
    }

    func testASyntaxErrorInTheSetupNamesFileAndLine() {
        let scratch = WorkloadScratch()
        let path = scratch.workload(
            trickyWorkload.replacingOccurrences(of: "CREATE TABLE audit", with: "CREATE TABL audit"))
        XCTAssertThrowsError(try Replayer(workload: path, store: scratch.store)) { error in
            XCTAssertEqual((error as? WorkloadError)?.line, 3, "\(error)")
            XCTAssertTrue("\(error)".hasPrefix("\(path):3: "), "\(error)")
            XCTAssertTrue("\(error)".contains("syntax error"), "\(error)")
        }
    }

    func testASyntaxErrorInTheRunNamesFileAndLineBeforeAnyTrial() {
        let scratch = WorkloadScratch()
        let path = scratch.workload(
            trickyWorkload.replacingOccurrences(of: "SELECT count(*) FROM audit", with: "SELEC count(*) FROM audit"))
        XCTAssertThrowsError(try SQLiteEnvironment(workload: path, store: scratch.store)) { error in
            XCTAssertEqual((error as? WorkloadError)?.line, 15, "\(error)")
        }
    }

    func testAnErrorInsideAMultiLineStatementPointsAtItsLine() {
        let scratch = WorkloadScratch()
        let path = scratch.workload("-- @setup\nCREATE TABLE t(x);\n-- @run\nSELECT x,\n  y\nFROM t;\n")
        XCTAssertThrowsError(try Replayer(workload: path, store: scratch.store)) { error in
            XCTAssertEqual((error as? WorkloadError)?.line, 5, "\(error)")  // "no such column: y"
        }
    }

    func testMarkerProblemsAreReported() {
        let scratch = WorkloadScratch()
        let cases: [(String, Int?, String)] = [
            ("-- @setup\nCREATE TABLE t(x);\n", nil, "no '-- @run'"),
            ("-- @run\nSELECT 1;\n-- @setup\nCREATE TABLE t(x);\n", 3, "before"),
            ("CREATE TABLE t(x);\n-- @run\nSELECT 1;\n", 1, "SQL before the first marker"),
            ("-- @run\nSELECT 1;\n-- @run\nSELECT 2;\n", 3, "a second"),
        ]
        for (text, line, message) in cases {
            XCTAssertThrowsError(try WorkloadScript(path: scratch.workload(text))) { error in
                let error = error as? WorkloadError
                XCTAssertEqual(error?.line, line, text)
                XCTAssertTrue(error?.message.contains(message) ?? false, "\(String(describing: error))")
            }
        }
        XCTAssertThrowsError(try WorkloadScript(path: scratch.url.appendingPathComponent("missing.sql").path))
    }

    func testBuiltInWorkloadsHaveBothSections() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        for name in SQLiteWorkloads.builtIn {
            let script = try WorkloadScript(path: root.appendingPathComponent("Workloads/\(name).sql").path)
            XCTAssertNotNil(script.setup, name)
            XCTAssertFalse(script.run.isEmpty, name)
        }
    }
}

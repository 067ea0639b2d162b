import XCTest

@testable import PostgresTarget

/// Custom workload files: their sections, line numbers and errors (no server needed).
final class WorkloadTests: XCTestCase {
    func testPgbenchsCommandNumbersMapToTheScriptsLines() {
        let script = "\\set aid random(1, 10)\n-- a comment\n\nBEGIN;\nSELECT 1\n  + 1;\n\\sleep 1 ms\nEND;\n"
        XCTAssertEqual((0..<6).map { PgbenchWorkload.line(ofCommand: $0, in: script) }, [1, 4, 5, 7, 8, nil])
    }

    func testAScriptWithoutMarkersIsAllRunOnPgbenchsTables() throws {
        let script = try PgbenchWorkload.parse("\\set aid random(1, 100)\nSELECT 1;\n", path: "w.pgbench")
        guard case .custom(_, nil, let run) = script else { return XCTFail("expected a script without @setup") }
        XCTAssertTrue(run.hasPrefix("\\set aid"))
        XCTAssertEqual(PgbenchWorkload(script: script).buildIdentity, "pgbench-init scale 10")
    }

    func testSectionsKeepTheFilesLineNumbers() throws {
        let text = "-- a comment\n-- @setup\nCREATE TABLE t(x int);\n-- @run\nINSERT INTO t VALUES (1);\n"
        guard case .custom(_, let setup?, let run) = try PgbenchWorkload.parse(text, path: "w.sql") else {
            return XCTFail("expected both sections")
        }
        let setupLines = setup.split(separator: "\n", omittingEmptySubsequences: false)
        let runLines = run.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(setupLines[2], "CREATE TABLE t(x int);", "line 3 of the file is line 3 of the setup")
        XCTAssertEqual(runLines[4], "INSERT INTO t VALUES (1);", "line 5 of the file is line 5 of the script")
        XCTAssertFalse(setup.contains("INSERT"))
        XCTAssertFalse(run.contains("CREATE"))
    }

    func testMisplacedMarkersAndEmptyScriptsAreErrorsWithTheLine() {
        XCTAssertThrowsError(try PgbenchWorkload.parse("SELECT 1;\n-- @run\nSELECT 2;\n", path: "w.sql")) {
            XCTAssertEqual("\($0)", "w.sql:2: a -- @run line without a -- @setup line before it")
        }
        XCTAssertThrowsError(try PgbenchWorkload.parse("-- @setup\nCREATE TABLE t(x int);\n", path: "w.sql")) {
            XCTAssertEqual("\($0)", "w.sql:1: a -- @setup line needs a -- @run line after it")
        }
        XCTAssertThrowsError(
            try PgbenchWorkload.parse("SELECT 0;\n-- @setup\nSELECT 1;\n-- @run\nSELECT 2;\n", path: "w.sql")
        ) {
            XCTAssertEqual("\($0)", "w.sql:1: text before the -- @setup line")
        }
        XCTAssertThrowsError(try PgbenchWorkload.parse("-- @setup\nSELECT 1;\n-- @run\n-- nothing\n\n", path: "w.sql"))
        {
            XCTAssertEqual("\($0)", "w.sql: the pgbench script is empty; it would measure nothing")
        }
        XCTAssertThrowsError(try PgbenchWorkload.script(named: "no-such-workload")) {
            XCTAssertTrue("\($0)".contains("tpcb-like, simple-update, select-only"), "\($0)")
        }
    }

    func testArgumentsForATimedRunAWarmUpAndATransactionCount() {
        var workload = PgbenchWorkload(script: .builtIn("select-only"))
        workload.clients = 3
        workload.threads = 8
        workload.duration = 7
        let script = URL(fileURLWithPath: "/x/script.pgbench")
        XCTAssertEqual(
            workload.arguments(scriptFile: script), ["-n", "-c", "3", "-j", "3", "-T", "7", "-b", "select-only"])
        XCTAssertEqual(
            workload.arguments(scriptFile: script, warmupSeconds: 2).suffix(4), ["-T", "2", "-b", "select-only"])
        workload.transactions = 50
        workload.script = .custom(path: "w.pgbench", setup: nil, run: "SELECT 1;\n")
        XCTAssertEqual(workload.arguments(scriptFile: script).suffix(4), ["-t", "50", "-f", "/x/script.pgbench"])
    }
}

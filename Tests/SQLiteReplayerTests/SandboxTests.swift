import Foundation
import TestSupport
import TuningKit
import XCTest

@testable import SQLiteReplayer

/// A workload touches its own database copy and nothing else.
final class SandboxTests: XCTestCase {
    private func refusal(_ workload: String, in scratch: WorkloadScratch) -> String? {
        do {
            _ = try Replayer(workload: scratch.workload(workload), store: scratch.store)
            return nil
        } catch {
            return "\(error)"
        }
    }

    func testAttachingADatabaseThatExistsIsRefusedAndLeavesItUnchanged() throws {
        let scratch = WorkloadScratch()
        let other = scratch.url.appendingPathComponent("other.db")
        try Data().write(to: other)
        let before = try Data(contentsOf: other)
        for section in ["@setup", "@run"] {
            let workload = "-- @setup\nCREATE TABLE t(x);\n-- @run\nSELECT 1;\n"
                .replacingOccurrences(
                    of: "-- \(section)\n",
                    with: "-- \(section)\nATTACH '\(other.path)' AS o;\nCREATE TABLE o.stolen(x);\n")
            let message = try XCTUnwrap(refusal(workload, in: scratch), section)
            XCTAssertTrue(message.contains("w.sql:"), message)
            XCTAssertTrue(message.contains("ATTACH and VACUUM INTO open another database file"), message)
        }
        XCTAssertEqual(try Data(contentsOf: other), before)
    }

    func testCreatingAnotherDatabaseIsRefused() {
        let scratch = WorkloadScratch()
        for statement in ["ATTACH '%@' AS n;", "VACUUM INTO '%@';", "ATTACH 'file:%@?mode=rwc' AS n;"] {
            let target = scratch.url.appendingPathComponent("made-\(UUID()).db").path
            let workload =
                "-- @setup\nCREATE TABLE t(x);\n-- @run\n" + statement.replacingOccurrences(of: "%@", with: target)
                + "\n"
            let message = refusal(workload, in: scratch) ?? ""
            XCTAssertTrue(message.contains("ATTACH and VACUUM INTO open another database file"), message)
            XCTAssertFalse(FileManager.default.fileExists(atPath: target), statement)
        }
    }

    func testExtensionsAndOtherFoldersAreRefusedWithTheirLines() throws {
        let scratch = WorkloadScratch()
        let workload = """
            -- @setup
            CREATE TABLE t(x);
            -- @run
            SELECT load_extension('/tmp/evil');
            PRAGMA temp_store_directory = '/tmp';
            DETACH temp;
            SELECT count(*) FROM t;
            """
        let message = try XCTUnwrap(refusal(workload, in: scratch))
        XCTAssertTrue(message.contains("3 statements fail"), message)
        XCTAssertTrue(message.contains("w.sql:4: load_extension() loads code from a file"), message)
        XCTAssertTrue(message.contains("w.sql:5: PRAGMA temp_store_directory points SQLite at another folder"), message)
        XCTAssertTrue(message.contains("w.sql:6:"), message)
    }

    func testEveryFailingStatementIsReportedInOnePass() throws {
        let scratch = WorkloadScratch()
        let workload = """
            -- @setup
            CREATE TABLE t(x);
            CREAT TABLE u(y);
            INSERT INTO nowhere VALUES (1);
            CREATE TABLE v(z);
            -- @run
            SELECT * FROM v;
            """
        let message = try XCTUnwrap(refusal(workload, in: scratch))
        XCTAssertTrue(message.contains("2 statements fail"), message)
        XCTAssertTrue(message.contains("w.sql:3: near \"CREAT\": syntax error"), message)
        XCTAssertTrue(message.contains("w.sql:4: no such table: nowhere"), message)
    }
}

import Foundation
import TuningKit
import XCTest

@testable import PostgresTarget

/// A custom script that pgbench refuses is an error naming the file, when the environment gets ready for its
/// first trial.
final class ScriptErrorTests: XCTestCase {
    static let root = reachableFolder("satune-pg-script-tests")
    override class func tearDown() { try? FileManager.default.removeItem(at: root) }

    /// An environment on the script `text`, written to `name` (scale 1, one knob).
    private func environment(script text: String, named name: String) throws -> (URL, PostgresEnvironment) {
        let file = Self.root.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        var workload = PgbenchWorkload(script: try PgbenchWorkload.script(named: file.path))
        workload.scale = 1
        var options = PostgresEnvironment.Options()
        options.knobs = ["shared_buffers"]
        return (file, try PostgresEnvironment(workload: workload, options: options, storeRoot: Self.root))
    }

    func testABrokenScriptIsRefusedBeforeAnyTrial() throws {
        let (file, env) = try environment(script: "\\set aid random(1\nSELECT 1;\n", named: "bad.pgbench")
        XCTAssertThrowsError(try env.prepare()) {
            XCTAssertTrue("\($0)".hasPrefix("\(file.path): the script fails on the default configuration"), "\($0)")
            XCTAssertFalse("\($0)".contains("trial-"), "the message names the file, not satune's copy: \($0)")
        }
    }

    func testAnSQLErrorOfAScriptNamesItsLineOnce() throws {
        let (file, env) = try environment(
            script:
                "\\set aid random(1, 100)\n-- reads\n\nSELECT abalance\n  FROM pgbench_accounts WHERE aid = :aid;\nSELEC 1;\n",
            named: "sql-error.pgbench")
        XCTAssertThrowsError(try env.prepare()) {
            XCTAssertEqual(
                "\($0)", "\(file.path):6: ERROR: syntax error at or near \"SELEC\" (on the default configuration)")
        }
    }
}

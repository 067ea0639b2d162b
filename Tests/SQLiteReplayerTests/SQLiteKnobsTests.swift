import TuningKit
import XCTest

@testable import SQLiteReplayer

final class SQLiteKnobsTests: XCTestCase {
    /// The declared defaults are what the linked SQLite does when no PRAGMA is given.
    func testDefaultsMatchAFreshConnection() throws {
        let scratch = WorkloadScratch()
        let path = scratch.url.appendingPathComponent("fresh.db").path
        let connection = try Connection(path: path, create: true)
        try connection.execute("CREATE TABLE t(x)")
        let asNumbers: [String: [String: String]] = [
            "journal_mode": ["DELETE": "delete"],
            "synchronous": ["OFF": "0", "NORMAL": "1", "FULL": "2", "EXTRA": "3"],
            "locking_mode": ["NORMAL": "normal"], "temp_store": ["DEFAULT": "0"],
            "secure_delete": ["OFF": "0", "ON": "1"],
            "auto_vacuum": ["NONE": "0"], "automatic_index": ["on": "1"],
        ]
        // cache_spill reads back its spill threshold in pages: any nonzero value means on.
        XCTAssertNotEqual(try connection.execute("PRAGMA cache_spill"), "0")
        for knob in SQLiteKnobs.all where knob.name != "cache_spill" {
            let actual = try connection.execute("PRAGMA \(knob.name)")
            let declared = knob.defaultValue.description
            XCTAssertEqual(actual, asNumbers[knob.name]?[declared] ?? declared, knob.name)
        }
    }

    func testABadValueIsRejectedWithTheValidValues() {
        XCTAssertThrowsError(try SQLiteKnobs.space.configuration(assigning: [("synchronous", "SOMETIMES")])) { error in
            XCTAssertTrue("\(error)".contains("{OFF, NORMAL, FULL, EXTRA}"), "\(error)")
        }
        XCTAssertThrowsError(try SQLiteKnobs.space.configuration(assigning: [("cache_size", "-1")])) { error in
            XCTAssertTrue("\(error)".contains("-1048576..-128"), "\(error)")
        }
        XCTAssertThrowsError(try SQLiteKnobs.space(knobs: ["journal_mode", "shared_buffers"], safeOnly: false)) {
            error in
            XCTAssertTrue("\(error)".contains("shared_buffers"), "\(error)")
        }
    }

    func testValuesAreWrittenAsThePragmaTakesThem() throws {
        let configuration = try SQLiteKnobs.space.configuration(assigning: [
            ("journal_mode", "wal"), ("cache_size", "-64MB"), ("mmap_size", "256MB"),
        ])
        let values = SQLiteKnobs.completed(configuration, of: SQLiteKnobs.space)
        XCTAssertEqual(values["journal_mode"]?.description, "WAL")
        XCTAssertEqual(values["cache_size"]?.description, "-65536")
        XCTAssertEqual(values["mmap_size"]?.description, "268435456")
        let pragmas = SQLiteKnobs.pragmas(values)
        XCTAssertTrue(pragmas.contains("PRAGMA journal_mode = WAL"))
        XCTAssertTrue(pragmas.contains("PRAGMA cache_size = -65536"))
        XCTAssertFalse(pragmas.contains { $0.contains("page_size") }, "page_size is a build knob")
        XCTAssertEqual(SQLiteKnobs.buildPragmas(values), ["PRAGMA page_size = 4096", "PRAGMA auto_vacuum = NONE"])
    }

    func testSafeOnlyLeavesOutValuesThatGiveUpCrashSafety() throws {
        let safe = try SQLiteKnobs.space(knobs: nil, safeOnly: true)
        XCTAssertEqual(safe["journal_mode"]?.domain, .categorical(["DELETE", "TRUNCATE", "PERSIST", "WAL"]))
        XCTAssertEqual(safe["synchronous"]?.domain, .categorical(["NORMAL", "FULL", "EXTRA"]))
        var generator = SeededGenerator(seed: 3)
        for _ in 0..<500 {
            let configuration = safe.decode((0..<safe.dimension).map { _ in generator.nextDouble() })
            XCTAssertNotEqual(safe.value(of: "synchronous", in: configuration), .categorical("OFF"))
            XCTAssertFalse(
                [.categorical("OFF"), .categorical("MEMORY")].contains(
                    safe.value(of: "journal_mode", in: configuration)))
        }
        XCTAssertEqual(
            try SQLiteKnobs.space(knobs: ["synchronous", "journal_mode"], safeOnly: false).names,
            ["journal_mode", "synchronous"])
    }
}

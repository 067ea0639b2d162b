import Foundation
import TuningKit
import XCTest

@testable import Results

final class ResultsLayerTests: XCTestCase {
    private let schema = TrialSchema(knobNames: ["journal_mode", "x,y"], metricNames: ["cache_hit", "odd \"one\""])

    private func record(step: Int, reason: String? = nil) -> TrialRecord {
        var r = schema.record(
            experiment: "exp", environment: "env, \"quoted\"\nline", agent: "agént 🚀", seed: 7, step: step)
        r.knobValues = ["WAL", "a,\"b\"\nc"]
        r.metricValues = [0.1 + 0.2, .nan]
        r.throughput = 1e-300
        r.latencyMean = 12.5
        r.latencyP99 = -0.0
        r.objective = reason == nil ? 3.141592653589793 : nil
        r.reward = -10
        r.bestObjective = 2.718281828459045
        r.regret = 5e-324
        r.normalizedRegret = 1
        r.recommendedStep = reason == nil ? step : nil
        r.recommendedObjective = reason == nil ? 2.5 : nil
        r.recommendedRegret = reason == nil ? 0.125 : nil
        r.aborted = reason == nil && step == 0
        r.failureReason = reason
        r.decision = Decision(
            family: .trustRegion, predicted: 1.5, spread: 0.1, score: -0.25, candidates: 256,
            trustRegion: 0.4, restarts: 2)
        r.elapsedMs = 0.25
        r.agentMs = 1.5
        r.tellMs = 0.5
        return r
    }

    func testEveryColumnRoundTripsThroughCSV() throws {
        let records = [record(step: 0), record(step: 1, reason: "out of memory, \"badly\"\nsecond line")]
        let text = CSVText.line(schema.header) + records.map(schema.line).joined()
        let table = try CSVText.parse(Data(text.utf8), file: "t.csv")
        XCTAssertEqual(table.header, schema.header)
        XCTAssertNil(table.partialTail)
        XCTAssertEqual(table.lines, [2, 5], "a quoted line end counts as a line: each row spans three")
        let read = try zip(table.rows, table.lines).map { try schema.record($0, file: "t.csv", line: $1) }
        XCTAssertEqual(read, records)
        XCTAssertEqual(read[0].metricValues[0], 0.1 + 0.2, "shortest round-trip form: the same bits")
        XCTAssertTrue(read[0].metricValues[1]!.isNaN, "a metric that is not a number is kept")
        XCTAssertEqual(read[1].failureReason, "out of memory, \"badly\"\nsecond line")
        XCTAssertTrue(read[0].aborted, "an aborted trial stays aborted")
        XCTAssertEqual(read[0].recommendedRegret, 0.125)
        XCTAssertTrue(read[0].measurement(metricNames: ["cache_hit"]).aborted, "and is told to a resumed agent so")
        XCTAssertFalse(read[0].measurement(metricNames: ["cache_hit"]).failed, "with its interim value, not a failure")
        XCTAssertEqual(read[0].knob("x,y"), "a,\"b\"\nc")
        XCTAssertEqual(read[0].metric("cache_hit"), 0.30000000000000004)
        XCTAssertEqual(
            read[1].measurement(metricNames: ["cache_hit", "odd \"one\""]).failureReason, records[1].failureReason)
    }

    func testARowCutShortIsSetApartAndOtherDamageNamesItsLine() throws {
        let whole = CSVText.line(schema.header) + schema.line(record(step: 0))
        for cut in [String(schema.line(record(step: 1)).dropLast(7)), "exp,\"env, unterminated"] {
            let table = try CSVText.parse(Data((whole + cut).utf8), file: "t.csv")
            XCTAssertEqual(table.rows.count, 1)
            XCTAssertEqual(table.partialTail, 5)
            XCTAssertEqual(table.wholeLength, whole.utf8.count)
        }
        XCTAssertThrowsError(try CSVText.parse(Data("a,b\n1,x\"y\n".utf8), file: "t.csv")) { error in
            XCTAssertEqual("\(error)", "t.csv: line 2: a double quote inside an unquoted field")
        }
        XCTAssertThrowsError(try CSVText.parse(Data("a,b\n\"1\"x,2\n".utf8), file: "t.csv"))
        var fields = try CSVText.parse(Data(whole.utf8), file: "t.csv").rows[0]
        fields[3] = "seven"
        XCTAssertThrowsError(try schema.record(fields, file: "trials.csv", line: 9)) { error in
            XCTAssertEqual(
                "\(error)", "trials.csv: line 9: column seed: expected a non-negative integer, got \"seven\"")
        }
        XCTAssertThrowsError(try schema.record(Array(fields.prefix(4)), file: "trials.csv", line: 9)) { error in
            XCTAssertTrue("\(error)".contains("line 9: expected \(schema.columns.count) fields, found 4"))
        }
    }

    /// A stray quote in the middle of a file turns every row after it into one unterminated field: that is
    /// damage to report, not a row cut short to drop (which would lose the rows it swallowed).
    func testAStrayQuoteIsAnErrorNotARowCutShort() throws {
        let simple = "a,b,c\n1,2,3\n\"4,5,6\n7,8,9\n10,11,12\n"
        XCTAssertThrowsError(try CSVText.parse(Data(simple.utf8), file: "t.csv")) { error in
            XCTAssertTrue(
                "\(error)".hasPrefix("t.csv: line 3: a double quote opens a field that never closes"), "\(error)")
        }
        let cut = "a,b,c\n1,2,3\n4,\"5 and\nmore"
        XCTAssertEqual(
            try CSVText.parse(Data(cut.utf8), file: "t.csv").partialTail, 3,
            "a row cut inside a quoted field is a cut row")
    }

    /// Folders written before the agents recorded their decisions have no `decision.*` columns; they still read.
    func testAHeaderWithoutDecisionColumnsStillReads() throws {
        let legacy = schema.header.filter { !$0.hasPrefix("decision.") }
        let old = try XCTUnwrap(TrialSchema(header: legacy))
        XCTAssertEqual(old.header, legacy)
        var record = old.record(experiment: "e", environment: "env", agent: "a", seed: 1, step: 0)
        record.objective = 2.5
        let table = try CSVText.parse(Data((CSVText.line(legacy) + old.line(record)).utf8), file: "t.csv")
        let read = try old.record(table.rows[0], file: "t.csv", line: table.lines[0])
        XCTAssertEqual(read.objective, 2.5)
        XCTAssertNil(read.decision)
    }

    func testAHeaderWithoutTellTimesStillReads() throws {
        XCTAssertEqual(schema.header.last, "tell_ms")
        let legacy = Array(schema.header.dropLast())
        let old = try XCTUnwrap(TrialSchema(header: legacy))
        var record = old.record(experiment: "e", environment: "env", agent: "a", seed: 1, step: 0)
        record.agentMs = 2
        let table = try CSVText.parse(Data((CSVText.line(legacy) + old.line(record)).utf8), file: "t.csv")
        let read = try old.record(table.rows[0], file: "t.csv", line: table.lines[0])
        XCTAssertEqual(read.agentMs, 2)
        XCTAssertNil(read.tellMs)
    }

    func testAHeaderThatIsNotATrialsHeaderIsRefused() {
        XCTAssertNil(TrialSchema(header: ["experiment", "environment"]))
        XCTAssertNotNil(TrialSchema(header: schema.header))
    }

    func testAFolderWithFilesSatuneDidNotWriteIsForeign() throws {
        let folder = ResultsFolder(
            FileManager.default.temporaryDirectory.appendingPathComponent("satune-foreign-\(UUID())"))
        defer { try? FileManager.default.removeItem(at: folder.url) }
        guard case .empty = try folder.contents() else { return XCTFail("a missing folder is empty") }
        try Files.createFolder(folder.url)
        try Data("my thesis".utf8).write(to: folder.file("thesis.tex"))
        guard case .foreign(let why) = try folder.contents() else { return XCTFail("foreign") }
        XCTAssertTrue(why.contains("thesis.tex"), why)
        try FileManager.default.removeItem(at: folder.file("thesis.tex"))
        try Data("{}".utf8).write(to: folder.file(RunInfo.fileName))
        guard case .damaged(let damage) = try folder.contents() else { return XCTFail("damaged") }
        XCTAssertTrue(damage.contains("run.json"), damage)
    }

    func testCreatingAFolderUnderAFileSaysSo() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("satune-file-\(UUID())")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data().write(to: file)
        XCTAssertThrowsError(try Files.createFolder(file.appendingPathComponent("results"))) { error in
            XCTAssertEqual("\(error)", "cannot create \(file.path)/results: \(file.path) is a file, not a folder")
        }
    }

    func testTheLockRefusesASecondWriterNamingTheFirst() throws {
        let folder = ResultsFolder(
            FileManager.default.temporaryDirectory.appendingPathComponent("satune-lock-\(UUID())"))
        defer { try? FileManager.default.removeItem(at: folder.url) }
        try Files.createFolder(folder.url)
        var first: FolderLock? = try FolderLock(folder: folder, purpose: "run")
        XCTAssertTrue(FolderLock.isHeld(folder))
        XCTAssertThrowsError(try FolderLock(folder: folder, purpose: "run")) { error in
            XCTAssertTrue(
                "\(error)".contains("in use by another satune process (satune run, pid \(getpid())"), "\(error)")
        }
        first = nil
        XCTAssertNil(first)
        XCTAssertFalse(FolderLock.isHeld(folder))
        XCTAssertNoThrow(try FolderLock(folder: folder, purpose: "run"))
    }
}

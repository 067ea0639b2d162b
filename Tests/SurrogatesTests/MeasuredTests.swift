import Foundation
import Optimization
import TuningKit
import XCTest

@testable import Surrogates

/// Surfaces learned from measured configurations, on small files made here: a known function sampled on a grid
/// (the forest learns it), the failure cut-off, the process cache, and bad files said with their lines.
final class MeasuredTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("satune-measured-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try write(
            "knobs.json",
            #"""
            {"buffer_size": {"type": "integer", "min": 1024, "max": 1048576, "default": 8192},
             "threads": {"type": "integer", "min": 0, "max": 100, "default": 0},
             "mode": {"type": "enum", "enum_values": ["fast", "safe", "slow"], "default": "safe"}}
            """#)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: folder) }

    @discardableResult
    private func write(_ name: String, _ text: String) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    /// The function measured: smooth in log(buffer_size) and threads, shifted by the mode; 240 (a cut-off)
    /// where threads exceed 80.
    private func latency(_ buffer: Double, _ threads: Double, _ mode: String) -> Double {
        if threads > 80 { return 240 }
        let b = log2(buffer) - 15
        return 100 + 4 * b * b + 0.02 * (threads - 40) * (threads - 40) + ["fast": -20, "safe": 0, "slow": 30][mode]!
    }

    /// A grid of measured configurations, the default first.
    private func grid() throws -> URL {
        var lines = [",buffer_size,threads,mode,lat", "0,8192,0,safe,\(latency(8192, 0, "safe"))"]
        var i = 1
        for b in stride(from: 10.0, through: 20.0, by: 0.5) {
            for t in stride(from: 0.0, through: 100.0, by: 10) {
                for mode in ["fast", "safe", "slow"] {
                    let buffer = pow(2, b).rounded()
                    lines.append("\(i),\(Int(buffer)),\(Int(t)),\(mode),\(latency(buffer, t, mode))")
                    i += 1
                }
            }
        }
        return try write("grid.csv", lines.joined(separator: "\n") + "\n")
    }

    func testTheForestLearnsAKnownFunctionAndFindsItsOptimum() throws {
        let table = try MeasuredTable(
            data: grid(), knobs: folder.appendingPathComponent("knobs.json"), objective: "lat")
        XCTAssertEqual(table.defaultRow, 0)
        XCTAssertEqual(table.space.names, ["buffer_size", "threads", "mode"])
        XCTAssertTrue(table.space["buffer_size"]!.logScale, "a byte size over three orders of magnitude")
        XCTAssertFalse(table.space["threads"]!.logScale)
        let r2 = RandomForest.crossValidatedR2(inputs: table.features, outputs: table.values, seed: 1)
        XCTAssertGreaterThan(r2, 0.9)
        let env = MeasuredEnvironment(
            table: table, objective: Objective(name: "lat", unit: "s", direction: .minimize), failureAt: 240)
        let optimum = try XCTUnwrap(env.reference).optimum
        XCTAssertEqual(optimum, 80, accuracy: 3, "fast mode, 32 kB buffer, 40 threads: 80")
        XCTAssertEqual(
            try env.evaluate(env.defaultConfiguration, trial: 0).objective!, latency(8192, 0, "safe"), accuracy: 5)
    }

    func testTheCutOffIsAFailureRegion() throws {
        let table = try MeasuredTable(
            data: grid(), knobs: folder.appendingPathComponent("knobs.json"), objective: "lat")
        let env = MeasuredEnvironment(
            table: table, objective: Objective(name: "lat", unit: "s", direction: .minimize), failureAt: 240)
        let crowded = try env.space.configuration(assigning: [("threads", "95")])
        let failed = try env.evaluate(crowded, trial: 1)
        XCTAssertTrue(failed.failed)
        XCTAssertTrue(failed.failureReason!.contains("failure cut-off"), failed.failureReason!)
        XCTAssertFalse(try env.evaluate(try env.space.configuration(assigning: [("threads", "40")]), trial: 2).failed)
    }

    func testAForestIsFittedOncePerFilesAndProcess() throws {
        let table = try MeasuredTable(
            data: grid(), knobs: folder.appendingPathComponent("knobs.json"), objective: "lat")
        let objective = Objective(name: "lat", unit: "s", direction: .minimize)
        let started = ContinuousClock.now
        let first = MeasuredEnvironment(table: table, objective: objective, failureAt: nil)
        let firstTook = ContinuousClock.now - started
        let again = ContinuousClock.now
        let second = MeasuredEnvironment(table: table, objective: objective, failureAt: nil)
        XCTAssertEqual(first.forest.treePredictions([8192, 10, 1]), second.forest.treePredictions([8192, 10, 1]))
        XCTAssertLessThan((ContinuousClock.now - again).seconds, firstTook.seconds / 2, "the second one is cached")
    }

    func testBadFilesAreSaidWithTheirLines() throws {
        let knobs = folder.appendingPathComponent("knobs.json")
        let good = try String(contentsOf: grid(), encoding: .utf8).split(separator: "\n").map(String.init)
        func refusal(_ lines: [String], objective: String = "lat") throws -> String {
            let file = try write("bad.csv", lines.joined(separator: "\n") + "\n")
            do {
                _ = try MeasuredTable(data: file, knobs: knobs, objective: objective)
                return "accepted"
            } catch {
                return "\(error)"
            }
        }
        XCTAssertTrue(try refusal(good, objective: "tps").contains("bad.csv: line 1: no column tps"))
        var unknown = good
        unknown[0] = unknown[0].replacingOccurrences(of: "threads", with: "thread_count")
        XCTAssertTrue(try refusal(unknown).contains("line 1: column thread_count is no knob of"))
        var text = good
        text[5] = text[5].replacingOccurrences(of: ",safe,", with: ",lots,").replacingOccurrences(
            of: ",fast,", with: ",lots,"
        )
        .replacingOccurrences(of: ",slow,", with: ",lots,")
        XCTAssertTrue(try refusal(text).contains("bad.csv: line 6: column mode: \"lots\" is not one of"))
        var number = good
        var cells = number[9].split(separator: ",").map(String.init)
        cells[2] = "many"
        number[9] = cells.joined(separator: ",")
        XCTAssertTrue(try refusal(number).contains("bad.csv: line 10: column threads: expected a number, got \"many\""))
    }
}

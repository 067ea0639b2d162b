@testable import Experiments
import Foundation
import TuningKit
import XCTest

final class RunnerTests: XCTestCase {
    private func run(_ folder: URL) throws -> (Runner.Outcome, TrialTable) {
        let manifest = try Manifest.parse("""
        name: runner-test
        seeds: [1, 2, 3]
        budget: 12
        output: \(folder.path)
        environments:
          - type: simulator
            workload: oltp-write
            knobs: 8
        agents:
          - type: random-search
          - type: random-search
            sampling: latin-hypercube
        """)
        let outcome = try Runner(manifest: manifest).run()
        return (outcome, try TrialTable.read(folder.appendingPathComponent("trials.csv")))
    }

    private func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("satune-test-\(UUID().uuidString)")
    }

    func testRunWritesEveryEvaluationDeterministically() throws {
        let first = temporaryFolder(), second = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: first); try? FileManager.default.removeItem(at: second) }
        let (outcome, table) = try run(first)
        XCTAssertEqual(outcome.trials, 2 * 3 * 13)
        XCTAssertEqual(table.rows.count, 2 * 3 * 13)
        XCTAssertEqual(Array(table.header.prefix(6)), ["experiment", "environment", "agent", "seed", "step", "knob.shared_buffers"])
        XCTAssertEqual(table.header.filter { $0.hasPrefix("knob.") }.count, 8)
        XCTAssertEqual(table.header.filter { $0.hasPrefix("metric.") }.count, 38)
        XCTAssertEqual(table.header.last, "agent_ms")

        let (_, again) = try run(second)
        let deterministic = table.header.indices.filter { !table.header[$0].hasSuffix("_ms") }
        XCTAssertEqual(table.rows.map { r in deterministic.map { r[$0] } }, again.rows.map { r in deterministic.map { r[$0] } })

        for name in ["manifest.yaml", "run.json", "summary.csv"] {
            XCTAssert(FileManager.default.fileExists(atPath: first.appendingPathComponent(name).path), name)
        }
        let summary = try CSVFile.read(first.appendingPathComponent("summary.csv"))
        XCTAssertEqual(summary.rows.count, 2)
        let optimum = try XCTUnwrap(try RunInfo.read(from: first).environments.first?.optimum)
        XCTAssertLessThan(optimum, table.number(table.rows[0], "objective")!, "the optimum beats the default")
    }

    func testBestSoFarRegretAndCommonRandomNumbers() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (_, table) = try run(folder)
        for run in table.runs() {
            for seed in run.seeds {
                XCTAssertEqual(seed.rows.map { table.text($0, "step") }, (0...12).map(String.init))
                let best = seed.rows.map { table.number($0, "best_objective")! }
                XCTAssertEqual(best, best.indices.map { i in seed.rows[0...i].compactMap { table.number($0, "objective") }.min()! })
                XCTAssertEqual(table.number(seed.rows[0], "normalized_regret"), 1)
                XCTAssertEqual(table.number(seed.rows[0], "reward"), 0)
                for row in seed.rows { XCTAssertGreaterThanOrEqual(table.number(row, "regret")!, 0) }
            }
        }
        // Both agents measure the same default under the same seed: the noise comes from the seed, not the agent.
        let runs = table.runs()
        XCTAssertEqual(table.text(runs[0].seeds[0].rows[0], "objective"), table.text(runs[1].seeds[0].rows[0], "objective"))
        XCTAssertNotEqual(table.text(runs[0].seeds[0].rows[0], "objective"), table.text(runs[0].seeds[1].rows[0], "objective"))
    }

    /// An environment that breaks on some configurations.
    final class Fragile: Environment {
        let space = KnobSpace([Knob(name: "x", domain: .real(0...1), defaultValue: .real(0.5))])
        let metricNames: [String] = []
        let objective = Objective(name: "value", unit: "", direction: .minimize)
        struct Broken: Error {}
        func evaluate(_ configuration: Configuration) throws -> TuningKit.Measurement {
            let x = configuration.values[0].number!
            if x > 0.9 { throw Broken() }
            if x > 0.8 { return .failure("out of memory") }
            if x > 0.7 { return Measurement(objective: .nan) }
            return Measurement(objective: x)
        }
    }

    func testFailuresBecomeFailedMeasurements() {
        let env = Fragile()
        XCTAssertEqual(Cell.measure(Configuration([.real(0.85)]), in: env).failureReason, "out of memory")
        XCTAssertEqual(Cell.measure(Configuration([.real(0.95)]), in: env).failureReason, "evaluation error: Broken()")
        XCTAssertEqual(Cell.measure(Configuration([.real(0.75)]), in: env).failureReason, "the environment returned no finite objective")
        XCTAssert(Cell.measure(Configuration([.real(2)]), in: env).failureReason!.hasPrefix("invalid configuration: knob x: 2.0 is outside"))
        XCTAssertEqual(Cell.measure(Configuration([.real(0.25)]), in: env).objective, 0.25)
    }

    func testTrackerPenalizesFailuresAndKeepsTheBest() {
        let objective = Objective(name: "value", unit: "", direction: .minimize)
        var tracker = Tracker(objective: objective, reference: nil, defaultConfiguration: Configuration([.real(0.5)]))
        XCTAssertEqual(tracker.record(Configuration([.real(0.5)]), Measurement(objective: 4)).reward, 0)
        let failed = tracker.record(Configuration([.real(0.9)]), .failure("crash"))
        XCTAssertEqual(failed.reward, CDBTuneReward().failurePenalty)
        XCTAssertEqual(failed.bestObjective, 4)
        let better = tracker.record(Configuration([.real(0.1)]), Measurement(objective: 2))
        XCTAssertEqual(better.bestObjective, 2)
        XCTAssertEqual(better.reward, (1.5 * 1.5 - 1) * 1.5, accuracy: 1e-12)  // 4 -> 2: d0 = dp = 0.5
        XCTAssertNil(better.regret)
    }

    func testASQLiteManifestRecordsKnobsAsPragmasAndSQLitesCounters() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let workload = folder.appendingPathComponent("tiny.sql")
        try Data("-- @setup\nCREATE TABLE t(x);\n-- @run\nINSERT INTO t VALUES (1);\nSELECT count(*) FROM t;\n".utf8).write(to: workload)
        let manifest = try Manifest.parse("""
        name: sqlite-test
        seeds: [1]
        budget: 3
        output: \(folder.appendingPathComponent("out").path)
        environments:
          - type: sqlite
            workload: \(workload.path)
            knobs: [journal_mode, synchronous, cache_size]
            safe_only: true
            warmup: 0
            repetitions: 1
        agents:
          - type: random-search
        """)
        XCTAssertEqual(manifest.environments[0].label, "sqlite-tiny-k3-safe")
        let outcome = try Runner(manifest: manifest).run()
        XCTAssertEqual(outcome.failedTrials, 0)
        let table = try TrialTable.read(folder.appendingPathComponent("out/trials.csv"))
        XCTAssertEqual(table.header.filter { $0.hasPrefix("knob.") }, ["knob.journal_mode", "knob.synchronous", "knob.cache_size"])
        XCTAssertTrue(table.header.contains("metric.cache_hit"))
        let column = try XCTUnwrap(table.header.firstIndex(of: "knob.journal_mode"))
        XCTAssertEqual(table.rows[0][column], "DELETE")
        let cache = try XCTUnwrap(table.header.firstIndex(of: "knob.cache_size"))
        XCTAssertTrue(table.rows.allSatisfy { Int($0[cache])! < 0 }, "cache_size is written in -KiB as the PRAGMA takes it")
    }

    func testSQLiteManifestProblemsNameTheField() {
        XCTAssertThrowsError(try Manifest.parse("""
        name: bad
        budget: 3
        environments:
          - type: sqlite
            workload: no-such-file.sql
            knobs: [journal_mode, shared_buffers]
        agents:
          - type: random-search
        """, file: "bad.yaml")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("environments[0].workload"), text)
            XCTAssertTrue(text.contains("shared_buffers"), text)
        }
    }
}

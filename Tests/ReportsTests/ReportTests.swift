import Campaigns
import Foundation
import Manifests
import Results
import XCTest

@testable import Reports

final class ReportTests: XCTestCase {
    func testAxisTicksAreRoundAndCoverTheData() {
        let axis = Axis(covering: [2.17, 4.81])
        XCTAssertLessThanOrEqual(axis.lower, 2.17)
        XCTAssertGreaterThanOrEqual(axis.upper, 4.81)
        XCTAssertEqual(axis.ticks.first, axis.lower)
        for tick in axis.ticks { XCTAssertEqual((tick / 0.5).rounded() * 0.5, tick, accuracy: 1e-12) }
        XCTAssertEqual(Axis.niceStep(0.37), 0.5)
        XCTAssertEqual(Axis.niceStep(13), 20)
        XCTAssertEqual(Axis.label(2.5), "2.5")
        XCTAssertEqual(Axis.label(40), "40")
        XCTAssertEqual(Axis(covering: [0.4, 24]).lower, 0, "a non-negative series keeps a zero floor")
        let flat = Axis(covering: [3, 3])
        XCTAssertLessThan(flat.lower, 3)
        XCTAssertGreaterThan(flat.upper, 3)
    }

    func testALogarithmicAxisHasATickAtEachPowerOfTen() {
        let axis = Axis(logCovering: [0.003, 0.2, 17, 0])
        XCTAssertEqual(axis.ticks, [0.001, 0.01, 0.1, 1, 10, 100])
        XCTAssertEqual(axis.map(0.1, from: 0, to: 500), 200, accuracy: 1e-9)
        XCTAssertEqual(axis.map(0, from: 0, to: 500), 0, "zero sits at the axis' start")
    }

    func testStaircaseHoldsEachValue() {
        let steps = LineChart.staircase([(0, 5, 4, 6), (1, 3, 2, 4)])
        XCTAssertEqual(steps.map(\.x), [0, 1, 1])
        XCTAssertEqual(steps.map(\.y), [5, 5, 3])
    }

    func testReportIsSelfContainedWithAChartPerEnvironment() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("satune-report-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = try Manifest.parse(
            """
            name: report-test
            seeds: 2
            budget: 6
            output: \(folder.path)
            environments:
              - type: simulator
                name: "sim <quiet>"
                workload: oltp-write
                knobs: 4
                noise: 0.01
              - type: simulator
                name: noisy
                workload: oltp-write
                knobs: 4
                noise: 0.2
            agents:
              - type: random-search
            """)
        _ = try CampaignRunner(manifest: manifest).run()
        let html = try String(contentsOf: HTMLReport.rebuild(ResultsFolder(folder)).report, encoding: .utf8)
        XCTAssertEqual(
            html.components(separatedBy: "<svg").count - 1, 7,
            "F1 per environment, F2's two charts, F3, F7's two (F8 needs 20 trials)")
        XCTAssert(html.contains("Normalized regret of the objective at the end"))
        XCTAssert(html.contains("sim &lt;quiet&gt;: recommended latency_p95"))
        XCTAssert(html.contains("recommended latency_p95 (ms), lower is better"))
        XCTAssert(html.contains("evaluations (0 = default configuration)"))
        XCTAssert(html.contains("<polyline"))
        XCTAssert(html.contains("Paired comparisons"))
        XCTAssert(html.contains("Noise floor"))
        XCTAssertFalse(html.contains("Partial results"))
        XCTAssertNil(html.range(of: #"(src|href)="(https?:)?//"#, options: .regularExpression))
        XCTAssertFalse(html.contains("<script"))
    }

    func testFailedEvaluationsAreListedByKindWithAnExample() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("satune-report-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        // Random shared_buffers and work_mem on a machine of 8 GB: many configurations do not fit.
        let manifest = try Manifest.parse(
            """
            name: failures
            seeds: 1
            budget: 30
            output: \(folder.path)
            environments: [{type: simulator, workload: olap, hardware: small, knobs: 2}]
            agents: [{type: random-search}]
            """)
        let results = try CampaignRunner(manifest: manifest).run().results
        let failed = results.trials.filter(\.failed)
        XCTAssertFalse(failed.isEmpty, "the surface has failures for the section to show")
        let html = try String(contentsOf: HTMLReport.rebuild(ResultsFolder(folder)).report, encoding: .utf8)
        XCTAssertTrue(html.contains("<h2>Failed evaluations</h2>"))
        let kinds = Set(failed.map { String($0.failureReason!.prefix { $0 != ":" }) })
        for kind in kinds { XCTAssertTrue(html.contains("<td>\(kind)</td>"), kind) }
        let counts = HTMLReport.failureRows(results).map { Int($0["count"]!)! }
        XCTAssertEqual(counts.reduce(0, +), failed.count, "every failed evaluation counted once")
        XCTAssertEqual(counts, counts.sorted(by: >), "most frequent first")
    }
}

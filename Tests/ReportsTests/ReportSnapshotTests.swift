import Foundation
import TuningKit
import XCTest

@testable import Reports
@testable import Results

/// The HTML of a small report, compared with a reviewed copy (`Snapshots/small-report.html`): any change
/// to the page shows up as a diff to look at. `SATUNE_RECORD_SNAPSHOTS=1 swift test --filter ReportSnapshot`
/// writes a new copy after a deliberate change.
final class ReportSnapshotTests: XCTestCase {
    private let snapshot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Snapshots/small-report.html")

    /// Two agents, three seeds, a budget of 2 (the records of `HandComputedSummaryTests`), fixed provenance.
    private func results() throws -> CampaignResults {
        let provenance = Provenance(
            satuneVersion: "0.0.0", gitCommit: "0123456789abcdef0123456789abcdef01234567", host: "host",
            operatingSystem: "Linux",
            processors: 2, openblasVersion: "0.3.21", blasCore: "Haswell", blasThreads: 1,
            blasConfiguration: "OpenBLAS 0.3.21",
            sqliteVersion: "3.40.1", environmentVariables: ["OPENBLAS_NUM_THREADS": "1"])
        let schema = TrialSchema(knobNames: [], metricNames: [])
        let info = RunInfo(
            experiment: "snapshot", seeds: [1, 2, 3], budget: 2, remeasure: 0, manifestHash: "0",
            environments: [
                .init(
                    label: "env <a>", type: "branin", parameters: [:],
                    objective: .init(Objective(name: "time", unit: "s", direction: .minimize)),
                    knobs: [], metrics: [], optimum: nil, timingSensitive: false)
            ],
            agents: [
                .init(label: "a", type: "random-search", parameters: [:]),
                .init(label: "b", type: "random-search", parameters: [:]),
            ],
            columns: schema.header, shard: nil, provenance: provenance,
            sessions: [
                .init(
                    command: "satune run m.yaml", startedAt: "2026-01-01T00:00:00Z", finishedAt: nil, host: "host",
                    pid: 1, jobs: 1,
                    status: .complete, provenance: provenance)
            ])
        var trials: [TrialRecord] = []
        for (agent, seed, values) in [
            ("a", UInt64(1), [10.0, 8, 9]), ("a", 2, [12, 12, 6]), ("a", 3, [10, 11, 10]),
            ("b", 1, [10, 9, 7]), ("b", 2, [12, 13, 11]), ("b", 3, [10, 5, 8]),
        ] {
            var best = Double.infinity
            for (step, value) in values.enumerated() {
                var record = schema.record(
                    experiment: "snapshot", environment: "env <a>", agent: agent, seed: seed, step: step)
                best = min(best, value)
                record.objective = value
                record.bestObjective = best
                trials.append(record)
            }
        }
        return try CampaignResults(info: info, trials: trials, remeasured: [], files: ("t", "r"))
    }

    func testASmallReportMatchesItsReviewedCopy() throws {
        let html = try HTMLReport.render(results(), manifest: "name: snapshot\n")
        if ProcessInfo.processInfo.environment["SATUNE_RECORD_SNAPSHOTS"] == "1" {
            try Data(html.utf8).write(to: snapshot)
        }
        let reviewed = try String(contentsOf: snapshot, encoding: .utf8)
        XCTAssertEqual(
            html, reviewed, "the report changed; look at the difference and record a new snapshot if it is meant")
    }
}

import Foundation
import TuningKit
import XCTest

@testable import Results

/// `summary.csv` and `pairwise.csv` on records small enough to check by hand.
final class HandComputedSummaryTests: XCTestCase {
    /// Two agents, three seeds, a budget of 2 on a minimized objective without a known optimum. Runs (objective by step):
    ///   a: seed 1: 10, 8, 9    seed 2: 12, 12, 6    seed 3: 10, 11, 10
    ///   b: seed 1: 10, 9, 7    seed 2: 12, fails, 11 seed 3: 10, 5, 8
    static func results(
        provenance: Provenance = .current(
            libraries: .init(
                blasConfiguration: "OpenBLAS test", blasCore: "test", blasThreads: 1, sqliteVersion: "test"),
            withCommit: false)
    ) throws -> CampaignResults {
        let info = RunInfo(
            experiment: "hand", seeds: [1, 2, 3], budget: 2, remeasure: 0, manifestHash: "0",
            environments: [
                .init(
                    label: "env", type: "branin", parameters: [:],
                    objective: .init(Objective(name: "time", unit: "s", direction: .minimize)),
                    knobs: [], metrics: [], optimum: nil, timingSensitive: false)
            ],
            agents: [
                .init(label: "a", type: "random-search", parameters: [:]),
                .init(label: "b", type: "random-search", parameters: [:]),
            ],
            columns: TrialSchema(knobNames: [], metricNames: []).header, shard: nil, provenance: provenance,
            sessions: [])
        let schema = TrialSchema(knobNames: [], metricNames: [])
        let runs: [(String, UInt64, [Double?])] = [
            ("a", 1, [10, 8, 9]), ("a", 2, [12, 12, 6]), ("a", 3, [10, 11, 10]),
            ("b", 1, [10, 9, 7]), ("b", 2, [12, nil, 11]), ("b", 3, [10, 5, 8]),
        ]
        var trials: [TrialRecord] = []
        for (agent, seed, values) in runs {
            var best = Double.infinity
            for (step, value) in values.enumerated() {
                var record = schema.record(experiment: "hand", environment: "env", agent: agent, seed: seed, step: step)
                record.objective = value
                record.failureReason = value == nil ? "crash" : nil
                if let value { best = min(best, value) }
                record.bestObjective = best
                record.elapsedMs = 1000
                record.agentMs = 500
                trials.append(record)
            }
        }
        return try CampaignResults(info: info, trials: trials, remeasured: [], files: ("t", "r"))
    }

    func testTheSummaryOfSmallRunsIsWhatAHandComputes() throws {
        let results = try Self.results()
        let a = results.summary[0], b = results.summary[1]
        // Final best: a = 8, 6, 10 -> median 8; b = 7, 11, 5 -> median 7.
        XCTAssertEqual(a.finalObjective?.median, 8)
        XCTAssertEqual(a.finalObjective?.q25, 7)
        XCTAssertEqual(b.finalObjective?.median, 7)
        // Improvement over each run's default: a = 20%, 50%, 0% -> 20; b = 30%, 8.33%, 50% -> 30.
        XCTAssertEqual(a.improvement!.median, 20, accuracy: 1e-12)
        XCTAssertEqual(b.improvement!.median, 30, accuracy: 1e-12)
        XCTAssertEqual(a.defaultObjectiveMedian, 10)
        // The best improvement known is b's 50% (seed 3) or a's 50% (seed 2): 90% of it is 45%.
        // a reaches it at step 2 on seed 2 only (never on seeds 1, 3) -> median "never".
        XCTAssertNil(a.evaluationsTo[0])
        // b: seed 3 reaches 50% at step 1; seeds 1 (30%) and 2 (8.3%) never -> median "never".
        XCTAssertNil(b.evaluationsTo[0])
        XCTAssertEqual(b.failedTrials, 1)
        XCTAssertEqual(a.evaluationSeconds, 9 * 1.0)
        XCTAssertEqual(a.agentSeconds, 9 * 0.5)
        // The noise floor: the CV of the step-0 measurements of seeds 1-3 (10, 12, 10).
        XCTAssertEqual(a.noiseFloorCV!, (4.0 / 3).squareRoot() / (32.0 / 3), accuracy: 1e-12)
        XCTAssertNil(a.normalizedRegret, "no optimum, no regret")
    }

    func testThePairedComparisonIsWhatAHandComputes() throws {
        let row = try XCTUnwrap(try Self.results().pairwise.first)
        // These records name no recommendation: a run is judged by its best measurement both ways.
        XCTAssertEqual(row.recommended, row.measured)
        let pair = row.measured
        // a - b per seed: 8 - 7 = 1, 6 - 11 = -5, 10 - 5 = 5.
        XCTAssertEqual(pair.n, 3)
        XCTAssertEqual(pair.winsA, 1)
        XCTAssertEqual(pair.winsB, 2)
        XCTAssertEqual(pair.medianDifference, 1)
        // |d| = 1, 5, 5: tied ranks (1, 2.5, 2.5), so the normal approximation: W+ = 1 + 2.5 = 3.5, mean 3,
        // variance 3 * 4 * 7 / 24 - (8 - 2) / 48 = 3.375, z = 0.5 / sqrt(3.375), p = erfc(|z| / sqrt 2).
        XCTAssertFalse(pair.test!.exact)
        XCTAssertEqual(pair.test!.statistic, 3.5)
        XCTAssertEqual(pair.test!.p, erfc(0.5 / 3.375.squareRoot() / 2.0.squareRoot()), accuracy: 1e-12)
    }

    /// A run with a confirmation phase is judged against the default measured in the same rounds: on a machine
    /// that drifted (the default read 10 at step 0 and 12 and 14 in the two confirmation rounds), the confirmed
    /// gain of the recommendation (x = 1: 7 and 9 in the rounds, mean 8) is (13 - 8) / 13, not (10 - 8) / 10.
    func testAConfirmedRunIsJudgedAgainstTheDefaultOfItsConfirmationRounds() throws {
        let schema = TrialSchema(knobNames: ["x"], metricNames: [])
        // (x, objective, confirmation?): the default, two proposals (x = 2 measured lucky), then two rounds of
        // the default and the two candidates.
        let steps: [(String, Double, Bool)] = [
            ("0", 10, false), ("1", 6, false), ("2", 5, false),
            ("0", 12, true), ("2", 11, true), ("1", 7, true),
            ("0", 14, true), ("2", 12, true), ("1", 9, true),
        ]
        let trials = steps.enumerated().map { step, entry in
            var record = schema.record(experiment: "c", environment: "env", agent: "a", seed: 1, step: step)
            record.knobValues = [entry.0]
            record.objective = entry.1
            record.throughput = 100 / entry.1
            record.decision = entry.2 ? Decision(family: .confirmation) : nil
            record.recommendedStep = 1
            record.recommendedObjective = 8
            return record
        }
        let run = CampaignResults.Run(key: CellKey(environment: "env", agent: "a", seed: 1), trials: trials)
        XCTAssertEqual(run.judgedDefault, 13)
        let recommended = (100.0 / 7 + 100.0 / 9) / 2, byDefault = (100.0 / 12 + 100.0 / 14) / 2
        XCTAssertEqual(
            run.improvement(in: .throughput)!, (recommended / byDefault - 1) * 100, accuracy: 1e-9,
            "throughput: the recommendation's mean over its rounds against the default's")
        // Without a confirmation phase the step-0 measurement is the baseline.
        let plain = CampaignResults.Run(key: run.key, trials: Array(trials.prefix(3)))
        XCTAssertEqual(plain.judgedDefault, 10)
    }
}

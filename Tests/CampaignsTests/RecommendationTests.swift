import Foundation
import TestSupport
import TuningKit
import XCTest

@testable import Campaigns
@testable import Manifests
@testable import Results

/// A run is judged by the configuration it recommends: on a noisy surface, the candidate confirmed by fresh
/// measurements beats the luckiest measurement in expectation; a run without confirmation recommends its best
/// measured configuration.
final class RecommendationTests: XCTestCase {
    private func run(_ scratch: Scratch, confirm: String) throws -> CampaignResults {
        let folder = scratch.path(confirm.isEmpty ? "out-plain" : "out-confirmed")
        let text = [
            "name: recommend", "seeds: 20", "budget: 40", confirm, "output: \(folder)",
            "environments: [{type: simulator, workload: oltp-read, knobs: 16, noise: 0.15}]",
            "agents: [{type: random-search}]",
        ].joined(separator: "\n")
        return try CampaignRunner(manifest: Manifest.parse(text)).run().results
    }

    func testTheConfirmedChoiceBeatsTheLuckiestMeasurementInExpectation() throws {
        let scratch = Scratch()
        let results = try run(scratch, confirm: "confirm: {candidates: 3, repeats: 3}")
        let phase = Confirmation(candidates: 3, repeats: 3)
        var confirmed: [Double] = [], luckiest: [Double] = []
        for run in results.runs {
            let last = try XCTUnwrap(run.trials.last)
            confirmed.append(try XCTUnwrap(last.recommendedRegret))
            // The luckiest measurement before the phase: what the run would have deployed without confirming.
            luckiest.append(try XCTUnwrap(run.trials[run.trials.count - phase.evaluations - 1].normalizedRegret))
            let phaseTrials = run.trials.suffix(phase.evaluations)
            XCTAssertTrue(phaseTrials.allSatisfy { $0.decision?.family == .confirmation })
            XCTAssertEqual(
                phaseTrials.filter { $0.knobValues == run.trials[0].knobValues }.count, 3, "the default each round")
        }
        let mean = { (values: [Double]) in values.reduce(0, +) / Double(values.count) }
        XCTAssertLessThan(mean(confirmed), mean(luckiest), "confirmed \(confirmed), luckiest \(luckiest)")
    }

    func testWithoutConfirmationTheRecommendationIsTheBestMeasured() throws {
        let scratch = Scratch()
        let results = try run(scratch, confirm: "")
        for run in results.runs {
            for trial in run.trials where trial.recommendedStep != nil {
                XCTAssertEqual(trial.recommendedRegret, trial.normalizedRegret, "step \(trial.step)")
                XCTAssertEqual(run.trials[trial.recommendedStep!].objective, trial.bestObjective)
            }
        }
    }

    func testTheNoiseFloorIsTheSpreadOfTheDefaultsMeasurements() {
        let records = [10.0, 12, 11, 9, 13].enumerated().map {
            NoiseRecord(environment: "db", run: $0.offset, objective: $0.element, failureReason: nil, elapsedMs: 1)
        }
        let floor = NoiseRecord.floors(
            records + [NoiseRecord(environment: "db", run: 5, objective: nil, failureReason: "down", elapsedMs: 1)])
        XCTAssertEqual(floor["db"]?.runs, 5, "a failed run has no value")
        XCTAssertEqual(floor["db"]!.cv, Statistics.coefficientOfVariation([10, 12, 11, 9, 13])!, accuracy: 1e-12)
        XCTAssertEqual(
            floor["db"]!.cv, (2.5).squareRoot() / 11, accuracy: 1e-9, "sample standard deviation over the mean")
    }
}

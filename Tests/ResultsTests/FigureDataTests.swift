import Foundation
import TuningKit
import XCTest

@testable import Results

/// The analyses behind the report's figures: the median's order-statistic interval (F1), knob
/// importance (F8), and the run outcomes (F2, F9).
final class FigureDataTests: XCTestCase {
    func testTheMediansIntervalMatchesTheBinomialTable() throws {
        let ten = (1...10).map(Double.init).shuffled()
        XCTAssertEqual(OrderStatistics.rank(count: 10, level: 0.95), 2)
        XCTAssertEqual(OrderStatistics.medianInterval(ten)?.low, 2)
        XCTAssertEqual(OrderStatistics.medianInterval(ten)?.high, 9)
        // n = 100: x(40) and x(61) (coverage 0.965; x(41), x(60) would cover 0.943).
        XCTAssertEqual(OrderStatistics.rank(count: 100, level: 0.95), 40)
        let few = try XCTUnwrap(OrderStatistics.medianInterval([3, 1, 2]))
        XCTAssertEqual([few.low, few.high], [1, 3], "fewer than 6 values: the range")
        XCTAssertNil(OrderStatistics.medianInterval([]))
    }

    /// Trials of a made-up surface where knob a matters a lot, b a little and c not at all.
    private func surface() -> (RunInfo.EnvironmentInfo, [CampaignResults.Run]) {
        let schema = TrialSchema(knobNames: ["a", "b", "c"], metricNames: [])
        let env = RunInfo.EnvironmentInfo(
            label: "made-up", type: "simulator", parameters: [:],
            objective: .init(Objective(name: "latency", unit: "ms", direction: .minimize)),
            knobs: ["a", "b", "c"].map {
                RunInfo.KnobInfo(name: $0, type: "real", range: "0...1", defaultValue: "0.5", logScale: false)
            },
            metrics: [], optimum: nil, timingSensitive: false)
        var generator = SeededGenerator(seed: 7)
        var runs: [CampaignResults.Run] = []
        for seed in 1...4 {
            var run = CampaignResults.Run(key: CellKey(environment: "made-up", agent: "r", seed: UInt64(seed)))
            var best = Double.infinity
            for step in 0..<60 {
                let x = (0..<3).map { _ in generator.nextDouble() }
                var record = schema.record(
                    experiment: "e", environment: "made-up", agent: "r", seed: UInt64(seed), step: step)
                record.knobValues = x.map { String($0) }
                let value = 10 + 8 * (x[0] - 0.3) * (x[0] - 0.3) * 10 + 2 * x[1] + 0.05 * generator.nextGaussian()
                best = min(best, value)
                (record.objective, record.bestObjective) = (value, best)
                run.trials.append(record)
            }
            runs.append(run)
        }
        return (env, runs)
    }

    func testKnobImportanceRanksTheKnobsThatMatterAndIsRepeatable() throws {
        let (env, runs) = surface()
        let analysis = try XCTUnwrap(KnobImportance(environment: env, runs: runs))
        XCTAssertEqual(analysis.knobs.map(\.name), ["a", "b", "c"])
        XCTAssertGreaterThan(analysis.knobs[0].importance, 5 * analysis.knobs[1].importance)
        XCTAssertLessThan(abs(analysis.knobs[2].importance), 0.02)
        XCTAssertGreaterThan(analysis.heldOutR2, 0.9)
        XCTAssertEqual(analysis.trainingTrials, 120)
        let surface = try XCTUnwrap(analysis.surface)
        XCTAssertEqual([surface.x.name, surface.y.name], ["a", "b"])
        // The predicted minimum over a lies near 0.3, where the made-up surface has it.
        let row = surface.values[0]
        let argmin = row.indices.min { row[$0] < row[$1] }!
        let at = try XCTUnwrap(Double(surface.x.label(at: surface.xs[argmin])))
        XCTAssertEqual(at, 0.3, accuracy: 0.08)
        let again = try XCTUnwrap(KnobImportance(environment: env, runs: runs))
        XCTAssertEqual(again.knobs.map(\.importance), analysis.knobs.map(\.importance))
        XCTAssertEqual(again.surface?.values, surface.values)
    }

    func testKnobEncodingOfNumbersCategoriesAndLogScales() {
        let mode = KnobEncoding(name: "journal_mode", values: ["WAL", "DELETE", "WAL", "TRUNCATE"], logScale: false)
        XCTAssertEqual(mode.categories, ["DELETE", "TRUNCATE", "WAL"])
        XCTAssertEqual(mode.encode("TRUNCATE"), 0.5)
        XCTAssertNil(mode.encode("MEMORY"))
        XCTAssertEqual(mode.label(at: 1), "WAL")
        let memory = KnobEncoding(name: "work_mem", values: ["64", "4096", "262144"], logScale: true)
        XCTAssertEqual(memory.encode("4096")!, 0.5, accuracy: 1e-12)
        XCTAssertEqual(memory.label(at: 0.5), "4096")
    }

    func testTheIncumbentAndItsImprovementComeFromTheRecords() throws {
        let schema = TrialSchema(knobNames: [], metricNames: [])
        var run = CampaignResults.Run(key: CellKey(environment: "e", agent: "a", seed: 1))
        for (step, (objective, throughput, p99)) in [(10.0, 100.0, 50.0), (8, 120, 40), (9, 90, 60)].enumerated() {
            var record = schema.record(experiment: "x", environment: "e", agent: "a", seed: 1, step: step)
            (record.objective, record.throughput, record.latencyP99) = (objective, throughput, p99)
            record.bestObjective = min(objective, run.trials.last?.bestObjective ?? .infinity)
            run.trials.append(record)
        }
        XCTAssertEqual(run.incumbent()?.step, 1)
        XCTAssertEqual(try XCTUnwrap(run.improvement(in: .throughput)), 20, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(run.improvement(in: .latencyP99)), 20, accuracy: 1e-9)
        XCTAssertNil(run.improvement(in: .throughput, changeStep: 1), "a system that changed has no baseline")
    }

    func testRankCorrelationAgreesWithAHandComputation() throws {
        XCTAssertEqual(try XCTUnwrap(RankCorrelation.spearman([1, 2, 3, 4], [10, 20, 30, 40])), 1, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(RankCorrelation.spearman([1, 2, 3, 4], [4, 3, 2, 1])), -1, accuracy: 1e-12)
        // Ranks of y with a tie: [1, 2.5, 2.5, 4]; Pearson of [1, 2, 3, 4] with them is 0.9487.
        XCTAssertEqual(try XCTUnwrap(RankCorrelation.spearman([1, 2, 3, 4], [5, 7, 7, 9])), 0.948683, accuracy: 1e-6)
        XCTAssertEqual(RankCorrelation.ranks([3, 1, 3, 2]), [3.5, 1, 3.5, 2])
        XCTAssertNil(RankCorrelation.spearman([1, 2], [3, 4]))
        XCTAssertNil(RankCorrelation.spearman([1, 1, 1], [3, 4, 5]))
    }

    func testPredictionAccuracyFromTheDecisionColumns() throws {
        let schema = TrialSchema(knobNames: [], metricNames: [])
        var run = CampaignResults.Run(key: CellKey(environment: "e", agent: "bo", seed: 1))
        let latency = Objective(name: "latency", unit: "ms", direction: .minimize)
        for (step, (predicted, spread, measured)) in [(10.0, 1.0, 11.0), (20, 1, 19), (30, 1, 40), (40, 5, 41)]
            .enumerated()
        {
            var record = schema.record(experiment: "x", environment: "e", agent: "bo", seed: 1, step: step)
            record.objective = measured
            record.decision = Decision(family: .expectedImprovement, predicted: predicted, spread: spread)
            run.trials.append(record)
        }
        let accuracy = try XCTUnwrap(PredictionAccuracy(environment: "e", agent: "bo", objective: latency, runs: [run]))
        XCTAssert(accuracy.predictsObjective)
        XCTAssertEqual(accuracy.predictions, 4)
        XCTAssertEqual(try XCTUnwrap(accuracy.rankCorrelation), 1, accuracy: 1e-12)
        // |errors| / measured: 1/11, 1/19, 10/40, 1/41; median (0.0526 + 0.0909) / 2.
        XCTAssertEqual(try XCTUnwrap(accuracy.medianRelativeError), (1.0 / 19 + 1.0 / 11) / 2, accuracy: 1e-12)
        XCTAssertEqual(accuracy.withinTwoSpreads, 0.75, "10 off with a spread of 1 is outside")
        XCTAssertNil(PredictionAccuracy(environment: "e", agent: "other", objective: latency, runs: [run]))
    }
}

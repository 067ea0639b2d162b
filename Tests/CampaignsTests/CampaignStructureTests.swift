import Foundation
import Simulator
import TestSupport
import TuningKit
import XCTest

@testable import Campaigns
@testable import Manifests
@testable import Results

/// Manifest features the paper figures rely on: agents that run on some environments only (an
/// ablation on one surface), and simulated systems that change during a run (adaptability).
final class CampaignStructureTests: XCTestCase {
    private let restricted = """
        name: t
        seeds: [1, 2]
        budget: 4
        environments:
          - {type: simulator, name: a, workload: oltp-write, knobs: 4}
          - {type: branin}
        agents:
          - type: random-search
          - {type: random-search, name: lhs on a, sampling: latin-hypercube, environments: [a]}
        """

    func testAnAgentRunsOnTheEnvironmentsItNames() throws {
        let manifest = try Manifest.parse(restricted)
        let cells = Campaign(manifest).cells.map { "\($0.environment.label)/\($0.agent.label)/\($0.seed)" }
        XCTAssertEqual(
            cells,
            [
                "a/random-search/1", "a/random-search/2", "a/lhs on a/1", "a/lhs on a/2", "branin/random-search/1",
                "branin/random-search/2",
            ])
        XCTAssertNil(manifest.agents[1].parameters["environments"], "where an agent runs does not change its seed")
    }

    func testCellsRunSeedBySeed() throws {
        let campaign = Campaign(try Manifest.parse(restricted.replacingOccurrences(of: "[1, 2]", with: "[2, 1]")))
        let order = campaign.runOrder(campaign.cells.reversed()).map {
            "\($0.environment.label)/\($0.agent.label)/\($0.seed)"
        }
        XCTAssertEqual(
            order,
            [
                "a/random-search/2", "a/lhs on a/2", "branin/random-search/2", "a/random-search/1", "a/lhs on a/1",
                "branin/random-search/1",
            ], "the manifest's first seed first, each seed in manifest order")
    }

    func testAnUnknownEnvironmentInAnAgentsListIsAnError() {
        let text = restricted.replacingOccurrences(of: "environments: [a]", with: "environments: [a, nope]")
        XCTAssertThrowsError(try Manifest.parse(text, file: "m.yaml")) { error in
            let message = "\(error)"
            XCTAssert(message.contains("agents[1].environments"), message)
            XCTAssert(message.contains("no environment is named \"nope\"; known: a, branin"), message)
        }
    }

    func testARestrictedCampaignHasNoRowsForPairsThatDoNotRun() throws {
        let scratch = Scratch()
        let manifest = try Manifest.parse(restricted + "\noutput: \(scratch.path("r"))")
        let outcome = try runCampaign(manifest)
        let results = try CampaignResults.load(ResultsFolder(path: scratch.path("r")))
        XCTAssertEqual(results.runs.count, 6)
        XCTAssertEqual(results.cellsDone, 6)
        XCTAssertEqual(
            results.summary.map { "\($0.environment)/\($0.agent)" },
            ["a/random-search", "a/lhs on a", "branin/random-search"])
        XCTAssertEqual(results.pairwise.count, 1)
        XCTAssertEqual(results.info.agents[1].environments, ["a"])
        XCTAssertEqual(outcome.results.cellsTotal, 6)
    }

    func testASystemThatChangesMeasuresTheNewConditionsFromItsChange() throws {
        let before = DatabaseSimulator(
            workload: .named("oltp-write")!, hardware: .named("medium")!, knobCount: 8, seed: 3)
        let after = DatabaseSimulator(
            workload: .named("oltp-read")!, hardware: .named("medium")!, knobCount: 8, seed: 3)
        let changing = ChangingSystem(before: before, after: after, at: 5)
        let configuration = changing.defaultConfiguration
        XCTAssertEqual(
            try changing.evaluate(configuration, trial: 4).objective,
            try before.evaluate(configuration, trial: 4).objective)
        XCTAssertEqual(
            try changing.evaluate(configuration, trial: 5).objective,
            try after.evaluate(configuration, trial: 5).objective)
        XCTAssertNotEqual(
            try changing.evaluate(configuration, trial: 5).objective,
            try before.evaluate(configuration, trial: 5).objective)
        XCTAssertEqual(changing.reference?.optimum, after.reference?.optimum)
    }

    func testTheBestSoFarRestartsAtTheChangeAndRegretIsOfTheNewSystem() throws {
        let scratch = Scratch()
        let manifest = try Manifest.parse(
            """
            name: shift
            seeds: [1]
            budget: 10
            output: \(scratch.path("s"))
            environments:
              - {type: simulator, workload: olap, knobs: 4, shift_at: 6, shift_workload: oltp-read, noise: 0}
            agents:
              - type: random-search
            """)
        XCTAssertEqual(manifest.environments[0].label, "olap-k4-then-oltp-read@6")
        _ = try runCampaign(manifest)
        let results = try CampaignResults.load(ResultsFolder(path: scratch.path("s")))
        XCTAssertEqual(results.info.environments[0].changeStep, 6)
        let trials = results.runs[0].trials
        XCTAssert(trials[..<6].allSatisfy { $0.regret == nil }, "before the change, no regret on the new system")
        let afterChange = trials[6...].compactMap(\.objective)
        XCTAssertEqual(trials.last?.bestObjective, afterChange.min(), "the best so far covers the new system only")
        XCTAssertNotNil(trials.last?.normalizedRegret)
        XCTAssertNil(results.summary[0].improvement, "the step-0 default is not a baseline of the new system")
    }

    func testShiftKeysAreChecked() {
        for (yaml, expected) in [
            ("shift_workload: olap", "needs shift_at"),
            ("shift_at: 5", "shift_workload or shift_hardware must differ"),
            ("shift_at: 5\n    shift_hardware: tiny", "unknown hardware \"tiny\""),
            ("shift_at: 0\n    shift_workload: olap", "a trial number >= 1"),
            (
                "shift_at: 9\n    shift_workload: olap",
                "environments[0].shift_at: expected a trial in 1...3 (the budget)"
            ),
        ] {
            let text = """
                name: t
                seeds: 1
                budget: 3
                environments:
                  - type: simulator
                    \(yaml)
                agents:
                  - type: random-search
                """
            XCTAssertThrowsError(try Manifest.parse(text), yaml) { error in
                XCTAssert("\(error)".contains(expected), "\(yaml): \(error)")
            }
        }
    }
}

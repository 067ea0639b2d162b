import Foundation
import TestSupport
import TuningKit
import XCTest

@testable import Campaigns
@testable import Manifests

/// An agent's random streams come from its type and parameters, not its label; transfer starts a
/// campaign from the best configurations of an earlier one; every agent says why it proposed what it did.
final class AgentSeedingAndTransferTests: XCTestCase {
    private func manifest(
        _ scratch: Scratch, name: String, agents: String, hardware: String = "medium", seeds: Int = 2,
        budget: Int = 14
    ) throws -> Manifest {
        try Manifest.parse(
            """
            name: \(name)
            seeds: \(seeds)
            budget: \(budget)
            output: \(scratch.path(name))
            environments:
              - {type: simulator, workload: oltp-write, hardware: \(hardware), knobs: 4}
            agents:
            \(agents)
            """)
    }

    func testRenamingAnAgentChangesNothing() throws {
        let scratch = Scratch()
        let a = try runCampaign(manifest(scratch, name: "a", agents: "  - {type: random-search, name: first}"))
        let b = try runCampaign(manifest(scratch, name: "b", agents: "  - {type: random-search, name: renamed}"))
        XCTAssertEqual(a.results.trials.map(\.objective), b.results.trials.map(\.objective))
        XCTAssertEqual(a.results.trials.map(\.knobValues), b.results.trials.map(\.knobValues))
        let c = try runCampaign(
            manifest(scratch, name: "c", agents: "  - {type: random-search, name: first, sampling: latin-hypercube}"))
        XCTAssertNotEqual(
            a.results.trials.map(\.knobValues), c.results.trials.map(\.knobValues), "other parameters, other streams")
    }

    /// A switch added after the evidence was recorded (corner_share) enters the agent's identity, and so its
    /// random streams, only when it is given: the recorded manifests keep reproducing their results.
    func testTheCornerWalkSwitchEntersTheIdentityOnlyWhenGiven() throws {
        let scratch = Scratch()
        let plain = try manifest(scratch, name: "p", agents: "  - {type: sample-aware-ddpg}").agents[0]
        let walking = try manifest(scratch, name: "w", agents: "  - {type: sample-aware-ddpg, corner_share: 0.3}")
            .agents[0]
        XCTAssertFalse(plain.identity.contains("corner_share"), plain.identity)
        XCTAssertTrue(walking.identity.contains("corner_share=0.3"), walking.identity)
        XCTAssertThrowsError(
            try manifest(scratch, name: "x", agents: "  - {type: sample-aware-ddpg, corner_share: 2}")
        ) { XCTAssertTrue("\($0)".contains("corner_share"), "\($0)") }
    }

    func testEveryAgentRecordsItsDecisions() throws {
        let scratch = Scratch()
        let outcome = try runCampaign(
            manifest(
                scratch, name: "d",
                agents: """
                      - {type: random-search}
                      - {type: ddpg, actor_hidden: [8], critic_hidden: [8], batch_size: 4}
                      - {type: sample-aware-ddpg, actor_hidden: [8], critic_hidden: [8], batch_size: 4, critics: 2, warm_start: 4, pretrain_updates: 5, cloning_steps: 2, candidates: 16, updates_per_step: 2}
                      - {type: bayesian, initial_points: 4, candidates: 200}
                    """, seeds: 1, budget: 16))
        func kinds(_ agent: String) -> [String] {
            outcome.results.trials.filter { $0.agent == agent && $0.step > 0 }.map {
                $0.decision?.family.rawValue ?? "none"
            }
        }
        XCTAssertEqual(Set(kinds("random-search")), ["uniform"])
        XCTAssertEqual(Set(kinds("ddpg")), ["actor-noise"])
        XCTAssertEqual(Array(kinds("sample-aware-ddpg").prefix(4)), Array(repeating: "warm-start", count: 4))
        let families = Set(kinds("sample-aware-ddpg").dropFirst(4))
        XCTAssertTrue(families.isSuperset(of: ["global", "trust-region"]), "\(families)")
        XCTAssertTrue(
            families.isSubset(of: ["global", "trust-region", "actor", "restart", "uniform", "bound", "boundary"]))
        XCTAssertEqual(Array(kinds("bayesian").prefix(4)), Array(repeating: "latin-hypercube", count: 4))
        XCTAssertEqual(Set(kinds("bayesian").dropFirst(4)), ["expected-improvement"])
        let bo = outcome.results.trials.filter { $0.agent == "bayesian" && $0.step > 4 }
        XCTAssertTrue(
            bo.allSatisfy {
                $0.decision?.predicted != nil && ($0.decision?.spread ?? -1) >= 0 && $0.decision?.candidates ?? 0 > 200
            })
        let screened = outcome.results.trials.filter {
            $0.agent == "sample-aware-ddpg" && $0.step > 4
                && ["global", "trust-region", "actor"].contains($0.decision?.family.rawValue ?? "")
        }
        XCTAssertTrue(screened.allSatisfy { $0.decision?.candidates == 16 && $0.decision?.predicted != nil })
        XCTAssertNil(outcome.results.trials.first { $0.step == 0 }?.decision, "the default is nobody's decision")
    }

    func testTransferStartsFromTheBestConfigurationsOfAnEarlierCampaign() throws {
        let scratch = Scratch()
        let source = try runCampaign(
            manifest(scratch, name: "source", agents: "  - {type: random-search}", seeds: 2, budget: 30))
        let best = source.results.trials.filter { $0.objective != nil && $0.step > 0 }.min {
            $0.objective! < $1.objective!
        }!
        let target = try runCampaign(
            manifest(
                scratch, name: "target",
                agents: """
                      - {type: bayesian, name: warm, initial_points: 6, transfer_from: \(scratch.path("source"))}
                      - {type: sample-aware-ddpg, name: sa, transfer_from: \(scratch.path("source")), actor_hidden: [8], critic_hidden: [8], batch_size: 4, critics: 2, warm_start: 6, pretrain_updates: 5, cloning_steps: 2, candidates: 16, updates_per_step: 2}
                    """, hardware: "large", seeds: 1, budget: 8))
        for agent in ["warm", "sa"] {
            let first = target.results.trials.first { $0.agent == agent && $0.step == 1 }!
            XCTAssertEqual(first.decision?.family.rawValue, "transfer", agent)
            XCTAssertEqual(
                first.knobValues, best.knobValues, "\(agent) evaluates the source's best configuration first")
            let kinds = target.results.trials.filter { $0.agent == agent && $0.step > 0 }.prefix(6).map {
                $0.decision?.family.rawValue
            }
            XCTAssertEqual(kinds.filter { $0 == "transfer" }.count, 5, agent)
        }
        XCTAssertThrowsError(
            try manifest(scratch, name: "bad", agents: "  - {type: bayesian, transfer_from: \(scratch.path("none"))}")
        ) { error in
            XCTAssertTrue("\(error)".contains("agents[0].transfer_from: cannot transfer from"), "\(error)")
        }
        XCTAssertThrowsError(
            try manifest(
                scratch, name: "metrics",
                agents: "  - {type: sample-aware-ddpg, state: metrics, transfer_from: \(scratch.path("source"))}")
        ) { error in XCTAssertTrue("\(error)".contains("needs state: none"), "\(error)") }
        // A source of other knobs is refused when the manifest is read, before any run.
        XCTAssertThrowsError(
            try Manifest.parse(
                """
                name: other-knobs
                seeds: 1
                budget: 5
                output: \(scratch.path("other-knobs"))
                environments: [{type: branin}]
                agents: [{type: bayesian, transfer_from: \(scratch.path("source"))}]
                """)
        ) { error in
            XCTAssertTrue(
                "\(error)".contains("agents[0].transfer_from: on environment branin: transfer_from "), "\(error)")
            XCTAssertTrue("\(error)".contains("no trials of an environment with these knobs"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.path("other-knobs")))

        // The source's identity ignores wall-clock times: the same trials timed otherwise, the same streams.
        let copy = scratch.path("copy")
        try FileManager.default.copyItem(atPath: scratch.path("source"), toPath: copy)
        let trials = copy + "/trials.csv"
        let retimed = try String(contentsOfFile: trials, encoding: .utf8).split(separator: "\n").enumerated().map {
            $0.offset == 0
                ? String($0.element)
                : $0.element.split(separator: ",", omittingEmptySubsequences: false)
                    .dropLast().joined(separator: ",") + ",999"
        }
        try (retimed.joined(separator: "\n") + "\n").write(toFile: trials, atomically: true, encoding: .utf8)
        XCTAssertEqual(
            try TransferSource(folder: copy).fingerprint, try TransferSource(folder: scratch.path("source")).fingerprint
        )
    }
}

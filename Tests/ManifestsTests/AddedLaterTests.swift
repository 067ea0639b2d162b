import XCTest

@testable import Manifests

/// A key added after results were recorded enters an entry's identity (its random streams, its campaign's
/// fingerprint) only when its value differs from the behaviour before the key existed, so that the manifests
/// of recorded results reproduce them.
final class AddedLaterTests: XCTestCase {
    private func identities(_ agents: String, _ environments: String = "[{type: branin}]") throws -> (
        agents: [String], environments: [String]
    ) {
        let manifest = try Manifest.parse(
            "name: later\nseeds: 1\nbudget: 20\nenvironments: \(environments)\nagents: \(agents)\n")
        return (manifest.agents.map(\.identity), manifest.environments.map(\.identity))
    }

    func testTheLegacyValueLeavesTheIdentityAsItWas() throws {
        let agents = try identities(
            "[{type: sample-aware-ddpg, incumbent: measured, corner_share: 0.0, name: legacy},"
                + " {type: sample-aware-ddpg, name: now}, {type: bayesian, recommend: measured, name: bo}]"
        ).agents
        XCTAssertFalse(agents[0].contains("incumbent"), agents[0])
        XCTAssertFalse(agents[0].contains("corner_share"), agents[0])
        XCTAssertTrue(agents[1].contains("incumbent=model"), "the new default differs from before: \(agents[1])")
        XCTAssertFalse(agents[2].contains("recommend"), agents[2])
        XCTAssertNotEqual(agents[0], agents[1])
    }

    func testAnEnvironmentKeyAddedLaterCountsOnlyWhenSet() throws {
        let environments = try identities(
            "[{type: random-search}]",
            "[{type: postgres, name: a}, {type: postgres, early_abort: false, name: b},"
                + " {type: postgres, early_abort: true, cpu_affinity: true, name: c}]"
        ).environments
        XCTAssertEqual(environments[0], environments[1])
        XCTAssertTrue(environments[2].contains("early_abort=true") && environments[2].contains("cpu_affinity=true"))
    }
}

import Agents
import TuningKit
import XCTest

final class RandomSearchTests: XCTestCase {
    let space = KnobSpace([
        Knob(name: "a", domain: .integer(0...999), defaultValue: .integer(0)),
        Knob(name: "b", domain: .real(0...1), defaultValue: .real(0)),
    ])

    private func proposals(_ sampling: RandomSearch.Sampling, seed: UInt64, count: Int) throws -> [Configuration] {
        let agent = RandomSearch(space: space, sampling: sampling, budget: count, seed: seed)
        return try (0..<count).map { _ in try agent.ask() }
    }

    func testSameSeedSameProposals() throws {
        for sampling in RandomSearch.Sampling.allCases {
            XCTAssertEqual(try proposals(sampling, seed: 3, count: 30), try proposals(sampling, seed: 3, count: 30))
            XCTAssertNotEqual(try proposals(sampling, seed: 3, count: 30), try proposals(sampling, seed: 4, count: 30))
        }
    }

    func testLatinHypercubeCoversEveryStratumOfTheBudget() throws {
        let configurations = try proposals(.latinHypercube, seed: 1, count: 10)
        let strata = configurations.map { Int(space.encode($0)[1] * 10) }.sorted()
        XCTAssertEqual(strata, Array(0..<10))
        for configuration in configurations { XCTAssertNoThrow(try space.validate(configuration)) }
    }

    func testUniformProposalsAreValidAndSpread() throws {
        let values = try proposals(.uniform, seed: 2, count: 500).map { $0.values[1].number! }
        XCTAssertEqual(values.reduce(0, +) / 500, 0.5, accuracy: 0.05)
    }
}

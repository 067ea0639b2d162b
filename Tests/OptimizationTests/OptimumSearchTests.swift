import Optimization
import TuningKit
import XCTest

final class OptimumSearchTests: XCTestCase {
    /// A bowl whose minimum is known: the search finds it to the grid's resolution, and no random sample
    /// beats what it found.
    func testTheSearchFindsAKnownMinimum() {
        let space = KnobSpace([
            Knob(name: "a", domain: .real(0...10), defaultValue: .real(5)),
            Knob(name: "b", domain: .integer(0...100), defaultValue: .integer(50)),
            Knob(name: "c", domain: .categorical(["x", "y", "z"]), defaultValue: .categorical("x")),
        ])
        func cost(_ configuration: Configuration) -> Double? {
            let a = configuration.values[0].number!, b = configuration.values[1].number!
            let penalty = configuration.values[2] == .categorical("y") ? 0 : 5
            return (a - 7.25) * (a - 7.25) + (b - 31) * (b - 31) / 100 + Double(penalty)
        }
        let result = OptimumSearch.minimize(space: space, seed: 3, samples: 2000, starts: 4, cost: cost)
        XCTAssertEqual(result.configuration.values[0].number!, 7.25, accuracy: 0.01)
        XCTAssertEqual(result.configuration.values[1], .integer(31))
        XCTAssertEqual(result.configuration.values[2], .categorical("y"))
        XCTAssertEqual(result.cost, cost(result.configuration)!)
        var generator = SeededGenerator(seed: 9)
        for _ in 0..<500 {
            let sample = space.decode((0..<3).map { _ in generator.nextDouble() })
            XCTAssertGreaterThanOrEqual(cost(sample)!, result.cost)
        }
    }

    func testFailingConfigurationsAreAvoidedAndTheCacheComputesOnce() {
        let space = KnobSpace([Knob(name: "a", domain: .real(0...1), defaultValue: .real(0.5))])
        let result = OptimumSearch.minimize(space: space, seed: 1, samples: 200, starts: 2) { c in
            let a = c.values[0].number!
            return a < 0.2 ? nil : a  // fails below 0.2; the best that works is 0.2
        }
        XCTAssertEqual(result.cost, 0.2, accuracy: 1 / 4096)
        var computed = 0
        for _ in 0..<3 {
            _ = OptimumSearch.cached("optimum-search-test") {
                computed += 1
                return result
            }
        }
        XCTAssertEqual(computed, 1)
    }
}

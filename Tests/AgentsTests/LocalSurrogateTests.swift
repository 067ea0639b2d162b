import TuningKit
import XCTest

@testable import Agents

final class LocalSurrogateTests: XCTestCase {
    /// A bowl with its bottom at (0.3, 0.7): the local GP ranks a candidate at the bottom above one on the rim.
    func testExpectedImprovementPointsToTheBottomOfABowl() throws {
        var surrogate = LocalSurrogate(points: 25, seed: 1)
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<40 {
            let x = [generator.nextDouble(), generator.nextDouble()]
            surrogate.observe(x, cost: 1 + (x[0] - 0.3) * (x[0] - 0.3) + (x[1] - 0.7) * (x[1] - 0.7))
        }
        let scored = try XCTUnwrap(surrogate.score([[0.3, 0.7], [0.9, 0.1]], around: [0.35, 0.65]))
        XCTAssertGreaterThan(scored.score[0], scored.score[1])
        XCTAssertEqual(scored.mean[0], 1, accuracy: 0.05, "the GP's mean at the bottom")
        XCTAssertLessThan(scored.mean[0], scored.mean[1])
        XCTAssertTrue(scored.deviation.allSatisfy { $0 >= 0 })
    }

    /// Failures alone, or fewer than three evaluations that ran, give no local model.
    func testNeedsThreeEvaluationsThatRan() {
        var surrogate = LocalSurrogate(points: 10, seed: 1)
        surrogate.observe([0.1], cost: 2)
        surrogate.observe([0.2], cost: nil)
        surrogate.observe([0.3], cost: 1)
        XCTAssertNil(surrogate.score([[0.5]], around: [0.2]))
        surrogate.observe([0.4], cost: 3)
        XCTAssertNotNil(surrogate.score([[0.5]], around: [0.2]))
    }
}

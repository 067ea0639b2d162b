import TuningKit
import XCTest

/// The tracker keeps its best measured configuration as measurements arrive; it must name the same one as
/// sorting every measurement would (lowest cost, the earliest first measured on ties), however long the run.
final class RecommendationTrackerTests: XCTestCase {
    private func configuration(_ index: Int) -> Configuration { Configuration([.integer(index)]) }

    func testTheIncumbentIsTheLowestCostAndTheEarliestOnTies() {
        var tracker = RecommendationTracker(objective: Objective(name: "latency", unit: "ms", direction: .minimize))
        let values: [(Int, Double)] = [(0, 5), (1, 3), (2, 3), (3, 4), (2, 2.5), (4, 2.5), (5, .nan)]
        for (step, (index, value)) in values.enumerated() {
            tracker.record(step: step, configuration(index), Measurement(objective: value), confirming: false)
        }
        XCTAssertEqual(tracker.bestMeasured(1), [configuration(2)], "re-measured lower, and first measured before 4")
        XCTAssertEqual(
            tracker.bestMeasured(3), [configuration(2), configuration(4), configuration(1)],
            "each by its best measurement")
        XCTAssertEqual(tracker.current()?.configuration, configuration(2))
        XCTAssertEqual(tracker.current()?.objective, 2.75, "the mean of its measurements")
        XCTAssertFalse(tracker.wasMeasured(configuration(5)), "a value that is not finite is no measurement")
    }

    func testTheIncumbentMatchesASortOfEveryMeasurementOnARandomStream() {
        var generator = SeededGenerator(seed: 3)
        var tracker = RecommendationTracker(
            objective: Objective(name: "throughput", unit: "tx/s", direction: .maximize))
        for step in 0..<500 {
            let index = Int.random(in: 0..<100, using: &generator)
            let value = Double(Int.random(in: 0..<50, using: &generator))  // many ties
            tracker.record(step: step, configuration(index), Measurement(objective: value), confirming: false)
            XCTAssertEqual(tracker.bestMeasured(1), Array(tracker.bestMeasured(2).prefix(1)), "step \(step)")
        }
    }

    func testTheConfirmationDecidesOnlyOnceEveryCandidateWasReMeasured() {
        var tracker = RecommendationTracker(objective: Objective(name: "latency", unit: "ms", direction: .minimize))
        let defaults = configuration(0), tuned = configuration(1)
        tracker.record(step: 0, defaults, Measurement(objective: 10), confirming: false)
        tracker.record(step: 1, tuned, Measurement(objective: 4), confirming: false)
        tracker.beginConfirmation([defaults, tuned, defaults, tuned])
        tracker.record(step: 2, defaults, Measurement(objective: 9), confirming: true)
        XCTAssertEqual(
            tracker.current()?.configuration, tuned, "the default alone re-measured does not take the recommendation")
        tracker.record(step: 3, tuned, Measurement.failure("crashed"), confirming: true)
        XCTAssertEqual(tracker.current()?.configuration, defaults, "a failed re-measurement leaves only the default")
        tracker.record(step: 4, defaults, Measurement(objective: 11), confirming: true)
        tracker.record(step: 5, tuned, Measurement(objective: 5), confirming: true)
        XCTAssertEqual(tracker.current()?.configuration, tuned)
        XCTAssertEqual(tracker.current()?.objective, 5, "the mean of its re-measurements")
    }
}

import TuningKit
import XCTest

/// Hand-computed cases of CDBTune's reward (Eq. 6-7).
final class CDBTuneRewardTests: XCTestCase {
    let reward = CDBTuneReward()

    func testBetterThanInitialAndPrevious() {
        // T: 100 -> 110 -> 120: d0 = 0.2, dp = 1/11; r_T = (1.2^2 - 1) * (1 + 1/11) = 0.48.
        // L: 10 -> 9 -> 8: d0 = 0.2, dp = 1/9; r_L = 0.44 * (10/9) = 0.48889.
        let r = reward.reward(
            initial: .init(throughput: 100, latency: 10), previous: .init(throughput: 110, latency: 9),
            current: .init(throughput: 120, latency: 8))
        XCTAssertEqual(r, 0.4 * 0.48 + 0.6 * 0.44 * 10 / 9, accuracy: 1e-12)
    }

    func testPositiveRewardIsZeroedWhenWorseThanPreviousStep() {
        // T: better than the start (d0 = 0.2) but worse than the last step (130 -> 120): r_T = 0.
        // L: 10 -> 8 -> 8: d0 = 0.2, dp = 0: r_L = 0.44.
        let r = reward.reward(
            initial: .init(throughput: 100, latency: 10), previous: .init(throughput: 130, latency: 8),
            current: .init(throughput: 120, latency: 8))
        XCTAssertEqual(r, 0.6 * 0.44, accuracy: 1e-12)
    }

    func testWorseThanInitial() {
        // T: 100 -> 100 -> 80: d0 = dp = -0.2: r_T = -((1.2)^2 - 1) * |1.2| = -0.528. L: 10 -> 10 -> 12 likewise.
        let r = reward.reward(
            initial: .init(throughput: 100, latency: 10), previous: .init(throughput: 100, latency: 10),
            current: .init(throughput: 80, latency: 12))
        XCTAssertEqual(r, -0.528, accuracy: 1e-12)
    }

    func testLatencyOnlyAndFailures() {
        // Only latency (a benchmark function): 10 -> 10 -> 5: d0 = dp = 0.5: (2.25 - 1) * 1.5 = 1.875, weight 1.
        let r = reward.reward(
            initial: .init(throughput: nil, latency: 10), previous: .init(throughput: nil, latency: 10),
            current: .init(throughput: nil, latency: 5))
        XCTAssertEqual(r, 1.875, accuracy: 1e-12)
        // A negative objective keeps "lower is better": -1 -> -1 -> -2 is an improvement of 100%.
        let negative = reward.reward(
            initial: .init(throughput: nil, latency: -1), previous: .init(throughput: nil, latency: -1),
            current: .init(throughput: nil, latency: -2))
        XCTAssertEqual(negative, 3 * 2, accuracy: 1e-12)
        XCTAssertEqual(
            reward.reward(
                initial: .init(throughput: 1, latency: 1), previous: .init(throughput: 1, latency: 1), current: nil),
            -10)
    }

    func testPerformanceOfAMeasurement() {
        let minimize = Objective(name: "value", unit: "", direction: .minimize)
        XCTAssertEqual(
            Performance(Measurement(objective: 3), objective: minimize), Performance(throughput: nil, latency: 3))
        let db = Measurement(objective: 2, throughput: 500, latencyMean: 2, latencyP99: 9)
        XCTAssertEqual(Performance(db, objective: minimize), Performance(throughput: 500, latency: 9))
        XCTAssertNil(Performance(.failure("crashed"), objective: minimize))
    }
}

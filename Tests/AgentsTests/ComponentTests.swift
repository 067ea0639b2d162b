import TuningKit
import XCTest

@testable import Agents

final class ReplayBufferTests: XCTestCase {
    func testPrioritizedSamplingFollowsPriorities() {
        let buffer = ReplayBuffer(capacity: 4, stateSize: 1, actionSize: 1)
        for i in 0..<4 { buffer.append(state: [Float(i)], action: [0], reward: 0, nextState: [0]) }
        let errors: [Float] = [0, 0, 1, 3]  // priorities |e| + 0.001
        buffer.updatePriorities([0, 1, 2, 3][...], errors: errors)
        var generator = SeededGenerator(seed: 1)
        var indices = [Int](repeating: 0, count: 4000)
        let weights = UnsafeMutablePointer<Float>.allocate(capacity: 4000)
        defer { weights.deallocate() }
        buffer.sample(
            4000, prioritized: true, alpha: 1, beta: 1, bestBonus: 1, generator: &generator, indices: &indices,
            weights: weights)
        let counts = (0..<4).map { i in indices.filter { $0 == i }.count }
        XCTAssertLessThan(counts[0] + counts[1], 20)
        XCTAssertEqual(Double(counts[3]) / Double(counts[2]), 3, accuracy: 0.4)
        for k in 0..<4000 { XCTAssert(weights[k] > 0 && weights[k] <= 1) }
        buffer.sample(
            8, prioritized: false, alpha: 1, beta: 1, bestBonus: 1, generator: &generator, indices: &indices,
            weights: weights)
        XCTAssertEqual(weights[0], 1)
    }
}

final class StateAndNoiseTests: XCTestCase {
    func testStandardizedStatesHaveZeroMeanAndUnitVariance() {
        var normalizer = StateNormalizer(metricCount: 2)
        var generator = SeededGenerator(seed: 1)
        var rows: [[Float]] = []
        for _ in 0..<2000 {
            let state = normalizer.compress([generator.nextDouble() * 1e6, -generator.nextDouble()])
            normalizer.observe(state)
            rows.append(state)
        }
        var flat = rows.flatMap { $0 }
        flat.withUnsafeMutableBufferPointer { normalizer.standardize($0.baseAddress!, rows: 2000) }
        for i in 0..<2 {
            let column = stride(from: i, to: flat.count, by: 2).map { Double(flat[$0]) }
            let mean = column.reduce(0, +) / 2000
            let variance = column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 1999
            XCTAssertEqual(mean, 0, accuracy: 0.05)
            XCTAssertEqual(variance, 1, accuracy: 0.1)
        }
        XCTAssertEqual(StateNormalizer(metricCount: 0).compress([]), [0])
    }

    func testOrnsteinUhlenbeckRevertsToZero() {
        var noise = OrnsteinUhlenbeckNoise(size: 1, theta: 0.15, sigma: 0.1)
        var generator = SeededGenerator(seed: 2)
        var values: [Double] = []
        for _ in 0..<20000 { values.append(noise.next(&generator)[0]) }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.map { $0 * $0 }.reduce(0, +) / Double(values.count)
        XCTAssertEqual(mean, 0, accuracy: 0.05)
        // Stationary variance of x' = x - theta x + sigma e: sigma^2 / (1 - (1 - theta)^2) = 0.0361.
        XCTAssertEqual(variance, 0.01 / (1 - 0.85 * 0.85), accuracy: 0.008)
    }
}

final class TrustRegionTests: XCTestCase {
    func testGrowsShrinksAndResets() {
        var region = TrustRegion()
        XCTAssertEqual(region.side, 0.4)
        for _ in 0..<3 { region.record(improved: true, dimension: 8) }
        XCTAssertEqual(region.side, 0.8)
        for _ in 0..<4 { region.record(improved: false, dimension: 8) }
        XCTAssertEqual(region.side, 0.4)
        for _ in 0..<(4 * 6) { region.record(improved: false, dimension: 8) }  // 0.4 / 2^6 < 1/128: reset
        XCTAssertEqual(region.side, 0.8)
    }
}

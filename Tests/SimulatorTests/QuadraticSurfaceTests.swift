import Simulator
import TuningKit
import XCTest

final class QuadraticSurfaceTests: XCTestCase {
    func testOptimumIsExactAndNothingBeatsIt() throws {
        let surface = QuadraticSurface(noise: 0, seed: 1)
        let reference = try XCTUnwrap(surface.reference)
        XCTAssertEqual(reference.noiseFreeObjective(surface.optimalConfiguration), reference.optimum)
        var g = SeededGenerator(seed: 2)
        for _ in 0..<2000 {
            let configuration = surface.space.decode((0..<surface.space.dimension).map { _ in g.nextDouble() })
            XCTAssertGreaterThanOrEqual(reference.noiseFreeObjective(configuration)!, reference.optimum)
        }
        XCTAssertGreaterThan(reference.noiseFreeObjective(surface.defaultConfiguration)!, reference.optimum * 2)
    }

    func testNoiseIsSeededWithTheRequestedSpread() throws {
        let a = QuadraticSurface(noise: 0.05, seed: 7), b = QuadraticSurface(noise: 0.05, seed: 7)
        let configuration = a.defaultConfiguration
        let truth = QuadraticSurface.latency(configuration)
        var values: [Double] = []
        for _ in 0..<4000 {
            let x = try a.evaluate(configuration), y = try b.evaluate(configuration)
            XCTAssertEqual(x, y)
            XCTAssertEqual(x.metrics.count, a.metricNames.count)
            values.append(x.objective!)
        }
        let mean = values.reduce(0, +) / Double(values.count)
        let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
        XCTAssertEqual(mean / truth, 1, accuracy: 0.005)
        XCTAssertEqual(sd / mean, 0.05, accuracy: 0.005)
    }
}

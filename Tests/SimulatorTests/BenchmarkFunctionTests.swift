import Simulator
import TuningKit
import XCTest

final class BenchmarkFunctionTests: XCTestCase {
    func testLiteratureOptima() {
        XCTAssertEqual(BenchmarkFunction.value(.branin, [-Double.pi, 12.275]), 0.397887, accuracy: 1e-6)
        XCTAssertEqual(BenchmarkFunction.value(.branin, [Double.pi, 2.275]), 0.397887, accuracy: 1e-6)
        XCTAssertEqual(BenchmarkFunction.value(.branin, [9.42478, 2.475]), 0.397887, accuracy: 1e-6)
        XCTAssertEqual(
            BenchmarkFunction.value(.hartmann6, [0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573]), -3.32237,
            accuracy: 1e-5)
        XCTAssertEqual(BenchmarkFunction.value(.rosenbrock, [1, 1, 1, 1]), 0)
        XCTAssertEqual(BenchmarkFunction.value(.ackley, [0, 0, 0]), 0, accuracy: 1e-12)
        XCTAssertEqual(BenchmarkFunction.value(.levy, [1, 1, 1, 1, 1]), 0, accuracy: 1e-12)
        XCTAssertEqual(BenchmarkFunction.Kind.branin.optimum, 0.397887, accuracy: 1e-6)
        XCTAssertEqual(BenchmarkFunction.Kind.hartmann6.optimum, -3.32237, accuracy: 1e-5)
    }

    func testKnownValuesAwayFromTheOptimum() {
        // Hand-checked: Rosenbrock(0, 0) = 1; Branin(0, 0) = 55.6021; Levy(0, 0) is positive.
        XCTAssertEqual(BenchmarkFunction.value(.rosenbrock, [0, 0]), 1)
        XCTAssertEqual(BenchmarkFunction.value(.branin, [0, 0]), 55.60211, accuracy: 1e-4)
        XCTAssertGreaterThan(BenchmarkFunction.value(.levy, [0, 0]), 0)
    }

    func testEnvironmentMapsTheDomainAndNothingBeatsTheOptimum() throws {
        for kind in BenchmarkFunction.Kind.allCases {
            let env = BenchmarkFunction(kind, dimensions: kind.fixedDimension ?? 5)
            let reference = try XCTUnwrap(env.reference)
            let defaultValue = try XCTUnwrap(reference.noiseFreeObjective(env.defaultConfiguration))
            XCTAssertGreaterThan(defaultValue, reference.optimum + 1e-3, "\(kind): the default is not the optimum")
            var generator = SeededGenerator(seed: 1)
            for _ in 0..<2000 {
                let configuration = env.space.decode((0..<env.space.dimension).map { _ in generator.nextDouble() })
                XCTAssertGreaterThanOrEqual(
                    try env.evaluate(configuration, trial: 0).objective!, reference.optimum - 1e-12, "\(kind)")
            }
        }
    }
}

import Foundation
import TuningKit
import XCTest

@testable import Optimization

final class GaussianProcessTests: XCTestCase {
    private func data(_ n: Int, _ d: Int, seed: UInt64) -> ([[Double]], [Double]) {
        var g = SeededGenerator(seed: seed)
        let x = (0..<n).map { _ in (0..<d).map { _ in g.nextDouble() } }
        let y = x.map { p in sin(6 * p[0]) + (d > 1 ? p[1] * p[1] : 0) }
        return (x, y)
    }

    func testMarginalLikelihoodGradientMatchesFiniteDifferences() {
        let (x, y) = data(25, 3, seed: 1)
        let pairs = PairwiseDifferences(x)
        let mean = y.reduce(0, +) / Double(y.count)
        let ys = y.map { $0 - mean }
        let theta = [log(0.3), log(0.8), log(2.0), log(1.5), log(1e-2)]
        let (_, gradient) = GaussianProcess.negativeLogMarginalLikelihood(theta, pairs: pairs, y: ys)
        for j in theta.indices {
            var plus = theta, minus = theta
            plus[j] += 1e-5
            minus[j] -= 1e-5
            let numeric =
                (GaussianProcess.negativeLogMarginalLikelihood(plus, pairs: pairs, y: ys).0
                    - GaussianProcess.negativeLogMarginalLikelihood(minus, pairs: pairs, y: ys).0) / 2e-5
            XCTAssertEqual(gradient[j], numeric, accuracy: 1e-4 * max(1, abs(numeric)), "theta[\(j)]")
        }
    }

    func testInterpolatesNoiseFreeDataAndVarianceShrinksAtObservations() throws {
        let (x, y) = data(30, 2, seed: 2)
        var g = SeededGenerator(seed: 3)
        let gp = try GaussianProcess.fit(inputs: x, outputs: y, generator: &g)
        let (mean, variance) = gp.predict(x)
        for i in x.indices {
            XCTAssertEqual(mean[i] * gp.outputScale + gp.outputMean, y[i], accuracy: 1e-2)
            XCTAssertLessThan(variance[i], 1e-3)
        }
        let far = gp.predict([[0.5, 0.5], [1.3, -0.3]]).variance
        XCTAssertGreaterThan(far[1], 0.1, "away from the data the variance returns towards the signal variance")
        // Held-out accuracy: the fitted hyperparameters generalize.
        let (xt, yt) = data(20, 2, seed: 9)
        let prediction = gp.predict(xt).mean.map { $0 * gp.outputScale + gp.outputMean }
        let rmse = (zip(prediction, yt).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / 20).squareRoot()
        XCTAssertLessThan(rmse, 0.1)
    }

    func testDuplicateAndNearDuplicatePointsDoNotBreakTheFit() throws {
        var (x, y) = data(15, 2, seed: 4)
        x += [x[0], x[0], x[1].map { $0 + 1e-12 }]
        y += [y[0], y[0] + 1e-3, y[1]]
        var g = SeededGenerator(seed: 5)
        let gp = try GaussianProcess.fit(inputs: x, outputs: y, generator: &g)
        let (mean, variance) = gp.predict([x[0], [0.2, 0.9]])
        XCTAssert(mean.allSatisfy(\.isFinite) && variance.allSatisfy(\.isFinite))
        let constant = try GaussianProcess.fit(inputs: x, outputs: x.map { _ in 3.0 }, generator: &g)
        XCTAssert(constant.predict([[0.4, 0.4]]).mean.allSatisfy(\.isFinite))
    }

    func testBoundedLBFGSFindsTheConstrainedMinimum() {
        // (x - 2)^2 + (y + 1)^2 on [0, 1]^2: the minimum is at (1, 0).
        let result = BoundedLBFGS.minimize(from: [0.5, 0.5], lower: [0, 0], upper: [1, 1]) { p in
            ((p[0] - 2) * (p[0] - 2) + (p[1] + 1) * (p[1] + 1), [2 * (p[0] - 2), 2 * (p[1] + 1)])
        }
        XCTAssertEqual(result.x[0], 1, accuracy: 1e-9)
        XCTAssertEqual(result.x[1], 0, accuracy: 1e-9)
        let rosen = BoundedLBFGS.minimize(from: [-1, 1], lower: [-2, -2], upper: [2, 2], maxIterations: 500) { p in
            let a = p[1] - p[0] * p[0], b = 1 - p[0]
            return (100 * a * a + b * b, [-400 * p[0] * a - 2 * b, 200 * a])
        }
        XCTAssertEqual(rosen.x[0], 1, accuracy: 1e-3)
    }
}

import Foundation
import LinearAlgebra
import TuningKit

/// Gaussian-process regression on the unit cube with a Matern 5/2 kernel with automatic relevance
/// determination (one length scale per input) and Gaussian noise (Rasmussen and Williams, 2006):
///
///     k(x, x') = s2 (1 + sqrt(5) r + 5 r^2 / 3) exp(-sqrt(5) r),   r^2 = sum_i (x_i - x'_i)^2 / l_i^2
///     K = k(X, X) + n2 I,   alpha = K^-1 y,   L = chol(K)
///     mean(x*) = k(x*, X) alpha,   var(x*) = s2 - ||L^-1 k(X, x*)||^2
///     log p(y | X) = -y^T alpha / 2 - sum_i log L_ii - n log(2 pi) / 2
///
/// Outputs are standardized (zero mean, unit variance) before fitting; predictions are on that scale.
/// Hyperparameters (log l_i, log s2, log n2) maximize the log marginal likelihood with its analytic
/// gradient, d log p / d theta = tr((alpha alpha^T - K^-1) dK/dtheta) / 2, by bounded L-BFGS from several
/// starts. A matrix that is not numerically positive definite gets growing jitter, never a crash.
public struct GaussianProcess: Sendable {
    /// Bounds of the hyperparameters (natural scale; optimized in log space).
    public static let lengthScaleBounds = (0.01, 100.0), signalVarianceBounds = (0.01, 1000.0),
        noiseVarianceBounds = (1e-10, 1.0)

    public let inputs: [[Double]]
    /// Standardization of the outputs: y_std = (y - outputMean) / outputScale.
    public let outputMean: Double, outputScale: Double
    /// log l_1..log l_d, log s2, log n2.
    public let hyperparameters: [Double]
    let standardized: [Double]
    let cholesky: Cholesky<Double>
    let alpha: [Double]
    let jitter: Double

    public var dimension: Int { inputs.first?.count ?? 0 }

    /// Fits a GP; with `optimize`, the hyperparameters maximize the marginal likelihood from `start` (or a
    /// default) and `restarts` random starts drawn from `generator`.
    public static func fit(
        inputs: [[Double]], outputs: [Double], start: [Double]? = nil, optimize: Bool = true, restarts: Int = 2,
        generator: inout SeededGenerator
    ) throws -> GaussianProcess {
        precondition(!inputs.isEmpty && inputs.count == outputs.count, "need as many outputs as inputs")
        let d = inputs[0].count
        let mean = outputs.reduce(0, +) / Double(outputs.count)
        let variance = outputs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(max(outputs.count - 1, 1))
        let scale = variance > 1e-24 ? variance.squareRoot() : 1
        let y = outputs.map { ($0 - mean) / scale }
        let pairs = PairwiseDifferences(inputs)
        let (lower, upper) = bounds(dimension: d)
        var best = start ?? defaultHyperparameters(dimension: d)
        if optimize {
            var starts = [best]
            if start != nil { starts.append(defaultHyperparameters(dimension: d)) }
            for _ in 0..<restarts {
                starts.append((0..<(d + 2)).map { generator.nextDouble(in: lower[$0], upper[$0]) })
            }
            var bestValue = Double.infinity
            for theta in starts {
                let result = BoundedLBFGS.minimize(from: theta, lower: lower, upper: upper, maxIterations: 60) {
                    theta in
                    let (value, gradient) = negativeLogMarginalLikelihood(theta, pairs: pairs, y: y)
                    return (value, gradient)
                }
                if result.value < bestValue {
                    bestValue = result.value
                    best = result.x
                }
            }
        }
        return try GaussianProcess(
            inputs: inputs, standardized: y, mean: mean, scale: scale, hyperparameters: best, pairs: pairs)
    }

    private init(
        inputs: [[Double]], standardized y: [Double], mean: Double, scale: Double, hyperparameters: [Double],
        pairs: PairwiseDifferences
    ) throws {
        self.inputs = inputs
        self.standardized = y
        outputMean = mean
        outputScale = scale
        self.hyperparameters = hyperparameters
        var jitter = 1e-10
        while true {
            let k = GaussianProcess.covariance(hyperparameters, pairs: pairs, jitter: jitter).matrix
            if let factor = try? Cholesky(k) {
                cholesky = factor
                break
            }
            jitter *= 100
            guard jitter < 1 else { throw LinearAlgebraError.notPositiveDefinite(leadingMinor: 0) }
        }
        self.jitter = jitter
        alpha = try cholesky.solve(y)
    }

    // MARK: Prediction

    /// Predictive mean and variance (standardized scale, latent function without noise) at each point.
    public func predict(_ points: [[Double]]) -> (mean: [Double], variance: [Double]) {
        let m = points.count
        let kStarT = crossCovariance(points)
        var mean = [Double](repeating: 0, count: m)
        gemv(kStarT, alpha, into: &mean, transpose: true)
        let v = (try? solveTriangular(cholesky.lower, kStarT, lower: true)) ?? kStarT
        var variance = [Double](repeating: exp(hyperparameters[dimension]), count: m)
        for j in 0..<inputs.count { for i in 0..<m { variance[i] -= v[j, i] * v[j, i] } }
        return (mean, variance.map { max($0, 1e-12) })
    }

    /// The predictive mean alone, as `predict` computes it (the same values), without the triangular solve its
    /// variance needs: for scoring many points by the mean (permutation importance).
    public func predictMean(_ points: [[Double]]) -> [Double] {
        let kStarT = crossCovariance(points)
        var mean = [Double](repeating: 0, count: points.count)
        gemv(kStarT, alpha, into: &mean, transpose: true)
        return mean
    }

    /// k(X, x*) for the training inputs X and `points`: one column per point.
    private func crossCovariance(_ points: [[Double]]) -> Matrix<Double> {
        let n = inputs.count, m = points.count, d = dimension
        let signal = exp(hyperparameters[d])
        let inverseScales = (0..<d).map { exp(-hyperparameters[$0]) }
        // r^2 = |p~|^2 + |x~|^2 - 2 p~ . x~ with p~ = p / l: one matrix product.
        let p = Matrix(rows: m, columns: d, elements: points.flatMap { zip($0, inverseScales).map(*) })
        let x = Matrix(rows: n, columns: d, elements: inputs.flatMap { zip($0, inverseScales).map(*) })
        var cross = Matrix<Double>(rows: m, columns: n)
        gemm(p, x, into: &cross, transposeB: true)
        let pNorms = (0..<m).map { i in (0..<d).reduce(0) { $0 + p[i, $1] * p[i, $1] } }
        let xNorms = (0..<n).map { j in (0..<d).reduce(0) { $0 + x[j, $1] * x[j, $1] } }
        var kStarT = Matrix<Double>(rows: n, columns: m)
        for i in 0..<m {
            for j in 0..<n {
                kStarT[j, i] = signal * GaussianProcess.matern(max(0, pNorms[i] + xNorms[j] - 2 * cross[i, j]))
            }
        }
        return kStarT
    }

    // MARK: Kernel and likelihood

    /// The Matern 5/2 correlation at squared scaled distance r2.
    static func matern(_ r2: Double) -> Double {
        let s = (5 * r2).squareRoot()
        return (1 + s + s * s / 3) * exp(-s)
    }

    static func defaultHyperparameters(dimension d: Int) -> [Double] {
        [Double](repeating: log(0.5), count: d) + [0, log(1e-3)]
    }

    static func bounds(dimension d: Int) -> (lower: [Double], upper: [Double]) {
        let lower =
            [Double](repeating: log(lengthScaleBounds.0), count: d) + [
                log(signalVarianceBounds.0), log(noiseVarianceBounds.0),
            ]
        let upper =
            [Double](repeating: log(lengthScaleBounds.1), count: d) + [
                log(signalVarianceBounds.1), log(noiseVarianceBounds.1),
            ]
        return (lower, upper)
    }

    /// K for hyperparameters theta, and per pair the factor dK/dlog l_i / ((x_i - x'_i)^2 / l_i^2) =
    /// (5/3) s2 (1 + s) e^-s, which the gradient needs.
    static func covariance(_ theta: [Double], pairs: PairwiseDifferences, jitter: Double) -> (
        matrix: Matrix<Double>, slope: [Double], signalPart: [Double]
    ) {
        let n = pairs.count, d = pairs.dimension
        let signal = exp(theta[d]), noise = exp(theta[d + 1])
        let inverseSquares = (0..<d).map { exp(-2 * theta[$0]) }
        var r2 = [Double](repeating: 0, count: pairs.pairCount)
        if pairs.pairCount > 0 { gemv(pairs.squaredDifferences, inverseSquares, into: &r2) }
        var k = Matrix<Double>(rows: n, columns: n)
        var slope = [Double](repeating: 0, count: pairs.pairCount), signalPart = slope
        var index = 0
        for p in 0..<n {
            k[p, p] = signal + noise + jitter
            for q in (p + 1)..<max(n, p + 1) {
                let s = (5 * max(r2[index], 0)).squareRoot(), e = exp(-s)
                let value = signal * (1 + s + s * s / 3) * e
                k[p, q] = value
                k[q, p] = value
                slope[index] = 5.0 / 3.0 * signal * (1 + s) * e
                signalPart[index] = value
                index += 1
            }
        }
        return (k, slope, signalPart)
    }

    /// -log p(y | X, theta) and its gradient with respect to theta = (log l, log s2, log n2).
    static func negativeLogMarginalLikelihood(_ theta: [Double], pairs: PairwiseDifferences, y: [Double]) -> (
        Double, [Double]
    ) {
        let n = pairs.count, d = pairs.dimension
        let (k, slope, signalPart) = covariance(theta, pairs: pairs, jitter: 1e-10)
        guard let factor = try? Cholesky(k), let alpha = try? factor.solve(y), let inverse = try? factor.inverse()
        else {
            return (.infinity, [Double](repeating: 0, count: d + 2))
        }
        var logDetHalf = 0.0
        for i in 0..<n { logDetHalf += log(factor.lower[i, i]) }
        let value = 0.5 * zip(y, alpha).map(*).reduce(0, +) + logDetHalf + 0.5 * Double(n) * log(2 * Double.pi)
        // W = alpha alpha^T - K^-1; d log p / d theta_j = tr(W dK/dtheta_j) / 2.
        var weighted = [Double](repeating: 0, count: pairs.pairCount)
        var signalGradient = 0.0, trace = 0.0
        var index = 0
        for p in 0..<n {
            let wpp = alpha[p] * alpha[p] - inverse[p, p]
            trace += wpp
            for q in (p + 1)..<max(n, p + 1) {
                let w = alpha[p] * alpha[q] - inverse[p, q]
                weighted[index] = w * slope[index]  // both triangles: the 1/2 cancels
                signalGradient += w * signalPart[index]
                index += 1
            }
        }
        let signal = exp(theta[d]), noise = exp(theta[d + 1])
        var lengthGradient = [Double](repeating: 0, count: d)
        if pairs.pairCount > 0 { gemv(pairs.squaredDifferences, weighted, into: &lengthGradient, transpose: true) }
        var gradient = (0..<d).map { -lengthGradient[$0] * exp(-2 * theta[$0]) }
        gradient.append(-(signalGradient + 0.5 * trace * signal))
        gradient.append(-0.5 * trace * noise)
        return (value, gradient)
    }
}

/// (x_p,i - x_q,i)^2 for every pair p < q of inputs, one row per pair: r^2 for all pairs is then one
/// matrix-vector product with (1 / l_i^2).
struct PairwiseDifferences {
    let count: Int, dimension: Int, pairCount: Int
    let squaredDifferences: Matrix<Double>

    init(_ inputs: [[Double]]) {
        count = inputs.count
        dimension = inputs.first?.count ?? 0
        pairCount = count * (count - 1) / 2
        var m = Matrix<Double>(rows: pairCount, columns: dimension)
        var row = 0
        for p in 0..<count {
            for q in (p + 1)..<max(count, p + 1) {
                for i in 0..<dimension {
                    let diff = inputs[p][i] - inputs[q][i]
                    m[row, i] = diff * diff
                }
                row += 1
            }
        }
        squaredDifferences = m
    }
}

extension GaussianProcess {
    /// Expected improvement of a cost to minimize below `best` by more than `xi`, for a predictive mean and
    /// variance (Jones et al., 1998): (best - mu - xi) Phi(z) + sigma phi(z), z = (best - mu - xi) / sigma.
    public static func expectedImprovement(mean mu: Double, variance: Double, best: Double, xi: Double = 0)
        -> Double
    {
        let sigma = max(variance, 0).squareRoot(), improvement = best - mu - xi
        guard sigma > 0 else { return max(improvement, 0) }
        let z = improvement / sigma
        return improvement * 0.5 * erfc(-z / 2.0.squareRoot()) + sigma * exp(-z * z / 2) / (2 * Double.pi).squareRoot()
    }
}

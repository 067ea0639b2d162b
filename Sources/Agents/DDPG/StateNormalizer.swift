import Foundation

/// Turns a measurement's internal metrics into a DRL state: each metric is compressed with a signed
/// log, sign(x) log(1 + |x|) (metrics span orders of magnitude: ratios, rates, bytes), then standardized
/// with a running mean and variance (Welford's algorithm) and clipped to [-5, 5].
///
/// Environments without metrics get a fixed one-dimensional state (0), as the benchmark functions.
public struct StateNormalizer: Sendable {
    /// The length of a state.
    public let size: Int
    private var count = 0.0
    private var mean: [Double]
    private var m2: [Double]

    public init(metricCount: Int) {
        size = max(metricCount, 1)
        mean = [Double](repeating: 0, count: size)
        m2 = [Double](repeating: 0, count: size)
    }

    /// The compressed (not yet standardized) state of a metric vector; what the replay buffer stores.
    func compress(_ metrics: [Double]) -> [Float] {
        guard !metrics.isEmpty else { return [0] }
        return metrics.map { x in
            guard x.isFinite else { return 0 }
            return Float(x < 0 ? -log1p(-x) : log1p(x))
        }
    }

    /// Adds a compressed state to the running statistics.
    public mutating func observe(_ state: [Float]) {
        count += 1
        for i in 0..<size {
            let x = Double(state[i])
            let delta = x - mean[i]
            mean[i] += delta / count
            m2[i] += delta * (x - mean[i])
        }
    }

    /// Standardizes `n` compressed states in place (rows of `size`).
    func standardize(_ states: UnsafeMutablePointer<Float>, rows n: Int) {
        for i in 0..<size {
            let variance = count > 1 ? m2[i] / (count - 1) : 1
            let m = Float(mean[i]), scale = Float(1 / (variance + 1e-8).squareRoot())
            for r in 0..<n {
                let v = (states[r * size + i] - m) * scale
                states[r * size + i] = min(max(v, -5), 5)
            }
        }
    }
}

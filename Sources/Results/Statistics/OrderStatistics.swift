import Foundation
import TuningKit

/// The distribution-free confidence interval of a median from order statistics (Conover, Practical
/// Nonparametric Statistics, 1999, sec. 3.2): with the values sorted, x(k) <= median <= x(n+1-k) holds
/// with probability 1 - 2 P(B <= k - 1), B ~ Binomial(n, 1/2); k is the largest index that keeps this at
/// least `level`. It needs no resampling, so the report can draw one per step of a convergence curve.
/// With fewer than 6 values no k reaches 95%: the interval is then the range, and covers less.
public enum OrderStatistics {
    /// The interval of the median of `values` at `level` (e.g. 0.95); nil for no values.
    public static func medianInterval(_ values: [Double], level: Double = 0.95) -> (low: Double, high: Double)? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let k = rank(count: sorted.count, level: level)
        return (sorted[k - 1], sorted[sorted.count - k])
    }

    /// The 1-based rank k of the interval's lower end for n values (1 when none reaches `level`).
    static func rank(count n: Int, level: Double) -> Int {
        // P(B <= j) for B ~ Binomial(n, 1/2), accumulated in log space so large n does not overflow.
        var cumulative = 0.0
        var best = 1
        for j in 0..<(n / 2) {
            cumulative += exp(logChoose(n, j) - Double(n) * log(2))
            if 1 - 2 * cumulative >= level { best = j + 1 } else { break }  // k = j + 1 covers 1 - 2 P(B <= j)
        }
        return min(best, (n + 1) / 2)
    }

    private static func logChoose(_ n: Int, _ k: Int) -> Double {
        lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
    }
}

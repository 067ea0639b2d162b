import Foundation

/// The two-sided Wilcoxon signed-rank test of paired differences (Wilcoxon, Biometrics Bulletin 1945),
/// as scipy.stats.wilcoxon computes it with its default `zero_method="wilcox"` (zero differences dropped):
///
/// - exact, for n <= 25 non-zero differences without ties: the null distribution of W+ (the sum of the
///   ranks of the positive differences) counts the 2^n sign patterns, and p = min(1, 2 P(W <= min(W+, W-)));
/// - otherwise the normal approximation with mid-ranks and the tie correction,
///   z = (W+ - n(n+1)/4) / sqrt(n(n+1)(2n+1)/24 - sum(t^3 - t)/48), p = 2 (1 - Phi(|z|)), no continuity correction.
public enum WilcoxonSignedRank {
    public struct Result: Sendable, Equatable {
        /// Non-zero differences.
        public let n: Int
        /// W+, the rank sum of the positive differences.
        public let statistic: Double
        public let p: Double
        public let exact: Bool
    }

    /// Largest n for which the exact distribution is used.
    public static let exactLimit = 25

    /// The test of `differences`; nil when there are none. All-zero differences give p = 1.
    public static func test(_ differences: [Double]) -> Result? {
        guard !differences.isEmpty else { return nil }
        let nonzero = differences.filter { $0 != 0 }
        let n = nonzero.count
        guard n > 0 else { return Result(n: 0, statistic: 0, p: 1, exact: false) }
        let (ranks, tieGroups) = midRanks(nonzero.map(abs))
        let wPlus = zip(nonzero, ranks).reduce(0) { $0 + ($1.0 > 0 ? $1.1 : 0) }
        let hasTies = tieGroups.contains { $0 > 1 }
        if n <= exactLimit && !hasTies && nonzero.count == differences.count {
            return Result(n: n, statistic: wPlus, p: exactP(n: n, statistic: Int(wPlus.rounded())), exact: true)
        }
        let nn = Double(n)
        let mean = nn * (nn + 1) / 4
        var variance = nn * (nn + 1) * (2 * nn + 1) / 24
        variance -= tieGroups.reduce(0) { $0 + Double($1 * $1 * $1 - $1) } / 48
        guard variance > 0 else { return Result(n: n, statistic: wPlus, p: 1, exact: false) }
        let z = (wPlus - mean) / variance.squareRoot()
        return Result(n: n, statistic: wPlus, p: min(1, erfc(abs(z) / 2.0.squareRoot())), exact: false)
    }

    /// Two-sided exact p of W+ = `statistic` for n untied ranks 1...n.
    static func exactP(n: Int, statistic: Int) -> Double {
        let total = n * (n + 1) / 2
        // counts[s] = number of subsets of {1..n} with sum s.
        var counts = [Double](repeating: 0, count: total + 1)
        counts[0] = 1
        for k in 1...n {
            for s in stride(from: total, through: k, by: -1) { counts[s] += counts[s - k] }
        }
        let tail = min(statistic, total - statistic)
        let below = counts[0...tail].reduce(0, +)
        return min(1, 2 * below / pow(2, Double(n)))
    }

    /// Mid-ranks (1-based) of values, ties sharing the mean of their ranks, and the sizes of the tie groups.
    static func midRanks(_ values: [Double]) -> (ranks: [Double], groups: [Int]) {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var groups: [Int] = []
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && values[order[j + 1]] == values[order[i]] { j += 1 }
            let rank = Double(i + j + 2) / 2
            for k in i...j { ranks[order[k]] = rank }
            groups.append(j - i + 1)
            i = j + 1
        }
        return (ranks, groups)
    }
}

import TuningKit

/// Percentile bootstrap intervals (Efron and Tibshirani, An Introduction to the Bootstrap, 1993, ch. 13):
/// resample the values with replacement, compute the statistic of each resample, and take the
/// (1 - level)/2 and (1 + level)/2 quantiles of those statistics.
///
/// satune uses it for the median over seeds, with 10,000 resamples and a generator seeded from a label
/// (the summary row's environment, agent and column), so an interval depends only on its own values:
/// a merged campaign's summary equals the whole campaign's.
public enum Bootstrap {
    public static let resamples = 10_000

    /// The `level` (e.g. 0.95) percentile bootstrap interval of the median of `values`; nil for no values.
    public static func medianInterval(
        _ values: [Double], level: Double = 0.95, resamples: Int = Bootstrap.resamples, label: String
    ) -> (low: Double, high: Double)? {
        guard !values.isEmpty else { return nil }
        guard values.count > 1 else { return (values[0], values[0]) }
        var generator = SeededGenerator(seed: 20_261_130, stream: "bootstrap:" + label)
        let n = values.count
        var sample = [Double](repeating: 0, count: n)
        var medians = [Double](repeating: 0, count: resamples)
        for r in 0..<resamples {
            for i in 0..<n { sample[i] = values[generator.nextInt(below: n)] }
            sample.sort()
            medians[r] = n % 2 == 1 ? sample[n / 2] : (sample[n / 2 - 1] + sample[n / 2]) / 2
        }
        medians.sort()
        let tail = (1 - level) / 2
        return (Statistics.sortedQuantile(medians, tail)!, Statistics.sortedQuantile(medians, 1 - tail)!)
    }
}

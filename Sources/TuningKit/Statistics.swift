/// Order and moment statistics for summaries, charts and measurements.
public enum Statistics {
    /// The q-quantile (0...1) with linear interpolation between order statistics (Hyndman and Fan type 7,
    /// the default of R and NumPy); nil for no values.
    public static func quantile(_ values: [Double], _ q: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        return sortedQuantile(values.sorted(), q)
    }

    /// The q-quantile of values already sorted in increasing order (type 7, as `quantile`).
    public static func sortedQuantile(_ sorted: [Double], _ q: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down)), upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (position - Double(lower)) * (sorted[upper] - sorted[lower])
    }

    /// The median; nil for no values.
    public static func median(_ values: [Double]) -> Double? { quantile(values, 0.5) }

    /// The arithmetic mean; nil for no values.
    public static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// The sample standard deviation (n - 1 in the denominator); nil for fewer than two values.
    public static func standardDeviation(_ values: [Double]) -> Double? {
        guard values.count > 1, let mean = mean(values) else { return nil }
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (squares / Double(values.count - 1)).squareRoot()
    }

    /// The coefficient of variation, standard deviation over the mean's magnitude; nil for fewer than two
    /// values or a zero mean.
    public static func coefficientOfVariation(_ values: [Double]) -> Double? {
        guard let sd = standardDeviation(values), let mean = mean(values), mean != 0 else { return nil }
        return sd / abs(mean)
    }
}

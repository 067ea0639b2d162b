/// Order statistics for summaries and charts.
public enum Statistics {
    /// The q-quantile (0...1) with linear interpolation between order statistics (Hyndman and Fan type 7,
    /// the default of R and NumPy); nil for no values.
    public static func quantile(_ values: [Double], _ q: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down)), upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (position - Double(lower)) * (sorted[upper] - sorted[lower])
    }

    /// The median; nil for no values.
    public static func median(_ values: [Double]) -> Double? { quantile(values, 0.5) }
}

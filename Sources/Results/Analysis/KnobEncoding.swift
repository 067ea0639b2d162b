import Foundation

/// How the values of one knob, as `trials.csv` writes them, map onto a position in [0, 1] for charts and
/// onto features for a model of the collected trials: numbers linearly (logarithmically for a log-scale
/// knob) over the range the trials explored, anything else (a category, a switch) by its position among
/// the values seen, sorted, and for a model one-hot when there are more than two (so that a model does
/// not read an order into categories). Built from the records alone, so the report needs nothing but
/// the results folder.
public struct KnobEncoding: Sendable {
    public let name: String
    /// The values seen, in order, for a knob whose values are not all numbers.
    public let categories: [String]?
    /// The smallest and largest value seen, for a numeric knob (logarithms for a log scale).
    let lower: Double, upper: Double
    public let logScale: Bool

    /// The encoding of `values` (the knob's cells in the trials); `logScale` from the knob's definition
    /// (used only when every value is positive).
    public init(name: String, values: [String], logScale: Bool) {
        self.name = name
        let numbers = values.compactMap(Double.init)
        if numbers.count == values.count, !numbers.isEmpty {
            let log = logScale && numbers.allSatisfy { $0 > 0 }
            let scaled = log ? numbers.map(Foundation.log) : numbers
            (categories, lower, upper, self.logScale) = (nil, scaled.min()!, scaled.max()!, log)
        } else {
            let seen = Array(Set(values)).sorted()
            (categories, lower, upper, self.logScale) = (seen, 0, Double(max(seen.count - 1, 1)), false)
        }
    }

    /// The position of a written value in [0, 1]; nil for a value not seen or not a number.
    public func encode(_ text: String) -> Double? {
        let raw: Double?
        if let categories {
            raw = categories.firstIndex(of: text).map(Double.init)
        } else {
            raw = Double(text).map { logScale ? log($0) : $0 }
        }
        guard let raw else { return nil }
        return upper > lower ? (raw - lower) / (upper - lower) : 0.5
    }

    /// The knob's value at position `x` in [0, 1], as text for an axis (a category's name, a number with
    /// few digits).
    public func label(at x: Double) -> String {
        let raw = lower + x * (upper - lower)
        if let categories { return categories[min(max(Int(raw.rounded()), 0), categories.count - 1)] }
        let value = logScale ? exp(raw) : raw
        if abs(value) >= 1e5 || (abs(value) < 1e-2 && value != 0) { return String(format: "%.2g", value) }
        return abs(value) >= 100 ? String(Int(value.rounded())) : String(format: "%.3g", value)
    }

    /// True when the knob takes few distinct positions (a category or switch): a heatmap draws one column each.
    public var isDiscrete: Bool { categories != nil }

    /// How many features the knob has in a model: one per category beyond two, else one.
    public var width: Int { categories.map { $0.count > 2 ? $0.count : 1 } ?? 1 }

    /// The model's features of a position: the position itself, or a category's one-hot vector.
    public func features(_ position: Double) -> [Double] {
        guard width > 1 else { return [position] }
        let index = Int((position * Double(width - 1)).rounded())
        return (0..<width).map { $0 == index ? 1 : 0 }
    }
}

/// One figure a benchmark measured: printed as `name: value`, with the unit in the name
/// (`update_ms_median: 0.91`), so that scripts can read it.
public struct Figure: Sendable, Equatable {
    public let name: String
    public let value: Double

    public init(_ name: String, _ value: Double) {
        self.name = name
        self.value = value
    }

    /// `name: value`, three decimals below 10, whole numbers above.
    public var line: String { "\(name): \(value < 10 ? (value * 1000).rounded() / 1000 : value.rounded())" }
}

/// Where a benchmark reports each figure as soon as it has it.
public typealias FigureSink = (Figure) -> Void

import TuningKit

/// The same configurations measured on two environments that share knob names (a real server and the
/// simulator of it), and how well the orders of their objectives agree: Spearman's rank correlation over the
/// configurations that completed on both, and how often the two agree on which configurations fail. It says
/// how far the simulated surface can stand in for the real one when agents are compared.
public struct SurfaceComparison {
    /// One configuration (of the first environment's space) and its two measurements.
    public struct Row {
        public let configuration: Configuration
        public let first: Measurement
        public let second: Measurement
    }

    public let rows: [Row]

    /// Spearman's rho of the two objectives over the rows that completed on both; nil for fewer than 3.
    public var rankCorrelation: Double? {
        let both = rows.filter { $0.first.objective != nil && $0.second.objective != nil }
        return RankCorrelation.spearman(both.map { $0.first.objective! }, both.map { $0.second.objective! })
    }

    /// Rows on which both environments completed, both failed, or only one failed.
    public var bothCompleted: Int { rows.filter { !$0.first.failed && !$0.second.failed }.count }
    public var bothFailed: Int { rows.filter { $0.first.failed && $0.second.failed }.count }
    public var onlyFirstFailed: Int { rows.filter { $0.first.failed && !$0.second.failed }.count }
    public var onlySecondFailed: Int { rows.filter { !$0.first.failed && $0.second.failed }.count }

    /// Measures the defaults and `samples` Latin-hypercube configurations of `first`'s space (seeded) on both
    /// environments, each configuration on `second` by knob name. `progress` sees each row as it completes.
    public static func measure(
        _ first: any Environment, _ second: any Environment, samples: Int, seed: UInt64,
        progress: (Int, Row) -> Void = { _, _ in }
    ) throws -> SurfaceComparison {
        let space = first.space
        let missing = space.names.filter { second.space[$0] == nil }
        guard missing.isEmpty else {
            throw PlainError("the second environment has no knob \(missing.joined(separator: ", "))")
        }
        var generator = SeededGenerator(seed: seed, stream: "surface-comparison")
        let configurations =
            [first.defaultConfiguration]
            + LatinHypercube.sample(count: samples, dimension: space.dimension, using: &generator).map(space.decode)
        var rows: [Row] = []
        for (trial, configuration) in configurations.enumerated() {
            let assignments = zip(space.names, configuration.values).map { ($0, $1.description) }
            let translated = try second.space.configuration(assigning: assignments, to: second.defaultConfiguration)
            let row = Row(
                configuration: configuration, first: try first.evaluate(configuration, trial: trial),
                second: try second.evaluate(translated, trial: trial))
            rows.append(row)
            progress(trial, row)
        }
        return SurfaceComparison(rows: rows)
    }
}

import Foundation
import TuningKit

/// What `satune try` and `satune replay` measured, for scripts (`--format json`): each configuration with its
/// knobs and every figure with its unit, and the second configuration against the first (the defaults).
struct MeasurementReport: Encodable {
    /// A measured figure and its unit (nil where the environment does not say).
    struct Figure: Encodable {
        let value: Double?
        let unit: String?

        init(_ value: Double?, _ unit: String?) {
            self.value = value.flatMap { $0.isFinite ? $0 : nil }
            self.unit = unit
        }
    }

    struct ObjectiveInfo: Encodable {
        let name: String, unit: String, direction: String
    }

    /// One configuration measured.
    struct Column: Encodable {
        let name: String
        /// Every knob of the space with its value as the knob writes it.
        let knobs: [String: String]
        let failed: Bool
        let failureReason: String?
        let objective: Figure
        let throughput: Figure, latencyMean: Figure, latencyP50: Figure, latencyP95: Figure, latencyP99: Figure
        let metrics: [String: Figure]
    }

    /// The second configuration against the first: the objective's change in percent, and its improvement
    /// (positive when better, whichever the direction).
    struct Comparison: Encodable {
        let objectiveChangePercent: Double?
        let improvementPercent: Double?
    }

    let environment: String
    let objective: ObjectiveInfo
    let configurations: [Column]
    let comparison: Comparison?

    init(
        environment: String, space: KnobSpace, objective: Objective, metricNames: [String],
        columns: [(name: String, configuration: Configuration, measurement: TuningKit.Measurement)]
    ) {
        self.environment = environment
        self.objective = ObjectiveInfo(
            name: objective.name, unit: objective.unit, direction: objective.direction.rawValue)
        configurations = columns.map { name, configuration, m in
            var metrics: [String: Figure] = [:]
            for (i, metric) in metricNames.enumerated() where m.metrics.indices.contains(i) {
                metrics[metric] = Figure(m.metrics[i], Self.unit(ofMetric: metric))
            }
            return Column(
                name: name,
                knobs: Dictionary(
                    uniqueKeysWithValues: zip(space.knobs, configuration.values).map { ($0.name, $1.description) }),
                failed: m.failed, failureReason: m.failureReason,
                objective: Figure(m.failed ? nil : m.objective, objective.unit),
                throughput: Figure(m.throughput, "tx/s"), latencyMean: Figure(m.latencyMean, "ms"),
                latencyP50: Figure(m.latencyP50, "ms"), latencyP95: Figure(m.latencyP95, "ms"),
                latencyP99: Figure(m.latencyP99, "ms"), metrics: metrics)
        }
        if columns.count == 2, let base = configurations[0].objective.value,
            let other = configurations[1].objective.value
        {
            comparison = Comparison(
                objectiveChangePercent: base == 0 ? nil : (other - base) / abs(base) * 100,
                improvementPercent: objective.improvement(of: other, over: base))
        } else {
            comparison = nil
        }
    }

    /// The unit a metric's name says (`wall_time_cv` none, `..._ms` milliseconds, `..._bytes` bytes, ...);
    /// nil when the name does not say.
    static func unit(ofMetric name: String) -> String? {
        let suffixes: [(String, String)] = [
            ("_ms", "ms"), ("_seconds", "s"), ("_s", "s"), ("_bytes", "B"), ("_mb", "MB"), ("_percent", "%"),
            ("_per_second", "1/s"), ("_cv", ""), ("_ratio", ""), ("_share", ""), ("_fraction", ""),
        ]
        return suffixes.first { name.hasSuffix($0.0) }?.1
    }
}

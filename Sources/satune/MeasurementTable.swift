import Foundation
import TuningKit

/// Measurements side by side for a person: one row per figure (the objective, throughput, latencies,
/// then each internal metric), one column per configuration, figures to four significant digits, and the
/// change of the second column against the first (the defaults); above it, why a configuration failed.
enum MeasurementTable {
    static func render(
        _ columns: [(name: String, measurement: TuningKit.Measurement)], objective: Objective, metricNames: [String]
    ) -> String {
        let measurements = columns.map(\.measurement)
        var rows: [(String, [Double?])] = [
            ("objective: \(objective.label)", measurements.map(\.objective)),
            ("throughput (tx/s)", measurements.map(\.throughput)),
            ("latency_mean (ms)", measurements.map(\.latencyMean)),
            ("latency_p50 (ms)", measurements.map(\.latencyP50)),
            ("latency_p95 (ms)", measurements.map(\.latencyP95)), ("latency_p99 (ms)", measurements.map(\.latencyP99)),
        ].filter { $0.1.contains { $0 != nil } || $0.0.hasPrefix("objective") }
        for (i, name) in metricNames.enumerated() {
            rows.append((name, measurements.map { $0.metrics.indices.contains(i) ? $0.metrics[i] : nil }))
        }
        let nameWidth = rows.map(\.0.count).max() ?? 0
        let widths = columns.map { max($0.name.count, 12) }
        func pad(_ text: String, _ width: Int) -> String {
            text + String(repeating: " ", count: max(width - text.count, 0))
        }
        // Why a configuration failed comes first: its column is only dashes.
        var lines = columns.compactMap { column in
            column.measurement.failureReason.map { "\(column.name) failed: \($0)" }
        }
        lines.append(
            pad("", nameWidth) + "  " + zip(columns, widths).map { pad($0.name, $1) }.joined(separator: "  ")
                + (columns.count > 1 ? "  change" : ""))
        for (name, values) in rows {
            var line =
                pad(name, nameWidth) + "  "
                + zip(values, widths).map { pad($0.map(format) ?? "-", $1) }.joined(separator: "  ")
            if values.count > 1, let base = values[0], let other = values[1], base != 0 {
                line += "  " + String(format: "%+.1f%%", (other - base) / abs(base) * 100)
            }
            lines.append(line)
        }
        return lines.map { String($0.reversed().drop { $0 == " " }.reversed()) }.joined(separator: "\n")
    }

    /// A figure to four significant digits; whole numbers (counts) as they are.
    static func format(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
        return String(format: "%.4g", value)
    }
}

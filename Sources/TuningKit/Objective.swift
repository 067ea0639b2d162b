/// The quantity an environment asks tuners to optimize: its name, unit and direction.
public struct Objective: Sendable, Equatable {
    public enum Direction: String, Sendable, Codable, CaseIterable {
        case minimize, maximize
    }
    /// Short name, e.g. "latency_p95" or "value".
    public let name: String
    /// Unit, e.g. "ms", "s", "tx/s"; empty when unitless.
    public let unit: String
    public let direction: Direction

    public init(name: String, unit: String, direction: Direction) {
        self.name = name
        self.unit = unit
        self.direction = direction
    }

    /// The objective as a cost (lower is better): itself when minimizing, its negation when maximizing.
    public func cost(_ value: Double) -> Double { sign * value }

    /// The objective's value of a cost (the inverse of `cost`), e.g. for a model that predicts costs.
    public func value(ofCost cost: Double) -> Double { sign * cost }

    /// 1 when minimizing, -1 when maximizing: a cost is the value times this sign. The one place the
    /// direction turns into arithmetic.
    public var sign: Double { direction == .minimize ? 1 : -1 }

    /// True when `a` is strictly better than `b`.
    public func isBetter(_ a: Double, than b: Double) -> Bool { cost(a) < cost(b) }

    /// The improvement of `value` over `baseline` in percent of the baseline's magnitude, positive when
    /// `value` is better (lower latency, higher throughput); nil when the baseline is 0. The one place
    /// satune computes "improvement over the default".
    public func improvement(of value: Double, over baseline: Double) -> Double? {
        guard baseline != 0, baseline.isFinite, value.isFinite else { return nil }
        return (cost(baseline) - cost(value)) / abs(baseline) * 100
    }

    /// "latency_p95 (ms)" for axis titles and tables.
    public var label: String { unit.isEmpty ? name : "\(name) (\(unit))" }
}

import TuningKit

/// A configuration measured in an earlier campaign on the same knobs (another workload or hardware
/// profile), for transfer: its point in the unit cube, and its cost relative to that run's default, the
/// ratio c / c_0 (nil when the evaluation failed) with the default cost's sign. Relative to its own
/// default, a measurement carries over between systems whose absolute figures differ.
public struct PriorSample: Sendable, Equatable {
    public let point: [Double]
    public let ratio: Double?
    /// +1 for positive costs (latencies), -1 for negative ones (throughput, maximized).
    public let sign: Double

    public init(point: [Double], ratio: Double?, sign: Double) {
        self.point = point
        self.ratio = ratio
        self.sign = sign
    }

    /// The relative improvement over the default, (c_0 - c) / |c_0|, positive when better.
    public var improvement: Double? { ratio.map { sign * (1 - $0) } }

    /// The distinct points of the best samples, best first: where a transferred search starts.
    public static func bestPoints(_ samples: [PriorSample], count: Int) -> [[Double]] {
        var seen: Set<[Double]> = []
        return samples.filter { $0.improvement != nil }.sorted { $0.improvement! > $1.improvement! }
            .map(\.point).filter { seen.insert($0).inserted }.prefix(count).map { $0 }
    }
}

/// What one evaluation of a configuration measured.
///
/// Units are the environment's: satune's database environments report throughput in transactions
/// per second and latencies in milliseconds; `objective` is in the unit of the environment's `Objective`.
/// A failed evaluation (the database did not start, crashed, or timed out) has `failureReason` set
/// and no objective: it is a recorded outcome, never a number that could be mistaken for a result.
public struct Measurement: Sendable, Equatable {
    /// The value being optimized, as the environment's `Objective` defines it; nil when failed.
    public var objective: Double?
    /// Transactions (or queries) per second; nil where the environment has no notion of throughput.
    public var throughput: Double?
    /// Latency statistics in milliseconds; nil where the environment has no notion of latency.
    public var latencyMean: Double?
    public var latencyP50: Double?
    public var latencyP95: Double?
    public var latencyP99: Double?
    /// Internal metrics, aligned with the environment's `metricNames` (empty if it has none).
    public var metrics: [Double]
    /// Why the evaluation failed, or nil if it succeeded.
    public var failureReason: String?
    /// Stopped early as hopeless (`Environment.observeIncumbent`, a real server's early abort): `objective` is
    /// its interim value (its throughput or latency so far, projected to the whole run), not a failure.
    public var aborted = false

    public init(
        objective: Double?, throughput: Double? = nil, latencyMean: Double? = nil, latencyP50: Double? = nil,
        latencyP95: Double? = nil, latencyP99: Double? = nil, metrics: [Double] = [], failureReason: String? = nil
    ) {
        self.objective = objective
        self.throughput = throughput
        self.latencyMean = latencyMean
        self.latencyP50 = latencyP50
        self.latencyP95 = latencyP95
        self.latencyP99 = latencyP99
        self.metrics = metrics
        self.failureReason = failureReason
    }

    /// A failed evaluation with its reason.
    public static func failure(_ reason: String) -> Measurement {
        Measurement(objective: nil, failureReason: reason)
    }

    /// True when the evaluation failed.
    public var failed: Bool { failureReason != nil }

    /// The failure reason of an evaluation stopped by `Environment.interrupt()`: the runner abandons
    /// such a trial instead of recording it.
    public static let interruptedReason = "interrupted"

    /// True when the evaluation was stopped by `Environment.interrupt()`.
    public var interrupted: Bool { failureReason == Self.interruptedReason }
}

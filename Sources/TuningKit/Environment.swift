/// A system to tune: a database (simulated or real) or a benchmark function.
///
/// An environment owns its noise and state; one instance serves one run (one agent, one seed),
/// so it may keep mutable state and draw from a generator seeded by the run's seed.
public protocol Environment: AnyObject {
    /// The knobs a tuner may set.
    var space: KnobSpace { get }
    /// Names of the internal metrics in every `Measurement.metrics` (empty when there are none).
    var metricNames: [String] { get }
    /// What is optimized, in which unit and direction.
    var objective: Objective { get }
    /// The configuration the system ships with; the baseline of every run.
    var defaultConfiguration: Configuration { get }
    /// Applies a valid configuration and measures the system. A configuration that makes the system
    /// fail returns a failed `Measurement`; a thrown error means the environment itself broke.
    func evaluate(_ configuration: Configuration) throws -> Measurement
    /// The exact best objective value and a way to score configurations without noise, where known.
    var reference: ReferenceSurface? { get }
}

extension Environment {
    public var defaultConfiguration: Configuration { space.defaultConfiguration }
    public var reference: ReferenceSurface? { nil }
}

/// The noise-free surface of an environment with a known optimum, for computing regret exactly.
public struct ReferenceSurface: Sendable {
    /// The best objective value attainable (noise-free).
    public let optimum: Double
    /// The noise-free objective of a configuration (nil where it fails).
    public let noiseFreeObjective: @Sendable (Configuration) -> Double?

    public init(optimum: Double, noiseFreeObjective: @escaping @Sendable (Configuration) -> Double?) {
        self.optimum = optimum
        self.noiseFreeObjective = noiseFreeObjective
    }
}

/// A system to tune: a database (simulated or real) or a benchmark function.
///
/// An environment owns its state; one instance serves one run (one agent, one seed). Simulated
/// environments draw their noise from the run's seed and the trial number, never from how many
/// evaluations came before, so a run resumed at trial t measures exactly what an uninterrupted one did.
public protocol Environment: AnyObject {
    /// The knobs a tuner may set.
    var space: KnobSpace { get }
    /// Names of the internal metrics in every `Measurement.metrics` (empty when there are none).
    var metricNames: [String] { get }
    /// What is optimized, in which unit and direction.
    var objective: Objective { get }
    /// The configuration the system ships with; the baseline of every run.
    var defaultConfiguration: Configuration { get }
    /// Applies a valid configuration and measures the system. `trial` is the evaluation's position in
    /// its run (0 for the default, then 1, 2, ... for the agent's proposals, then any re-measurements);
    /// simulated environments derive that evaluation's noise from it. A configuration that makes the
    /// system fail returns a failed `Measurement`; a thrown error means the environment itself broke.
    func evaluate(_ configuration: Configuration, trial: Int) throws -> Measurement
    /// Gets ready to measure: finds and builds what the first evaluation needs (a real server's installation
    /// and pristine cluster), once; the runner calls it before a run's first new evaluation, so that an error
    /// (nothing can be measured here) ends the run instead of failing every trial. `interrupt()` stops it.
    /// Environments with nothing to prepare need not implement it.
    func prepare() throws
    /// The exact best objective value and a way to score configurations without noise, where known.
    var reference: ReferenceSurface? { get }
    /// Asks an evaluation in progress on another thread to stop soon (Ctrl-C); it then returns a
    /// measurement failed with `Measurement.interruptedReason`. Environments that evaluate in
    /// microseconds need not implement it.
    func interrupt()
    /// What a person should know about this environment before trusting its measurements (a workload
    /// that sets a knob itself, a transaction left open), one sentence each.
    var warnings: [String] { get }
    /// The first trial measured under changed conditions (another workload or hardware), for a system
    /// that changes during a run; nil for one that does not. The best-so-far restarts there, and
    /// `reference` describes the system after the change.
    var changeTrial: Int? { get }
    /// The best measurement of the run so far (nil before one), told before each evaluation: an environment
    /// that stops hopeless trials early (`early_abort`) compares a trial's running figures with it.
    func observeIncumbent(_ incumbent: Measurement?)
}

extension Environment {
    public var defaultConfiguration: Configuration { space.defaultConfiguration }
    public var reference: ReferenceSurface? { nil }
    public func interrupt() {}
    public func prepare() throws {}
    public var warnings: [String] { [] }
    public var changeTrial: Int? { nil }
    public func observeIncumbent(_ incumbent: Measurement?) {}
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

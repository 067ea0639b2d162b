import TuningKit

/// A simulated system whose conditions change during a run: trials before `changeTrial` are measured on
/// `before`, the rest on `after` (the same knobs, another workload or hardware). It models a database
/// whose workload shifts or that moves to new hardware while an agent tunes it, the adaptability
/// experiments of CDBTune (Zhang et al., SIGMOD 2019, Figs. 10-12): does a model trained on the first
/// condition help on the second?
///
/// The regret and the best-so-far of a run refer to the system after the change (`reference` is
/// `after`'s); the runner restarts the best-so-far at the change.
public final class ChangingSystem: Environment {
    public let before: DatabaseSimulator
    public let after: DatabaseSimulator
    /// The first trial measured on `after`.
    public let changeTrial: Int?

    public init(before: DatabaseSimulator, after: DatabaseSimulator, at trial: Int) {
        precondition(before.space.names == after.space.names, "both conditions must have the same knobs")
        precondition(before.objective == after.objective, "both conditions must have the same objective")
        self.before = before
        self.after = after
        self.changeTrial = trial
    }

    public var space: KnobSpace { before.space }
    public var metricNames: [String] { before.metricNames }
    public var objective: Objective { before.objective }

    public func evaluate(_ configuration: Configuration, trial: Int) throws -> Measurement {
        try (trial < changeTrial! ? before : after).evaluate(configuration, trial: trial)
    }

    public var reference: ReferenceSurface? { after.reference }
}

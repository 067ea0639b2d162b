/// Follows one run step by step: the CDBTune reward, the best configuration so far and its regret.
public struct Tracker {
    public let objective: Objective
    public let reference: ReferenceSurface?
    public let reward = CDBTuneReward()
    /// The noise-free objective of the default configuration, the scale of normalized regret.
    public let defaultValue: Double?
    /// The first step under changed conditions (`Environment.changeTrial`): the best so far restarts
    /// there, and the regret, which refers to the changed system, is given from there on.
    public let changeStep: Int?

    /// The best measured configuration so far (the incumbent), the step that measured it, its noise-free
    /// objective where the surface is known, and its whole measurement (for environments that abort early).
    public private(set) var best:
        (
            objective: Double, configuration: Configuration, step: Int, noiseFree: Double?,
            measurement: TuningKit.Measurement
        )?
    private var initial: Performance?
    private var previous: Performance?
    private var step = 0

    public struct Outcome {
        public var reward: Double
        public var bestObjective: Double?
        /// Simple regret: noise-free objective of the best configuration so far minus the optimum
        /// (oriented so that it is >= 0 in both directions); nil without a known optimum.
        public var regret: Double?
        /// regret / (default - optimum), in the same orientation: 1 at the default, 0 at the optimum.
        public var normalizedRegret: Double?
    }

    public init(
        objective: Objective, reference: ReferenceSurface?, defaultConfiguration: Configuration, changeStep: Int? = nil
    ) {
        self.objective = objective
        self.reference = reference
        self.defaultValue = reference?.noiseFreeObjective(defaultConfiguration)
        self.changeStep = changeStep
    }

    public mutating func record(_ configuration: Configuration, _ measurement: TuningKit.Measurement) -> Outcome {
        defer { step += 1 }
        if step == changeStep { best = nil }
        let performance = Performance(measurement, objective: objective)
        var stepReward = 0.0
        if let performance {
            if let initial, let previous {
                stepReward = reward.reward(initial: initial, previous: previous, current: performance)
            } else {
                initial = performance  // the first success (normally the default) is the baseline: reward 0
            }
            previous = performance
        } else {
            stepReward = reward.failurePenalty
        }
        if let value = measurement.objective, !measurement.failed,
            best.map({ objective.isBetter(value, than: $0.objective) }) ?? true
        {
            best = (value, configuration, step, reference?.noiseFreeObjective(configuration), measurement)
        }
        var outcome = Outcome(reward: stepReward, bestObjective: best?.objective)
        if let value = best?.noiseFree, step >= changeStep ?? 0 {
            (outcome.regret, outcome.normalizedRegret) = regret(ofNoiseFree: value) ?? (nil, nil)
        }
        return outcome
    }

    /// The simple regret of a noise-free objective value (its cost minus the optimum's, oriented so that it is
    /// >= 0), and that over the default's (1 at the default, 0 at the optimum); nil without a known optimum.
    /// Not clamped at 0: a negative regret would expose a wrong optimum. The one place regret is computed.
    public func regret(ofNoiseFree value: Double) -> (regret: Double, normalized: Double?)? {
        guard let reference else { return nil }
        let regret = objective.cost(value) - objective.cost(reference.optimum)
        guard let defaultValue else { return (regret, nil) }
        let scale = objective.cost(defaultValue) - objective.cost(reference.optimum)
        return (regret, scale > 0 ? regret / scale : nil)
    }
}

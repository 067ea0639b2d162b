/// The loop every run follows, a step at a time: the environment's default configuration at step 0, then
/// the agent's proposals; each one measured, tracked (CDBTune's reward, the best so far and its regret)
/// and told to the agent. `CellRun` drives it for campaigns (answering a resumed run's steps from their
/// records), and the agents' tests drive it directly.
public struct TuningLoop {
    public let environment: any Environment
    public let agent: any Agent
    private(set) var tracker: Tracker
    private(set) var recommender: RecommendationTracker
    /// The step that `propose` proposes next.
    public private(set) var step = 0

    /// One completed step.
    public struct Step {
        public let step: Int
        public let configuration: Configuration
        public let measurement: TuningKit.Measurement
        public let reward: Double
        /// Why the agent proposed the configuration (nil for the default, and for agents that do not say).
        public let decision: Decision?
        /// The best objective measured so far, and the noise-free regret of its configuration (where the
        /// optimum is known): absolute, and over (default - optimum).
        public let bestObjective: Double?
        public let regret: Double?
        public let normalizedRegret: Double?
        /// What the run would deploy now (`RecommendationTracker`), and its configuration's noise-free
        /// normalized regret where the optimum is known.
        public let recommendation: RecommendationTracker.Recommendation?
        public let recommendedRegret: Double?
        /// Time in the agent (its ask and tell) and in the evaluation.
        public let agentTime: Duration
        /// Of `agentTime`, the tell: where the agent updates its model.
        public let tellTime: Duration
        public let evaluationTime: Duration
    }

    public init(environment: any Environment, agent: any Agent) {
        self.environment = environment
        self.agent = agent
        tracker = Tracker(
            objective: environment.objective, reference: environment.reference,
            defaultConfiguration: environment.defaultConfiguration, changeStep: environment.changeTrial)
        recommender = RecommendationTracker(objective: environment.objective)
    }

    /// The incumbent's measurement, with every figure it had (an environment that aborts hopeless trials early
    /// compares a running trial's throughput or latency with it), nil before one.
    public var incumbentMeasurement: TuningKit.Measurement? { tracker.best?.measurement }

    /// The best measured configuration so far (the incumbent), the step that measured it, and its objective.
    public var incumbent: (configuration: Configuration, step: Int, objective: Double)? {
        tracker.best.map { ($0.configuration, $0.step, $0.objective) }
    }

    /// The configuration to evaluate at the current step (the default at step 0), and the agent's time.
    public mutating func propose() throws -> (configuration: Configuration, agentTime: Duration) {
        let start = ContinuousClock.now
        let configuration = step == 0 ? environment.defaultConfiguration : try agent.ask()
        decision = step == 0 ? nil : agent.decision
        return (configuration, ContinuousClock.now - start)
    }

    /// A recorded configuration as the current step's, without asking the agent: how a resumed run continues an
    /// agent that does not replay from its seed (`Agent.replaysFromSeed`), which is then told it.
    public mutating func propose(recorded configuration: Configuration) -> (
        configuration: Configuration, agentTime: Duration
    ) {
        decision = nil
        return (configuration, .zero)
    }

    /// The agent's decision behind the configuration `propose` returned.
    private var decision: Decision?

    /// Records the measurement of the proposed configuration and tells the agent; moves to the next step.
    /// A re-measurement of the confirmation phase (`confirming`, proposed with `propose(confirming:)`) is not told:
    /// the agent's search is over.
    public mutating func complete(
        _ configuration: Configuration, _ measurement: TuningKit.Measurement, agentTime: Duration,
        evaluationTime: Duration, confirming: Bool = false
    ) throws -> Step {
        let result = tracker.record(configuration, measurement)
        recommender.record(step: step, configuration, measurement, confirming: confirming)
        let tellStart = ContinuousClock.now
        if !confirming {
            try agent.tell(
                Observation(
                    step: step, configuration: configuration, point: environment.space.encode(configuration),
                    measurement: measurement,
                    cost: measurement.objective.map(environment.objective.cost), reward: result.reward))
        }
        let recommendation = recommender.current(choice: agent.rank(1)?.first)
        let told = ContinuousClock.now - tellStart
        defer { step += 1 }
        return Step(
            step: step, configuration: configuration, measurement: measurement, reward: result.reward,
            decision: decision,
            bestObjective: result.bestObjective, regret: result.regret, normalizedRegret: result.normalizedRegret,
            recommendation: recommendation, recommendedRegret: recommendedRegret(recommendation),
            agentTime: agentTime + told, tellTime: told, evaluationTime: evaluationTime)
    }

    /// The noise-free normalized regret of a recommendation, where the optimum is known (from the change on,
    /// for a system that changes).
    private func recommendedRegret(_ recommendation: RecommendationTracker.Recommendation?) -> Double? {
        guard let recommendation, step >= environment.changeTrial ?? 0,
            let value = environment.reference?.noiseFreeObjective(recommendation.configuration)
        else { return nil }
        return tracker.regret(ofNoiseFree: value)?.normalized
    }

    /// The `count` configurations the run would re-measure in its confirmation phase: the agent's ranking of
    /// what it evaluated, or the best measured.
    public func candidates(_ count: Int) -> [Configuration] {
        let ranked = (agent.rank(count) ?? []).filter { recommender.wasMeasured($0) }
        return ranked.isEmpty ? recommender.bestMeasured(count) : Array(ranked.prefix(count))
    }

    /// Starts the confirmation phase, which re-measures `configurations` (`RecommendationTracker`).
    public mutating func beginConfirmation(_ configurations: [Configuration]) {
        recommender.beginConfirmation(configurations)
    }

    /// A configuration of the confirmation phase as the current step's (the agent is not asked).
    public mutating func propose(confirming configuration: Configuration) -> (
        configuration: Configuration, agentTime: Duration
    ) {
        decision = Decision(family: .confirmation)
        return (configuration, .zero)
    }

    /// A whole step: propose, measure (`measure`: an invalid configuration or a broken environment is a
    /// failed measurement), complete.
    public mutating func next() throws -> Step {
        let (configuration, agentTime) = try propose()
        let start = ContinuousClock.now
        let measurement = TuningLoop.measure(configuration, in: environment, trial: step)
        return try complete(
            configuration, measurement, agentTime: agentTime, evaluationTime: ContinuousClock.now - start)
    }

    /// Evaluates a configuration; an invalid configuration or an environment error becomes a failed measurement.
    public static func measure(_ configuration: Configuration, in env: any Environment, trial: Int)
        -> TuningKit.Measurement
    {
        do {
            try env.space.validate(configuration)
            var measurement = try env.evaluate(configuration, trial: trial)
            if !measurement.failed, !(measurement.objective?.isFinite ?? false) {
                measurement = .failure("the environment returned no finite objective")
            }
            return measurement
        } catch let error as ConfigurationError {
            return .failure("invalid configuration: \(error)")
        } catch {
            return .failure("evaluation error: \(error)")
        }
    }
}

/// A tuner: it proposes configurations and learns from what they measured.
///
/// The runner drives it: the environment's default configuration is measured first and told to the
/// agent (step 0); then, for each step of the budget, it asks for a configuration, evaluates it and tells
/// the outcome. Agents draw all randomness from the generator they were created with.
public protocol Agent: AnyObject {
    /// The next configuration to evaluate.
    func ask() throws -> Configuration
    /// The outcome of evaluating a configuration (the agent's own proposal, or the default at step 0).
    func tell(_ observation: Observation) throws
    /// Why the last `ask` proposed what it did (nil when the agent does not say).
    var decision: Decision? { get }
    /// True (the default) for an agent that, created again from its seed and told the same outcomes, asks for
    /// the same configurations: a resumed run replays it, answering its asks from the records. False for an
    /// agent that cannot promise that (another process): a resumed run tells it the recorded trials instead,
    /// without asking.
    var replaysFromSeed: Bool { get }
    /// The configurations it has evaluated that the agent would deploy, best first, by its own model (a
    /// Gaussian process's posterior mean, say); nil (the default) for an agent that leaves it to the runner,
    /// which ranks them by their best measurement. What the run recommends and confirms (`RecommendationTracker`).
    func rank(_ count: Int) -> [Configuration]?
}

extension Agent {
    public var decision: Decision? { nil }
    public var replaysFromSeed: Bool { true }
    public func rank(_ count: Int) -> [Configuration]? { nil }
}

/// One evaluated configuration, as an agent learns of it.
public struct Observation: Sendable {
    /// 0 for the default configuration, then 1, 2, ... for the agent's proposals.
    public let step: Int
    public let configuration: Configuration
    /// The configuration as a point of the unit cube.
    public let point: [Double]
    public let measurement: Measurement
    /// The objective as a cost, lower is better (nil when the evaluation failed).
    public let cost: Double?
    /// The CDBTune reward of this step.
    public let reward: Double

    public init(
        step: Int, configuration: Configuration, point: [Double], measurement: Measurement, cost: Double?,
        reward: Double
    ) {
        self.step = step
        self.configuration = configuration
        self.point = point
        self.measurement = measurement
        self.cost = cost
        self.reward = reward
    }
}

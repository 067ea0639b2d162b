import TuningKit

/// One evaluation of a campaign, as `trials.csv` holds it: which run and step, the configuration, what
/// was measured, and how the run stood afterwards. Units: throughput in tx/s, latencies in ms, the
/// objective in its environment's unit (`run.json`), wall-clock times in ms. Knob and metric values are
/// held in the order of the campaign's `TrialSchema` (every knob and metric of any environment).
public struct TrialRecord: Sendable, Equatable {
    /// The columns this record belongs to.
    public let schema: TrialSchema
    public var experiment: String
    /// The environment's label in the manifest.
    public var environment: String
    /// The agent's label in the manifest.
    public var agent: String
    public var seed: UInt64
    /// 0 for the default configuration, then 1...budget for the agent's proposals.
    public var step: Int
    /// The configuration, aligned with `schema.knobNames`: each knob of the environment as its value is
    /// written (`WAL`, `4096`, `on`), nil for knobs of other environments.
    public var knobValues: [String?]
    public var throughput: Double?
    public var latencyMean: Double?
    public var latencyP50: Double?
    public var latencyP95: Double?
    public var latencyP99: Double?
    /// The value optimized (nil when the evaluation failed).
    public var objective: Double?
    /// CDBTune's reward of the step.
    public var reward: Double?
    /// The best objective measured so far in the run.
    public var bestObjective: Double?
    /// Noise-free objective of the best-so-far configuration minus the known optimum (oriented >= 0).
    public var regret: Double?
    /// `regret` over (default - optimum): 1 at the default, 0 at the optimum.
    public var normalizedRegret: Double?
    /// What the run would deploy after this step (`RecommendationTracker`): the step that first measured that
    /// configuration, the mean of its measurements in the run (its re-measurements once confirmed), and its
    /// noise-free normalized regret where the optimum is known. In folders written before recommendations, the
    /// best measured (read back from `best_objective` and `normalized_regret`).
    public var recommendedStep: Int?
    public var recommendedObjective: Double?
    public var recommendedRegret: Double?
    /// What the run is judged by after this step: its recommendation's objective and normalized regret, or,
    /// where no recommendation was recorded (a record made by hand), the best measured.
    public var judgedObjective: Double? { recommendedObjective ?? bestObjective }
    public var judgedRegret: Double? { recommendedRegret ?? normalizedRegret }
    /// Stopped early as hopeless (a real server's early abort); `objective` is then its interim value.
    public var aborted = false
    /// Why the evaluation failed; nil when it succeeded.
    public var failureReason: String?
    /// Why the agent proposed the configuration (nil for the default and agents that do not say).
    public var decision: Decision?
    /// The environment's internal metrics, aligned with `schema.metricNames` (nil for other environments').
    public var metricValues: [Double?]
    /// Wall-clock time of the evaluation, of the agent's ask and tell, and of the tell alone (where the
    /// agent updates its model): the only non-deterministic fields.
    public var elapsedMs: Double?
    public var agentMs: Double?
    public var tellMs: Double?

    /// A record of a run and step with nothing measured yet.
    init(schema: TrialSchema, experiment: String, environment: String, agent: String, seed: UInt64, step: Int) {
        self.schema = schema
        self.experiment = experiment
        self.environment = environment
        self.agent = agent
        self.seed = seed
        self.step = step
        knobValues = [String?](repeating: nil, count: schema.knobNames.count)
        metricValues = [Double?](repeating: nil, count: schema.metricNames.count)
    }

    /// The value of a knob, as written.
    public func knob(_ name: String) -> String? { schema.knobIndex[name].flatMap { knobValues[$0] } }

    /// The value of a metric.
    public func metric(_ name: String) -> Double? { schema.metricIndex[name].flatMap { metricValues[$0] } }

    public static func == (a: TrialRecord, b: TrialRecord) -> Bool {
        a.schema == b.schema && a.experiment == b.experiment && a.environment == b.environment && a.agent == b.agent
            && a.seed == b.seed && a.step == b.step && a.knobValues == b.knobValues && a.throughput == b.throughput
            && a.latencyMean == b.latencyMean && a.latencyP50 == b.latencyP50 && a.latencyP95 == b.latencyP95
            && a.latencyP99 == b.latencyP99 && a.objective == b.objective && a.reward == b.reward
            && a.bestObjective == b.bestObjective && a.regret == b.regret && a.normalizedRegret == b.normalizedRegret
            && a.recommendedStep == b.recommendedStep && a.recommendedObjective == b.recommendedObjective
            && a.recommendedRegret == b.recommendedRegret && a.aborted == b.aborted
            && a.failureReason == b.failureReason && a.decision == b.decision && a.elapsedMs == b.elapsedMs
            && a.agentMs == b.agentMs && a.tellMs == b.tellMs
            && zip(a.metricValues, b.metricValues).allSatisfy { x, y in x == y || (x?.isNaN == true && y?.isNaN == true)
            }
    }

    public var failed: Bool { failureReason != nil }

    /// The run this trial belongs to.
    public var cell: CellKey { CellKey(environment: environment, agent: agent, seed: seed) }

    /// The measurement as the environment returned it, rebuilt for an agent being replayed on resume;
    /// `metricNames` is the environment's order.
    public func measurement(metricNames: [String]) -> Measurement {
        let values = metricNames.map(metric)
        var measurement = Measurement(
            objective: objective, throughput: throughput, latencyMean: latencyMean, latencyP50: latencyP50,
            latencyP95: latencyP95, latencyP99: latencyP99,
            metrics: values.allSatisfy { $0 == nil } ? [] : values.map { $0 ?? .nan }, failureReason: failureReason)
        measurement.aborted = aborted
        return measurement
    }
}

extension TrialRecord {
    /// The configuration as recorded, in `space` (the run's environment's knobs); throws naming a knob whose
    /// cell is not one of its values.
    public func configuration(in space: KnobSpace) throws -> Configuration {
        Configuration(try space.knobs.map { knob in try knob.parse(self.knob(knob.name) ?? "") })
    }
}

/// One run of a campaign: an (environment, agent, seed) cell, by labels.
public struct CellKey: Hashable, Sendable, CustomStringConvertible {
    public let environment: String
    public let agent: String
    public let seed: UInt64

    public init(environment: String, agent: String, seed: UInt64) {
        self.environment = environment
        self.agent = agent
        self.seed = seed
    }

    public var description: String { "\(environment) x \(agent) seed \(seed)" }
}

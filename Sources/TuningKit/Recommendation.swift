/// The configuration a run would deploy after each step (its recommendation), which is what a tuner is judged
/// by: not the luckiest measurement, which on a noisy system is often a configuration that measured lucky (the
/// winner's curse), but the configuration the tuner would stand behind, confirmed by fresh measurements where
/// the run has a confirmation phase.
///
/// - By default the recommendation is the best measured configuration (the incumbent), or the agent's own
///   choice where it ranks what it has evaluated by a model (`Agent.rank`).
/// - A run with a confirmation phase (`Confirmation`) re-measures its k best candidates r times each at the end
///   of its budget; from then on it recommends the candidate with the best mean of its re-measurements.
///
/// Its objective is the mean of the recommended configuration's measurements in the run (its re-measurements
/// once confirmed); its regret, where the surface is known, that configuration's noise-free regret.
public struct RecommendationTracker {
    /// One recommendation: the configuration, the step that first measured it, the mean of its measurements.
    public struct Recommendation: Sendable, Equatable {
        public let configuration: Configuration
        public let step: Int
        public let objective: Double
    }

    let objective: Objective
    /// Every successfully measured configuration: its rank in the order first measured, the step that first
    /// measured it, its values and the lowest cost among them.
    private var measured: [Configuration: Entry] = [:]
    private var order: [Configuration] = []
    /// The best measured configuration so far (lowest cost, the earliest first measured on ties), kept as
    /// measurements arrive so that a step costs O(1) however long the run.
    private var incumbent: Configuration?
    /// The confirmation phase's re-measurements of each candidate.
    private var confirmed: [Configuration: [Double]] = [:]
    /// The configurations the confirmation phase re-measures (the default among them), and those re-measured
    /// so far, successfully or not.
    private var candidates: Set<Configuration> = []
    private var attempted: Set<Configuration> = []

    private struct Entry {
        let index: Int
        let step: Int
        var values: [Double]
        var cost: Double
    }

    public init(objective: Objective) { self.objective = objective }

    /// Records a measurement; `confirming` marks a re-measurement of the confirmation phase.
    public mutating func record(step: Int, _ configuration: Configuration, _ measurement: Measurement, confirming: Bool)
    {
        if confirming { attempted.insert(configuration) }
        guard let value = measurement.objective, !measurement.failed, value.isFinite else { return }
        if confirming { confirmed[configuration, default: []].append(value) }
        let cost = objective.cost(value)
        if var entry = measured[configuration] {
            entry.values.append(value)
            entry.cost = min(entry.cost, cost)
            measured[configuration] = entry
        } else {
            measured[configuration] = Entry(index: order.count, step: step, values: [value], cost: cost)
            order.append(configuration)
        }
        if let best = incumbent, let leader = measured[best], let entry = measured[configuration],
            (leader.cost, leader.index) <= (entry.cost, entry.index)
        {
            return
        }
        incumbent = configuration
    }

    /// Starts the confirmation phase: from the first round's end (every candidate re-measured once), the
    /// recommendation is the candidate with the best mean of its re-measurements.
    public mutating func beginConfirmation(_ candidates: [Configuration]) { self.candidates = Set(candidates) }

    /// Whether the configuration was measured successfully at least once.
    public func wasMeasured(_ configuration: Configuration) -> Bool { measured[configuration] != nil }

    /// The `count` best configurations measured, each by its best measurement (ties: the earliest first).
    public func bestMeasured(_ count: Int) -> [Configuration] {
        if count == 1 { return incumbent.map { [$0] } ?? [] }
        return order.sorted { (measured[$0]!.cost, measured[$0]!.index) < (measured[$1]!.cost, measured[$1]!.index) }
            .prefix(count).map { $0 }
    }

    /// The recommendation now: the confirmed candidate with the best mean once the confirmation phase's first
    /// round is complete, else `choice` (the agent's ranking) when it was measured, else the best measured.
    public func current(choice: Configuration? = nil) -> Recommendation? {
        let configuration: Configuration?
        if !confirmed.isEmpty, candidates.isSubset(of: attempted) {
            configuration = confirmed.min { objective.cost(mean($0.value)) < objective.cost(mean($1.value)) }?.key
        } else if let choice, measured[choice] != nil {
            configuration = choice
        } else {
            configuration = incumbent
        }
        guard let configuration, let record = measured[configuration] else { return nil }
        return Recommendation(
            configuration: configuration, step: record.step, objective: mean(confirmed[configuration] ?? record.values))
    }

    private func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }
}

/// A run's confirmation phase (manifest key `confirm: {candidates: k, repeats: r}`): the last r (k + 1)
/// evaluations of the budget re-measure the k best candidates by the agent's ranking, r times each, in rounds
/// that each start with the default configuration (so that a real system's drift shows); the run then
/// recommends the candidate with the best mean, the default included: a tuner that found nothing better than
/// the default under fresh measurements recommends the default. Part of the budget, so agents stay comparable at equal cost.
public struct Confirmation: Sendable, Equatable, Hashable, Codable {
    public let candidates: Int
    public let repeats: Int

    public init(candidates: Int, repeats: Int) {
        self.candidates = candidates
        self.repeats = repeats
    }

    /// Evaluations the phase takes.
    public var evaluations: Int { repeats * (candidates + 1) }
}

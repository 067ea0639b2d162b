import TuningKit

/// How well an agent's model predicted what was then measured, over every trial whose decision carries
/// a prediction of the objective (sample-aware DDPG's critics, Bayesian optimization's Gaussian process),
/// failed trials left out: how many, Spearman's rank correlation of predicted and measured, the median
/// absolute error relative to the measured value, and the share of measurements within two spreads
/// (critics' spread or the GP's standard deviation) of the prediction. An agent whose model gives only a
/// score (DDPG's critic: a Q value of CDBTune's reward, not an objective) is judged by how its score
/// orders the measurements: the rank correlation of the score with the objective oriented so that
/// better is higher.
public struct PredictionAccuracy: Sendable {
    public let environment: String, agent: String
    public let predictions: Int
    /// True when the model predicted the objective itself; false for a score (errors are then nil).
    public let predictsObjective: Bool
    /// Rank correlation of prediction and measurement (of score and oriented objective for a score).
    public let rankCorrelation: Double?
    /// Median of |predicted - measured| / |measured|, as a fraction.
    public let medianRelativeError: Double?
    /// Share of measurements within predicted +- 2 spreads, over the predictions that have a spread.
    public let withinTwoSpreads: Double?
    /// (predicted, measured) pairs in trial order.
    public let pairs: [(predicted: Double, measured: Double)]

    /// The accuracy of `agent` on `environment` (whose objective is `objective`) from its runs; nil when
    /// it predicted nothing.
    public init?(environment: String, agent: String, objective: Objective, runs: [CampaignResults.Run]) {
        let trials = runs.filter { $0.key.environment == environment && $0.key.agent == agent }.flatMap(\.trials)
        let measured = trials.filter { !$0.failed && $0.objective != nil }
        let predicted = measured.filter { $0.decision?.predicted != nil }
        self.environment = environment
        self.agent = agent
        guard !predicted.isEmpty else {
            let scored = measured.filter { $0.decision?.family == .actorNoise && $0.decision?.score != nil }
            guard !scored.isEmpty else { return nil }
            predictions = scored.count
            predictsObjective = false
            rankCorrelation = RankCorrelation.spearman(
                scored.map { $0.decision!.score! }, scored.map { -objective.cost($0.objective!) })
            (medianRelativeError, withinTwoSpreads, pairs) = (nil, nil, [])
            return
        }
        predictions = predicted.count
        predictsObjective = true
        pairs = predicted.map { ($0.decision!.predicted!, $0.objective!) }
        rankCorrelation = RankCorrelation.spearman(pairs.map(\.predicted), pairs.map(\.measured))
        medianRelativeError = Statistics.median(
            pairs.compactMap { $0.measured == 0 ? nil : abs($0.predicted - $0.measured) / abs($0.measured) })
        let spread = predicted.compactMap { t in
            t.decision!.spread.map { abs(t.decision!.predicted! - t.objective!) <= 2 * $0 }
        }
        withinTwoSpreads = spread.isEmpty ? nil : Double(spread.filter { $0 }.count) / Double(spread.count)
    }
}

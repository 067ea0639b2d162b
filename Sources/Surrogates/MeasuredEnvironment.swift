import Foundation
import Optimization
import TuningKit

/// A surface learned from configurations someone else measured (`MeasuredTable`): a random forest regressor
/// fitted to them, as the VLDB'22 tuning benchmark does (scikit-learn's defaults: 100 trees, bootstrap, leaves
/// grown pure, every feature at each split), evaluated in place of the server. Deterministic: a configuration
/// always predicts the same objective, as in the benchmark.
///
/// With `failureAt` (the Join Order Benchmark's 240 s cut-off for a run that did not finish), a configuration
/// whose trees mostly predict the cut-off or beyond (below it when maximizing) fails, as in a crash region.
/// The optimum for regret is the best of a search on the forest and of the forest at every measured row. The
/// forest and its optimum are computed once per files and process (keyed by the files' content).
public final class MeasuredEnvironment: Environment {
    public let table: MeasuredTable
    public let space: KnobSpace
    public let objective: Objective
    /// No internal metrics: the files measured only the objective.
    public let metricNames: [String] = []
    public let reference: ReferenceSurface?
    public let defaultConfiguration: Configuration
    let forest: RandomForest
    let failureAt: Double?

    public init(table: MeasuredTable, objective: Objective, failureAt: Double?) {
        self.table = table
        space = table.space
        self.objective = objective
        self.failureAt = failureAt
        defaultConfiguration = table.defaultConfiguration
        let forest = Self.forests.value(for: table.fingerprint) {
            RandomForest.fit(inputs: table.features, outputs: table.values, seed: 0)
        }
        self.forest = forest
        let predict: @Sendable (Configuration) -> Double? = { configuration in
            Self.prediction(forest, table.features(of: configuration), objective: objective, failureAt: failureAt)
        }
        let key = "\(table.fingerprint)|\(objective.direction)|\(failureAt.map { String($0) } ?? "-")"
        let optimum = OptimumSearch.cached(key) {
            let searched = OptimumSearch.minimize(space: table.space, seed: 1) { predict($0).map(objective.cost) }
            let rows = table.features.compactMap { row in
                Self.prediction(forest, row, objective: objective, failureAt: failureAt).map(objective.cost)
            }
            return OptimumSearch.Result(
                configuration: searched.configuration, cost: min(searched.cost, rows.min() ?? .infinity))
        }
        reference = ReferenceSurface(optimum: objective.value(ofCost: optimum.cost), noiseFreeObjective: predict)
    }

    public func evaluate(_ configuration: Configuration, trial: Int) throws -> TuningKit.Measurement {
        guard let value = reference?.noiseFreeObjective(configuration) else {
            return .failure(
                "predicted at the failure cut-off (\(objective.name) \(failureAt.map { "\($0)" } ?? "")): the "
                    + "measurements record such runs as not finishing")
        }
        return TuningKit.Measurement(objective: value)
    }

    /// The forest's prediction, nil when most trees put it at the failure cut-off or past it.
    static func prediction(_ forest: RandomForest, _ features: [Double], objective: Objective, failureAt: Double?)
        -> Double?
    {
        guard let failureAt else { return forest.predict(features) }
        let trees = forest.treePredictions(features)
        let failed = trees.filter { objective.direction == .minimize ? $0 >= failureAt : $0 <= failureAt }.count
        return failed * 2 > trees.count ? nil : trees.reduce(0, +) / Double(trees.count)
    }

    /// Forests fitted in this process, by the files' fingerprint.
    private static let forests = ProcessCache<RandomForest>()
}

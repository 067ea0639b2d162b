import Foundation
import Optimization
import Surrogates
import TuningKit

/// `satune calibrate --data FILE --knobs FILE --objective COL`: how well a random forest (the `measured`
/// environment's model) learns a file of measured configurations: its 5-fold cross-validated R², the time to fit
/// it, and the time of one prediction.
enum ForestCheck {
    static func run(data: String, knobs: String, objective: String, seed: UInt64) throws {
        let table = try MeasuredTable(
            data: URL(fileURLWithPath: data), knobs: URL(fileURLWithPath: knobs), objective: objective)
        print(
            "forest: \(table.values.count) measured configurations of \(table.columns.count) knobs in \(data), "
                + "objective \(objective)\(table.defaultRow.map { "; row \($0) is the default configuration" } ?? "")")
        let start = ContinuousClock.now
        let forest = RandomForest.fit(inputs: table.features, outputs: table.values, seed: 0)
        print("fit_seconds: \(String(format: "%.2f", (ContinuousClock.now - start).seconds))")
        let probes = table.features.prefix(1000)
        let predictStart = ContinuousClock.now
        var sink = 0.0
        for row in probes { sink += forest.predict(row) }
        let perPrediction = (ContinuousClock.now - predictStart).seconds / Double(probes.count)
        print("predict_us: \(String(format: "%.1f", perPrediction * 1e6))\(sink.isNaN ? " (nan)" : "")")
        let r2 = RandomForest.crossValidatedR2(inputs: table.features, outputs: table.values, folds: 5, seed: seed)
        print("cross_validated_r2: \(String(format: "%.3f", r2)) (5 shuffled folds, seed \(seed))")
    }
}

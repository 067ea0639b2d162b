import TuningKit

extension RandomForest {
    /// The forest's k-fold cross-validated R²: the samples shuffled (from `seed`) into `folds` folds, a forest
    /// fitted to all but each fold and scored on it (1 - residual / total sum of squares about the fold's
    /// mean), the mean over the folds, as scikit-learn's `cross_val_score` with a shuffled `KFold` reports it.
    public static func crossValidatedR2(
        inputs: [[Double]], outputs: [Double], folds: Int = 5, options: Options = Options(), seed: UInt64
    ) -> Double {
        var generator = SeededGenerator(seed: seed, stream: "cross-validation")
        var order = Array(inputs.indices)
        order.shuffle(using: &generator)
        var scores: [Double] = []
        for fold in 0..<folds {
            let held = Set(order.indices.filter { $0 % folds == fold }.map { order[$0] })
            let train = inputs.indices.filter { !held.contains($0) }
            let forest = fit(
                inputs: train.map { inputs[$0] }, outputs: train.map { outputs[$0] }, options: options,
                seed: SeededGenerator.derive(seed, "fold \(fold)"))
            let test = held.sorted()
            let mean = test.map { outputs[$0] }.reduce(0, +) / Double(test.count)
            let residual = test.map { i in
                let error = outputs[i] - forest.predict(inputs[i])
                return error * error
            }
            let total = test.map { (outputs[$0] - mean) * (outputs[$0] - mean) }.reduce(0, +)
            scores.append(total > 0 ? 1 - residual.reduce(0, +) / total : 0)
        }
        return scores.reduce(0, +) / Double(scores.count)
    }
}

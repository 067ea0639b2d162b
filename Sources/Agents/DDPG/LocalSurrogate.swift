import Optimization
import TuningKit

/// Sample-aware DDPG's local model of the trust region: a Gaussian process fitted to the evaluations
/// nearest the region's center (TuRBO's local GP, Eriksson et al., NeurIPS 2019), whose expected
/// improvement over the best cost scores the trust-region candidates. The critics are a global surrogate
/// fitted by gradient steps to a hundred samples, coarse where a smooth optimum needs precision; the local GP
/// interpolates the neighbourhood and knows its own uncertainty there. Failed evaluations enter it at the
/// worst cost of the neighbourhood (as in Bayesian optimization).
struct LocalSurrogate {
    /// The most evaluations the GP is fitted to (the nearest to the center, in the unit cube).
    let points: Int
    private var inputs: [[Double]] = []
    private var costs: [Double?] = []
    /// The last fit's hyperparameters: the next fit starts from them (and from the defaults).
    private var hyperparameters: [Double]?
    private var generator: SeededGenerator

    init(points: Int, seed: UInt64) {
        self.points = points
        generator = SeededGenerator(seed: seed, stream: "sample-aware-local-gp")
    }

    /// Takes an evaluation: its point in the unit cube and its cost (nil when it failed).
    mutating func observe(_ point: [Double], cost: Double?) {
        inputs.append(point)
        costs.append(cost)
    }

    /// The evaluations nearest `center` that ran, by the posterior mean of a GP fitted to the nearest
    /// (`PosteriorRanking`): indices in the order observed.
    func ranked(around center: [Float]) -> [Int]? {
        let nearest = self.nearest(center)
        return PosteriorRanking.rank(
            points: nearest.map { inputs[$0] }, costs: nearest.map { costs[$0] }, start: hyperparameters
        )?.map { nearest[$0] }
    }

    /// The point of the evaluation with index `index` (in the order observed).
    func point(_ index: Int) -> [Double] { inputs[index] }

    /// The indices of the `points` evaluations nearest `center` in the unit cube.
    private func nearest(_ center: [Float]) -> [Int] {
        let center = center.map(Double.init)
        let distance = inputs.map { x in zip(x, center).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }
        return Array(inputs.indices.sorted { distance[$0] < distance[$1] }.prefix(points))
    }

    /// The candidates' expected improvement (higher is better), with the GP's mean and standard deviation of
    /// the cost at each; nil when fewer than three of the nearest evaluations ran, or the fit failed.
    mutating func score(_ candidates: [[Float]], around center: [Float])
        -> (score: [Double], mean: [Double], deviation: [Double])?
    {
        let nearest = self.nearest(center)
        let ran = nearest.compactMap { costs[$0] }
        guard ran.count >= 3, let worst = ran.max(), let best = ran.min(),
            let gp = try? GaussianProcess.fit(
                inputs: nearest.map { inputs[$0] }, outputs: nearest.map { costs[$0] ?? worst },
                start: hyperparameters, restarts: hyperparameters == nil ? 1 : 0, generator: &generator)
        else { return nil }
        hyperparameters = gp.hyperparameters
        let (mean, variance) = gp.predict(candidates.map { $0.map(Double.init) })
        let incumbent = (best - gp.outputMean) / gp.outputScale
        return (
            zip(mean, variance).map { GaussianProcess.expectedImprovement(mean: $0, variance: $1, best: incumbent) },
            mean.map { $0 * gp.outputScale + gp.outputMean }, variance.map { $0.squareRoot() * gp.outputScale }
        )
    }
}

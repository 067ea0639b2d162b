import Optimization
import TuningKit

/// How an agent with a Gaussian process ranks what it has evaluated when asked what it would deploy
/// (`Agent.rank`): by the GP's posterior mean at each evaluated point, not by its single measurement. On a
/// noisy system the best measurement of a hundred is often a configuration that measured lucky; the
/// posterior mean pools each measurement with its neighbours' and shrinks a lucky one towards them.
public enum PosteriorRanking {
    /// What an agent with a model recommends: its model's ranking, or the best measured (the runner's).
    public enum Source: String, Sendable, CaseIterable { case model, measured }

    /// The indices of the evaluations that ran, lowest posterior mean of the cost first (ties: the earlier
    /// first); nil with fewer than three that ran, or when the fit fails. Failed evaluations enter at the
    /// worst cost, as in the agents' own fits. The hyperparameters maximize the likelihood from `start` (the
    /// agent's last fit) or the defaults, without random restarts: no random draw, so ranking never changes
    /// an agent's search.
    static func rank(points: [[Double]], costs: [Double?], start: [Double]?) -> [Int]? {
        let ran = costs.indices.filter { costs[$0] != nil }
        guard ran.count >= 3, let worst = ran.map({ costs[$0]! }).max() else { return nil }
        var unused = SeededGenerator(seed: 0, stream: "posterior-ranking")
        guard
            let gp = try? GaussianProcess.fit(
                inputs: points, outputs: costs.map { $0 ?? worst }, start: start, restarts: 0, generator: &unused)
        else { return nil }
        let mean = gp.predictMean(ran.map { points[$0] })
        return ran.indices.sorted { (mean[$0], $0) < (mean[$1], $1) }.map { ran[$0] }
    }
}

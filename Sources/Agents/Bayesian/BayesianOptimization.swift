import Foundation
import Optimization
import TuningKit

/// Bayesian optimization with a Gaussian process (OtterTune's baseline; Snoek et al., NeurIPS 2012).
///
/// The first `initialPoints` proposals form a Latin hypercube (the default configuration, measured at
/// step 0, is data too). Then each step fits the GP to every observation (costs, lower is better; a failed
/// evaluation counts as the worst cost observed, as OtterTune does, so the GP never sees a NaN), refits
/// the hyperparameters every `refitInterval` steps, and maximizes the acquisition: expected improvement
///
///     EI(x) = (y* - mu(x) - xi) Phi(z) + sigma(x) phi(z),   z = (y* - mu(x) - xi) / sigma(x)
///
/// (y* the best cost, xi an optional margin in the objective's units, 0 by default), or the lower confidence bound
/// mu - kappa sigma (`ucb`),
/// over `candidates` uniform points plus perturbations of the best observations, then refines the
/// `refineStarts` best by bounded L-BFGS (finite-difference gradients). Integer and categorical knobs:
/// the GP works on the unit cube, a proposal is decoded by the knob space (integers to their slice,
/// categories to their choice), and the GP is told the encoded point of the configuration actually
/// evaluated, so it learns the plateaus. A proposal equal to an evaluated configuration is replaced by the
/// next-best candidate.
public final class BayesianOptimization: Agent {
    public struct Options: Sendable {
        public enum Acquisition: String, Sendable, CaseIterable { case ei, ucb }
        /// Latin-hypercube proposals before the first GP fit (0: none; the GP starts from the default's observation).
        public var initialPoints = 10
        public var acquisition = Acquisition.ei
        /// EI's exploration margin, in the objective's units (0, as in BoTorch: the GP's variance explores).
        public var xi = 0.0
        /// UCB's weight of the standard deviation.
        public var kappa = 1.96
        /// Search only a trust region around the best observation (TuRBO's rule, as in sample-aware DDPG),
        /// which keeps expected improvement from spending a high-dimensional budget on the boundaries.
        public var trustRegion = true
        public var candidates = 2000
        public var refineStarts = 5
        public var refitInterval = 1
        /// Random restarts of the hyperparameter optimization (besides the previous optimum and a default).
        public var restarts = 2
        /// Transfer: measurements of an earlier campaign on the same knobs; the best `transferStarts` of them
        /// replace as many points of the initial design.
        public var transfer: [PriorSample] = []
        public var transferStarts = 5
        /// What the agent recommends (`rank`): the evaluated configuration with the lowest posterior mean
        /// (`PosteriorRanking`), or the best measured.
        public var recommend = PosteriorRanking.Source.model
        public init() {}
    }

    public let options: Options
    let task: TuningTask
    private var generator: SeededGenerator
    private var initial: [[Double]]
    private var points: [[Double]] = []
    private var costs: [Double?] = []
    /// The configuration of each point, in the order evaluated.
    private var configurations: [Configuration] = []
    private var evaluated: Set<Configuration> = []
    /// The last `rank`, until the next observation.
    private var ranking: [Configuration]?
    private var hyperparameters: [Double]?
    private var fits = 0
    private var region = TrustRegion()

    public init(task: TuningTask, options: Options, seed: UInt64) {
        self.task = task
        self.options = options
        generator = SeededGenerator(seed: seed, stream: "bayesian")
        let count = min(options.initialPoints, task.budget)
        let starts = PriorSample.bestPoints(options.transfer, count: min(options.transferStarts, count))
        transferred = starts.count
        initial =
            (starts
            + LatinHypercube.sample(count: count - starts.count, dimension: task.space.dimension, using: &generator))
            .reversed()
    }

    /// Initial points from the transferred campaign (asked first), and initial points asked so far.
    private var transferred = 0, asked = 0

    public func ask() throws -> Configuration {
        if let point = initial.popLast() {
            decision = Decision(family: asked < transferred ? .transfer : .latinHypercube)
            asked += 1
            return task.space.decode(point)
        }
        let observed = costs.compactMap { $0 }
        guard let worst = observed.max() else {
            decision = Decision(family: .uniform)
            return task.space.decode((0..<task.space.dimension).map { _ in generator.nextDouble() })
        }
        let gp = try GaussianProcess.fit(
            inputs: points, outputs: costs.map { $0 ?? worst }, start: hyperparameters,
            optimize: hyperparameters == nil || fits % options.refitInterval == 0, restarts: options.restarts,
            generator: &generator)
        hyperparameters = gp.hyperparameters
        fits += 1
        let bestStandardized = (observed.min()! - gp.outputMean) / gp.outputScale
        let xi = options.xi / gp.outputScale
        let point = maximizeAcquisition(gp, best: bestStandardized, xi: xi)
        decision = explain(point, gp, best: bestStandardized, xi: xi)
        return task.space.decode(point)
    }

    /// The acquisition, the GP's prediction of the objective at the proposal (posterior mean and standard
    /// deviation, back on the objective's scale), the candidates scored and the trust region.
    public private(set) var decision: Decision?
    /// Candidates the last acquisition maximization scored.
    private var scoredCandidates = 0

    private func explain(_ point: [Double], _ gp: GaussianProcess, best: Double, xi: Double) -> Decision {
        let (mean, variance) = gp.predict([point])
        let cost = mean[0] * gp.outputScale + gp.outputMean
        return Decision(
            family: options.acquisition == .ei ? .expectedImprovement : .confidenceBound,
            predicted: task.objective.value(ofCost: cost),
            spread: variance[0].squareRoot() * gp.outputScale, score: acquisition(gp, [point], best: best, xi: xi)[0],
            candidates: scoredCandidates, trustRegion: options.trustRegion ? region.side : nil,
            restarts: options.trustRegion ? region.restarts : nil)
    }

    public func tell(_ observation: Observation) throws {
        region.observe(
            observation.cost, dimension: task.space.dimension,
            adapt: options.trustRegion && initial.isEmpty && observation.step > 0)
        points.append(observation.point)
        costs.append(observation.cost)
        configurations.append(observation.configuration)
        evaluated.insert(observation.configuration)
        ranking = nil
    }

    /// The evaluated configurations by the GP's posterior mean, when `recommend` is `model` and the GP has been
    /// fitted.
    public func rank(_ count: Int) -> [Configuration]? {
        guard options.recommend == .model, let hyperparameters else { return nil }
        if ranking == nil {
            ranking = PosteriorRanking.rank(points: points, costs: costs, start: hyperparameters)?.map {
                configurations[$0]
            }
        }
        return ranking.map { Array($0.prefix(count)) }
    }

    /// The acquisition value at points (higher is better); `xi` on the standardized scale.
    func acquisition(_ gp: GaussianProcess, _ xs: [[Double]], best: Double, xi: Double) -> [Double] {
        let (mean, variance) = gp.predict(xs)
        return zip(mean, variance).map { mu, v in
            let sigma = v.squareRoot()
            switch options.acquisition {
            case .ucb:
                return -(mu - options.kappa * sigma)
            case .ei:
                return GaussianProcess.expectedImprovement(mean: mu, variance: v, best: best, xi: xi)
            }
        }
    }

    private func maximizeAcquisition(_ gp: GaussianProcess, best: Double, xi: Double) -> [Double] {
        let d = task.space.dimension
        let ranked = points.indices.filter { costs[$0] != nil }.sorted { costs[$0]! < costs[$1]! }
        // The search box: the whole cube, or the trust region around the best observation.
        var lower = [Double](repeating: 0, count: d), upper = [Double](repeating: 1, count: d)
        if options.trustRegion, let best = ranked.first {
            let half = region.side / 2
            lower = points[best].map { max($0 - half, 0) }
            upper = points[best].map { min($0 + half, 1) }
        }
        // Candidates: uniform in the box, and Gaussian perturbations of the five best observations.
        var candidates = (0..<options.candidates).map { _ in
            (0..<d).map { generator.nextDouble(in: lower[$0], upper[$0]) }
        }
        for index in ranked.prefix(5) {
            for scale in [0.01, 0.05, 0.1] {
                for _ in 0..<(options.candidates / 50) {
                    candidates.append(points[index].map { min(max($0 + scale * generator.nextGaussian(), 0), 1) })
                }
            }
        }
        scoredCandidates = candidates.count
        let scores = acquisition(gp, candidates, best: best, xi: xi)
        let order = candidates.indices.sorted { scores[$0] > scores[$1] }
        // Refine the best few by bounded L-BFGS on -acquisition with central finite differences.
        var refined: [(x: [Double], score: Double)] = []
        for index in order.prefix(options.refineStarts) {
            let result = BoundedLBFGS.minimize(from: candidates[index], lower: lower, upper: upper, maxIterations: 30) {
                x in
                let h = 1e-5
                var probes = [x]
                for i in 0..<d {
                    var plus = x, minus = x
                    plus[i] = min(x[i] + h, 1)
                    minus[i] = max(x[i] - h, 0)
                    probes.append(plus)
                    probes.append(minus)
                }
                let values: [Double] = self.acquisition(gp, probes, best: best, xi: xi).map { -$0 }
                var gradient = [Double](repeating: 0, count: d)
                for i in 0..<d {
                    let width = probes[1 + 2 * i][i] - probes[2 + 2 * i][i]
                    gradient[i] = width > 0 ? (values[1 + 2 * i] - values[2 + 2 * i]) / width : 0
                }
                return (values[0], gradient)
            }
            refined.append((result.x, -result.value))
        }
        // The best proposal whose configuration has not been evaluated yet.
        let ranking = refined.sorted { $0.score > $1.score }.map(\.x) + order.map { candidates[$0] }
        return ranking.first { !evaluated.contains(task.space.decode($0)) } ?? ranking[0]
    }
}

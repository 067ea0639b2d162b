import TuningKit

/// Sample-aware DDPG: DDPG that treats every evaluation as expensive and spends it where it teaches
/// the most. Each mechanism can be switched off (for ablations):
///
/// 1. Space-filling warm start: the first `warmStart` evaluations form a Latin hypercube; then the critics
///    are pre-trained on them (`pretrainUpdates` updates) and the actor is pulled towards the best of them
///    by behaviour cloning, before the first policy step.
/// 2. Prioritized replay with extra priority for the best-rewarded transitions (`DDPGOptions`).
/// 3. Critic-screened exploration: each step proposes `candidates` actions, in turn uniform over the
///    space, perturbations of the best configuration so far within a trust region, or the actor's output
///    plus Gaussian noise; scores them with the critic ensemble, mean_k Q_k + kappa std_k (an upper
///    confidence bound), and evaluates only the best-scoring one that has not been evaluated yet.
///    The trust region (TuRBO, Eriksson et al., NeurIPS 2019) doubles its side after 3 improvements in a
///    row, halves it after max(4, d/4) steps without one, and starts again at full size when it collapses.
/// 4. Twin critics with clipped double-Q (TD3; REDQ's random pair with a larger ensemble).
/// 5. A high update-to-data ratio: many gradient updates per evaluation, since evaluations are expensive
///    and computation is cheap.
///
/// `docs/agents.md` gives the equations.
public final class SampleAwareDDPG: Agent {
    public struct Options: Sendable {
        /// Latin-hypercube evaluations before the first policy step (0: none).
        public var warmStart = 10
        /// Updates that pre-train the critics after the warm start, and behaviour-cloning steps of the actor.
        public var pretrainUpdates = 200
        public var cloningSteps = 100
        /// Critic-screened exploration, the number of candidates per step and the UCB weight kappa.
        public var screening = true
        public var candidates = 256
        public var kappa = 2.0
        /// The DDPG core; its sample-aware defaults are set by `init()`.
        public var ddpg: DDPGOptions

        /// The sample-aware defaults: five critics with clipped double-Q, prioritized replay, 16 updates per
        /// evaluation, and a critic that is a sharp surrogate of each configuration's worth: the relative
        /// reward, a short horizon (gamma 0.5), and no metrics in the state. (Each evaluation starts the system
        /// afresh, so the metrics of the previous configuration say nothing about the next reward; with a
        /// hundred samples, 38 such inputs only let the critics fit noise. `state: metrics` restores
        /// CDBTune's state; the ablation measures the difference.)
        public init() {
            ddpg = DDPGOptions()
            ddpg.critics = 5
            ddpg.clippedDoubleQ = true
            ddpg.prioritizedReplay = true
            ddpg.updatesPerStep = 16
            ddpg.reward = .relative
            ddpg.gamma = 0.5
            ddpg.state = .none
        }
    }

    public let options: Options
    private let core: DDPG
    private var warmStartPoints: [[Double]]
    private var pretrained = false
    private var best: (cost: Double, point: [Float])?
    private var evaluated: Set<Configuration> = []
    private var generator: SeededGenerator
    private var region = TrustRegion()
    /// Which knobs are categorical or boolean.
    private let categorical: [Bool]
    private var screenedSteps = 0

    public init(task: TuningTask, options: Options, seed: UInt64) {
        self.options = options
        core = DDPG(
            task: task, options: options.ddpg, seed: seed, screeningRows: options.screening ? options.candidates : 1)
        generator = SeededGenerator(seed: seed, stream: "sample-aware-exploration")
        categorical = task.space.knobs.map { knob in
            switch knob.domain {
            case .categorical, .boolean: true
            case .integer, .real: false
            }
        }
        warmStartPoints = LatinHypercube.sample(
            count: min(options.warmStart, task.budget), dimension: task.space.dimension,
            using: &generator
        ).reversed()
    }

    public var divergenceResets: Int { core.divergenceResets }

    public func ask() throws -> Configuration {
        let space = core.task.space
        if let point = warmStartPoints.popLast() {
            core.willEvaluate(point.map(Float.init))
            return space.decode(point)
        }
        if !pretrained { pretrain() }
        guard options.screening else { return try core.ask() }
        let action = screenedAction()
        core.willEvaluate(action)
        return space.decode(action.map(Double.init))
    }

    public func tell(_ observation: Observation) throws {
        evaluated.insert(observation.configuration)
        if let cost = observation.cost, cost < best?.cost ?? .infinity {
            best = (cost, observation.point.map(Float.init))
        }
        region.observe(observation.cost, dimension: core.task.space.dimension, adapt: pretrained)
        // During the warm start only store transitions; training starts with the pre-training. Unlike DDPG,
        // training does not wait for a full minibatch (small buffers are sampled with replacement).
        core.record(observation, train: false)
        if pretrained { core.train(core.options.updatesPerStep, step: observation.step) }
    }

    /// Pre-trains the critics on the warm-start transitions and pulls the actor towards the best action.
    private func pretrain() {
        pretrained = true
        guard core.transitions > 0 else { return }
        core.train(options.pretrainUpdates, step: 0)
        if let best, options.cloningSteps > 0 { core.cloneActor(towards: best.point, steps: options.cloningSteps) }
    }

    /// The candidate with the highest upper confidence bound of the critic ensemble. The candidates of a
    /// step come from one family, in turn: the whole space (critic-screened random search), the trust
    /// region around the best configuration (local refinement), and the actor's output with noise (the
    /// policy), kept inside the trust region, since a critic extrapolates beyond its data and the actor,
    /// which climbs the critic, would otherwise lead into a corner. The rotation keeps a third of the
    /// evaluations global, so a good local region does not trap the search.
    private func screenedAction() -> [Float] {
        let state = core.currentState
        defer { screenedSteps += 1 }
        let candidates: [[Float]]
        switch (screenedSteps % 3, best) {
        case (1, let best?): candidates = regionCandidates(around: best.point)
        case (2, let best?): candidates = actorCandidates(state: state, around: best.point)
        default:
            candidates = (0..<options.candidates).map { _ in
                (0..<core.task.space.dimension).map { _ in Float(generator.nextDouble()) }
            }
        }
        let q = core.criticValues(state, candidates)
        var bestIndex = 0, bestScore = -Double.infinity
        for j in candidates.indices {
            let values = q.map { Double($0[j]) }
            let mean = values.reduce(0, +) / Double(values.count)
            let spread =
                values.count > 1
                ? (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot() : 0
            let score = mean + options.kappa * spread
            guard score.isFinite, score > bestScore else { continue }
            if evaluated.contains(core.task.space.decode(candidates[j].map(Double.init))) { continue }
            bestIndex = j
            bestScore = score
        }
        return candidates[bestIndex]
    }

    /// Perturbations of the best point within the trust region: a random subset of the coordinates (each
    /// with probability min(1, 10/d), at least one) moves uniformly within +-side/2, or by Gaussian steps of a
    /// quarter or a tenth of the side. A categorical or boolean knob has no neighbourhood: it takes a
    /// random choice instead.
    private func regionCandidates(around center: [Float]) -> [[Float]] {
        let d = center.count, probability = min(1, 10 / Double(d)), side = region.side
        return (0..<options.candidates).map { i in
            var point = center
            let forced = generator.nextInt(below: d)
            for j in 0..<d where j == forced || generator.nextDouble() < probability {
                if categorical[j] {
                    point[j] = Float(generator.nextDouble())
                    continue
                }
                let step =
                    i % 3 == 0
                    ? side * (generator.nextDouble() - 0.5)
                    : side * (i % 3 == 1 ? 0.25 : 0.1) * generator.nextGaussian()
                point[j] = clip(Double(point[j]) + step)
            }
            return point
        }
    }

    /// The actor's action mu(s) and Gaussian perturbations of it (sigma 0.02 to 0.2), clipped to the trust region.
    private func actorCandidates(state: [Float], around center: [Float]) -> [[Float]] {
        let mu = core.policy(state), half = Float(region.side / 2)
        let sigmas = [0.02, 0.05, 0.1, 0.2]
        return (0..<options.candidates).map { i in
            let proposal = i == 0 ? mu : mu.map { clip(Double($0) + sigmas[i % 4] * generator.nextGaussian()) }
            return zip(proposal, center).map { a, b in min(max(a, b - half), b + half) }
        }
    }

    private func clip(_ x: Double) -> Float { Float(min(max(x, 0), 1)) }
}

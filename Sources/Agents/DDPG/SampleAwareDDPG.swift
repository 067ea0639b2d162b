import TuningKit

/// Sample-aware DDPG: DDPG that treats every evaluation as expensive and spends it where it teaches
/// the most. Each mechanism can be switched off (for ablations):
///
/// 1. Space-filling warm start: the first `warmStart` evaluations form a Latin hypercube; then the critics
///    are pre-trained on them (`pretrainUpdates` updates) and the actor is pulled towards the best of them
///    by behaviour cloning, before the first policy step.
/// 2. Prioritized replay with extra priority for the best-rewarded transitions (`DDPGOptions`).
/// 3. Critic-screened exploration: each step proposes `candidates` actions (the actor's output plus
///    Gaussian noise at several scales, perturbations of the best configuration so far, a few uniform
///    points), scores them with the critic ensemble, mean_k Q_k + kappa std_k (an upper confidence bound),
///    and evaluates only the best-scoring one that has not been evaluated yet.
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
        public var kappa = 1.0
        /// The DDPG core; its sample-aware defaults are set by `init()`.
        public var ddpg: DDPGOptions

        /// The sample-aware defaults: five critics with clipped double-Q, prioritized replay, 16 updates per
        /// evaluation, the relative reward, and a short horizon (gamma 0.5: a configuration's value is
        /// mostly its own measurement, so the critic stays a sharp surrogate of it).
        public init() {
            ddpg = DDPGOptions()
            ddpg.critics = 5
            ddpg.clippedDoubleQ = true
            ddpg.prioritizedReplay = true
            ddpg.updatesPerStep = 16
            ddpg.reward = .relative
            ddpg.gamma = 0.5
        }
    }

    public let options: Options
    private let core: DDPG
    private var warmStartPoints: [[Double]]
    private var pretrained = false
    private var best: (cost: Double, point: [Float])?
    private var evaluated: Set<Configuration> = []
    private var generator: SeededGenerator

    public init(task: TuningTask, options: Options, seed: UInt64) {
        self.options = options
        core = DDPG(task: task, options: options.ddpg, seed: seed, screeningRows: options.screening ? options.candidates : 1)
        generator = SeededGenerator(seed: seed, stream: "sample-aware-exploration")
        warmStartPoints = LatinHypercube.sample(count: min(options.warmStart, task.budget), dimension: task.space.dimension,
                                                using: &generator).reversed()
    }

    public var divergenceResets: Int { core.divergenceResets }

    public func ask() throws -> Configuration {
        let space = core.task.space
        if let point = warmStartPoints.popLast() {
            core.lastAction = point.map(Float.init)
            return space.decode(point)
        }
        if !pretrained { pretrain() }
        guard options.screening else { return try core.ask() }
        let action = screenedAction()
        core.lastAction = action
        return space.decode(action.map(Double.init))
    }

    public func tell(_ observation: Observation) throws {
        evaluated.insert(observation.configuration)
        if let cost = observation.cost, cost < best?.cost ?? .infinity {
            best = (cost, observation.point.map(Float.init))
        }
        // During the warm start only store transitions; training starts with the pre-training. Unlike DDPG,
        // training does not wait for a full minibatch (small buffers are sampled with replacement).
        core.record(observation, train: false)
        if pretrained {
            for _ in 0..<core.options.updatesPerStep {
                core.learner.update(normalizer: core.normalizer, beta: core.annealedBeta(observation.step))
            }
        }
    }

    /// Pre-trains the critics on the warm-start transitions and pulls the actor towards the best action.
    private func pretrain() {
        pretrained = true
        guard core.learner.replay.count > 0 else { return }
        for _ in 0..<options.pretrainUpdates { core.learner.update(normalizer: core.normalizer, beta: core.options.priorityBeta) }
        if let best, options.cloningSteps > 0 {
            core.learner.pullActor(towards: best.point, normalizer: core.normalizer, steps: options.cloningSteps)
        }
    }

    /// The candidate with the highest upper confidence bound of the critic ensemble.
    private func screenedAction() -> [Float] {
        let d = core.task.space.dimension, state = core.standardized(core.state)
        let mu = core.learner.act(state)
        var candidates: [[Float]] = [mu]
        let perScale = max(1, options.candidates / 16)
        for sigma in [0.02, 0.05, 0.1, 0.2] {
            for _ in 0..<(perScale * 3 / 2) { candidates.append(mu.map { clip(Double($0) + sigma * generator.nextGaussian()) }) }
        }
        if let best {
            // Perturb a random subset of the coordinates (each with probability min(1, 10/d), at least one).
            let probability = min(1, 10 / Double(d))
            for sigma in [0.01, 0.03, 0.1, 0.2] {
                for _ in 0..<(perScale * 2) {
                    var point = best.point
                    let forced = generator.nextInt(below: d)
                    for j in 0..<d where j == forced || generator.nextDouble() < probability {
                        point[j] = clip(Double(point[j]) + sigma * generator.nextGaussian())
                    }
                    candidates.append(point)
                }
            }
        }
        while candidates.count < options.candidates {
            candidates.append((0..<d).map { _ in Float(generator.nextDouble()) })
        }
        candidates = Array(candidates.prefix(options.candidates))

        let q = core.learner.score(state: state, actions: candidates)
        var bestIndex = 0, bestScore = -Double.infinity
        for j in candidates.indices {
            let values = q.map { Double($0[j]) }
            let mean = values.reduce(0, +) / Double(values.count)
            let spread = values.count > 1
                ? (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot() : 0
            let score = mean + options.kappa * spread
            guard score.isFinite, score > bestScore else { continue }
            if evaluated.contains(core.task.space.decode(candidates[j].map(Double.init))) { continue }
            bestIndex = j
            bestScore = score
        }
        return candidates[bestIndex]
    }

    private func clip(_ x: Double) -> Float { Float(min(max(x, 0), 1)) }
}

import TuningKit

/// DDPG as CDBTune uses it (Zhang et al., SIGMOD 2019; Lillicrap et al., ICLR 2016).
///
/// State: the environment's internal metrics after the last evaluation (standardized online; a fixed
/// state where there are none). Action: the knob vector in the unit cube, the actor's sigmoid output
/// plus Ornstein-Uhlenbeck noise, clipped to [0, 1]. Reward: CDBTune's (TuningKit.CDBTuneReward). After
/// each evaluation the transition (s, a, r, s') enters the replay buffer and, once it holds a minibatch,
/// the networks take `updatesPerStep` DDPG updates (see `Learner`).
public final class DDPG: Agent {
    let task: TuningTask
    let options: DDPGOptions
    private let learner: Learner
    private var normalizer: StateNormalizer
    private var noise: OrnsteinUhlenbeckNoise
    private var generator: SeededGenerator
    /// The compressed state the next action is taken in, and the action taken.
    private var state: [Float]
    private var lastAction: [Float]?
    private var defaultCost: Double?

    public init(task: TuningTask, options: DDPGOptions, seed: UInt64, screeningRows: Int = 1) {
        self.task = task
        self.options = options
        normalizer = StateNormalizer(metricCount: options.state == .metrics ? task.metricNames.count : 0)
        learner = Learner(
            options: options, stateSize: normalizer.size, actionSize: task.space.dimension,
            capacity: task.budget + 1, maxRows: screeningRows, seed: seed)
        noise = OrnsteinUhlenbeckNoise(size: task.space.dimension, theta: options.noiseTheta, sigma: options.noiseSigma)
        generator = SeededGenerator(seed: seed, stream: "ddpg-exploration")
        state = [Float](repeating: 0, count: normalizer.size)
    }

    /// Times the networks diverged and were restored.
    public var divergenceResets: Int { learner.resets }

    public func ask() throws -> Configuration {
        let action = zip(learner.act(standardized(state)), noise.next(&generator)).map { a, n in
            Float(min(max(Double(a) + n, 0), 1))
        }
        lastAction = action
        return task.space.decode(action.map(Double.init))
    }

    public func tell(_ observation: Observation) throws { record(observation, train: true) }

    // MARK: What sample-aware DDPG builds on

    /// The action the next configuration was chosen by, when another policy chose it (a warm-start point, a
    /// screened candidate): the transition `tell` stores then holds this action.
    func willEvaluate(_ action: [Float]) { lastAction = action }

    /// Transitions stored so far.
    var transitions: Int { learner.replay.count }

    /// The standardized state the next action is taken in.
    var currentState: [Float] { standardized(state) }

    /// mu(s) of the actor in a standardized state, without exploration noise.
    func policy(_ state: [Float]) -> [Float] { learner.act(state) }

    /// Q_k(s, a_j) of every critic of the ensemble for candidate actions in a standardized state:
    /// [critic][action].
    func criticValues(_ state: [Float], _ actions: [[Float]]) -> [[Float]] {
        learner.score(state: state, actions: actions)
    }

    /// Behaviour cloning: `steps` actor updates towards `action`.
    func cloneActor(towards action: [Float], steps: Int) {
        learner.pullActor(towards: action, normalizer: normalizer, steps: steps)
    }

    /// Stores the transition that ends with `observation`; trains afterwards if `train` is set.
    func record(_ observation: Observation, train: Bool) {
        let metrics = options.state == .metrics ? observation.measurement.metrics : []
        let nextState = observation.measurement.failed ? state : normalizer.compress(metrics)
        if !observation.measurement.failed { normalizer.observe(nextState) }
        if observation.step == 0 { defaultCost = observation.cost }
        let action = lastAction ?? observation.point.map(Float.init)
        let reward = learningReward(observation)
        learner.replay.append(state: state, action: action, reward: reward, nextState: nextState)
        state = nextState
        lastAction = nil
        // DDPG trains once the buffer holds a minibatch.
        guard train, learner.replay.count >= options.batchSize else { return }
        self.train(options.updatesPerStep, step: observation.step)
    }

    /// `count` DDPG updates, with the importance-sampling exponent of `step`.
    func train(_ count: Int, step: Int) {
        for _ in 0..<count { learner.update(normalizer: normalizer, beta: annealedBeta(step)) }
    }

    /// Importance-sampling exponent, annealed linearly from its start to 1 over the budget.
    private func annealedBeta(_ step: Int) -> Double {
        options.priorityBeta + (1 - options.priorityBeta) * min(1, Double(step) / Double(max(task.budget, 1)))
    }

    /// The reward the networks learn from (see `DDPGOptions.reward`).
    private func learningReward(_ observation: Observation) -> Float {
        switch options.reward {
        case .cdbtune:
            return Float(observation.reward)
        case .relative:
            // Floored at -1 (twice as bad as the default, for a positive cost): the critic must rank the good
            // configurations, and a few disastrous ones (or failures, which get the floor) would otherwise
            // dominate its squared error.
            guard let cost = observation.cost, let base = defaultCost else { return -1 }
            return Float(max(-1, (base - cost) / max(abs(base), 1e-12)))
        }
    }

    private func standardized(_ compressed: [Float]) -> [Float] {
        var s = compressed
        s.withUnsafeMutableBufferPointer { normalizer.standardize($0.baseAddress!, rows: 1) }
        return s
    }
}

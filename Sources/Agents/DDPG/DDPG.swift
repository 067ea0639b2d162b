import Foundation
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
    /// The lowest reward of a successful evaluation so far (for `FailureReward.worst`).
    private var worstReward: Double?

    /// `extraCapacity` makes room in the replay buffer for the transitions of an earlier campaign.
    public init(task: TuningTask, options: DDPGOptions, seed: UInt64, screeningRows: Int = 1, extraCapacity: Int = 0) {
        self.task = task
        self.options = options
        normalizer = StateNormalizer(metricCount: options.state == .metrics ? task.metricNames.count : 0)
        learner = Learner(
            options: options, stateSize: normalizer.size, actionSize: task.space.dimension,
            capacity: task.budget + 1 + extraCapacity, maxRows: screeningRows, seed: seed)
        noise = OrnsteinUhlenbeckNoise(size: task.space.dimension, theta: options.noiseTheta, sigma: options.noiseSigma)
        generator = SeededGenerator(seed: seed, stream: "ddpg-exploration")
        state = [Float](repeating: 0, count: normalizer.size)
    }

    /// Times the networks diverged and were restored.
    public var divergenceResets: Int { learner.resets }

    public func ask() throws -> Configuration {
        let current = standardized(state)
        let action = zip(learner.act(current), noise.next(&generator)).map { a, n in
            Float(min(max(Double(a) + n, 0), 1))
        }
        lastAction = action
        let q = learner.score(state: current, actions: [action]).map { Double($0[0]) }
        let meanQ = Statistics.mean(q)!, spreadQ = Statistics.standardDeviation(q)
        let prediction = predictedObjective(meanQ: meanQ, spreadQ: spreadQ ?? 0, state: current)
        decision = Decision(
            family: .actorNoise, predicted: prediction?.objective, spread: prediction?.spread ?? spreadQ,
            score: meanQ, candidates: 1)
        return task.space.decode(action.map(Double.init))
    }

    /// The actor's action with Ornstein-Uhlenbeck noise: `score` is the critics' mean Q value of it (the
    /// discounted reward they expect), `spread` their standard deviation where there are several, and
    /// `predicted` the objective that Q value implies where the reward and state allow it
    /// (`predictedObjective`); under CDBTune's reward with metrics as state it does not, and is empty.
    public private(set) var decision: Decision?

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

    /// What the critics' Q values of an action say of its objective, where they can: with a relative reward
    /// and no metrics in the state, Q(s, a) = r(a) + gamma Q(s, mu(s)), so the expected reward is
    /// Q(s, a) - gamma Q(s, mu(s)), and the cost c_0 - r |c_0| (c_0 exp(-r) for the log-relative reward); nil
    /// otherwise.
    func predictedObjective(meanQ: Double, spreadQ: Double, state: [Float]) -> (objective: Double, spread: Double)? {
        guard options.reward != .cdbtune, options.state == .none, let base = defaultCost else { return nil }
        let policyQ = learner.score(state: state, actions: [learner.act(state)]).map { Double($0[0]) }
        let reward = meanQ - Double(options.gamma) * policyQ.reduce(0, +) / Double(policyQ.count)
        let cost: Double, spread: Double
        if options.reward == .logRelative, base != 0 {
            cost = base * exp(base > 0 ? -reward : reward)  // r = -sign(c_0) log(c / c_0)
            spread = abs(cost) * spreadQ
        } else {
            cost = base - reward * max(abs(base), 1e-12)
            spread = spreadQ * max(abs(base), 1e-12)
        }
        return (task.objective.value(ofCost: cost), spread)
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

    /// The reward the networks learn from (see `DDPGOptions.reward` and `failureReward`).
    private func learningReward(_ observation: Observation) -> Float {
        if options.reward == .cdbtune { return Float(observation.reward) }
        guard let cost = observation.cost, let base = defaultCost else { return failureReward }
        let ratio = base != 0 ? cost / base : nil
        return floored(relative: (base - cost) / max(abs(base), 1e-12), ratio: ratio, sign: base < 0 ? -1 : 1)
    }

    /// The relative reward, or with `RewardKind.logRelative` -sign(c_0) log(c / c_0) where the ratio is
    /// positive, floored at -1: the critic must rank the good configurations, and a few disastrous ones would
    /// otherwise dominate its squared error.
    private func floored(relative: Double, ratio: Double?, sign: Double) -> Float {
        var reward = relative
        if options.reward == .logRelative, let ratio, ratio > 0 { reward = -sign * log(ratio) }
        reward = max(-1, reward)
        worstReward = min(worstReward ?? reward, reward)
        return Float(reward)
    }

    /// What a failed evaluation teaches (`DDPGOptions.failureReward`).
    private var failureReward: Float { options.failureReward == .worst ? Float(min(0, worstReward ?? 0)) : -1 }

    /// Stores the measurements of an earlier campaign as transitions (with the fixed state of `state: none`),
    /// so that the critics start from what was learned there.
    /// The successes are scored first, so that a failure's reward (`FailureReward.worst`) does not depend
    /// on the samples' order.
    func remember(_ prior: [PriorSample]) {
        let rewards = prior.map { sample in
            sample.ratio.map { floored(relative: sample.sign * (1 - $0), ratio: $0, sign: sample.sign) }
        }
        for (sample, reward) in zip(prior, rewards) {
            learner.replay.append(
                state: state, action: sample.point.map(Float.init), reward: reward ?? failureReward, nextState: state)
        }
    }

    private func standardized(_ compressed: [Float]) -> [Float] {
        var s = compressed
        s.withUnsafeMutableBufferPointer { normalizer.standardize($0.baseAddress!, rows: 1) }
        return s
    }
}

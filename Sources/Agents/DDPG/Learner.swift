import Foundation
import Logging
import NeuralNetwork
import TuningKit

/// Actor, critics, their target networks, replay buffer and the DDPG update (Lillicrap et al., 2016),
/// shared by `DDPG` and `SampleAwareDDPG`.
///
/// One update, for a minibatch of transitions (s, a, r, s') with importance weights w:
///
///     y     = r + gamma Q'(s', mu'(s'))                  (Q' the target critic, or the min of two: TD3)
///     L_Q   = mean_i w_i (Q(s_i, a_i) - y_i)^2            (each critic of the ensemble)
///     L_mu  = -mean_i mean_k Q_k(s_i, mu(s_i))            (deterministic policy gradient)
///     theta' <- tau theta + (1 - tau) theta'              (soft target updates)
///
/// Divergence guard: a non-finite loss or parameter restores the last healthy weights, logs a warning
/// and counts a reset, so no NaN can reach a configuration.
public final class Learner {
    let options: DDPGOptions
    let stateSize: Int, actionSize: Int
    let actor: Network, actorTarget: Network
    let critics: [Network], criticTargets: [Network]
    private let actorOptimizer: Adam
    private let criticOptimizers: [Adam]
    /// The transitions the networks learn from.
    public let replay: ReplayBuffer
    private(set) var updates = 0
    /// Times the networks diverged and were restored.
    private(set) var resets = 0
    var generator: SeededGenerator
    private let logger = Logger(label: "satune.agents.ddpg")

    // Minibatch buffers, allocated once.
    private let batchStates: FloatBuffer, batchActions: FloatBuffer, batchRewards: FloatBuffer, batchNext: FloatBuffer
    private let weights: FloatBuffer, targets: FloatBuffer, lossGradient: FloatBuffer, criticInput: FloatBuffer
    private let actionGradient: FloatBuffer, tdErrors: FloatBuffer
    private var indices: [Int]
    // The last healthy parameters.
    private let healthyActor: FloatBuffer
    private let healthyCritics: [FloatBuffer]

    /// `maxRows` is the largest number of (state, action) pairs the critics score at once (screening).
    public init(options: DDPGOptions, stateSize: Int, actionSize: Int, capacity: Int, maxRows: Int, seed: UInt64) {
        self.options = options
        self.stateSize = stateSize
        self.actionSize = actionSize
        generator = SeededGenerator(seed: seed, stream: "ddpg-networks")
        let batch = options.batchSize, rows = max(maxRows, 2 * batch)
        actor = Network(
            sizes: [stateSize] + options.actorHidden + [actionSize], hidden: .relu, output: .sigmoid,
            maxBatch: rows, generator: &generator)
        actorTarget = actor.copy()
        var critics: [Network] = []
        for _ in 0..<max(1, options.critics) {
            critics.append(
                Network(
                    sizes: [stateSize + actionSize] + options.criticHidden + [1], hidden: .relu, output: .identity,
                    maxBatch: rows, generator: &generator))
        }
        self.critics = critics
        criticTargets = critics.map { $0.copy() }
        actorOptimizer = Adam(parameterCount: actor.parameterCount, learningRate: options.actorLearningRate)
        criticOptimizers = critics.map {
            Adam(parameterCount: $0.parameterCount, learningRate: options.criticLearningRate)
        }
        replay = ReplayBuffer(capacity: capacity, stateSize: stateSize, actionSize: actionSize)
        batchStates = FloatBuffer(count: rows * stateSize)
        batchActions = FloatBuffer(count: rows * actionSize)
        batchRewards = FloatBuffer(count: batch)
        batchNext = FloatBuffer(count: batch * stateSize)
        weights = FloatBuffer(count: batch)
        targets = FloatBuffer(count: batch)
        lossGradient = FloatBuffer(count: rows)
        criticInput = FloatBuffer(count: rows * (stateSize + actionSize))
        actionGradient = FloatBuffer(count: rows * actionSize)
        tdErrors = FloatBuffer(count: batch)
        indices = [Int](repeating: 0, count: batch)
        healthyActor = FloatBuffer(count: actor.parameterCount)
        healthyCritics = critics.map { FloatBuffer(count: $0.parameterCount) }
        saveHealthy()
    }

    // MARK: Acting and scoring

    /// mu(s) for one standardized state.
    public func act(_ state: [Float]) -> [Float] {
        let out = state.withUnsafeBufferPointer { actor.forward($0.baseAddress!, batch: 1) }
        var action = Array(UnsafeBufferPointer(start: out, count: actionSize))
        if !action.allSatisfy(\.isFinite) {
            restore("the actor produced a non-finite action")
            let again = state.withUnsafeBufferPointer { actor.forward($0.baseAddress!, batch: 1) }
            action = Array(UnsafeBufferPointer(start: again, count: actionSize)).map { $0.isFinite ? $0 : 0.5 }
        }
        return action
    }

    /// Q_k(s, a_j) of every critic for `count` actions (rows of `actionSize`) in one state; returns
    /// [critic][action] (allocates; used once per step for screening).
    func score(state: [Float], actions: [[Float]]) -> [[Float]] {
        let n = actions.count, width = stateSize + actionSize
        for (j, action) in actions.enumerated() {
            for i in 0..<stateSize { criticInput[j * width + i] = state[i] }
            for i in 0..<actionSize { criticInput[j * width + stateSize + i] = action[i] }
        }
        return critics.map { critic in
            let out = critic.forward(criticInput.pointer, batch: n)
            return (0..<n).map { out[$0].isFinite ? out[$0] : -.infinity }
        }
    }

    // MARK: Learning

    /// One DDPG update on a minibatch; the standardization is applied to sampled states.
    public func update(normalizer: StateNormalizer, beta: Double) {
        guard replay.count > 0 else { return }
        sampleMinibatch(normalizer: normalizer, beta: beta)
        train()
    }

    /// Draws a minibatch from the replay buffer into the batch buffers, states standardized.
    public func sampleMinibatch(normalizer: StateNormalizer, beta: Double) {
        let n = options.batchSize
        replay.sample(
            n, prioritized: options.prioritizedReplay, alpha: options.priorityAlpha, beta: beta,
            bestBonus: options.bestBonus, generator: &generator, indices: &indices, weights: weights.pointer)
        replay.gather(
            indices[0..<n], states: batchStates.pointer, actions: batchActions.pointer, rewards: batchRewards.pointer,
            nextStates: batchNext.pointer)
        normalizer.standardize(batchStates.pointer, rows: n)
        normalizer.standardize(batchNext.pointer, rows: n)
    }

    /// The DDPG update on the current minibatch.
    public func train() {
        let n = options.batchSize, width = stateSize + actionSize

        // Bellman targets y = r + gamma Q'(s', mu'(s')), with the minimum of two target critics if clipped.
        let nextActions = actorTarget.forward(batchNext.pointer, batch: n)
        fill(criticInput.pointer, states: batchNext.pointer, actions: nextActions, rows: n)
        if options.clippedDoubleQ && criticTargets.count >= 2 {
            for i in 0..<n { targets[i] = .infinity }
            for k in randomPair() {
                let q = criticTargets[k].forward(criticInput.pointer, batch: n)
                for i in 0..<n { targets[i] = min(targets[i], q[i]) }
            }
        } else {
            targets.fill(0)
            for target in criticTargets {
                let q = target.forward(criticInput.pointer, batch: n)
                for i in 0..<n { targets[i] += q[i] / Float(criticTargets.count) }
            }
        }
        for i in 0..<n { targets[i] = batchRewards[i] + options.gamma * targets[i] }

        // Critics and actor from one pass of each critic over 2n rows, [s, a] and [s, mu(s)]: both gradients
        // use the critic's weights before this update, as OpenAI Baselines' DDPG computes them; one product
        // of 2n rows is cheaper than two of n.
        //   rows 0..<n:   dL_Q/dQ = 2 w_i (Q(s_i, a_i) - y_i) / n   -> the critic's parameter gradients
        //   rows n..<2n:  dL_mu/dQ = -1 / (n K)                      -> dQ/da -> the actor's gradients
        let actions = actor.forward(batchStates.pointer, batch: n)
        fill(criticInput.pointer, states: batchStates.pointer, actions: batchActions.pointer, rows: n)
        fill(criticInput.pointer + n * width, states: batchStates.pointer, actions: actions, rows: n)
        actionGradient.fill(0)
        let scale = -1 / Float(n * critics.count)
        var healthy = true
        for (k, critic) in critics.enumerated() {
            let q = critic.forward(criticInput.pointer, batch: 2 * n)
            if k == 0 { for i in 0..<n { tdErrors[i] = q[i] - targets[i] } }
            let loss = Training.meanSquaredError(
                prediction: q, target: targets.pointer, weights: weights.pointer, count: n,
                gradient: lossGradient.pointer)
            healthy = healthy && loss.isFinite
            for i in n..<(2 * n) { lossGradient[i] = scale }
            let inputGradient = critic.backward(
                lossGradient.pointer, parameterGradientRows: n, inputGradientFrom: stateSize)
            for i in 0..<n {
                for j in 0..<actionSize {
                    actionGradient[i * actionSize + j] += inputGradient[(n + i) * width + stateSize + j]
                }
            }
            if options.gradientClip.isFinite { Training.clipNorm(critic.gradients, maxNorm: options.gradientClip) }
            criticOptimizers[k].update(critic, softUpdating: criticTargets[k], tau: options.tau)
        }
        if options.prioritizedReplay { replay.updatePriorities(indices[0..<n], errors: tdErrors.pointer) }
        actor.backward(actionGradient.pointer, inputGradient: false)
        if options.gradientClip.isFinite { Training.clipNorm(actor.gradients, maxNorm: options.gradientClip) }
        actorOptimizer.update(actor, softUpdating: actorTarget, tau: options.tau)
        updates += 1
        if !healthy || (updates % 16 == 0 && !networksFinite) {
            restore("a loss or weight became non-finite after update \(updates)")
        } else if updates % 16 == 0 {
            saveHealthy()
        }
    }

    /// Behaviour cloning towards one action for all states in the buffer (the sample-aware warm start):
    /// L = mean_i ||mu(s_i) - a*||^2.
    func pullActor(towards target: [Float], normalizer: StateNormalizer, steps: Int) {
        let n = min(options.batchSize, replay.count)
        guard n > 0 else { return }
        for _ in 0..<steps {
            for k in 0..<n { indices[k] = generator.nextInt(below: replay.count) }
            replay.gather(
                indices[0..<n], states: batchStates.pointer, actions: batchActions.pointer,
                rewards: batchRewards.pointer,
                nextStates: batchNext.pointer)
            normalizer.standardize(batchStates.pointer, rows: n)
            let out = actor.forward(batchStates.pointer, batch: n)
            let scale = 2 / Float(n * actionSize)
            for i in 0..<n {
                for j in 0..<actionSize {
                    actionGradient[i * actionSize + j] = scale * (out[i * actionSize + j] - target[j])
                }
            }
            actor.backward(actionGradient.pointer, inputGradient: false)
            actorOptimizer.update(actor.parameters, actor.gradients)
        }
        actorTarget.copyParameters(from: actor)
    }

    // MARK: Helpers

    /// Two distinct target critics, drawn at random (TD3 with two critics, REDQ with more).
    private func randomPair() -> [Int] {
        let k = criticTargets.count
        let first = generator.nextInt(below: k)
        var second = generator.nextInt(below: k - 1)
        if second >= first { second += 1 }
        return [first, second]
    }

    private func fill(
        _ input: UnsafeMutablePointer<Float>, states: UnsafePointer<Float>, actions: UnsafePointer<Float>, rows n: Int
    ) {
        let width = stateSize + actionSize
        for i in 0..<n {
            (input + i * width).update(from: states + i * stateSize, count: stateSize)
            (input + i * width + stateSize).update(from: actions + i * actionSize, count: actionSize)
        }
    }

    private var networksFinite: Bool { actor.parameters.allFinite && critics.allSatisfy { $0.parameters.allFinite } }

    private func saveHealthy() {
        healthyActor.copy(from: actor.parameters)
        for (saved, critic) in zip(healthyCritics, critics) { saved.copy(from: critic.parameters) }
    }

    /// Restores the last healthy weights and forgets the optimizers' moments.
    private func restore(_ reason: String) {
        resets += 1
        logger.warning("DDPG diverged (\(reason)); restored the last finite weights (reset \(resets))")
        actor.parameters.copy(from: healthyActor)
        actorTarget.copyParameters(from: actor)
        for (k, critic) in critics.enumerated() {
            critic.parameters.copy(from: healthyCritics[k])
            criticTargets[k].copyParameters(from: critic)
            criticOptimizers[k].reset()
        }
        actorOptimizer.reset()
    }
}

import Foundation
import NeuralNetwork
import TuningKit

/// Transitions (s, a, r, s') in flat Float storage, sampled uniformly or by priority.
///
/// Prioritized replay (Schaul et al., 2016, proportional variant): P(i) = p_i^alpha / sum_k p_k^alpha with
/// p_i = |TD error_i| + eps, times `bestBonus` for the transitions with the highest rewards (the best
/// configurations are the ones a tuner must not forget); importance weights w_i = (N P(i))^-beta / max_j w_j,
/// beta annealed towards 1. Sampling is O(N) per batch, which is cheap at tuning budgets (hundreds of
/// transitions).
public final class ReplayBuffer {
    let capacity: Int, stateSize: Int, actionSize: Int
    /// Transitions stored (at most `capacity`).
    public private(set) var count = 0
    private var next = 0
    let states: FloatBuffer, actions: FloatBuffer, rewards: FloatBuffer, nextStates: FloatBuffer
    private var priorities: [Double]
    private var cumulative: [Double]

    init(capacity: Int, stateSize: Int, actionSize: Int) {
        self.capacity = capacity
        self.stateSize = stateSize
        self.actionSize = actionSize
        states = FloatBuffer(count: capacity * stateSize)
        actions = FloatBuffer(count: capacity * actionSize)
        rewards = FloatBuffer(count: capacity)
        nextStates = FloatBuffer(count: capacity * stateSize)
        priorities = [Double](repeating: 1, count: capacity)
        cumulative = [Double](repeating: 0, count: capacity)
    }

    /// Stores a transition (overwriting the oldest when full) with the highest priority seen so far, so
    /// that every new transition is replayed at least once soon.
    public func append(state: [Float], action: [Float], reward: Float, nextState: [Float]) {
        let i = next
        for j in 0..<stateSize {
            states[i * stateSize + j] = state[j]
            nextStates[i * stateSize + j] = nextState[j]
        }
        for j in 0..<actionSize { actions[i * actionSize + j] = action[j] }
        rewards[i] = reward
        priorities[i] = priorities.prefix(count).max() ?? 1
        next = (next + 1) % capacity
        count = min(count + 1, capacity)
    }

    /// Draws `n` indices: uniformly, or in proportion to priority^alpha (with importance weights).
    func sample(
        _ n: Int, prioritized: Bool, alpha: Double, beta: Double, bestBonus: Double,
        generator: inout SeededGenerator, indices: inout [Int], weights: UnsafeMutablePointer<Float>
    ) {
        precondition(count > 0, "sampling an empty replay buffer")
        guard prioritized else {
            for k in 0..<n {
                indices[k] = generator.nextInt(below: count)
                weights[k] = 1
            }
            return
        }
        // Extra priority for the best-rewarded tenth of the transitions.
        let threshold = count >= 10 ? kthLargestReward(max(1, count / 10)) : .infinity
        var total = 0.0
        for i in 0..<count {
            var p = pow(priorities[i], alpha)
            if Double(rewards[i]) >= threshold { p *= bestBonus }
            total += p
            cumulative[i] = total
        }
        var maxWeight = 0.0
        for k in 0..<n {
            let u = generator.nextDouble() * total
            var lo = 0, hi = count - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if cumulative[mid] < u { lo = mid + 1 } else { hi = mid }
            }
            indices[k] = lo
            let probability = (cumulative[lo] - (lo > 0 ? cumulative[lo - 1] : 0)) / total
            let w = pow(Double(count) * probability, -beta)
            weights[k] = Float(w)
            maxWeight = max(maxWeight, w)
        }
        for k in 0..<n { weights[k] = Float(Double(weights[k]) / maxWeight) }
    }

    /// Sets the priorities of sampled transitions from their TD errors.
    func updatePriorities(_ indices: ArraySlice<Int>, errors: UnsafePointer<Float>) {
        for (k, i) in indices.enumerated() { priorities[i] = Double(abs(errors[k])) + 1e-3 }
    }

    /// Copies the sampled rows into batch buffers.
    func gather(
        _ indices: ArraySlice<Int>, states s: UnsafeMutablePointer<Float>, actions a: UnsafeMutablePointer<Float>,
        rewards r: UnsafeMutablePointer<Float>, nextStates s2: UnsafeMutablePointer<Float>
    ) {
        for (k, i) in indices.enumerated() {
            (s + k * stateSize).update(from: states.pointer + i * stateSize, count: stateSize)
            (s2 + k * stateSize).update(from: nextStates.pointer + i * stateSize, count: stateSize)
            (a + k * actionSize).update(from: actions.pointer + i * actionSize, count: actionSize)
            r[k] = rewards[i]
        }
    }

    private func kthLargestReward(_ k: Int) -> Double {
        var values = (0..<count).map { Double(rewards[$0]) }
        values.sort(by: >)
        return values[k - 1]
    }
}

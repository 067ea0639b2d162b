import TuningKit

/// Temporally correlated exploration noise (Uhlenbeck and Ornstein, 1930), as in DDPG:
/// x_{t+1} = x_t + theta (mu - x_t) + sigma N(0, 1), with mu = 0 (dt = 1).
struct OrnsteinUhlenbeckNoise {
    let theta: Double, sigma: Double
    private(set) var state: [Double]

    init(size: Int, theta: Double, sigma: Double) {
        self.theta = theta
        self.sigma = sigma
        state = [Double](repeating: 0, count: size)
    }

    mutating func next(_ generator: inout SeededGenerator) -> [Double] {
        for i in state.indices { state[i] += -theta * state[i] + sigma * generator.nextGaussian() }
        return state
    }
}

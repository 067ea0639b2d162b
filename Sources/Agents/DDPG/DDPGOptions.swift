import TuningKit

/// The hyperparameters of DDPG and its sample-aware variant; each is a manifest parameter.
public struct DDPGOptions: Sendable {
    /// Hidden layers of the actor and the critic: CDBTune's networks (Zhang et al., SIGMOD 2019, section 5).
    public var actorHidden = [128, 128, 64]
    public var criticHidden = [256, 256, 64]
    /// Adam learning rates: 1e-3, as in CDBTune's implementation.
    public var actorLearningRate: Float = 1e-3
    public var criticLearningRate: Float = 1e-3
    /// Minibatch size: 32 (CDBTune).
    public var batchSize = 32
    /// Discount factor gamma: 0.99 (Lillicrap et al., ICLR 2016).
    public var gamma: Float = 0.99
    /// Soft target update rate tau: 0.005 (TD3, Fujimoto et al., ICML 2018; DDPG's 0.001 barely moves the
    /// targets within a tuning budget of a few hundred updates).
    public var tau: Float = 0.005
    /// Ornstein-Uhlenbeck exploration noise: theta 0.15, sigma 0.1 (CDBTune; DDPG used sigma 0.2).
    public var noiseTheta = 0.15
    public var noiseSigma = 0.1
    /// Gradient updates per evaluation (the update-to-data ratio): 1 in DDPG.
    public var updatesPerStep = 1
    /// Gradient-norm clipping of both networks (infinity: none).
    public var gradientClip: Float = 10
    /// Critics in the ensemble: 1 in DDPG.
    public var critics = 1
    /// Clipped double-Q: the Bellman target takes the minimum of two target critics (TD3; with more critics,
    /// of a random pair, as in REDQ, Chen et al., ICLR 2021). Needs critics >= 2.
    public var clippedDoubleQ = false
    /// Prioritized replay (Schaul et al., ICLR 2016): alpha 0.6, beta annealed from 0.4 to 1.
    public var prioritizedReplay = false
    public var priorityAlpha = 0.6
    public var priorityBeta = 0.4
    /// Priority multiplier of the best-rewarded tenth of the transitions.
    public var bestBonus = 2.0
    /// The reward the agent learns from: CDBTune's (TuningKit) or the relative improvement of the cost
    /// over the default configuration's, max(-1, (c_0 - c) / |c_0|), which does not depend on the previous
    /// step (failures: see `failureReward`).
    public var reward = RewardKind.cdbtune

    /// How the networks' reward is computed from a cost c and the default's c_0: CDBTune's (Eq. 6-7); the
    /// relative improvement (c_0 - c) / |c_0|, floored at -1; or its logarithm, log(c_0 / c), which spreads
    /// the best configurations apart when costs span orders of magnitude (it needs costs of one sign; for
    /// others it falls back to the relative reward), floored at -1 too.
    public enum RewardKind: String, Sendable, CaseIterable {
        case cdbtune, relative
        case logRelative = "log-relative"
    }

    /// What a failed evaluation teaches: the reward floor (-1), or the worst reward of a successful
    /// evaluation so far (no better than the default's 0), so that a configuration space whose best region
    /// borders failures (memory close to the limit) does not look like a cliff to the critics.
    /// (Applies to the relative rewards; CDBTune's reward has its own rule for failures.)
    public var failureReward = FailureReward.floor

    public enum FailureReward: String, Sendable, CaseIterable { case floor, worst }

    /// The state: the environment's internal metrics (CDBTune), or none (a fixed state: the critic is
    /// then a surrogate of the reward over configurations alone).
    public var state = StateKind.metrics

    public enum StateKind: String, Sendable, CaseIterable { case metrics, none }

    public init() {}
}

/// Why an agent proposed a configuration: how it searched, what its model predicted for the proposal and
/// how sure it was. The runner writes it as the `decision.*` columns of `trials.csv` (empty where an agent
/// has nothing to say), so that a person can compare a prediction with what was then measured.
public struct Decision: Sendable, Equatable {
    /// How a proposal was made; `trials.csv` writes the raw value in its `decision.kind` column.
    public enum Family: String, Sendable, CaseIterable {
        /// Uniform random sampling (random search; a probe of sample-aware DDPG).
        case uniform
        /// A point of a Latin hypercube (random search's design, Bayesian optimization's initial design).
        case latinHypercube = "latin-hypercube"
        /// Sample-aware DDPG's initial design.
        case warmStart = "warm-start"
        /// A configuration carried over from another campaign (`transfer_from`).
        case transfer
        /// DDPG's actor with Ornstein-Uhlenbeck noise.
        case actorNoise = "actor-noise"
        /// Sample-aware DDPG's screened candidate families: the whole space, the trust region around the
        /// incumbent, the actor's neighbourhood, and a restart of the trust region.
        case global
        case trustRegion = "trust-region"
        case actor
        case restart
        /// Sample-aware DDPG's unscreened probes: a knob of the incumbent moved to a bound, a bisection towards a
        /// failed configuration, a corner of the lattice of bounds.
        case bound, boundary, corner
        /// Bayesian optimization's acquisition functions.
        case expectedImprovement = "expected-improvement"
        case confidenceBound = "confidence-bound"
        /// A re-measurement of the confirmation phase (a candidate, or the default between candidates).
        case confirmation
    }

    /// How the proposal was made.
    public var family: Family
    /// The model's prediction of the proposal's objective, in the objective's unit (the critic ensemble's
    /// mean, or the Gaussian process's posterior mean), where the agent's model predicts it.
    public var predicted: Double?
    /// The uncertainty of that prediction in the same unit: the spread over the critic ensemble, or the
    /// posterior standard deviation.
    public var spread: Double?
    /// The score that chose the proposal among the candidates: the critics' upper confidence bound (one drawn
    /// critic's Q for sample-aware DDPG's global family), the expected improvement, or (DDPG) the critics'
    /// mean Q value of the action.
    public var score: Double?
    /// Candidates screened to choose it.
    public var candidates: Int?
    /// The side of the trust region searched (unit-cube units), and the trust region's restarts so far.
    public var trustRegion: Double?
    public var restarts: Int?

    public init(
        family: Family, predicted: Double? = nil, spread: Double? = nil, score: Double? = nil, candidates: Int? = nil,
        trustRegion: Double? = nil, restarts: Int? = nil
    ) {
        self.family = family
        self.predicted = predicted
        self.spread = spread
        self.score = score
        self.candidates = candidates
        self.trustRegion = trustRegion
        self.restarts = restarts
    }
}

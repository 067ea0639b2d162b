/// Why an agent proposed a configuration: how it searched, what its model predicted for the proposal and
/// how sure it was. The runner writes it as the `decision.*` columns of `trials.csv` (empty where an agent
/// has nothing to say), so that a person can compare a prediction with what was then measured.
public struct Decision: Sendable, Equatable {
    /// How the proposal was made: `uniform`, `latin-hypercube`, `warm-start`, `transfer`, `actor-noise` (DDPG's
    /// actor with Ornstein-Uhlenbeck noise), `global`, `trust-region`, `actor` or `restart` (the screened
    /// candidate families of sample-aware DDPG), `bound`, `uniform`, `boundary` or `corner` (its probes),
    /// `expected-improvement` or `confidence-bound` (Bayesian optimization).
    public var kind: String
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
        kind: String, predicted: Double? = nil, spread: Double? = nil, score: Double? = nil, candidates: Int? = nil,
        trustRegion: Double? = nil, restarts: Int? = nil
    ) {
        self.kind = kind
        self.predicted = predicted
        self.spread = spread
        self.score = score
        self.candidates = candidates
        self.trustRegion = trustRegion
        self.restarts = restarts
    }
}

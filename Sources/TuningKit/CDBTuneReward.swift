/// The performance a reward compares: throughput (higher is better) and latency (lower is better).
/// Either may be absent; an environment with neither contributes its objective in their place.
public struct Performance: Sendable, Equatable {
    public var throughput: Double?
    public var latency: Double?

    public init(throughput: Double?, latency: Double?) {
        self.throughput = throughput
        self.latency = latency
    }

    /// The performance of a successful measurement: its throughput and p99 latency (CDBTune's pair).
    /// Where the environment measures neither (benchmark functions), the objective stands in as
    /// latency when minimized and as throughput when maximized. Nil for a failed measurement.
    public init?(_ measurement: Measurement, objective: Objective) {
        guard !measurement.failed, let value = measurement.objective else { return nil }
        throughput = measurement.throughput
        latency = measurement.latencyP99
        if throughput == nil && latency == nil {
            if objective.direction == .minimize { latency = value } else { throughput = value }
        }
    }
}

/// The reward of CDBTune (Zhang et al., SIGMOD 2019, Eq. 6 and 7).
///
/// For each of throughput T and latency L, with Δ0 the relative change against the initial (default)
/// performance and Δp the change against the previous step, both signed so that positive is better:
///
///     Δ0 = (T_t - T_0) / T_0,      Δp = (T_t - T_{t-1}) / T_{t-1}        (latency: (L_0 - L_t) / L_0, ...)
///     r  = ((1 + Δ0)^2 - 1) |1 + Δp|       if Δ0 > 0                      (Eq. 6)
///     r  = -((1 - Δ0)^2 - 1) |1 - Δp|      if Δ0 <= 0
///     r  = 0                                if r > 0 and Δp < 0 (better than the start, worse than the last step)
///     reward = C_T r_T + C_L r_L,  C_T = 0.4, C_L = 0.6                   (Eq. 7)
///
/// Two documented generalizations: the denominators are absolute values (so an objective that can be
/// negative, as in benchmark functions, keeps "positive is better"); and the weights of the terms present
/// are normalized to sum to 1 (with the defaults and both terms, exactly Eq. 7; with one term, its weight
/// is 1). A failed evaluation earns `failurePenalty`.
public struct CDBTuneReward: Sendable {
    /// C_T, the weight of the throughput term.
    public var throughputWeight: Double
    /// C_L, the weight of the latency term.
    public var latencyWeight: Double
    /// The reward of a failed evaluation (the database did not start, crashed or timed out).
    public var failurePenalty: Double

    public init(throughputWeight: Double = 0.4, latencyWeight: Double = 0.6, failurePenalty: Double = -10) {
        self.throughputWeight = throughputWeight
        self.latencyWeight = latencyWeight
        self.failurePenalty = failurePenalty
    }

    /// Eq. 6 for one performance metric, from its two signed relative changes.
    public static func term(deltaInitial d0: Double, deltaPrevious dp: Double) -> Double {
        if d0 > 0 {
            let r = ((1 + d0) * (1 + d0) - 1) * abs(1 + dp)
            return dp < 0 ? 0 : r
        }
        return -((1 - d0) * (1 - d0) - 1) * abs(1 - dp)
    }

    /// The reward of `current` given the initial and previous performance (nil `current`: a failure).
    public func reward(initial: Performance, previous: Performance, current: Performance?) -> Double {
        guard let current else { return failurePenalty }
        var total = 0.0, weight = 0.0
        if let t = current.throughput, let t0 = initial.throughput, let tp = previous.throughput {
            total +=
                throughputWeight
                * Self.term(deltaInitial: Self.change(t, from: t0), deltaPrevious: Self.change(t, from: tp))
            weight += throughputWeight
        }
        if let l = current.latency, let l0 = initial.latency, let lp = previous.latency {
            total +=
                latencyWeight
                * Self.term(deltaInitial: -Self.change(l, from: l0), deltaPrevious: -Self.change(l, from: lp))
            weight += latencyWeight
        }
        return weight > 0 ? total / weight : 0
    }

    /// (value - reference) / |reference|, guarded against a zero reference.
    static func change(_ value: Double, from reference: Double) -> Double {
        (value - reference) / max(abs(reference), 1e-12)
    }
}

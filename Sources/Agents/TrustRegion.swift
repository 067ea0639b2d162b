/// The side of the box around the best configuration that exploration stays in, in unit-cube units
/// (TuRBO's rule, Eriksson et al., NeurIPS 2019): doubled after 3 improvements in a row, halved after
/// max(4, d/4) steps without one, reset to its maximum when it collapses. Used by sample-aware DDPG and
/// Bayesian optimization.
struct TrustRegion {
    static let initial = 0.4, minimum = 1.0 / 128, maximum = 0.8
    private(set) var side = TrustRegion.initial
    /// Times the region collapsed and started again at its maximum.
    private(set) var restarts = 0
    private var successes = 0, failures = 0
    private var bestCost = Double.infinity

    /// Takes an evaluation's cost (nil when it failed). With `adapt`, an improvement of the best cost by
    /// more than 0.1% counts as a success and anything else as a failure of the current region.
    mutating func observe(_ cost: Double?, dimension d: Int, adapt: Bool) {
        let improved = cost.map { bestCost.isFinite ? $0 < bestCost - 1e-3 * abs(bestCost) : true } ?? false
        if let cost { bestCost = min(bestCost, cost) }
        if adapt { record(improved: improved, dimension: d) }
    }

    mutating func record(improved: Bool, dimension d: Int) {
        if improved {
            successes += 1
            failures = 0
        } else {
            failures += 1
            successes = 0
        }
        if successes >= 3 {
            side = min(side * 2, Self.maximum)
            successes = 0
        }
        if failures >= max(4, d / 4) {
            side /= 2
            failures = 0
        }
        if side < Self.minimum {  // collapsed: search widely around the best again
            side = Self.maximum
            restarts += 1
        }
    }
}

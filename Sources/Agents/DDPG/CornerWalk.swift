import TuningKit

/// Sample-aware DDPG's corner walk (switch `cornerShare`, off by default): a local search on the lattice of
/// bounds, where every knob that is not categorical sits at the lower or the upper bound of its range.
///
/// A database's optimum is often such a corner of several knobs at once, where each knob's move alone is
/// worse or fails: no parallel workers make a large work_mem safe, and only a large work_mem makes no
/// workers pay. One-knob bound probes from an interior incumbent and small trust-region steps miss it; on
/// the lattice the same corner is a few single flips away from most corners that run. The walk keeps the
/// best corner it evaluated; each probe flips one knob of it to its other bound (of the flips not evaluated
/// yet, the one the agent's critics rate best), and a flip that beats it takes its place. When no flip is
/// left (a local optimum of the lattice) or no corner has run, the agent starts the walk again at a new
/// corner of its choosing.
struct CornerWalk {
    /// The best corner evaluated (its cost, lower is better), nil until one runs.
    private(set) var best: (cost: Double, point: [Float])?

    /// Takes the outcome of one of the walk's probes (cost nil: it failed).
    mutating func observe(_ point: [Float], cost: Double?) {
        if let cost, cost < best?.cost ?? .infinity { best = (cost, point) }
    }

    /// The best corner's neighbours not evaluated yet: the corner with one knob (not categorical) moved to
    /// its other bound. Empty when there is none left, or no corner ran yet.
    func flips(categorical: [Bool], isNew: ([Float]) -> Bool) -> [[Float]] {
        guard let corner = best?.point else { return [] }
        return corner.indices.filter { !categorical[$0] }.compactMap { j in
            var point = corner
            point[j] = corner[j] < 0.5 ? 1 : 0
            return isNew(point) ? point : nil
        }
    }

    /// Forgets the best corner, so that the walk starts again (after a local optimum of the lattice).
    mutating func restart() { best = nil }
}

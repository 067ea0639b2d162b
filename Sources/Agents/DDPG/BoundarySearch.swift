/// Sample-aware DDPG's boundary search: a bisection between a configuration that ran and one that failed.
/// The best configuration of a database often sits at the edge of what the machine allows (memory just
/// below the limit), next to configurations that fail to start, where critics that learned "failure is bad"
/// would not look.
///
/// A failure outside a search opens one between the incumbent and the failed configuration, while the
/// probes taken stay under `limit`, or always when the two differ in one knob only (a bisection of that
/// knob's limit, the most informative kind). Each probe is the midpoint of the two ends (in the unit cube; a
/// categorical knob keeps the running end's value) and replaces the end of its own outcome. A search ends
/// after `probes` probes or when its ends are within 1% of every knob's range.
struct BoundarySearch {
    let probes: Int
    let limit: Int
    private var ends: (ran: [Float], failed: [Float], left: Int)?
    /// Probes taken over the run.
    private(set) var taken = 0

    init(probes: Int, limit: Int) {
        self.probes = probes
        self.limit = limit
    }

    /// Takes an evaluated point: whether it failed, whether it was this search's probe, and the incumbent.
    mutating func observe(_ point: [Float], failed: Bool, probe: Bool, incumbent: [Float]?) {
        if probe, var search = ends {
            if failed { search.failed = point } else { search.ran = point }
            let open = search.left > 0 && zip(search.ran, search.failed).contains { abs($0 - $1) > 0.01 }
            ends = open ? search : nil
        } else if failed, ends == nil, let incumbent,
            taken < limit || zip(point, incumbent).filter({ $0 != $1 }).count == 1
        {
            ends = (incumbent, point, probes)
        }
    }

    /// The next probe of an open search (nil when none is open). `isNew` says whether a configuration was
    /// not evaluated yet: a midpoint that was (integer knobs on neighbouring values, ends that differ in
    /// categorical knobs only) ends the search, since bisecting further cannot teach anything new.
    mutating func nextProbe(categorical: [Bool], isNew: ([Float]) -> Bool) -> [Float]? {
        guard var search = ends else { return nil }
        let probe = search.ran.indices.map { j in
            categorical[j] ? search.ran[j] : (search.ran[j] + search.failed[j]) / 2
        }
        guard search.left > 0, isNew(probe) else {
            ends = nil
            return nil
        }
        search.left -= 1
        taken += 1
        ends = search
        return probe
    }
}

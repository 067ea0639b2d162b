#if canImport(Glibc)
    import Glibc
#endif

/// The query planner: it picks plans from its cost estimates, which the planner-cost knobs distort,
/// while the time a plan takes comes from the hardware and the caches. A mis-set cost knob makes the
/// planner switch to the wrong plan for some query classes: a step in latency, not a smooth slope.
enum Planner {
    /// Rows per 8 kB heap page and the planner's penalty for a disabled plan type (as PostgreSQL's
    /// disable_cost, 1e10).
    static let rowsPerPage = 60.0, disabledCost = 1e10

    /// What the planner believes, from the knobs.
    struct Beliefs {
        let randomPageCost: Double, seqPageCost: Double, cpuTupleCost: Double
        /// effective_cache_size as a fraction of the table: the planner discounts index page fetches
        /// that it expects to find cached (Mackert and Lohman's model, simplified).
        let effectiveCacheGB: Double
        /// Relative overestimate of selectivities: 0.5 sqrt(100 / default_statistics_target).
        let estimateError: Double
        let enableSeqscan: Bool, enableBitmapscan: Bool, enableHashjoin: Bool, enableMergejoin: Bool,
            enableNestloop: Bool
    }

    /// What a page read truly costs, in ms, given the probability it is cached.
    struct Costs {
        let cachedFraction: Double
        let randomReadMs: Double
        let sequentialPageMs: Double
        /// Concurrent reads a bitmap heap scan issues: min(effective_io_concurrency + 1, queue depth).
        let prefetchDepth: Double
        let workMemMB: Double, hashMemMB: Double, sequentialMBps: Double

        func randomPage(prefetch: Bool) -> Double {
            let miss = prefetch ? randomReadMs / pow(prefetchDepth, 0.8) : randomReadMs
            return cachedFraction * Mechanisms.osCacheHitMs + (1 - cachedFraction) * miss
        }
        var sequentialPage: Double {
            cachedFraction * Mechanisms.osCacheHitMs * 0.5 + (1 - cachedFraction) * sequentialPageMs
        }
    }

    /// A plan's outcome: true time in ms, temporary MB spilled, whether the planner chose the best plan.
    struct Outcome { var ms = 0.0, spilledMB = 0.0, sequentialScans = 0.0, indexScans = 0.0, misplanned = 0.0 }

    /// Sequential scan vs bitmap index scan. Estimates: seq = seq_page_cost P + cpu_tuple_cost R;
    /// index = F (random_page_cost (1 - 0.75 c) + seq_page_cost 0.75 c) + (cpu_tuple_cost + 0.005) s R, with
    /// F = P (1 - e^(-sR/P)) pages fetched (Cardenas), c the cached fraction the planner assumes.
    static func scan(_ scan: Workload.Scan, _ b: Beliefs, _ t: Costs, into outcome: inout Outcome) {
        let pages = scan.tableGB * 131_072, rows = pages * rowsPerPage
        let selected = scan.selectivity * rows, believed = selected * (1 + b.estimateError)
        let fetched = pages * (1 - exp(-selected / pages)), fetchedBelieved = pages * (1 - exp(-believed / pages))
        let cacheBelief = min(1, b.effectiveCacheGB / scan.tableGB)
        var seqEstimate = b.seqPageCost * pages + b.cpuTupleCost * rows
        if !b.enableSeqscan { seqEstimate += disabledCost }
        let indexPageCost = b.randomPageCost * (1 - 0.75 * cacheBelief) + b.seqPageCost * 0.75 * cacheBelief
        let indexEstimate =
            fetchedBelieved * indexPageCost * (b.enableBitmapscan ? 1 : 1.1) + (b.cpuTupleCost + 0.005) * believed

        let seqTrue = pages * t.sequentialPage + rows * 0.00005
        let indexTrue = fetched * t.randomPage(prefetch: b.enableBitmapscan) + selected * 0.0002
        let useIndex = indexEstimate < seqEstimate
        let chosen = useIndex ? indexTrue : seqTrue
        outcome.ms += scan.perTransaction * chosen
        outcome.misplanned += scan.perTransaction * (chosen - min(seqTrue, indexTrue))
        if useIndex {
            outcome.indexScans += scan.perTransaction
        } else {
            outcome.sequentialScans += scan.perTransaction
        }
    }

    /// Hash join vs merge join vs nested loop over an index of the inner side.
    /// Estimates: hash = 2 cpu_tuple_cost (O + I) (+ seq_page_cost per spilled page); merge = sorting both
    /// sides, 0.0025 n log2 n each; nested loop = O (3 random_page_cost (1 - 0.75 c) + cpu_tuple_cost).
    static func join(_ join: Workload.Join, _ b: Beliefs, _ t: Costs, into outcome: inout Outcome) {
        let outerMB = join.outerRows * 100 / 1_048_576, innerMB = join.innerMB
        let hash = Mechanisms.hashMs(
            innerMB: innerMB, outerMB: outerMB, memoryMB: t.hashMemMB, sequentialMBps: t.sequentialMBps)
        let sortOuter = Mechanisms.sortMs(needMB: outerMB, memoryMB: t.workMemMB, sequentialMBps: t.sequentialMBps)
        let sortInner = Mechanisms.sortMs(needMB: innerMB, memoryMB: t.workMemMB, sequentialMBps: t.sequentialMBps)
        let mergeTrue = sortOuter.ms + sortInner.ms + (join.outerRows + join.innerRows) * 0.00005
        let loopTrue = join.outerRows * (3 * t.randomPage(prefetch: false) + 0.0005)

        let n = (join.outerRows + join.innerRows) * (1 + b.estimateError)
        let cacheBelief = min(1, b.effectiveCacheGB / max(innerMB / 1024, 1e-6))
        var hashEstimate =
            2 * b.cpuTupleCost * n + (innerMB > t.hashMemMB ? b.seqPageCost * 2 * (innerMB + outerMB) * 128 : 0)
        var mergeEstimate =
            0.0025 * n * log2(max(n, 2)) + (innerMB > t.workMemMB ? b.seqPageCost * 2 * innerMB * 128 : 0)
        var loopEstimate =
            join.outerRows * (1 + b.estimateError) * (3 * b.randomPageCost * (1 - 0.75 * cacheBelief) + b.cpuTupleCost)
        if !b.enableHashjoin { hashEstimate += disabledCost }
        if !b.enableMergejoin { mergeEstimate += disabledCost }
        if !b.enableNestloop { loopEstimate += disabledCost }

        let chosen: (ms: Double, spilledMB: Double)
        if hashEstimate <= mergeEstimate && hashEstimate <= loopEstimate {
            chosen = hash
        } else if mergeEstimate <= loopEstimate {
            chosen = (mergeTrue, sortOuter.spilledMB + sortInner.spilledMB)
        } else {
            chosen = (loopTrue, 0)
        }
        outcome.ms += join.perTransaction * chosen.ms
        outcome.spilledMB += join.perTransaction * chosen.spilledMB
        outcome.misplanned += join.perTransaction * (chosen.ms - min(hash.ms, mergeTrue, loopTrue))
    }
}

import TuningKit

/// Sample-aware DDPG: DDPG that treats every evaluation as expensive and spends it where it teaches
/// the most. Each mechanism can be switched off (for ablations):
///
/// 1. Space-filling warm start: the first `warmStart` evaluations form a Latin hypercube; then the critics
///    are pre-trained on them (`pretrainUpdates` updates) and the actor is pulled towards the best of them
///    by behaviour cloning, before the first policy step.
/// 2. Prioritized replay with extra priority for the best-rewarded transitions (`DDPGOptions`).
/// 3. Critic-screened exploration: each step proposes `candidates` actions, in turn uniform over the
///    space (scored by one critic drawn at random: Thompson sampling), perturbations of the best
///    configuration so far within a trust region, or the actor's output plus Gaussian noise (scored by the
///    ensemble's upper confidence bound mean_k Q_k + kappa std_k), and evaluates only the best-scoring one
///    that has not been evaluated yet; the trust-region family is scored instead by the expected
///    improvement of a local Gaussian process (`LocalSurrogate`, switches `localModel`, `localEvery`).
///    The trust region (TuRBO, Eriksson et al., NeurIPS 2019) doubles its side after 3 improvements
///    in a row, halves it after max(4, d/4) steps without one, and when it collapses starts again at
///    full size around the best candidate of a global screening.
/// 4. Bound-biased sampling: a sampled knob takes a bound of its range with probability `boundBias`.
/// 5. Unscreened probes the critics cannot veto: the incumbent with one knob at a bound, a uniform point,
///    and after a failure a bisection between the incumbent and the failed configuration (`BoundarySearch`).
///    Off by default, a corner walk on the lattice of bounds too (`CornerWalk`, switch `cornerShare`).
/// 6. Twin critics with clipped double-Q (TD3; REDQ's random pair with a larger ensemble).
/// 7. A high update-to-data ratio: many gradient updates per evaluation, since evaluations are expensive
///    and computation is cheap.
///
/// `docs/agents.md` gives the equations.
public final class SampleAwareDDPG: Agent {
    public let options: Options
    private let core: DDPG
    private var warmStartPoints: [[Double]]
    private var pretrained = false
    private var best: (cost: Double, point: [Float])?
    private var evaluated: Set<Configuration> = []
    /// Every configuration told, in order (the local surrogate's inputs when it observes them all).
    private var configurations: [Configuration] = []
    /// The last `rank`, until the next observation.
    private var ranking: [Configuration]?
    /// With `incumbent: model`, the evaluation the local GP ranks best (its index in the order told).
    private var modelTop: Int?
    private var generator: SeededGenerator
    private var region = TrustRegion()
    private var boundary: BoundarySearch
    private var corners = CornerWalk()
    private var localSurrogate: LocalSurrogate
    /// The trust region's center: the incumbent, or after a global restart the point it moved to (until a
    /// better incumbent is found).
    private var center: [Float]?
    private var restartsSeen = 0
    /// Which knobs are categorical or boolean.
    private let categorical: [Bool]
    private var screenedSteps = 0
    /// Trust-region steps so far.
    private var regionSteps = 0
    /// Warm-start points asked so far.
    private var asked = 0

    public init(task: TuningTask, options: Options, seed: UInt64) {
        self.options = options
        let prior = Self.selected(options.transfer, count: options.transferSamples)
        core = DDPG(
            task: task, options: options.ddpg, seed: seed, screeningRows: options.screening ? options.candidates : 1,
            extraCapacity: prior.count)
        core.remember(prior)
        generator = SeededGenerator(seed: seed, stream: "sample-aware-exploration")
        localSurrogate = LocalSurrogate(points: options.localPoints, seed: seed)
        boundary = BoundarySearch(
            probes: options.boundaryProbes, limit: Int(options.boundaryBudget * Double(task.budget)))
        categorical = task.space.knobs.map { knob in
            switch knob.domain {
            case .categorical, .boolean: true
            case .integer, .real: false
            }
        }
        let starts = PriorSample.bestPoints(
            options.transfer, count: min(options.transferStarts, options.warmStart, task.budget))
        transferred = starts.count
        warmStartPoints =
            (starts
            + LatinHypercube.sample(
                count: min(options.warmStart, task.budget) - starts.count, dimension: task.space.dimension,
                using: &generator
            )).reversed()
    }

    /// Warm-start points that came from the transferred campaign (the first ones asked).
    private var transferred = 0

    /// The prior samples that enter the replay buffer: the better half of `count` from the best, the rest
    /// evenly spread over the others (so the critics also learn where not to go).
    static func selected(_ prior: [PriorSample], count: Int) -> [PriorSample] {
        guard prior.count > count else { return prior }
        let ranked = prior.sorted { ($0.improvement ?? -.infinity) > ($1.improvement ?? -.infinity) }
        let top = count / 2
        let rest = ranked[top...]
        let stride = Double(rest.count) / Double(count - top)
        return Array(ranked.prefix(top)) + (0..<(count - top)).map { rest[rest.startIndex + Int(Double($0) * stride)] }
    }

    public var divergenceResets: Int { core.divergenceResets }

    public func ask() throws -> Configuration {
        let space = core.task.space
        if let point = warmStartPoints.popLast() {
            core.willEvaluate(point.map(Float.init))
            decision = Decision(family: asked < transferred ? .transfer : .warmStart)
            asked += 1
            return space.decode(point)
        }
        if !pretrained { pretrain() }
        guard options.screening else {
            let configuration = try core.ask()
            decision = core.decision
            return configuration
        }
        let action = screenedAction()
        core.willEvaluate(action)
        return space.decode(action.map(Double.init))
    }

    /// The family the proposal came from, the critics' prediction for it (in the objective's unit) with
    /// their spread, its upper confidence bound, the candidates screened, and the trust region.
    public private(set) var decision: Decision?

    public func tell(_ observation: Observation) throws {
        evaluated.insert(observation.configuration)
        if let cost = observation.cost, cost < best?.cost ?? .infinity {
            best = (cost, observation.point.map(Float.init))
            center = best?.point
        }
        let cornerProbe = decision?.family == .corner
        if cornerProbe { corners.observe(observation.point.map(Float.init), cost: observation.cost) }
        // A corner that fails teaches the critics, not the boundary search: most corners of a large space fail.
        if options.boundaryProbes > 0, !cornerProbe {
            boundary.observe(
                observation.point.map(Float.init), failed: observation.cost == nil,
                probe: decision?.family == .boundary, incumbent: best?.point)
        }
        configurations.append(observation.configuration)
        ranking = nil
        if options.localModel == .gp || options.recommend == .model || options.incumbent == .model {
            localSurrogate.observe(observation.point, cost: observation.cost)
        }
        region.observe(observation.cost, dimension: core.task.space.dimension, adapt: pretrained)
        // With `incumbent: model`, the region moves to the evaluation the local GP ranks best whenever that
        // changes (a lucky measurement moves it too, until the model has weighed it).
        if options.incumbent == .model, pretrained || warmStartPoints.isEmpty, let best,
            let top = localSurrogate.ranked(around: best.point)?.first, top != modelTop
        {
            modelTop = top
            center = localSurrogate.point(top).map(Float.init)
        }
        // During the warm start only store transitions; training starts with the pre-training. Unlike DDPG,
        // training does not wait for a full minibatch (small buffers are sampled with replacement).
        core.record(observation, train: false)
        if pretrained { core.train(core.options.updatesPerStep, step: observation.step) }
    }

    /// The evaluated configurations near the incumbent by the local GP's posterior mean, when `recommend` is
    /// `model`: on a noisy system, a lucky measurement is shrunk towards its neighbours'.
    public func rank(_ count: Int) -> [Configuration]? {
        guard options.recommend == .model, let best else { return nil }
        if ranking == nil { ranking = localSurrogate.ranked(around: best.point)?.map { configurations[$0] } }
        return ranking.map { Array($0.prefix(count)) }
    }

    /// Pre-trains the critics on the warm-start transitions and pulls the actor towards the best action.
    private func pretrain() {
        pretrained = true
        guard core.transitions > 0 else { return }
        core.train(options.pretrainUpdates, step: 0)
        if let best, options.cloningSteps > 0 { core.cloneActor(towards: best.point, steps: options.cloningSteps) }
    }

    /// The next action of a policy step: a probe of an open boundary search; else, with their shares, a bound
    /// probe or a uniform point; else the candidate with the highest score of the critic ensemble (upper
    /// confidence bound; one drawn critic for the global family). The candidates of a step come from one
    /// family, in turn: the whole space (critic-screened random search), the trust
    /// region around the best configuration (local refinement), and the actor's output with noise (the
    /// policy), kept inside the trust region, since a critic extrapolates beyond its data and the actor,
    /// which climbs the critic, would otherwise lead into a corner. The rotation keeps a third of the
    /// evaluations global, so a good local region does not trap the search.
    private func screenedAction() -> [Float] {
        let state = core.currentState
        if let probe = boundary.nextProbe(categorical: categorical, isNew: isNew) {
            decision = Decision(family: .boundary, trustRegion: region.side, restarts: region.restarts)
            return probe
        }
        if options.boundProbeShare > 0, let incumbent = best?.point, generator.nextDouble() < options.boundProbeShare,
            let point = boundProbe(incumbent)
        {
            decision = Decision(family: .bound, trustRegion: region.side, restarts: region.restarts)
            return point
        }
        if options.cornerShare > 0, generator.nextDouble() < options.cornerShare, let point = cornerProbe(state) {
            decision = Decision(family: .corner, trustRegion: region.side, restarts: region.restarts)
            return point
        }
        if options.uniformShare > 0, generator.nextDouble() < options.uniformShare {
            decision = Decision(family: .uniform, trustRegion: region.side, restarts: region.restarts)
            return (0..<core.task.space.dimension).map(sampleCoordinate)
        }
        defer { screenedSteps += 1 }
        let candidates: [[Float]]
        let family: Decision.Family
        let restarting = options.restart == .global && region.restarts > restartsSeen
        restartsSeen = region.restarts
        switch (screenedSteps % 3, center) {
        case (_, _) where restarting:
            candidates = globalCandidates()
            family = .restart
        case (1, let center?):
            candidates = regionCandidates(around: center)
            family = .trustRegion
            regionSteps += 1
        case (2, let center?):
            candidates = actorCandidates(state: state, around: center)
            family = .actor
        default:
            candidates = globalCandidates()
            family = .global
        }
        let byGP = family == .trustRegion && options.localModel == .gp && (regionSteps - 1) % options.localEvery == 0
        if byGP, let center, let (score, mean, deviation) = localSurrogate.score(candidates, around: center) {
            let j = bestNew(candidates, score) ?? 0
            decision = Decision(
                family: family, predicted: core.task.objective.value(ofCost: mean[j]), spread: deviation[j],
                score: score[j],
                candidates: candidates.count, trustRegion: region.side, restarts: region.restarts)
            return candidates[j]
        }
        let (q, mean, spread) = ensemble(state, candidates)
        let drawn =
            family == .global && options.globalScore == .thompson ? generator.nextInt(below: q.count) : nil
        let score = candidates.indices.map { j in drawn.map { Double(q[$0][j]) } ?? ucb(mean[j], spread[j]) }
        let chosen = bestNew(candidates, score)
        let bestIndex = chosen ?? 0
        if restarting { center = candidates[bestIndex] }
        // Every candidate evaluated already (or scored non-finite): the first is evaluated again, unscored.
        let prediction = chosen.flatMap {
            core.predictedObjective(meanQ: mean[$0], spreadQ: spread[$0], state: state)
        }
        decision = Decision(
            family: family, predicted: prediction?.objective, spread: prediction?.spread,
            score: chosen.map { score[$0] },
            candidates: candidates.count, trustRegion: family == .global ? nil : region.side, restarts: region.restarts
        )
        return candidates[bestIndex]
    }

    /// The candidate with the highest finite score among those not evaluated yet (the first of equals);
    /// nil when there is none.
    private func bestNew(_ candidates: [[Float]], _ score: [Double]) -> Int? {
        var chosen: Int?
        for j in candidates.indices where score[j].isFinite && score[j] > chosen.map({ score[$0] }) ?? -.infinity {
            if isNew(candidates[j]) { chosen = j }
        }
        return chosen
    }

    /// The incumbent with one knob (not categorical) moved to a bound: the first knob, in a random order,
    /// whose move gives a configuration not evaluated yet.
    private func boundProbe(_ incumbent: [Float]) -> [Float]? {
        var knobs = (0..<incumbent.count).filter { !categorical[$0] }
        for i in knobs.indices.reversed() { knobs.swapAt(i, generator.nextInt(below: i + 1)) }
        for j in knobs {
            var point = incumbent
            point[j] = bound(options.probeUpperBound)
            if isNew(point) { return point }
        }
        return nil
    }

    /// The corner walk's next probe: the flip of its best corner that the critics' upper confidence bound
    /// rates best, or when none is left a new corner, the best rated of `candidates` random corners.
    private func cornerProbe(_ state: [Float]) -> [Float]? {
        var candidates = corners.flips(categorical: categorical, isNew: isNew)
        if candidates.isEmpty {
            corners.restart()
            candidates = (0..<options.candidates).map { _ in
                categorical.map { $0 ? Float(generator.nextDouble()) : bound(0.5) }
            }
        }
        let (_, mean, spread) = ensemble(state, candidates)
        return bestNew(candidates, zip(mean, spread).map(ucb)).map { candidates[$0] }
    }

    /// The critic ensemble's Q_k(s, a_j) of candidate actions ([critic][candidate]), with their mean and
    /// spread (standard deviation over the critics) per candidate.
    private func ensemble(_ state: [Float], _ candidates: [[Float]]) -> (
        q: [[Float]], mean: [Double], spread: [Double]
    ) {
        let q = core.criticValues(state, candidates)
        let values = candidates.indices.map { j in q.map { Double($0[j]) } }
        return (q, values.map { Statistics.mean($0)! }, values.map { Statistics.standardDeviation($0) ?? 0 })
    }

    /// The upper confidence bound mean_k Q_k + kappa std_k that scores screened candidates.
    private func ucb(_ mean: Double, _ spread: Double) -> Double { mean + options.kappa * spread }

    private func isNew(_ point: [Float]) -> Bool {
        !evaluated.contains(core.task.space.decode(point.map(Double.init)))
    }

    /// Uniform candidates over the whole space.
    private func globalCandidates() -> [[Float]] {
        (0..<options.candidates).map { _ in (0..<core.task.space.dimension).map(sampleCoordinate) }
    }

    /// A coordinate of knob j drawn uniformly, or a bound of its range with probability `boundBias`.
    private func sampleCoordinate(_ j: Int) -> Float {
        if !categorical[j], biased() { return bound(options.upperBound) }
        return Float(generator.nextDouble())
    }

    /// The upper bound with probability `upper`, else the lower.
    private func bound(_ upper: Double) -> Float { generator.nextDouble() < upper ? 1 : 0 }

    private func biased() -> Bool { options.boundBias > 0 && generator.nextDouble() < options.boundBias }

    /// Perturbations of the best point within the trust region: a random subset of the coordinates (each
    /// with probability min(1, perturbedKnobs/d), at least one) moves uniformly within +-side/2, or by
    /// Gaussian steps of a quarter or a tenth of the side. A categorical or boolean knob has no
    /// neighbourhood: it takes a random choice instead.
    private func regionCandidates(around center: [Float]) -> [[Float]] {
        let d = center.count, probability = min(1, Double(options.perturbedKnobs) / Double(d)), side = region.side
        return (0..<options.candidates).map { i in
            var point = center
            let forced = generator.nextInt(below: d)
            for j in 0..<d where j == forced || generator.nextDouble() < probability {
                if categorical[j] {
                    point[j] = Float(generator.nextDouble())
                    continue
                }
                if biased() {
                    point[j] = bound(options.upperBound)
                    continue
                }
                let step =
                    i % 3 == 0
                    ? side * (generator.nextDouble() - 0.5)
                    : side * (i % 3 == 1 ? 0.25 : 0.1) * generator.nextGaussian()
                point[j] = clip(Double(point[j]) + step)
            }
            return point
        }
    }

    /// The actor's action mu(s) and Gaussian perturbations of it (sigma 0.02 to 0.2), clipped to the trust region.
    private func actorCandidates(state: [Float], around center: [Float]) -> [[Float]] {
        let mu = core.policy(state), half = Float(region.side / 2)
        let sigmas = [0.02, 0.05, 0.1, 0.2]
        return (0..<options.candidates).map { i in
            let proposal = i == 0 ? mu : mu.map { clip(Double($0) + sigmas[i % 4] * generator.nextGaussian()) }
            return zip(proposal, center).map { a, b in min(max(a, b - half), b + half) }
        }
    }

    private func clip(_ x: Double) -> Float { Float(min(max(x, 0), 1)) }
}

import Simulator
import TuningKit
import XCTest

@testable import Agents

final class DDPGTests: XCTestCase {
    func testSameSeedSameProposalsAndAllValid() throws {
        let env = DatabaseSimulator(
            workload: Workload.named("oltp-write")!, hardware: Hardware.named("medium")!, knobCount: 8, seed: 1)
        let run = { (seed: UInt64) in
            try drive(
                DDPG(task: task(env, budget: 20), options: tinyOptions(), seed: seed),
                on: DatabaseSimulator(workload: env.workload, hardware: env.hardware, knobCount: 8, seed: 1), budget: 20
            ).proposals
        }
        let first = try run(3)
        XCTAssertEqual(first, try run(3))
        XCTAssertNotEqual(first, try run(4))
        XCTAssertEqual(Set(first).count, first.count, "OU noise keeps proposals apart")
    }

    /// A diverging network is detected, restored, and never turns into a non-finite configuration.
    func testDivergenceIsCaughtAndReset() throws {
        var options = tinyOptions()
        options.criticLearningRate = 1e7
        options.actorLearningRate = 1e7
        options.gradientClip = 1e9
        options.updatesPerStep = 4
        let env = BenchmarkFunction(.rosenbrock, dimensions: 4)
        let agent = DDPG(task: task(env, budget: 40), options: options, seed: 1)
        let (proposals, _) = try drive(agent, on: env, budget: 40)
        XCTAssertGreaterThan(agent.divergenceResets, 0, "a learning rate of 1e7 should make the networks diverge")
        for configuration in proposals {
            XCTAssertNoThrow(try env.space.validate(configuration))
            XCTAssert(configuration.values.allSatisfy { $0.number!.isFinite })
        }
    }
}

final class SampleAwareDDPGTests: XCTestCase {
    private func options() -> SampleAwareDDPG.Options {
        var o = SampleAwareDDPG.Options()
        o.ddpg = tinyOptions(o.ddpg)
        o.ddpg.critics = 3
        o.ddpg.updatesPerStep = 2
        o.pretrainUpdates = 20
        o.cloningSteps = 10
        o.candidates = 32
        return o
    }

    func testWarmStartIsALatinHypercubeThenScreenedProposals() throws {
        let env = BenchmarkFunction(.branin, dimensions: 2)
        let agent = SampleAwareDDPG(task: task(env, budget: 30), options: options(), seed: 2)
        let (proposals, best) = try drive(agent, on: env, budget: 30)
        let warm = proposals.prefix(10).map { env.space.encode($0) }
        for d in 0..<2 { XCTAssertEqual(warm.map { Int($0[d] * 10) }.sorted(), Array(0..<10)) }
        XCTAssertEqual(Set(proposals).count, proposals.count, "screening never re-evaluates a configuration")
        XCTAssertLessThan(
            best, BenchmarkFunction.value(.branin, env.defaultConfiguration.values.map { $0.number! }) * 0.5)
    }

    func testDeterministic() throws {
        let env = BenchmarkFunction(.hartmann6, dimensions: 6)
        let a = try drive(
            SampleAwareDDPG(task: task(env, budget: 16), options: options(), seed: 5), on: env, budget: 16
        ).proposals
        let b = try drive(
            SampleAwareDDPG(task: task(env, budget: 16), options: options(), seed: 5), on: env, budget: 16
        ).proposals
        XCTAssertEqual(a, b)
    }

    func testEveryMechanismCanBeSwitchedOff() throws {
        var o = options()
        o.warmStart = 0
        o.screening = false
        o.ddpg.critics = 1
        o.ddpg.clippedDoubleQ = false
        o.ddpg.prioritizedReplay = false
        o.ddpg.updatesPerStep = 1
        let env = DatabaseSimulator(
            workload: Workload.named("olap")!, hardware: Hardware.named("medium")!, knobCount: 4, seed: 1)
        let plain = try drive(SampleAwareDDPG(task: task(env, budget: 12), options: o, seed: 1), on: env, budget: 12)
            .proposals
        let full = try drive(
            SampleAwareDDPG(task: task(env, budget: 12), options: options(), seed: 1), on: env, budget: 12
        ).proposals
        // The switches take effect: with no warm start the first proposal is the actor's, not a Latin-hypercube point.
        XCTAssertNotEqual(plain.first, full.first)
        XCTAssertNotEqual(plain, full)
    }

    /// The options with the unscreened probes off, so that every policy step is a screened one.
    private func screenedOnly() -> SampleAwareDDPG.Options {
        var o = options()
        o.uniformShare = 0
        o.boundProbeShare = 0
        o.boundaryProbes = 0
        return o
    }

    func testDecisionsNameTheFamilyAndThePrediction() throws {
        let env = BenchmarkFunction(.hartmann6, dimensions: 6)
        let agent = SampleAwareDDPG(task: task(env, budget: 24), options: screenedOnly(), seed: 3)
        var kinds: [String] = []
        var loop = TuningLoop(environment: env, agent: agent)
        for _ in 0...24 {
            let step = try loop.next()
            guard let decision = step.decision else { continue }
            kinds.append(decision.family.rawValue)
            if ["global", "trust-region", "actor"].contains(decision.family.rawValue) {
                XCTAssertEqual(decision.candidates, 32)
                XCTAssertTrue(decision.predicted?.isFinite ?? false, "the critics predict the objective")
                XCTAssertGreaterThanOrEqual(decision.spread ?? -1, 0)
            }
        }
        XCTAssertEqual(Array(kinds.prefix(10)), Array(repeating: "warm-start", count: 10))
        XCTAssertEqual(Array(kinds[10..<13]), ["global", "trust-region", "actor"], "the families take turns")
    }

    func testUniformShareAndThompsonScoringChangeTheProposals() throws {
        let env = BenchmarkFunction(.hartmann6, dimensions: 6)
        var uniform = screenedOnly()
        uniform.uniformShare = 1
        let agent = SampleAwareDDPG(task: task(env, budget: 16), options: uniform, seed: 4)
        var loop = TuningLoop(environment: env, agent: agent)
        let kinds = try (0...16).compactMap { _ in try loop.next().decision?.family.rawValue }
        XCTAssertEqual(Set(kinds.dropFirst(10)), ["uniform"], "every policy step is an unscreened uniform point")

        var thompson = screenedOnly(), ucbOptions = screenedOnly()
        thompson.globalScore = .thompson
        ucbOptions.globalScore = .ucb
        let ucb = try drive(
            SampleAwareDDPG(task: task(env, budget: 14), options: ucbOptions, seed: 4), on: env, budget: 14)
        let drawn = try drive(
            SampleAwareDDPG(task: task(env, budget: 14), options: thompson, seed: 4), on: env, budget: 14)
        XCTAssertEqual(ucb.proposals.prefix(10), drawn.proposals.prefix(10), "the warm start is the same")
        XCTAssertNotEqual(ucb.proposals[10], drawn.proposals[10], "one drawn critic picks another global candidate")
    }

    func testBoundProbesMoveOneKnobOfTheIncumbentToABound() throws {
        let env = BenchmarkFunction(.hartmann6, dimensions: 6)
        var o = screenedOnly()
        o.boundProbeShare = 1
        o.probeUpperBound = 1
        let agent = SampleAwareDDPG(task: task(env, budget: 20), options: o, seed: 6)
        var loop = TuningLoop(environment: env, agent: agent)
        var probes = 0
        for _ in 0...20 {
            let incumbent = loop.incumbent.map { env.space.encode($0.configuration) }
            let step = try loop.next()
            guard step.decision?.family.rawValue == "bound", let incumbent else { continue }
            probes += 1
            let point = env.space.encode(step.configuration)
            let moved = zip(point, incumbent).filter { abs($0 - $1) > 1e-5 }
            XCTAssertEqual(moved.count, 1, "one knob moves")
            XCTAssertTrue(moved.allSatisfy { abs($0.0 - 1) < 1e-5 }, "to its upper bound")
        }
        XCTAssertGreaterThanOrEqual(probes, 6, "every policy step probes while a knob is left to move")
    }

    /// With every policy step a corner walk's, each probe is a corner (every knob at a bound), and once a
    /// corner has run the next probes are its neighbours on the lattice: one knob moved to its other bound.
    func testTheCornerWalkProbesCornersOneFlipAtATime() throws {
        let env = BenchmarkFunction(.hartmann6, dimensions: 6)
        var o = screenedOnly()
        o.cornerShare = 1
        let agent = SampleAwareDDPG(task: task(env, budget: 24), options: o, seed: 8)
        var loop = TuningLoop(environment: env, agent: agent)
        var corners: [[Double]] = []
        var flips = 0
        for _ in 0...24 {
            let step = try loop.next()
            guard step.decision?.family.rawValue == "corner" else { continue }
            let point = env.space.encode(step.configuration)
            XCTAssertTrue(point.allSatisfy { abs($0) < 1e-5 || abs($0 - 1) < 1e-5 }, "a corner: \(point)")
            let moves = corners.map { corner in zip(point, corner).filter { abs($0 - $1) > 0.5 }.count }
            if moves.contains(1) { flips += 1 }
            XCTAssertFalse(moves.contains(0), "no corner twice")
            corners.append(point)
        }
        XCTAssertGreaterThanOrEqual(corners.count, 14, "every policy step takes a step of the walk")
        XCTAssertGreaterThanOrEqual(flips, 6, "the walk moves to neighbouring corners")
    }
}

final class BoundarySearchTests: XCTestCase {
    /// On a line where everything above 0.73 fails, a search opened by a failure at 1 from an incumbent at 0
    /// bisects towards 0.73 and stops within 1% of it.
    func testBisectsTowardsTheFeasibilityEdge() {
        var search = BoundarySearch(probes: 10, limit: 100)
        search.observe([1], failed: true, probe: false, incumbent: [0])
        var probes: [Float] = []
        while let probe = search.nextProbe(categorical: [false], isNew: { _ in true }) {
            probes.append(probe[0])
            search.observe(probe, failed: probe[0] > 0.73, probe: true, incumbent: [0])
        }
        XCTAssertEqual(probes.first, 0.5)
        XCTAssertLessThanOrEqual(probes.count, 7)
        XCTAssertEqual(Double(probes.last!), 0.73, accuracy: 0.01)
    }

    func testOpensNoSearchPastItsLimitOrWithoutAnIncumbent() {
        var search = BoundarySearch(probes: 3, limit: 2)
        let (origin, corner): ([Float], [Float]) = ([0, 0], [1, 1])
        search.observe(corner, failed: true, probe: false, incumbent: nil)
        XCTAssertNil(search.nextProbe(categorical: [false, false], isNew: { _ in true }), "no incumbent, no search")
        search.observe(corner, failed: true, probe: false, incumbent: origin)
        for _ in 0..<3 {
            let probe = search.nextProbe(categorical: [false, false], isNew: { _ in true })
            XCTAssertNotNil(probe, "the open search runs to its probe count")
            search.observe(probe ?? origin, failed: false, probe: true, incumbent: origin)
        }
        XCTAssertNil(search.nextProbe(categorical: [false, false], isNew: { _ in true }))
        search.observe(corner, failed: true, probe: false, incumbent: origin)
        XCTAssertNil(
            search.nextProbe(categorical: [false, false], isNew: { _ in true }),
            "3 probes taken, limit 2: no new search")
        search.observe([0, 1], failed: true, probe: false, incumbent: origin)
        XCTAssertEqual(
            search.nextProbe(categorical: [false, false], isNew: { _ in true }), [0, 0.5],
            "one knob's limit: always bisected")
    }

    /// A midpoint that was evaluated already (neighbouring integer values) ends the search, so that a new
    /// failure can open another.
    func testAMidpointEvaluatedBeforeEndsTheSearch() {
        var search = BoundarySearch(probes: 6, limit: 100)
        search.observe([1, 1], failed: true, probe: false, incumbent: [0, 0])
        XCTAssertNil(search.nextProbe(categorical: [false, false], isNew: { _ in false }))
        search.observe([0, 1], failed: true, probe: false, incumbent: [0, 0])
        XCTAssertEqual(search.nextProbe(categorical: [false, false], isNew: { _ in true }), [0, 0.5])
    }

    func testEndsThatDifferInCategoricalKnobsOnlyGiveNoProbe() {
        var search = BoundarySearch(probes: 6, limit: 100)
        search.observe([1, 0.3], failed: true, probe: false, incumbent: [0, 0.3])
        var seen: Set<[Float]> = [[0, 0.3], [1, 0.3]]
        XCTAssertNil(search.nextProbe(categorical: [true, false], isNew: { seen.insert($0).inserted }))
    }
}

final class CornerWalkTests: XCTestCase {
    func testFlipsTheBestCornerOneKnobAtATime() {
        var walk = CornerWalk()
        XCTAssertEqual(walk.flips(categorical: [false, false, true], isNew: { _ in true }), [], "no corner ran yet")
        walk.observe([0, 1, 0.3], cost: nil)
        XCTAssertNil(walk.best, "a failed corner is not the best")
        walk.observe([0, 1, 0.3], cost: 5)
        walk.observe([1, 1, 0.3], cost: 7)
        XCTAssertEqual(walk.best?.point, [0, 1, 0.3], "a worse corner does not replace the best")
        // The categorical knob keeps its value; a neighbour evaluated before is left out.
        XCTAssertEqual(
            walk.flips(categorical: [false, false, true], isNew: { _ in true }), [[1, 1, 0.3], [0, 0, 0.3]])
        XCTAssertEqual(walk.flips(categorical: [false, false, true], isNew: { $0 != [1, 1, 0.3] }), [[0, 0, 0.3]])
        walk.observe([0, 0, 0.3], cost: 2)
        XCTAssertEqual(walk.best?.cost, 2, "a better corner takes its place")
        walk.restart()
        XCTAssertNil(walk.best)
    }
}

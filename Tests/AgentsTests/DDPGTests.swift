import Agents
import Simulator
import TuningKit
import XCTest

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
}

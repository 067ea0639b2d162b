import Agents
import Simulator
import TuningKit
import XCTest

final class BayesianOptimizationTests: XCTestCase {
    private func options() -> BayesianOptimization.Options {
        var o = BayesianOptimization.Options()
        o.candidates = 300
        o.refineStarts = 2
        return o
    }

    func testFindsBraninsMinimumAndIsDeterministic() throws {
        let env = BenchmarkFunction(.branin, dimensions: 2)
        let first = try drive(
            BayesianOptimization(task: task(env, budget: 25), options: options(), seed: 1), on: env, budget: 25)
        let second = try drive(
            BayesianOptimization(task: task(env, budget: 25), options: options(), seed: 1), on: env, budget: 25)
        XCTAssertEqual(first.proposals, second.proposals)
        XCTAssertLessThan(
            first.best - BenchmarkFunction.Kind.branin.optimum, 0.05,
            "25 evaluations get within 0.05 of Branin's minimum")
        let warm = first.proposals.prefix(10).map { env.space.encode($0) }
        XCTAssertEqual(warm.map { Int($0[0] * 10) }.sorted(), Array(0..<10), "the initial design is a Latin hypercube")
    }

    func testFailuresAndDiscreteKnobsDoNotBreakIt() throws {
        // The small machine fails configurations whose memory does not fit; categorical knobs are in the space.
        let env = DatabaseSimulator(
            workload: Workload.named("oltp-write")!, hardware: Hardware.named("small")!, knobCount: 4, seed: 1)
        var o = options()
        o.acquisition = .ucb
        let (proposals, best) = try drive(
            BayesianOptimization(task: task(env, budget: 20), options: o, seed: 2), on: env, budget: 20)
        XCTAssertEqual(Set(proposals).count, proposals.count, "no configuration is proposed twice")
        XCTAssertLessThan(best, env.noiseFreeObjective(env.defaultConfiguration)!)
    }
}

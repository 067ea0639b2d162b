import Agents
import Campaigns
import Simulator
import TuningKit

/// `satune bench agents`: the agent's own time per step (ask and tell, without the evaluation) of
/// sample-aware DDPG and of Bayesian optimization after 100, 200 and 400 evaluations of the simulator's
/// 32-knob mixed surface. Sample-aware DDPG's cost hardly grows with the evaluations (fixed minibatches and
/// candidates; its target is under 50 ms per step at 400); a Gaussian process refits on all n
/// observations (O(n^3) per fit, times its hyperparameter search).
public enum AgentStepBench {
    static let budgets = [100, 200, 400]

    public static func run(report: FigureSink) throws {
        let simulator = DatabaseSimulator(
            workload: Workload.named("mixed")!, hardware: Hardware.named("medium")!, knobCount: 32, seed: 1)
        for (n, median, slowest) in try sampleAwareMilliseconds(simulator) {
            report(Figure("sample_aware_step_ms_n\(n)_d32", median))
            report(Figure("sample_aware_slowest_step_ms_n\(n)_d32", slowest))
        }
        for n in budgets {
            report(Figure("bayesian_step_ms_n\(n)_d32", try bayesianMilliseconds(simulator, after: n)))
        }
    }

    /// One run of 400 evaluations: the median and the slowest agent time of the 10 steps up to each budget
    /// (the steps differ: a trust-region step also fits the local Gaussian process).
    static func sampleAwareMilliseconds(_ simulator: DatabaseSimulator) throws -> [(Int, Double, Double)] {
        let task = TuningTask(
            space: simulator.space, objective: simulator.objective, metricNames: simulator.metricNames,
            budget: budgets.last!)
        var loop = TuningLoop(
            environment: simulator, agent: SampleAwareDDPG(task: task, options: .init(), seed: 1))
        var times: [Double] = []
        for _ in 0...task.budget { times.append(try loop.next().agentTime.seconds * 1000) }
        return budgets.map { n in
            let last = Array(times[(n - 9)...n])
            return (n, Statistics.median(last)!, last.max()!)
        }
    }

    /// A Bayesian optimizer told n evaluations of random configurations (a run's history without running
    /// its n suggestions): the median time of three steps (ask, evaluate, tell; the evaluation excluded).
    static func bayesianMilliseconds(_ simulator: DatabaseSimulator, after n: Int) throws -> Double {
        let task = TuningTask(
            space: simulator.space, objective: simulator.objective, metricNames: simulator.metricNames, budget: n + 3)
        var options = BayesianOptimization.Options()
        options.initialPoints = 0  // the random observations below stand in for the initial design
        let agent = BayesianOptimization(task: task, options: options, seed: 1)
        var generator = SeededGenerator(seed: UInt64(n))
        /// Evaluates a configuration (outside the timing) and makes the observation the agent is told.
        func observation(_ configuration: Configuration, step: Int) -> Observation {
            let measurement = TuningLoop.measure(configuration, in: simulator, trial: step)
            return Observation(
                step: step, configuration: configuration, point: simulator.space.encode(configuration),
                measurement: measurement, cost: measurement.objective.map(simulator.objective.cost), reward: 0)
        }
        for step in 0..<n {
            let point = (0..<simulator.space.dimension).map { _ in generator.nextDouble() }
            try agent.tell(observation(simulator.space.decode(point), step: step))
        }
        var times: [Double] = []
        for step in n..<(n + 3) {
            var start = ContinuousClock.now
            let configuration = try agent.ask()
            var elapsed = ContinuousClock.now - start
            let told = observation(configuration, step: step)
            start = ContinuousClock.now
            try agent.tell(told)
            elapsed += ContinuousClock.now - start
            times.append(elapsed.seconds * 1000)
        }
        return Statistics.median(times)!
    }
}

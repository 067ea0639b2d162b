import Foundation
import TuningKit

/// One run: an agent tuning an environment under one seed, for a budget of evaluations.
struct Cell {
    let experiment: String
    let environment: Manifest.Entry<any EnvironmentSpec>
    let agent: Manifest.Entry<any AgentSpec>
    let seed: UInt64
    let budget: Int
    let columns: TrialColumns

    struct Result {
        var trials = 0
        var failedTrials = 0
        /// The best objective measured.
        var best: Double?
        /// Why the run stopped early, if it did.
        var error: Error?
    }

    /// Runs steps 0...budget, handing each finished row to `emit` before the next step starts.
    func run(emit: ([String]) throws -> Void) -> Result {
        var result = Result()
        do {
            let env = try environment.spec.make(seed: SeededGenerator.derive(seed, "environment:" + environment.label))
            let task = TuningTask(space: env.space, objective: env.objective, metricNames: env.metricNames, budget: budget)
            let tuner = try agent.spec.make(task: task, seed: SeededGenerator.derive(seed, "agent:" + agent.label))
            var tracker = Tracker(objective: env.objective, reference: env.reference, defaultConfiguration: env.defaultConfiguration)
            for step in 0...budget {
                let askStart = ContinuousClock.now
                let configuration = step == 0 ? env.defaultConfiguration : try tuner.ask()
                var agentTime = ContinuousClock.now - askStart

                let evaluationStart = ContinuousClock.now
                let measurement = Self.measure(configuration, in: env)
                let evaluationTime = ContinuousClock.now - evaluationStart

                let outcome = tracker.record(configuration, measurement)
                let tellStart = ContinuousClock.now
                try tuner.tell(Observation(
                    step: step, configuration: configuration, point: env.space.encode(configuration),
                    measurement: measurement, cost: measurement.objective.map(env.objective.cost), reward: outcome.reward))
                agentTime += ContinuousClock.now - tellStart

                try emit(row(step: step, env: env, configuration: configuration, measurement: measurement, outcome: outcome,
                             evaluationTime: evaluationTime, agentTime: agentTime))
                result.trials += 1
                if measurement.failed { result.failedTrials += 1 }
                result.best = tracker.best?.objective
            }
        } catch {
            result.error = error
        }
        return result
    }

    /// Evaluates a configuration; an invalid configuration or an environment error becomes a failed measurement.
    static func measure(_ configuration: Configuration, in env: any Environment) -> TuningKit.Measurement {
        do {
            try env.space.validate(configuration)
            var measurement = try env.evaluate(configuration)
            if !measurement.failed, !(measurement.objective?.isFinite ?? false) {
                measurement = .failure("the environment returned no finite objective")
            }
            return measurement
        } catch let error as ConfigurationError {
            return .failure("invalid configuration: \(error)")
        } catch {
            return .failure("evaluation error: \(error)")
        }
    }

    private func row(
        step: Int, env: any Environment, configuration: Configuration, measurement: TuningKit.Measurement, outcome: Tracker.Outcome,
        evaluationTime: Duration, agentTime: Duration
    ) -> [String] {
        let knobs = columns.knobNames.map { env.space.value(of: $0, in: configuration)?.description ?? "" }
        let metrics = columns.metricNames.map { name in
            env.metricNames.firstIndex(of: name).flatMap { $0 < measurement.metrics.count ? measurement.metrics[$0] : nil }
        }
        let m = measurement
        return [experiment, environment.label, agent.label, String(seed), String(step)] + knobs
            + [m.throughput, m.latencyMean, m.latencyP50, m.latencyP95, m.latencyP99, m.objective, outcome.reward,
               outcome.bestObjective, outcome.regret, outcome.normalizedRegret].map(csvField)
            + [m.failed ? "true" : "false", m.failureReason ?? ""]
            + metrics.map(csvField)
            + [csvField(evaluationTime.seconds * 1000), csvField(agentTime.seconds * 1000)]
    }
}

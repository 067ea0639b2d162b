import Foundation
import TuningKit

/// Timing of one Bayesian-optimization suggestion, for `satune bench gp`.
public enum SuggestionBenchmark {
    /// Median milliseconds of one suggestion (GP fit with hyperparameter optimization from cold starts,
    /// then acquisition maximization) after n observations in d dimensions of a smooth test function,
    /// over `repeats` fresh agents.
    public static func suggestMilliseconds(n: Int, d: Int, repeats: Int = 3) throws -> Double {
        let space = KnobSpace((0..<d).map { Knob(name: "x\($0)", domain: .real(0...1), defaultValue: .real(0.5)) })
        let task = TuningTask(space: space, objective: Objective(name: "value", unit: "", direction: .minimize), metricNames: [], budget: n + 10)
        var generator = SeededGenerator(seed: UInt64(n * 100 + d))
        var times: [Double] = []
        for repeatIndex in 0..<repeats {
            let agent = BayesianOptimization(task: task, options: BayesianOptimization.Options(), seed: UInt64(repeatIndex))
            for step in 0..<n {
                let point = (0..<d).map { _ in generator.nextDouble() }
                // A smooth function with a few interacting dimensions (a Rastrigin-like bowl).
                let value = point.enumerated().reduce(0) { $0 + ($1.element - 0.3) * ($1.element - 0.3) + 0.1 * cos(7 * $1.element + Double($1.offset)) }
                let configuration = space.decode(point)
                try agent.tell(Observation(step: step, configuration: configuration, point: space.encode(configuration),
                                           measurement: Measurement(objective: value), cost: value, reward: 0))
            }
            agent.skipInitialDesign()
            let start = ContinuousClock.now
            _ = try agent.ask()
            let elapsed = ContinuousClock.now - start
            times.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) * 1e-15)
        }
        return Statistics.median(times)!
    }
}

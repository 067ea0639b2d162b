import Agents
import Foundation
import TuningKit

/// `satune bench gp`: one Bayesian-optimization suggestion (GP fit with hyperparameter optimization, then
/// EI maximization over 2000 candidates with refinement of the best 5) at n = 50 to 400 observations in 8
/// and 16 dimensions. Reference at n = 200, d = 16 on this machine kind: scikit-learn 1.68 s, BoTorch 0.41 s.
public enum GPSuggestionBench {
    public static func run(report: FigureSink) throws {
        for d in [8, 16] {
            for n in [50, 100, 200, 400] {
                report(Figure("suggest_ms_n\(n)_d\(d)", try suggestMilliseconds(n: n, d: d)))
            }
        }
    }

    /// Median milliseconds of one suggestion (GP fit with hyperparameter optimization from cold starts,
    /// then acquisition maximization) after n observations in d dimensions of a smooth test function,
    /// over `repeats` fresh agents.
    static func suggestMilliseconds(n: Int, d: Int, repeats: Int = 3) throws -> Double {
        let space = KnobSpace((0..<d).map { Knob(name: "x\($0)", domain: .real(0...1), defaultValue: .real(0.5)) })
        let task = TuningTask(
            space: space, objective: Objective(name: "value", unit: "", direction: .minimize), metricNames: [],
            budget: n + 10)
        var generator = SeededGenerator(seed: UInt64(n * 100 + d))
        var times: [Double] = []
        var options = BayesianOptimization.Options()
        options.initialPoints = 0  // the observations below stand in for the initial design
        for repeatIndex in 0..<repeats {
            let agent = BayesianOptimization(task: task, options: options, seed: UInt64(repeatIndex))
            for step in 0..<n {
                let point = (0..<d).map { _ in generator.nextDouble() }
                // A smooth function with a few interacting dimensions (a Rastrigin-like bowl).
                let value = point.enumerated().reduce(0) {
                    $0 + ($1.element - 0.3) * ($1.element - 0.3) + 0.1 * cos(7 * $1.element + Double($1.offset))
                }
                let configuration = space.decode(point)
                try agent.tell(
                    Observation(
                        step: step, configuration: configuration, point: space.encode(configuration),
                        measurement: Measurement(objective: value), cost: value, reward: 0))
            }
            let start = ContinuousClock.now
            _ = try agent.ask()
            times.append((ContinuousClock.now - start).seconds * 1000)
        }
        return Statistics.median(times)!
    }
}

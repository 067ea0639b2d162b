import Experiments
import TuningKit

/// The convergence of each agent on one environment: the best objective so far at every step,
/// summarized over seeds by its median and interquartile range.
enum Convergence {
    static func series(_ table: TrialTable, environment: String) -> [LineChart.Series] {
        table.runs().filter { $0.environment == environment }.map { run in
            var valuesByStep: [Int: [Double]] = [:]
            for seed in run.seeds {
                for row in seed.rows {
                    if let step = Int(table.text(row, "step")), let best = table.number(row, "best_objective") {
                        valuesByStep[step, default: []].append(best)
                    }
                }
            }
            let points = valuesByStep.keys.sorted().map { step in
                let values = valuesByStep[step]!
                return (x: Double(step), y: Statistics.median(values)!,
                        low: Statistics.quantile(values, 0.25)!, high: Statistics.quantile(values, 0.75)!)
            }
            return LineChart.Series(name: run.agent, points: points)
        }
    }

    static func chart(_ table: TrialTable, environment: RunInfo.EnvironmentInfo, seeds: Int) -> LineChart {
        let objective = environment.objective.objective
        let better = objective.direction == .minimize ? "lower is better" : "higher is better"
        return LineChart(
            title: "\(environment.label): best \(objective.name) so far",
            xTitle: "evaluations (0 = default configuration)",
            yTitle: "best \(objective.label), \(better)",
            series: series(table, environment: environment.label),
            notes: ["line: median of \(seeds) seeds", "band: 25th-75th percentile"], stepped: true)
    }
}

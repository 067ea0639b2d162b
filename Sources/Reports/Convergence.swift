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

    /// Final outcome per agent on one environment: the median normalized regret at the last step (lower
    /// is better) where the optimum is known, otherwise the improvement over the default in percent; bars
    /// sorted best first, whiskers from the 25th to the 75th percentile over seeds.
    static func finalChart(_ table: TrialTable, environment: RunInfo.EnvironmentInfo) -> BarChart {
        let regret = environment.optimum != nil
        var bars: [BarChart.Bar] = []
        for run in table.runs() where run.environment == environment.label {
            let values: [Double] = run.seeds.compactMap { seed in
                guard let first = seed.rows.first, let last = seed.rows.last else { return nil }
                if regret { return table.number(last, "normalized_regret") }
                guard let base = table.number(first, "objective"), let best = table.number(last, "best_objective"), base != 0 else { return nil }
                return (environment.objective.objective.cost(base) - environment.objective.objective.cost(best)) / abs(base) * 100
            }
            guard let median = Statistics.median(values) else { continue }
            bars.append(.init(label: run.agent, median: median, low: Statistics.quantile(values, 0.25)!, high: Statistics.quantile(values, 0.75)!))
        }
        bars.sort { regret ? $0.median < $1.median : $0.median > $1.median }
        return BarChart(
            title: "\(environment.label): \(regret ? "normalized regret" : "improvement over the default") at the end",
            valueTitle: regret ? "normalized regret at the final step (0 = optimum, 1 = default), lower is better"
                : "improvement of \(environment.objective.name) over the default (%), higher is better",
            bars: bars)
    }
}

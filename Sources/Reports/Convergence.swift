import Experiments
import TuningKit

/// The charts of one environment: the best objective so far at every step per agent (median and
/// interquartile range over seeds), and each agent's final outcome with its 95% interval, read from the
/// summary rows.
enum Convergence {
    static func series(_ results: CampaignResults, environment: String) -> [LineChart.Series] {
        results.info.agents.compactMap { agent in
            var valuesByStep: [Int: [Double]] = [:]
            for run in results.runs where run.key.environment == environment && run.key.agent == agent.label {
                for trial in run.trials {
                    if let best = trial.bestObjective { valuesByStep[trial.step, default: []].append(best) }
                }
            }
            guard !valuesByStep.isEmpty else { return nil }
            let points = valuesByStep.keys.sorted().map { step in
                let values = valuesByStep[step]!
                return (
                    x: Double(step), y: Statistics.median(values)!,
                    low: Statistics.quantile(values, 0.25)!, high: Statistics.quantile(values, 0.75)!
                )
            }
            return LineChart.Series(name: agent.label, points: points)
        }
    }

    static func chart(_ results: CampaignResults, environment: RunInfo.EnvironmentInfo) -> LineChart {
        let objective = environment.objective.objective
        let better = objective.direction == .minimize ? "lower is better" : "higher is better"
        return LineChart(
            title: "\(environment.label): best \(objective.name) so far",
            xTitle: "evaluations (0 = default configuration)",
            yTitle: "best \(objective.label), \(better)",
            series: series(results, environment: environment.label),
            notes: ["line: median over seeds", "band: 25th-75th percentile"], stepped: true)
    }

    /// Final outcome per agent on one environment: the median normalized regret (lower is better) where
    /// the optimum is known, otherwise the improvement over the default in percent; bars sorted best
    /// first, whiskers the 95% bootstrap interval of the median.
    static func finalChart(_ results: CampaignResults, environment: RunInfo.EnvironmentInfo) -> BarChart {
        let regret = environment.optimum != nil
        var bars: [BarChart.Bar] = []
        for row in results.summary where row.environment == environment.label {
            guard let estimate = regret ? row.normalizedRegret : row.improvement else { continue }
            bars.append(.init(label: row.agent, median: estimate.median, low: estimate.low, high: estimate.high))
        }
        bars.sort { regret ? $0.median < $1.median : $0.median > $1.median }
        return BarChart(
            title: "\(environment.label): \(regret ? "normalized regret" : "improvement over the default") at the end",
            valueTitle: regret
                ? "normalized regret at the final step (0 = optimum, 1 = default), lower is better"
                : "improvement of \(environment.objective.name) over the default (%), higher is better",
            bars: bars)
    }
}

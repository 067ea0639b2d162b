import Results
import TuningKit

/// F2, the final outcome (the throughput and latency comparisons of CDBTune and its successors): the
/// improvement of each
/// agent's final configuration over the default in throughput and p99 latency, per environment, and the
/// objective's normalized regret (or improvement, without a known optimum), with 95% intervals.
enum F2FinalImprovement {
    static func figure(_ results: CampaignResults) -> Figure {
        var figure = Figure(
            number: 2, title: "Final improvement over the default configuration",
            caption:
                "Per environment and agent, over the complete runs: the throughput and the p99 latency of the "
                + "run's final recommendation (the configuration it would deploy, confirmed where the run has a "
                + "confirmation phase) against the default's, measured in the same run, in percent "
                + "(positive is better in both: more throughput, less latency); then the objective itself, as "
                + "the recommendation's noise-free normalized regret where the optimum is known (0 = optimum, 1 = "
                + "default) or else as improvement. "
                + "Bars are medians over seeds, whiskers 95% bootstrap intervals of the median. Benchmark "
                + "functions have no throughput or latency; a system that changes during the run has no baseline "
                + "default (see F6).")
        let measured = measuredChart(results)
        if let measured { figure.parts.append(measured.svg()) }
        figure.parts += objectiveCharts(results).map { $0.svg() }
        return figure
    }

    /// Throughput and p99 improvements, grouped by environment; nil when no environment measures them.
    static func measuredChart(_ results: CampaignResults) -> BarChart? {
        var groups: [BarChart.Group] = []
        for env in results.info.environments where env.changeStep == nil {
            var bars: [BarChart.Bar] = []
            for agent in results.principalAgents(on: env.label) {
                let runs = results.completeRuns(environment: env.label, agent: agent.label)
                for (series, quantity) in MeasuredQuantity.allCases.enumerated() {
                    let values = runs.compactMap { $0.improvement(in: quantity) }
                    guard let estimate = Estimate(values, label: "\(env.label)|\(agent.label)|\(quantity.rawValue)")
                    else { continue }
                    bars.append(
                        .init(
                            label: series == 0 ? agent.label : "", median: estimate.median, low: estimate.low,
                            high: estimate.high, series: series))
                }
            }
            if !bars.isEmpty { groups.append(.init(title: env.label, bars: bars)) }
        }
        guard !groups.isEmpty else { return nil }
        return BarChart(
            title: "Throughput and p99 latency of the final configuration",
            valueTitle: "improvement over the default (%), higher is better", groups: groups,
            seriesNames: ["throughput", "p99 latency"])
    }

    /// The objective's final normalized regret (environments with a known optimum) and improvement
    /// (the others), one chart each, grouped by environment.
    static func objectiveCharts(_ results: CampaignResults) -> [BarChart] {
        var regret: [BarChart.Group] = [], improvement: [BarChart.Group] = []
        for env in results.info.environments {
            let known = env.optimum != nil
            let bars = results.principalAgents(on: env.label).compactMap { agent -> BarChart.Bar? in
                guard let row = results.summaryRow(environment: env.label, agent: agent.label),
                    let estimate = known ? row.normalizedRegret : row.improvement
                else { return nil }
                return .init(label: agent.label, median: estimate.median, low: estimate.low, high: estimate.high)
            }
            guard !bars.isEmpty else { continue }
            if known {
                regret.append(.init(title: env.label, bars: bars))
            } else {
                improvement.append(.init(title: env.label, bars: bars))
            }
        }
        var charts: [BarChart] = []
        if !regret.isEmpty {
            charts.append(
                BarChart(
                    title: "Normalized regret of the objective at the end",
                    valueTitle: "normalized regret (0 = optimum, 1 = default), lower is better", groups: regret))
        }
        if !improvement.isEmpty {
            charts.append(
                BarChart(
                    title: "Improvement of the objective at the end",
                    valueTitle: "improvement of the objective over the default (%), higher is better",
                    groups: improvement))
        }
        return charts
    }
}

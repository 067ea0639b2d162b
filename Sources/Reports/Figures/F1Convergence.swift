import Results
import TuningKit

/// F1, convergence (the performance-against-iterations curves of CDBTune and the VLDB'22 benchmark): the
/// best objective so far at
/// every step per agent, median over seeds with its 95% interval, one panel per environment.
enum F1Convergence {
    static func figure(_ results: CampaignResults) -> Figure {
        Figure(
            number: 1, title: "Convergence",
            caption:
                "The recommended configuration's objective after each evaluation (step 0 is the default "
                + "configuration): what the run would deploy, the best measured unless the agent recommends by its "
                + "model, or, after a confirmation phase, the candidate with the best mean of its re-measurements "
                + "(its mean over its measurements in the run), not the luckiest single measurement. "
                + "Per agent: the line is the median over seeds, the band the 95% distribution-free interval of "
                + "that median (order statistics; with fewer than 6 seeds it is the range). One panel per "
                + "environment; throughput higher is better, latency and time lower. On a system that changes "
                + "during the run, the best so far restarts at the change.",
            parts: results.info.environments.map { chart(results, environment: $0).svg() })
    }

    static func series(_ results: CampaignResults, environment: String) -> [LineChart.Series] {
        results.principalAgents(on: environment).compactMap { agent in
            let valuesByStep = results.valuesByStep(environment: environment, agent: agent.label) { $0.judgedObjective }
            guard !valuesByStep.isEmpty else { return nil }
            let points = valuesByStep.keys.sorted().map { step in
                let values = valuesByStep[step]!
                let interval = OrderStatistics.medianInterval(values)!
                return (x: Double(step), y: Statistics.median(values)!, low: interval.low, high: interval.high)
            }
            return LineChart.Series(name: agent.label, points: points)
        }
    }

    static func chart(_ results: CampaignResults, environment: RunInfo.EnvironmentInfo) -> LineChart {
        let objective = environment.objective.objective
        let better = objective.direction == .minimize ? "lower is better" : "higher is better"
        return LineChart(
            title: "\(environment.label): recommended \(objective.name)",
            xTitle: "evaluations (0 = default configuration)",
            yTitle: "recommended \(objective.label), \(better)",
            series: series(results, environment: environment.label),
            notes: ["line: median over seeds", "band: its 95% interval"], stepped: true)
    }
}

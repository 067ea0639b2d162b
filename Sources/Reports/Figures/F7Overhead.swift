import Results
import TuningKit

/// F7, the tuner's own overhead (the recommendation and training times the papers report): the time an agent
/// takes to recommend the next configuration and to update its model, per step, as measured during the
/// campaign.
enum F7Overhead {
    static func figure(_ results: CampaignResults) -> Figure {
        var figure = Figure(
            number: 7, title: "Overhead: recommendation and model-update time per step",
            caption:
                "Wall-clock time in the agent per step, from every trial of the campaign (columns agent_ms and "
                + "tell_ms of trials.csv): the recommendation is the ask (for Bayesian optimization this includes "
                + "fitting its Gaussian process), the update the tell (where DDPG trains its networks); for an agent in "
                + "another process (SMAC3, Optuna, LlamaTune, an external agent) both include the protocol's round "
                + "trip. Medians over "
                + "steps, whiskers the 10th to 90th percentiles; a logarithmic axis, since agents differ by "
                + "orders of magnitude. The second chart shows how the time per step grows with the number of "
                + "observations on the first environment. These times depend on the machine (see Provenance).")
        let agents = results.info.agents
        var bars: [BarChart.Bar] = []
        var rows: [[HTMLTable.Cell]] = []
        for agent in agents {
            let trials = results.runs.filter { $0.key.agent == agent.label }.flatMap(\.trials).filter { $0.step > 0 }
            let tell = trials.compactMap(\.tellMs)
            let ask = trials.compactMap { t in t.agentMs.map { $0 - (t.tellMs ?? 0) } }
            guard !ask.isEmpty else { continue }
            for (series, values) in [ask, tell].enumerated() where !values.isEmpty {
                bars.append(
                    .init(
                        label: series == 0 ? agent.label : "", median: max(Statistics.median(values)!, 1e-4),
                        low: max(Statistics.quantile(values, 0.1)!, 1e-4), high: Statistics.quantile(values, 0.9)!,
                        series: series))
            }
            let evaluation = trials.compactMap(\.elapsedMs)
            rows.append([
                .init(text: agent.label), .init(text: String(trials.count), numeric: true),
                .init(text: figure3(Statistics.median(ask)), numeric: true),
                .init(text: figure3(Statistics.median(tell)), numeric: true),
                .init(text: figure3(Statistics.median(evaluation)), numeric: true),
                .init(text: figure3(trials.compactMap(\.agentMs).reduce(0, +) / 1000), numeric: true),
            ])
        }
        guard !bars.isEmpty else {
            figure.missing = "No trial with recorded agent times yet."
            return figure
        }
        figure.parts.append(
            BarChart(
                title: "Time in the agent per step", valueTitle: "milliseconds per step (log scale)",
                groups: [.init(title: nil, bars: bars)], seriesNames: ["recommendation (ask)", "model update (tell)"],
                logarithmic: true
            ).svg())
        if let first = results.info.environments.first {
            figure.parts.append(growthChart(results, environment: first.label).svg())
        }
        figure.parts.append(
            HTMLTable(
                header: [
                    "agent", "steps", "recommendation ms (median)", "update ms (median)", "evaluation ms (median)",
                    "agent s (total)",
                ], rows: rows
            ).html())
        return figure
    }

    /// The agent's time per step against the step, median over seeds, on one environment.
    static func growthChart(_ results: CampaignResults, environment: String) -> LineChart {
        let series = results.principalAgents(on: environment).compactMap { agent -> LineChart.Series? in
            let byStep = results.valuesByStep(environment: environment, agent: agent.label) { trial in
                trial.step > 0 ? trial.agentMs.map { max($0, 1e-4) } : nil
            }
            guard !byStep.isEmpty else { return nil }
            return LineChart.Series(
                name: agent.label,
                points: byStep.keys.sorted().map { step in
                    let median = Statistics.median(byStep[step]!)!
                    return (Double(step), median, median, median)
                }, band: false)
        }
        return LineChart(
            title: "\(environment): time in the agent per step", xTitle: "step (evaluations so far)",
            yTitle: "ask + tell, ms (log scale)", series: series, notes: ["median over seeds"], logarithmicY: true)
    }

    private static func figure3(_ value: Double?) -> String { value.map { String(format: "%.3g", $0) } ?? "" }
}

import Results
import TuningKit

/// F6, adaptability (CDBTune's Figs. 10-12): a system whose workload or hardware changes during the run
/// (`shift_at`), against the same agents tuning the changed system from scratch. Does what an agent
/// learned before the change help after it?
enum F6Adaptability {
    static func figure(_ results: CampaignResults) -> Figure {
        var figure = Figure(
            number: 6, title: "Adaptability to a changed workload or hardware",
            caption:
                "Each panel follows a system that changes during the run (its workload or hardware, from step "
                + "shift_at on): solid lines are agents that tuned the system before the change and continue "
                + "after it, dashed lines the same agents tuning the changed system from scratch (its own "
                + "environment in the campaign). x counts evaluations on the changed system; y is the normalized "
                + "regret of the best configuration measured on it so far (0 = its optimum, 1 = its default; "
                + "above 1 when a configuration tuned for the old conditions is worse than the new default), "
                + "median over seeds, on a logarithmic axis (values below 0.001 drawn at 0.001). The table gives "
                + "the medians after 5 and 20 evaluations and at the end.")
        for env in results.info.environments {
            guard let change = env.changeStep, let scratch = counterpart(of: env, in: results.info.environments)
            else { continue }
            let agents = results.principalAgents(on: env.label).filter { $0.runs(on: scratch.label) }
            let length = results.info.budget - change + 1
            var series: [LineChart.Series] = []
            var rows: [[HTMLTable.Cell]] = []
            for (i, agent) in agents.enumerated() {
                let adapted = curve(results, env.label, agent.label, from: change, length: length)
                let fresh = curve(results, scratch.label, agent.label, from: 0, length: length)
                guard !adapted.isEmpty, !fresh.isEmpty else { continue }
                // Drawn on a log axis: medians of 0 (the optimum found) sit at its floor.
                func floored(_ points: [(x: Double, y: Double, low: Double, high: Double)]) -> [(
                    x: Double, y: Double, low: Double, high: Double
                )] {
                    points.map { p in
                        let y = max(p.y, 1e-3)
                        return (p.x, y, y, y)
                    }
                }
                series.append(
                    .init(name: "\(agent.label), adapted", points: floored(adapted), color: i, band: false))
                series.append(
                    .init(
                        name: "\(agent.label), from scratch", points: floored(fresh), color: i, dashed: true,
                        band: false))
                for (name, points) in [("adapted", adapted), ("from scratch", fresh)] {
                    let at = { (k: Int) in
                        points.first { Int($0.x) == k }.map { Axis.label(($0.y * 1000).rounded() / 1000) } ?? ""
                    }
                    rows.append(
                        [.init(text: env.label), .init(text: agent.label), .init(text: name)]
                            + [5, 20, length].map { .init(text: at($0), numeric: true) })
                }
            }
            guard !series.isEmpty else { continue }
            figure.parts.append(
                LineChart(
                    title: "\(env.label) against \(scratch.label) from scratch",
                    xTitle: "evaluations on the changed system", yTitle: "normalized regret on the changed system",
                    series: series,
                    notes: ["solid: tuned before the change", "dashed: from scratch", "median over seeds"],
                    logarithmicY: true
                ).svg())
            figure.parts.append(
                HTMLTable(
                    header: ["environment", "agent", "start", "after 5", "after 20", "after \(length)"], rows: rows
                ).html())
        }
        if figure.parts.isEmpty {
            figure.missing =
                "This campaign has no system that changes during the run next to the changed system on its own. "
                + "Add a simulator with shift_at: 50 and shift_workload (or shift_hardware), and the same simulator "
                + "with that workload (or hardware) from the start."
        }
        return figure
    }

    /// The environment that is `changed` after its change, from the start: same type and parameters,
    /// with each `shift_<key>` value as `<key>` and no `shift_at`.
    static func counterpart(of changed: RunInfo.EnvironmentInfo, in environments: [RunInfo.EnvironmentInfo])
        -> RunInfo.EnvironmentInfo?
    {
        var wanted = changed.parameters.filter { !$0.key.hasPrefix("shift_") }
        for (key, value) in changed.parameters where key.hasPrefix("shift_") && key != "shift_at" {
            wanted[String(key.dropFirst("shift_".count))] = value
        }
        return environments.first { $0.changeStep == nil && $0.type == changed.type && $0.parameters == wanted }
    }

    /// The median normalized regret after k = 1...length evaluations from step `from` of the complete runs.
    static func curve(_ results: CampaignResults, _ environment: String, _ agent: String, from: Int, length: Int)
        -> [(x: Double, y: Double, low: Double, high: Double)]
    {
        let runs = results.completeRuns(environment: environment, agent: agent)
        return (1...max(length, 1)).compactMap { k in
            let values = runs.compactMap { run in
                run.trials.indices.contains(from + k - 1) ? run.trials[from + k - 1].judgedRegret : nil
            }
            guard let median = Statistics.median(values) else { return nil }
            return (Double(k), median, median, median)
        }
    }
}

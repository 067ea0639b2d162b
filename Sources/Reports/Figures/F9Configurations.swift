import Results
import TuningKit

/// F9, the configurations found (the recommended configurations the papers list): the
/// default and each agent's best configuration, knob by knob, with the values an agent changed marked.
enum F9Configurations {
    static func figure(_ results: CampaignResults) -> Figure {
        var figure = Figure(
            number: 9, title: "Default and best configurations",
            caption:
                "For the environments of F8: each knob's default and its value in the best configuration each "
                + "agent found over all its complete runs (the run and step that measured it are in the header); "
                + "values that differ from the default are highlighted. The first row gives the objective as "
                + "measured: for the default, the median of its measurements at step 0 over the runs.")
        for env in F8KnobImportance.environments(results.info) {
            if let table = table(results, environment: env) { figure.parts.append(table.html()) }
        }
        if figure.parts.isEmpty { figure.missing = "No complete run yet." }
        return figure
    }

    static func table(_ results: CampaignResults, environment env: RunInfo.EnvironmentInfo) -> HTMLTable? {
        let objective = env.objective.objective
        var columns: [(agent: String, run: CampaignResults.Run, best: TrialRecord)] = []
        for agent in results.principalAgents(on: env.label) {
            let candidates = results.completeRuns(environment: env.label, agent: agent.label).compactMap { run in
                run.incumbent(changeStep: env.changeStep).map { (run, $0) }
            }
            guard let best = candidates.min(by: { objective.isBetter($0.1.objective!, than: $1.1.objective!) })
            else { continue }
            columns.append((agent.label, best.0, best.1))
        }
        guard !columns.isEmpty else { return nil }
        let defaults = results.runs.filter { $0.key.environment == env.label }.compactMap { $0.trials.first?.objective }
        var rows: [[HTMLTable.Cell]] = [
            [
                .init(text: "measured \(objective.label)"),
                .init(text: HTMLReport.figure(Statistics.median(defaults)), numeric: true),
            ]
                + columns.map { .init(text: HTMLReport.figure($0.best.objective), numeric: true) }
        ]
        for knob in env.knobs {
            // Real values with many digits are shown to 4 significant digits.
            func shown(_ text: String) -> String {
                knob.type == "real" ? Double(text).map(HTMLReport.figure) ?? text : text
            }
            rows.append(
                [.init(text: knob.labelWithUnit), .init(text: shown(knob.defaultValue), numeric: true)]
                    + columns.map { column in
                        let value = column.best.knob(knob.name) ?? ""
                        return .init(text: shown(value), highlighted: value != knob.defaultValue, numeric: true)
                    })
        }
        return HTMLTable(
            header: ["\(env.label): knob", "default"]
                + columns.map { "\($0.agent) (seed \($0.run.key.seed), step \($0.best.step))" },
            rows: rows)
    }
}

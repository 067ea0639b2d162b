import Results

/// F10, the agents' decisions after the fact: what each model predicted for the configuration it
/// proposed, against what was then measured (the decision columns of `trials.csv`; the dashboard shows
/// the same per run, live).
enum F10Predictions {
    static func figure(_ results: CampaignResults) -> Figure {
        var figure = Figure(
            number: 10, title: "Predicted against measured",
            caption:
                "For the agents whose models predict the objective of the configuration they propose (DDPG and "
                + "sample-aware DDPG from their critics, Bayesian optimization from its Gaussian process), over "
                + "every successful trial with a prediction: Spearman's rank correlation of predicted and "
                + "measured (1: the model orders configurations as the measurements do), the median relative "
                + "error, and how often the measurement fell within two spreads of the prediction (the critics' "
                + "spread or the GP's standard deviation; about 95% for a calibrated Gaussian model). The chart "
                + "plots the predictions on the campaign's first environment (on logarithmic axes when its objective "
                + "is positive; predictions at or below zero are then left out). DDPG's critic predicts a Q value of "
                + "CDBTune's reward, not the objective: for it the table gives how its Q values order the "
                + "measurements (the rank correlation of Q with the objective, oriented so that better is higher).")
        var rows: [[HTMLTable.Cell]] = []
        var firstEnvironment: [ScatterChart.Series] = []
        for env in results.info.environments {
            for agent in results.principalAgents(on: env.label) {
                guard
                    let accuracy = PredictionAccuracy(
                        environment: env.label, agent: agent.label, objective: env.objective.objective,
                        runs: results.runs)
                else { continue }
                rows.append([
                    .init(text: env.label), .init(text: agent.label),
                    .init(text: accuracy.predictsObjective ? "the objective" : "a Q value"),
                    .init(text: String(accuracy.predictions), numeric: true),
                    .init(text: accuracy.rankCorrelation.map { String(format: "%.2f", $0) } ?? "", numeric: true),
                    .init(
                        text: accuracy.medianRelativeError.map { String(format: "%.1f%%", $0 * 100) } ?? "",
                        numeric: true),
                    .init(
                        text: accuracy.withinTwoSpreads.map { String(format: "%.0f%%", $0 * 100) } ?? "", numeric: true),
                ])
                if env.label == results.info.environments.first?.label, accuracy.predictsObjective {
                    let stride = max(1, accuracy.pairs.count / 400)  // at most about 400 points per agent
                    let shown = accuracy.pairs.enumerated().filter { $0.offset % stride == 0 }.map {
                        (x: $0.element.predicted, y: $0.element.measured)
                    }
                    firstEnvironment.append(.init(name: agent.label, points: shown))
                }
            }
        }
        guard !rows.isEmpty else {
            figure.missing = "No agent of this campaign recorded a prediction (random search does not predict)."
            return figure
        }
        if let env = results.info.environments.first, !firstEnvironment.isEmpty {
            let objective = env.objective.objective
            figure.parts.append(
                ScatterChart(
                    title: "\(env.label): predicted against measured \(objective.name)",
                    xTitle: "predicted \(objective.label)", yTitle: "measured \(objective.label)",
                    series: firstEnvironment,
                    logarithmic: firstEnvironment.allSatisfy { $0.points.allSatisfy { $0.y > 0 } }
                ).svg())
        }
        figure.parts.append(
            HTMLTable(
                header: [
                    "environment", "agent", "model predicts", "predictions", "rank correlation",
                    "median relative error",
                    "within two spreads",
                ], rows: rows
            ).html())
        return figure
    }
}

import Results

/// F3, sample efficiency (the iterations-to-target comparisons of the VLDB'22 benchmark and HUNTER): how many
/// evaluations each agent needs to reach 90, 95 and 99% of the best known improvement, as a chart and
/// a table.
enum F3SampleEfficiency {
    static let shareNames = SummaryRow.shares.map { "\(Int(($0 * 100).rounded()))%" }

    static func figure(_ results: CampaignResults) -> Figure {
        var groups: [BarChart.Group] = []
        var rows: [[HTMLTable.Cell]] = []
        for env in results.info.environments {
            var bars: [BarChart.Bar] = []
            for agent in results.principalAgents(on: env.label) {
                guard let row = results.summaryRow(environment: env.label, agent: agent.label), row.seeds > 0 else {
                    continue
                }
                for (series, value) in row.evaluationsTo.enumerated() {
                    bars.append(
                        .init(
                            label: series == 0 ? agent.label : "", median: value, series: series,
                            note: value == nil ? "\(shareNames[series]): not reached in over half the runs" : nil))
                }
                rows.append(
                    [.init(text: env.label), .init(text: agent.label), .init(text: String(row.seeds), numeric: true)]
                        + row.evaluationsTo.map { .init(text: $0.map { Axis.label($0) } ?? "never", numeric: true) })
            }
            if !bars.isEmpty { groups.append(.init(title: env.label, bars: bars)) }
        }
        var figure = Figure(
            number: 3, title: "Sample efficiency",
            caption:
                "Evaluations (after the default) each agent needed to reach 90, 95 and 99% of the best "
                + "improvement known for the environment: where the optimum is known, the first step whose best "
                + "configuration has a normalized regret of at most 0.10, 0.05 and 0.01; elsewhere, that share of "
                + "the largest improvement any run found. Medians over the complete runs; \"never\" when over half "
                + "the runs did not get there within the budget of \(results.info.budget) evaluations.")
        guard !groups.isEmpty else {
            figure.missing = "No complete run yet."
            return figure
        }
        figure.parts = [
            BarChart(
                title: "Evaluations to reach a share of the best known improvement",
                valueTitle: "evaluations after the default (median over runs), fewer is better", groups: groups,
                seriesNames: shareNames
            ).svg(),
            HTMLTable(header: ["environment", "agent", "runs"] + shareNames.map { "to \($0)" }, rows: rows).html(),
        ]
        return figure
    }
}

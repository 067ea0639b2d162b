import Results

/// F5, the number of tuned knobs (CDBTune's and the VLDB'22 benchmark's knob-count experiments): the same
/// system tuned on 4, 8,
/// 16, 32 or all of its knobs, each agent's final outcome against the knob count.
enum F5KnobCount {
    static func figure(_ results: CampaignResults) -> Figure {
        var figure = Figure(
            number: 5, title: "Performance against the number of tuned knobs",
            caption:
                "Environments that differ only in how many knobs are tuned (the most important first; the rest "
                + "stay at their defaults), per agent: the final normalized regret (against each surface's own "
                + "optimum, so a larger space is a harder search) and the final improvement over the default "
                + "(which more knobs can raise). Points are medians over seeds, bands 95% bootstrap intervals.")
        for family in families(results.info.environments) {
            for regret in [true, false] where !regret || family.allSatisfy({ $0.optimum != nil }) {
                let chart = self.chart(results, family: family, regret: regret)
                if !chart.series.isEmpty { figure.parts.append(chart.svg()) }
            }
        }
        if figure.parts.isEmpty {
            figure.missing =
                "This campaign has no environments that differ only in the number of knobs. Add the same "
                + "environment with knobs: 4, 8, 16, 32 and all (each with its own name)."
        }
        return figure
    }

    /// Groups of at least two environments with equal type and parameters but `knobs`, by knob count.
    static func families(_ environments: [RunInfo.EnvironmentInfo]) -> [[RunInfo.EnvironmentInfo]] {
        var groups: [String: [RunInfo.EnvironmentInfo]] = [:], order: [String] = []
        for env in environments where env.changeStep == nil && env.parameters["knobs"] != nil {
            let key =
                env.type + "|"
                + env.parameters.filter { $0.key != "knobs" }.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(env)
        }
        return order.map { groups[$0]!.sorted { $0.knobs.count < $1.knobs.count } }
            .filter { Set($0.map(\.knobs.count)).count > 1 }
    }

    static func chart(_ results: CampaignResults, family: [RunInfo.EnvironmentInfo], regret: Bool) -> LineChart {
        let agents = results.principalAgents(on: family[0].label).filter { agent in
            family.allSatisfy { agent.runs(on: $0.label) }
        }
        let series = agents.compactMap { agent -> LineChart.Series? in
            let points = family.compactMap { env -> (x: Double, y: Double, low: Double, high: Double)? in
                guard let row = results.summaryRow(environment: env.label, agent: agent.label),
                    let e = regret ? row.normalizedRegret : row.improvement
                else { return nil }
                return (Double(env.knobs.count), e.median, e.low, e.high)
            }
            return points.isEmpty ? nil : LineChart.Series(name: agent.label, points: points)
        }
        // "simulator, workload oltp-write, hardware medium, ...": what the family shares, the workload first.
        let first = ["workload", "hardware", "objective"]
        let shared = family[0].parameters.filter { $0.key != "knobs" }.sorted {
            (first.firstIndex(of: $0.key) ?? first.count, $0.key) < (
                first.firstIndex(of: $1.key) ?? first.count, $1.key
            )
        }.map { "\($0.key.replacingOccurrences(of: "_", with: " ")) \($0.value)" }
        return LineChart(
            title: ([family[0].type] + shared).joined(separator: ", ")
                + ": \(regret ? "regret" : "improvement") by knobs",
            xTitle: "tuned knobs (" + family.map { String($0.knobs.count) }.joined(separator: ", ") + ")",
            yTitle: regret
                ? "normalized regret at the end, lower is better" : "improvement at the end (%), higher is better",
            series: series, notes: ["point: median over seeds", "band: 95% interval"], markers: true)
    }
}

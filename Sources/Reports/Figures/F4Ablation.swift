import Results

/// F4, ablation (as HUNTER and LlamaTune switch their components off): the variants of one agent type on an
/// environment
/// (e.g. sample-aware DDPG with one mechanism switched off), side by side with the other agents, each
/// with its paired test against the first agent of the type.
enum F4Ablation {
    static func figure(_ results: CampaignResults) -> Figure {
        var figure = Figure(
            number: 4, title: "Ablation of the agents' mechanisms",
            caption:
                "Where a campaign runs several agents of one type on an environment (the first is the agent as "
                + "configured by default, the others switch mechanisms off or on), their final outcome side by "
                + "side, with the other agent types for reference (lighter bars): normalized regret where the "
                + "optimum is known, else the improvement over the default, medians with 95% bootstrap "
                + "intervals. The note gives the two-sided Wilcoxon signed-rank p over paired seeds against the "
                + "first agent of the type (p < 0.05: the difference is unlikely to be seed noise).")
        for env in results.info.environments {
            let agents = results.info.agents.filter { $0.runs(on: env.label) }
            var types: [String] = []
            for agent in agents where !types.contains(agent.type) { types.append(agent.type) }
            for type in types {
                let variants = agents.filter { $0.type == type }
                if variants.count > 1, let chart = chart(results, environment: env, variants: variants) {
                    figure.parts.append(chart.svg())
                }
            }
        }
        if figure.parts.isEmpty {
            figure.missing =
                "This campaign runs no two agents of the same type on an environment. Add variants (e.g. "
                + "sample-aware-ddpg entries with screening: false or critics: 1, each with its own name) to see "
                + "what each mechanism contributes."
        }
        return figure
    }

    static func chart(
        _ results: CampaignResults, environment env: RunInfo.EnvironmentInfo, variants: [RunInfo.AgentInfo]
    ) -> BarChart? {
        let regret = env.optimum != nil
        let reference = variants[0].label
        func bar(_ agent: RunInfo.AgentInfo, series: Int) -> BarChart.Bar? {
            guard let row = results.summaryRow(environment: env.label, agent: agent.label),
                let estimate = regret ? row.normalizedRegret : row.improvement
            else { return nil }
            var note: String?
            if agent.label != reference,
                let pair = results.pairwise.first(where: {
                    $0.environment == env.label && Set([$0.agentA, $0.agentB]) == Set([agent.label, reference])
                }), let p = pair.recommended.test?.p
            {
                note = "p = \(p < 1e-3 ? "<0.001" : Axis.label((p * 1000).rounded() / 1000))"
            }
            return .init(
                label: agent.label, median: estimate.median, low: estimate.low, high: estimate.high, series: series,
                note: note)
        }
        let own = variants.compactMap { bar($0, series: 0) }
        let others = results.principalAgents(on: env.label).filter { $0.type != variants[0].type }.compactMap {
            bar($0, series: 5)
        }
        guard own.count > 1 else { return nil }
        return BarChart(
            title: "\(env.label): variants of \(variants[0].type)",
            valueTitle: regret
                ? "normalized regret at the end (0 = optimum, 1 = default), lower is better"
                : "improvement of \(env.objective.name) over the default (%), higher is better",
            groups: [.init(title: "\(variants[0].type) variants", bars: own)]
                + (others.isEmpty ? [] : [.init(title: "other agents", bars: others)]))
    }
}

import TuningKit

/// A row of `pairwise.csv`: two agents on one environment, paired by seed (both faced the same
/// environment noise on a seed), compared on the best objective measured by the end of each run.
///
/// `n` seeds where both runs are complete; `wins_a`, `wins_b` the seeds where each was strictly better;
/// `median_difference` the median of (a - b) in the objective's unit; `wilcoxon_p` the two-sided
/// Wilcoxon signed-rank p-value (`WilcoxonSignedRank`), `wilcoxon_exact` whether it is exact.
public struct PairwiseRow: Sendable {
    public let environment: String
    public let agentA: String
    public let agentB: String
    public let n: Int
    public let winsA: Int
    public let winsB: Int
    public let medianDifference: Double?
    public let test: WilcoxonSignedRank.Result?

    public static let header = [
        "environment", "agent_a", "agent_b", "n", "wins_a", "wins_b", "median_difference", "wilcoxon_p",
        "wilcoxon_exact",
    ]

    public var fields: [String] {
        [
            environment, agentA, agentB, String(n), String(winsA), String(winsB), TrialSchema.number(medianDifference),
            TrialSchema.number(test?.p), test.map { $0.exact ? "true" : "false" } ?? "",
        ]
    }

    /// Every pair of agents (in manifest order) on every environment.
    static func rows(info: RunInfo, runs: [CampaignResults.Run]) -> [PairwiseRow] {
        var rows: [PairwiseRow] = []
        for env in info.environments {
            // Each run's recommendation at its end: its noise-free regret where the optimum is known (lower is
            // better), else its measured objective.
            let known = env.optimum != nil
            let objective =
                known ? Objective(name: "normalized_regret", unit: "", direction: .minimize) : env.objective.objective
            var finals: [String: [UInt64: Double]] = [:]
            for run in runs
            where run.key.environment == env.label && run.complete(budget: info.budget, remeasure: info.remeasure) {
                let last = run.trials.last
                if let final = known ? last?.judgedRegret : last?.judgedObjective {
                    finals[run.key.agent, default: [:]][run.key.seed] = final
                }
            }
            let agents = info.agents.filter { $0.runs(on: env.label) }
            for (i, a) in agents.enumerated() {
                for b in agents[(i + 1)...] {
                    let mine = finals[a.label] ?? [:], theirs = finals[b.label] ?? [:]
                    let seeds = info.seeds.filter { mine[$0] != nil && theirs[$0] != nil }
                    let differences = seeds.map { mine[$0]! - theirs[$0]! }
                    rows.append(
                        PairwiseRow(
                            environment: env.label, agentA: a.label, agentB: b.label, n: seeds.count,
                            winsA: seeds.filter { objective.isBetter(mine[$0]!, than: theirs[$0]!) }.count,
                            winsB: seeds.filter { objective.isBetter(theirs[$0]!, than: mine[$0]!) }.count,
                            medianDifference: Statistics.median(differences), test: WilcoxonSignedRank.test(differences)
                        ))
                }
            }
        }
        return rows
    }
}

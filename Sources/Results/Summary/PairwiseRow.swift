import TuningKit

/// A row of `pairwise.csv`: two agents on one environment, paired by seed (both faced the same
/// environment noise on a seed), compared twice at the end of each run:
///
/// - `measured`: on the best objective measured (`best_objective`), the columns `n`, `wins_a`, `wins_b`,
///   `median_difference` (a - b in the objective's unit), `wilcoxon_p` and `wilcoxon_exact`. A noisy
///   environment's best measurement is often a lucky one (the winner's curse), so this is the figure of the
///   luckiest measurement, kept because it is what most tuning papers report.
/// - `recommended`: on each run's final recommendation, its noise-free normalized regret where the optimum is
///   known (lower is better), else its measured objective: the same columns prefixed `recommended_`. This is
///   the one the report shows.
///
/// `wilcoxon_p` is the two-sided Wilcoxon signed-rank p-value (`WilcoxonSignedRank`); `wilcoxon_exact`
/// whether it is exact.
public struct PairwiseRow: Sendable {
    /// One paired comparison over the seeds both agents completed.
    public struct Comparison: Sendable, Equatable {
        public let n: Int
        /// Seeds where each agent was strictly better.
        public let winsA: Int
        public let winsB: Int
        /// The median of (a - b) over the seeds.
        public let medianDifference: Double?
        public let test: WilcoxonSignedRank.Result?

        init(_ a: [UInt64: Double], _ b: [UInt64: Double], seeds: [UInt64], objective: Objective) {
            let paired = seeds.filter { a[$0] != nil && b[$0] != nil }
            let differences = paired.map { a[$0]! - b[$0]! }
            n = paired.count
            winsA = paired.filter { objective.isBetter(a[$0]!, than: b[$0]!) }.count
            winsB = paired.filter { objective.isBetter(b[$0]!, than: a[$0]!) }.count
            medianDifference = Statistics.median(differences)
            test = WilcoxonSignedRank.test(differences)
        }

        var fields: [String] {
            [
                String(n), String(winsA), String(winsB), TrialSchema.number(medianDifference),
                TrialSchema.number(test?.p), test.map { $0.exact ? "true" : "false" } ?? "",
            ]
        }
    }

    public let environment: String
    public let agentA: String
    public let agentB: String
    /// On the best objective measured by the end of each run.
    public let measured: Comparison
    /// On each run's final recommendation (what the report shows).
    public let recommended: Comparison

    private static let comparisonColumns = [
        "n", "wins_a", "wins_b", "median_difference", "wilcoxon_p", "wilcoxon_exact",
    ]
    public static let header =
        ["environment", "agent_a", "agent_b"] + comparisonColumns + comparisonColumns.map { "recommended_" + $0 }

    public var fields: [String] { [environment, agentA, agentB] + measured.fields + recommended.fields }

    /// Every pair of agents (in manifest order) on every environment.
    static func rows(info: RunInfo, runs: [CampaignResults.Run]) -> [PairwiseRow] {
        var rows: [PairwiseRow] = []
        for env in info.environments {
            let known = env.optimum != nil
            let regret = Objective(name: "normalized_regret", unit: "", direction: .minimize)
            var best: [String: [UInt64: Double]] = [:]
            var recommendation: [String: [UInt64: Double]] = [:]
            for run in runs
            where run.key.environment == env.label && run.complete(budget: info.budget, remeasure: info.remeasure) {
                guard let last = run.trials.last else { continue }
                best[run.key.agent, default: [:]][run.key.seed] = last.bestObjective
                recommendation[run.key.agent, default: [:]][run.key.seed] =
                    known ? last.judgedRegret : last.judgedObjective
            }
            let agents = info.agents.filter { $0.runs(on: env.label) }
            for (i, a) in agents.enumerated() {
                for b in agents[(i + 1)...] {
                    rows.append(
                        PairwiseRow(
                            environment: env.label, agentA: a.label, agentB: b.label,
                            measured: Comparison(
                                best[a.label] ?? [:], best[b.label] ?? [:], seeds: info.seeds,
                                objective: env.objective.objective),
                            recommended: Comparison(
                                recommendation[a.label] ?? [:], recommendation[b.label] ?? [:], seeds: info.seeds,
                                objective: known ? regret : env.objective.objective)))
                }
            }
        }
        return rows
    }
}

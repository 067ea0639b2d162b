import Foundation
import TuningKit

/// `summary.csv`: one row per (environment, agent), over the seeds, at the final step.
///
/// Columns: `environment, agent, objective, unit, direction, seeds, steps`, the default's objective
/// (`default_objective_median`), the best objective at the last step (`final_objective_median`, `_q25`,
/// `_q75`), the improvement over the default in percent (positive is better, `improvement_pct_median`),
/// `final_regret_median` and `final_normalized_regret_median` (empty without a known optimum),
/// `failed_trials`, and the evaluation and agent wall time in seconds.
public enum Summary {
    public static let header = [
        "environment", "agent", "objective", "unit", "direction", "seeds", "steps",
        "default_objective_median", "final_objective_median", "final_objective_q25", "final_objective_q75",
        "improvement_pct_median", "final_regret_median", "final_normalized_regret_median", "failed_trials",
        "evaluation_s", "agent_s",
    ]

    /// The summary rows of a trial table.
    public static func rows(_ table: TrialTable, info: RunInfo) -> [[String]] {
        table.runs().map { run in
            let objective = info.environments.first { $0.label == run.environment }?.objective.objective
                ?? Objective(name: "objective", unit: "", direction: .minimize)
            let firsts = run.seeds.compactMap { $0.rows.first }
            let finals = run.seeds.compactMap { $0.rows.last }
            let allRows = run.seeds.flatMap(\.rows)
            let finalBest = finals.compactMap { table.number($0, "best_objective") }
            let improvements: [Double] = zip(firsts, finals).compactMap { first, last in
                guard let base = table.number(first, "objective"), let best = table.number(last, "best_objective"),
                      base != 0 else { return nil }
                return (objective.cost(base) - objective.cost(best)) / abs(base) * 100
            }
            let lastStep = finals.compactMap { Int(table.text($0, "step")) }.max()
            let failed = allRows.filter { table.text($0, "failed") == "true" }.count
            func column(_ rows: [[String]], _ name: String) -> [Double] { rows.compactMap { table.number($0, name) } }
            func totalSeconds(_ name: String) -> Double { column(allRows, name).reduce(0, +) / 1000 }

            var row = [run.environment, run.agent, objective.name, objective.unit, objective.direction.rawValue]
            row += [String(run.seeds.count), lastStep.map(String.init) ?? ""]
            let statistics: [Double?] = [
                Statistics.median(column(firsts, "objective")),
                Statistics.median(finalBest), Statistics.quantile(finalBest, 0.25), Statistics.quantile(finalBest, 0.75),
                Statistics.median(improvements),
                Statistics.median(column(finals, "regret")), Statistics.median(column(finals, "normalized_regret")),
            ]
            row += statistics.map(csvField)
            row += [String(failed), csvField(totalSeconds("elapsed_ms")), csvField(totalSeconds("agent_ms"))]
            return row
        }
    }

    /// Reads `trials.csv` in a results folder and writes `summary.csv` beside it.
    public static func write(folder: URL, info: RunInfo) throws {
        let table = try TrialTable.read(folder.appendingPathComponent("trials.csv"))
        try CSVFile.write(folder.appendingPathComponent("summary.csv"), header: header, rows: rows(table, info: info))
    }
}

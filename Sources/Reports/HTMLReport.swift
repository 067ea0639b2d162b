import Foundation
import Mustache
import Results
import TuningKit

/// `report.html`: one self-contained page (inline SVG and CSS, no script, nothing fetched) with the
/// figures of the DRL database-tuning papers (F1 convergence ... F10 predictions, `Figures/`), the
/// summary with its intervals, the paired comparisons, the noise floor, the manifest and the provenance.
/// A campaign not yet complete is marked partial, with the cells done and remaining. Next to it,
/// `headline.svg` is F1's first panel, for a README.
public enum HTMLReport {
    public static let fileName = ResultsFolder.reportFile
    public static let headlineFile = ResultsFolder.headlineFile

    /// The figures of a campaign, in order.
    static func figures(_ results: CampaignResults) -> [Figure] {
        [
            F1Convergence.figure(results), F2FinalImprovement.figure(results), F3SampleEfficiency.figure(results),
            F4Ablation.figure(results), F5KnobCount.figure(results), F6Adaptability.figure(results),
            F7Overhead.figure(results), F8KnobImportance.figure(results), F9Configurations.figure(results),
            F10Predictions.figure(results),
        ]
    }

    /// Rebuilds `summary.csv`, `pairwise.csv` and `report.html` of a results folder from its trials, and
    /// returns what reading them found (a last row cut short).
    @discardableResult
    public static func rebuild(_ folder: ResultsFolder) throws -> (report: URL, warnings: [String]) {
        // Not beside a satune run writing the folder (what is not a results folder is reported by the load).
        let lock =
            FileManager.default.fileExists(atPath: folder.file(RunInfo.fileName).path)
            ? try FolderLock(folder: folder, purpose: "report") : nil
        defer { withExtendedLifetime(lock) {} }
        let results = try CampaignResults.load(folder)
        try results.writeDerived(to: folder, report: try files(results, in: folder))
        return (folder.file(fileName), results.warnings)
    }

    /// Writes the statistics and the report of `results` into `folder`, all computed before any is written.
    @discardableResult
    public static func write(_ results: CampaignResults, to folder: ResultsFolder) throws -> URL {
        try results.writeDerived(to: folder, report: try files(results, in: folder))
        return folder.file(fileName)
    }

    /// The report's files (`report.html`, `headline.svg`) of `results`, rendered, not yet written: the runner
    /// and `satune merge` write them with the statistics once everything is computed.
    public static func files(_ results: CampaignResults, in folder: ResultsFolder) throws -> [ReportFile] {
        let manifest = (try? String(contentsOf: folder.file(ResultsFolder.manifestFile), encoding: .utf8)) ?? ""
        var files = [ReportFile(name: fileName, contents: Data(try render(results, manifest: manifest).utf8))]
        if let first = results.info.environments.first {
            files.append(
                ReportFile(
                    name: headlineFile, contents: Data(F1Convergence.chart(results, environment: first).svg().utf8)))
        }
        return files
    }

    static func render(_ results: CampaignResults, manifest: String) throws -> String {
        let info = results.info
        let p = info.provenance
        let failures = failureRows(results)
        var context: [String: Any] = [
            "experiment": info.experiment,
            "seeds": info.seeds.map(String.init).joined(separator: ", "),
            "budget": info.budget,
            "trials": results.runs.reduce(0) { $0 + $1.trials.count },
            "figures": figures(results).map(\.context),
            "summaryRows": results.summary.map(summaryRow),
            "pairwiseRows": results.pairwise.map(pairwiseRow),
            "noiseRows": noiseRows(results),
            "failureRows": failures,
            "warnings": MeasurementWarnings.lines(results),
            "manifest": manifest,
            "provenance": [
                "satune \(p.codeDescription); \(info.sessions.count) session(s), the first started "
                    + "\(info.sessions.first?.startedAt ?? "?")",
                "\(p.host): \(p.processors) processors, \(p.operatingSystem)",
                "OpenBLAS \(p.openblasVersion) (\(p.blasConfiguration)), kernel \(p.blasCore), \(p.blasThreads) "
                    + "thread(s); SQLite \(p.sqliteVersion)",
            ] + p.environmentVariables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" },
        ]
        if info.remeasure > 0 { context["remeasure"] = info.remeasure }
        if !failures.isEmpty { context["hasFailures"] = true }
        if results.partial {
            context["partial"] =
                "\(results.cellsDone) of \(results.cellsTotal) runs complete, "
                + "\(results.cellsTotal - results.cellsDone) remaining"
                + " (satune run resumes them; statistics are over complete runs only)"
        }
        return try MustacheTemplate(string: template).render(context)
    }

    /// Failed evaluations per environment and kind (the reason up to its first colon, e.g. "out of memory"),
    /// most frequent first, with one full reason as an example.
    static func failureRows(_ results: CampaignResults) -> [[String: String]] {
        var rows: [[String: String]] = []
        for environment in results.info.environments {
            var kinds: [String: (count: Int, example: String)] = [:]
            for trial in results.trials where trial.environment == environment.label {
                guard let reason = trial.failureReason else { continue }
                let kind = String(reason.prefix { $0 != ":" })
                kinds[kind, default: (0, reason)].count += 1
            }
            for (kind, entry) in kinds.sorted(by: { ($0.value.count, $1.key) > ($1.value.count, $0.key) }) {
                rows.append([
                    "environment": environment.label, "kind": kind, "count": String(entry.count),
                    "example": entry.example,
                ])
            }
        }
        return rows
    }

    /// A number to 4 significant digits, empty when missing.
    static func figure(_ value: Double?) -> String { value.map { String(format: "%.4g", $0) } ?? "" }

    /// "12.3 [10.1, 14.2]": a median and its 95% interval.
    static func interval(_ e: Estimate?) -> String {
        e.map { "\(figure($0.median)) [\(figure($0.low)), \(figure($0.high))]" } ?? ""
    }

    static func summaryRow(_ row: SummaryRow) -> [String: String] {
        let unit = row.objective.unit.isEmpty ? "" : " \(row.objective.unit)"
        return [
            "environment": row.environment, "agent": row.agent,
            "objective": "\(row.objective.name)\(unit), \(row.objective.direction.rawValue)",
            "seeds": row.incompleteRuns > 0 ? "\(row.seeds) (+\(row.incompleteRuns) running)" : "\(row.seeds)",
            "default": figure(row.defaultObjectiveMedian), "final": interval(row.finalObjective),
            "improvement": interval(row.improvement), "remeasured": interval(row.remeasuredImprovement),
            "regret": interval(row.normalizedRegret),
            "evals": row.evaluationsTo.map { $0.map { figure($0) } ?? "-" }.joined(separator: " / "),
            "failed": String(row.failedTrials),
            "noise": row.noiseFloorCV.map { String(format: "%.1f%%", $0 * 100) } ?? "",
        ]
    }

    /// A pair of agents as the report shows it: compared on their final recommendations.
    static func pairwiseRow(_ row: PairwiseRow) -> [String: String] {
        let comparison = row.recommended
        let p = comparison.test?.p
        return [
            "environment": row.environment, "a": row.agentA, "b": row.agentB, "n": String(comparison.n),
            "wins": "\(comparison.winsA) : \(comparison.winsB)", "difference": figure(comparison.medianDifference),
            "p": p.map { $0 < 1e-4 ? String(format: "%.1e", $0) : String(format: "%.4f", $0) } ?? "",
            "significant": (p ?? 1) < 0.05 ? "yes" : "",
        ]
    }

    static func noiseRows(_ results: CampaignResults) -> [[String: String]] {
        let measured = NoiseRecord.floors(results.noise)
        return results.info.environments.compactMap { env in
            guard let cv = results.summary.first(where: { $0.environment == env.label })?.noiseFloorCV else {
                return nil
            }
            let how =
                measured[env.label].map { "\($0.runs) runs of the default at the campaign's start, interleaved" }
                ?? "the defaults measured in the runs"
            return ["environment": env.label, "cv": String(format: "%.2f%%", cv * 100), "how": how]
        }
    }
}

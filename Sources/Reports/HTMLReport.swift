import Experiments
import Foundation
import Mustache

/// A results folder that cannot be reported on.
public struct ReportError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// `report.html`: one self-contained page (inline SVG and CSS, no script, nothing fetched) with a
/// convergence chart and a final-outcome bar chart per environment, the summary table, the manifest and
/// the run's provenance.
public enum HTMLReport {
    public static let fileName = "report.html"

    /// Reads a results folder (`run.json`, `trials.csv`, `summary.csv`, `manifest.yaml`) and writes its report.
    @discardableResult
    public static func write(folder: URL) throws -> URL {
        for name in [RunInfo.fileName, "trials.csv", "summary.csv"]
        where !FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path) {
            throw ReportError(message: "\(folder.path) is not a results folder: it has no \(name) (satune run MANIFEST writes one)")
        }
        let info = try RunInfo.read(from: folder)
        let table = try TrialTable.read(folder.appendingPathComponent("trials.csv"))
        let summary = try CSVFile.read(folder.appendingPathComponent("summary.csv"))
        let manifest = (try? String(contentsOf: folder.appendingPathComponent("manifest.yaml"), encoding: .utf8)) ?? ""
        let html = try render(info: info, table: table, summary: summary, manifest: manifest)
        let url = folder.appendingPathComponent(fileName)
        try Data(html.utf8).write(to: url, options: .atomic)
        return url
    }

    static func render(info: RunInfo, table: TrialTable, summary: (header: [String], rows: [[String]]), manifest: String) throws -> String {
        let charts = info.environments.map { env in
            ["title": env.label, "svg": Convergence.chart(table, environment: env, seeds: info.seeds.count).svg(),
             "final": Convergence.finalChart(table, environment: env).svg()]
        }
        let p = info.provenance
        let context: [String: Any] = [
            "experiment": info.experiment,
            "seeds": info.seeds.map(String.init).joined(separator: ", "),
            "budget": info.budget,
            "trials": table.rows.count,
            "charts": charts,
            "summaryRows": summaryRows(summary),
            "manifest": manifest,
            "provenance": [
                "started at \(p.startedAt) on \(p.host) (\(p.processors) processors, \(p.operatingSystem))",
                "OpenBLAS \(p.blasConfiguration), kernel \(p.blasCore), \(p.blasThreads) thread(s); SQLite \(p.sqliteVersion)",
            ] + p.environmentVariables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" },
        ]
        return try MustacheTemplate(string: template).render(context)
    }

    /// The table rows shown on the page: the main columns of summary.csv, numbers to 4 significant digits.
    static func summaryRows(_ summary: (header: [String], rows: [[String]])) -> [[String: String]] {
        summary.rows.map { row in
            func value(_ column: String) -> String {
                guard let i = summary.header.firstIndex(of: column), i < row.count else { return "" }
                guard let number = Double(row[i]) else { return row[i] }
                return String(format: "%.4g", number)
            }
            let unit = value("unit").isEmpty ? "" : " \(value("unit"))"
            return [
                "environment": value("environment"), "agent": value("agent"),
                "objective": "\(value("objective"))\(unit), \(value("direction"))",
                "default": value("default_objective_median"),
                "final": "\(value("final_objective_median")) [\(value("final_objective_q25")), \(value("final_objective_q75"))]",
                "improvement": value("improvement_pct_median"), "regret": value("final_normalized_regret_median"),
                "failed": value("failed_trials"), "seeds": value("seeds"),
            ]
        }
    }

    static let template = """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <title>satune report: {{experiment}}</title>
    <style>
    body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1000px; color: #222; }
    h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 1.6em; }
    table { border-collapse: collapse; font-size: 0.85em; }
    th, td { border: 1px solid #ccc; padding: 3px 6px; text-align: right; }
    th { background: #f2f2f2; } td:first-child, td:nth-child(2) { text-align: left; }
    pre { background: #f7f7f7; padding: 1em; overflow-x: auto; }
    .meta { color: #555; }
    </style>
    </head>
    <body>
    <h1>satune report: {{experiment}}</h1>
    <p class="meta">{{trials}} evaluations; seeds {{seeds}}; budget {{budget}} evaluations per run after the default configuration (step 0).</p>
    <h2>Convergence</h2>
    {{#charts}}
    <figure>{{{svg}}}</figure>
    <figure>{{{final}}}</figure>
    {{/charts}}
    <h2>Summary at the final step</h2>
    <p class="meta">All columns are in <code>summary.csv</code>; every evaluation is in <code>trials.csv</code>.</p>
    <div style="overflow-x:auto"><table>
    <tr><th>environment</th><th>agent</th><th>objective</th><th>seeds</th><th>default (median)</th><th>best at the end: median [25%, 75%]</th><th>improvement over default, median %</th><th>normalized regret, median</th><th>failed evaluations</th></tr>
    {{#summaryRows}}<tr><td>{{environment}}</td><td>{{agent}}</td><td>{{objective}}</td><td>{{seeds}}</td><td>{{default}}</td><td>{{final}}</td><td>{{improvement}}</td><td>{{regret}}</td><td>{{failed}}</td></tr>
    {{/summaryRows}}
    </table></div>
    <h2>Manifest</h2>
    <pre>{{manifest}}</pre>
    <h2>Provenance</h2>
    <ul class="meta">{{#provenance}}<li>{{.}}</li>{{/provenance}}</ul>
    </body>
    </html>
    """
}

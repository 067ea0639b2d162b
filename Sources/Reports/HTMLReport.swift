import Experiments
import Foundation
import Mustache

/// `report.html`: one self-contained page (inline SVG and CSS, no script, nothing fetched) with a
/// convergence chart per environment, the summary table, the manifest and the run's provenance.
public enum HTMLReport {
    public static let fileName = "report.html"

    /// Reads a results folder (`run.json`, `trials.csv`, `summary.csv`, `manifest.yaml`) and writes its report.
    @discardableResult
    public static func write(folder: URL) throws -> URL {
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
            ["title": env.label, "svg": Convergence.chart(table, environment: env, seeds: info.seeds.count).svg()]
        }
        let p = info.provenance
        let context: [String: Any] = [
            "experiment": info.experiment,
            "seeds": info.seeds.map(String.init).joined(separator: ", "),
            "budget": info.budget,
            "trials": table.rows.count,
            "charts": charts,
            "summaryHeader": summary.header.map { ["name": $0] },
            "summaryRows": summary.rows.map { row in ["cells": row.map { ["value": Self.display($0)] }] },
            "manifest": manifest,
            "provenance": [
                "started at \(p.startedAt) on \(p.host) (\(p.processors) processors, \(p.operatingSystem))",
                "OpenBLAS \(p.blasConfiguration), kernel \(p.blasCore), \(p.blasThreads) thread(s); SQLite \(p.sqliteVersion)",
            ] + p.environmentVariables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" },
        ]
        return try MustacheTemplate(string: template).render(context)
    }

    /// Numbers shortened to 5 significant digits for the table; text as it is.
    static func display(_ text: String) -> String {
        guard let value = Double(text), text.contains(".") || text.contains("e") else { return text }
        return String(format: "%.5g", value)
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
    {{/charts}}
    <h2>Summary at the final step</h2>
    <div style="overflow-x:auto"><table>
    <tr>{{#summaryHeader}}<th>{{name}}</th>{{/summaryHeader}}</tr>
    {{#summaryRows}}<tr>{{#cells}}<td>{{value}}</td>{{/cells}}</tr>
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

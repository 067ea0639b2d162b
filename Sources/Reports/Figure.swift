import Results

/// One figure of the report (F1 ... F9): its number and title, a caption saying what it shows and how to
/// read it, and its parts (inline SVG charts and HTML tables), or why this campaign has nothing to show
/// there and what would fill it.
struct Figure {
    let number: Int
    let title: String
    let caption: String
    var parts: [String] = []
    /// Why the figure is empty for this campaign (nil when it has parts).
    var missing: String? = nil

    var context: [String: Any] {
        var context: [String: Any] = [
            "id": "fig-F\(number)", "number": number, "title": title, "caption": caption, "parts": parts,
        ]
        if let missing { context["missing"] = missing }
        return context
    }
}

/// A small HTML table: a header row and rows of cells, each escaped, numbers right-aligned, some
/// highlighted (e.g. a knob value changed from its default).
struct HTMLTable {
    struct Cell {
        let text: String
        var highlighted = false
        var numeric = false
    }

    let header: [String]
    let rows: [[Cell]]

    func html() -> String {
        var out = "<div class=\"scroll\"><table>\n<tr>"
        for name in header { out += "<th>\(escapeXML(name))</th>" }
        out += "</tr>\n"
        for row in rows {
            out += "<tr>"
            for cell in row {
                var classes: [String] = []
                if cell.highlighted { classes.append("changed") }
                if cell.numeric { classes.append("num") }
                let attribute = classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
                out += "<td\(attribute)>\(escapeXML(cell.text))</td>"
            }
            out += "</tr>\n"
        }
        return out + "</table></div>"
    }
}

extension CampaignResults {
    /// The agents of an environment the main figures compare: the first agent of each type that runs on
    /// it. Further agents of a type are its variants (an ablation), shown in F4.
    func principalAgents(on environment: String) -> [RunInfo.AgentInfo] {
        var seen: Set<String> = []
        return info.agents.filter { $0.runs(on: environment) && seen.insert($0.type).inserted }
    }

    /// The complete runs of an (environment, agent).
    func completeRuns(environment: String, agent: String) -> [Run] {
        runs.filter {
            $0.key.environment == environment && $0.key.agent == agent
                && $0.complete(budget: info.budget, remeasure: info.remeasure)
        }
    }

    /// A quantity of the trials of (environment, agent), by step, over every run (seed); steps without
    /// a value are left out.
    func valuesByStep(environment: String, agent: String, _ value: (TrialRecord) -> Double?) -> [Int: [Double]] {
        var byStep: [Int: [Double]] = [:]
        for run in runs where run.key.environment == environment && run.key.agent == agent {
            for trial in run.trials {
                if let v = value(trial) { byStep[trial.step, default: []].append(v) }
            }
        }
        return byStep
    }

    func summaryRow(environment: String, agent: String) -> SummaryRow? {
        summary.first { $0.environment == environment && $0.agent == agent }
    }
}

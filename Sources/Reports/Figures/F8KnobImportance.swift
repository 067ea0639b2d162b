import Results

/// F8, knob importance (OtterTune's Lasso ranking, the VLDB'22 benchmark's importance measures such as
/// SHAP and fANOVA):
/// which knobs the collected trials say matter, and the response over the two that matter most.
enum F8KnobImportance {
    /// The environments analysed: the campaign's first, and every real system.
    static func environments(_ info: RunInfo) -> [RunInfo.EnvironmentInfo] {
        info.environments.enumerated().filter { $0.offset == 0 || $0.element.timingSensitive }.map(\.element)
    }

    static func figure(_ results: CampaignResults) -> Figure {
        var figure = Figure(
            number: 8, title: "Knob importance and the response over the two most important knobs",
            caption:
                "Learned from the trials of every agent and seed (the campaign's first environment and each real "
                + "system): a Gaussian process (Matern 5/2, one length scale per knob) is fitted to up to "
                + "\(KnobImportance.maximumTrials) trials and tested on as many others. A knob's importance is how "
                + "much shuffling its values among the held-out trials raises the model's squared error, as a "
                + "share of their variance (permutation importance; median of 5 shuffles). The held-out R² says "
                + "how far to trust the model. The heatmap is the model's prediction over the two most important "
                + "knobs, the others held at the best trial's values, over the range the agents explored. "
                + "Negative importances (shuffling helped, by chance) are drawn as 0.")
        for env in environments(results.info) {
            let runs = results.runs.filter { $0.key.environment == env.label }
            guard let analysis = KnobImportance(environment: env, runs: runs) else { continue }
            figure.parts.append(importanceChart(analysis).svg())
            if let surface = analysis.surface {
                figure.parts.append(heatmap(surface, environment: env, analysis: analysis).svg())
            }
        }
        if figure.parts.isEmpty {
            figure.missing = "Too few successful trials (at least 20) on an environment with two or more knobs."
        }
        return figure
    }

    static func importanceChart(_ analysis: KnobImportance) -> BarChart {
        let shown = analysis.knobs.prefix(12)
        return BarChart(
            title:
                "\(analysis.environment): knob importance (R² \(String(format: "%.2f", analysis.heldOutR2)) on "
                + "\(analysis.heldOutTrials) held-out trials\(analysis.heldOutR2 < 0.5 ? ": a weak model, read with care" : ""))",
            valueTitle: "rise of held-out squared error when shuffled (share of variance)",
            bars: shown.map { .init(label: $0.name, median: max($0.importance, 0)) })
    }

    static func heatmap(
        _ surface: KnobImportance.Surface, environment env: RunInfo.EnvironmentInfo, analysis: KnobImportance
    )
        -> Heatmap
    {
        func ticks(_ encoding: KnobEncoding, _ positions: [Double]) -> [(position: Double, label: String)] {
            let chosen = encoding.isDiscrete ? positions : [0, 0.25, 0.5, 0.75, 1]
            return chosen.map { ($0, encoding.label(at: $0)) }
        }
        func axisTitle(_ e: KnobEncoding) -> String {
            let unit = env.knobs.first { $0.name == e.name }?.unit
            let notes = [unit, e.logScale ? "log scale" : nil].compactMap { $0 }
            return e.name + (notes.isEmpty ? "" : " (\(notes.joined(separator: ", ")))")
        }
        var markers: [Heatmap.Marker] = []
        if let d = surface.defaultPoint { markers.append(.init(x: d.x, y: d.y, label: "default", filled: false)) }
        if let b = surface.best { markers.append(.init(x: b.x, y: b.y, label: "best trial", filled: true)) }
        let objective = env.objective.objective
        return Heatmap(
            title: "\(env.label): predicted \(objective.name) over \(surface.x.name) and \(surface.y.name)",
            xTitle: axisTitle(surface.x), yTitle: axisTitle(surface.y),
            valueTitle: "predicted \(objective.label)", xs: surface.xs, ys: surface.ys, values: surface.values,
            xTicks: ticks(surface.x, surface.xs), yTicks: ticks(surface.y, surface.ys), markers: markers)
    }
}

import Foundation
import Manifests
import Results
import TuningKit

/// The `run.json` of a manifest: one instance of each environment is built to learn its objective, knobs
/// and metrics, and the trial columns (every knob and metric of any environment). The optima, which may
/// take a second to search, and satune's commit are filled in by `completed`, after the results folder
/// has been set up.
enum CampaignDescription {
    static func prototypes(_ manifest: Manifest) throws -> [any Environment] {
        try manifest.environments.map { entry in
            do {
                return try entry.spec.make(seed: 0)
            } catch {
                throw PlainError("environment \(entry.label): \(error)")
            }
        }
    }

    static func runInfo(_ manifest: Manifest, prototypes: [any Environment], shard: RunInfo.Shard?) -> RunInfo {
        let schema = TrialSchema(
            knobNames: unique(prototypes.flatMap(\.space.names)), metricNames: unique(prototypes.flatMap(\.metricNames))
        )
        let environments = zip(manifest.environments, prototypes).map { entry, env in
            RunInfo.EnvironmentInfo(
                label: entry.label, type: entry.typeName, parameters: entry.parameters, objective: .init(env.objective),
                knobs: env.space.knobs.map(RunInfo.KnobInfo.init), metrics: env.metricNames, optimum: nil,
                timingSensitive: type(of: entry.spec).timingSensitive, changeStep: env.changeTrial)
        }
        let agents = manifest.agents.map {
            RunInfo.AgentInfo(
                label: $0.label, type: $0.typeName, parameters: $0.parameters, environments: $0.environments)
        }
        return RunInfo(
            experiment: manifest.name, seeds: manifest.seeds, budget: manifest.budget, remeasure: manifest.remeasure,
            confirm: manifest.confirm,
            manifestHash: fingerprint(manifest), environments: environments, agents: agents, columns: schema.header,
            shard: shard,
            provenance: .current(libraries: .ofThisProcess, withCommit: false), sessions: [])
    }

    /// The description with each environment's optimum, where known, and satune's commit.
    static func completed(_ info: RunInfo, prototypes: [any Environment]) -> RunInfo {
        var info = info
        for (i, env) in prototypes.enumerated() { info.environments[i].optimum = env.reference?.optimum }
        info.provenance.gitCommit = Provenance.sourceCommit
        return info
    }

    /// FNV-1a of everything that determines results: name, seeds, budget, re-measurements, and each entry's
    /// label, type and effective parameters (not the description, comments, layout or output folder).
    static func fingerprint(_ manifest: Manifest) -> String {
        var text = "\(manifest.name)|\(manifest.seeds)|\(manifest.budget)|\(manifest.remeasure)"
        if let confirm = manifest.confirm { text += "|confirm \(confirm.candidates)x\(confirm.repeats)" }
        for entry in manifest.environments { text += "|environment \(entry.label)=\(entry.identity)" }
        for entry in manifest.agents {
            text += "|agent \(entry.label)=\(entry.identity)"
            if let only = entry.environments { text += " on [\(only.joined(separator: ", "))]" }
        }
        return String(fnv1a(text.utf8), radix: 16)
    }

    private static func unique(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }
}

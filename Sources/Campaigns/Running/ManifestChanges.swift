import Results
import TuningKit

/// What changed between the campaign recorded in a results folder and the one a manifest asks for, in
/// words. A resume is refused when a change would alter results; adding seeds or agents is allowed (their
/// cells simply run), except in a shard, whose cells would be dealt again.
enum ManifestChanges {
    /// Changes that alter the recorded results; empty when the manifest can continue the folder.
    static func refusals(recorded old: RunInfo, requested new: RunInfo) -> [String] {
        var changes: [String] = []
        if old.experiment != new.experiment {
            changes.append("name changed from \(old.experiment) to \(new.experiment)")
        }
        if old.budget != new.budget {
            changes.append("budget changed from \(old.budget) to \(new.budget) (it changes every run)")
        }
        if old.remeasure != new.remeasure {
            changes.append("remeasure changed from \(old.remeasure) to \(new.remeasure)")
        }
        if old.confirm != new.confirm {
            func text(_ c: Confirmation?) -> String {
                c.map { "\($0.candidates) candidates x \($0.repeats)" } ?? "none"
            }
            changes.append("the confirmation phase changed from \(text(old.confirm)) to \(text(new.confirm))")
        }
        if old.shard != new.shard {
            changes.append(
                "the shard changed from \(old.shard?.description ?? "none") to \(new.shard?.description ?? "none")")
        }
        let removedSeeds = old.seeds.filter { !new.seeds.contains($0) }
        if !removedSeeds.isEmpty {
            changes.append("seeds \(removedSeeds.map(String.init).joined(separator: ", ")) were removed")
        }
        if old.shard != nil, old.seeds != new.seeds { changes.append("the seeds of a shard changed") }

        if old.environments.map(\.label) != new.environments.map(\.label) {
            changes.append(
                "environments changed from [\(old.environments.map(\.label).joined(separator: ", "))] to "
                    + "[\(new.environments.map(\.label).joined(separator: ", "))]"
            )
        }
        for env in old.environments {
            guard let now = new.environment(env.label) else { continue }
            changes += differences(of: "environment \(env.label)", env.type, env.parameters, now.type, now.parameters)
        }
        for agent in old.agents {
            guard let now = new.agents.first(where: { $0.label == agent.label }) else {
                let renamed = new.agents.first { candidate in
                    !old.agents.contains { $0.label == candidate.label } && candidate.type == agent.type
                        && candidate.parameters == agent.parameters
                }
                changes.append(
                    renamed.map {
                        "agent \(agent.label) was renamed \($0.label): the name labels its recorded trials, so "
                            + "rename it back to continue them"
                    } ?? "agent \(agent.label) was removed")
                continue
            }
            changes += differences(of: "agent \(agent.label)", agent.type, agent.parameters, now.type, now.parameters)
            let dropped = old.environments.map(\.label).filter { agent.runs(on: $0) && !now.runs(on: $0) }
            if !dropped.isEmpty {
                changes.append("agent \(agent.label) no longer runs on \(dropped.joined(separator: ", "))")
            }
            if old.shard != nil, agent.environments != now.environments {
                changes.append("the environments of agent \(agent.label) in a shard changed")
            }
        }
        if old.shard != nil, old.agents.map(\.label) != new.agents.map(\.label) {
            changes.append("the agents of a shard changed")
        }
        if old.columns != new.columns, changes.isEmpty { changes.append("the columns of trials.csv changed") }
        return changes
    }

    /// Type and parameter changes of one entry, e.g. "agent x: kappa changed from 2.0 to 3.0".
    private static func differences(
        of name: String, _ oldType: String, _ old: [String: String], _ newType: String, _ new: [String: String]
    ) -> [String] {
        guard oldType == newType else { return ["\(name): type changed from \(oldType) to \(newType)"] }
        return Set(old.keys).union(new.keys).sorted().compactMap { key in
            old[key] == new[key] ? nil : "\(name): \(key) changed from \(old[key] ?? "unset") to \(new[key] ?? "unset")"
        }
    }
}

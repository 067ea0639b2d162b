import Foundation
import TuningKit

/// `satune status`: where a campaign stands: whether a process is writing it, cells done, in progress
/// and remaining (which), trials recorded, and an estimate of the time left from the recorded time per
/// trial. A folder of shards is summed over its shards, those that have not started included (a job array's
/// pending tasks): their runs count as not started, and they are summarized in one line. A shard folder that
/// holds records but no `run.json` is reported unreadable.
public struct CampaignStatus: Sendable {
    public let experiment: String
    /// The folder, or its shards that have started (that hold a `run.json`).
    public let folders: [ResultsFolder]
    /// The results of `folders`, then (when some shards hold nothing yet) empty results of the runs of the
    /// shards not started and of the unreadable ones.
    public let results: [CampaignResults]
    /// The shards (of the count the started ones were dealt in) that hold nothing yet.
    public let notStarted: [RunInfo.Shard]
    /// Shard folders that hold records but cannot be read as a shard, with why.
    public let unreadable: [(shard: RunInfo.Shard, why: String)]

    public init(_ folder: ResultsFolder) throws {
        let shardFolders = folder.shardFolders
        var ownResults: CampaignResults?
        if FileManager.default.fileExists(atPath: folder.file(RunInfo.fileName).path) {
            let loaded = try CampaignResults.load(folder)
            // A merge taken before every shard was complete: the shards say where the campaign stands.
            if !(loaded.partial && !shardFolders.isEmpty) { ownResults = loaded }
        }
        let own = ownResults != nil
        folders = own ? [folder] : shardFolders
        guard !folders.isEmpty else {
            if FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("slurm/array.sbatch").path) {
                throw PlainError(
                    "\(folder.path): nothing recorded yet: satune slurm wrote its jobs, and no shard has started "
                        + "(squeue shows the array's tasks; a task writes shards/<i>-of-<n>/ when it starts)")
            }
            throw PlainError("\(folder.path) is not a results folder: it has no \(RunInfo.fileName) and no shards/")
        }
        let started = try ownResults.map { [$0] } ?? folders.map { try CampaignResults.load($0) }
        experiment = started[0].info.experiment
        // With shards of one count, the others of that count are still to come (or unreadable); with several
        // counts, satune merge refuses the folder, and the counts are shown as they are.
        let counts = Set(started.compactMap { $0.info.shard?.count })
        guard !own, counts.count == 1, let count = counts.first else {
            (notStarted, unreadable, results) = ([], [], started)
            return
        }
        let present = Set(started.compactMap { $0.info.shard?.index })
        unreadable = folder.shardFolders(started: false).compactMap { shardFolder in
            guard let shard = RunInfo.Shard(folderName: shardFolder.url.lastPathComponent), shard.count == count,
                !present.contains(shard.index), ResultsFolder.holdsRecords(shardFolder)
            else { return nil }
            return (shard, "\(shardFolder.path) holds records but no \(RunInfo.fileName)")
        }
        let unread = Set(unreadable.map(\.shard.index))
        // count <= the campaign's runs (RunInfo.read), so this list is never longer than the runs.
        notStarted = (1...count).filter { !present.contains($0) && !unread.contains($0) }.map {
            RunInfo.Shard(index: $0, count: count)
        }
        // The runs of the other shards, in one set of empty results.
        var info = started[0].info
        info.shard = nil
        info.sessions = []
        let rest = info.cells(dealtInto: count, shards: Set(notStarted.map(\.index)).union(unread))
        results =
            started
            + (rest.isEmpty
                ? [] : [try CampaignResults(info: info, cells: rest, trials: [], remeasured: [], files: ("", ""))])
    }

    public var cellsTotal: Int { results.reduce(0) { $0 + $1.cellsTotal } }
    public var cellsDone: Int { results.reduce(0) { $0 + $1.cellsDone } }
    public var cellsInProgress: Int { results.reduce(0) { $0 + $1.cellsInProgress } }
    public var cellsRemaining: Int { cellsTotal - cellsDone }

    /// The report, one fact a line.
    public var lines: [String] {
        let shards = folders.count + notStarted.count + unreadable.count
        var lines = [
            "\(experiment): \(cellsTotal) runs (environment x agent x seed) in "
                + "\(shards == 1 ? folders[0].path : "\(shards) shards")"
        ]
        for (folder, result) in zip(folders, results).sorted(by: {
            ($0.1.info.shard?.index ?? 0) < ($1.1.info.shard?.index ?? 0)
        }) {
            let prefix = shards > 1 ? "shard \(result.info.shard?.description ?? "?"): " : ""
            if FolderLock.isHeld(folder) {
                lines.append(prefix + "running: \(FolderLock.holder(folder) ?? "a satune process")")
            } else if let session = result.info.sessions.last {
                let state: String =
                    if !result.partial {
                        "complete"
                    } else {
                        switch session.status {
                        case .running: "stopped without finishing (killed?)"
                        case .complete: "incomplete (records were removed since the run)"
                        case .merged: "partial (merged before every shard was complete)"
                        case .interrupted, .stopped: session.status.rawValue
                        }
                    }
                lines.append(prefix + "\(state); last session \(session.command) started \(session.startedAt)")
            }
            lines += result.warnings.map { prefix + "warning: " + $0 }
        }
        for (shard, why) in unreadable { lines.append("shard \(shard): unreadable: \(why)") }
        if let count = notStarted.first?.count {
            let shown = notStarted.prefix(10).map(\.description).joined(separator: ", ")
            lines.append(
                "shards not started: \(notStarted.count) of \(count) (\(shown)\(notStarted.count > 10 ? ", ..." : ""))")
        }
        let budget = results[0].info.budget, remeasure = results[0].info.remeasure
        let trials = results.reduce(0) { $0 + $1.trials.count }
        let remeasured = results.reduce(0) { $0 + $1.remeasured.count }
        lines.append(
            "cells: \(cellsDone) done, \(cellsInProgress) in progress, \(cellsRemaining - cellsInProgress) not "
                + "started; \(cellsRemaining) remain"
        )
        lines.append("trials: \(trials) of \(cellsTotal * (budget + 1)) recorded")
        if remeasure > 0 {
            let expected = cellsTotal * 2 * remeasure
            lines.append("re-measurements: \(remeasured) of \(expected) recorded (\(ResultsFolder.remeasuredFile))")
        }
        let remaining = results.flatMap { r in r.runs.filter { !$0.complete(budget: budget, remeasure: remeasure) } }
        if !remaining.isEmpty {
            lines.append("remaining runs:")
            var groups: [(String, [String])] = []
            for run in remaining {
                let name = "\(run.key.environment) x \(run.key.agent)"
                let seed = run.trials.isEmpty ? "\(run.key.seed)" : "\(run.key.seed) (at step \(run.trials.count - 1))"
                if let i = groups.firstIndex(where: { $0.0 == name }) {
                    groups[i].1.append(seed)
                } else {
                    groups.append((name, [seed]))
                }
            }
            lines += groups.map { "  \($0.0): seeds \($0.1.joined(separator: ", "))" }
            if let eta = estimatedSeconds(remaining: remaining) {
                lines.append(
                    "time left: about \(Duration.clockText(seconds: eta)) (from the recorded time per trial, "
                        + "\(jobs(remaining: remaining)) at a time; resumed runs first replay their agents)"
                )
            }
        } else {
            lines.append("nothing remains: every run is complete")
        }
        return lines
    }

    /// Cells that can run at once: the last session's `--jobs`, at most this machine's cores and the runs
    /// remaining, and one for a real database.
    private func jobs(remaining: [CampaignResults.Run]) -> Int {
        let asked = results.compactMap { $0.info.sessions.last?.jobs }.max() ?? 1
        let real = results.contains { $0.info.environments.contains(where: \.timingSensitive) }
        return real ? 1 : max(1, min(asked, ProcessInfo.processInfo.activeProcessorCount, remaining.count))
    }

    /// Remaining trials times the recorded seconds per trial of their (environment, agent), over the jobs.
    private func estimatedSeconds(remaining: [CampaignResults.Run]) -> Double? {
        var sums: [String: (seconds: Double, count: Int)] = [:]
        var total = (seconds: 0.0, count: 0)
        for trial in results.flatMap(\.trials) {
            let seconds = ((trial.elapsedMs ?? 0) + (trial.agentMs ?? 0)) / 1000
            sums[trial.environment + "\u{1F}" + trial.agent, default: (0, 0)].seconds += seconds
            sums[trial.environment + "\u{1F}" + trial.agent, default: (0, 0)].count += 1
            total = (total.seconds + seconds, total.count + 1)
        }
        guard total.count > 0 else { return nil }
        let budget = results[0].info.budget, remeasure = results[0].info.remeasure
        var seconds = 0.0
        for run in remaining {
            let pair = sums[run.key.environment + "\u{1F}" + run.key.agent] ?? total
            let left = budget + 1 + 2 * remeasure - run.trials.count - run.remeasured.count
            seconds += Double(left) * pair.seconds / Double(max(pair.count, 1))
        }
        return seconds / Double(jobs(remaining: remaining))
    }
}

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

    /// Where the campaign stands, typed: what `lines` says, and `satune status --format json` prints.
    public struct Report: Codable, Sendable {
        /// One shard (or the folder itself) and how it stands.
        public struct Part: Codable, Sendable {
            /// "2/4", or nil for a folder that is not a shard.
            public let shard: String?
            /// running, complete, or how the last session ended: stopped-without-finishing, incomplete,
            /// partial, interrupted, stopped; unreadable for a shard folder without its run.json.
            public let state: String
            /// Who is writing it, the last session's command and start, or why it is unreadable.
            public let detail: String
            public let warnings: [String]
        }
        /// A run not complete yet.
        public struct Remaining: Codable, Sendable {
            public let environment: String, agent: String
            public let seed: UInt64
            /// The last step recorded, nil when nothing is.
            public let atStep: Int?
        }
        public let experiment: String
        public let folder: String
        public let runs: Int, runsDone: Int, runsInProgress: Int, runsNotStarted: Int
        public let trials: Int, trialsExpected: Int
        public let remeasurements: Int, remeasurementsExpected: Int
        public let parts: [Part]
        /// Shards of the split the others came from that hold nothing yet ("1/4", ...).
        public let shardsNotStarted: [String]
        public let remainingRuns: [Remaining]
        /// The estimate of the time left, and the runs at a time it assumes; nil before any trial.
        public let secondsLeft: Double?
        public let jobs: Int
    }

    /// The report.
    public var report: Report {
        let budget = results[0].info.budget, remeasure = results[0].info.remeasure
        var parts: [Report.Part] = []
        for (folder, result) in zip(folders, results).sorted(by: {
            ($0.1.info.shard?.index ?? 0) < ($1.1.info.shard?.index ?? 0)
        }) {
            let shard = result.info.shard?.description
            if FolderLock.isHeld(folder) {
                parts.append(
                    .init(
                        shard: shard, state: "running", detail: FolderLock.holder(folder) ?? "a satune process",
                        warnings: result.warnings))
            } else if let session = result.info.sessions.last {
                let state: String =
                    if !result.partial {
                        "complete"
                    } else {
                        switch session.status {
                        case .running: "stopped-without-finishing"
                        case .complete: "incomplete"
                        case .merged: "partial"
                        case .interrupted, .stopped: session.status.rawValue
                        }
                    }
                parts.append(
                    .init(
                        shard: shard, state: state,
                        detail: "last session \(session.command) started \(session.startedAt)",
                        warnings: result.warnings))
            }
        }
        parts += unreadable.map {
            .init(shard: $0.shard.description, state: "unreadable", detail: $0.why, warnings: [])
        }
        let remaining = results.flatMap { r in r.runs.filter { !$0.complete(budget: budget, remeasure: remeasure) } }
        return Report(
            experiment: experiment,
            folder: folders.count == 1 && notStarted.isEmpty && unreadable.isEmpty ? folders[0].path : "",
            runs: cellsTotal, runsDone: cellsDone, runsInProgress: cellsInProgress,
            runsNotStarted: cellsRemaining - cellsInProgress, trials: results.reduce(0) { $0 + $1.trials.count },
            trialsExpected: cellsTotal * (budget + 1), remeasurements: results.reduce(0) { $0 + $1.remeasured.count },
            remeasurementsExpected: cellsTotal * 2 * remeasure, parts: parts,
            shardsNotStarted: notStarted.map(\.description),
            remainingRuns: remaining.map {
                .init(
                    environment: $0.key.environment, agent: $0.key.agent, seed: $0.key.seed,
                    atStep: $0.trials.isEmpty ? nil : $0.trials.count - 1)
            },
            secondsLeft: remaining.isEmpty ? nil : estimatedSeconds(remaining: remaining),
            jobs: jobs(remaining: remaining))
    }

    /// The report for a person, one fact a line.
    public var lines: [String] {
        let report = self.report
        let shards = folders.count + notStarted.count + unreadable.count
        var lines = [
            "\(experiment): \(report.runs) runs (environment x agent x seed) in "
                + "\(shards == 1 ? folders[0].path : "\(shards) shards")"
        ]
        let words = [
            "stopped-without-finishing": "stopped without finishing (killed?)",
            "incomplete": "incomplete (records were removed since the run)",
            "partial": "partial (merged before every shard was complete)",
        ]
        for part in report.parts {
            let prefix = shards > 1 ? "shard \(part.shard ?? "?"): " : ""
            switch part.state {
            case "running", "unreadable": lines.append(prefix + "\(part.state): \(part.detail)")
            default: lines.append(prefix + "\(words[part.state] ?? part.state); \(part.detail)")
            }
            lines += part.warnings.map { prefix + "warning: " + $0 }
        }
        if let count = notStarted.first?.count {
            let shown = report.shardsNotStarted.prefix(10).joined(separator: ", ")
            lines.append(
                "shards not started: \(notStarted.count) of \(count) (\(shown)\(notStarted.count > 10 ? ", ..." : ""))")
        }
        lines.append(
            "cells: \(report.runsDone) done, \(report.runsInProgress) in progress, \(report.runsNotStarted) not "
                + "started; \(report.runs - report.runsDone) remain"
        )
        lines.append("trials: \(report.trials) of \(report.trialsExpected) recorded")
        if report.remeasurementsExpected > 0 {
            lines.append(
                "re-measurements: \(report.remeasurements) of \(report.remeasurementsExpected) recorded "
                    + "(\(ResultsFolder.remeasuredFile))")
        }
        guard !report.remainingRuns.isEmpty else {
            lines.append("nothing remains: every run is complete")
            return lines
        }
        lines.append("remaining runs:")
        var groups: [(String, [String])] = []
        for run in report.remainingRuns {
            let name = "\(run.environment) x \(run.agent)"
            let seed = run.atStep.map { "\(run.seed) (at step \($0))" } ?? "\(run.seed)"
            if let i = groups.firstIndex(where: { $0.0 == name }) {
                groups[i].1.append(seed)
            } else {
                groups.append((name, [seed]))
            }
        }
        lines += groups.map { "  \($0.0): seeds \($0.1.joined(separator: ", "))" }
        if let eta = report.secondsLeft {
            lines.append(
                "time left: about \(Duration.clockText(seconds: eta)) (from the recorded time per trial, "
                    + "\(report.jobs) at a time; resumed runs first replay their agents)"
            )
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

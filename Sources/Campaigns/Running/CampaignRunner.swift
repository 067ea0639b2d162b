import Foundation
import Manifests
import Results
import TuningKit

/// Runs a manifest's cells into its results folder, resuming whatever the folder already holds.
///
/// The folder is locked for the run (one writer at a time). A folder with earlier trials of the same
/// campaign is continued cell by cell (`CellRun` replays each agent over its recorded trials); one whose
/// manifest changed in a way that alters results is refused, with what changed, unless `force` moves it
/// aside first. Cells run on `jobs` threads (a real database's cells alone); each trial is appended to
/// `trials.csv` as it completes. When every cell is complete, the rows are put in canonical order, so
/// that the file equals a serial run's apart from the timing columns.
public final class CampaignRunner: Sendable {
    public struct Options: Sendable {
        /// Cells run at once (simulated ones; real databases run alone).
        public var jobs = ProcessInfo.processInfo.activeProcessorCount
        /// Run only this shard of the cells, in `<output>/shards/<i>-of-<n>/`.
        public var shard: RunInfo.Shard?
        /// Move an incompatible folder aside instead of refusing it.
        public var force = false
        /// The command line, for `run.json`.
        public var command = "satune run"
        public init() {}
    }

    /// What a run did.
    public struct Outcome: Sendable {
        public let folder: ResultsFolder
        public let results: CampaignResults
        public let newTrials: Int
        public let failedTrials: Int
        /// Cells that stopped because the agent or environment raised an error, with the error.
        public let brokenCells: [String]
        /// Stopped by `RunControl.requestStop()` (Ctrl-C) before every cell was complete.
        public let interrupted: Bool
        /// Where `force` moved an earlier folder.
        public let movedAside: URL?
        /// Problems found and handled (a row cut short, code that changed since the folder was written).
        public let warnings: [String]
        /// Seconds of the run, and within it in the agents, in evaluations and in building environments and agents.
        public let wallSeconds: Double, agentSeconds: Double, evaluationSeconds: Double, setupSeconds: Double
    }

    public let manifest: Manifest
    public let options: Options
    public let folder: ResultsFolder
    public let control: RunControl
    private let progress: CampaignProgress

    public init(
        manifest: Manifest, options: Options = Options(), control: RunControl = RunControl(),
        progress: CampaignProgress = CampaignProgress(style: .quiet)
    ) {
        self.manifest = manifest
        self.options = options
        self.control = control
        self.progress = progress
        let root = ResultsFolder(path: manifest.output)
        folder = options.shard.map(root.shard) ?? root
    }

    /// Runs the campaign; `report` renders the report's files at the end, which are written with the statistics
    /// once both are computed, while the folder is still locked.
    public func run(report: (CampaignResults, ResultsFolder) throws -> [ReportFile] = { _, _ in [] }) throws -> Outcome
    {
        let started = ContinuousClock.now
        let campaign = Campaign(manifest)
        if let shard = options.shard, shard.count > campaign.cells.count {
            throw PlainError(
                "--shard \(shard): the campaign has only \(campaign.cells.count) runs; split it into at most "
                    + "\(campaign.cells.count) shards")
        }
        Provenance.prefetchCommit()
        let cells = campaign.cells(in: options.shard)
        let prototypes = try CampaignDescription.prototypes(manifest)
        var info = CampaignDescription.runInfo(manifest, prototypes: prototypes, shard: options.shard)

        // The folder, run.json and trials.csv first (in that order, so that a folder with trials always has its
        // description), then the slower parts of the description: the optima and the git commit.
        let (lock, movedAside, recorded, old) = try prepareFolder(info: info)
        return try withExtendedLifetime(lock) {
            let prior = try CampaignResults.group(
                recorded.trials, recorded.remeasured, cells: cells.map(\.key), budget: manifest.budget,
                files: folder.recordFiles)
            info.sessions =
                (old?.sessions ?? []) + [
                    RunInfo.Session(
                        command: options.command, startedAt: RunInfo.timestamp(), finishedAt: nil,
                        host: ProcessInfo.processInfo.hostName,
                        pid: getpid(), jobs: options.jobs, status: .running, provenance: nil)
                ]
            try info.write(to: folder.url)
            let schema = recorded.schema ?? TrialSchema(header: info.columns)!
            let writer = try CampaignWriter(
                folder: folder, schema: schema, recorded: recorded,
                remeasure: manifest.remeasure, progress: progress)
            info = CampaignDescription.completed(info, prototypes: prototypes)
            info.sessions[info.sessions.count - 1].provenance = info.provenance
            var warnings =
                recorded.warnings
                + zip(manifest.environments, prototypes).flatMap { entry, env in
                    env.warnings.map { "environment \(entry.label): \($0)" }
                }
            // The code of the last session that got as far as recording it (a run killed at its start did not).
            if let before = old?.sessions.last(where: { $0.provenance != nil })?.provenance,
                !before.sameCode(as: info.provenance)
            {
                warnings.append(
                    "\(folder.path) was written by satune \(before.codeDescription), this is "
                        + "\(info.provenance.codeDescription); each resumed agent is checked against its recorded "
                        + "trials"
                )
            }
            for warning in warnings { progress.warn(warning) }
            try Files.writeAtomically(Data(manifest.source.utf8), to: folder.file(ResultsFolder.manifestFile))
            try info.write(to: folder.url)
            // An immediate exit (a second Ctrl-C) skips the session's end below: run.json then says so.
            let stopped = EmergencyStop.register { [info, url = folder.url] in
                var info = info
                info.sessions[info.sessions.count - 1].finishedAt = RunInfo.timestamp()
                info.sessions[info.sessions.count - 1].status = .interrupted
                try? info.write(to: url)
            }
            defer { EmergencyStop.remove(stopped) }

            let perCell = manifest.budget + 1 + 2 * manifest.remeasure
            let todo = campaign.runOrder(
                cells.filter {
                    !(prior[$0.key]?.complete(budget: manifest.budget, remeasure: manifest.remeasure) ?? false)
                })
            progress.begin(
                cells: cells.count, cellsDone: cells.count - todo.count, trialsExpected: cells.count * perCell,
                trialsDone: recorded.trials.count + recorded.remeasured.count,
                left: todo.map {
                    ($0.key, perCell - (prior[$0.key].map { $0.trials.count + $0.remeasured.count } ?? 0))
                }, jobs: options.jobs)

            let noise = try NoiseFloor.measure(
                manifest, cells: cells, folder: folder, control: control, progress: progress)
            let tally = Tally()
            let logFolder = folder.file(ResultsFolder.agentLogsFolder)
            let confirm = manifest.confirm
            let (experiment, budget, remeasure) = (manifest.name, manifest.budget, manifest.remeasure)
            let (control, progress, environments) = (control, progress, info.environments)
            CellScheduler.run(todo, jobs: options.jobs, control: control) { cell in
                progress.cellStarted()
                let run = CellRun(
                    cell: cell, experiment: experiment, budget: budget, remeasure: remeasure, schema: schema,
                    logFolder: logFolder, confirm: confirm)
                let record = prior[cell.key]
                let outcome = run.run(
                    prior: record?.trials ?? [], priorRemeasured: record?.remeasured ?? [], sink: writer,
                    control: control)
                tally.add(cell.key, outcome)
                progress.cellFinished(
                    cell.key, outcome: outcome,
                    objective: environments.first { $0.label == cell.environment.label }?.objective.objective)
            }
            progress.end()
            writer.sync()

            let all = writer.allRecords()
            var results = try CampaignResults(
                info: info, trials: all.trials, remeasured: all.remeasured, files: folder.recordFiles)
            results.noise = noise
            let interrupted = control.stopRequested && results.cellsDone < results.cellsTotal
            let broken = tally.broken
            if results.cellsDone == results.cellsTotal { try writer.rewriteInOrder(results) }
            info.sessions[info.sessions.count - 1].finishedAt = RunInfo.timestamp()
            info.sessions[info.sessions.count - 1].status =
                interrupted ? .interrupted : broken.isEmpty ? .complete : .stopped
            try info.write(to: folder.url)
            results.info = info
            try results.writeDerived(to: folder, report: try report(results, folder))
            return Outcome(
                folder: folder, results: results, newTrials: all.trials.count - recorded.trials.count,
                failedTrials: tally.failed,
                brokenCells: broken, interrupted: interrupted, movedAside: movedAside, warnings: warnings,
                wallSeconds: (ContinuousClock.now - started).seconds, agentSeconds: tally.agentSeconds,
                evaluationSeconds: tally.evaluationSeconds, setupSeconds: tally.setupSeconds)
        }
    }

    /// A campaign's folder and its shards have one writer between them: a shard does not run while a process
    /// writes the campaign's own folder (a run or a merge), nor the whole campaign while a shard is written,
    /// which would compute the same runs twice. Each side checks after taking its own lock, so of two that
    /// start together at least one sees the other.
    private func refuseOtherWriters() throws {
        let root = ResultsFolder(path: manifest.output)
        let others = options.shard == nil ? root.shardFolders(started: false) : [root]
        for other in others where FolderLock.isHeld(other) {
            throw PlainError(
                "\(other.path) is in use by another satune process (\(FolderLock.holder(other) ?? "unknown")), "
                    + "so \(folder.path) cannot be written now: a campaign's folder and its shards are written by "
                    + "one process at a time; wait for it to finish or stop it first")
        }
    }

    /// A shard joins the shards of one split only: with shards of another count started under `shards/` (a
    /// task re-submitted with another `--shards`), the merge would refuse them, so the run is refused first.
    private func refuseMixedSplits() throws {
        guard let shard = options.shard else { return }
        let root = ResultsFolder(path: manifest.output)
        let other = root.shardFolders.compactMap { RunInfo.Shard(folderName: $0.url.lastPathComponent) }
            .first { $0.count != shard.count }
        if let other {
            throw PlainError(
                "\(root.path)/\(ResultsFolder.shardsFolder)/ holds shards of a split into \(other.count) "
                    + "(\(other.folderName)), and this run is shard \(shard): a campaign's shards must come from one "
                    + "split to be merged; run shard i/\(other.count), or move \(ResultsFolder.shardsFolder)/ aside "
                    + "to split anew")
        }
    }

    /// Checks the folder, creates it, locks it, and then (under the lock) reads what it holds with its earlier
    /// description and refuses an incompatible one; with `force`, moves an earlier folder aside first.
    private func prepareFolder(info: RunInfo) throws -> (FolderLock, URL?, ResultsFolder.Recorded, RunInfo?) {
        try refuseMixedSplits()
        if case .foreign(let why) = try folder.contents() {
            throw PlainError("refusing to write results into \(folder.path): \(why); choose another output folder")
        }
        var movedAside: URL?
        if options.force {
            switch try folder.contents() {
            case .results, .damaged:
                if FolderLock.isHeld(folder) { _ = try FolderLock(folder: folder, purpose: "run") }  // names the holder
                movedAside = try folder.moveAside()
            default: break
            }
        }
        // Refused before the lock is taken, so that a folder that is not satune's is left as it was (no .lock).
        if case .damaged(let why) = try folder.contents() { throw Self.cannotResume(folder, why) }
        let existed = FileManager.default.fileExists(atPath: folder.url.path)
        try Files.createFolder(folder.url)
        let lock = try FolderLock(folder: folder, purpose: "run")
        do {
            try refuseOtherWriters()
        } catch {
            if !existed { try? FileManager.default.removeItem(at: folder.url) }
            throw error
        }
        switch try folder.contents() {
        case .foreign(let why):
            throw PlainError("refusing to write results into \(folder.path): \(why); choose another output folder")
        case .empty:
            return (lock, movedAside, ResultsFolder.Recorded(), nil)
        case .damaged(let why):
            throw Self.cannotResume(folder, why)
        case .results(let old):
            let refusals = ManifestChanges.refusals(recorded: old, requested: info)
            guard refusals.isEmpty else {
                throw PlainError(
                    """
                    cannot resume \(folder.path): the manifest changed in ways that alter results:
                      \(refusals.joined(separator: "\n  "))
                    run it into another output folder, or with --force to start over (the old folder is moved aside, not deleted)
                    """)
            }
            let recorded = try folder.readRecorded(describedBy: old)
            if let schema = recorded.schema, schema.header != info.columns {
                throw PlainError(
                    "cannot resume \(folder.path): the columns of trials.csv changed (the environments' knobs or "
                        + "metrics differ); run with --force to start over"
                )
            }
            return (lock, movedAside, recorded, old)
        }
    }

    private static func cannotResume(_ folder: ResultsFolder, _ why: String) -> PlainError {
        PlainError(
            "cannot resume \(folder.path): \(why); run with --force to start over (the old folder is moved aside, not "
                + "deleted)")
    }

    /// Totals over cells, from worker threads.
    private final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var failed = 0
        private(set) var broken: [String] = []
        private(set) var agentSeconds = 0.0, evaluationSeconds = 0.0, setupSeconds = 0.0

        func add(_ key: CellKey, _ outcome: CellRun.Outcome) {
            lock.withLock {
                failed += outcome.failedTrials
                agentSeconds += outcome.agentSeconds
                evaluationSeconds += outcome.evaluationSeconds
                setupSeconds += outcome.setupSeconds
                if let error = outcome.error { broken.append("\(key): \(error)") }
            }
        }
    }
}

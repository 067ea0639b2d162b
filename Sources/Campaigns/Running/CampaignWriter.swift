import Foundation
import Results
import TuningKit

/// The one writer of a campaign's record files: `CellRun`s on several threads hand it records, which it
/// appends as whole rows (each in one write) and keeps, with the earlier ones, for the statistics.
final class CampaignWriter: CellRun.Sink, @unchecked Sendable {
    private let lock = NSLock()
    private let schema: TrialSchema
    private let folder: ResultsFolder
    private let trialLog: CSVAppender
    private let remeasureLog: CSVAppender?
    private var trials: [TrialRecord]
    private var remeasured: [RemeasureRecord]
    private let progress: CampaignProgress

    init(
        folder: ResultsFolder, schema: TrialSchema, recorded: ResultsFolder.Recorded, remeasure: Int,
        progress: CampaignProgress
    ) throws {
        self.folder = folder
        self.schema = schema
        self.progress = progress
        trials = recorded.trials
        remeasured = recorded.remeasured
        trialLog = try CSVAppender(
            folder.trials, header: CSVText.line(schema.header), wholeLength: recorded.trialsLength)
        remeasureLog =
            remeasure > 0 || !recorded.remeasured.isEmpty
            ? try CSVAppender(
                folder.remeasured, header: CSVText.line(RemeasureRecord.header), wholeLength: recorded.remeasuredLength)
            : nil
    }

    func record(_ trial: TrialRecord) throws {
        let line = schema.line(trial)
        try lock.withLock {
            try trialLog.write(line)
            trials.append(trial)
        }
        progress.trialRecorded(trial.cell, seconds: ((trial.elapsedMs ?? 0) + (trial.agentMs ?? 0)) / 1000)
    }

    func record(_ remeasurement: RemeasureRecord) throws {
        let line = remeasurement.line
        try lock.withLock {
            guard let remeasureLog else { return }
            try remeasureLog.write(line)
            remeasured.append(remeasurement)
        }
        progress.trialRecorded(remeasurement.cell, seconds: (remeasurement.elapsedMs ?? 0) / 1000)
    }

    func sync() {
        lock.withLock {
            trialLog.sync()
            remeasureLog?.sync()
        }
    }

    /// Every record of the folder, earlier and new, in file order.
    func allRecords() -> (trials: [TrialRecord], remeasured: [RemeasureRecord]) {
        lock.withLock { (trials, remeasured) }
    }

    /// Rewrites the record files in the canonical order of `results` when the rows are not in it already
    /// (cells that ran in parallel, or a resume): a new file is written and renamed over the old one.
    func rewriteInOrder(_ results: CampaignResults) throws {
        try lock.withLock {
            if results.trials != trials {
                var text = CSVText.line(schema.header)
                for trial in results.trials { text += schema.line(trial) }
                try Files.writeAtomically(Data(text.utf8), to: folder.trials)
                trials = results.trials
            }
            if remeasureLog != nil, results.remeasured != remeasured {
                var text = CSVText.line(RemeasureRecord.header)
                for record in results.remeasured { text += record.line }
                try Files.writeAtomically(Data(text.utf8), to: folder.remeasured)
                remeasured = results.remeasured
            }
        }
    }
}

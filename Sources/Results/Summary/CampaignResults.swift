import Foundation
import TuningKit

/// Everything a results folder says, typed: the run description, the records of every run in canonical
/// order, and the statistics derived from them (`summary.csv`, `pairwise.csv`). The runner, `satune
/// report` and `satune merge` all build it from records, so the files never disagree with `trials.csv`.
public struct CampaignResults: Sendable {
    /// The records of one run (cell).
    public struct Run: Sendable {
        public let key: CellKey
        /// Steps 0, 1, ... in order.
        public var trials: [TrialRecord] = []
        /// In the order they were taken (default, incumbent, default, ...).
        public var remeasured: [RemeasureRecord] = []

        public func complete(budget: Int, remeasure: Int) -> Bool {
            trials.count == budget + 1 && remeasured.count == 2 * remeasure
        }
    }

    public var info: RunInfo
    /// What reading the records found and handled (a last row cut short).
    public var warnings: [String] = []
    /// The default of each real environment measured at the campaign's start (`noise.csv`).
    public var noise: [NoiseRecord] = [] {
        didSet { summary = SummaryRow.rows(info: info, runs: runs, noise: NoiseRecord.floors(noise)) }
    }
    /// The runs of the folder's cells in canonical order, recorded or not.
    public let runs: [Run]
    public private(set) var summary: [SummaryRow]
    public let pairwise: [PairwiseRow]
    /// Every record in canonical order (runs in order, each run's steps in order).
    public var trials: [TrialRecord] { runs.flatMap(\.trials) }
    public var remeasured: [RemeasureRecord] { runs.flatMap(\.remeasured) }

    public var cellsTotal: Int { runs.count }
    public var cellsDone: Int { runs.filter { $0.complete(budget: info.budget, remeasure: info.remeasure) }.count }
    /// Cells with some records but not all.
    public var cellsInProgress: Int {
        runs.filter { !$0.trials.isEmpty && !$0.complete(budget: info.budget, remeasure: info.remeasure) }.count
    }
    public var partial: Bool { cellsDone < cellsTotal }

    /// Groups and checks records and computes the statistics; `files` name the record files in errors.
    public init(
        info: RunInfo, trials: [TrialRecord], remeasured: [RemeasureRecord], files: (trials: String, remeasured: String)
    ) throws {
        try self.init(info: info, cells: info.cells, trials: trials, remeasured: remeasured, files: files)
    }

    /// The same, over `cells` (of `info`'s campaign) rather than the folder's own.
    init(
        info: RunInfo, cells: [CellKey], trials: [TrialRecord], remeasured: [RemeasureRecord],
        files: (trials: String, remeasured: String)
    ) throws {
        self.info = info
        let grouped = try Self.group(trials, remeasured, cells: cells, budget: info.budget, files: files)
        runs = cells.map { grouped[$0] ?? Run(key: $0) }
        summary = SummaryRow.rows(info: info, runs: runs)
        pairwise = PairwiseRow.rows(info: info, runs: runs)
    }

    /// Reads a results folder (`run.json`, `trials.csv`, `remeasured.csv`).
    public static func load(_ folder: ResultsFolder) throws -> CampaignResults {
        guard FileManager.default.fileExists(atPath: folder.file(RunInfo.fileName).path) else {
            if !folder.shardFolders.isEmpty {
                throw PlainError(
                    "\(folder.path) holds shards but no merged results; run satune merge \(folder.path) first")
            }
            throw PlainError(
                "\(folder.path) is not a results folder: it has no \(RunInfo.fileName) (satune run MANIFEST writes one)"
            )
        }
        let info = try RunInfo.read(from: folder.url)
        let recorded = try folder.readRecorded(describedBy: info)
        var results = try CampaignResults(
            info: info, trials: recorded.trials, remeasured: recorded.remeasured, files: folder.recordFiles)
        results.warnings = recorded.warnings
        results.noise = try folder.readNoise()
        return results
    }

    /// Records grouped by cell, each run's steps checked to be 0, 1, 2, ... without gaps or repeats, and
    /// every record checked to belong to one of `cells`.
    public static func group(
        _ trials: [TrialRecord], _ remeasured: [RemeasureRecord], cells: [CellKey], budget: Int,
        files: (trials: String, remeasured: String)
    ) throws -> [CellKey: Run] {
        let file = files.trials
        let known = Set(cells)
        var runs: [CellKey: Run] = [:]
        for trial in trials {
            let key = trial.cell
            guard known.contains(key) else {
                throw PlainError(
                    "\(file): has trials of \(key), which this campaign does not have (a different manifest?)")
            }
            runs[key, default: Run(key: key)].trials.append(trial)
        }
        for record in remeasured {
            guard known.contains(record.cell) else {
                throw PlainError(
                    "\(files.remeasured): has re-measurements of \(record.cell), which this campaign does not have")
            }
            runs[record.cell, default: Run(key: record.cell)].remeasured.append(record)
        }
        for (key, run) in runs {
            let sorted = run.trials.sorted { $0.step < $1.step }
            for (i, trial) in sorted.enumerated() where trial.step != i || i > budget {
                throw PlainError(
                    "\(file): run \(key) has step \(trial.step) where step \(i) was expected (the file was edited "
                        + "or mixed with another)"
                )
            }
            let measures = run.remeasured.sorted { $0.index < $1.index }
            for (i, record) in measures.enumerated() where record.index != i {
                throw PlainError(
                    "\(files.remeasured): run \(key) has re-measurement \(record.index) where \(i) was expected")
            }
            runs[key] = Run(key: key, trials: sorted, remeasured: measures)
        }
        return runs
    }

    /// Writes `summary.csv` and `pairwise.csv`, then the report's files, rendered beforehand (so that a report
    /// that cannot be computed leaves every derived file as it was).
    public func writeDerived(to folder: ResultsFolder, report: [ReportFile] = []) throws {
        try CSVText.write(
            folder.file(ResultsFolder.summaryFile), header: SummaryRow.header, rows: summary.map(\.fields))
        try CSVText.write(
            folder.file(ResultsFolder.pairwiseFile), header: PairwiseRow.header, rows: pairwise.map(\.fields))
        for file in report {
            try Files.writeAtomically(file.contents, to: folder.file(file.name), durable: false)
        }
    }
}

/// A file of a report, rendered and waiting to be written into a results folder beside the statistics.
public struct ReportFile: Sendable {
    /// Its name in the results folder, e.g. `report.html`.
    public let name: String
    public let contents: Data

    public init(name: String, contents: Data) {
        self.name = name
        self.contents = contents
    }
}

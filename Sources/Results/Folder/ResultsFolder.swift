import Foundation
import TuningKit

/// A results folder (`Results/<name>/`, or a shard of one): the one place that knows its file names and
/// its lifecycle.
///
/// | file | written by | holds |
/// |---|---|---|
/// | `manifest.yaml` | run | the manifest as last run |
/// | `run.json` | run, merge | environments, agents, fingerprint, shard, provenance, sessions |
/// | `trials.csv` | run (appended as trials complete) | one row per evaluation |
/// | `remeasured.csv` | run, with `remeasure: K` | re-measurements of defaults and incumbents |
/// | `noise.csv` | run, with a real environment | the default measured at the start: the noise floor |
/// | `summary.csv`, `pairwise.csv`, `report.html` | run, report, merge | derived from the trials (`satune report`) |
/// | `.lock` | run, merge | the process writing the folder (one writer at a time) |
/// | `agents/` | run | the standard error of agents that are other processes, one file a run |
/// | `shards/` | run --shard | one sub-folder per shard |
public struct ResultsFolder: Sendable {
    public let url: URL

    public init(_ url: URL) { self.url = url }
    public init(path: String) { url = URL(fileURLWithPath: path, isDirectory: true) }

    public static let manifestFile = "manifest.yaml"
    public static let trialsFile = "trials.csv"
    public static let remeasuredFile = "remeasured.csv"
    /// The default configuration of each real environment measured at the campaign's start (its noise floor).
    public static let noiseFile = "noise.csv"
    public static let summaryFile = "summary.csv"
    public static let pairwiseFile = "pairwise.csv"
    public static let reportFile = "report.html"
    /// The report's first chart as a file of its own, for a README.
    public static let headlineFile = "headline.svg"
    /// Configurations tried by hand (the dashboard), kept apart from the agents' trials.
    public static let manualTrialsFile = "manual-trials.csv"
    public static let lockFile = ".lock"
    /// The standard error of agents that are other processes (`ExternalAgent`), one file a run.
    public static let agentLogsFolder = "agents"
    public static let shardsFolder = "shards"

    /// Every name satune writes in a results folder; a folder holding anything else is not satune's.
    static let knownNames: Set<String> = [
        manifestFile, RunInfo.fileName, trialsFile, remeasuredFile, noiseFile, summaryFile, pairwiseFile, reportFile,
        headlineFile, lockFile, shardsFolder, "slurm", manualTrialsFile, agentLogsFolder,
    ]

    public var path: String { url.path }
    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }
    public var trials: URL { file(Self.trialsFile) }
    public var remeasured: URL { file(Self.remeasuredFile) }
    public var noise: URL { file(Self.noiseFile) }

    /// The noise-floor records of the folder (none when it has no `noise.csv`).
    public func readNoise() throws -> [NoiseRecord] {
        guard FileManager.default.fileExists(atPath: noise.path) else { return [] }
        let table = try CSVText.read(noise, name: noise.path)
        if !table.header.isEmpty, table.header != NoiseRecord.header {
            throw PlainError("\(noise.path): line 1: not a satune noise-floor header")
        }
        return try zip(table.rows, table.lines).map { try NoiseRecord.parse($0, file: noise.path, line: $1) }
    }
    /// The paths of the two record files, for messages.
    public var recordFiles: (trials: String, remeasured: String) { (trials.path, remeasured.path) }

    /// The folder of one shard of this campaign.
    public func shard(_ shard: RunInfo.Shard) -> ResultsFolder {
        ResultsFolder(
            url.appendingPathComponent(Self.shardsFolder).appendingPathComponent(shard.folderName, isDirectory: true))
    }

    /// The shard folders under `shards/` that have started (named `<i>-of-<n>`, holding a `run.json`; a shard
    /// moved aside by `--force` is not one), in name order.
    public var shardFolders: [ResultsFolder] { shardFolders(started: true) }

    /// The folders under `shards/` named like a shard (`i-of-n`); with `started`, only those that hold a
    /// `run.json`.
    public func shardFolders(started: Bool) -> [ResultsFolder] {
        let shards = url.appendingPathComponent(Self.shardsFolder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: shards.path)) ?? []
        return names.filter { RunInfo.Shard(folderName: $0) != nil }.sorted()
            .map { ResultsFolder(shards.appendingPathComponent($0, isDirectory: true)) }
            .filter { !started || FileManager.default.fileExists(atPath: $0.file(RunInfo.fileName).path) }
    }

    // MARK: What the folder holds

    /// True when `folder` holds a record file (`trials.csv` or `remeasured.csv`).
    public static func holdsRecords(_ folder: ResultsFolder) -> Bool {
        [folder.trials, folder.remeasured].contains { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// What is at the folder's path.
    public enum Contents {
        /// Nothing there yet, or an empty folder.
        case empty
        /// A satune results folder with its run description.
        case results(RunInfo)
        /// A satune results folder whose `run.json` cannot be read (why): written by an older satune, or damaged.
        case damaged(String)
        /// A file, or a folder with files satune did not write (listed).
        case foreign(String)
    }

    public func contents() throws -> Contents {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return .empty }
        guard isFolder.boolValue else { return .foreign("\(path) is a file, not a folder") }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: path) } catch {
            throw Files.cannotRead(url, error)
        }
        let visible = names.filter { !($0.hasPrefix(".") && $0.hasSuffix(".tmp")) }
        if visible.isEmpty || visible == [Self.lockFile] { return .empty }
        let strangers = visible.filter { !Self.knownNames.contains($0) }.sorted()
        if strangers.contains(Self.trialsFile + ".xz") {
            // A committed campaign keeps a large trials.csv compressed (Results/README.md).
            return .foreign(
                "\(path) holds \(Self.trialsFile).xz, a compressed trials.csv: to resume or extend this campaign, "
                    + "decompress it in place (xz -d \(file(Self.trialsFile).path).xz)")
        }
        if !strangers.isEmpty {
            let shown = strangers.prefix(5).joined(separator: ", ") + (strangers.count > 5 ? ", ..." : "")
            return .foreign("\(path) holds files satune did not write (\(shown))")
        }
        guard FileManager.default.fileExists(atPath: file(RunInfo.fileName).path) else {
            if visible.allSatisfy({ [Self.shardsFolder, "slurm", Self.lockFile].contains($0) }) { return .empty }
            return .damaged("\(path) has results files but no \(RunInfo.fileName)")
        }
        do {
            return .results(try RunInfo.read(from: url))
        } catch {
            return .damaged("\(error)")
        }
    }

    /// Why this path cannot hold results of campaign `experiment`, or nil: it is the root folder, a file,
    /// under a file, a folder that cannot be written, a folder holding files satune did not write, or the
    /// results of a campaign of another name (which a run would refuse to resume). For `satune validate`,
    /// before anything runs.
    public func problemAsOutput(experiment: String? = nil) -> String? {
        let standard = url.standardizedFileURL.path
        if standard == "/" || standard.isEmpty {
            return "\(path) is the root folder; results need a folder of their own"
        }
        var isFolder: ObjCBool = false
        var ancestor = url.standardizedFileURL
        while ancestor.path != "/" {
            if FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isFolder) {
                if !isFolder.boolValue {
                    return ancestor.path == standard
                        ? "\(path) is a file, not a folder" : "\(path) is under \(ancestor.path), which is a file"
                }
                break
            }
            ancestor = ancestor.deletingLastPathComponent()
        }
        if access(ancestor.path, W_OK | X_OK) != 0 {
            let which = ancestor.path == standard ? "" : " (\(path) would be created there)"
            return "cannot write into \(ancestor.path)\(which): \(PlainError.errnoText(errno)); choose another "
                + "output folder"
        }
        switch (try? contents()) ?? .empty {
        case .foreign(let why):
            return why + "; choose another output folder"
        case .results(let info) where experiment != nil && info.experiment != experiment:
            return "\(path) holds the results of campaign \(info.experiment), and a run refuses to resume them under "
                + "another name; choose another output folder (or run with --force to move them aside)"
        default:
            return nil
        }
    }

    /// Moves the folder aside to `<name>.old-<date>-<time>` (never deleting it) and returns where it went.
    public func moveAside() throws -> URL {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        var target = URL(fileURLWithPath: path + ".old-" + formatter.string(from: Date()))
        var n = 2
        while FileManager.default.fileExists(atPath: target.path) {
            target = URL(fileURLWithPath: path + ".old-" + formatter.string(from: Date()) + "-\(n)")
            n += 1
        }
        guard rename(path, target.path) == 0 else {
            throw PlainError("cannot move \(path) aside to \(target.path): \(PlainError.errnoText(errno))")
        }
        return target
    }

    // MARK: Reading the trials

    /// The trials recorded in the folder, in file order. A last row cut short (a write interrupted by
    /// `kill -9` or a full disk) is left out and reported in `warnings`; any other malformed row is an
    /// error naming its line, and so is a row that does not fit the campaign `run.json` describes (`TrialsCheck`).
    public struct Recorded: Sendable {
        public var schema: TrialSchema?
        public var trials: [TrialRecord] = []
        public var remeasured: [RemeasureRecord] = []
        public var warnings: [String] = []
        /// Bytes of whole rows in each file: where an appender continues.
        public var trialsLength = 0
        public var remeasuredLength = 0

        public init() {}
    }

    public func readRecorded(describedBy info: RunInfo) throws -> Recorded {
        var recorded = Recorded()
        let fm = FileManager.default
        if fm.fileExists(atPath: trials.path) {
            let table = try CSVText.read(trials, name: trials.path)
            if !table.header.isEmpty {
                guard let schema = TrialSchema(header: table.header) else {
                    throw PlainError("\(trials.path): line 1: not a satune trials header")
                }
                var check = try TrialsCheck(info: info, schema: schema, file: trials.path)
                recorded.schema = schema
                recorded.trials.reserveCapacity(table.rows.count)
                for (fields, line) in zip(table.rows, table.lines) {
                    let record = try schema.record(fields, file: trials.path, line: line)
                    try check.check(record, line: line)
                    recorded.trials.append(record)
                }
            }
            if let cut = table.partialTail {
                recorded.warnings.append(
                    "\(trials.path): line \(cut): a last row cut short (an interrupted write) is left out; a resume "
                        + "drops it"
                )
            }
            recorded.trialsLength = table.wholeLength
        }
        if fm.fileExists(atPath: remeasured.path) {
            let table = try CSVText.read(remeasured, name: remeasured.path)
            if !table.header.isEmpty, table.header != RemeasureRecord.header {
                throw PlainError("\(remeasured.path): line 1: not a satune re-measurement header")
            }
            for (fields, line) in zip(table.rows, table.lines) {
                recorded.remeasured.append(try RemeasureRecord.parse(fields, file: remeasured.path, line: line))
            }
            if let cut = table.partialTail {
                recorded.warnings.append(
                    "\(remeasured.path): line \(cut): a last row cut short (an interrupted write) is left out; a "
                        + "resume drops it"
                )
            }
            recorded.remeasuredLength = table.wholeLength
        }
        return recorded
    }
}

import Foundation

/// `satune merge`: combines the shard folders of one campaign into one results folder, as if it had run
/// on one machine: the same `trials.csv` (canonical order), `run.json`, `summary.csv` and `pairwise.csv`.
/// Shards of different manifests, or produced by different code, are refused.
public enum ShardMerge {
    public struct Outcome: Sendable {
        public let results: CampaignResults
        public let shards: Int
        public let warnings: [String]
    }

    /// The shard folders named by `sources`: each is a shard folder, or a folder whose `shards/` holds them.
    public static func shardFolders(_ sources: [ResultsFolder]) throws -> [ResultsFolder] {
        var found: [ResultsFolder] = []
        for source in sources {
            let own = FileManager.default.fileExists(atPath: source.file(RunInfo.fileName).path)
            if own, (try RunInfo.read(from: source.url)).shard != nil {
                found.append(source)
            } else if !source.shardFolders.isEmpty {
                found += source.shardFolders
            } else if own {
                throw FileProblem("\(source.path) is a whole campaign, not a shard (satune run --shard i/n writes shards)")
            } else {
                throw FileProblem("\(source.path) is not a shard folder and has no shards/ folder")
            }
        }
        guard !found.isEmpty else { throw FileProblem("no shard folders to merge") }
        return found
    }

    public static func merge(into output: ResultsFolder, from sources: [ResultsFolder]) throws -> Outcome {
        let shards = try shardFolders(sources)
        var infos: [RunInfo] = []
        var trials: [TrialRecord] = [], remeasured: [RemeasureRecord] = [], warnings: [String] = []
        var manifestText: Data?
        for folder in shards {
            let info = try RunInfo.read(from: folder.url)
            if let first = infos.first {
                guard info.manifestHash == first.manifestHash, info.shard?.count == first.shard?.count else {
                    throw FileProblem("\(folder.path) is a shard of a different manifest than \(shards[0].path); merge only shards of one campaign")
                }
                guard info.provenance.sameCode(as: first.provenance) else {
                    throw FileProblem("\(folder.path) was produced by satune \(info.provenance.codeDescription), \(shards[0].path) by \(first.provenance.codeDescription); shards must come from the same code")
                }
                if infos.contains(where: { $0.shard == info.shard }) {
                    throw FileProblem("shard \(info.shard!) is given twice (\(folder.path))")
                }
            }
            infos.append(info)
            let recorded = try folder.readRecorded()
            trials += recorded.trials
            remeasured += recorded.remeasured
            warnings += recorded.warnings
            if manifestText == nil { manifestText = FileManager.default.contents(atPath: folder.file(ResultsFolder.manifestFile).path) }
            if FolderLock.isHeld(folder) { warnings.append("\(folder.path) is still being written (\(FolderLock.holder(folder) ?? "a satune process"))") }
        }
        var info = infos[0]
        let count = info.shard!.count
        let missing = (1...count).filter { index in !infos.contains { $0.shard?.index == index } }
        if !missing.isEmpty { warnings.append("shards \(missing.map { "\($0)/\(count)" }.joined(separator: ", ")) are missing: the merged results are partial") }
        info.shard = nil
        info.sessions = infos.flatMap(\.sessions) + [RunInfo.Session(
            command: "satune merge", startedAt: CampaignRunner.now(), finishedAt: CampaignRunner.now(),
            host: ProcessInfo.processInfo.hostName, pid: getpid(), jobs: 1, status: "merged")]

        switch try output.contents() {
        case .foreign(let why), .damaged(let why): throw FileProblem("refusing to merge into \(output.path): \(why)")
        case .results(let old) where old.manifestHash != info.manifestHash:
            throw FileProblem("refusing to merge into \(output.path): it holds results of another manifest")
        case .results(let old) where old.sessions.last?.status != "merged":
            throw FileProblem("refusing to merge into \(output.path): it holds the trials of a satune run, which a merge would replace; merge into another folder")
        default: break
        }
        try FileProblem.createFolder(output.url)
        let lock = try FolderLock(folder: output, purpose: "merge")
        defer { withExtendedLifetime(lock) {} }
        let results = try CampaignResults(info: info, trials: trials, remeasured: remeasured, file: "the shards' trials.csv")
        let schema = TrialSchema(header: info.columns)!
        if let manifestText { try FileProblem.writeAtomically(manifestText, to: output.file(ResultsFolder.manifestFile)) }
        try info.write(to: output.url)
        try FileProblem.writeAtomically(Data((CSVText.line(schema.header) + results.trials.map(schema.line).joined()).utf8), to: output.trials)
        if info.remeasure > 0 {
            let text = CSVText.line(RemeasureRecord.header) + results.remeasured.map(\.line).joined()
            try FileProblem.writeAtomically(Data(text.utf8), to: output.remeasured)
        }
        try results.writeStatistics(to: output)
        return Outcome(results: results, shards: shards.count, warnings: warnings)
    }
}

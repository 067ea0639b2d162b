import Foundation
import TuningKit

/// `satune merge`: combines the shard folders of one campaign into one results folder, as if it had run
/// on one machine: the same `trials.csv` (canonical order), `run.json`, `summary.csv` and `pairwise.csv`.
/// Shards of different manifests, of different shard counts, or produced by different code are refused;
/// a merge never replaces trials that the shards do not have.
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
                throw FileProblem(
                    "\(source.path) is a whole campaign, not a shard (satune run --shard i/n writes shards)")
            } else if FileManager.default.fileExists(
                atPath: source.url.appendingPathComponent(ResultsFolder.shardsFolder).path)
            {
                throw FileProblem(
                    "\(source.path)/\(ResultsFolder.shardsFolder)/ holds no shard that has started yet "
                        + "(satune run --shard i/n writes them)")
            } else {
                throw FileProblem("\(source.path) is not a shard folder and has no shards/ folder")
            }
        }
        guard !found.isEmpty else { throw FileProblem("no shard folders to merge") }
        return found
    }

    /// Merges the shards into `output`; `finish` (e.g. writing the report) runs while `output` is locked.
    public static func merge(
        into output: ResultsFolder, from sources: [ResultsFolder],
        finish: (CampaignResults, ResultsFolder) throws -> Void = { _, _ in }
    ) throws -> Outcome {
        let shards = try shardFolders(sources)
        let infos = try shards.map { try RunInfo.read(from: $0.url) }
        var warnings = try check(shards, infos)
        var trials: [TrialRecord] = [], remeasured: [RemeasureRecord] = []
        for folder in shards {
            let recorded = try folder.readRecorded()
            trials += recorded.trials
            remeasured += recorded.remeasured
            warnings += recorded.warnings
            if FolderLock.isHeld(folder) {
                warnings.append(
                    "\(folder.path) is still being written (\(FolderLock.holder(folder) ?? "a satune process"))")
            }
        }
        var info = infos[0]
        let count = info.shard!.count
        let missing = (1...count).filter { index in !infos.contains { $0.shard?.index == index } }
        if !missing.isEmpty {
            warnings.append(
                "shards \(missing.map { "\($0)/\(count)" }.joined(separator: ", ")) are missing: the merged results "
                    + "are partial"
            )
        }
        info.shard = nil
        info.sessions =
            infos.flatMap(\.sessions) + [
                RunInfo.Session(
                    command: "satune merge", startedAt: CampaignRunner.now(), finishedAt: CampaignRunner.now(),
                    host: ProcessInfo.processInfo.hostName, pid: getpid(), jobs: 1, status: "merged",
                    provenance: .current())
            ]
        let results = try CampaignResults(
            info: info, trials: trials, remeasured: remeasured,
            files: ("the shards' trials.csv", "the shards' remeasured.csv"))
        if missing.isEmpty, results.partial {
            warnings.append(
                "\(results.cellsTotal - results.cellsDone) of \(results.cellsTotal) runs are not complete in the "
                    + "shards: the merged results are partial (resume the shards, then merge again)")
        }

        if case .foreign(let why) = try output.contents() {
            throw FileProblem("refusing to merge into \(output.path): \(why)")
        }
        try FileProblem.createFolder(output.url)
        let lock = try FolderLock(folder: output, purpose: "merge")
        return try withExtendedLifetime(lock) {
            try checkNothingIsLost(in: output, info: info, merged: results)
            let schema = TrialSchema(header: info.columns)!
            let manifest = FileManager.default.contents(atPath: shards[0].file(ResultsFolder.manifestFile).path)
            if let manifest { try FileProblem.writeAtomically(manifest, to: output.file(ResultsFolder.manifestFile)) }
            try info.write(to: output.url)
            let text = CSVText.line(schema.header) + results.trials.map { schema.line($0) }.joined()
            try FileProblem.writeAtomically(Data(text.utf8), to: output.trials)
            if info.remeasure > 0 {
                let lines = CSVText.line(RemeasureRecord.header) + results.remeasured.map { $0.line }.joined()
                try FileProblem.writeAtomically(Data(lines.utf8), to: output.remeasured)
            }
            try results.writeStatistics(to: output)
            try finish(results, output)
            return Outcome(results: results, shards: shards.count, warnings: warnings)
        }
    }

    /// Refuses shards that do not belong together; warns where the libraries differ.
    private static func check(_ shards: [ResultsFolder], _ infos: [RunInfo]) throws -> [String] {
        let counts = Set(infos.compactMap { $0.shard?.count })
        guard counts.count == 1 else {
            let listed = counts.sorted().map(String.init).joined(separator: " and ")
            let largest = counts.max()
            let example = zip(shards, infos).filter { $0.1.shard?.count == largest }.map { $0.0.path }.joined(
                separator: " ")
            throw FileProblem(
                "the shards were dealt in different counts (\(listed)); merge the shards of one count, e.g. satune "
                    + "merge OUT \(example)"
            )
        }
        var warnings: [String] = []
        let first = infos[0]
        for (folder, info) in zip(shards, infos).dropFirst() {
            guard info.manifestHash == first.manifestHash else {
                throw FileProblem(
                    "\(folder.path) is a shard of a different manifest than \(shards[0].path); merge only shards of "
                        + "one campaign"
                )
            }
            guard info.provenance.sameCode(as: first.provenance) else {
                throw FileProblem(
                    "\(folder.path) was produced by satune \(info.provenance.codeDescription), \(shards[0].path) by "
                        + "\(first.provenance.codeDescription); shards must come from the same code"
                )
            }
            if infos.filter({ $0.shard == info.shard }).count > 1 {
                throw FileProblem("shard \(info.shard!) is given twice (\(folder.path))")
            }
            let (a, b) = (info.provenance, first.provenance)
            if a.openblasVersion != b.openblasVersion || a.sqliteVersion != b.sqliteVersion || a.blasCore != b.blasCore
            {
                warnings.append(
                    "\(folder.path) ran with OpenBLAS \(a.openblasVersion) (\(a.blasCore)) and SQLite "
                        + "\(a.sqliteVersion), \(shards[0].path) with OpenBLAS \(b.openblasVersion) (\(b.blasCore)) "
                        + "and SQLite \(b.sqliteVersion): the last digits of results may differ"
                )
            }
        }
        if first.provenance.gitCommit == nil {
            warnings.append("the shards record no git commit: that they ran the same code cannot be checked")
        }
        return warnings
    }

    /// A merge rewrites the output's trials: refused when the output holds trials the shards do not have
    /// (e.g. a campaign run there without shards).
    private static func checkNothingIsLost(in output: ResultsFolder, info: RunInfo, merged: CampaignResults) throws {
        switch try output.contents() {
        case .foreign(let why), .damaged(let why):
            throw FileProblem("refusing to merge into \(output.path): \(why)")
        case .results(let old):
            guard old.manifestHash == info.manifestHash else {
                throw FileProblem("refusing to merge into \(output.path): it holds results of another manifest")
            }
            let have = Set(merged.trials.map { "\($0.cell)|\($0.step)" })
            let lost = try output.readRecorded().trials.filter { !have.contains("\($0.cell)|\($0.step)") }
            guard lost.isEmpty else {
                throw FileProblem(
                    "refusing to merge into \(output.path): it holds \(lost.count) trials the shards do not have "
                        + "(first: \(lost[0].cell) step \(lost[0].step)); merge into another folder"
                )
            }
        case .empty:
            break
        }
    }
}

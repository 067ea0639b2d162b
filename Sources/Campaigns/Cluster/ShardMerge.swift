import Foundation
import Results
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

    /// The shard folders named by `sources`, each with its `run.json`: each source is a shard folder, or a
    /// folder whose `shards/` holds them. A folder under `shards/` whose `run.json` does not describe the shard
    /// its name says (a whole campaign's, say) is refused.
    public static func shardFolders(_ sources: [ResultsFolder]) throws -> [(folder: ResultsFolder, info: RunInfo)] {
        var found: [(ResultsFolder, RunInfo)] = []
        for source in sources {
            let own = FileManager.default.fileExists(atPath: source.file(RunInfo.fileName).path)
            if own, case let info = try RunInfo.read(from: source.url), info.shard != nil {
                found.append((source, info))
            } else if !source.shardFolders.isEmpty {
                for folder in source.shardFolders {
                    let info = try RunInfo.read(from: folder.url)
                    let named = RunInfo.Shard(folderName: folder.url.lastPathComponent)
                    guard let shard = info.shard, shard == named else {
                        throw PlainError(
                            "\(folder.path) is under \(ResultsFolder.shardsFolder)/ but is not a shard: its "
                                + "\(RunInfo.fileName) describes "
                                + "\(info.shard.map { "shard \($0)" } ?? "a whole campaign"); "
                                + "move it out of \(ResultsFolder.shardsFolder)/")
                    }
                    found.append((folder, info))
                }
            } else if own {
                throw PlainError(
                    "\(source.path) is a whole campaign, not a shard (satune run --shard i/n writes shards)")
            } else if FileManager.default.fileExists(
                atPath: source.url.appendingPathComponent(ResultsFolder.shardsFolder).path)
            {
                throw PlainError(
                    "\(source.path)/\(ResultsFolder.shardsFolder)/ holds no shard that has started yet "
                        + "(satune run --shard i/n writes them)")
            } else {
                throw PlainError("\(source.path) is not a shard folder and has no shards/ folder")
            }
        }
        guard !found.isEmpty else { throw PlainError("no shard folders to merge") }
        return found
    }

    /// Refuses an output that is one of the shards or inside a `shards/` folder of theirs: the merge would
    /// turn a shard into a merged folder.
    private static func checkOutput(_ output: ResultsFolder, shards: [ResultsFolder]) throws {
        let target = output.url.canonicalPath
        if let shard = shards.first(where: { $0.url.canonicalPath == target }) {
            let campaign = shard.url.deletingLastPathComponent().deletingLastPathComponent().path
            throw PlainError(
                "refusing to merge into \(output.path): it is one of the shards it merges; merge into the "
                    + "campaign's folder (satune merge \(campaign))")
        }
        if shards.contains(where: { target.hasPrefix($0.url.deletingLastPathComponent().canonicalPath + "/") }) {
            throw PlainError(
                "refusing to merge into \(output.path): it is inside shards/, where only shards belong; merge into "
                    + "another folder")
        }
    }

    /// Merges the shards into `output`; `report` renders the report's files, written with the statistics once
    /// both are computed, while `output` is locked.
    public static func merge(
        into output: ResultsFolder, from sources: [ResultsFolder],
        report: (CampaignResults, ResultsFolder) throws -> [ReportFile] = { _, _ in [] }
    ) throws -> Outcome {
        let found = try shardFolders(sources)
        let (shards, infos) = (found.map(\.folder), found.map(\.info))
        try checkOutput(output, shards: shards)
        var warnings = try check(shards, infos)
        var trials: [TrialRecord] = [], remeasured: [RemeasureRecord] = [], noise: [NoiseRecord] = []
        for (folder, info) in found {
            noise += try folder.readNoise()
            let recorded = try folder.readRecorded(describedBy: info)
            trials += recorded.trials
            remeasured += recorded.remeasured
            warnings += recorded.warnings
            if FolderLock.isHeld(folder) {
                warnings.append(
                    "\(folder.path) is still being written (\(FolderLock.holder(folder) ?? "a satune process"))")
            }
        }
        var info = infos[0]
        let count = info.shard?.count ?? 1  // every shard has one (shardFolders), of one count (check)
        let present = Set(infos.compactMap { $0.shard?.index })
        let missing = (1...count).filter { !present.contains($0) }  // count <= the runs (RunInfo.read)
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
                    command: "satune merge", startedAt: RunInfo.timestamp(), finishedAt: RunInfo.timestamp(),
                    host: ProcessInfo.processInfo.hostName, pid: getpid(), jobs: 1, status: .merged,
                    provenance: .current(libraries: .ofThisProcess))
            ]
        var results = try CampaignResults(
            info: info, trials: trials, remeasured: remeasured,
            files: ("the shards' trials.csv", "the shards' remeasured.csv"))
        results.noise = noise
        if missing.isEmpty, results.partial {
            warnings.append(
                "\(results.cellsTotal - results.cellsDone) of \(results.cellsTotal) runs are not complete in the "
                    + "shards: the merged results are partial (resume the shards, then merge again)")
        }

        if case .foreign(let why) = try output.contents() {
            throw PlainError("refusing to merge into \(output.path): \(why)")
        }
        try Files.createFolder(output.url)
        let lock = try FolderLock(folder: output, purpose: "merge")
        return try withExtendedLifetime(lock) {
            try checkNothingIsLost(in: output, info: info, merged: results)
            guard let schema = TrialSchema(header: info.columns) else {
                throw PlainError("\(shards[0].file(RunInfo.fileName).path): its columns are not a trials header")
            }
            let manifest = FileManager.default.contents(atPath: shards[0].file(ResultsFolder.manifestFile).path)
            if let manifest { try Files.writeAtomically(manifest, to: output.file(ResultsFolder.manifestFile)) }
            try info.write(to: output.url)
            let text = CSVText.line(schema.header) + results.trials.map { schema.line($0) }.joined()
            try Files.writeAtomically(Data(text.utf8), to: output.trials)
            if !noise.isEmpty {
                let lines = CSVText.line(NoiseRecord.header) + noise.map(\.line).joined()
                try Files.writeAtomically(Data(lines.utf8), to: output.noise)
            }
            if info.remeasure > 0 {
                let lines = CSVText.line(RemeasureRecord.header) + results.remeasured.map { $0.line }.joined()
                try Files.writeAtomically(Data(lines.utf8), to: output.remeasured)
            }
            try results.writeDerived(to: output, report: try report(results, output))
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
            throw PlainError(
                "the shards were dealt in different counts (\(listed)); merge the shards of one count, e.g. satune "
                    + "merge OUT \(example)"
            )
        }
        var warnings: [String] = []
        let first = infos[0]
        for (folder, info) in zip(shards, infos).dropFirst() {
            guard info.manifestHash == first.manifestHash else {
                throw PlainError(
                    "\(folder.path) is a shard of a different manifest than \(shards[0].path); merge only shards of "
                        + "one campaign"
                )
            }
            guard info.provenance.sameCode(as: first.provenance) else {
                throw PlainError(
                    "\(folder.path) was produced by satune \(info.provenance.codeDescription), \(shards[0].path) by "
                        + "\(first.provenance.codeDescription); shards must come from the same code"
                )
            }
            if let shard = info.shard, infos.filter({ $0.shard == shard }).count > 1 {
                throw PlainError("shard \(shard) is given twice (\(folder.path))")
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
            throw PlainError("refusing to merge into \(output.path): \(why)")
        case .results(let old):
            guard old.manifestHash == info.manifestHash else {
                throw PlainError("refusing to merge into \(output.path): it holds results of another manifest")
            }
            let have = Set(merged.trials.map { "\($0.cell)|\($0.step)" })
            let lost = try output.readRecorded(describedBy: old).trials.filter {
                !have.contains("\($0.cell)|\($0.step)")
            }
            guard lost.isEmpty else {
                throw PlainError(
                    "refusing to merge into \(output.path): it holds \(lost.count) trials the shards do not have "
                        + "(first: \(lost[0].cell) step \(lost[0].step)); merge into another folder"
                )
            }
        case .empty:
            break
        }
    }
}

import Foundation
import TestSupport
import TuningKit
import XCTest

@testable import Campaigns
@testable import Manifests
@testable import Results

/// Results folders edited by hand, merged into themselves, or split absurdly: a plain error naming the
/// file, line and column, never a trap, and nothing rewritten on the way.
final class EditedResultsTests: XCTestCase {
    /// The small campaign, run to the end; its folder.
    private func completed(_ scratch: Scratch) throws -> (Manifest, ResultsFolder) {
        let manifest = try smallManifest(output: scratch.path("c"), budget: 4, seeds: "[1, 2]")
        _ = try runCampaign(manifest)
        return (manifest, ResultsFolder(path: scratch.path("c")))
    }

    /// Replaces the cell of `column` on file line `line` (1 = the header) of a trials file without quotes.
    private func edit(_ folder: ResultsFolder, line: Int, column: String, to value: String) throws {
        var lines = try String(contentsOf: folder.trials, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false
        ).map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let index = try XCTUnwrap(header.firstIndex(of: column), column)
        var cells = lines[line - 1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        cells[index] = value
        lines[line - 1] = cells.joined(separator: ",")
        try Data(lines.joined(separator: "\n").utf8).write(to: folder.trials)
    }

    /// The first file line (1-based) of a trials file whose environment is `environment`.
    private func firstLine(of environment: String, in folder: ResultsFolder) throws -> Int {
        let table = try CSVText.read(folder.trials)
        let column = try XCTUnwrap(table.header.firstIndex(of: "environment"))
        let row = try XCTUnwrap(table.rows.firstIndex { $0[column] == environment })
        return table.lines[row]
    }

    func testARenamedKnobColumnIsNamedWithItsLine() throws {
        let scratch = Scratch()
        let (manifest, folder) = try completed(scratch)
        try edit(folder, line: 1, column: "knob.x2", to: "knob.y2")
        XCTAssertThrowsError(try CampaignResults.load(folder)) { error in
            XCTAssertTrue("\(error)".contains("trials.csv: line 1"), "\(error)")
            XCTAssertTrue("\(error)".contains("knob.y2"), "\(error)")
            XCTAssertTrue("\(error)".contains("knob.x2"), "\(error)")
        }
        XCTAssertThrowsError(try runCampaign(manifest), "a resume reads the same file") { error in
            XCTAssertTrue("\(error)".contains("knob.y2"), "\(error)")
        }
    }

    func testAKnobCellThatIsBlankNotANumberOrOutOfRangeIsNamedWithLineAndColumn() throws {
        let scratch = Scratch()
        let (manifest, folder) = try completed(scratch)
        let original = try Data(contentsOf: folder.trials)
        let summary = try Data(contentsOf: folder.file(ResultsFolder.summaryFile))
        let line = try firstLine(of: "branin", in: folder) + 2
        for (bad, expected) in [
            ("", "expected a value of knob x1"), ("abc", "\"abc\""), ("1e300", "\"1e300\""), ("nan", "\"nan\""),
        ] {
            try original.write(to: folder.trials)
            try edit(folder, line: line, column: "knob.x1", to: bad)
            XCTAssertThrowsError(try CampaignResults.load(folder), bad) { error in
                XCTAssertTrue("\(error)".contains("trials.csv: line \(line): column knob.x1"), "\(error)")
                XCTAssertTrue("\(error)".contains(expected), "\(error)")
            }
            XCTAssertThrowsError(try runCampaign(manifest), bad) { error in
                XCTAssertTrue("\(error)".contains("line \(line): column knob.x1"), "\(error)")
            }
            XCTAssertEqual(
                try Data(contentsOf: folder.file(ResultsFolder.summaryFile)), summary, "summary.csv is not rewritten")
        }
    }

    func testAMergeIntoOneOfItsOwnShardsOrUnderShardsIsRefused() throws {
        let scratch = Scratch()
        let manifest = try smallManifest(output: scratch.path("s"), budget: 2)
        for i in 1...2 { _ = try runCampaign(manifest, shard: RunInfo.Shard(index: i, count: 2)) }
        let root = ResultsFolder(path: scratch.path("s"))
        let (one, two) = (root.shard(RunInfo.Shard(index: 1, count: 2)), root.shard(RunInfo.Shard(index: 2, count: 2)))
        let before = try Data(contentsOf: two.file(RunInfo.fileName))
        XCTAssertThrowsError(try ShardMerge.merge(into: two, from: [one, two])) { error in
            XCTAssertTrue("\(error)".contains("is one of the shards it merges"), "\(error)")
        }
        XCTAssertThrowsError(
            try ShardMerge.merge(into: ResultsFolder(path: scratch.path("s/shards/all")), from: [root])
        ) { error in
            XCTAssertTrue("\(error)".contains("inside shards/"), "\(error)")
        }
        XCTAssertEqual(try Data(contentsOf: two.file(RunInfo.fileName)), before, "the shard is untouched")
        XCTAssertNoThrow(try ShardMerge.merge(into: root, from: [root]))
    }

    func testAShardFolderHoldingAWholeCampaignIsAnErrorNotATrap() throws {
        let scratch = Scratch()
        let manifest = try smallManifest(output: scratch.path("s"), budget: 2)
        _ = try runCampaign(manifest, shard: RunInfo.Shard(index: 1, count: 2))
        _ = try runCampaign(try smallManifest(output: scratch.path("whole"), budget: 2))
        // A whole campaign's run.json where a shard's should be (what a merge into a shard used to leave).
        try FileManager.default.removeItem(atPath: scratch.path("s/shards/1-of-2/run.json"))
        try FileManager.default.copyItem(
            atPath: scratch.path("whole/run.json"), toPath: scratch.path("s/shards/1-of-2/run.json"))
        let root = ResultsFolder(path: scratch.path("s"))
        XCTAssertThrowsError(try ShardMerge.merge(into: root, from: [root])) { error in
            XCTAssertTrue("\(error)".contains("1-of-2"), "\(error)")
            XCTAssertTrue("\(error)".contains("not a shard"), "\(error)")
        }
    }

    func testAShardCountAboveTheNumberOfRunsIsRefused() throws {
        let scratch = Scratch()
        let manifest = try smallManifest(output: scratch.path("s"), budget: 2)
        let runs = Campaign(manifest).cells.count
        for count in [runs + 1, 4_611_686_018_427_387_904] {
            XCTAssertThrowsError(try runCampaign(manifest, shard: RunInfo.Shard(index: 1, count: count))) { error in
                XCTAssertTrue("\(error)".contains("the campaign has only \(runs) runs"), "\(error)")
            }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.path("s")), "nothing was written")
        XCTAssertNoThrow(try runCampaign(manifest, shard: RunInfo.Shard(index: runs, count: runs)))
    }

    func testStatusSummarizesShardsNotStartedInOneLineAndAHandMadeCountIsAnError() throws {
        let scratch = Scratch()
        let manifest = try smallManifest(output: scratch.path("s"), budget: 2)
        let runs = Campaign(manifest).cells.count
        _ = try runCampaign(manifest, shard: RunInfo.Shard(index: 2, count: runs))
        let lines = try CampaignStatus(ResultsFolder(path: scratch.path("s"))).lines
        XCTAssertEqual(lines.filter { $0.contains("not started") }.count, 2, lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains { $0.hasPrefix("shards not started: \(runs - 1) of \(runs)") }, "\(lines)")

        // run.json edited to an absurd count: refused when read, before anything is dealt.
        let huge = scratch.path("s/shards/2-of-\(runs)/run.json")
        let text = try String(contentsOfFile: huge, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "\"count\" : \(runs)", with: "\"count\" : 4611686018427387904").utf8)
            .write(to: URL(fileURLWithPath: huge))
        XCTAssertThrowsError(try CampaignStatus(ResultsFolder(path: scratch.path("s")))) { error in
            XCTAssertTrue("\(error)".contains("shard 2/4611686018427387904"), "\(error)")
        }
    }

    func testAShardWhoseRunJsonIsGoneIsUnreadableNotNotStarted() throws {
        let scratch = Scratch()
        let manifest = try smallManifest(output: scratch.path("s"), budget: 2)
        for i in 1...2 { _ = try runCampaign(manifest, shard: RunInfo.Shard(index: i, count: 2)) }
        try FileManager.default.removeItem(atPath: scratch.path("s/shards/2-of-2/run.json"))
        let lines = try CampaignStatus(ResultsFolder(path: scratch.path("s"))).lines.joined(separator: "\n")
        XCTAssertTrue(lines.contains("shard 2/2: unreadable"), lines)
        XCTAssertFalse(lines.contains("shards not started"), lines)
    }
}

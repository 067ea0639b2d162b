import Foundation
import TestSupport
import TuningKit
import XCTest

@testable import Campaigns
@testable import Manifests
@testable import Results

final class CampaignRunnerTests: XCTestCase {
    func testACampaignWritesEveryEvaluationDeterministically() throws {
        let scratch = Scratch()
        let outcome = try runCampaign(smallManifest(output: scratch.path("a")))
        XCTAssertEqual(outcome.newTrials, 2 * 2 * 3 * 13)
        XCTAssertFalse(outcome.interrupted)
        let table = try CSVText.read(outcome.folder.trials)
        XCTAssertEqual(table.rows.count, 2 * 2 * 3 * 13)
        XCTAssertEqual(
            Array(table.header.prefix(6)),
            ["experiment", "environment", "agent", "seed", "step", "knob.shared_buffers"])
        XCTAssertEqual(table.header.filter { $0.hasPrefix("knob.") }.count, 8 + 2)
        XCTAssertEqual(table.header.filter { $0.hasPrefix("metric.") }.count, 38)
        XCTAssertEqual(table.header.suffix(3), ["elapsed_ms", "agent_ms", "tell_ms"])
        for name in ["manifest.yaml", "run.json", "summary.csv", "pairwise.csv"] {
            XCTAssert(FileManager.default.fileExists(atPath: outcome.folder.file(name).path), name)
        }
        let again = try runCampaign(smallManifest(output: scratch.path("b")))
        XCTAssertEqual(try rowsWithoutTiming(outcome.folder.trials), try rowsWithoutTiming(again.folder.trials))
        XCTAssertEqual(outcome.results.summary.count, 4)
        XCTAssertEqual(outcome.results.pairwise.count, 2)
        let info = try RunInfo.read(from: outcome.folder.url)
        XCTAssertEqual(info.sessions.last?.status, .complete)
        XCTAssertEqual(info.environments[0].parameters["knobs"], "8")
        XCTAssertEqual(info.environments[0].parameters["noise"], "0.03", "defaults are recorded")
    }

    func testBestSoFarRegretAndCommonRandomNumbers() throws {
        let scratch = Scratch()
        let results = try runCampaign(smallManifest(output: scratch.path("a"))).results
        for run in results.runs {
            XCTAssertEqual(run.trials.map(\.step), Array(0...12))
            let best = run.trials.map { $0.bestObjective! }
            XCTAssertEqual(best, best.indices.map { i in run.trials[0...i].compactMap(\.objective).min()! })
            XCTAssertEqual(run.trials[0].normalizedRegret, 1)
            XCTAssertEqual(run.trials[0].reward, 0)
            for trial in run.trials { XCTAssertGreaterThanOrEqual(trial.regret!, 0) }
        }
        // Both agents measure the same default under the same seed: the noise comes from the seed, not the agent.
        let sim = results.runs.filter { $0.key.environment == "oltp-write-k8" }
        XCTAssertEqual(sim[0].trials[0].objective, sim[3].trials[0].objective)
        XCTAssertNotEqual(sim[0].trials[0].objective, sim[1].trials[0].objective)
    }

    func testParallelCellsGiveTheSerialRowsInCanonicalOrder() throws {
        let scratch = Scratch()
        let serial = try runCampaign(smallManifest(output: scratch.path("serial")), jobs: 1)
        let parallel = try runCampaign(smallManifest(output: scratch.path("parallel")), jobs: 3)
        XCTAssertEqual(try rowsWithoutTiming(serial.folder.trials), try rowsWithoutTiming(parallel.folder.trials))
    }

    /// A folder left by a crash: whole rows of some cells, a cell half done, and a last row cut short.
    func testResumeAfterACrashEqualsAnUninterruptedCampaign() throws {
        let scratch = Scratch()
        let full = try runCampaign(smallManifest(output: scratch.path("full")))
        let crashed = ResultsFolder(path: scratch.path("crashed"))
        try FileManager.default.copyItem(at: full.folder.url, to: crashed.url)
        let text = try String(contentsOf: full.folder.trials, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let kept = lines.prefix(1 + 13 * 4 + 6).joined(separator: "\n") + "\n" + lines[1 + 13 * 4 + 6].prefix(40)
        try Data(kept.utf8).write(to: crashed.trials)
        let resumed = try runCampaign(smallManifest(output: crashed.path))
        XCTAssertEqual(resumed.newTrials, full.newTrials - 13 * 4 - 6)
        XCTAssertTrue(resumed.warnings.contains { $0.contains("cut short") }, "\(resumed.warnings)")
        XCTAssertEqual(try rowsWithoutTiming(full.folder.trials), try rowsWithoutTiming(crashed.trials))
        let again = try runCampaign(smallManifest(output: crashed.path))
        XCTAssertEqual(again.newTrials, 0, "a complete campaign has nothing left to do")
    }

    func testAStopLeavesAPartialCampaignThatResumes() throws {
        let scratch = Scratch()
        let control = RunControl()
        control.requestStop()
        let stopped = try runCampaign(smallManifest(output: scratch.path("a")), control: control)
        XCTAssertTrue(stopped.interrupted)
        XCTAssertTrue(stopped.results.partial)
        XCTAssertEqual(stopped.results.cellsDone, 0)
        XCTAssertEqual(try RunInfo.read(from: stopped.folder.url).sessions.last?.status, .interrupted)
        let status = try CampaignStatus(stopped.folder).lines.joined(separator: "\n")
        XCTAssertTrue(status.contains("12 remain"), status)
        let resumed = try runCampaign(smallManifest(output: scratch.path("a")))
        XCTAssertFalse(resumed.results.partial)
    }

    func testAResumeWhoseManifestChangedIsRefusedSayingWhat() throws {
        let scratch = Scratch()
        _ = try runCampaign(smallManifest(output: scratch.path("a")))
        XCTAssertThrowsError(try runCampaign(smallManifest(output: scratch.path("a"), budget: 13))) { error in
            XCTAssertTrue("\(error)".contains("budget changed from 12 to 13"), "\(error)")
            XCTAssertTrue("\(error)".contains("--force"), "\(error)")
        }
        XCTAssertThrowsError(try runCampaign(smallManifest(output: scratch.path("a"), extra: "remeasure: 2")))
        let renamed = try Manifest.parse(
            """
            name: runner-test
            seeds: [1, 2, 3]
            budget: 12
            output: \(scratch.path("a"))
            environments: [{type: simulator, workload: oltp-write, knobs: 8}, {type: branin}]
            agents: [{type: random-search, name: rs}, {type: random-search, sampling: latin-hypercube}]
            """)
        XCTAssertThrowsError(try runCampaign(renamed)) { error in
            XCTAssertTrue("\(error)".contains("agent random-search was renamed rs"), "\(error)")
        }
        // Adding seeds alters no recorded run: the new cells simply run.
        let grown = try runCampaign(smallManifest(output: scratch.path("a"), seeds: "[1, 2, 3, 4]"))
        XCTAssertEqual(grown.newTrials, 4 * 13)
        // --force starts over and keeps the old folder.
        let forced = try runCampaign(smallManifest(output: scratch.path("a"), budget: 13), force: true)
        let moved = try XCTUnwrap(forced.movedAside)
        XCTAssertTrue(FileManager.default.fileExists(atPath: moved.appendingPathComponent("trials.csv").path))
        XCTAssertEqual(forced.newTrials, 2 * 2 * 3 * 14)
    }

    func testARecordThatDoesNotMatchTheAgentRefusesTheResume() throws {
        let scratch = Scratch()
        let full = try runCampaign(smallManifest(output: scratch.path("a")))
        let text = try String(contentsOf: full.folder.trials, encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        lines = Array(lines.prefix(8))
        var fields = try CSVText.parse(Data((lines[0] + "\n" + lines[5] + "\n").utf8), file: "x").rows[0]
        fields[5] = "12345"  // knob.shared_buffers of step 4
        lines[5] = String(CSVText.line(fields).dropLast())
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: full.folder.trials)
        let outcome = try runCampaign(smallManifest(output: scratch.path("a")))
        XCTAssertEqual(outcome.brokenCells.count, 1)
        XCTAssertTrue(
            outcome.brokenCells[0].contains("but trials.csv recorded shared_buffers=12345"), outcome.brokenCells[0])
    }

    /// A run killed before it wrote anything but the header leaves a folder that a resume continues.
    func testAFolderKilledAtItsStartIsResumed() throws {
        let scratch = Scratch()
        let full = try runCampaign(smallManifest(output: scratch.path("full")))
        let early = ResultsFolder(path: scratch.path("early"))
        try Files.createFolder(early.url)
        try Data(CSVText.line(full.results.info.columns).utf8).write(to: early.trials)
        guard case .damaged = try early.contents() else {
            return XCTFail("a header without run.json is satune's, damaged")
        }
        XCTAssertThrowsError(try runCampaign(smallManifest(output: early.path))) { error in
            XCTAssertTrue("\(error)".contains("--force"), "\(error)")
        }
        let forced = try runCampaign(smallManifest(output: early.path), force: true)
        XCTAssertEqual(forced.newTrials, full.newTrials)
    }

    func testAFolderWithOtherFilesIsNotOverwritten() throws {
        let scratch = Scratch()
        try Files.createFolder(URL(fileURLWithPath: scratch.path("mine")))
        try Data("data".utf8).write(to: URL(fileURLWithPath: scratch.path("mine/notes.txt")))
        XCTAssertThrowsError(try runCampaign(smallManifest(output: scratch.path("mine")), force: true)) { error in
            XCTAssertTrue("\(error)".contains("holds files satune did not write (notes.txt)"), "\(error)")
        }
    }

    func testAFolderWithCompressedTrialsSaysToDecompressThem() throws {
        let scratch = Scratch()
        let folder = scratch.path("committed")
        _ = try runCampaign(smallManifest(output: folder))
        try FileManager.default.moveItem(atPath: folder + "/trials.csv", toPath: folder + "/trials.csv.xz")
        XCTAssertThrowsError(try runCampaign(smallManifest(output: folder))) { error in
            XCTAssertTrue("\(error)".contains("decompress it in place (xz -d \(folder)/trials.csv.xz)"), "\(error)")
        }
    }

    func testShardsMergeIntoTheWholeCampaign() throws {
        let scratch = Scratch()
        let whole = try runCampaign(smallManifest(output: scratch.path("whole")))
        let one = try runCampaign(smallManifest(output: scratch.path("s")), shard: RunInfo.Shard(index: 1, count: 2))
        XCTAssertEqual(one.folder.path, scratch.path("s/shards/1-of-2"))
        XCTAssertEqual(one.results.cellsTotal, 6)
        let partial = try ShardMerge.merge(
            into: ResultsFolder(path: scratch.path("m1")), from: [ResultsFolder(path: scratch.path("s"))])
        XCTAssertTrue(partial.results.partial)
        XCTAssertTrue(partial.warnings.contains { $0.contains("2/2 are missing") }, "\(partial.warnings)")
        _ = try runCampaign(smallManifest(output: scratch.path("s")), shard: RunInfo.Shard(index: 2, count: 2))
        let merged = try ShardMerge.merge(
            into: ResultsFolder(path: scratch.path("m")), from: [ResultsFolder(path: scratch.path("s"))])
        XCTAssertFalse(merged.results.partial)
        XCTAssertEqual(
            try rowsWithoutTiming(whole.folder.trials),
            try rowsWithoutTiming(URL(fileURLWithPath: scratch.path("m/trials.csv"))))
        let wholeSummary = try CSVText.read(whole.folder.file("summary.csv"))
        let mergedSummary = try CSVText.read(URL(fileURLWithPath: scratch.path("m/summary.csv")))
        let timing = wholeSummary.header.indices.filter { wholeSummary.header[$0].hasSuffix("_s") }
        func strip(_ rows: [[String]]) -> [[String]] {
            rows.map { r in r.indices.filter { !timing.contains($0) }.map { r[$0] } }
        }
        XCTAssertEqual(strip(wholeSummary.rows), strip(mergedSummary.rows), "the statistics depend on the data only")
        // A shard moved aside by --force is not a shard any more; a run in the merged folder does not block a re-merge.
        _ = try runCampaign(
            smallManifest(output: scratch.path("s")), shard: RunInfo.Shard(index: 1, count: 2), force: true)
        XCTAssertEqual(ResultsFolder(path: scratch.path("s")).shardFolders.count, 2)
        _ = try runCampaign(smallManifest(output: scratch.path("m")))
        XCTAssertNoThrow(
            try ShardMerge.merge(
                into: ResultsFolder(path: scratch.path("m")), from: [ResultsFolder(path: scratch.path("s"))]))
        // ... but a merge never replaces trials the shards do not have.
        XCTAssertThrowsError(
            try ShardMerge.merge(into: whole.folder, from: [ResultsFolder(path: scratch.path("s/shards/1-of-2"))])
        ) { error in
            XCTAssertTrue("\(error)".contains("trials the shards do not have"), "\(error)")
        }
        // A shard of another split is refused before it runs ...
        XCTAssertThrowsError(
            try runCampaign(smallManifest(output: scratch.path("s")), shard: RunInfo.Shard(index: 2, count: 3))
        ) { error in
            XCTAssertTrue("\(error)".contains("holds shards of a split into 2 (1-of-2)"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.path("s/shards/2-of-3")))
        // ... and shards dealt in different counts, put together by hand, are refused by the merge with the rule.
        _ = try runCampaign(smallManifest(output: scratch.path("s3")), shard: RunInfo.Shard(index: 2, count: 3))
        try FileManager.default.copyItem(
            atPath: scratch.path("s3/shards/2-of-3"), toPath: scratch.path("s/shards/2-of-3"))
        XCTAssertThrowsError(
            try ShardMerge.merge(
                into: ResultsFolder(path: scratch.path("m3")), from: [ResultsFolder(path: scratch.path("s"))])
        ) { error in
            XCTAssertTrue("\(error)".contains("dealt in different counts (2 and 3)"), "\(error)")
        }
        // Another manifest's shard is refused.
        _ = try runCampaign(
            smallManifest(output: scratch.path("other"), budget: 5), shard: RunInfo.Shard(index: 2, count: 2))
        XCTAssertThrowsError(
            try ShardMerge.merge(
                into: ResultsFolder(path: scratch.path("m2")),
                from: [
                    ResultsFolder(path: scratch.path("s/shards/1-of-2")), ResultsFolder(path: scratch.path("other")),
                ])
        ) { error in
            XCTAssertTrue("\(error)".contains("different manifest"), "\(error)")
        }
    }

    func testRemeasurementsJudgeTheIncumbentOnFreshMeasurements() throws {
        let scratch = Scratch()
        let outcome = try runCampaign(smallManifest(output: scratch.path("a"), extra: "remeasure: 3"))
        XCTAssertEqual(outcome.results.remeasured.count, 12 * 6)
        let run = outcome.results.runs[0]
        XCTAssertEqual(
            run.remeasured.map(\.subject), [.default, .incumbent, .default, .incumbent, .default, .incumbent])
        let best = run.trials.min { $0.objective ?? .infinity < $1.objective ?? .infinity }!
        XCTAssertEqual(run.remeasured[1].step, best.step)
        XCTAssertNotEqual(
            run.remeasured[0].objective, run.trials[0].objective, "fresh noise, not the step-0 draw again")
        let row = outcome.results.summary[0]
        XCTAssertNotNil(row.remeasuredImprovement)
        XCTAssertNotNil(row.noiseFloorCV)
        let summary = try CSVText.read(outcome.folder.file("summary.csv"))
        XCTAssertTrue(summary.header.contains("remeasured_improvement_median"))
        // Branin is noise-free: the re-measured improvement equals the tuned one.
        let branin = outcome.results.summary.first { $0.environment == "branin" }!
        XCTAssertEqual(branin.remeasuredImprovement!.median, branin.improvement!.median, accuracy: 1e-9)
        XCTAssertEqual(branin.noiseFloorCV, 0)
        let status = try CampaignStatus(outcome.folder).lines
        XCTAssertTrue(status.contains("trials: \(12 * 13) of \(12 * 13) recorded"), "\(status)")
        XCTAssertTrue(status.contains("re-measurements: 72 of 72 recorded (remeasured.csv)"), "\(status)")
    }

    func testStatisticsOfTheSummaryFollowFromTheTrials() throws {
        let scratch = Scratch()
        let results = try runCampaign(smallManifest(output: scratch.path("a"), budget: 20, seeds: "6")).results
        for row in results.summary {
            let runs = results.runs.filter { $0.key.environment == row.environment && $0.key.agent == row.agent }
            let finals = runs.map { $0.trials.last!.recommendedObjective! }
            let estimate = try XCTUnwrap(row.finalObjective)
            XCTAssertEqual(estimate.median, Statistics.median(finals))
            XCTAssertLessThanOrEqual(estimate.low, estimate.median)
            XCTAssertGreaterThanOrEqual(estimate.high, estimate.median)
            XCTAssertEqual(row.seeds, 6)
        }
        for pair in results.pairwise {
            let a = results.runs.filter { $0.key.environment == pair.environment && $0.key.agent == pair.agentA }
            let b = results.runs.filter { $0.key.environment == pair.environment && $0.key.agent == pair.agentB }
            // Judged by the recommendation: its noise-free regret where the optimum is known, else its objective.
            let known = results.info.environment(pair.environment)?.optimum != nil
            let final = { (run: CampaignResults.Run) in
                known ? run.trials.last!.recommendedRegret! : run.trials.last!.recommendedObjective!
            }
            let differences = zip(a, b).map { final($0) - final($1) }
            XCTAssertEqual(pair.recommended.test, WilcoxonSignedRank.test(differences))
            XCTAssertEqual(pair.recommended.winsA + pair.recommended.winsB, differences.filter { $0 != 0 }.count)
            // And on the best objective measured, the luckiest measurement (pairwise.csv's first columns).
            let best = zip(a, b).map { $0.trials.last!.bestObjective! - $1.trials.last!.bestObjective! }
            XCTAssertEqual(pair.measured.test, WilcoxonSignedRank.test(best))
            XCTAssertEqual(pair.measured.n, best.count)
        }
    }

    func testTrackerPenalizesFailuresAndKeepsTheBest() {
        let objective = Objective(name: "value", unit: "", direction: .minimize)
        var tracker = Tracker(objective: objective, reference: nil, defaultConfiguration: Configuration([.real(0.5)]))
        XCTAssertEqual(tracker.record(Configuration([.real(0.5)]), Measurement(objective: 4)).reward, 0)
        let failed = tracker.record(Configuration([.real(0.9)]), .failure("crash"))
        XCTAssertEqual(failed.reward, CDBTuneReward().failurePenalty)
        XCTAssertEqual(failed.bestObjective, 4)
        let better = tracker.record(Configuration([.real(0.1)]), Measurement(objective: 2))
        XCTAssertEqual(better.bestObjective, 2)
        XCTAssertEqual(tracker.best?.step, 2)
        XCTAssertEqual(better.reward, (1.5 * 1.5 - 1) * 1.5, accuracy: 1e-12)  // 4 -> 2: d0 = dp = 0.5
        XCTAssertNil(better.regret)
    }

    /// An environment that breaks on some configurations.
    final class Fragile: Environment {
        let space = KnobSpace([Knob(name: "x", domain: .real(0...1), defaultValue: .real(0.5))])
        let metricNames: [String] = []
        let objective = Objective(name: "value", unit: "", direction: .minimize)
        struct Broken: Error {}
        func evaluate(_ configuration: Configuration, trial: Int) throws -> TuningKit.Measurement {
            let x = configuration.values[0].number!
            if x > 0.9 { throw Broken() }
            if x > 0.8 { return .failure("out of memory") }
            if x > 0.7 { return Measurement(objective: .nan) }
            return Measurement(objective: x)
        }
    }

    func testFailuresBecomeFailedMeasurements() {
        let env = Fragile()
        func measure(_ x: Double) -> TuningKit.Measurement {
            TuningLoop.measure(Configuration([.real(x)]), in: env, trial: 1)
        }
        XCTAssertEqual(measure(0.85).failureReason, "out of memory")
        XCTAssertEqual(measure(0.95).failureReason, "evaluation error: Broken()")
        XCTAssertEqual(measure(0.75).failureReason, "the environment returned no finite objective")
        XCTAssert(measure(2).failureReason!.hasPrefix("invalid configuration: knob x: 2.0 is outside"))
        XCTAssertEqual(measure(0.25).objective, 0.25)
    }
}

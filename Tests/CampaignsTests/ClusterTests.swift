import Foundation
import TestSupport
import TuningKit
import XCTest

@testable import Campaigns
@testable import Manifests
@testable import Results

/// Shards from a scheduler's variables, the shard plan, and the Slurm scripts.
final class ClusterTests: XCTestCase {
    private func shard(_ environment: [String: String], shards: Int? = nil) throws -> RunInfo.Shard {
        try SchedulerShard.read(environment, shards: shards)
    }

    func testSlurmArraysGiveTheirShardFromTheTaskIdAndCount() throws {
        XCTAssertEqual(
            try shard(["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "3", "SLURM_ARRAY_TASK_MIN": "0"]),
            RunInfo.Shard(index: 1, count: 3))
        XCTAssertEqual(
            try shard(["SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_MIN": "5", "SLURM_ARRAY_TASK_MAX": "8"]),
            RunInfo.Shard(index: 3, count: 4), "MIN/MAX without COUNT; an array from 5")
        XCTAssertEqual(
            try shard(
                ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "1", "SLURM_ARRAY_TASK_MIN": "2"], shards: 4),
            RunInfo.Shard(index: 3, count: 4), "a task re-submitted alone keeps its shard when --shards is given")
    }

    func testKubernetesIndexedJobsNeedTheShardCount() throws {
        XCTAssertEqual(try shard(["JOB_COMPLETION_INDEX": "4"], shards: 5), RunInfo.Shard(index: 5, count: 5))
        XCTAssertThrowsError(try shard(["JOB_COMPLETION_INDEX": "4"])) {
            XCTAssertTrue("\($0)".contains("--shards N"), "\($0)")
        }
    }

    func testWithoutASchedulerOrWithNonsenseTheShardIsAnErrorInWords() {
        XCTAssertThrowsError(try shard([:])) {
            XCTAssertTrue("\($0)".hasPrefix("--shard auto: no scheduler's task in the environment"), "\($0)")
        }
        XCTAssertThrowsError(try shard(["SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_COUNT": "3"])) {
            XCTAssertTrue("\($0)".contains("SLURM_ARRAY_TASK_ID is \"x\""), "\($0)")
        }
        XCTAssertThrowsError(try shard(["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "3"])) {
            XCTAssertTrue("\($0)".contains("outside 1...3"), "\($0)")
        }
        XCTAssertThrowsError(try shard(["SLURM_ARRAY_TASK_ID": "1"])) {
            XCTAssertTrue("\($0)".contains("give the shard count with --shards N"), "\($0)")
        }
        XCTAssertThrowsError(
            try shard(["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "6", "SLURM_ARRAY_TASK_STEP": "2"])
        ) {
            XCTAssertTrue("\($0)".contains("the array steps by 2"), "\($0)")
        }
    }

    func testRealDatabaseRunsGetAShardEachAndTheRestAreDealtRoundRobin() {
        XCTAssertEqual(
            ShardPlan.shards(timingSensitive: [false, false, false, false, false], count: 2), [1, 2, 1, 2, 1])
        XCTAssertEqual(
            ShardPlan.shards(timingSensitive: [false, true, false, true, false, false], count: 4), [3, 1, 4, 2, 3, 4])
        XCTAssertEqual(
            ShardPlan.shards(timingSensitive: [true, true, false], count: 2), [1, 2, 1],
            "no more shards than real runs: round-robin")
    }

    func testTheShardPlanIsTheSameForTheCampaignAndItsResultsFolder() throws {
        let scratch = Scratch()
        let manifest = try smallManifest(output: scratch.path("r"))
        let campaign = Campaign(manifest)
        let shard = RunInfo.Shard(index: 2, count: 3)
        let outcome = try runCampaign(manifest, shard: shard)
        let info = try RunInfo.read(from: outcome.folder.url)
        XCTAssertEqual(info.cells, campaign.cells(in: shard).map(\.key))
    }

    func testTheSlurmScriptsRunTheShardsAndTheMerge() throws {
        let manifest = try smallManifest(output: "Results/runner-test")
        var options = SlurmJob.Options()
        options.tasks = 3
        options.partition = "batch"
        options.time = "1:30:00"
        options.cpusPerTask = 2
        let job = SlurmJob(
            manifest: manifest, manifestPath: URL(fileURLWithPath: "/work/m dir/m.yaml"),
            satune: URL(fileURLWithPath: "/opt/satune/bin/satune"), workingFolder: URL(fileURLWithPath: "/work/a #b"),
            options: options)
        XCTAssertEqual(job.taskCount, 3)
        XCTAssertEqual(job.arrays.map(\.fileName), ["array.sbatch"])
        XCTAssertFalse(job.arrays[0].exclusive)
        let script = job.arrays[0].script
        let array = script.split(separator: "\n").map(String.init)
        XCTAssertEqual(array.first, "#!/bin/bash")
        for line in [
            "#SBATCH --array=0-2", "#SBATCH --partition=batch", "#SBATCH --time=1:30:00", "#SBATCH --cpus-per-task=2",
            "#SBATCH --chdir=\"/work/a #b\"",
            "#SBATCH --output=\"/work/a #b/Results/runner-test/slurm/logs/array-%A_%a.out\"",
            "exec /opt/satune/bin/satune run '/work/m dir/m.yaml' --shard auto --shards 3 --jobs "
                + "\"${SLURM_CPUS_PER_TASK:-1}\"",
        ] {
            XCTAssertTrue(array.contains(line), "array.sbatch lacks: \(line)\n\(script)")
        }
        XCTAssertFalse(script.contains("--exclusive"))
        let merge = job.mergeScript.split(separator: "\n").map(String.init)
        XCTAssertTrue(
            merge.contains("exec /opt/satune/bin/satune merge '/work/a #b/Results/runner-test'"), job.mergeScript)
        XCTAssertFalse(job.mergeScript.contains("--array"))
    }

    func testARealDatabaseCampaignGivesEachRealRunAWholeNode() throws {
        let scratch = Scratch()
        let workload = scratch.url.appendingPathComponent("w.sql")
        try FileManager.default.createDirectory(at: scratch.url, withIntermediateDirectories: true)
        try "-- @setup\nCREATE TABLE t(x);\n-- @run\nINSERT INTO t VALUES (1);\n".write(
            to: workload, atomically: true, encoding: .utf8)
        let manifest = try Manifest.parse(
            """
            name: mixed
            seeds: [1, 2]
            budget: 3
            environments:
              - {type: sqlite, workload: \(workload.path), knobs: [synchronous]}
              - {type: branin}
            agents: [{type: random-search}]
            """)
        var options = SlurmJob.Options()
        options.tasks = 5
        let job = SlurmJob(
            manifest: manifest, manifestPath: URL(fileURLWithPath: "/m.yaml"), satune: URL(fileURLWithPath: "/satune"),
            workingFolder: URL(fileURLWithPath: "/"), options: options)
        XCTAssertEqual(job.taskCount, 4, "two real runs, and the two simulated ones need no more than two tasks")
        XCTAssertEqual(job.arrays.map(\.fileName), ["array.sbatch", "array-real.sbatch"])
        XCTAssertEqual(job.arrays.map(\.tasks), [2...3, 0...1], "shards 1-2 hold the real runs (ShardPlan)")
        XCTAssertEqual(job.arrays.map(\.exclusive), [false, true])
        XCTAssertTrue(job.arrays[1].script.contains("#SBATCH --exclusive\n"))
        XCTAssertTrue(job.arrays[1].script.contains("--shard auto --shards 4"))
        let shards = ShardPlan.shards(timingSensitive: Campaign(manifest).cells.map(\.timingSensitive), count: 4)
        XCTAssertEqual(shards, [1, 2, 3, 4])
    }

    func testSlurmOptionsAreCheckedAsSbatchReadsThem() {
        for good in ["90", "90:30", "2:00:00", "1-12", "1-2:30", "1-2:30:00", "infinite", "UNLIMITED"] {
            XCTAssertTrue(SlurmJob.isTimeLimit(good), good)
        }
        for bad in ["", "1:2:3:4", "1-2:3:4:5", "1:2:3:", ":5", "1::3", "-5", "2h", "1-"] {
            XCTAssertFalse(SlurmJob.isTimeLimit(bad), bad)
        }
        for good in ["batch", "gpu,cpu", "long-1.a_b"] { XCTAssertTrue(SlurmJob.isPartitionList(good), good) }
        for bad in ["", "a b", "a\"b", "a'b", "a\nb", "a,", ",a", "a#b"] {
            XCTAssertFalse(SlurmJob.isPartitionList(bad), bad)
        }
    }

    func testStatusCountsTheShardsThatHaveNotStarted() throws {
        let scratch = Scratch()
        let manifest = try smallManifest(output: scratch.path("s"))
        _ = try runCampaign(manifest, shard: RunInfo.Shard(index: 2, count: 3))
        let status = try CampaignStatus(ResultsFolder(path: scratch.path("s")))
        XCTAssertEqual(status.notStarted, [RunInfo.Shard(index: 1, count: 3), RunInfo.Shard(index: 3, count: 3)])
        XCTAssertEqual(status.cellsTotal, Campaign(manifest).cells.count, "the whole campaign's runs")
        XCTAssertEqual(status.cellsDone, Campaign(manifest).cells(in: RunInfo.Shard(index: 2, count: 3)).count)
        let lines = status.lines.joined(separator: "\n")
        XCTAssertTrue(lines.contains("in 3 shards"), lines)
        XCTAssertTrue(lines.contains("shards not started: 2 of 3 (1/3, 3/3)"), lines)
        XCTAssertTrue(lines.contains("shard 2/3: complete"), lines)
        XCTAssertFalse(lines.contains("nothing remains"), lines)
    }

    func testACampaignFolderAndItsShardsHaveOneWriterAtATime() throws {
        let scratch = Scratch()
        let manifest = try smallManifest(output: scratch.path("s"))
        let root = ResultsFolder(path: scratch.path("s"))
        try FileManager.default.createDirectory(at: root.url, withIntermediateDirectories: true)
        try withExtendedLifetime(FolderLock(folder: root, purpose: "run")) {
            XCTAssertThrowsError(try runCampaign(manifest, shard: RunInfo.Shard(index: 1, count: 2))) { error in
                XCTAssertTrue("\(error)".contains("one process at a time"), "\(error)")
            }
        }
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: scratch.path("s/shards/1-of-2")), "the refused shard left no folder")
        let shard = root.shard(RunInfo.Shard(index: 2, count: 2))
        try FileManager.default.createDirectory(at: shard.url, withIntermediateDirectories: true)
        try withExtendedLifetime(FolderLock(folder: shard, purpose: "run")) {
            XCTAssertThrowsError(try runCampaign(manifest)) { error in
                XCTAssertTrue("\(error)".contains("2-of-2 is in use"), "\(error)")
            }
        }
        XCTAssertNoThrow(try runCampaign(manifest), "free once the shard's writer is gone")
    }
}

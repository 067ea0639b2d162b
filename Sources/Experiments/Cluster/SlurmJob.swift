import Foundation
import TuningKit

/// The Slurm job scripts of a campaign (`satune slurm`): a job array with one task per shard, each running
/// `satune run --shard auto`, and a merge job that combines the shards and writes the report once the
/// array has succeeded.
///
/// Runs on a real database get a task of their own each (`ShardPlan`), and when there are any, the array
/// asks for whole nodes (`--exclusive`; Slurm applies an array's options to every task), so that no two
/// timed runs share a node's disk. The scripts name satune, the manifest and the working folder by absolute
/// paths, so they run the same from any node that sees these paths.
public struct SlurmJob: Sendable {
    public struct Options: Sendable {
        /// Tasks for the simulated runs (real-database runs add one task each).
        public var tasks = 1
        public var partition: String?
        /// Time limit per task in Slurm's notation (e.g. "2:00:00").
        public var time: String?
        public var cpusPerTask = 1
        public init() {}
    }

    /// The array's task count: one per real-database run, and `options.tasks` (at most one per run) for
    /// the rest.
    public let taskCount: Int
    public let exclusive: Bool
    /// The two scripts' text.
    public let arrayScript: String
    public let mergeScript: String

    /// Where the scripts and the tasks' logs go.
    public static func folder(of output: URL) -> URL { output.appendingPathComponent("slurm") }

    public init(
        manifest: Manifest, manifestPath: URL, satune: URL, workingFolder: URL, options: Options
    ) {
        let campaign = Campaign(manifest)
        let real = campaign.timingSensitiveCells
        let simulated = campaign.cells.count - real
        taskCount = real + min(max(options.tasks, 1), max(simulated, 0))
        exclusive = real > 0
        let output = URL(fileURLWithPath: manifest.output, relativeTo: workingFolder).standardizedFileURL
        let logs = Self.folder(of: output).appendingPathComponent("logs").path
        var common = ["--chdir=\(workingFolder.path)"]
        if let partition = options.partition { common.append("--partition=\(partition)") }
        var header =
            ["--job-name=satune-\(manifest.name)"] + common + [
                "--array=0-\(taskCount - 1)", "--cpus-per-task=\(options.cpusPerTask)",
                "--output=\(logs)/array-%A_%a.out",
            ]
        if let time = options.time { header.append("--time=\(time)") }
        if exclusive { header.append("--exclusive") }
        arrayScript = Self.script(
            comment: [
                "A job array of \(taskCount) tasks, each running one shard of \(manifestPath.path) into",
                "\(output.path)/shards/<i>-of-\(taskCount)/. Re-submit a failed task alone with",
                "sbatch --array=<task> \(Self.folder(of: output).path)/array.sbatch: it resumes its shard.",
            ], options: header,
            command: [
                satune.path, "run", manifestPath.path, "--shard", "auto", "--shards", String(taskCount), "--jobs",
                "${SLURM_CPUS_PER_TASK:-1}",
            ])
        mergeScript = Self.script(
            comment: [
                "Merges the shards of \(output.path) into it and writes its report; submitted to run after",
                "the array succeeds (--dependency=afterok:<array job>).",
            ],
            options: ["--job-name=satune-\(manifest.name)-merge"] + common + ["--output=\(logs)/merge-%j.out"],
            command: [satune.path, "merge", output.path])
    }

    private static func script(comment: [String], options: [String], command: [String]) -> String {
        (["#!/bin/bash", "# Written by satune slurm."] + comment.map { "# " + $0 } + options.map { "#SBATCH " + $0 }
            + ["set -euo pipefail", "exec " + command.map(quote).joined(separator: " ")]).joined(separator: "\n") + "\n"
    }

    /// A word for bash: as it is when plain, in single quotes otherwise; `${...}` stays expandable.
    static func quote(_ word: String) -> String {
        if word.hasPrefix("${") { return "\"\(word)\"" }
        let plain = word.allSatisfy { $0.isLetter || $0.isNumber || "/._-=:+,@".contains($0) }
        return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Writes the two scripts into `<output>/slurm/` (and its `logs/`), returning their paths.
    public func write(to output: URL) throws -> (array: URL, merge: URL) {
        let folder = Self.folder(of: output)
        try FileProblem.createFolder(folder.appendingPathComponent("logs"))
        let array = folder.appendingPathComponent("array.sbatch"), merge = folder.appendingPathComponent("merge.sbatch")
        for (url, text) in [(array, arrayScript), (merge, mergeScript)] {
            try FileProblem.writeAtomically(Data(text.utf8), to: url)
            chmod(url.path, 0o755)
        }
        return (array, merge)
    }
}

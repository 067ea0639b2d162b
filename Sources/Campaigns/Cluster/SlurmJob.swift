import Foundation
import Manifests
import Results
import TuningKit

/// The Slurm job scripts of a campaign (`satune slurm`): job arrays with one task per shard, each running
/// `satune run --shard auto`, and a merge job that combines the shards and writes the report once every
/// array has succeeded.
///
/// Runs on a real database get a task of their own each (`ShardPlan`), in an array of their own that asks
/// for whole nodes (`--exclusive`), so that no two timed runs share a node's disk; the simulated runs are
/// dealt over the tasks of the other array, which shares nodes. The scripts name satune, the manifest and
/// the working folder by absolute paths, so they run the same from any node that sees these paths.
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

    /// One job array: its file name, its tasks (shard index - 1) and its script.
    public struct Array: Sendable {
        public let fileName: String
        public let tasks: ClosedRange<Int>
        public let exclusive: Bool
        public let script: String
    }

    /// Every shard of the campaign: one per real-database run, and `options.tasks` (at most one per run) for
    /// the rest.
    public let taskCount: Int
    /// `array.sbatch` (the simulated runs, or the real-database ones when there are no others) and, with both
    /// kinds, `array-real.sbatch`.
    public let arrays: [Array]
    public let mergeScript: String

    /// Where the scripts, the tasks' logs and the binary they run go.
    public static func folder(of output: URL) -> URL { output.appendingPathComponent("slurm") }

    /// The copy of satune the tasks run, unless another binary is named.
    public static func binary(in output: URL) -> URL { folder(of: output).appendingPathComponent("satune") }

    /// Whether `text` is a time limit sbatch accepts: minutes, minutes:seconds, hours:minutes:seconds,
    /// days-hours, days-hours:minutes, days-hours:minutes:seconds, or infinite (unlimited).
    public static func isTimeLimit(_ text: String) -> Bool {
        if ["infinite", "unlimited"].contains(text.lowercased()) { return true }
        let pattern = #"^([0-9]+(:[0-9]+){0,2}|[0-9]+-[0-9]+(:[0-9]+){0,2})$"#
        return text.range(of: pattern, options: .regularExpression) != nil
    }

    /// Whether `text` is one partition name or several joined by commas (letters, digits, `._-`): nothing an
    /// `#SBATCH` line would have to quote.
    public static func isPartitionList(_ text: String) -> Bool {
        text.range(of: #"^[A-Za-z0-9._-]+(,[A-Za-z0-9._-]+)*$"#, options: .regularExpression) != nil
    }

    public init(manifest: Manifest, manifestPath: URL, satune: URL, workingFolder: URL, options: Options) {
        let campaign = Campaign(manifest)
        let real = campaign.timingSensitiveCells
        let simulated = min(max(options.tasks, 1), campaign.cells.count - real)
        let taskCount = real + simulated
        self.taskCount = taskCount
        let base = URL(fileURLWithPath: workingFolder.path, isDirectory: true)
        let output = URL(fileURLWithPath: manifest.output, relativeTo: base).standardizedFileURL
        let folder = Self.folder(of: output), logs = folder.appendingPathComponent("logs").path
        var common = ["--chdir=" + workingFolder.path]
        if let partition = options.partition { common.append("--partition=" + partition) }
        let command = [
            satune.path, "run", manifestPath.path, "--shard", "auto", "--shards", String(taskCount), "--jobs",
            "${SLURM_CPUS_PER_TASK:-1}",
        ]
        func array(_ fileName: String, _ tasks: ClosedRange<Int>, exclusive: Bool, what: String) -> Array {
            var header =
                ["--job-name=satune-\(manifest.name)"] + common + [
                    "--array=\(tasks.lowerBound)-\(tasks.upperBound)", "--cpus-per-task=\(options.cpusPerTask)",
                    "--output=\(logs)/array-%A_%a.out",
                ]
            if let time = options.time { header.append("--time=" + time) }
            if exclusive { header.append("--exclusive") }
            let script = Self.script(
                comment: [
                    "A job array of \(tasks.count) tasks (\(what)), task t running shard t + 1 of \(taskCount) of",
                    "\(manifestPath.path) into \(output.path)/shards/<t+1>-of-\(taskCount)/. Re-submit a failed task",
                    "alone with: sbatch --array=<t> \(folder.appendingPathComponent(fileName).path) (it resumes its shard).",
                ], options: header, command: command)
            return Array(fileName: fileName, tasks: tasks, exclusive: exclusive, script: script)
        }
        switch (real, simulated) {
        case (0, _):
            arrays = [array("array.sbatch", 0...(simulated - 1), exclusive: false, what: "simulated runs")]
        case (_, 0):
            arrays = [array("array.sbatch", 0...(real - 1), exclusive: true, what: "one real-database run each")]
        default:
            arrays = [
                array("array.sbatch", real...(taskCount - 1), exclusive: false, what: "the simulated runs"),
                array("array-real.sbatch", 0...(real - 1), exclusive: true, what: "one real-database run each"),
            ]
        }
        mergeScript = Self.script(
            comment: [
                "Merges the shards of \(output.path) into it and writes its report; submitted to run after",
                "every array has succeeded (--dependency=afterok:<array jobs>).",
            ],
            options: ["--job-name=satune-\(manifest.name)-merge"] + common + ["--output=\(logs)/merge-%j.out"],
            command: [satune.path, "merge", output.path])
    }

    private static func script(comment: [String], options: [String], command: [String]) -> String {
        (["#!/bin/bash", "# Written by satune slurm."] + comment.map { "# " + $0 }
            + options.map { "#SBATCH " + sbatchOption($0) }
            + ["set -euo pipefail", "exec " + command.map(quote).joined(separator: " ")]).joined(separator: "\n") + "\n"
    }

    /// `--name=value` for an `#SBATCH` line: sbatch splits those lines at blanks and ends them at `#`, unless
    /// inside double quotes, so a value with either is quoted.
    static func sbatchOption(_ option: String) -> String {
        guard let equals = option.firstIndex(of: "="), option.contains(where: { $0 == " " || $0 == "#" || $0 == "\t" })
        else { return option }
        let value = option[option.index(after: equals)...].replacingOccurrences(of: "\"", with: "\\\"")
        return option[...equals] + "\"" + value + "\""
    }

    /// A word for bash: as it is when plain, in single quotes otherwise; `${...}` stays expandable.
    static func quote(_ word: String) -> String {
        if word.hasPrefix("${") { return "\"\(word)\"" }
        let plain = word.allSatisfy { $0.isLetter || $0.isNumber || "/._-=:+,@".contains($0) }
        return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Writes the scripts into `<output>/slurm/` (and its `logs/`), returning the arrays' paths and the merge's.
    public func write(to output: URL) throws -> (arrays: [URL], merge: URL) {
        let folder = Self.folder(of: output)
        try Files.createFolder(folder.appendingPathComponent("logs"))
        var written: [URL] = []
        for (name, text) in arrays.map({ ($0.fileName, $0.script) }) + [("merge.sbatch", mergeScript)] {
            let url = folder.appendingPathComponent(name)
            try Files.writeAtomically(Data(text.utf8), to: url)
            chmod(url.path, 0o755)
            written.append(url)
        }
        return (Swift.Array(written.dropLast()), written.last!)
    }
}

import ArgumentParser
import Campaigns
import Foundation
import Manifests
import Results
import TuningKit

extension Satune {
    struct Slurm: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Write (and with --submit, submit) the Slurm jobs of a campaign: a job array of shards and a merge.",
            discussion: """
                Writes <output>/slurm/array.sbatch, a job array whose tasks each run satune run --shard auto (with \
                a copy of this satune binary, <output>/slurm/satune), and <output>/slurm/merge.sbatch, which runs \
                satune merge (and so the report) on the shards. Runs on a real database get a task each, in \
                array-real.sbatch, on whole nodes (--exclusive). With --submit, submits the arrays and then the \
                merge with --dependency=afterok on them. See docs/scaling.md. Example:

                  satune slurm Experiments/sample-aware.yaml --tasks 8 --partition batch \\
                    --time 2:00:00 --submit
                """)

        @Argument(help: "The manifest.") var manifest: String
        @Option(parsing: .unconditional, help: "Tasks for the simulated runs (real-database runs add one each).")
        var tasks: Int
        @Option(help: "The partition the jobs run in.") var partition: String?
        @Option(help: "Time limit per task, in Slurm's notation (e.g. 2:00:00).") var time: String?
        @Option(parsing: .unconditional, help: "Cores per task; each task runs that many runs at once.")
        var cpusPerTask = 1
        @Option(help: "The satune binary the tasks run (default: this one).") var satune: String?
        @Flag(help: "Submit the jobs through sbatch.") var submit = false

        func validate() throws {
            guard tasks >= 1 else { throw fail("--tasks must be at least 1, got \(tasks)") }
            guard cpusPerTask >= 1 else { throw fail("--cpus-per-task must be at least 1, got \(cpusPerTask)") }
            if let time, !SlurmJob.isTimeLimit(time) {
                throw fail(
                    "--time \(time): expected Slurm's notation: minutes, minutes:seconds, hours:minutes:seconds, "
                        + "days-hours, days-hours:minutes, days-hours:minutes:seconds, or infinite")
            }
            if let partition, !SlurmJob.isPartitionList(partition) {
                throw fail(
                    "--partition \(partition.debugDescription): expected a partition name, or several joined by "
                        + "commas (letters, digits and ._- only)")
            }
        }

        func run() throws {
            Satune.setUp(verbose: false)
            do {
                let parsed = try Manifest.load(path: manifest)
                let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
                var options = SlurmJob.Options()
                options.tasks = tasks
                options.partition = partition
                options.time = time
                options.cpusPerTask = cpusPerTask
                let output = URL(fileURLWithPath: parsed.output, relativeTo: here).standardizedFileURL
                let manifestURL = URL(fileURLWithPath: manifest, relativeTo: here).standardizedFileURL
                for path in [here.path, output.path, manifestURL.path]
                where path.contains(where: { $0.isNewline || $0 == "\"" }) {
                    throw fail("\(path): a path with a line break or a double quote cannot go into a job script")
                }
                // The tasks run a copy of this binary, so that a rebuild while they queue cannot give shards of
                // different code (which satune merge refuses); --satune names another.
                let other = satune.map { URL(fileURLWithPath: $0, relativeTo: here).standardizedFileURL }
                if let other {
                    var isFolder: ObjCBool = false
                    guard FileManager.default.fileExists(atPath: other.path, isDirectory: &isFolder),
                        !isFolder.boolValue, access(other.path, X_OK) == 0
                    else { throw fail("--satune \(other.path): not an executable file") }
                }
                let job = SlurmJob(
                    manifest: parsed, manifestPath: manifestURL, satune: other ?? SlurmJob.binary(in: output),
                    workingFolder: here, options: options)
                // Shards dealt in another count would compute the same runs again, and satune merge refuses them.
                let counts = Set(
                    ResultsFolder(output).shardFolders(started: false).compactMap {
                        RunInfo.Shard(folderName: $0.url.lastPathComponent)?.count
                    })
                if let count = counts.first(where: { $0 != job.taskCount }) {
                    throw fail(
                        "\(output.path)/shards/ holds shards of \(count) tasks; these scripts would deal the "
                            + "campaign over \(job.taskCount). Keep the earlier count (--tasks as before; satune "
                            + "status shows it), or write the campaign into another output folder")
                }
                if other == nil { try Self.copyOfThisBinary(to: SlurmJob.binary(in: output)) }
                let (arrays, merge) = try job.write(to: output)
                for (url, array) in zip(arrays, job.arrays) {
                    print("array:  \(url.path) (\(array.tasks.count) tasks\(array.exclusive ? ", --exclusive" : ""))")
                }
                print("merge:  \(merge.path)")
                guard submit else {
                    print(
                        "submit: sbatch each array, then sbatch --dependency=afterok:<their ids joined by :> \(merge.path)"
                    )
                    return
                }
                var ids: [String] = []
                for url in arrays {
                    ids.append(try Self.sbatch([url.path]))
                    print("submitted the job array \(ids.last!) (\(url.lastPathComponent))")
                }
                let mergeID = try Self.sbatch(["--dependency=afterok:" + ids.joined(separator: ":"), merge.path])
                print("submitted the merge \(mergeID), to run after \(ids.joined(separator: " and "))")
                print("follow: squeue -j \((ids + [mergeID]).joined(separator: ","))   satune status \(output.path)")
                print("logs:   \(SlurmJob.folder(of: output).path)/logs/")
            } catch let error as ExitCode {
                throw error
            } catch {
                throw fail(error)
            }
        }

        /// A copy of this process's executable at `target`, replaced atomically.
        private static func copyOfThisBinary(to target: URL) throws {
            let source = URL(
                fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            let folder = target.deletingLastPathComponent()
            let partial = folder.appendingPathComponent("satune.partial")
            do {
                try Files.createFolder(folder)
                try? FileManager.default.removeItem(at: partial)
                try FileManager.default.copyItem(at: source, to: partial)
                chmod(partial.path, 0o755)
                guard rename(partial.path, target.path) == 0 else { throw PlainError(PlainError.errnoText(errno)) }
            } catch {
                throw fail("cannot copy \(source.path) to \(target.path): \(PlainError.reason(error))")
            }
        }

        /// Submits with `sbatch --parsable` and returns the job id.
        private static func sbatch(_ arguments: [String]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["sbatch", "--parsable"] + arguments
            let output = Pipe(), errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            do { try process.run() } catch { throw fail("cannot run sbatch: \(error.localizedDescription)") }
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                let why = problem.isEmpty ? "exit status \(process.terminationStatus)" : problem
                throw fail(
                    "sbatch \(arguments.joined(separator: " ")) failed: "
                        + why.trimmingCharacters(in: .whitespacesAndNewlines)
                        + (process.terminationStatus == 127
                            ? " (is Slurm installed? scripts/slurm-local.sh starts one)" : ""))
            }
            // "12345" or "12345;cluster"
            return String(text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ";").first ?? "")
        }
    }
}

import ArgumentParser
import Experiments
import Foundation

extension Satune {
    struct Slurm: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Write (and with --submit, submit) the Slurm jobs of a campaign: a job array of shards and a merge.",
            discussion: """
                Writes <output>/slurm/array.sbatch, a job array whose tasks each run satune run --shard auto, and \
                <output>/slurm/merge.sbatch, which runs satune merge (and so the report) on the shards. With \
                --submit, submits the array and then the merge with --dependency=afterok on it. Runs on a real \
                database get a task each and whole nodes (--exclusive). See docs/scaling.md. Example:

                  satune slurm Experiments/sample-aware.yaml --tasks 8 --partition batch \\
                    --time 2:00:00 --submit
                """)

        @Argument(help: "The manifest.") var manifest: String
        @Option(help: "Tasks for the simulated runs (real-database runs add one each).") var tasks: Int
        @Option(help: "The partition the jobs run in.") var partition: String?
        @Option(help: "Time limit per task, in Slurm's notation (e.g. 2:00:00).") var time: String?
        @Option(help: "Cores per task; each task runs that many runs at once.") var cpusPerTask = 1
        @Option(help: "The satune binary the tasks run (default: this one).") var satune: String?
        @Flag(help: "Submit the jobs through sbatch.") var submit = false

        func validate() throws {
            guard tasks >= 1 else { throw fail("--tasks must be at least 1, got \(tasks)") }
            guard cpusPerTask >= 1 else { throw fail("--cpus-per-task must be at least 1, got \(cpusPerTask)") }
            if let time, time.isEmpty || time.contains(where: { !$0.isNumber && $0 != ":" && $0 != "-" }) {
                throw fail("--time \(time): expected Slurm's notation, minutes or [days-]hours:minutes:seconds")
            }
        }

        func run() throws {
            Satune.setUp(verbose: false)
            do {
                let parsed = try Manifest.load(path: manifest)
                let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
                var options = SlurmJob.Options()
                options.tasks = tasks
                options.partition = partition
                options.time = time
                options.cpusPerTask = cpusPerTask
                let binary =
                    try satune.map { URL(fileURLWithPath: $0, relativeTo: here).standardizedFileURL }
                    ?? Self.thisBinary()
                let job = SlurmJob(
                    manifest: parsed,
                    manifestPath: URL(fileURLWithPath: manifest, relativeTo: here).standardizedFileURL,
                    satune: binary, workingFolder: here, options: options)
                let output = URL(fileURLWithPath: parsed.output, relativeTo: here).standardizedFileURL
                let (array, merge) = try job.write(to: output)
                print("array:  \(array.path) (\(job.taskCount) tasks\(job.exclusive ? ", --exclusive" : ""))")
                print("merge:  \(merge.path)")
                guard submit else {
                    print("submit: sbatch \(array.path), then sbatch --dependency=afterok:<its id> \(merge.path)")
                    return
                }
                let arrayID = try Self.sbatch([array.path])
                let mergeID = try Self.sbatch(["--dependency=afterok:\(arrayID)", merge.path])
                print("submitted the job array \(arrayID) (\(job.taskCount) tasks) and the merge \(mergeID) after it")
                print("follow: squeue -j \(arrayID),\(mergeID)   satune status \(output.path)")
                print("logs:   \(SlurmJob.folder(of: output).path)/logs/")
            } catch let error as ExitCode {
                throw error
            } catch {
                throw fail(error)
            }
        }

        /// This process's executable.
        private static func thisBinary() throws -> URL {
            let path = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
            return URL(fileURLWithPath: path)
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

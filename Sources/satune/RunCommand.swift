import ArgumentParser
import Campaigns
import Foundation
import Manifests
import Reports
import Results

extension Satune {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Run every agent x environment x seed of a manifest; write trials.csv, summary.csv, pairwise.csv "
                + "and report.html.",
            discussion: """
                Run again on the same manifest to resume: completed trials are kept and each run continues where it \
                stopped. Ctrl-C stops after the trials in flight and writes a partial summary and report (exit \
                status 130). See docs/campaigns.md.
                """)

        @Argument(help: "The manifest (YAML or JSON), e.g. Experiments/quick.yaml.")
        var manifest: String

        @Option(
            name: .shortAndLong, parsing: .unconditional,
            help: "Runs at once (the default is this machine's cores). Runs on a real database never overlap.")
        var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

        @Option(
            help: ArgumentHelp(
                "Run only shard i of n (e.g. 2/4) into <output>/shards/i-of-n/; satune merge combines the shards. "
                    + "auto: the shard of a Slurm array task or a Kubernetes Indexed Job (docs/scaling.md).",
                valueName: "i/n|auto"),
            transform: ShardOption.parse)
        var shard: ShardOption?

        @Option(
            parsing: .unconditional,
            help: "With --shard auto: the shard count (needed for a Kubernetes Indexed Job; task ids count from 0).")
        var shards: Int?

        @Flag(
            help: ArgumentHelp(
                "Start over: move an earlier results folder aside (never deleting it) instead of resuming or "
                    + "refusing it.")
        )
        var force = false

        @Flag(name: .shortAndLong, help: "Print only warnings and errors (no progress, no summary).")
        var quiet = false

        func validate() throws {
            guard jobs >= 1 else { throw fail("--jobs must be at least 1, got \(jobs)") }
            if shards != nil, shard != .auto { throw fail("--shards goes with --shard auto") }
        }

        /// The shard to run: as given, or from the scheduler's variables.
        private func resolvedShard() throws -> RunInfo.Shard? {
            switch shard {
            case nil: return nil
            case .fixed(let shard): return shard
            case .auto:
                do { return try SchedulerShard.read(ProcessInfo.processInfo.environment, shards: shards) } catch {
                    throw fail(error)
                }
            }
        }

        func run() throws {
            Satune.setUp(verbose: !quiet)
            let shard = try resolvedShard()
            let parsed: Manifest
            do { parsed = try Manifest.load(path: manifest) } catch { throw fail(error) }
            for warning in parsed.warnings {
                FileHandleOutput.standardError.write("warning: \(manifest): \(warning)\n")
            }
            var options = CampaignRunner.Options()
            options.jobs = jobs
            options.shard = shard
            options.force = force
            options.command = (["satune"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
            let runner = CampaignRunner(
                manifest: parsed, options: options,
                progress: CampaignProgress(style: quiet ? .quiet : CampaignProgress.standardErrorStyle))
            let signals = StopOnSignals(runner.control)
            let outcome: CampaignRunner.Outcome
            do {
                outcome = try withExtendedLifetime(signals) { try runner.run { try HTMLReport.files($0, in: $1) } }
            } catch {
                throw fail(error)
            }
            if quiet {
                for warning in outcome.warnings { FileHandleOutput.standardError.write("warning: \(warning)\n") }
            }
            let results = outcome.results
            if !quiet {
                if let moved = outcome.movedAside { print("moved the earlier results to \(moved.path)") }
                print(
                    "\(outcome.newTrials) new trials (\(outcome.failedTrials) failed evaluations); "
                        + "\(results.cellsDone) of \(results.cellsTotal) runs complete"
                )
                for name in [
                    ResultsFolder.trialsFile, ResultsFolder.summaryFile, ResultsFolder.pairwiseFile,
                    ResultsFolder.reportFile,
                ] {
                    print(
                        "\(name.split(separator: ".")[0]):".padding(toLength: 10, withPad: " ", startingAt: 0)
                            + outcome.folder.file(name).path)
                }
            }
            for warning in MeasurementWarnings.lines(results) {
                FileHandleOutput.standardError.write("warning: \(warning)\n")
            }
            if outcome.interrupted {
                FileHandleOutput.standardError.write(
                    "interrupted: \(results.cellsTotal - results.cellsDone) runs remain; run the same command again "
                        + "to resume\n"
                )
                throw ExitCode(130)
            }
            if !outcome.brokenCells.isEmpty {
                throw fail(
                    "\(outcome.brokenCells.count) run(s) stopped early:\n" + outcome.brokenCells.joined(separator: "\n")
                )
            }
            if let shard, !quiet {
                print("shard \(shard) done; when every shard is: satune merge \(parsed.output)")
            }
        }
    }
}

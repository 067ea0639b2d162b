import ArgumentParser
@preconcurrency import Dispatch
import Experiments
import Foundation
import Reports

extension Satune {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every agent x environment x seed of a manifest; write trials.csv, summary.csv, pairwise.csv and report.html.",
            discussion: """
            Run again on the same manifest to resume: completed trials are kept and each run continues where it \
            stopped. Ctrl-C stops after the trials in flight and writes a partial summary and report (exit \
            status 130). See docs/campaigns.md.
            """)

        @Argument(help: "The manifest (YAML or JSON), e.g. Experiments/quick.yaml.")
        var manifest: String

        @Option(name: .shortAndLong, help: "Runs at once (default: all cores). Runs on a real database never overlap.")
        var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

        @Option(help: ArgumentHelp("Run only shard i of n (e.g. 2/4) into <output>/shards/i-of-n/; satune merge combines the shards.", valueName: "i/n"),
                transform: ShardOption.parse)
        var shard: RunInfo.Shard?

        @Flag(help: "Start over: move an earlier results folder aside (never deleting it) instead of resuming or refusing it.")
        var force = false

        @Flag(name: .shortAndLong, help: "Print only warnings and errors (no progress, no summary).")
        var quiet = false

        func validate() throws {
            guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        }

        func run() throws {
            Satune.setUp(verbose: !quiet)
            let parsed: Manifest
            do { parsed = try Manifest.load(path: manifest) } catch { throw fail(error) }
            for warning in parsed.warnings { FileHandleOutput.standardError.write("warning: \(manifest): \(warning)\n") }
            var options = CampaignRunner.Options()
            options.jobs = jobs
            options.shard = shard
            options.force = force
            options.command = (["satune"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
            let runner = CampaignRunner(
                manifest: parsed, options: options, progress: CampaignProgress(style: quiet ? .quiet : CampaignProgress.standardErrorStyle))
            let signals = StopOnSignals(runner.control)
            let outcome: CampaignRunner.Outcome
            do {
                outcome = try withExtendedLifetime(signals) { try runner.run { try HTMLReport.write($0, to: $1) } }
            } catch {
                throw fail(error)
            }
            if quiet { for warning in outcome.warnings { FileHandleOutput.standardError.write("warning: \(warning)\n") } }
            let results = outcome.results
            if !quiet {
                if let moved = outcome.movedAside { print("moved the earlier results to \(moved.path)") }
                print("\(outcome.newTrials) new trials (\(outcome.failedTrials) failed evaluations); \(results.cellsDone) of \(results.cellsTotal) runs complete")
                for name in [ResultsFolder.trialsFile, ResultsFolder.summaryFile, ResultsFolder.pairwiseFile, ResultsFolder.reportFile] {
                    print("\(name.split(separator: ".")[0]):".padding(toLength: 10, withPad: " ", startingAt: 0) + outcome.folder.file(name).path)
                }
            }
            if outcome.interrupted {
                FileHandleOutput.standardError.write("interrupted: \(results.cellsTotal - results.cellsDone) runs remain; run the same command again to resume\n")
                throw ExitCode(130)
            }
            if !outcome.brokenCells.isEmpty {
                throw fail("\(outcome.brokenCells.count) run(s) stopped early:\n" + outcome.brokenCells.joined(separator: "\n"))
            }
            if let shard, !quiet {
                print("shard \(shard) done; when every shard is: satune merge \(parsed.output) \(parsed.output)")
            }
        }
    }
}

/// `--shard i/n`.
enum ShardOption {
    static func parse(_ argument: String) throws -> RunInfo.Shard {
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else {
            throw ValidationError("--shard \(argument): expected i/n with 1 <= i <= n, e.g. --shard 2/4")
        }
        return RunInfo.Shard(index: i, count: n)
    }
}

/// SIGINT and SIGTERM ask the campaign to stop after the trials in flight; a second one exits at once
/// (every recorded trial is already on disk as whole rows).
final class StopOnSignals: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []
    /// Signals so far; changed only on `queue`, one handler at a time.
    private var received = 0
    private let queue = DispatchQueue(label: "satune.signals")

    init(_ control: RunControl) {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [self] in
                received += 1
                if received > 1 {
                    FileHandleOutput.standardError.write("\nstopped at once; the recorded trials are kept\n")
                    _exit(130)
                }
                FileHandleOutput.standardError.write("\nstopping after the trials in flight (again to quit at once)...\n")
                control.requestStop()
            }
            source.resume()
            sources.append(source)
        }
    }
}

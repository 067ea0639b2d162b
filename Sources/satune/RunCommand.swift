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

        @Option(help: ArgumentHelp("Run only shard i of n (e.g. 2/4) into <output>/shards/i-of-n/; satune merge combines the shards.", valueName: "i/n"))
        var shard: ShardOption?

        @Flag(help: "Start over: move an earlier results folder aside (never deleting it) instead of resuming or refusing it.")
        var force = false

        @Flag(name: .shortAndLong, help: "Print only warnings and errors.")
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
            options.shard = shard?.shard
            options.force = force
            options.command = (["satune"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
            let runner = CampaignRunner(
                manifest: parsed, options: options, progress: CampaignProgress(style: quiet ? .quiet : CampaignProgress.standardErrorStyle))
            let signals = StopOnSignals(runner.control)
            let outcome: CampaignRunner.Outcome
            do { outcome = try runner.run() } catch { throw fail(error) }
            withExtendedLifetime(signals) {}
            if quiet { for warning in outcome.warnings { FileHandleOutput.standardError.write("warning: \(warning)\n") } }
            if let moved = outcome.movedAside { print("moved the earlier results to \(moved.path)") }
            let report: URL
            do { report = try HTMLReport.write(outcome.results, to: outcome.folder) } catch { throw fail(error) }
            let results = outcome.results
            print("\(outcome.newTrials) new trials (\(outcome.failedTrials) failed evaluations); \(results.cellsDone) of \(results.cellsTotal) runs complete")
            for name in [ResultsFolder.trialsFile, ResultsFolder.summaryFile, ResultsFolder.pairwiseFile] {
                print("\(name.split(separator: ".")[0]):".padding(toLength: 10, withPad: " ", startingAt: 0) + outcome.folder.file(name).path)
            }
            print("report:   \(report.path)")
            if outcome.interrupted {
                print("interrupted: \(results.cellsTotal - results.cellsDone) runs remain; run the same command again to resume")
                throw ExitCode(130)
            }
            if !outcome.brokenCells.isEmpty {
                throw fail("\(outcome.brokenCells.count) run(s) stopped early:\n" + outcome.brokenCells.joined(separator: "\n"))
            }
            if let shard = shard?.shard {
                print("shard \(shard) done; when every shard is: satune merge \(parsed.output) \(parsed.output)")
            }
        }
    }
}

/// `--shard i/n`.
struct ShardOption: ExpressibleByArgument {
    let shard: RunInfo.Shard

    init?(argument: String) {
        let parts = argument.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else { return nil }
        shard = RunInfo.Shard(index: i, count: n)
    }
}

/// SIGINT and SIGTERM ask the campaign to stop after the trials in flight; a second one exits at once
/// (every recorded trial is already on disk as whole rows).
final class StopOnSignals: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []
    private var received = 0

    init(_ control: RunControl) {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
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

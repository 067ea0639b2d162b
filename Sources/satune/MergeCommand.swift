import ArgumentParser
import Campaigns
import Reports
import Results

extension Satune {
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Merge the shards of a campaign (satune run --shard i/n) into one results folder, and write its "
                + "report.",
            discussion: """
                Each source is a shard folder, or a folder whose shards/ holds shard folders; with no source, the \
                output's own shards/ are merged. Shards of different manifests or code are refused.
                """)

        @Argument(help: "The merged results folder.")
        var output: String

        @Argument(help: "Shard folders, or folders holding shards/.")
        var shards: [String] = []

        func run() throws {
            Satune.setUp(verbose: false)
            do {
                let target = ResultsFolder(path: output)
                let sources = shards.isEmpty ? [target] : shards.map { ResultsFolder(path: $0) }
                let outcome = try ShardMerge.merge(into: target, from: sources) { try HTMLReport.files($0, in: $1) }
                for warning in outcome.warnings { FileHandleOutput.standardError.write("warning: \(warning)\n") }
                let report = target.file(ResultsFolder.reportFile)
                let results = outcome.results
                print(
                    "merged \(outcome.shards) shard(s): \(results.trials.count) trials; \(results.cellsDone) of "
                        + "\(results.cellsTotal) runs complete"
                )
                print("trials:  \(target.trials.path)")
                print("report:  \(report.path)")
            } catch {
                throw fail(error)
            }
        }
    }
}

import ArgumentParser
import Results

extension Satune {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show where a campaign stands: runs done, in progress and remaining, and the time left.",
            discussion:
                "The folder may be a results folder, a shard, or a folder whose shards/ holds the shards of a campaign."
        )

        @Argument(help: "The results folder, e.g. Results/quick.")
        var folder: String
        @OptionGroup var output: FormatOption

        func run() throws {
            do {
                let status = try CampaignStatus(ResultsFolder(path: folder))
                if output.json { try output.print(status.report) } else { print(status.lines.joined(separator: "\n")) }
            } catch {
                throw fail(error)
            }
        }
    }
}

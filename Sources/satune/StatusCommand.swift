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

        func run() throws {
            do {
                print(try CampaignStatus(ResultsFolder(path: folder)).lines.joined(separator: "\n"))
            } catch {
                throw fail(error)
            }
        }
    }
}

import ArgumentParser
import Campaigns
import Manifests

extension Satune {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a manifest and report every problem with its field path.")

        @Argument(help: "The manifest (YAML or JSON).")
        var manifest: String

        func run() throws {
            do {
                let parsed = try Manifest.load(path: manifest)
                for warning in parsed.warnings {
                    FileHandleOutput.standardError.write("warning: \(manifest): \(warning)\n")
                }
                let cells = Campaign(parsed).cells.count
                let full = parsed.environments.count * parsed.agents.count * parsed.seeds.count
                let restricted = cells < full ? " (some agents run on some environments only)" : ""
                print(
                    "\(manifest): ok: \(parsed.environments.count) environment(s) x \(parsed.agents.count) agent(s) "
                        + "x \(parsed.seeds.count) seed(s) = \(cells) runs of \(parsed.budget) evaluations\(restricted); "
                        + "results in \(parsed.output)"
                )
            } catch {
                throw fail(error)
            }
        }
    }
}

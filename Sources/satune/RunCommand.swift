import ArgumentParser
import Experiments
import Foundation
import Logging
import Reports

extension Satune {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run every agent x environment x seed of a manifest; write trials.csv, summary.csv and report.html.")

        @Argument(help: "The manifest (YAML or JSON), e.g. Experiments/quick.yaml.")
        var manifest: String

        @Flag(name: .shortAndLong, help: "Print only warnings and errors.")
        var quiet = false

        func run() throws {
            Satune.setUp(verbose: !quiet)
            let parsed: Manifest
            do { parsed = try Manifest.load(path: manifest) } catch { throw fail(error) }
            let runner = Runner(manifest: parsed)
            let outcome: Runner.Outcome
            do { outcome = try runner.run() } catch { throw fail("\(manifest): the run stopped: \(error)") }
            let report = try HTMLReport.write(folder: runner.folder)
            print("\(outcome.trials) trials in \(outcome.cells) runs (\(outcome.failedTrials) failed evaluations)")
            print("trials:  \(runner.folder.appendingPathComponent("trials.csv").path)")
            print("summary: \(runner.folder.appendingPathComponent("summary.csv").path)")
            print("report:  \(report.path)")
            if !outcome.brokenCells.isEmpty {
                throw fail("\(outcome.brokenCells.count) run(s) stopped early:\n" + outcome.brokenCells.joined(separator: "\n"))
            }
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a manifest and report every problem with its field path.")

        @Argument(help: "The manifest (YAML or JSON).")
        var manifest: String

        func run() throws {
            do {
                let parsed = try Manifest.load(path: manifest)
                let cells = parsed.environments.count * parsed.agents.count * parsed.seeds.count
                print("\(manifest): ok: \(parsed.environments.count) environment(s) x \(parsed.agents.count) agent(s) x \(parsed.seeds.count) seed(s) = \(cells) runs of \(parsed.budget) evaluations; results in \(parsed.output)")
            } catch {
                throw fail(error)
            }
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write report.html for a results folder (Results/<name>).")

        @Argument(help: "The results folder, e.g. Results/quick.")
        var folder: String

        func run() throws {
            do {
                let url = try HTMLReport.write(folder: URL(fileURLWithPath: folder, isDirectory: true))
                print("report: \(url.path)")
            } catch {
                throw fail(error)
            }
        }
    }
}

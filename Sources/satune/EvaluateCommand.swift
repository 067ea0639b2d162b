import ArgumentParser
import Campaigns
import Results
import TuningKit

extension Satune {
    /// A configuration tried by hand on a campaign's environment, recorded in the folder's
    /// `manual-trials.csv`: what the dashboard's form does, from a terminal or a script.
    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure a configuration by hand on one of a campaign's environments and record it in "
                + "manual-trials.csv (never in trials.csv).",
            discussion: """
                The environment is built from the folder's manifest.yaml; knobs not given keep their defaults. \
                With --format json the answer is {"step": N, "objective": ..., "failed": ..., "failure_reason": ...} \
                or, refused, {"refused": "bad-input" | "environment", "errors": {field: message}} with exit status 1.
                """)

        @Argument(help: "The results folder, e.g. Results/quick.") var folder: String
        @Option(help: "The environment's label in the campaign.") var environment: String
        @Option(
            name: .customLong("knob"), parsing: .unconditionalSingleValue,
            help: "A knob setting, name=value (repeatable).")
        var knobs: [String] = []
        @OptionGroup var output: FormatOption

        /// The JSON answer.
        struct Answer: Encodable {
            var step: Int?
            var objective: Double?
            var failed: Bool?
            var failureReason: String?
            var refused: String?
            var errors: [String: String]?
        }

        func run() throws {
            Satune.setUp(verbose: false)
            let assignments = try knobAssignments(knobs)
            do {
                let record = try ManualTrial.evaluate(
                    folder: ResultsFolder(path: folder), environment: environment,
                    knobs: Dictionary(uniqueKeysWithValues: assignments.map { ($0.name, $0.value) }))
                if output.json {
                    try output.print(
                        Answer(
                            step: record.step, objective: record.objective, failed: record.failed,
                            failureReason: record.failureReason))
                } else if let reason = record.failureReason {
                    print("manual trial \(record.step) on \(environment) failed: \(reason)")
                } else {
                    let value = record.objective.map { String($0) } ?? "-"
                    print("manual trial \(record.step) on \(environment): objective \(value)")
                }
            } catch let refusal as ManualTrial.Refusal {
                if output.json { try output.print(Answer(refused: refusal.kind.rawValue, errors: refusal.errors)) }
                throw fail(refusal)
            } catch {
                throw fail(error)
            }
        }
    }
}
